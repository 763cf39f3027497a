/**
 * Loading roll calls as the domain sees them, locking their rows first so that the counts,
 * the reconciliation and the sign-off of one roll call run one after another.
 */
import type { CountedNumber, ExpectedPerson, Holding, RollCall, Unresolved } from '../domain/roll-call.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

/** Lock a roll call's row. Roll call commands lock it first, then the facility. */
export async function lockRollCall(tx: Queryable, id: string): Promise<void> {
  if (isUuid(id)) await tx.query('SELECT 1 FROM roll_call WHERE id = $1 FOR UPDATE', [id]);
}

/** A roll call, with the officials who took part in its count or resolved its discrepancies; null when there is none with this id. */
export async function loadRollCall(q: Queryable, id: string): Promise<(RollCall & { readonly counted: number }) | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<RollCall & { counted: number }>(
    `SELECT id, facility_id, unit_id, status, counted,
            ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[opened_by, reconciled_by] || counted_by
                                                || ARRAY(SELECT d.resolved_by FROM roll_call_discrepancy d WHERE d.roll_call_id = r.id)) AS x
                   WHERE x IS NOT NULL ORDER BY x) AS participants
       FROM roll_call r WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The facility a roll call counts (to lock it before reconciling). */
export async function rollCallFacility(q: Queryable, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ facility_id: string }>('SELECT facility_id FROM roll_call WHERE id = $1', [id]);
  return rows[0]?.facility_id ?? null;
}

/** Canonical register numbers → the person each identifies: the surviving record, for one merged into another. */
export async function personsByRegisterNumber(q: Queryable, numbers: readonly string[]): Promise<Map<string, string>> {
  if (!numbers.length) return new Map();
  const { rows } = await q.query<{ register_number: string; person_id: string }>(
    'SELECT register_number, COALESCE(merged_into, id) AS person_id FROM person WHERE register_number = ANY($1::text[])',
    [numbers],
  );
  return new Map(rows.map((r) => [r.register_number, r.person_id]));
}

/** Of the numbers and persons given, those this roll call has counted already. */
export async function alreadyCounted(q: Queryable, rollCallId: string, numbers: readonly string[], persons: readonly string[]): Promise<{ numbers: Set<string>; persons: Set<string> }> {
  const { rows } = await q.query<{ register_number: string; person_id: string | null }>(
    'SELECT register_number, person_id FROM roll_call_count WHERE roll_call_id = $1 AND (register_number = ANY($2::text[]) OR person_id = ANY($3::uuid[]))',
    [rollCallId, numbers, persons],
  );
  return { numbers: new Set(rows.map((r) => r.register_number)), persons: new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : []))) };
}

/** Who the register holds in custody at a facility (or one unit of it) now. */
export async function expectedAt(q: Queryable, facilityId: string, unitId: string | null): Promise<ExpectedPerson[]> {
  const { rows } = await q.query<ExpectedPerson>(
    `SELECT id AS person_id, register_number, unit_id FROM person
      WHERE facility_id = $1 AND custody_status = 'in_custody' AND ($2::uuid IS NULL OR unit_id = $2)`,
    [facilityId, unitId],
  );
  return rows;
}

/** Every number a roll call counted, with where the register holds its person now (and the open transfer of one in transit). */
export async function countedWithHoldings(q: Queryable, rollCallId: string): Promise<CountedNumber[]> {
  const { rows } = await q.query<{ register_number: string; person_id: string | null; held: Holding | null }>(
    `SELECT c.register_number, c.person_id,
            CASE WHEN p.id IS NULL THEN NULL ELSE jsonb_build_object('status', p.custody_status, 'facility_id', p.facility_id, 'unit_id', p.unit_id,
              'transfer_id', CASE WHEN p.custody_status = 'in_transit' THEN
                (SELECT tp.transfer_id FROM transfer_person tp JOIN transfer t ON t.id = tp.transfer_id
                  WHERE tp.person_id = p.id AND tp.status IN ('in_transit', 'discrepancy', 'unaccounted') AND t.status NOT IN ('closed', 'cancelled') LIMIT 1) END) END AS held
       FROM roll_call_count c LEFT JOIN person p ON p.id = c.person_id
      WHERE c.roll_call_id = $1`,
    [rollCallId],
  );
  return rows;
}

/** A discrepancy of a roll call, for its resolution. */
export async function loadDiscrepancy(q: Queryable, rollCallId: string, id: string): Promise<{ discrepancy_id: string; register_number: string; resolved: boolean } | null> {
  if (!isUuid(id) || !isUuid(rollCallId)) return null;
  const { rows } = await q.query<{ discrepancy_id: string; register_number: string; resolved: boolean }>(
    `SELECT id AS discrepancy_id, register_number, status = 'resolved' AS resolved FROM roll_call_discrepancy WHERE id = $1 AND roll_call_id = $2`,
    [id, rollCallId],
  );
  return rows[0] ?? null;
}

/** How many discrepancies of a roll call are open, and the first of them. */
export async function unresolvedOf(q: Queryable, rollCallId: string): Promise<Unresolved> {
  if (!isUuid(rollCallId)) return { count: 0, first: null };
  const { rows } = await q.query<{ count: number; first: Unresolved['first'] }>(
    `SELECT count(*)::int AS count,
            (SELECT jsonb_build_object('register_number', register_number, 'kind', kind) FROM roll_call_discrepancy
              WHERE roll_call_id = $1 AND status = 'open' ORDER BY kind, register_number LIMIT 1) AS first
       FROM roll_call_discrepancy WHERE roll_call_id = $1 AND status = 'open'`,
    [rollCallId],
  );
  return rows[0]!;
}
