/**
 * The states desk (issue 15): per state of nationality with a recorded profile, the figure the
 * government uses to press each state — its nationals held (men, women, children), their
 * repatriation cases by stage, consular notifications sent and owed (and overdue), the requests
 * unanswered for more than the reminder clock's days, the cases the state has accepted, and those
 * returned and in follow-up — and the list of its nationals awaiting its answer, for the letter
 * to that state. A liaison officer's scope is one state: the query
 * reads that state only.
 */
import { repatriationStatuses, type RepatriationStatus } from '../domain/repatriation.ts';
import { responseClockRules } from '../store/complaints.ts';
import { registerDay } from '../store/clock-projection.ts';
import type { Queryable } from '../store/database.ts';
import { repatriationScopeSql, type RepatriationScope } from './repatriation-file.ts';

export interface StateReportRow {
  readonly state: string;
  /** Nationals held now (in custody or in transit): adult men, adult women, children (under 18, or possibly so). */
  readonly held: { readonly men: number; readonly women: number; readonly children: number; readonly other: number };
  /** Repatriation cases by status (every status, zero included). */
  readonly cases: Readonly<Record<RepatriationStatus, number>>;
  /** Consular notifications: sent; owed and not sent; of those, past their deadline; refusals respected. */
  readonly notifications: { readonly sent: number; readonly owed: number; readonly overdue: number; readonly refused: number };
  /** Cases the state has accepted and not withdrawn (accepted onwards, returned included). */
  readonly accepted: number;
  /** Requests awaiting the state's answer for more than the reminder clock's days (`unansweredAfterDays`). */
  readonly unanswered: number;
}

/** The days after which a request awaiting the state's answer counts as unanswered (the reminder clock's: response-clock.ts). */
export const unansweredAfterDays = (): number => responseClockRules().stateAnswerReminderDays;

/** Statuses reached only once the state accepted (and did not withdraw). */
const afterAcceptance: readonly RepatriationStatus[] = ['accepted', 'nationality_confirmed', 'safeguards_assessed', 'reviewed', 'approved', 'suspended', 'returned', 'followed_up'];

/** Statuses in which the state's answer is awaited. */
export const awaitingAnswer: readonly RepatriationStatus[] = ['request_sent', 'no_answer'];

/** A query's parameters, the first given, and the scope's condition on its state and person appended. */
function scoped(scope: RepatriationScope, state: string, person: string, ...first: unknown[]): { params: unknown[]; reached: string } {
  const params = [...first];
  return { params, reached: repatriationScopeSql(scope, state, person, params) };
}

