/**
 * The reminder clock of a request awaiting the state's answer (issue 15): no answer
 * `stateAnswerReminderDays` after the request (30 by default) and a reminder to the state is
 * due; `stateAnswerEscalationDays` more (15) and the matter is escalated — raised above the desk,
 * with the state at a higher level. Both are follow-up tasks the request opens (task.ts), due at
 * those instants, so they show wherever a follow-up due shows (the dashboard's deadlines, the
 * person's record). A reminder sent to the state, and an escalation recorded, are steps of the
 * case, each answering its task; the state's answer, a new request or the case's end answers
 * whichever is still open. On the case each is a response clock (response-clock.ts): running,
 * due soon, met, met late, breached.
 *
 * Pure: the request's instant, the configured days and fresh ids come in.
 */
import { hoursAfter } from './decision.ts';
import type { TaskOpened } from './events.ts';
import { responseClockStatus, type ResponseClockRules, type ResponseClockStatus } from './response-clock.ts';
import type { RequestChannel } from './repatriation.ts';

/** The days of the reminder clock, and its alert window (response-clock.ts). */
export type StateAnswerRules = Pick<ResponseClockRules, 'stateAnswerReminderDays' | 'stateAnswerEscalationDays' | 'stateAnswerAlertHours'>;

/** The reminder clock of the latest request, as the case keeps it. */
export interface StateAnswerClock {
  readonly remind_at: string;
  readonly reminder_task_id: string;
  readonly escalate_at: string;
  readonly escalation_task_id: string;
  readonly reminded: { readonly sent_at: string; readonly channel: RequestChannel; readonly reference: string; readonly sent_by: string } | null;
  readonly escalated: { readonly escalated_at: string; readonly to: string; readonly reference: string; readonly note: string; readonly escalated_by: string } | null;
}

/** The two tasks a request opens: a reminder due N days after it, an escalation M days after that. */
export function reminderTasks(sentAt: string, state: string, reference: string, rules: StateAnswerRules, newId: () => string): TaskOpened[] {
  const remindAt = hoursAfter(sentAt, rules.stateAnswerReminderDays * 24);
  return [
    { task_id: newId(), task: 'state_answer_reminder', reason: `remind ${state} of the request ${reference}, unanswered ${rules.stateAnswerReminderDays} days after it was sent`, due_at: remindAt },
    {
      task_id: newId(),
      task: 'state_answer_escalation',
      reason: `escalate the request ${reference} to ${state}, still unanswered ${rules.stateAnswerEscalationDays} days after the reminder fell due`,
      due_at: hoursAfter(remindAt, rules.stateAnswerEscalationDays * 24),
    },
  ];
}

/** The clock of a request from the tasks it opened (null for a request recorded before the clock existed). */
export function clockOfRequest(tasks: readonly TaskOpened[] | undefined): StateAnswerClock | null {
  const reminder = tasks?.find((t) => t.task === 'state_answer_reminder');
  const escalation = tasks?.find((t) => t.task === 'state_answer_escalation');
  if (!reminder || !escalation) return null;
  return { remind_at: reminder.due_at, reminder_task_id: reminder.task_id, escalate_at: escalation.due_at, escalation_task_id: escalation.task_id, reminded: null, escalated: null };
}

export interface AnswerClocks {
  readonly reminder: { readonly status: ResponseClockStatus; readonly due: string };
  readonly escalation: { readonly status: ResponseClockStatus; readonly due: string };
}

/**
 * Where the clocks stand at `now` for a request still awaiting its answer: the reminder met once
 * it was sent (or the matter escalated), the escalation once recorded (each late if after its
 * limit); null when no clock runs.
 */
export function answerClocks(clock: StateAnswerClock | null, now: string, alertHours: number): AnswerClocks | null {
  if (!clock) return null;
  return {
    // An escalation before any reminder answers the reminder too: the state was pressed harder.
    reminder: { status: responseClockStatus(clock.remind_at, clock.reminded?.sent_at ?? clock.escalated?.escalated_at ?? null, now, alertHours), due: clock.remind_at },
    escalation: { status: responseClockStatus(clock.escalate_at, clock.escalated?.escalated_at ?? null, now, alertHours), due: clock.escalate_at },
  };
}
