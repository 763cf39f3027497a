import { decideHearDiscipline, type DisciplinaryCase, type HearDiscipline } from '../domain/discipline.ts';
import { loadDisciplinaryCase } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** The hearing of a disciplinary charge, where the person is heard. */
export const hearDiscipline: CommandDefinition<HearDiscipline, DisciplinaryCase | null, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'hear-discipline',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: (tx, input) => loadDisciplinaryCase(tx, input.case_id),
  decide: (c, input, ctx) => decideHearDiscipline(c, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
