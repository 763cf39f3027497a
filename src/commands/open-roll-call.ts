import type { Facility } from '../domain/facility.ts';
import { decideOpenRollCall, type OpenRollCall } from '../domain/roll-call.ts';
import { isUuid } from '../domain/values.ts';
import { loadFacilities } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly exists: boolean;
  readonly facility: Facility | null;
}

/** Open a roll call of a facility or one of its units. */
export const openRollCall: CommandDefinition<OpenRollCall, State, { roll_call_id: string; status: 'open'; facility_id: string; unit_id: string | null }> = {
  kind: 'open-roll-call',
  // Opening changes nobody's custody and the id is new: nothing to lock.
  lock: async () => {},
  async load(tx, input) {
    const exists = isUuid(input.roll_call_id) && (await tx.query('SELECT 1 FROM roll_call WHERE id = $1', [input.roll_call_id])).rows.length > 0;
    const facility = isUuid(input.facility_id) ? ((await loadFacilities(tx, [input.facility_id])).get(input.facility_id) ?? null) : null;
    return { exists, facility };
  },
  decide: (state, input, ctx) => decideOpenRollCall(state.exists, state.facility, input, ctx),
  respond: (_events, input) => ({ roll_call_id: input.roll_call_id, status: 'open', facility_id: input.facility_id, unit_id: input.unit_id ?? null }),
};
