import { decideSentence, type RecordSentence } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** A judge's account records the sentence of a conviction. */
export const recordSentence = caseCommand<RecordSentence>({ kind: 'record-sentence', decide: (subject, input, ctx) => decideSentence(subject, input, ctx) });
