import { decideStageChange, type ChangeStage } from '../domain/case.ts';
import { caseCommand } from './case-command.ts';

/** Move a case to another stage. */
export const changeCaseStage = caseCommand<ChangeStage>({ kind: 'change-case-stage', decide: (subject, input, ctx) => decideStageChange(subject, input, ctx) });
