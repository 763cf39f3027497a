import { decideImposeSanction, solitaryOf, type DisciplinaryCase, type ImposeSanction } from '../domain/discipline.ts';
import type { SolitaryHistory } from '../domain/sanction.ts';
import { openSegregation } from '../store/cases.ts';
import { custodyLifeOf, loadDisciplinaryCase } from '../store/custody-life.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Impose a sanction on a charge found proven, counting the solitary confinement and segregation it would follow. */
export const imposeSanction: CommandDefinition<ImposeSanction, { case: DisciplinaryCase | null; history: SolitaryHistory }, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'impose-sanction',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const c = await loadDisciplinaryCase(tx, input.case_id);
    if (!c) return { case: null, history: { solitary: [], segregatedSince: null } };
    const open = await openSegregation(tx, c.person_id);
    return { case: c, history: { solitary: solitaryOf((await custodyLifeOf(tx, c.person_id)).discipline), segregatedSince: open?.at ?? null } };
  },
  decide: (subject, input, ctx) => decideImposeSanction(subject, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
