/**
 * The clocks of a request or complaint waiting for its answer (MR56–57), of an allegation
 * of ill-treatment waiting for the independent authority to take it up (MR57(3), MR71), of a
 * consular post waiting to be informed (VCCR 36: consular-notification.ts), of the review of
 * a classification (MR94; classification.ts, due at the date its assessor set), of a state's
 * answer to a repatriation request (its reminder and escalation: repatriation-reminder.ts) and of
 * the contacts after a return (repatriation-follow-up.ts, due at the dates the decision set), and of
 * the detainee's request for their own file (MR9; own-file.ts). Each is
 * a limit from the instant the register received the matter, with an alert window before it,
 * in the vocabulary of CLOCKS.md: `running`, `due_soon`, `met`, `met_late`, `breached`. The
 * numbers are configuration (`ResponseClockRules`); these are the defaults.
 */
export interface ResponseClockRules {
  /** Hours from receipt within which a request or complaint is answered. */
  readonly complaintAnswerHours: number;
  readonly complaintAlertHours: number;
  /** Hours from the allegation within which the independent authority acknowledges the referral; past them it is escalated. */
  readonly referralEscalationHours: number;
  readonly referralAlertHours: number;
  /** Hours before a classification's review date from which its clock is due soon (classification.ts). */
  readonly classificationReviewAlertHours: number;
  /** Hours before a consular notification's deadline (consular-notification.ts) from which it is due soon. */
  readonly consularAlertHours: number;
  /** Days after a repatriation request without the state's answer at which a reminder is due (repatriation-reminder.ts). */
  readonly stateAnswerReminderDays: number;
  /** Days after the reminder fell due, still without an answer, at which the matter is escalated. */
  readonly stateAnswerEscalationDays: number;
  /** Hours before the reminder's and the escalation's limits from which they are due soon. */
  readonly stateAnswerAlertHours: number;
  /** Hours before a contact after a return falls due (repatriation-follow-up.ts) from which it is due soon. */
  readonly followUpAlertHours: number;
  /** Hours from the detainee's (or counsel's) request for their own file within which a copy is given (own-file.ts, MR9), and its alert window. */
  readonly ownFileAnswerHours: number;
  readonly ownFileAlertHours: number;
}

export const defaultResponseClockRules: ResponseClockRules = {
  complaintAnswerHours: 7 * 24,
  complaintAlertHours: 48,
  referralEscalationHours: 24,
  referralAlertHours: 6,
  classificationReviewAlertHours: 7 * 24,
  consularAlertHours: 24,
  stateAnswerReminderDays: 30,
  stateAnswerEscalationDays: 15,
  stateAnswerAlertHours: 72,
  followUpAlertHours: 7 * 24,
  ownFileAnswerHours: 7 * 24,
  ownFileAlertHours: 48,
};

export type ResponseClockStatus = 'running' | 'due_soon' | 'met' | 'met_late' | 'breached';

/**
 * A clock's status at `now`: done at or before `due` is met (limits are inclusive), done after
 * it met late; not done, breached once `now` is past `due`, due soon inside the closed alert window.
 */
export function responseClockStatus(due: string, done: string | null, now: string, alertHours: number): ResponseClockStatus {
  const limit = Date.parse(due);
  if (done !== null) return Date.parse(done) <= limit ? 'met' : 'met_late';
  const at = Date.parse(now);
  if (at > limit) return 'breached';
  return at >= limit - alertHours * 3_600_000 ? 'due_soon' : 'running';
}
