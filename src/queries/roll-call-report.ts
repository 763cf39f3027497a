/**
 * Roll-call read models: one roll call with its discrepancies, and the daily report of a
 * facility — the roll calls of the day, what the register computes (who it holds there now),
 * what was counted and signed, and everyone in custody there not seen for N days.
 *
 * "Not seen" is a section of the report, computed against the clock each time it is read,
 * not a task: it is the absence of events, so no event could open or close such a task, and
 * a report that is recomputed is never stale. Last seen is the later of the person's last
 * roll-call count and the start of their present custody (admission, check-in, return).
 */
import { defaultNotSeenDays, discrepancyKinds, maxNotSeenDays, type DiscrepancyKind, type Holding, type RollCallStatus } from '../domain/roll-call.ts';
import { isIsoDate, isUuid } from '../domain/values.ts';
import type { Queryable } from '../store/database.ts';

/** Where the register holds a person, with the names of the places. */
export interface HoldingView extends Holding {
  readonly facility_name: string | null;
  readonly unit_name: string | null;
}

export interface DiscrepancyView {
  readonly id: string;
  readonly kind: DiscrepancyKind;
  readonly register_number: string;
  readonly person_id: string | null;
  readonly held: HoldingView | null;
  readonly status: 'open' | 'resolved';
  readonly reason: string | null;
  readonly resolved_by: string | null;
  readonly resolved_at: string | null;
}

export interface RollCallView {
  readonly id: string;
  readonly facility_id: string;
  readonly unit_id: string | null;
  readonly unit_name: string | null;
  readonly status: RollCallStatus;
  readonly opened_at: string;
  readonly opened_by: string;
  /** Fixed at reconciliation; before it, who the register holds there now. */
  readonly expected: number;
  readonly counted: number;
  readonly counted_by: readonly string[];
  readonly reconciled_at: string | null;
  readonly reconciled_by: string | null;
  readonly signed_off_at: string | null;
  readonly signed_off_by: string | null;
  readonly unresolved: number;
  /** How many discrepancies of each kind there are, and how many of each `discrepancies` skips (a page of them). */
  readonly discrepancy_counts: Readonly<Record<DiscrepancyKind, number>>;
  readonly discrepancy_offsets: Readonly<Record<DiscrepancyKind, number>>;
  readonly discrepancies: readonly DiscrepancyView[];
}

export interface NotSeenPerson {
  readonly person_id: string;
  readonly register_number: string;
  readonly unit_id: string;
  readonly unit_name: string;
  readonly last_seen_at: string;
  /** What last saw them: a roll-call count, or their arrival in custody (admission, check-in, return). */
  readonly last_seen_by: 'roll_call' | 'arrival';
}

export interface RollCallReport {
  readonly facility: { readonly id: string; readonly name: string; readonly timezone: string };
  /** The day reported, in the facility's time zone. */
  readonly date: string;
  readonly as_of: string;
  /** The computed roll: who the register holds in custody there now, by unit. */
  readonly register_roll: { readonly in_custody: number; readonly by_unit: readonly { readonly unit_id: string; readonly unit_name: string; readonly in_custody: number }[] };
  readonly roll_calls: readonly RollCallView[];
  /**
   * Everyone not seen for N days: `count` in all, `persons` the page from `offset` on (in the
   * order last seen, then register number); `truncated` when more follow that page.
   */
  readonly not_seen: { readonly days: number; readonly since: string; readonly count: number; readonly offset: number; readonly persons: readonly NotSeenPerson[]; readonly truncated: boolean };
}

export interface ReportQuery {
  readonly facility_id: string;
  /** YYYY-MM-DD in the facility's time zone; today there by default. */
  readonly date?: string;
  readonly not_seen_days?: number;
  /** At most this many not-seen persons are listed (all are counted). */
  readonly limit?: number;
  /** The not-seen persons listed start after this many (a page of the list); 0 by default. */
  readonly offset?: number;
  readonly now: Date;
}

/** A report that cannot be made, naming the option at fault. */
export class ReportError extends Error {
  constructor(
    message: string,
    readonly field: 'facility_id' | 'date' | 'not_seen_days',
    readonly code: 'not_found' | 'invalid_value',
  ) {
    super(message);
  }
}

const iso = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

/**
 * One roll call as JSON, with its discrepancies (place names resolved). `rc` is the roll_call
 * row. Each kind's discrepancies are counted, and listed from its offset on, at most `limit`
 * of each (SQL expressions: parameters, or every one of them by default).
 */
