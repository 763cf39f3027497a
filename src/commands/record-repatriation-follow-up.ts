import { repatriationStep } from './repatriation-command.ts';

/** A contact after the return: when, the channel, who made it, whether the person was seen or heard, the concerns raised (repatriation-follow-up.ts). */
export const recordRepatriationFollowUp = repatriationStep('record-repatriation-follow-up', 'record_follow_up');
