import { repatriationStep } from './repatriation-command.ts';

/** The individual safeguards assessment (STANDARDS C): risks in the state, the person heard, their wishes. */
export const assessRepatriationSafeguards = repatriationStep('assess-repatriation-safeguards', 'assess_safeguards');
