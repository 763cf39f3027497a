import { courtName, decideOpenCase, type OpenCase } from '../domain/case.ts';
import type { Person } from '../domain/person.ts';
import { caseReferenceTaken } from '../store/cases.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Open a case file for a person; the court's file number is unique in that court. */
export const openCase: CommandDefinition<OpenCase, { person: Person | null; referenceTaken: boolean }, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'open-case',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    return { person, referenceTaken: await caseReferenceTaken(tx, courtName(input.court), input.reference.trim()) };
  },
  decide: ({ person, referenceTaken }, input, ctx) => decideOpenCase(person, referenceTaken, input, ctx),
  respond: (events) => ({ case_id: (events[0]!.data as { case_id: string }).case_id, events: eventSummary(events) }),
};
