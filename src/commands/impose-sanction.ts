import { decideImposeSanction, solitaryOf, type ImposeSanction, type SanctionSubject } from '../domain/discipline.ts';
import { segregationSubject } from '../store/cases.ts';
import { custodyLifeOf, loadDisciplinaryCase } from '../store/custody-life.ts';
import { loadRules } from '../store/disciplinary-rules.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/**
 * Impose a sanction on a charge found proven: one the rules it was charged under permit, counting
 * the solitary confinement and segregation it would follow; a solitary confinement opens the
 * person's period of segregation (or continues the open one).
 */
export const imposeSanction: CommandDefinition<ImposeSanction, SanctionSubject, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'impose-sanction',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const c = await loadDisciplinaryCase(tx, input.case_id);
    const segregation = await segregationSubject(tx, c?.person_id ?? input.person_id);
    if (!c) return { case: null, history: { solitary: [], segregatedSince: null }, offence: null, segregation };
    const rules = c.rules_id ? await loadRules(tx, c.rules_id) : null;
    return {
      case: c,
      history: { solitary: solitaryOf((await custodyLifeOf(tx, c.person_id)).discipline), segregatedSince: segregation.open?.at ?? null },
      offence: rules?.offences.find((o) => o.code === c.offence) ?? null,
      segregation,
    };
  },
  decide: (subject, input, ctx) => decideImposeSanction(subject, input, ctx),
  respond: (events, input) => ({ case_id: input.case_id, events: eventSummary(events) }),
};
