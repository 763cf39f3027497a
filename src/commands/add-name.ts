import type { NameRecord } from '../domain/events.ts';
import { checkVersion, decideAddName, type Person } from '../domain/person.ts';
import { reject } from '../domain/rejection.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export interface AddName {
  readonly person_id: string;
  readonly name: NameRecord;
  readonly expected_version?: number;
}

/** Record another name a person is known by. */
export const addName: CommandDefinition<AddName, Person | undefined, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'add-name',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => (await loadPersons(tx, [input.person_id])).get(input.person_id),
  decide: (person, input, ctx) => {
    if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
    const stale = checkVersion(person, input.expected_version);
    if (stale) return stale;
    return decideAddName(person, input.name, ctx);
  },
  respond: (events) => ({ events: eventSummary(events) }),
};
