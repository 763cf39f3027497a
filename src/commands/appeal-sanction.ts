import { decideAppealSanction, type AppealSanction, type DisciplinaryCase } from '../domain/discipline.ts';
import { loadDisciplinaryCase } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** The person appeals a sanction to the independent authority. */
export const appealSanction: CommandDefinition<AppealSanction, DisciplinaryCase | null, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'appeal-sanction',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: (tx, input) => loadDisciplinaryCase(tx, input.case_id),
  decide: (c, input, ctx) => decideAppealSanction(c, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
