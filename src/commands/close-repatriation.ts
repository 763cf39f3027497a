import { repatriationStep } from './repatriation-command.ts';

/** Close a repatriation case, with the reason. */
export const closeRepatriation = repatriationStep('close-repatriation', 'close');
