import { repatriationStep } from './repatriation-command.ts';

/** A reminder to the state of a request it has not answered: when, the channel, the reference (answers the request's reminder task). */
export const sendRepatriationReminder = repatriationStep('send-repatriation-reminder', 'send_reminder');
