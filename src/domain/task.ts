/**
 * Follow-up tasks the law calls for: an item recorded as unknown, a medical examination, a
 * referral to an independent authority, a notification. Each has a due time; an overdue task
 * is visible, never silent.
 */
import { hoursAfter, type DecisionContext } from './decision.ts';
import type { TaskKind, TaskOpened } from './events.ts';

/** A task due some hours after the event that opens it (or after now, if that was earlier). */
export function openTask(ctx: DecisionContext, task: TaskKind, reason: string, dueInHours: number, occurredAt: string): TaskOpened {
  return { task_id: ctx.newId(), task, reason, due_at: hoursAfter(occurredAt > ctx.now ? ctx.now : occurredAt, dueInHours) };
}
