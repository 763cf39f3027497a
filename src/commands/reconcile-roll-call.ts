import type { NewEvent } from '../domain/events.ts';
import { decideReconcile, type CountedNumber, type ExpectedPerson, type ReconcileRollCall, type RollCall, type RollCallDiscrepancy } from '../domain/roll-call.ts';
import { countedWithHoldings, expectedAt, loadRollCall, lockRollCall, rollCallFacility } from '../store/roll-calls.ts';
import { lockFacilities } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly rollCall: RollCall | null;
  readonly expected: readonly ExpectedPerson[];
  readonly counted: readonly CountedNumber[];
}

interface Reconciled {
  readonly roll_call_id: string;
  readonly status: 'reconciled';
  readonly expected: number;
  readonly counted: number;
  readonly discrepancies: readonly RollCallDiscrepancy[];
}

/** Close the count and compare it with the register: every difference, both ways, becomes a discrepancy. */
export const reconcileRollCall: CommandDefinition<ReconcileRollCall, State, Reconciled> = {
  kind: 'reconcile-roll-call',
  async lock(tx, input) {
    await lockRollCall(tx, input.roll_call_id);
    // The facility next: admissions and check-ins to it wait, so the expected list is one moment's.
    const facility = await rollCallFacility(tx, input.roll_call_id);
    if (facility) await lockFacilities(tx, [facility]);
  },
  async load(tx, input) {
    const rollCall = await loadRollCall(tx, input.roll_call_id);
    if (!rollCall || rollCall.status !== 'counting') return { rollCall, expected: [], counted: [] };
    return { rollCall, expected: await expectedAt(tx, rollCall.facility_id, rollCall.unit_id), counted: await countedWithHoldings(tx, rollCall.id) };
  },
  decide: (state, input, ctx) => decideReconcile(state.rollCall, state.expected, state.counted, input, ctx),
  respond(events, input) {
    const d = (events[0] as NewEvent<'roll_call.reconciled'>).data;
    const discrepancies = events.flatMap((e) => (e as NewEvent<'roll_call.reconciled' | 'roll_call.discrepancies_listed'>).data.discrepancies);
    return { roll_call_id: input.roll_call_id, status: 'reconciled', expected: d.expected, counted: d.counted, discrepancies };
  },
};
