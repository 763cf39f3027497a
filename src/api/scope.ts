/**
 * Scopes: the one place that decides whether an account reaches a record (issue 14). Every
 * route that concerns particular persons declares, beside its permission, where its record is
 * (`config: { permission: 'person.read', scope: { person: '/params/id' } }`) or that it filters
 * its list through `personScopeSql` (`scope: 'filtered'`); routes about no person in particular
 * say `scope: 'register'`. The access check (access.ts) runs `checkScope` once the request is
 * validated: a record out of the account's scope is answered exactly as a record that does not
 * exist (404), so nobody learns that it does, and the denial is recorded in `scope_denial`.
 *
 * What an account was assigned is kept in `account_scope` (migration 0006); what that comes to
 * for its role is src/domain/scope.ts.
 */
import type { FastifyRequest } from 'fastify';
import { effectiveScope, noAssignment, roleReach, reachesCourt, reachesFacility, reachesPerson, type PersonPlaces, type Scope, type ScopeAssignment } from '../domain/scope.ts';
import type { PersonFilter } from '../queries/person-filter.ts';
import type { RepatriationScope } from '../queries/repatriation-file.ts';
import { isNationalOf } from '../queries/nationals.ts';
import { liaisonOf } from './liaison.ts';
import type { Queryable } from '../store/database.ts';
import { isUuid } from '../domain/values.ts';
import type { SessionAccount } from './accounts.ts';
import { ApiProblem } from './problem.ts';

/**
 * Where a route's record is, as a JSON pointer into the request (`/params/id`, `/body/person_id`):
 * a person, every person of a list of ids, a case file, a handover list, a transfer, a facility,
 * a court, a roll call, visit or notification list (each reached when its facility is), or a
 * complaint, allegation or restriction (each reached when its person is), or repatriation case
 * (reached when its person is, or by a liaison when it is of its state), or a national of the
 * state a liaison officer's account is bound to, the account must reach; or `filtered`
 * (the handler filters what it lists through the account's scope); or `register` (nothing about
 * particular persons: facilities, reference data, accounts, the log).
 */
export type RouteScope =
  | { readonly person: string }
  | { readonly persons: string }
  | { readonly case: string }
  | { readonly handover_list: string }
  | { readonly transfer: string }
  | { readonly facility: string }
  | { readonly court: string }
  | { readonly roll_call: string }
  | { readonly visit: string }
  | { readonly notification_list: string }
  | { readonly complaint: string }
  | { readonly allegation: string }
  | { readonly restriction: string }
  | { readonly repatriation: string }
  | { readonly national: string }
  | 'filtered'
  | 'register';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account's scope, once looked up for this request (scopeOf). */
    scope: Scope | null;
  }
}

/** What an account was assigned. */
export async function loadAssignment(q: Queryable, accountId: string): Promise<ScopeAssignment> {
  const { rows } = await q.query<{ kind: string; value: string }>('SELECT kind, value FROM account_scope WHERE account_id = $1 ORDER BY kind, value', [accountId]);
  if (!rows.length) return noAssignment;
  return {
    all: rows.some((r) => r.kind === 'all'),
    facilities: rows.filter((r) => r.kind === 'facility').map((r) => r.value),
    courts: rows.filter((r) => r.kind === 'court').map((r) => r.value),
  };
}

/** An assignment as a request gives it, each part optional: nothing given, nothing assigned. */
export function assignmentOf(body: { readonly all?: boolean; readonly facilities?: readonly string[]; readonly courts?: readonly string[] }): ScopeAssignment {
  return { all: body.all ?? false, facilities: body.facilities ?? [], courts: body.courts ?? [] };
}

/** Refuse an assignment that names a facility the register does not hold, at its place in the request. */
export async function checkAssignedFacilities(q: Queryable, facilities: readonly string[], pointer: string): Promise<void> {
  if (!facilities.length) return;
  const { rows } = await q.query<{ id: string }>('SELECT id::text AS id FROM facility WHERE id::text = ANY ($1::text[])', [[...facilities]]);
  const known = new Set(rows.map((r) => r.id));
  const i = facilities.findIndex((f) => !known.has(f));
  if (i >= 0) throw new ApiProblem('invalid_value', 'no facility with this id: assign facilities the register holds', `${pointer}/${i}`);
}

