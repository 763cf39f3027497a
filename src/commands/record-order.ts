import { decideRecordOrder, orderCourt, type RecordOrder } from '../domain/case-order.ts';
import type { Facility } from '../domain/facility.ts';
import { namedAndHeldAt, orderReferenceTaken } from '../store/cases.ts';
import { caseCommand, createdIn, withProduction, type CreatedInCase, type ProductionDrafted } from './case-command.ts';

/**
 * Record an order of the court: confirmed when a judge's account enters it or its signed scan
 * comes with it, pending otherwise. A production order also drafts the movement to the court's
 * holding facility and back (court-production.ts).
 */
export const recordOrder = caseCommand<RecordOrder, { referenceTaken: boolean; toFacility: Facility | null; heldAt: Facility | null }, CreatedInCase<'order_id'> & ProductionDrafted>({
  kind: 'record-order',
  more: async (tx, input, subject) => {
    const { named, heldAt } = await namedAndHeldAt(tx, input.to_facility_id, subject);
    return { referenceTaken: await orderReferenceTaken(tx, orderCourt(input, subject.case!.court), input.reference.trim()), toFacility: named, heldAt };
  },
  decide: (subject, input, ctx) => decideRecordOrder(subject, input, ctx),
  respond: withProduction(createdIn('order_id')),
});
