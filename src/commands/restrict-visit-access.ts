import { decideRestrictAccess, type RestrictAccess, type Visit } from '../domain/visit.ts';
import { loadVisit, lockVisit } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Refuse or defer a visit's access, with a reason, an authority and an end date. */
export const restrictVisitAccess: CommandDefinition<RestrictAccess, Visit | null, { visit_id: string }> = {
  kind: 'restrict-visit-access',
  lock: (tx, input) => lockVisit(tx, input.visit_id),
  load: (tx, input) => loadVisit(tx, input.visit_id),
  decide: (visit, input, ctx) => decideRestrictAccess(visit, input, ctx),
  respond: (_events, input) => ({ visit_id: input.visit_id }),
};
