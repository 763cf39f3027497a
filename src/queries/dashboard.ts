/**
 * What the dashboard shows at a glance: transfers under way, follow-up deadlines due by
 * kind, and open incidents. Occupancy by facility and category comes from the facilities
 * read model (src/api/read-models.ts `facilities`).
 */
import { everyPerson, type PersonFilter } from './person-filter.ts';
import type { Queryable } from '../store/database.ts';

export interface TransferUnderWay {
  readonly id: string;
  readonly status: string;
  readonly origin: unknown;
  readonly destination: unknown;
  readonly persons: number;
  readonly in_transit: number;
  readonly created_at: string;
  readonly dispatched_at: string | null;
}

export interface DeadlineCount {
  readonly kind: string;
  readonly overdue: number;
  /** Due within the next `withinHours`, not yet overdue. */
  readonly due_soon: number;
}

export interface OpenIncident {
  readonly id: string;
  readonly kind: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly opened_at: string;
  readonly owner: string;
  readonly transfer_id: string | null;
}

const iso = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

/** Orders awaiting approval, approved or dispatched, oldest first. */
export async function transfersUnderWay(q: Queryable, limit: number): Promise<{ transfers: TransferUnderWay[]; truncated: boolean }> {
  const { rows } = await q.query<TransferUnderWay>(
    `SELECT t.id, t.status, t.origin, t.destination, t.persons, ${iso('t.created_at')} AS created_at, ${iso('t.dispatched_at')} AS dispatched_at,
            (SELECT count(*) FROM transfer_person tp WHERE tp.transfer_id = t.id AND tp.status IN ('in_transit', 'discrepancy', 'unaccounted'))::int AS in_transit
       FROM transfer t WHERE t.status IN ('draft', 'approved', 'dispatched', 'received', 'rejected')
      ORDER BY t.created_at, t.id LIMIT $1`,
    [limit + 1],
  );
  return { transfers: rows.slice(0, limit), truncated: rows.length > limit };
}

/** Open follow-up tasks by kind: how many are overdue, how many fall due soon. */
export async function deadlinesDue(q: Queryable, now: Date, withinHours: number, within: PersonFilter = everyPerson): Promise<DeadlineCount[]> {
  const params: unknown[] = [now.toISOString(), withinHours];
  const reached = within('task.person_id', params);
  const { rows } = await q.query<DeadlineCount>(
    `SELECT kind, count(*) FILTER (WHERE due_at < $1::timestamptz)::int AS overdue,
            count(*) FILTER (WHERE due_at >= $1::timestamptz AND due_at < $1::timestamptz + make_interval(hours => $2))::int AS due_soon
       FROM task WHERE status = 'open' AND due_at < $1::timestamptz + make_interval(hours => $2) AND ${reached}
      GROUP BY kind ORDER BY kind`,
    params,
  );
  return rows;
}

/**
 * Open incidents, oldest first: nobody unaccounted for is ever a silent state. Besides those
 * recorded (an escape, a person missing at a count), anyone on a court production who is not
 * back by the end of the day of production (`return_by`) is one from that instant on
 * (court-production.ts), owned by the official who approved the movement; a person already in
 * a discrepancy or unaccounted for on it has their recorded incident.
 */
