import type { CustodyStay } from '../domain/case.ts';
import { decideChargeDiscipline, type ChargeDiscipline } from '../domain/discipline.ts';
import type { Person } from '../domain/person.ts';
import { custodyStay } from '../store/cases.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Charge a person with an act the facility's rules define. */
export const chargeDiscipline: CommandDefinition<ChargeDiscipline, { person: Person | null; stay: CustodyStay | null }, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'charge-discipline',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    return { person, stay: person ? await custodyStay(tx, person.id) : null };
  },
  decide: (subject, input, ctx) => decideChargeDiscipline(subject, input, ctx),
  respond: (events) => ({ case_id: (events[0]!.data as { case_id: string }).case_id, events: eventSummary(events) }),
};
