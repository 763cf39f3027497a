/**
 * Complaints in figures (MR10: trend data on complaints), for the independent authority: how many
 * requests and complaints there are by subject, by where their answer stands now, and by the month
 * they were received on the register's local time (the clocks' configured offset: local-day.ts).
 * Counts only: no person is named, so nothing is read of anyone's record.
 */
import { complaintStandings, type ComplaintStanding, type ComplaintSubject } from '../domain/complaint.ts';
import { clockRules } from '../store/clock-projection.ts';
import type { Queryable } from '../store/database.ts';

export interface ComplaintFigures {
  readonly total: number;
  readonly by_subject: readonly { readonly subject: ComplaintSubject; readonly count: number }[];
  readonly by_standing: readonly { readonly standing: ComplaintStanding; readonly count: number }[];
  readonly by_month: readonly { readonly month: string; readonly count: number }[];
}

export async function complaintFigures(q: Queryable, now: Date): Promise<ComplaintFigures> {
  const { rows } = await q.query<{ subject: ComplaintSubject | null; standing: ComplaintStanding | null; month: string | null; count: number }>(
    `WITH c AS (
       SELECT record->>'subject' AS subject,
              to_char(((record->>'received_at')::timestamptz AT TIME ZONE 'UTC') + make_interval(mins => $2), 'YYYY-MM') AS month,
              CASE WHEN answered THEN CASE WHEN (record->'answer'->>'answered_at')::timestamptz <= due_at THEN 'answered' ELSE 'answered_late' END
                   WHEN due_at < $1::timestamptz THEN 'overdue' ELSE 'awaiting' END AS standing
         FROM complaint)
     SELECT subject, standing, month, count(*)::int AS count FROM c GROUP BY GROUPING SETS ((subject), (standing), (month), ())`,
    [now.toISOString(), clockRules().utcOffsetMinutes],
  );
  const of = <K extends 'subject' | 'standing' | 'month'>(key: K) => rows.filter((r) => r[key] !== null);
  return {
    total: rows.find((r) => r.subject === null && r.standing === null && r.month === null)?.count ?? 0,
    by_subject: of('subject').map((r) => ({ subject: r.subject!, count: r.count })).sort((a, b) => b.count - a.count || a.subject.localeCompare(b.subject)),
    by_standing: complaintStandings.map((standing) => ({ standing, count: of('standing').find((r) => r.standing === standing)?.count ?? 0 })),
    by_month: of('month').map((r) => ({ month: r.month!, count: r.count })).sort((a, b) => a.month.localeCompare(b.month)),
  };
}
