import type { NewEvent } from '../domain/events.ts';
import type { Facility } from '../domain/facility.ts';
import { can } from '../domain/permissions.ts';
import type { Person } from '../domain/person.ts';
import type { Transfer } from '../domain/transfer.ts';
import { decideArriveAtStop, type ArriveAtStop } from '../domain/transfer-legs.ts';
import { loadFacilities, loadPersons, loadTransfer, lockFacilities, lockPersons, lockTransfer } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly transfer: Transfer | null;
  readonly persons: Map<string, Person>;
  readonly stop: Facility | null;
}

interface Arrived {
  readonly transfer_id: string;
  readonly stop: number;
  readonly facility_id: string;
  readonly arrived: number;
  readonly unaccounted: readonly { readonly person_id: string; readonly incident_id: string }[];
}

/** The facility of the next stop of an order, if it has one ahead. */
async function nextStop(tx: Parameters<CommandDefinition<ArriveAtStop, State, Arrived>['lock']>[0], transferId: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string | null }>('SELECT stops->>next_stop AS id FROM transfer WHERE id = $1', [transferId]);
  return rows[0]?.id ?? null;
}

/** Arrive at the next stop of an order: the persons counted are lodged there; anyone missing is an unaccounted incident at once. */
export const arriveAtStop: CommandDefinition<ArriveAtStop, State, Arrived> = {
  kind: 'arrive-at-stop',
  async lock(tx, input) {
    // The order, then the stop facility (capacity decisions for it), then everyone on the order.
    await lockTransfer(tx, input.transfer_id);
    const stop = await nextStop(tx, input.transfer_id);
    if (stop) await lockFacilities(tx, [stop]);
    const { rows } = await tx.query<{ person_id: string }>('SELECT person_id FROM transfer_person WHERE transfer_id = $1', [input.transfer_id]);
    await lockPersons(tx, rows.map((r) => r.person_id));
  },
  async load(tx, input) {
    const transfer = await loadTransfer(tx, input.transfer_id);
    const stopId = transfer && transfer.next_stop < transfer.stops.length ? transfer.stops[transfer.next_stop]! : null;
    const stop = stopId ? ((await loadFacilities(tx, [stopId])).get(stopId) ?? null) : null;
    const travelling = transfer?.members.filter((m) => m.status === 'in_transit').map((m) => m.person_id) ?? [];
    return { transfer, persons: await loadPersons(tx, travelling), stop };
  },
  decide: (state, input, ctx) => decideArriveAtStop(state.transfer, state.persons, state.stop, input, ctx, can(ctx.role, 'custody.override_capacity')),
  respond(events, input) {
    const reached = events[0] as NewEvent<'transfer.stop_reached'>;
    const unaccounted = (events.filter((e) => e.kind === 'person.unaccounted') as NewEvent<'person.unaccounted'>[]).map((e) => ({ person_id: e.person_id!, incident_id: e.data.incident_id }));
    return { transfer_id: input.transfer_id, stop: reached.data.stop, facility_id: reached.data.facility_id, arrived: reached.data.arrived, unaccounted };
  },
};
