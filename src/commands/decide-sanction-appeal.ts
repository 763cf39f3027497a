import { decideSanctionAppeal as decide, type DecideSanctionAppeal, type DisciplinaryCase } from '../domain/discipline.ts';
import { loadDisciplinaryCase } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** The independent authority decides an appeal against a sanction. */
export const decideSanctionAppeal: CommandDefinition<DecideSanctionAppeal, DisciplinaryCase | null, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'decide-sanction-appeal',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: (tx, input) => loadDisciplinaryCase(tx, input.case_id),
  decide: (c, input, ctx) => decide(c, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
