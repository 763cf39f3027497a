import { decideChargeDiscipline, type ChargeDiscipline, type ChargeSubject } from '../domain/discipline.ts';
import { custodyStay } from '../store/cases.ts';
import { rulesOf } from '../store/disciplinary-rules.ts';
import { loadFacilities, loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Charge a person with an offence of the rules in force at the facility holding them on the day of the act. */
export const chargeDiscipline: CommandDefinition<ChargeDiscipline, ChargeSubject, { case_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'charge-discipline',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    const facilityId = person?.custody.facility_id ?? null;
    const facility = facilityId ? (await loadFacilities(tx, [facilityId])).get(facilityId) : undefined;
    return { person, stay: person ? await custodyStay(tx, person.id) : null, timeZone: facility?.timezone ?? 'Asia/Baghdad', rules: facilityId ? await rulesOf(tx, facilityId) : [] };
  },
  decide: (subject, input, ctx) => decideChargeDiscipline(subject, input, ctx),
  respond: (events) => ({ case_id: (events[0]!.data as { case_id: string }).case_id, events: eventSummary(events) }),
};
