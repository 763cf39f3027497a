import { decideConfirmOrder, type ConfirmOrder, type OrderOnRecord } from '../domain/case-order.ts';
import { loadOrder } from '../store/cases.ts';
import { caseCommand } from './case-command.ts';

/** A judge's account confirms an order a clerk entered. */
export const confirmOrder = caseCommand<ConfirmOrder, { order: OrderOnRecord | null }>({
  kind: 'confirm-order',
  more: async (tx, input) => ({ order: await loadOrder(tx, input.case_id, input.order_id) }),
  decide: (subject, input, ctx) => decideConfirmOrder(subject, input, ctx),
});
