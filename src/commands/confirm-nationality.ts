import { repatriationStep } from './repatriation-command.ts';

/** The person's nationality of the case's state, confirmed: by the state, a document or an interview. */
export const confirmNationality = repatriationStep('confirm-nationality', 'confirm_nationality');