export async function openIncidents(q: Queryable, limit: number, now: Date, within: PersonFilter = everyPerson): Promise<{ incidents: OpenIncident[]; total: number }> {
  const params: unknown[] = [limit, now.toISOString()];
  const reached = within('o.person_id', params);
  const { rows } = await q.query<OpenIncident & { total: number }>(
    `WITH open AS (
       SELECT i.id, i.kind, i.person_id, i.opened_at, i.owner, i.transfer_id FROM incident i WHERE i.status = 'open'
       UNION ALL
       SELECT t.id, 'not_returned', tp.person_id, t.return_by, COALESCE(t.approved_by, t.created_by), t.id
         FROM transfer t JOIN transfer_person tp ON tp.transfer_id = t.id
        WHERE t.return_by IS NOT NULL AND t.return_by <= $2::timestamptz AND t.status IN ('dispatched', 'received', 'rejected') AND tp.status IN ('in_transit', 'at_stop'))
     SELECT o.id, o.kind, o.person_id, p.register_number, ${iso('o.opened_at')} AS opened_at, o.owner, o.transfer_id, count(*) OVER ()::int AS total
       FROM open o JOIN person p ON p.id = o.person_id WHERE ${reached}
      ORDER BY o.opened_at, o.id LIMIT $1`,
    params,
  );
  return { incidents: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

export interface RequestDue {
  readonly id: string;
  readonly received_at: string;
  readonly due_at: string;
  readonly overdue: boolean;
}

/**
 * Information requests not yet answered whose answer deadline (ICPPED 18) has passed or falls
 * inside the alert window, the earliest due first, with how many there are of each: the
 * dashboard's alert for the officials who answer them. Neither the requester nor the person
 * asked about is named.
 */
export async function informationRequestsDue(q: Queryable, now: Date, alertHours: number, limit: number): Promise<{ overdue: number; due_soon: number; requests: RequestDue[] }> {
  const { rows } = await q.query<RequestDue & { overdue_total: number; due_soon_total: number }>(
    `SELECT id, ${iso('received_at')} AS received_at, ${iso('due_at')} AS due_at, due_at < $1::timestamptz AS overdue,
            count(*) FILTER (WHERE due_at < $1::timestamptz) OVER ()::int AS overdue_total,
            count(*) FILTER (WHERE due_at >= $1::timestamptz) OVER ()::int AS due_soon_total
       FROM information_request WHERE status <> 'answered' AND due_at <= $1::timestamptz + make_interval(hours => $2)
      ORDER BY due_at, id LIMIT $3`,
    [now.toISOString(), alertHours, limit],
  );
  return { overdue: rows[0]?.overdue_total ?? 0, due_soon: rows[0]?.due_soon_total ?? 0, requests: rows.map(({ overdue_total: _o, due_soon_total: _d, ...r }) => r) };
}

export interface ReviewDue {
  readonly person_id: string;
  readonly register_number: string;
  readonly due: string;
  readonly overdue: boolean;
}

/**
 * Classification and risk assessments of persons held now whose review (MR94) is past or falls
 * inside the alert window (classification.ts `reviewDue`), the earliest first, with how many there
 * are of each, among the persons `within` reaches: the dashboard's alert for the officials who
 * review them. Names persons by register number (a read to audit).
 */
export async function classificationReviewsDue(q: Queryable, now: Date, alertHours: number, limit: number, within: PersonFilter = everyPerson): Promise<{ overdue: number; due_soon: number; reviews: ReviewDue[] }> {
  const params: unknown[] = [now.toISOString(), alertHours, limit];
  const reached = within('c.person_id', params);
  const { rows } = await q.query<ReviewDue & { overdue_total: number; due_soon_total: number }>(
    `SELECT c.person_id, p.register_number, ${iso('c.review_due')} AS due, c.review_due < $1::timestamptz AS overdue,
            count(*) FILTER (WHERE c.review_due < $1::timestamptz) OVER ()::int AS overdue_total,
            count(*) FILTER (WHERE c.review_due >= $1::timestamptz) OVER ()::int AS due_soon_total
       FROM classification c JOIN person p ON p.id = c.person_id
      WHERE NOT c.reviewed AND c.review_due <= $1::timestamptz + make_interval(hours => $2) AND p.custody_status = 'in_custody' AND ${reached}
      ORDER BY c.review_due, c.id LIMIT $3`,
    params,
  );
  return { overdue: rows[0]?.overdue_total ?? 0, due_soon: rows[0]?.due_soon_total ?? 0, reviews: rows.map(({ overdue_total: _o, due_soon_total: _d, ...r }) => r) };
}
