import { decideAdoptRules, type AdoptDisciplinaryRules } from '../domain/disciplinary-rules.ts';
import type { Facility } from '../domain/facility.ts';
import { loadFacilities } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Adopt a version of a facility's disciplinary rules, in force from a day (MR37). */
export const adoptDisciplinaryRules: CommandDefinition<AdoptDisciplinaryRules, Facility | null, { rules_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'adopt-disciplinary-rules',
  lock: async () => {},
  load: async (tx, input) => (await loadFacilities(tx, [input.facility_id])).get(input.facility_id) ?? null,
  decide: (facility, input, ctx) => decideAdoptRules(facility, input, ctx),
  respond: (events) => ({ rules_id: (events[0]!.data as { rules_id: string }).rules_id, events: eventSummary(events) }),
};
