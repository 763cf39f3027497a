import { decideAmendCharges, type AmendCharges } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** Replace the charges of a case. */
export const amendCharges = caseCommand<AmendCharges>({ kind: 'amend-charges', decide: (subject, input, ctx) => decideAmendCharges(subject, input, ctx) });
