import { decideRegisterVisitingBody, type RegisterVisitingBody } from '../domain/visit.ts';
import type { CommandDefinition } from './execute.ts';

/** Register a visiting body with the authority and reference of its accreditation. */
export const registerVisitingBody: CommandDefinition<RegisterVisitingBody, null, { body_id: string }> = {
  kind: 'register-visiting-body',
  lock: async () => {},
  load: async () => null,
  decide: (_none, input, ctx) => decideRegisterVisitingBody(input, ctx),
  respond: (events) => ({ body_id: (events[0]!.data as { body_id: string }).body_id }),
};
