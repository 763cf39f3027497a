/**
 * Read models of independent visits: a body's visits with the persons seen and any refusal or
 * deferral of access; every refusal and deferral, for oversight; and the register of the
 * facility a visitor may see (visitor-access.ts decides which). The caller audits the persons shown.
 */
import type { Queryable } from '../store/database.ts';
import { isUuid } from '../domain/values.ts';

export interface VisitView {
  readonly id: string;
  readonly body_id: string;
  readonly body_name: string;
  readonly facility_id: string;
  readonly facility_name: string;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly closed: boolean;
  readonly restrictions: readonly { person_id: string | null; register_number: string | null; decision: 'refused' | 'deferred'; reason: string; authority: string; until: string; decided_by: string; decided_at: string }[];
  readonly seen: readonly { person_id: string; register_number: string; seen_at: string; private_interview: boolean }[];
}

const visitView = `jsonb_build_object('id', v.id, 'body_id', v.body_id, 'body_name', b.name, 'facility_id', v.facility_id, 'facility_name', f.name,
  'starts_at', v.starts, 'ends_at', v.ends, 'closed', v.closed,
  'restrictions', COALESCE((SELECT jsonb_agg(jsonb_build_object('person_id', a.person_id, 'register_number', rp.register_number, 'decision', a.decision, 'reason', a.reason, 'authority', a.authority, 'until', a.until, 'decided_by', a.decided_by, 'decided_at', a.decided_at) ORDER BY a.idx)
                              FROM visit_access_restriction a LEFT JOIN person rp ON rp.id = a.person_id WHERE a.visit_id = v.id), '[]'),
  'seen', COALESCE((SELECT jsonb_agg(jsonb_build_object('person_id', s.person_id, 'register_number', p.register_number, 'seen_at', s.seen_at, 'private_interview', s.private_interview) ORDER BY s.idx)
                       FROM visit_person_seen s JOIN person p ON p.id = s.person_id WHERE s.visit_id = v.id), '[]'))`;

/**
 * Visits (of one body, when given; at these facilities, when given — an account's scope), the
 * latest first.
 */
export async function visitViews(q: Queryable, options: { bodyId?: string; limit?: number; facilities?: readonly string[] | null } = {}): Promise<VisitView[]> {
  const { rows } = await q.query<{ v: VisitView }>(
    `SELECT ${visitView} AS v FROM visit v JOIN visiting_body b ON b.id = v.body_id JOIN facility f ON f.id = v.facility_id
      WHERE ($1::uuid IS NULL OR v.body_id = $1::uuid) AND ($3::uuid[] IS NULL OR v.facility_id = ANY ($3::uuid[])) ORDER BY v.starts_at DESC, v.id LIMIT $2`,
    [options.bodyId ?? null, options.limit ?? 200, facilityList(options.facilities)],
  );
  return rows.map((r) => r.v);
}

/** One visit, or null. */
export async function visitViewOf(q: Queryable, id: string): Promise<VisitView | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ v: VisitView }>(`SELECT ${visitView} AS v FROM visit v JOIN visiting_body b ON b.id = v.body_id JOIN facility f ON f.id = v.facility_id WHERE v.id = $1`, [id]);
  return rows[0]?.v ?? null;
}

export interface RestrictionView {
  readonly visit_id: string;
  readonly body_name: string;
  readonly facility_name: string;
  /** The detainee withheld, when access to one alone was refused or deferred. */
  readonly person_id: string | null;
  readonly register_number: string | null;
  readonly decision: 'refused' | 'deferred';
  readonly reason: string;
  readonly authority: string;
  readonly until: string;
  readonly decided_by: string;
  readonly decided_at: string;
}

/** The persons a visit's view names (seen, or withheld from the visitors): what reading it reads of persons. */
export function personsOfVisit(v: VisitView | null): string[] {
  if (!v) return [];
  return [...v.seen.map((s) => s.person_id), ...v.restrictions.flatMap((r) => (r.person_id ? [r.person_id] : []))];
}

/** The persons a list of access refusals names (one detainee withheld from a visit). */
export const personsOfRestrictions = (rows: readonly { readonly person_id: string | null }[]): string[] => rows.flatMap((r) => (r.person_id ? [r.person_id] : []));

/** A facility filter as a query parameter: null for every facility; the ids that are uuids otherwise. */
function facilityList(facilities: readonly string[] | null | undefined): string[] | null {
  return facilities == null ? null : facilities.filter(isUuid);
}

/** Every refusal and deferral of a visit's access (at these facilities, when given), the latest first (shown to oversight). */
export async function accessRestrictions(q: Queryable, limit = 500, facilities: readonly string[] | null = null): Promise<RestrictionView[]> {
  const { rows } = await q.query<RestrictionView>(
    `SELECT a.visit_id, b.name AS body_name, f.name AS facility_name, a.person_id, rp.register_number, a.decision, a.reason, a.authority, a.until, a.decided_by, a.decided_at
       FROM visit_access_restriction a JOIN visit v ON v.id = a.visit_id JOIN visiting_body b ON b.id = v.body_id JOIN facility f ON f.id = v.facility_id
       LEFT JOIN person rp ON rp.id = a.person_id
      WHERE ($2::uuid[] IS NULL OR v.facility_id = ANY ($2::uuid[]))
      ORDER BY a.idx DESC LIMIT $1`,
    [limit, facilityList(facilities)],
  );
  return rows;
}

/** The persons held at a facility now, with their names: the register a visitor sees. */
export async function facilityRegister(q: Queryable, facilityId: string): Promise<{ id: string; register_number: string; names: string }[]> {
  const { rows } = await q.query<{ id: string; register_number: string; names: string }>(
    `SELECT p.id, p.register_number,
            COALESCE((SELECT string_agg(n.full_name, ' / ' ORDER BY n.script, n.full_name) FROM name_record n WHERE n.person_id = p.id), '') AS names
       FROM person p WHERE p.facility_id = $1 AND p.custody_status = 'in_custody' AND p.merged_into IS NULL ORDER BY p.register_number`,
    [facilityId],
  );
  return rows;
}
