import { decideAppealDecision, type DecideAppeal } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** A judge's account records the appeal court's decision. */
export const decideAppeal = caseCommand<DecideAppeal>({ kind: 'decide-appeal', decide: (subject, input, ctx) => decideAppealDecision(subject, input, ctx) });
