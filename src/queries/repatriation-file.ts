/**
 * Repatriation cases as the API shows them: a case with its person's register number and
 * what blocks the person's travel (courtBlockers), and the list of cases by state and status.
 */
import { consularClock, type ConsularNotification } from '../domain/consular-notification.ts';
import { courtBlockers, type RepatriationCase, type RepatriationStatus } from '../domain/repatriation.ts';
import type { ResponseClockStatus } from '../domain/response-clock.ts';
import { youngestAgeOn, type DateOfBirth } from '../domain/values.ts';
import { responseClockRules } from '../store/complaints.ts';
import { loadConsularNotification } from '../store/consular-notifications.ts';
import type { Queryable } from '../store/database.ts';
import { parseEventBytes } from '../store/event-log.ts';
import { courtCasesOf, loadRepatriation } from '../store/repatriations.ts';
import { registerDay } from '../store/clock-projection.ts';

/** One event of a case's history: what, when it happened and was recorded, by whom. */
export interface RepatriationHistoryEntry {
  readonly idx: number;
  readonly kind: string;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly actor: string;
}

export interface RepatriationView extends RepatriationCase {
  readonly register_number: string;
  readonly blockers: readonly { court_case_id: string; reference: string; court: string; stage: string }[];
  readonly history: readonly RepatriationHistoryEntry[];
  /** The consular notification for the case's state (null before the person is told), and its clock (null when nothing is owed). */
  readonly consular: ConsularNotification | null;
  readonly consular_clock: { readonly status: ResponseClockStatus; readonly due: string } | null;
  /** The person is a minor today (a best-interests assessment is then required before approval). */
  readonly minor: boolean;
}

/** The case's events, in log order (its person's chain holds them, with their other events). */
async function repatriationHistory(q: Queryable, c: RepatriationCase): Promise<RepatriationHistoryEntry[]> {
  const { rows } = await q.query<{ idx: string | number; bytes: Uint8Array }>(`SELECT idx, bytes FROM event WHERE person_id = $1 AND kind LIKE 'repatriation.%' ORDER BY idx`, [c.person_id]);
  return rows.flatMap(({ idx, bytes }) => {
    const { event } = parseEventBytes(Number(idx), bytes);
    if ((event.data as { repatriation_id?: string }).repatriation_id !== c.id) return [];
    return [{ idx: Number(idx), kind: event.kind, occurred_at: event.occurred_at, recorded_at: event.recorded_at, actor: event.actor }];
  });
}

/**
 * Which repatriation cases a reader sees: every case (the desk, monitors), or only those of one
 * state (a liaison officer of that state; `state: null` — a liaison bound to no state — sees none).
 */
export type RepatriationScope = 'every_state' | { readonly state: string | null };

const inScope = (scope: RepatriationScope, state: string) => scope === 'every_state' || scope.state === state;

/** A repatriation case the reader's scope holds, or null (one outside it is as if it did not exist). */
export async function repatriationFile(q: Queryable, id: string, scope: RepatriationScope, now: Date): Promise<RepatriationView | null> {
  const found = await loadRepatriation(q, id);
  if (!found || !inScope(scope, found.state)) return null;
  const { rows } = await q.query<{ register_number: string; dob: DateOfBirth | null }>('SELECT register_number, dob FROM person WHERE id = $1', [found.person_id]);
  const age = rows[0]!.dob ? youngestAgeOn(rows[0]!.dob, registerDay(now)) : null;
  const blockers = courtBlockers({ case: found, courtCases: await courtCasesOf(q, found.person_id) });
  const consular = await loadConsularNotification(q, found.person_id, found.state);
  return {
    ...found,
    register_number: rows[0]!.register_number,
    blockers: blockers.map((b) => ({ court_case_id: b.id, reference: b.reference, court: b.court, stage: b.stage })),
    history: await repatriationHistory(q, found),
    minor: age !== null && age < 18,
    consular,
    consular_clock: consular ? consularClock(consular, now.toISOString(), responseClockRules().consularAlertHours) : null,
  };
}

export interface RepatriationListEntry {
  readonly id: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly state: string;
  readonly status: RepatriationStatus;
  /** An open case before an Iraqi court without a decision permitting travel. */
  readonly blocked: boolean;
}

/** Cases in the reader's scope, filtered by state, status and person, the oldest first (at most `limit`); the scope is applied in the query. */
export async function repatriationList(q: Queryable, filter: { state?: string; status?: RepatriationStatus; person_id?: string }, scope: RepatriationScope, limit = 500): Promise<RepatriationListEntry[]> {
  if (scope !== 'every_state' && (scope.state === null || (filter.state !== undefined && filter.state !== scope.state))) return [];
  const state = scope === 'every_state' ? filter.state : scope.state;
  const { rows } = await q.query<RepatriationListEntry>(
    `SELECT r.id, r.person_id, p.register_number, r.state, r.status,
            EXISTS (SELECT 1 FROM court_case c WHERE c.person_id = r.person_id AND c.stage <> 'final'
                     AND NOT (r.record->'court_permissions') @> jsonb_build_array(jsonb_build_object('court_case_id', c.id::text))) AS blocked
       FROM repatriation_case r JOIN person p ON p.id = r.person_id
      WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.status = $2) AND ($4::uuid IS NULL OR r.person_id = $4::uuid)
      ORDER BY r.opened_idx LIMIT $3`,
    [state ?? null, filter.status ?? null, limit, filter.person_id ?? null],
  );
  return rows;
}