const rollCallJson = (page: { readonly offsets: Readonly<Record<DiscrepancyKind, string>>; readonly limit: string } = { offsets: { expected_not_counted: '0', counted_not_expected: '0' }, limit: '2147483647' }) => `jsonb_build_object(
  'id', rc.id, 'facility_id', rc.facility_id, 'unit_id', rc.unit_id, 'unit_name', (SELECT name FROM facility_unit WHERE id = rc.unit_id),
  'status', rc.status, 'opened_at', ${iso('rc.opened_at')}, 'opened_by', rc.opened_by,
  'expected', COALESCE(rc.expected, (SELECT count(*) FROM person p WHERE p.facility_id = rc.facility_id AND p.custody_status = 'in_custody' AND (rc.unit_id IS NULL OR p.unit_id = rc.unit_id))),
  'counted', rc.counted, 'counted_by', to_jsonb(rc.counted_by),
  'reconciled_at', ${iso('rc.reconciled_at')}, 'reconciled_by', rc.reconciled_by, 'signed_off_at', ${iso('rc.signed_off_at')}, 'signed_off_by', rc.signed_off_by,
  'unresolved', (SELECT count(*) FROM roll_call_discrepancy d WHERE d.roll_call_id = rc.id AND d.status = 'open'),
  'discrepancy_counts', jsonb_build_object(${discrepancyKinds.map((k) => `'${k}', (SELECT count(*) FROM roll_call_discrepancy d WHERE d.roll_call_id = rc.id AND d.kind = '${k}')`).join(', ')}),
  'discrepancy_offsets', jsonb_build_object(${discrepancyKinds.map((k) => `'${k}', (${page.offsets[k]})::int`).join(', ')}),
  'discrepancies', COALESCE((SELECT jsonb_agg(jsonb_build_object(
       'id', d.id, 'kind', d.kind, 'register_number', d.register_number, 'person_id', d.person_id,
       'held', CASE WHEN d.held IS NULL THEN NULL ELSE d.held || jsonb_build_object('facility_name', hf.name, 'unit_name', hu.name) END,
       'status', d.status, 'reason', d.reason, 'resolved_by', d.resolved_by, 'resolved_at', ${iso('d.resolved_at')})
     ORDER BY array_position(ARRAY[${discrepancyKinds.map((k) => `'${k}'`).join(', ')}], d.kind), d.register_number)
     FROM (SELECT x.*, (CASE x.kind ${discrepancyKinds.map((k) => `WHEN '${k}' THEN (${page.offsets[k]})::bigint`).join(' ')} END) AS skipped
             FROM (SELECT dd.*, row_number() OVER (PARTITION BY dd.kind ORDER BY dd.register_number) AS n FROM roll_call_discrepancy dd WHERE dd.roll_call_id = rc.id) x) d
     LEFT JOIN facility hf ON hf.id = (d.held->>'facility_id')::uuid
     LEFT JOIN facility_unit hu ON hu.id = (d.held->>'unit_id')::uuid
    WHERE d.n > d.skipped AND d.n <= d.skipped + (${page.limit})::bigint), '[]'))`;

/** Which discrepancies of a roll call to list: from each kind's offset, at most `limit` of each. */
export interface DiscrepancyPage {
  readonly offsets: Readonly<Record<DiscrepancyKind, number>>;
  readonly limit: number;
}

/** One roll call with its discrepancies (all of them, or a page of each kind), or null. */
export async function rollCallView(q: Queryable, id: string, page?: DiscrepancyPage): Promise<RollCallView | null> {
  if (!isUuid(id)) return null;
  const sql = page ? rollCallJson({ offsets: Object.fromEntries(discrepancyKinds.map((k, i) => [k, `$${i + 2}`])) as Record<DiscrepancyKind, string>, limit: `$${discrepancyKinds.length + 2}` }) : rollCallJson();
  const params = page ? [id, ...discrepancyKinds.map((k) => page.offsets[k]), page.limit] : [id];
  const { rows } = await q.query<{ view: RollCallView }>(`SELECT ${sql} AS view FROM roll_call rc WHERE rc.id = $1`, params);
  return rows[0]?.view ?? null;
}

