import { destinationState, decideApproveTransfer, type Transfer } from '../domain/transfer.ts';
import { approvedReturns } from '../store/repatriations.ts';
import { loadTransfer, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export interface ApproveTransfer {
  readonly transfer_id: string;
}

/** Approve a draft order: another official than its creator; to another state, only with every safeguards assessment (or an approved return there). */
export const approveTransfer: CommandDefinition<ApproveTransfer, { transfer: Transfer | null; approvedReturns: Set<string> }, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'approve-transfer',
  lock: (tx, input) => lockTransfer(tx, input.transfer_id),
  async load(tx, input) {
    const transfer = await loadTransfer(tx, input.transfer_id);
    const abroad = transfer && destinationState(transfer);
    return { transfer, approvedReturns: abroad ? new Set((await approvedReturns(tx, abroad, transfer!.members.map((m) => m.person_id))).keys()) : new Set<string>() };
  },
  decide: ({ transfer, approvedReturns }, _input, ctx) => decideApproveTransfer(transfer, ctx, approvedReturns),
  respond: (events) => ({ events: eventSummary(events) }),
};
