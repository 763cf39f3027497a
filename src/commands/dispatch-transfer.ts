import type { Person } from '../domain/person.ts';
import type { TravelStanding } from '../domain/repatriation-travel.ts';
import { destinationState, type Transfer } from '../domain/transfer.ts';
import { travelStandings } from '../store/repatriations.ts';
import { decideDispatch, type DispatchTransfer } from '../domain/transfer-movement.ts';
import type { Queryable } from '../store/database.ts';
import { loadPersons, loadTransfer, lockPersons, lockTransfer, transfersInTransit } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly transfer: Transfer | null;
  readonly persons: Map<string, Person>;
  readonly inTransitOn: Map<string, string>;
  readonly standings: Map<string, TravelStanding>;
}

/** Lock an order, then every person on it (the order first, as every transfer command does). */
export async function lockTransferAndPersons(tx: Queryable, transferId: string): Promise<void> {
  await lockTransfer(tx, transferId);
  const { rows } = await tx.query<{ person_id: string }>('SELECT person_id FROM transfer_person WHERE transfer_id = $1', [transferId]);
  await lockPersons(tx, rows.map((r) => r.person_id));
}

/** Dispatch an approved order: every person passes into the escort's custody, in transit; to another state, only with nothing standing in the way of any (repatriation-travel.ts). */
export const dispatchTransfer: CommandDefinition<DispatchTransfer, State, { transfer_id: string; status: 'dispatched'; dispatched: number }> = {
  kind: 'dispatch-transfer',
  lock: (tx, input) => lockTransferAndPersons(tx, input.transfer_id),
  async load(tx, input) {
    const transfer = await loadTransfer(tx, input.transfer_id);
    const ids = transfer?.members.map((m) => m.person_id) ?? [];
    const abroad = transfer && destinationState(transfer);
    return {
      transfer,
      persons: await loadPersons(tx, ids),
      inTransitOn: await transfersInTransit(tx, ids),
      standings: abroad ? await travelStandings(tx, abroad, transfer!.members) : new Map(),
    };
  },
  decide: (state, input, ctx) => decideDispatch(state.transfer, state.persons, state.inTransitOn, input, ctx, state.standings),
  respond: (events, input) => ({ transfer_id: input.transfer_id, status: 'dispatched', dispatched: events.length - 1 }),
};
