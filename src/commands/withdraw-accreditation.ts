import { decideWithdrawAccreditation, type VisitingBody, type WithdrawAccreditation } from '../domain/visit.ts';
import { loadVisitingBody, lockVisitingBody } from '../store/visits.ts';
import type { CommandDefinition } from './execute.ts';

/** Withdraw a visiting body's accreditation. */
export const withdrawAccreditation: CommandDefinition<WithdrawAccreditation, VisitingBody | null, { body_id: string }> = {
  kind: 'withdraw-accreditation',
  lock: (tx, input) => lockVisitingBody(tx, input.body_id),
  load: (tx, input) => loadVisitingBody(tx, input.body_id),
  decide: (body, input, ctx) => decideWithdrawAccreditation(body, input, ctx),
  respond: (_events, input) => ({ body_id: input.body_id }),
};
