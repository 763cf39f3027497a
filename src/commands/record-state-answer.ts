import { repatriationStep } from './repatriation-command.ts';

/** The state's answer to the request: accepted, declined, verification requested, or no answer. */
export const recordStateAnswer = repatriationStep('record-state-answer', 'record_answer');
