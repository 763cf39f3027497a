import { decideContestClassification, type Classification, type ContestClassification } from '../domain/classification.ts';
import { loadClassification } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** The detainee (or counsel) contests a classification, with the grounds. */
export const contestClassification: CommandDefinition<ContestClassification, Classification | null, { classification_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'contest-classification',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: (tx, input) => loadClassification(tx, input.classification_id),
  decide: (c, input, ctx) => decideContestClassification(c, input, ctx),
  respond: (events, input) => ({ classification_id: input.classification_id, events: eventSummary(events) }),
};
