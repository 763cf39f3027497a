import { decideCloseVisit, type CloseVisit, type Visit } from '../domain/visit.ts';
import { loadVisit, lockVisit } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Close a visit. */
export const closeVisit: CommandDefinition<CloseVisit, Visit | null, { visit_id: string }> = {
  kind: 'close-visit',
  lock: (tx, input) => lockVisit(tx, input.visit_id),
  load: (tx, input) => loadVisit(tx, input.visit_id),
  decide: (visit, input, ctx) => decideCloseVisit(visit, input, ctx),
  respond: (_events, input) => ({ visit_id: input.visit_id }),
};
