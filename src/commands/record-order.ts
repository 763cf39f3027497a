import { decideRecordOrder, orderCourt, type RecordOrder } from '../domain/case-order.ts';
import { facilityExists, orderReferenceTaken } from '../store/cases.ts';
import { caseCommand, createdIn, type CreatedInCase } from './case-command.ts';

/** Record an order of the court: confirmed when a judge's account enters it or its signed scan comes with it, pending otherwise. */
export const recordOrder = caseCommand<RecordOrder, { referenceTaken: boolean; toFacilityExists: boolean }, CreatedInCase<'order_id'>>({
  kind: 'record-order',
  more: async (tx, input, subject) => ({
    referenceTaken: await orderReferenceTaken(tx, orderCourt(input, subject.case!.court), input.reference.trim()),
    toFacilityExists: await facilityExists(tx, input.to_facility_id),
  }),
  decide: (subject, input, ctx) => decideRecordOrder(subject, input, ctx),
  respond: createdIn('order_id'),
});
