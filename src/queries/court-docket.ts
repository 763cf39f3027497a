/**
 * A court's list for one day (its docket): every hearing it sits that day and every person a
 * production order brings before it, with who they are, the facility holding them now and the
 * case — so each facility knows whom to produce. The day is the local day where the courts sit
 * (Asia/Baghdad). Callers audit the read (personal-read.ts).
 */
import type { Queryable } from '../store/database.ts';
import type { ProductionMovement } from '../domain/court-production.ts';
import { isoUtc } from './case-file.ts';

/** The time zone whose calendar days the docket lists. */
export const docketTimeZone = 'Asia/Baghdad';

export interface DocketEntry {
  readonly kind: 'hearing' | 'production';
  readonly at: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly names: readonly { readonly script: string; readonly full: string }[];
  readonly custody_status: string;
  /** The facility holding the person now (null when in transit or no longer held). */
  readonly facility: { readonly id: string; readonly name: string } | null;
  readonly case_id: string;
  readonly case_reference: string;
  readonly hearing_id: string | null;
  readonly purpose: string | null;
  readonly status: string | null;
  readonly order_id: string | null;
  readonly order_reference: string | null;
  readonly confirmation: string | null;
  /** The movement to the court's holding facility and back, drawn up for this hearing or order (court-production.ts); null: none. */
  readonly movement: (ProductionMovement & { readonly transfer_id: string }) | null;
}

/** The docket of a court (its name as the register keeps it) on a local day (YYYY-MM-DD), in time order. */
export async function courtDocket(q: Queryable, court: string, day: string): Promise<DocketEntry[]> {
  const { rows } = await q.query<DocketEntry>(
    `WITH day AS (SELECT ($2::date::timestamp AT TIME ZONE '${docketTimeZone}') AS from_at, (($2::date + 1)::timestamp AT TIME ZONE '${docketTimeZone}') AS to_at),
          listed AS (
            SELECT 'hearing' AS kind, h.scheduled_for AS at, h.person_id, h.case_id, h.id AS hearing_id, h.purpose, h.status, NULL::uuid AS order_id, NULL AS order_reference, NULL AS confirmation
              FROM hearing h, day WHERE h.court = $1 AND h.scheduled_for >= day.from_at AND h.scheduled_for < day.to_at
            UNION ALL
            SELECT 'production', o.produce_at, o.person_id, o.case_id, NULL, NULL, NULL, o.id, o.reference, o.confirmation
              FROM court_order o, day WHERE o.court = $1 AND o.kind = 'production' AND o.produce_at >= day.from_at AND o.produce_at < day.to_at)
     SELECT l.kind, ${isoUtc('l.at')} AS at, l.person_id, p.register_number,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('script', n.script, 'full', n.full_name) ORDER BY n.script, n.full_name) FROM name_record n WHERE n.person_id = p.id), '[]') AS names,
            p.custody_status, CASE WHEN f.id IS NULL THEN NULL ELSE jsonb_build_object('id', f.id, 'name', f.name) END AS facility,
            l.case_id, c.reference AS case_reference, l.hearing_id, l.purpose, l.status, l.order_id, l.order_reference, l.confirmation,
            (SELECT jsonb_build_object('transfer_id', t.id, 'transfer_status', t.status, 'person_status', tp.status, 'leg', tp.leg, 'return_by', ${isoUtc('t.return_by')})
               FROM transfer t JOIN transfer_person tp ON tp.transfer_id = t.id AND tp.person_id = l.person_id
              WHERE t.production_of = COALESCE(l.hearing_id, l.order_id) ORDER BY t.created_at DESC LIMIT 1) AS movement
       FROM listed l JOIN person p ON p.id = l.person_id JOIN court_case c ON c.id = l.case_id LEFT JOIN facility f ON f.id = p.facility_id
      ORDER BY l.at, p.register_number, l.kind`,
    [court, day],
  );
  return rows;
}

/** The courts the register knows: every court named by a case, a hearing or an order. */
export async function courtNames(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ court: string }>('SELECT court FROM court_case UNION SELECT court FROM hearing UNION SELECT court FROM court_order ORDER BY 1');
  return rows.map((r) => r.court);
}

export interface DocketDay {
  /** The local day, YYYY-MM-DD. */
  readonly date: string;
  readonly hearings: number;
  readonly productions: number;
}

/** How many hearings and productions a court has on each of `days` local days from `from` (YYYY-MM-DD): its calendar, with no one named. */
export async function docketDays(q: Queryable, court: string, from: string, days: number): Promise<DocketDay[]> {
  const { rows } = await q.query<DocketDay>(
    `WITH days AS (SELECT d::date AS day, (d::date::timestamp AT TIME ZONE '${docketTimeZone}') AS from_at, ((d::date + 1)::timestamp AT TIME ZONE '${docketTimeZone}') AS to_at
                     FROM generate_series($2::date::timestamp, ($2::date + ($3::int - 1))::timestamp, interval '1 day') AS d)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS date,
            (SELECT count(*)::int FROM hearing h WHERE h.court = $1 AND h.scheduled_for >= days.from_at AND h.scheduled_for < days.to_at) AS hearings,
            (SELECT count(*)::int FROM court_order o WHERE o.court = $1 AND o.kind = 'production' AND o.produce_at >= days.from_at AND o.produce_at < days.to_at) AS productions
       FROM days ORDER BY days.day`,
    [court, from, days],
  );
  return rows;
}
