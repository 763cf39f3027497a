import { repatriationStep } from './repatriation-command.ts';

/** A request still unanswered raised above the desk: to whom, the reference, what was done (answers the request's escalation task). */
export const escalateRepatriationRequest = repatriationStep('escalate-repatriation-request', 'escalate');