/** The report, one row per state with a recorded profile (a liaison: its own), in code order; the scope is applied in every query. */
export async function statesReport(q: Queryable, now: Date, scope: RepatriationScope): Promise<StateReportRow[]> {
  const day = registerDay(now);
  // A liaison's report has its own state's row; everyone else's every state's, counting the persons they reach.
  const profiles = scoped(scope === 'every_state' || 'within' in scope ? 'every_state' : scope, 'state', 'NULL');
  const { rows: states } = await q.query<{ state: string }>(`SELECT state FROM state_profile WHERE ${profiles.reached} ORDER BY state`, profiles.params);
  const codes = states.map((s) => s.state);
  const held = scoped(scope, 'n.state', 'p.id', codes, day);
  const cases = scoped(scope, 'state', 'person_id', codes);
  const notes = scoped(scope, 'state', 'person_id', codes, now.toISOString());
  const waiting = scoped(scope, 'state', 'person_id', codes, awaitingAnswer, new Date(now.getTime() - unansweredAfterDays() * 86_400_000).toISOString());
  const [heldRows, caseRows, noteRows, waitingRows] = await Promise.all([
    // Counted in the database, a hundred thousand persons' rows never leave it: a child is anyone
    // whose youngest possible age (values.ts youngestAgeOn, the same arithmetic on the same
    // strings) is under 18 on the day; an unknown date of birth counts by sex.
    q.query<{ state: string; men: string | number; women: string | number; children: string | number; other: string | number }>(
      `SELECT state, count(*) FILTER (WHERE minor) AS children, count(*) FILTER (WHERE NOT minor AND sex = 'male') AS men,
              count(*) FILTER (WHERE NOT minor AND sex = 'female') AS women, count(*) FILTER (WHERE NOT minor AND sex NOT IN ('male', 'female')) AS other
         FROM (SELECT n.state, p.sex,
                      COALESCE((left($2::text, 4)::int - left(latest, 4)::int) - CASE WHEN substr($2::text, 6) >= substr(latest, 6) THEN 0 ELSE 1 END < 18, false) AS minor
                 FROM person p CROSS JOIN LATERAL unnest(p.nationalities) AS n(state)
                 CROSS JOIN LATERAL (SELECT CASE p.dob->>'kind' WHEN 'exact' THEN p.dob->>'date' WHEN 'year' THEN (p.dob->>'year') || '-12-31' WHEN 'range' THEN p.dob->>'to' END AS latest) l
                WHERE p.custody_status IN ('in_custody', 'in_transit') AND p.merged_into IS NULL AND n.state = ANY($1) AND ${held.reached}) held
        GROUP BY state`,
      held.params,
    ),
    q.query<{ state: string; status: RepatriationStatus; n: string | number }>(`SELECT state, status, count(*) AS n FROM repatriation_case WHERE state = ANY($1) AND ${cases.reached} GROUP BY state, status`, cases.params),
    q.query<{ state: string; sent: string | number; owed: string | number; overdue: string | number; refused: string | number }>(
      `SELECT state, count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent, count(*) FILTER (WHERE sent_at IS NULL AND due_at IS NOT NULL) AS owed,
              count(*) FILTER (WHERE sent_at IS NULL AND due_at < $2) AS overdue, count(*) FILTER (WHERE due_at IS NULL AND sent_at IS NULL) AS refused
         FROM consular_notification WHERE state = ANY($1) AND ${notes.reached} GROUP BY state`,
      notes.params,
    ),
    q.query<{ state: string; n: string | number }>(
      `SELECT state, count(*) AS n FROM repatriation_case WHERE state = ANY($1) AND status = ANY($2) AND (record->'request'->>'sent_at')::timestamptz < $3 AND ${waiting.reached} GROUP BY state`,
      waiting.params,
    ),
  ]);
  return codes.map((state) => {
    const h = heldRows.rows.find((r) => r.state === state);
    const counts = { men: Number(h?.men ?? 0), women: Number(h?.women ?? 0), children: Number(h?.children ?? 0), other: Number(h?.other ?? 0) };
    const byStatus = Object.fromEntries(repatriationStatuses.map((s) => [s, 0])) as Record<RepatriationStatus, number>;
    for (const r of caseRows.rows) if (r.state === state) byStatus[r.status] = Number(r.n);
    const n = noteRows.rows.find((r) => r.state === state);
    return {
      state,
      held: counts,
      cases: byStatus,
      notifications: { sent: Number(n?.sent ?? 0), owed: Number(n?.owed ?? 0), overdue: Number(n?.overdue ?? 0), refused: Number(n?.refused ?? 0) },
      accepted: afterAcceptance.reduce((sum, s) => sum + byStatus[s], 0),
      unanswered: Number(waitingRows.rows.find((r) => r.state === state)?.n ?? 0),
    };
  });
}

export interface AwaitingEntry {
  readonly case_id: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly status: RepatriationStatus;
  readonly sent_at: string;
  readonly reference: string;
  readonly requests_sent: number;
}

/** A state's nationals whose repatriation request awaits its answer, the oldest request first; only the cases the scope reaches (in the query). */
export async function awaitingStateAnswer(q: Queryable, state: string, scope: RepatriationScope): Promise<AwaitingEntry[]> {
  const { params, reached } = scoped(scope, 'r.state', 'r.person_id', state, awaitingAnswer);
  const { rows } = await q.query<AwaitingEntry>(
    `SELECT r.id AS case_id, r.person_id, p.register_number, r.status, r.record->'request'->>'sent_at' AS sent_at, r.record->'request'->>'reference' AS reference,
            (r.record->>'requests_sent')::int AS requests_sent
       FROM repatriation_case r JOIN person p ON p.id = r.person_id
      WHERE r.state = $1 AND r.status = ANY($2) AND ${reached}
      ORDER BY (r.record->'request'->>'sent_at')::timestamptz, r.opened_idx`,
    params,
  );
  return rows;
}
