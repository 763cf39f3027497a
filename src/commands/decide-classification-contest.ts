import { decideClassificationContest as decide, type Classification, type DecideContest } from '../domain/classification.ts';
import { loadClassification } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Decide a contest of a classification (never by its assessor). */
export const decideClassificationContest: CommandDefinition<DecideContest, Classification | null, { classification_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'decide-classification-contest',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: (tx, input) => loadClassification(tx, input.classification_id),
  decide: (c, input, ctx) => decide(c, input, ctx),
  respond: (events, input) => ({ classification_id: input.classification_id, events: eventSummary(events) }),
};
