import { decideSegregation, type RecordSegregation, type SegregationSubject } from '../domain/segregation.ts';
import { custodyStay, lastSegregationEnd, openSegregation } from '../store/cases.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Start a period of segregation, or end the open one. */
export const recordSegregation: CommandDefinition<RecordSegregation, SegregationSubject, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-segregation',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    if (!person) return { person, stay: null, open: null };
    return { person, stay: await custodyStay(tx, person.id), open: await openSegregation(tx, person.id), lastEnded: await lastSegregationEnd(tx, person.id) };
  },
  decide: (subject, input, ctx) => decideSegregation(subject, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
