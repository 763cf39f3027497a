import { decideEndSanction, type DisciplinaryCase, type EndSanction } from '../domain/discipline.ts';
import type { SegregationSubject } from '../domain/segregation.ts';
import { segregationSubject } from '../store/cases.ts';
import { loadDisciplinaryCase } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record the end of a sanction that lasts; a solitary confinement's end ends the person's period of segregation with it. */
export const endSanction: CommandDefinition<EndSanction, { case: DisciplinaryCase | null; segregation: SegregationSubject }, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'end-sanction',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  load: async (tx, input) => ({ case: await loadDisciplinaryCase(tx, input.case_id), segregation: await segregationSubject(tx, input.person_id) }),
  decide: (subject, input, ctx) => decideEndSanction(subject, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
