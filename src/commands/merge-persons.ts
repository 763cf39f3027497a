import { checkNotFrozen, type EvidenceFreeze } from '../domain/evidence-freeze.ts';
import { decideMerge, type MergePersons } from '../domain/identity.ts';
import type { Person } from '../domain/person.ts';
import { freezesOf } from '../store/evidence.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/**
 * Merge a duplicate record into the record of the same person. Reversible by a split. A record
 * frozen as evidence is not merged: its events would become another record's (evidence-freeze.ts).
 */
export const mergePersons: CommandDefinition<MergePersons, { persons: Map<string, Person>; freezes: EvidenceFreeze[] }, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'merge-persons',
  lock: (tx, input) => lockPersons(tx, [input.person_id, input.into]),
  load: async (tx, input) => ({ persons: await loadPersons(tx, [input.person_id, input.into]), freezes: await freezesOf(tx, input.person_id) }),
  decide: ({ persons, freezes }, input, ctx) => {
    const person = persons.get(input.person_id) ?? null;
    return (person && !person.frozen && checkNotFrozen(freezes, '/person_id')) || decideMerge(person, persons.get(input.into) ?? null, input, ctx);
  },
  respond: (events) => ({ events: eventSummary(events) }),
};
