import { repatriationStep } from './repatriation-command.ts';

/** Record a child's best-interests assessment on their repatriation case (repatriation-family.ts). */
export const recordBestInterests = repatriationStep('record-best-interests', 'record_best_interests');
