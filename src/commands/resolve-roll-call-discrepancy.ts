import { decideResolveDiscrepancy, type OpenDiscrepancy, type ResolveDiscrepancy, type RollCall } from '../domain/roll-call.ts';
import { loadDiscrepancy, loadRollCall, lockRollCall } from '../store/roll-calls.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

interface State {
  readonly rollCall: RollCall | null;
  readonly discrepancy: OpenDiscrepancy | null;
}

/** Resolve one discrepancy of a reconciled roll call, with a reason. */
export const resolveRollCallDiscrepancy: CommandDefinition<ResolveDiscrepancy, State, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'resolve-roll-call-discrepancy',
  lock: (tx, input) => lockRollCall(tx, input.roll_call_id),
  load: async (tx, input) => ({ rollCall: await loadRollCall(tx, input.roll_call_id), discrepancy: await loadDiscrepancy(tx, input.roll_call_id, input.discrepancy_id) }),
  decide: (state, input, ctx) => decideResolveDiscrepancy(state.rollCall, state.discrepancy, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
