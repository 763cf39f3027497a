import { repatriationStep } from './repatriation-command.ts';

/** The case's family group, the person's place in it with the evidence, and on a parent's case the children (repatriation-family.ts). */
export const recordRepatriationFamily = repatriationStep('record-repatriation-family', 'record_family');