/** The daily roll-call report of a facility. Throws ReportError naming a bad option. */
export async function rollCallReport(q: Queryable, query: ReportQuery): Promise<RollCallReport> {
  const days = query.not_seen_days ?? defaultNotSeenDays;
  if (!Number.isInteger(days) || days < 1 || days > maxNotSeenDays) throw new ReportError(`not seen days is a whole number from 1 to ${maxNotSeenDays}`, 'not_seen_days', 'invalid_value');
  if (query.date !== undefined && !isIsoDate(query.date)) throw new ReportError('date is a calendar day, YYYY-MM-DD', 'date', 'invalid_value');
  if (!isUuid(query.facility_id)) throw new ReportError('facility is a facility id (a UUID)', 'facility_id', 'invalid_value');
  const now = query.now.toISOString();
  const since = new Date(query.now.getTime() - days * 86_400_000).toISOString();
  const limit = query.limit ?? 1000;
  const offset = query.offset ?? 0;
  const { rows } = await q.query<{ report: RollCallReport | null }>(
    `WITH f AS (SELECT id, name, timezone, COALESCE($2::date, ($3::timestamptz AT TIME ZONE timezone)::date) AS day FROM facility WHERE id = $1),
     held AS (
       SELECT p.id, p.register_number, p.unit_id, s.seen_at, p.custody_since,
              GREATEST(p.custody_since, s.seen_at) AS last_seen
         FROM person p LEFT JOIN person_seen s ON s.person_id = p.id
        WHERE p.facility_id = $1 AND p.custody_status = 'in_custody'),
     quiet AS (SELECT * FROM held WHERE last_seen < $4::timestamptz)
     SELECT jsonb_build_object(
       'facility', jsonb_build_object('id', f.id, 'name', f.name, 'timezone', f.timezone),
       'date', to_char(f.day, 'YYYY-MM-DD'),
       'as_of', ${iso('$3::timestamptz')},
       'register_roll', jsonb_build_object(
          'in_custody', (SELECT count(*) FROM held),
          'by_unit', COALESCE((SELECT jsonb_agg(jsonb_build_object('unit_id', u.id, 'unit_name', u.name, 'in_custody', (SELECT count(*) FROM held h WHERE h.unit_id = u.id)) ORDER BY u.name)
                                 FROM facility_unit u WHERE u.facility_id = f.id), '[]')),
       'roll_calls', COALESCE((SELECT jsonb_agg(${rollCallJson()} ORDER BY rc.opened_at, rc.id) FROM roll_call rc
                                WHERE rc.facility_id = f.id AND (rc.opened_at AT TIME ZONE f.timezone)::date = f.day), '[]'),
       'not_seen', jsonb_build_object(
          'days', $5::int, 'since', ${iso('$4::timestamptz')}, 'count', (SELECT count(*) FROM quiet), 'offset', $7::int,
          'persons', COALESCE((SELECT jsonb_agg(x.person ORDER BY x.last_seen, x.register_number) FROM (
               SELECT q.last_seen, q.register_number, jsonb_build_object('person_id', q.id, 'register_number', q.register_number, 'unit_id', q.unit_id,
                        'unit_name', (SELECT name FROM facility_unit WHERE id = q.unit_id), 'last_seen_at', ${iso('q.last_seen')},
                        'last_seen_by', CASE WHEN q.seen_at IS NOT NULL AND q.seen_at >= q.custody_since THEN 'roll_call' ELSE 'arrival' END) AS person
                 FROM quiet q ORDER BY q.last_seen, q.register_number LIMIT $6 OFFSET $7) x), '[]'),
          'truncated', (SELECT count(*) FROM quiet) > $6::bigint + $7::bigint)) AS report
       FROM f`,
    [query.facility_id, query.date ?? null, now, since, days, limit, offset],
  );
  const report = rows[0]?.report;
  if (!report) throw new ReportError('no facility with this id is registered', 'facility_id', 'not_found');
  return report;
}

/** A facility's id from its id or its exact name (any case), for the command line. */
export async function facilityIdOf(q: Queryable, idOrName: string): Promise<string> {
  if (isUuid(idOrName)) return idOrName;
  const { rows } = await q.query<{ id: string }>('SELECT id FROM facility WHERE lower(name) = lower($1) ORDER BY id LIMIT 2', [idOrName.trim()]);
  if (rows.length === 1) return rows[0]!.id;
  throw new ReportError(rows.length ? `two or more facilities are named "${idOrName}": give the facility's id` : `no facility is named "${idOrName}": give its id or its exact name`, 'facility_id', 'not_found');
}

/** The persons named by roll calls' discrepancies and a not-seen list: the reads to audit. */
export function personsNamed(rollCalls: readonly RollCallView[], notSeen: readonly NotSeenPerson[] = []): string[] {
  const ids = new Set<string>();
  for (const rc of rollCalls) for (const d of rc.discrepancies) if (d.person_id) ids.add(d.person_id);
  for (const p of notSeen) ids.add(p.person_id);
  return [...ids];
}
