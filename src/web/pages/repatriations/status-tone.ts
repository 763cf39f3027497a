/** The tone of a repatriation case's stage wherever it is shown as a badge. */
import type { RepatriationStatus } from '../../../domain/repatriation.ts';

export const statusTone = (status: RepatriationStatus): 'info' | 'ok' | 'warn' | 'bad' =>
  status === 'approved' || status === 'followed_up' || status === 'closed'
    ? 'ok'
    : status === 'refused' || status === 'declined' || status === 'acceptance_withdrawn' || status === 'person_refused'
      ? 'bad'
      : status === 'no_answer' || status === 'suspended'
        ? 'warn'
        : 'info';
