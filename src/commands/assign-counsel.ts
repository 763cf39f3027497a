import { decideAssignCounsel, type AssignCounsel } from '../domain/case.ts';
import { caseCommand, createdIn, type CreatedInCase } from './case-command.ts';

/** Assign counsel in a case (appointed by the court, or chosen). */
export const assignCounsel = caseCommand<AssignCounsel, object, CreatedInCase<'counsel_id'>>({
  kind: 'assign-counsel',
  decide: (subject, input, ctx) => decideAssignCounsel(subject, input, ctx),
  respond: createdIn('counsel_id'),
});
