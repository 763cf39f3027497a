import { decideApproveTransfer, type Transfer } from '../domain/transfer.ts';
import { loadTransfer, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export interface ApproveTransfer {
  readonly transfer_id: string;
}

/** Approve a draft order: another official than its creator; to another state, only with every safeguards assessment. */
export const approveTransfer: CommandDefinition<ApproveTransfer, Transfer | null, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'approve-transfer',
  lock: (tx, input) => lockTransfer(tx, input.transfer_id),
  load: (tx, input) => loadTransfer(tx, input.transfer_id),
  decide: (transfer, _input, ctx) => decideApproveTransfer(transfer, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
