import { decideOpenVisit, type OpenVisit, type VisitingBody } from '../domain/visit.ts';
import { loadFacilities } from '../store/subjects.ts';
import { loadVisitingBody, lockVisitingBody } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Open a visit of an accredited body to a facility. */
export const openVisit: CommandDefinition<OpenVisit, { body: VisitingBody | null; facilityExists: boolean }, { visit_id: string }> = {
  kind: 'open-visit',
  lock: (tx, input) => lockVisitingBody(tx, input.body_id),
  load: async (tx, input) => ({ body: await loadVisitingBody(tx, input.body_id), facilityExists: (await loadFacilities(tx, [input.facility_id])).has(input.facility_id) }),
  decide: (subject, input, ctx) => decideOpenVisit(subject, input, ctx),
  respond: (events) => ({ visit_id: (events[0]!.data as { visit_id: string }).visit_id }),
};
