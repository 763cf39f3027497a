/**
 * Repatriation cases as the API shows them: a case with its person's register number and
 * what blocks the person's travel (courtBlockers), and the list of cases by state and status.
 */
import { consularClock, type ConsularNotification } from '../domain/consular-notification.ts';
import { courtBlockers, type RepatriationCase, type RepatriationStatus } from '../domain/repatriation.ts';
import type { ResponseClockStatus } from '../domain/response-clock.ts';
import type { ConsularNotificationPolicy } from '../domain/state-profile.ts';
import { youngestAgeOn, type DateOfBirth } from '../domain/values.ts';
import { responseClockRules } from '../store/complaints.ts';
import { loadConsularNotification } from '../store/consular-notifications.ts';
import type { Queryable } from '../store/database.ts';
import { parseEventBytes } from '../store/event-log.ts';
import type { PersonFilter } from './person-filter.ts';
import { courtCasesOf, loadRepatriation, loadStateProfile } from '../store/repatriations.ts';

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
  /** The consular-notification policy of the case's state as its profile now stands (null: none recorded). */
  readonly consular_policy: ConsularNotificationPolicy | null;
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
 * Which repatriation cases a reader sees: every case (the desk, monitors), only those of one
 * state (a liaison officer of that state; `state: null` — a liaison bound to no state — sees none),
 * or those of the persons a filter reaches (an official bound to facilities or courts: the
 * persons held in them, as src/api/scope.ts decides).
 */
export type RepatriationScope = 'every_state' | { readonly state: string | null } | { readonly within: PersonFilter };

/**
 * The scope as a condition on a query's case, given the SQL of the case's state and of its
 * person's id; appends its parameters to `params`.
 */
export function repatriationScopeSql(scope: RepatriationScope, state: string, person: string, params: unknown[]): string {
  if (scope === 'every_state') return 'TRUE';
  if ('within' in scope) return scope.within(person, params);
  if (scope.state === null) return 'FALSE';
  params.push(scope.state);
  return `${state} = $${params.length}`;
}

async function inScope(q: Queryable, scope: RepatriationScope, c: Pick<RepatriationCase, 'state' | 'person_id'>): Promise<boolean> {
  const params: unknown[] = [c.state, c.person_id];
  const { rows } = await q.query(`SELECT 1 FROM (SELECT $1::text AS state, $2::uuid AS person_id) c WHERE ${repatriationScopeSql(scope, 'c.state', 'c.person_id', params)}`, params);
  return rows.length > 0;
}

/** A repatriation case the reader's scope holds, or null (one outside it is as if it did not exist). */
export async function repatriationFile(q: Queryable, id: string, scope: RepatriationScope, now: Date): Promise<RepatriationView | null> {
  const found = await loadRepatriation(q, id);
  if (!found || !(await inScope(q, scope, found))) return null;
  const { rows } = await q.query<{ register_number: string; dob: DateOfBirth | null }>('SELECT register_number, dob FROM person WHERE id = $1', [found.person_id]);
  const age = rows[0]!.dob ? youngestAgeOn(rows[0]!.dob, now.toISOString().slice(0, 10)) : null;
  const blockers = courtBlockers({ case: found, courtCases: await courtCasesOf(q, found.person_id) });
  const consular = await loadConsularNotification(q, found.person_id, found.state);
  return {
    ...found,
    register_number: rows[0]!.register_number,
    blockers: blockers.map((b) => ({ court_case_id: b.id, reference: b.reference, court: b.court, stage: b.stage })),
    history: await repatriationHistory(q, found),
    minor: age !== null && age < 18,
    consular,
    consular_policy: (await loadStateProfile(q, found.state))?.consular_notification ?? null,
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

/** Cases in the reader's scope, filtered by state, status and person, the oldest first (at most `limit`); the scope is applied in the query, before the limit. */
export async function repatriationList(q: Queryable, filter: { state?: string; status?: RepatriationStatus; person_id?: string }, scope: RepatriationScope, limit = 500): Promise<RepatriationListEntry[]> {
  const params: unknown[] = [filter.state ?? null, filter.status ?? null, limit, filter.person_id ?? null];
  const reached = repatriationScopeSql(scope, 'r.state', 'r.person_id', params);
  const { rows } = await q.query<RepatriationListEntry>(
    `SELECT r.id, r.person_id, p.register_number, r.state, r.status,
            EXISTS (SELECT 1 FROM court_case c WHERE c.person_id = r.person_id AND c.stage <> 'final'
                     AND NOT (r.record->'court_permissions') @> jsonb_build_array(jsonb_build_object('court_case_id', c.id::text))) AS blocked
       FROM repatriation_case r JOIN person p ON p.id = r.person_id
      WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.status = $2) AND ($4::uuid IS NULL OR r.person_id = $4::uuid) AND ${reached}
      ORDER BY r.opened_idx LIMIT $3`,
    params,
  );
  return rows;
}
