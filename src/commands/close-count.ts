import type { NewEvent } from '../domain/events.ts';
import type { Transfer } from '../domain/transfer.ts';
import { decideCloseCount, type CloseCount } from '../domain/transfer-movement.ts';
import { loadTransfer } from '../store/subjects.ts';
import { lockTransferAndPersons } from './dispatch-transfer.ts';
import type { CommandDefinition } from './execute.ts';

interface Counted {
  readonly transfer_id: string;
  readonly status: 'received';
  readonly received: number;
  readonly discrepancies: number;
  readonly unaccounted: readonly { readonly person_id: string; readonly incident_id: string }[];
}

/** Close the count at arrival: anyone not checked in becomes an unaccounted incident at once. */
export const closeCount: CommandDefinition<CloseCount, Transfer | null, Counted> = {
  kind: 'close-count',
  // The persons too: an exit recorded meanwhile (a death, an escape) must not cross the count.
  lock: (tx, input) => lockTransferAndPersons(tx, input.transfer_id),
  load: (tx, input) => loadTransfer(tx, input.transfer_id),
  decide: (transfer, input, ctx) => decideCloseCount(transfer, input, ctx),
  respond(events, input) {
    const counted = events[0] as NewEvent<'transfer.count_closed'>;
    const unaccounted = (events.slice(1) as NewEvent<'person.unaccounted'>[]).map((e) => ({ person_id: e.person_id!, incident_id: e.data.incident_id }));
    return { transfer_id: input.transfer_id, status: 'received', received: counted.data.received, discrepancies: counted.data.discrepancies, unaccounted };
  },
};
