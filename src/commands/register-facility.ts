import { decideFacilityRegistration, type RegisterFacility } from '../domain/facility.ts';
import { loadFacilities } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

/** Register a facility with its units and capacity. */
export const registerFacility: CommandDefinition<RegisterFacility, boolean, { facility_id: string }> = {
  kind: 'register-facility',
  lock: async () => {},
  load: async (tx, input) => (await loadFacilities(tx, [input.facility_id])).has(input.facility_id),
  decide: (exists, input, ctx) => decideFacilityRegistration(input, exists, ctx),
  respond: (_events, input) => ({ facility_id: input.facility_id }),
};
