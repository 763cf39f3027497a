/**
 * Follow-up tasks the law calls for: an item recorded as unknown, a medical examination, a
 * referral to an independent authority, a notification. Each has a due time; an overdue task
 * is visible, never silent.
 */
import { hoursAfter, type DecisionContext } from './decision.ts';
import { newEvent, type NewEvent, type TaskKind } from './events.ts';

/** A `task.opened` event about a person. */
export function openTask(
  ctx: DecisionContext,
  personId: string,
  task: TaskKind,
  reason: string,
  dueInHours: number,
  occurredAt: string,
): NewEvent<'task.opened'> {
  return newEvent('task.opened', personId, occurredAt, {
    task_id: ctx.newId(),
    task,
    reason,
    due_at: hoursAfter(occurredAt > ctx.now ? ctx.now : occurredAt, dueInHours),
  });
}
