import { repatriationStep } from './repatriation-command.ts';

/** The person refuses to return: recorded in their words. */
export const recordReturnRefusal = repatriationStep('record-return-refusal', 'record_return_refusal');
