/**
 * Repatriation cases as the API shows them: a case with its person's register number, what
 * blocks the person's travel (courtBlockers), where its clocks stand (the reminder of an
 * unanswered request, the contacts after the return), its family group as far as the reader
 * reaches it, and the list of cases by state and status.
 */
import { consularClock, type ConsularNotification } from '../domain/consular-notification.ts';
import { courtBlockers, type RepatriationCase, type RepatriationStatus } from '../domain/repatriation.ts';
import { isMinorBy, isUnaccompanied, type FamilyRole } from '../domain/repatriation-family.ts';
import { followUpClocks } from '../domain/repatriation-follow-up.ts';
import { answerClocks, type AnswerClocks } from '../domain/repatriation-reminder.ts';
import type { ResponseClockStatus } from '../domain/response-clock.ts';
import type { ConsularNotificationPolicy } from '../domain/state-profile.ts';
import { youngestAgeOn, type DateOfBirth } from '../domain/values.ts';
import { responseClockRules } from '../store/complaints.ts';
import { loadConsularNotification } from '../store/consular-notifications.ts';
import type { Queryable } from '../store/database.ts';
import { parseEventBytes } from '../store/event-log.ts';
import type { PersonFilter } from './person-filter.ts';
import { courtCasesOf, familyMembers, loadRepatriation, loadStateProfile, namedChildrenOf } from '../store/repatriations.ts';
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
  /** The consular-notification policy of the case's state as its profile now stands (null: none recorded). */
  readonly consular_policy: ConsularNotificationPolicy | null;
  /** The person is a minor today (a best-interests assessment is then required before approval). */
  readonly minor: boolean;
  /** The reminder and the escalation of the request awaiting the state's answer (null when none awaits, or it has no clock). */
  readonly answer_clocks: AnswerClocks | null;
  /** Each contact after the return the decision set, with its clock. */
  readonly follow_up_clocks: readonly { readonly due: string; readonly made_at: string | null; readonly status: ResponseClockStatus }[];
  /** The other members of the case's family group that the reader reaches. */
  readonly family_members: readonly FamilyMemberView[];
  /** The children a parent's case names that the reader reaches, with their case (null: none). */
  readonly named_children: readonly { readonly person_id: string; readonly register_number: string; readonly case_id: string | null; readonly minor: boolean }[];
  /** A minor with no adult parent or relative in their family group: their case closes only with a guardian named. */
  readonly unaccompanied: boolean;
}

export interface FamilyMemberView {
  readonly case_id: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly role: FamilyRole | null;
  readonly status: RepatriationStatus;
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

/**
 * A repatriation case, or null when there is none. Whether the reader reaches the case itself is
 * the route's scope check (api/scope.ts, `{ repatriation: … }`), made before this is read; `scope`
 * decides which members of its family group are shown with it.
 */
export async function repatriationFile(q: Queryable, id: string, scope: RepatriationScope, now: Date): Promise<RepatriationView | null> {
  const found = await loadRepatriation(q, id);
  if (!found) return null;
  const { rows } = await q.query<{ register_number: string; dob: DateOfBirth | null }>('SELECT register_number, dob FROM person WHERE id = $1', [found.person_id]);
  const age = rows[0]!.dob ? youngestAgeOn(rows[0]!.dob, registerDay(now)) : null;
  const blockers = courtBlockers({ case: found, courtCases: await courtCasesOf(q, found.person_id) });
  const consular = await loadConsularNotification(q, found.person_id, found.state);
  const day = registerDay(now);
  const rules = responseClockRules();
  const members = await familyMembers(q, found);
  const named = await namedChildrenOf(q, found);
  // Only the members and children the reader reaches are shown: a family may span facilities and states.
  const reached = await reachedPersons(q, scope, [...members.map((m) => ({ person_id: m.person_id, case_id: m.case_id })), ...named.map((n) => ({ person_id: n.person_id, case_id: n.case?.case_id ?? null }))]);
  const awaiting = found.status === 'request_sent' || found.status === 'no_answer';
  return {
    ...found,
    register_number: rows[0]!.register_number,
    blockers: blockers.map((b) => ({ court_case_id: b.id, reference: b.reference, court: b.court, stage: b.stage })),
    history: await repatriationHistory(q, found),
    minor: age !== null && age < 18,
    consular,
    consular_policy: (await loadStateProfile(q, found.state))?.consular_notification ?? null,
    consular_clock: consular ? consularClock(consular, now.toISOString(), rules.consularAlertHours) : null,
    answer_clocks: awaiting ? answerClocks(found.answer_clock, now.toISOString(), rules.stateAnswerAlertHours) : null,
    follow_up_clocks: followUpClocks(found.follow_ups, now.toISOString(), rules.followUpAlertHours),
    family_members: members.filter((m) => reached.has(m.person_id)).map((m) => ({ case_id: m.case_id, person_id: m.person_id, register_number: m.register_number, role: m.role, status: m.status, minor: isMinorBy(m.dob, day) })),
    named_children: named.filter((n) => reached.has(n.person_id)).map((n) => ({ person_id: n.person_id, register_number: n.register_number, case_id: n.case?.case_id ?? null, minor: isMinorBy(n.dob, day) })),
    unaccompanied: isUnaccompanied(rows[0]!.dob, found.family, members, day),
  };
}

/** Which of these persons, each with their case (or none), the scope reaches: a liaison through the state of the case, never a person without one. */
async function reachedPersons(q: Queryable, scope: RepatriationScope, cases: readonly { person_id: string; case_id: string | null }[]): Promise<Set<string>> {
  if (!cases.length) return new Set();
  if (scope === 'every_state') return new Set(cases.map((c) => c.person_id));
  const params: unknown[] = [JSON.stringify(cases)];
  const { rows } = await q.query<{ person_id: string }>(
    `SELECT c.person_id FROM jsonb_to_recordset($1::jsonb) AS c(person_id uuid, case_id uuid)
       LEFT JOIN repatriation_case r ON r.id = c.case_id
      WHERE ${repatriationScopeSql(scope, 'r.state', 'c.person_id', params)}`,
    params,
  );
  return new Set(rows.map((r) => r.person_id));
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
