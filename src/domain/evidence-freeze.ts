/**
 * Records frozen as evidence (MR71, STANDARDS B): after a death, a disappearance or a serious
 * injury, the person's records up to that moment are frozen, and the incident is reported to
 * an authority independent of the facility (a task). A death freezes by itself (the
 * `person.died` event); a disappearance or a serious injury is frozen by `evidence.frozen`.
 *
 * Frozen events are never changed. A correction of one is still possible, but only as a new
 * event that references it (`evidence.correction_recorded`: what it corrects, under which
 * freeze, why, and what the correct value is); the record as frozen stays as it was, and the
 * correction is shown beside it. A change that would rewrite whose records the frozen events
 * are (a merge into another record) is refused by name: `record_frozen`.
 */
import { checkInstant } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import { checkCorrection, type CorrectPerson, type Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import { openTask } from './task.ts';
import { localDay } from './local-day.ts';

export const freezeIncidents = ['death', 'disappearance', 'serious_injury'] as const;
export type FreezeIncident = (typeof freezeIncidents)[number];

/** A freeze on record: the person's events up to `up_to_idx` (its own event included) are evidence. */
export interface EvidenceFreeze {
  readonly id: string;
  readonly person_id: string;
  readonly incident: FreezeIncident;
  readonly occurred_at: string;
  readonly description: string;
  readonly frozen_by: string;
  readonly up_to_idx: number;
}

export interface FreezeEvidence {
  readonly person_id: string;
  /** A death is frozen when it is recorded (record the death as an exit); here: a disappearance or a serious injury. */
  readonly incident: FreezeIncident;
  readonly occurred_at: string;
  readonly description: string;
}

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

/** The freeze that holds an event of a person (the earliest that covers it), or null. */
export function freezeOf(freezes: readonly EvidenceFreeze[], eventIdx: number): EvidenceFreeze | null {
  return [...freezes].sort((a, b) => a.up_to_idx - b.up_to_idx).find((f) => eventIdx <= f.up_to_idx) ?? null;
}

/** Freeze a person's records after a disappearance or a serious injury, and report it to the independent authority. */
export function decideFreezeEvidence(person: Person | null, input: FreezeEvidence, ctx: Ctx): Decision {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; freeze that record`, '/person_id');
  if (!(freezeIncidents as readonly string[]).includes(input.incident)) return reject('invalid_value', `incident is one of: ${freezeIncidents.join(', ')}`, '/incident');
  if (input.incident === 'death') return reject('invalid_value', 'record the death as an exit (person.died): it freezes the record and opens the independent referral itself', '/incident');
  const bad = checkInstant(input.occurred_at, '/occurred_at', ctx.now) ?? (filled(input.description) ? null : reject('missing_item', 'describe what happened, as known now', '/description'));
  if (bad) return bad;
  const task = openTask(ctx, 'independent_incident_referral', `report the ${input.incident.replace('_', ' ')} without delay to an authority independent of the facility (MR71)`, ctx.deadlines.referralHours, input.occurred_at);
  return [
    newEvent('evidence.frozen', person.id, input.occurred_at, {
      freeze_id: ctx.newId(),
      incident: input.incident,
      occurred_at: input.occurred_at,
      description: input.description.trim(),
      frozen_by: ctx.actor,
      tasks: [task],
    }),
  ];
}

/**
 * A correction of a frozen event: written as a new event that references it and the freeze,
 * never applied over the frozen record.
 */
export function decideFrozenCorrection(person: Person, corrected: { readonly event_id: string; readonly person_id: string | null }, freeze: EvidenceFreeze, input: CorrectPerson, ctx: Ctx): Decision {
  const bad = checkCorrection(person, corrected, input, localDay(ctx.now, ctx.utcOffsetMinutes));
  if (bad) return bad;
  return [newEvent('evidence.correction_recorded', person.id, ctx.now, { corrects: corrected.event_id, freeze_id: freeze.id, reason: input.reason.trim(), changes: input.changes, recorded_by: ctx.actor })];
}

/** A change that would rewrite frozen records (a merge), refused by name. */
export function checkNotFrozen(freezes: readonly EvidenceFreeze[], field: string): Rejection | null {
  const f = freezes[0];
  if (!f) return null;
  return reject('record_frozen', `the record is frozen as evidence after a ${f.incident.replace('_', ' ')} (MR71): its events cannot be changed; record a correction that references them`, field);
}

/** A freeze from its event: `evidence.frozen`, or a death. */
export function freezeFrom(e: { readonly kind: 'evidence.frozen' | 'person.died'; readonly idx: number; readonly event_id: string; readonly person_id: string | null; readonly occurred_at: string; readonly actor: string; readonly data: unknown }): EvidenceFreeze {
  if (e.kind === 'person.died') {
    const d = e.data as EventData['person.died'];
    return { id: e.event_id, person_id: e.person_id!, incident: 'death', occurred_at: e.occurred_at, description: d.circumstances, frozen_by: e.actor, up_to_idx: e.idx };
  }
  const d = e.data as EventData['evidence.frozen'];
  return { id: d.freeze_id, person_id: e.person_id!, incident: d.incident, occurred_at: d.occurred_at, description: d.description, frozen_by: d.frozen_by, up_to_idx: e.idx };
}
