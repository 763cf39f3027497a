import { decideAppealLodged, type LodgeAppeal } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** An appeal is lodged against the verdict. */
export const lodgeAppeal = caseCommand<LodgeAppeal>({ kind: 'lodge-appeal', decide: (subject, input, ctx) => decideAppealLodged(subject, input, ctx) });
