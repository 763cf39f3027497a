/**
 * The lawful-detention reads: at any instant, how many persons in custody are in each state of
 * each legal clock, who is held without a valid order (zero is the goal), every clock due soon
 * or breached (the daily report, `sijill clocks report`), and one person's clocks. They read
 * the clock projections (store/clock-projection.ts); the status at an instant is the rule of
 * `deadlineStatus` (domain/clocks/clock-deadlines.ts), written here in SQL.
 */
import type { PersonClocks } from '../domain/clocks/person-clocks.ts';
import { everyPerson, type PersonFilter } from './person-filter.ts';
import type { Queryable } from '../store/database.ts';
import { clockOwner } from '../domain/clocks/clock-owner.ts';
import type { ClockRuleId } from '../domain/clocks/rules.ts';
import type { Role } from '../domain/permissions.ts';

const statusAt = `CASE WHEN d.due IS NULL OR d.due < $1::timestamptz THEN d.after_due WHEN d.alert_from <= $1::timestamptz THEN 'due_soon' ELSE 'running' END`;
const iso = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END`;

export interface ClockStateCount {
  readonly rule: string;
  readonly status: string;
  readonly persons: number;
}

export interface LawfulDetentionSummary {
  readonly held_without_valid_order: number;
  /** Persons in custody whose current custody holds an unlawful period that has ended. */
  readonly met_late: number;
  readonly counts: readonly ClockStateCount[];
}

export interface ClockAlert {
  readonly person_id: string;
  readonly register_number: string;
  readonly name: string | null;
  readonly facility_id: string | null;
  readonly facility: string | null;
  readonly rule: string;
  readonly status: 'due_soon' | 'breached';
  readonly due: string | null;
  readonly since: string | null;
  /** Who must act: the responsible official inside the alert window, a supervisor once the limit has passed. */
  readonly owner_role: Role;
}

/** Counts by clock and state at `now`, for persons in custody: one pass over the pending limits, and the ended breaches from their partial index. */
export async function lawfulDetentionSummary(q: Queryable, now: Date, within: PersonFilter = everyPerson): Promise<LawfulDetentionSummary> {
  const params: unknown[] = [now.toISOString()];
  const reached = within('clock_deadline.person_id', params);
  const { rows } = await q.query<{ rule: string; breached: number; met: number; due_soon: number; running: number }>(
    `SELECT rule,
            count(*) FILTER (WHERE (due IS NULL OR due < $1::timestamptz) AND after_due = 'breached')::int AS breached,
            count(*) FILTER (WHERE (due IS NULL OR due < $1::timestamptz) AND after_due = 'met')::int AS met,
            count(*) FILTER (WHERE due >= $1::timestamptz AND alert_from <= $1::timestamptz)::int AS due_soon,
            count(*) FILTER (WHERE due >= $1::timestamptz AND alert_from > $1::timestamptz)::int AS running
       FROM clock_deadline WHERE ${reached} GROUP BY rule ORDER BY rule`,
    params,
  );
  const counts: ClockStateCount[] = rows.flatMap((r) =>
    (['breached', 'due_soon', 'met', 'running'] as const).filter((status) => r[status] > 0).map((status) => ({ rule: r.rule, status, persons: r[status] })),
  );
  const lateParams: unknown[] = [];
  const { rows: late } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM person_clock WHERE in_custody AND closed_breaches > 0 AND ${within('person_clock.person_id', lateParams)}`, lateParams);
  const held = counts.find((r) => r.rule === 'detention_order' && r.status === 'breached')?.persons ?? 0;
  return { held_without_valid_order: held, met_late: late[0]!.n, counts };
}

/**
 * Clocks due soon or breached at `now` (breaches first, the oldest breach first), a page at a
 * time; `rule` keeps one clock (`detention_order` and `breached`: held without a valid order).
 */
export async function clockAlerts(
  q: Queryable,
  now: Date,
  options: { rule?: string; status?: 'due_soon' | 'breached'; limit: number; offset: number; within?: PersonFilter },
): Promise<{ alerts: ClockAlert[]; total: number }> {
  // The page is chosen first; names and facilities are read for its rows only.
  const params: unknown[] = [now.toISOString(), options.rule ?? null, options.status ?? null, options.limit, options.offset];
  const reached = (options.within ?? everyPerson)('d.person_id', params);
  const { rows } = await q.query<Omit<ClockAlert, 'owner_role'> & { total: number }>(
    `WITH a AS (SELECT d.person_id, d.rule, d.due, d.since, ${statusAt} AS status FROM clock_deadline d
                 WHERE ($2::text IS NULL OR d.rule = $2) AND ${reached}
                   AND (d.due IS NULL OR d.due < $1::timestamptz OR d.alert_from <= $1::timestamptz)),
          f AS (SELECT a.*, CASE WHEN a.status = 'breached' THEN a.since ELSE a.due END AS sort_at FROM a
                 WHERE a.status IN ('due_soon', 'breached') AND ($3::text IS NULL OR a.status = $3)),
          page AS (SELECT f.*, p.register_number, p.facility_id FROM f JOIN person p ON p.id = f.person_id
                    ORDER BY f.status = 'breached' DESC, f.sort_at, p.register_number, f.rule LIMIT $4 OFFSET $5)
     SELECT page.person_id, page.register_number,
            (SELECT n.full_name FROM name_record n WHERE n.person_id = page.person_id ORDER BY n.confidence DESC, n.id LIMIT 1) AS name,
            page.facility_id, fac.name AS facility, page.rule, page.status,
            ${iso("CASE WHEN page.status = 'breached' AND page.rule = 'detention_order' THEN NULL ELSE page.due END")} AS due, ${iso("CASE WHEN page.status = 'breached' THEN page.since END")} AS since, (SELECT count(*) FROM f)::int AS total
       FROM page LEFT JOIN facility fac ON fac.id = page.facility_id
      ORDER BY page.status = 'breached' DESC, page.sort_at, page.register_number, page.rule`,
    params,
  );
  return { alerts: rows.map(({ total: _t, ...r }) => ({ ...r, owner_role: clockOwner(r.rule as ClockRuleId, r.status) })), total: rows[0]?.total ?? 0 };
}

/** What the dashboard's lawful-detention section reads: the counts, and the first `limit` persons held without a valid order. */
export async function lawfulDetentionSection(q: Queryable, now: Date, limit = 20, within: PersonFilter = everyPerson): Promise<{ summary: LawfulDetentionSummary; held: { alerts: ClockAlert[]; total: number } }> {
  return { summary: await lawfulDetentionSummary(q, now, within), held: await clockAlerts(q, now, { rule: 'detention_order', status: 'breached', limit, offset: 0, within }) };
}

/** One person's clocks as kept, or null when the person has none (never registered). */
export async function personClocks(q: Queryable, personId: string): Promise<PersonClocks | null> {
  const { rows } = await q.query<{ clocks: PersonClocks }>('SELECT clocks FROM person_clock WHERE person_id = $1', [personId]);
  return rows[0]?.clocks ?? null;
}
