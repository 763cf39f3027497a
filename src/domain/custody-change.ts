/**
 * Changes of custody after admission: a move between units, and the exits of DESIGN 3.2 —
 * release (verified: who, when, to whom), handover to a foreign state, death, escape, and
 * transfer to another register. Each follows the state machine in custody.ts.
 */
import { checkTransition } from './custody.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { exitStatusOf, newEvent, type EventData, type ExitKind } from './events.ts';
import type { Facility } from './facility.ts';
import { checkVersion, type Person } from './person.ts';
import { personGroup, unitAccepts } from './placement.ts';
import { reject, type Rejection } from './rejection.ts';
import { openTask } from './task.ts';
import { checkOccurredAt, isCountryCode } from './values.ts';
import { localDay } from './local-day.ts';

function checkCommon(person: Person | null, occurredAt: string, ctx: DecisionContext, expectedVersion?: number): Rejection | null {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  const stale = checkVersion(person, expectedVersion);
  if (stale) return stale;
  return checkOccurredAt(occurredAt, ctx.now);
}

export interface MovePerson {
  readonly person_id: string;
  readonly unit_id: string;
  readonly reason: string;
  readonly occurred_at: string;
  readonly expected_version?: number;
}

/** Move a person between units of the facility that holds them. */
export function decideMove(person: Person | null, facility: Facility | null, input: MovePerson, ctx: DecisionContext): Decision {
  const bad = checkCommon(person, input.occurred_at, ctx, input.expected_version);
  if (bad) return bad;
  if (person!.custody.status !== 'in_custody' || !facility) return reject('not_in_custody', 'only a person in custody in a facility can be moved between its units', '/person_id');
  if (!filled(input.reason)) return reject('missing_item', 'say why the person is moved', '/reason');
  const unit = facility.units.find((u) => u.id === input.unit_id);
  if (!unit) return reject('not_found', 'no unit with this id in the facility holding the person', '/unit_id');
  if (unit.id === person!.custody.unit_id) return reject('invalid_value', 'the person is already in this unit', '/unit_id');
  const placement = personGroup(person!.details.sex, person!.details.dob, localDay(input.occurred_at, ctx.utcOffsetMinutes));
  if (!placement || !unitAccepts(unit.category, placement.group, person!.custody.legal_status!)) {
    return reject('separation_violation', `unit ${unit.name} holds ${unit.category.replace('_', ', ')}; the person cannot be placed there (MR11)`, '/unit_id');
  }
  if (unit.category !== person!.custody.category) return reject('separation_violation', 'a move keeps the person’s category; reclassification is its own decision', '/unit_id');
  return [
    newEvent('person.moved', person!.id, input.occurred_at, {
      facility_id: facility.id,
      from_unit_id: person!.custody.unit_id!,
      unit_id: unit.id,
      reason: input.reason,
    }),
  ];
}

/** Data of an exit, without the facility it is from (the register knows that). */
export type ExitDetails<K extends ExitKind> = Omit<EventData[K], 'from_facility_id' | 'incident_id' | 'tasks' | 'transfer_id'>;

export interface ExitPerson<K extends ExitKind = ExitKind> {
  readonly person_id: string;
  readonly kind: K;
  readonly occurred_at: string;
  readonly details: ExitDetails<K>;
  readonly expected_version?: number;
}

const requiredText: { readonly [K in ExitKind]: readonly (keyof ExitDetails<K> & string)[] } = {
  'person.released': ['order_reference', 'verified_by', 'released_to'],
  'person.handed_over': ['to_state', 'receiving_authority', 'receipt_reference'],
  'person.died': ['circumstances', 'cause', 'remains'],
  'person.escaped': ['circumstances'],
  'person.transferred_out_of_register': ['register', 'receipt_reference'],
};

/** Decide an exit from custody. A death opens an independent referral and freezes the record. */
export function decideExit(person: Person | null, input: ExitPerson, ctx: DecisionContext): Decision {
  const bad = checkCommon(person, input.occurred_at, ctx, input.expected_version);
  if (bad) return bad;
  const p = person!;
  const to = exitStatusOf[input.kind];
  if (!to) return reject('invalid_value', `kind must be one of: ${Object.keys(exitStatusOf).join(', ')}`, '/kind');
  const moveBad = checkTransition(p.custody.status, to, '/kind');
  if (moveBad) return moveBad;
  const details = input.details as unknown as Record<string, unknown>;
  for (const field of requiredText[input.kind] as readonly string[]) {
    if (!filled(details[field] as string | undefined)) return reject('missing_item', `${field.replace(/_/g, ' ')} is required for this exit`, `/details/${field}`);
  }
  if (input.kind === 'person.handed_over' && !isCountryCode(details.to_state as string)) {
    return reject('invalid_value', 'to_state is the ISO 3166-1 alpha-2 code of the receiving state', '/details/to_state');
  }
  const from_facility_id = p.custody.facility_id;
  if ((input.kind === 'person.released' || input.kind === 'person.transferred_out_of_register') && p.custody.status !== 'in_custody') {
    return reject('not_in_custody', 'only a person held in a facility can be released or transferred out', '/kind');
  }
  if (input.kind === 'person.escaped') {
    return [newEvent('person.escaped', p.id, input.occurred_at, { ...(input.details as ExitDetails<'person.escaped'>), from_facility_id, incident_id: ctx.newId() })];
  }
  if (input.kind === 'person.died') {
    const tasks = [
      openTask(ctx, 'independent_death_referral', 'report the death without delay to an authority independent of the facility (MR71)', ctx.deadlines.referralHours, input.occurred_at),
      openTask(ctx, 'notify_family', 'next of kin told of the death at once (MR69)', 0, input.occurred_at),
    ];
    return [newEvent('person.died', p.id, input.occurred_at, { ...(input.details as ExitDetails<'person.died'>), from_facility_id, tasks })];
  }
  return [newEvent(input.kind, p.id, input.occurred_at, { ...details, from_facility_id } as never)];
}
