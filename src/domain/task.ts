/**
 * Follow-up tasks the law calls for: an item recorded as unknown, a medical examination, a
 * referral to an independent authority, a notification. Each has a due time; an overdue task
 * is visible, never silent.
 */
import { filled, hoursAfter, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type TaskKind, type TaskOpened } from './events.ts';
import { reject } from './rejection.ts';
import { isInstant } from './values.ts';

/** A task due some hours after the event that opens it (or after now, if that was earlier). */
export function openTask(ctx: DecisionContext, task: TaskKind, reason: string, dueInHours: number, occurredAt: string): TaskOpened {
  return { task_id: ctx.newId(), task, reason, due_at: hoursAfter(occurredAt > ctx.now ? ctx.now : occurredAt, dueInHours) };
}

/** A task as its completion sees it. */
export interface TaskOnRecord {
  readonly task_id: string;
  readonly person_id: string;
  readonly status: 'open' | 'done';
  /** When the event that opened it occurred (ISO). */
  readonly opened_at: string;
}

export interface CompleteTask {
  readonly person_id: string;
  readonly task_id: string;
  /** What was done: the examination's outcome, who was told and how, the item now recorded… */
  readonly outcome: string;
  /** When it was done (ISO 8601 with offset); not before the task was opened, not in the future. */
  readonly done_at: string;
}

/** Record that a follow-up was done: by whom (the actor), when, and what was done. A task is done once. */
export function decideCompleteTask(task: TaskOnRecord | null, input: CompleteTask, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!task || task.person_id !== input.person_id) return reject('not_found', 'no task with this id on this person', '/task_id');
  if (task.status !== 'open') return reject('invalid_transition', 'the task is already done', '/task_id');
  if (!filled(input.outcome)) return reject('missing_item', 'say what was done', '/outcome');
  if (!isInstant(input.done_at)) return reject('invalid_value', 'done_at is ISO 8601 with an offset, e.g. 2026-03-01T10:00:00+03:00', '/done_at');
  if (Date.parse(input.done_at) > Date.parse(ctx.now) + 5 * 60_000) return reject('invalid_value', 'done_at cannot be in the future', '/done_at');
  if (Date.parse(input.done_at) < Date.parse(task.opened_at)) return reject('invalid_value', `done_at is before the task was opened (${task.opened_at})`, '/done_at');
  return [newEvent('person.task_completed', input.person_id, input.done_at, { task_id: task.task_id, outcome: input.outcome.trim(), done_by: ctx.actor })];
}
