/**
 * Many follow-up tasks recorded as done at once — a backlog entered from the paper registers,
 * or the demo register's history (src/demo/demo-tasks.ts): each task decided as a single
 * completion is (task.ts `decideCompleteTask`), in one transaction. All or nothing: one refused
 * task refuses them all, and the rejection names the task's position.
 */
import type { Decision } from '../domain/decision.ts';
import type { NewEvent } from '../domain/events.ts';
import { decideCompleteTask, type CompleteTask, type TaskOnRecord } from '../domain/task.ts';
import { isRejection, reject } from '../domain/rejection.ts';
import { isUuid } from '../domain/values.ts';
import { lockPersons } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

export interface CompleteTasks {
  readonly tasks: readonly CompleteTask[];
}

/** Tasks of one command at most: a backlog is completed in several. */
export const maxTasksPerCommand = 1000;

export const completeTasks: CommandDefinition<CompleteTasks, ReadonlyMap<string, TaskOnRecord>, { completed: number }> = {
  kind: 'complete-tasks',
  lock: (tx, input) => lockPersons(tx, [...new Set(input.tasks.map((t) => t.person_id).filter(isUuid))]),
  async load(tx, input) {
    const ids = input.tasks.map((t) => t.task_id).filter(isUuid);
    const { rows } = await tx.query<{ task_id: string; person_id: string; status: 'open' | 'done'; opened_at: Date }>(
      'SELECT t.id AS task_id, t.person_id, t.status, e.occurred_at AS opened_at FROM task t JOIN event e ON e.idx = t.opened_idx WHERE t.id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.task_id, { ...r, opened_at: new Date(r.opened_at).toISOString() }]));
  },
  decide(tasks, input, ctx): Decision {
    if (input.tasks.length === 0 || input.tasks.length > maxTasksPerCommand) {
      return reject('invalid_value', `give 1 to ${maxTasksPerCommand} tasks`, '/tasks');
    }
    const events: NewEvent[] = [];
    const seen = new Set<string>();
    for (const [i, task] of input.tasks.entries()) {
      // A task named twice would be done twice: the second is refused as a single one would be.
      const onRecord = tasks.get(task.task_id) ?? null;
      const decided = decideCompleteTask(seen.has(task.task_id) && onRecord ? { ...onRecord, status: 'done' } : onRecord, task, ctx);
      if (isRejection(decided)) return { ...decided, field: `/tasks/${i}${decided.field ?? ''}` };
      seen.add(task.task_id);
      events.push(...decided);
    }
    return events;
  },
  respond: (events) => ({ completed: events.length }),
};
