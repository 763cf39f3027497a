import { repatriationStep } from './repatriation-command.ts';

/** A second official, who did not assess, reviews the assessment: concurs, or returns it. */
export const reviewRepatriation = repatriationStep('review-repatriation', 'review');
