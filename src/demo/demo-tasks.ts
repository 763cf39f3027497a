/**
 * The demo's follow-up tasks as a working register has them: most done in time, a few due, a
 * few late. The rule, applied to the tasks open once the demo's history is recorded, in order of
 * their due time: a task not yet due stays open (due); of those already due, one in
 * {@link lateOneIn} — the first, and every {@link lateOneIn}th after it — was never done (late);
 * every other was done half-way between its opening and its due time, by the demo's officer,
 * with what was done written as a clerk would. Recorded through the write path, in as few
 * commands as a command holds tasks (src/commands/complete-tasks.ts).
 */
import { randomUUID } from 'node:crypto';
import { execute, type Register } from '../commands/execute.ts';
import { completeTasks, maxTasksPerCommand } from '../commands/complete-tasks.ts';
import type { CompleteTask } from '../domain/task.ts';
import type { TaskKind } from '../domain/events.ts';
import { demoActor } from './demo-accounts.ts';

/** Of the tasks already due when the demo is loaded, one in this many was left undone. */
export const lateOneIn = 200;

/**
 * What was done, by kind of task (fictional, in Arabic as the clerks write). The repatriation
 * desk's tasks — reminders, escalations, contacts after a return — are answered by the steps of
 * their cases (demo-repatriations.ts), never here.
 */
const outcomes: Readonly<Partial<Record<TaskKind, string>>> = {
  complete_admission_item: 'استُكمل البند بما أفادت به الجهة المرسِلة (وهمي)',
  medical_examination: 'فحصه طبيب المرفق؛ لا ملاحظات (وهمي)',
  ill_treatment_referral: 'أُحيلت الإصابات إلى الطب العدلي والادعاء العام (وهمي)',
  independent_death_referral: 'أُبلغت جهة مستقلة عن المرفق (وهمي)',
  notify_family: 'أُبلغت العائلة هاتفيًا (وهمي)',
  notify_consular_post: 'أُبلغت البعثة القنصلية كتابيًا بطلب منه (وهمي)',
  age_assessment: 'قُدِّر العمر بفحص طبي: بالغ (وهمي)',
  independent_incident_referral: 'أُبلغت جهة مستقلة عن المرفق بالحادثة (وهمي)',
};

/** Complete the demo's tasks by the rule above; returns how many were completed. */
export async function completeDemoTasks(register: Register, now: Date): Promise<number> {
  const { rows } = await register.db.query<{ id: string; person_id: string; kind: TaskKind; opened_at: Date; due_at: Date }>(
    `SELECT t.id, t.person_id, t.kind, e.occurred_at AS opened_at, t.due_at
       FROM task t JOIN event e ON e.idx = t.opened_idx
      WHERE t.status = 'open' AND t.due_at <= $1 AND t.kind = ANY($2) ORDER BY t.due_at, t.id`,
    [now.toISOString(), Object.keys(outcomes)],
  );
  const done: CompleteTask[] = rows
    .filter((_, i) => i % lateOneIn !== 0)
    .map((t) => {
      const opened = new Date(t.opened_at).getTime();
      return { person_id: t.person_id, task_id: t.id, outcome: outcomes[t.kind]!, done_at: new Date(Math.ceil(opened + (new Date(t.due_at).getTime() - opened) / 2)).toISOString() };
    });
  for (let i = 0; i < done.length; i += maxTasksPerCommand) {
    const outcome = await execute(register, completeTasks, { tasks: done.slice(i, i + maxTasksPerCommand) }, { actor: demoActor('facility_officer'), role: 'facility_officer', idempotencyKey: randomUUID() });
    if (!outcome.ok) throw new Error(`demo tasks: completion refused: ${JSON.stringify(outcome)}`);
  }
  return done.length;
}
