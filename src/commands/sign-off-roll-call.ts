import type { NewEvent } from '../domain/events.ts';
import { decideSignOff, type RollCall, type SignOffRollCall, type Unresolved } from '../domain/roll-call.ts';
import { loadRollCall, lockRollCall, unresolvedOf } from '../store/roll-calls.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly rollCall: RollCall | null;
  readonly unresolved: Unresolved;
}

/** Sign a reconciled roll call off: every discrepancy resolved, by an official who took no part in the count. */
export const signOffRollCall: CommandDefinition<SignOffRollCall, State, { roll_call_id: string; status: 'signed_off'; signed_by: string }> = {
  kind: 'sign-off-roll-call',
  lock: (tx, input) => lockRollCall(tx, input.roll_call_id),
  load: async (tx, input) => ({ rollCall: await loadRollCall(tx, input.roll_call_id), unresolved: await unresolvedOf(tx, input.roll_call_id) }),
  decide: (state, _input, ctx) => decideSignOff(state.rollCall, state.unresolved, ctx),
  respond: (events, input) => ({ roll_call_id: input.roll_call_id, status: 'signed_off', signed_by: (events[0] as NewEvent<'roll_call.signed_off'>).data.signed_by }),
};
