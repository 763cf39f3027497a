import { repatriationStep } from './repatriation-command.ts';

/** The state withdraws the acceptance it gave. */
export const recordAcceptanceWithdrawal = repatriationStep('record-acceptance-withdrawal', 'record_acceptance_withdrawn');