/** Replace what an account was assigned (in the caller's transaction). */
export async function assignScope(q: Queryable, accountId: string, assignment: ScopeAssignment, now: Date): Promise<void> {
  await q.query('DELETE FROM account_scope WHERE account_id = $1', [accountId]);
  const rows: [string, string][] = [
    ...(assignment.all ? [['all', ''] as [string, string]] : []),
    ...[...new Set(assignment.facilities)].map((f): [string, string] => ['facility', f]),
    ...[...new Set(assignment.courts)].map((c): [string, string] => ['court', c]),
  ];
  for (const [kind, value] of rows) {
    await q.query('INSERT INTO account_scope (account_id, kind, value, assigned_at) VALUES ($1, $2, $3, $4)', [accountId, kind, value, now.toISOString()]);
  }
}

/** The scope of an account (looked up once per request). */
export async function scopeOf(q: Queryable, request: FastifyRequest): Promise<Scope> {
  if (request.scope) return request.scope;
  const account = request.account;
  if (!account) throw new Error('scopeOf needs a logged-in account');
  // A role that reaches the whole register, or nobody, is not bounded by what it was assigned.
  const reach = roleReach(account.role);
  request.scope = effectiveScope(account.role, reach === 'register' || reach === 'nothing' ? noAssignment : await loadAssignment(q, account.id));
  return request.scope;
}

/** The scope of an account outside a request. */
export async function accountScope(q: Queryable, account: { readonly id: string; readonly role: string }): Promise<Scope> {
  return effectiveScope(account.role, await loadAssignment(q, account.id));
}

/** Open transfers: a person on one is within reach of both its ends. */
const openTransfer = (alias: string) => `${alias}.status IN ('draft', 'approved', 'dispatched')`;

/** Where a person stands for scopes; null when there is no such person. */
export async function personPlaces(q: Queryable, personId: string): Promise<PersonPlaces | null> {
  const { rows } = await q.query<{ facilities: (string | null)[]; courts: string[]; unplaced: boolean }>(
    `SELECT ARRAY[p.facility_id]
              || ARRAY(SELECT c.facility_id FROM custody_period c WHERE c.person_id = p.id AND c.facility_id IS NOT NULL ORDER BY c.seq DESC LIMIT 1)
              || ARRAY(SELECT f FROM transfer_person tp JOIN transfer t ON t.id = tp.transfer_id, unnest(ARRAY[t.origin_facility_id, t.destination_facility_id]) f
                        WHERE tp.person_id = p.id AND ${openTransfer('t')}) AS facilities,
            ARRAY(SELECT cc.court FROM court_case cc WHERE cc.person_id = p.id) AS courts,
            p.facility_id IS NULL AND NOT EXISTS (SELECT 1 FROM custody_period c WHERE c.person_id = p.id AND c.facility_id IS NOT NULL) AS unplaced
       FROM person p WHERE p.id = $1`,
    [personId],
  );
  const row = rows[0];
  return row ? { facilities: row.facilities.filter((f): f is string => f !== null), courts: row.courts, unplaced: row.unplaced } : null;
}

/**
 * A condition, in SQL, that the person whose id is the expression `person` is within `scope`:
 * the same rule as domain/scope.ts `reachesPerson` over `personPlaces`, for lists and searches
 * (its own aliases all begin with s: sp, sc, stp, st, scc, so `person` may name any other)
 * (test/scopes.test.ts checks the two agree on every person of a register). Appends its
 * parameters to `params`.
 */
export function personScopeSql(scope: Scope, person: string, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  if (!scope.facilities.length && !scope.courts.length) return 'FALSE';
  params.push([...scope.facilities], [...scope.courts]);
  const f = `$${params.length - 1}::uuid[]`;
  const c = `$${params.length}::text[]`;
  return `(EXISTS (SELECT 1 FROM person sp WHERE sp.id = ${person} AND (
             sp.facility_id = ANY(${f})
             OR (SELECT sc.facility_id FROM custody_period sc WHERE sc.person_id = sp.id AND sc.facility_id IS NOT NULL ORDER BY sc.seq DESC LIMIT 1) = ANY(${f})
             OR (cardinality(${f}) > 0 AND sp.facility_id IS NULL AND NOT EXISTS (SELECT 1 FROM custody_period sc WHERE sc.person_id = sp.id AND sc.facility_id IS NOT NULL))))
        OR EXISTS (SELECT 1 FROM transfer_person stp JOIN transfer st ON st.id = stp.transfer_id
                    WHERE stp.person_id = ${person} AND ${openTransfer('st')} AND (st.origin_facility_id = ANY(${f}) OR st.destination_facility_id = ANY(${f})))
        OR EXISTS (SELECT 1 FROM court_case scc WHERE scc.person_id = ${person} AND scc.court = ANY(${c})))`;
}

