import { decideMerge, type MergePersons } from '../domain/identity.ts';
import type { Person } from '../domain/person.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Merge a duplicate record into the record of the same person. Reversible by a split. */
export const mergePersons: CommandDefinition<MergePersons, Map<string, Person>, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'merge-persons',
  lock: (tx, input) => lockPersons(tx, [input.person_id, input.into]),
  load: (tx, input) => loadPersons(tx, [input.person_id, input.into]),
  decide: (persons, input, ctx) => decideMerge(persons.get(input.person_id) ?? null, persons.get(input.into) ?? null, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
