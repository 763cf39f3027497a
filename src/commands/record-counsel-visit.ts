import { decideCounselVisit, type RecordCounselVisit } from '../domain/case.ts';
import { facilityExists } from '../store/cases.ts';
import { caseCommand } from './case-command.ts';

/** Record a visit of counsel to the person. */
export const recordCounselVisit = caseCommand<RecordCounselVisit, { facilityExists: boolean }>({
  kind: 'record-counsel-visit',
  more: async (tx, input) => ({ facilityExists: await facilityExists(tx, input.facility_id) }),
  decide: (subject, input, ctx) => decideCounselVisit(subject, input, ctx),
});
