import { decideAppearance, type RecordAppearance } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** Record that the person was brought before the investigative judge. */
export const recordAppearance = caseCommand<RecordAppearance>({ kind: 'record-appearance', decide: (subject, input, ctx) => decideAppearance(subject, input, ctx) });
