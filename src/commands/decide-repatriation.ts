import { repatriationStep } from './repatriation-command.ts';

/** The decision: approved with the assurances recorded (behind the law's gates), refused with reasons, or suspended. */
export const decideRepatriationCase = repatriationStep('decide-repatriation', 'decide');
