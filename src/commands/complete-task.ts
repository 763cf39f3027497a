import { decideCompleteTask, type CompleteTask, type TaskOnRecord } from '../domain/task.ts';
import { isUuid } from '../domain/values.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record that a follow-up task was done: what, when, by whom. Tasks of one person are completed one after another (the person's row is locked). */
export const completeTask: CommandDefinition<CompleteTask, TaskOnRecord | null, { task_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'complete-task',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    if (!isUuid(input.task_id) || !isUuid(input.person_id)) return null;
    const { rows } = await tx.query<{ task_id: string; person_id: string; status: 'open' | 'done'; opened_at: Date }>(
      'SELECT t.id AS task_id, t.person_id, t.status, e.occurred_at AS opened_at FROM task t JOIN event e ON e.idx = t.opened_idx WHERE t.id = $1',
      [input.task_id],
    );
    const r = rows[0];
    return r ? { ...r, opened_at: new Date(r.opened_at).toISOString() } : null;
  },
  decide: (task, input, ctx) => decideCompleteTask(task, input, ctx),
  respond: (events, input) => ({ task_id: input.task_id, events: eventSummary(events) }),
};
