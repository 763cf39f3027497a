import { decideCancelTransfer, type CancelTransfer, type Transfer } from '../domain/transfer.ts';
import { loadTransfer, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Cancel an order before dispatch, with a coded reason. */
export const cancelTransfer: CommandDefinition<CancelTransfer, Transfer | null, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'cancel-transfer',
  lock: (tx, input) => lockTransfer(tx, input.transfer_id),
  // The persons are not needed to cancel: load none of a large manifest.
  load: (tx, input) => loadTransfer(tx, input.transfer_id, []),
  decide: (transfer, input, ctx) => decideCancelTransfer(transfer, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
