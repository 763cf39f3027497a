import type { Transfer } from '../domain/transfer.ts';
import { decideRejectTransfer, type RejectTransfer } from '../domain/transfer-movement.ts';
import { loadTransfer } from '../store/subjects.ts';
import { lockTransferAndPersons } from './dispatch-transfer.ts';
import type { CommandDefinition } from './execute.ts';

/** Refuse a dispatched order at arrival: the return leg takes the persons back to the origin. */
export const rejectTransfer: CommandDefinition<RejectTransfer, Transfer | null, { transfer_id: string; status: 'rejected'; returned: number }> = {
  kind: 'reject-transfer',
  lock: (tx, input) => lockTransferAndPersons(tx, input.transfer_id),
  load: (tx, input) => loadTransfer(tx, input.transfer_id),
  decide: (transfer, input, ctx) => decideRejectTransfer(transfer, input, ctx),
  respond: (events, input) => ({ transfer_id: input.transfer_id, status: 'rejected', returned: events.length - 1 }),
};
