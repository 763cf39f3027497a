import type { EventKind } from '../domain/events.ts';
import { decideFrozenCorrection, freezeOf, type EvidenceFreeze } from '../domain/evidence-freeze.ts';
import { checkVersion, decideCorrection, type CorrectPerson, type Person } from '../domain/person.ts';
import { reject } from '../domain/rejection.ts';
import { isUuid } from '../domain/values.ts';
import { freezesOf } from '../store/evidence.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export interface CorrectPersonInput extends CorrectPerson {
  readonly person_id: string;
  readonly expected_version?: number;
}

interface State {
  readonly person: Person | undefined;
  readonly corrected: { event_id: string; idx: number; kind: EventKind; person_id: string | null } | null;
  readonly freezes: readonly EvidenceFreeze[];
}

/**
 * Correct an earlier record with a correcting event that names it. A frozen event (evidence
 * after a death, a disappearance or a serious injury: evidence-freeze.ts) is never corrected
 * over: the correction is written as a new event that references it, and the record as
 * frozen stays as it was.
 */
export const correctPerson: CommandDefinition<CorrectPersonInput, State, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'correct-person',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id);
    const freezes = await freezesOf(tx, input.person_id);
    if (!isUuid(input.corrects)) return { person, corrected: null, freezes };
    const found = await tx.query<{ event_id: string; idx: string | number; kind: EventKind; person_id: string | null }>('SELECT event_id, idx, kind, person_id FROM event WHERE event_id = $1', [input.corrects]);
    const row = found.rows[0];
    return { person, corrected: row ? { ...row, idx: Number(row.idx) } : null, freezes };
  },
  decide: ({ person, corrected, freezes }, input, ctx) => {
    if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
    const stale = checkVersion(person, input.expected_version);
    if (stale) return stale;
    const { person_id: _p, expected_version: _v, ...correction } = input;
    const freeze = corrected ? (freezeOf(freezes, corrected.idx) ?? (person.frozen ? (freezes.at(-1) ?? null) : null)) : null;
    if (corrected && freeze) return decideFrozenCorrection(person, corrected, freeze, correction, ctx);
    return decideCorrection(person, corrected, correction, ctx);
  },
  respond: (events) => ({ events: eventSummary(events) }),
};
