import type { EventKind } from '../domain/events.ts';
import { checkVersion, decideCorrection, type CorrectPerson, type Person } from '../domain/person.ts';
import { reject } from '../domain/rejection.ts';
import { isUuid } from '../domain/values.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export interface CorrectPersonInput extends CorrectPerson {
  readonly person_id: string;
  readonly expected_version?: number;
}

interface State {
  readonly person: Person | undefined;
  readonly corrected: { kind: EventKind; person_id: string | null } | null;
}

/** Correct an earlier record with a correcting event that names it. */
export const correctPerson: CommandDefinition<CorrectPersonInput, State, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'correct-person',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id);
    if (!isUuid(input.corrects)) return { person, corrected: null };
    const found = await tx.query<{ kind: EventKind; person_id: string | null }>('SELECT kind, person_id FROM event WHERE event_id = $1', [input.corrects]);
    return { person, corrected: found.rows[0] ?? null };
  },
  decide: ({ person, corrected }, input, ctx) => {
    if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
    const stale = checkVersion(person, input.expected_version);
    if (stale) return stale;
    const { person_id: _p, expected_version: _v, ...correction } = input;
    return decideCorrection(person, corrected, correction, ctx);
  },
  respond: (events) => ({ events: eventSummary(events) }),
};
