import { decideSplit, type SplitPerson } from '../domain/identity.ts';
import type { Person } from '../domain/person.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Undo a merge: the alias becomes a record of its own again, with all its names and events. */
export const splitPerson: CommandDefinition<SplitPerson, Person | null, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'split-person',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null,
  decide: (person, input, ctx) => decideSplit(person, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
