/**
 * Repatriation cases as the API shows them: a case with its person's register number and
 * what blocks the person's travel (courtBlockers), and the list of cases by state and status.
 */
import { courtBlockers, type RepatriationCase, type RepatriationStatus } from '../domain/repatriation.ts';
import type { Queryable } from '../store/database.ts';
import { courtCasesOf, loadRepatriation } from '../store/repatriations.ts';

export interface RepatriationView extends RepatriationCase {
  readonly register_number: string;
  readonly blockers: readonly { court_case_id: string; reference: string; court: string; stage: string }[];
}

/** A repatriation case, or null. */
export async function repatriationFile(q: Queryable, id: string): Promise<RepatriationView | null> {
  const found = await loadRepatriation(q, id);
  if (!found) return null;
  const { rows } = await q.query<{ register_number: string }>('SELECT register_number FROM person WHERE id = $1', [found.person_id]);
  const blockers = courtBlockers({ case: found, courtCases: await courtCasesOf(q, found.person_id) });
  return { ...found, register_number: rows[0]!.register_number, blockers: blockers.map((b) => ({ court_case_id: b.id, reference: b.reference, court: b.court, stage: b.stage })) };
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

/** Cases, filtered by state and status, the oldest first (at most `limit`). */
export async function repatriationList(q: Queryable, filter: { state?: string; status?: RepatriationStatus }, limit = 500): Promise<RepatriationListEntry[]> {
  const { rows } = await q.query<RepatriationListEntry>(
    `SELECT r.id, r.person_id, p.register_number, r.state, r.status,
            EXISTS (SELECT 1 FROM court_case c WHERE c.person_id = r.person_id AND c.stage <> 'final'
                     AND NOT (r.record->'court_permissions') @> jsonb_build_array(jsonb_build_object('court_case_id', c.id::text))) AS blocked
       FROM repatriation_case r JOIN person p ON p.id = r.person_id
      WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.status = $2)
      ORDER BY r.opened_idx LIMIT $3`,
    [filter.state ?? null, filter.status ?? null, limit],
  );
  return rows;
}
