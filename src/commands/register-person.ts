import { decideRegistration, type RegisterPerson } from '../domain/person.ts';
import type { CommandDefinition } from './execute.ts';

/** Register a person under every name given. */
export const registerPerson: CommandDefinition<RegisterPerson, null, { person_id: string; register_number: string; version: number }> = {
  kind: 'register-person',
  lock: async () => {},
  load: async () => null,
  decide: (_none, input, ctx) => decideRegistration(input, ctx),
  respond: (_events, input) => ({ person_id: input.person_id, register_number: input.register_number, version: 1 }),
};
