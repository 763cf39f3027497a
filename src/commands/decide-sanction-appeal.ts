import { decideSanctionAppeal as decide, type DecideSanctionAppeal, type DisciplinaryCase } from '../domain/discipline.ts';
import type { SegregationSubject } from '../domain/segregation.ts';
import { segregationSubject } from '../store/cases.ts';
import { loadDisciplinaryCase } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** The independent authority decides an appeal against a sanction (a solitary confinement quashed ends the person's segregation). */
export const decideSanctionAppeal: CommandDefinition<DecideSanctionAppeal, { case: DisciplinaryCase | null; segregation: SegregationSubject }, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'decide-sanction-appeal',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => ({ case: await loadDisciplinaryCase(tx, input.case_id), segregation: await segregationSubject(tx, input.person_id) }),
  decide: (subject, input, ctx) => decide(subject, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
