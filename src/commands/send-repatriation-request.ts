import { repatriationStep } from './repatriation-command.ts';

/** A request to the state of nationality to take its national back: when, through which channel, under which reference. */
export const sendRepatriationRequest = repatriationStep('send-repatriation-request', 'send_request');
