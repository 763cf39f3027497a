import { decideVerdict, type RecordVerdict } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** A judge's account records the verdict. */
export const recordVerdict = caseCommand<RecordVerdict>({ kind: 'record-verdict', decide: (subject, input, ctx) => decideVerdict(subject, input, ctx) });
