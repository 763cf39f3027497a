import { decideSegregation, type RecordSegregation, type SegregationSubject } from '../domain/segregation.ts';
import { segregationSubject } from '../store/cases.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Start a period of segregation, or end the open one. */
export const recordSegregation: CommandDefinition<RecordSegregation, SegregationSubject, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-segregation',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: (tx, input) => segregationSubject(tx, input.person_id),
  decide: (subject, input, ctx) => decideSegregation(subject, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
