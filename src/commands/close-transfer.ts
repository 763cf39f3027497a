import { decideCloseTransfer, type Transfer } from '../domain/transfer.ts';
import { loadTransfer, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export interface CloseTransfer {
  readonly transfer_id: string;
}

/** Close an order once nobody on it is still in transit. */
export const closeTransfer: CommandDefinition<CloseTransfer, Transfer | null, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'close-transfer',
  lock: (tx, input) => lockTransfer(tx, input.transfer_id),
  load: (tx, input) => loadTransfer(tx, input.transfer_id),
  decide: (transfer, _input, ctx) => decideCloseTransfer(transfer, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
