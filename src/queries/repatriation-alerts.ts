/**
 * The repatriation desk's alerts on the dashboard: the reminders, escalations and contacts after
 * a return (repatriation-reminder.ts, repatriation-follow-up.ts) still open and past their limit
 * or inside their alert window, the earliest first, each with its case; and how many there are.
 * The reader's scope is applied in the query, before the limit.
 */
import type { TaskKind } from '../domain/events.ts';
import type { ResponseClockRules } from '../domain/response-clock.ts';
import type { Queryable } from '../store/database.ts';
import { everyPerson, type PersonFilter } from './person-filter.ts';

export const repatriationTaskKinds = ['state_answer_reminder', 'state_answer_escalation', 'repatriation_follow_up'] as const satisfies readonly TaskKind[];

export interface RepatriationAlert {
  readonly task_id: string;
  readonly kind: (typeof repatriationTaskKinds)[number];
  readonly due_at: string;
  readonly overdue: boolean;
  readonly person_id: string;
  readonly register_number: string;
  readonly case_id: string;
  readonly state: string;
}

export interface RepatriationAlerts {
  readonly overdue: number;
  readonly due_soon: number;
  readonly alerts: readonly RepatriationAlert[];
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Open repatriation tasks overdue or due within their alert window (the contacts' window for contacts, the reminder clock's for the others). */
export async function repatriationAlerts(
  q: Queryable,
  now: Date,
  rules: Pick<ResponseClockRules, 'stateAnswerAlertHours' | 'followUpAlertHours'>,
  limit: number,
  within: PersonFilter = everyPerson,
): Promise<RepatriationAlerts> {
  const params: unknown[] = [now.toISOString(), rules.stateAnswerAlertHours, rules.followUpAlertHours, [...repatriationTaskKinds], limit];
  const reached = within('t.person_id', params);
  const { rows } = await q.query<RepatriationAlert & { overdue_total: number; due_soon_total: number }>(
    `SELECT t.id AS task_id, t.kind, ${iso('t.due_at')} AS due_at, t.due_at < $1::timestamptz AS overdue, t.person_id, p.register_number, r.id AS case_id, r.state,
            count(*) FILTER (WHERE t.due_at < $1::timestamptz) OVER ()::int AS overdue_total,
            count(*) FILTER (WHERE t.due_at >= $1::timestamptz) OVER ()::int AS due_soon_total
       FROM task t JOIN person p ON p.id = t.person_id
       JOIN repatriation_case r ON r.person_id = t.person_id AND r.status <> 'closed'
      WHERE t.status = 'open' AND t.kind = ANY($4)
        AND t.due_at <= $1::timestamptz + make_interval(hours => CASE WHEN t.kind = 'repatriation_follow_up' THEN $3::int ELSE $2::int END)
        AND ${reached}
      ORDER BY t.due_at, t.id LIMIT $5`,
    params,
  );
  return { overdue: rows[0]?.overdue_total ?? 0, due_soon: rows[0]?.due_soon_total ?? 0, alerts: rows.map(({ overdue_total: _o, due_soon_total: _d, ...r }) => r) };
}