/** Whether the scope reaches a person; false when there is no such person. */
export async function reachesPersonId(q: Queryable, scope: Scope, personId: string): Promise<boolean> {
  if (scope.all) return true;
  const places = await personPlaces(q, personId);
  return places !== null && reachesPerson(scope, places);
}

/** Which of these persons the scope reaches, in the order given. */
export async function personsInScope(q: Queryable, scope: Scope, personIds: readonly string[]): Promise<string[]> {
  if (scope.all || !personIds.length) return [...personIds];
  const params: unknown[] = [personIds];
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM unnest($1::uuid[]) AS x(id) WHERE ${personScopeSql(scope, 'x.id', params)}`, params);
  const reached = new Set(rows.map((r) => r.id));
  return personIds.filter((id) => reached.has(id));
}

/** A case file is within reach when its person is. */
async function reachesCase(q: Queryable, scope: Scope, caseId: string): Promise<boolean> {
  if (scope.all) return true;
  const { rows } = await q.query<{ person_id: string }>('SELECT person_id FROM court_case WHERE id = $1', [caseId]);
  return rows[0] ? reachesPersonId(q, scope, rows[0].person_id) : false;
}

/** A transfer is within reach when one of its ends is, or a person on it is. */
async function reachesTransfer(q: Queryable, scope: Scope, transferId: string): Promise<boolean> {
  if (scope.all) return true;
  const { rows } = await q.query<{ origin_facility_id: string | null; destination_facility_id: string | null }>('SELECT origin_facility_id, destination_facility_id FROM transfer WHERE id = $1', [transferId]);
  const row = rows[0];
  if (!row) return false;
  if ([row.origin_facility_id, row.destination_facility_id].some((f) => f !== null && reachesFacility(scope, f))) return true;
  const { rows: persons } = await q.query<{ person_id: string }>('SELECT person_id FROM transfer_person WHERE transfer_id = $1', [transferId]);
  return (await personsInScope(q, scope, persons.map((p) => p.person_id))).length > 0;
}

/** A roll call, a visit or a notification list is within reach when its facility is. */
async function reachesFacilityOf(q: Queryable, scope: Scope, table: 'roll_call' | 'visit' | 'notification_list', id: string): Promise<boolean> {
  if (scope.all) return true;
  const { rows } = await q.query<{ facility_id: string }>(`SELECT facility_id FROM ${table} WHERE id = $1`, [id]);
  return rows[0] ? reachesFacility(scope, rows[0].facility_id) : false;
}

/** A complaint, an allegation or a restriction is within reach when its person is. */
async function reachesPersonOf(q: Queryable, scope: Scope, table: 'complaint' | 'allegation' | 'restriction', id: string): Promise<boolean> {
  if (scope.all) return true;
  const { rows } = await q.query<{ person_id: string }>(`SELECT person_id FROM ${table} WHERE id = $1`, [id]);
  return rows[0] ? reachesPersonId(q, scope, rows[0].person_id) : false;
}

/**
 * Which repatriation cases the request's account reaches: a liaison, those of its state; an
 * account that reaches the whole register, every case; any other, the cases of the persons it
 * reaches (an officer of one facility: the persons held, or last held, there).
 */
export async function repatriationScopeOf(q: Queryable, request: FastifyRequest): Promise<RepatriationScope> {
  const liaison = await liaisonOf(q, request);
  if (liaison) return { state: liaison.state };
  const scope = await scopeOf(q, request);
  return scope.all ? 'every_state' : { within: scopeFilter(scope) };
}

/** A repatriation case is within reach when its person is (a liaison's: when it is of the liaison's state). */
async function reachesRepatriation(q: Queryable, request: FastifyRequest, scope: Scope, caseId: string): Promise<boolean> {
  const { rows } = await q.query<{ person_id: string; state: string }>('SELECT person_id, state FROM repatriation_case WHERE id = $1', [caseId]);
  const found = rows[0];
  if (!found) return false;
  const liaison = await liaisonOf(q, request);
  if (liaison) return found.state === liaison.state;
  return reachesPersonId(q, scope, found.person_id);
}

/** A handover list is within reach when its transfer is. */
async function reachesHandoverList(q: Queryable, scope: Scope, listId: string): Promise<boolean> {
  const { rows } = await q.query<{ transfer_id: string }>('SELECT transfer_id FROM handover_list WHERE id = $1', [listId]);
  return rows[0] ? reachesTransfer(q, scope, rows[0].transfer_id) : false;
}

/** The value at a JSON pointer into the request (`/params/id`, `/body/person_id`). */
function pointed(request: FastifyRequest, pointer: string): unknown {
  const [part, ...path] = pointer.split('/').slice(1);
  let value: unknown = part === 'params' ? request.params : part === 'body' ? request.body : part === 'query' ? request.query : undefined;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The kinds of record a route may declare (each object of `RouteScope` has one). */
type ScopeKind = RouteScope extends infer R ? (R extends object ? keyof R : never) : never;

const what = {
  person: 'person', persons: 'person', case: 'case file', handover_list: 'handover list', transfer: 'transfer', facility: 'facility', court: 'court',
  roll_call: 'roll call', visit: 'visit', notification_list: 'notification list', complaint: 'complaint', allegation: 'allegation', restriction: 'restriction', repatriation: 'repatriation case', national: 'person',
} as const satisfies Record<ScopeKind, string>;

/** The kinds of record a route's scope may point at (`RouteScope`'s objects), as access.ts checks a declaration. */
export const routeScopeKinds: readonly string[] = Object.keys(what);

/** A person is within a liaison officer's reach when they are a national of the state its account is bound to (none: nobody). */
async function reachesNational(q: Queryable, request: FastifyRequest, personId: string): Promise<boolean> {
  const state = (await liaisonOf(q, request))?.state ?? null;
  return state !== null && (await isNationalOf(q, state, personId));
}

/**
 * The scope check of a route that declared where its record is: passes when the account
 * reaches it, or when the request does not name one (the handler's own validation answers
 * then); otherwise records the denial and answers 404 as for a record that does not exist
 * (a facility: 403, since facilities are no secret).
 */
export async function checkScope(q: Queryable, request: FastifyRequest, declared: RouteScope, now: Date): Promise<void> {
  if (declared === 'filtered' || declared === 'register') return;
  const scope = await scopeOf(q, request);
  // A liaison officer's reach is its state's nationals, whatever the register-wide scopes say.
  if (scope.all && !('national' in declared)) return;
  const [kind, pointer] = Object.entries(declared)[0] as [keyof typeof what, string];
  let value = pointed(request, pointer);
  // Problems name a body's field without the /body prefix (problem.ts).
  let field = pointer.replace(/^\/body(?=\/)/, '');
  if (kind === 'persons') {
    // Every person of the list: the first out of reach is named.
    if (!Array.isArray(value)) return;
    const ids = value.filter((v): v is string => typeof v === 'string' && isUuid(v));
    const reached = new Set(await personsInScope(q, scope, ids));
    const first = ids.findIndex((id) => !reached.has(id));
    if (first < 0) return;
    value = ids[first];
    field = `${field}/${first}`;
  }
  // No record has an id that is no uuid: the handler answers as for any unknown id (pages' paths are not validated by a schema).
  if (typeof value !== 'string' || !value || (kind !== 'court' && !isUuid(value))) return;
  const reached =
    kind === 'persons' ? false
    : kind === 'person' ? await reachesPersonId(q, scope, value)
    : kind === 'case' ? await reachesCase(q, scope, value)
    : kind === 'handover_list' ? await reachesHandoverList(q, scope, value)
    : kind === 'transfer' ? await reachesTransfer(q, scope, value)
    : kind === 'facility' ? reachesFacility(scope, value)
    : kind === 'roll_call' || kind === 'visit' || kind === 'notification_list' ? await reachesFacilityOf(q, scope, kind, value)
    : kind === 'complaint' || kind === 'allegation' || kind === 'restriction' ? await reachesPersonOf(q, scope, kind, value)
    : kind === 'repatriation' ? await reachesRepatriation(q, request, scope, value)
    : kind === 'national' ? await reachesNational(q, request, value)
    : reachesCourt(scope, value);
  if (reached) return;
  await q.query('INSERT INTO scope_denial (account_id, kind, subject, route, at) VALUES ($1, $2, $3, $4, $5)', [
    request.account!.id,
    kind === 'persons' || kind === 'national' ? 'person' : kind,
    value.slice(0, 200),
    `${request.method} ${request.routeOptions.url ?? ''}`,
    now.toISOString(),
  ]);
  if (kind === 'facility' || kind === 'court') throw new ApiProblem('forbidden', `this ${what[kind]} is not among those assigned to your account`, field);
  throw new ApiProblem('not_found', `no ${what[kind]} with this id is registered`, field);
}

/** The scope as a filter for queries that list persons (src/queries/person-filter.ts). */
export function scopeFilter(scope: Scope): PersonFilter {
  return (person, params) => personScopeSql(scope, person, params);
}

/** The facilities a list is limited to for this scope: null for the whole register (roll calls, visits, notification lists). */
export function scopeFacilities(scope: Scope): readonly string[] | null {
  return scope.all ? null : scope.facilities;
}
