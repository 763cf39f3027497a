import { decideFirstAppearanceExtension, type RecordAppearance } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** A judge extends the time to the person's first appearance. */
export const extendFirstAppearance = caseCommand<RecordAppearance>({
  kind: 'extend-first-appearance',
  decide: (subject, input, ctx) => decideFirstAppearanceExtension(subject, input, ctx),
});
