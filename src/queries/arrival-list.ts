/**
 * The list scanned at the gate when a transfer arrives: each register number read against the
 * persons on the order, with the placement category they travelled in, so that a batch
 * check-in can be drawn up (person, number as scanned, unit for their category). Numbers are
 * matched exactly as canonical register numbers; anything else is the caller's to report.
 */
import type { Queryable } from '../store/database.ts';

export interface ArrivalMember {
  readonly person_id: string;
  readonly register_number: string;
  readonly status: string;
  /** The placement category the person left the origin in (null if never dispatched). */
  readonly category: string | null;
}

/** The members of a transfer holding these canonical register numbers, by number. */
export async function arrivalMembers(q: Queryable, transferId: string, numbers: readonly string[]): Promise<Map<string, ArrivalMember>> {
  if (!numbers.length) return new Map();
  const { rows } = await q.query<ArrivalMember>(
    `SELECT tp.person_id, p.register_number, tp.status, tp.from_category AS category
       FROM transfer_person tp JOIN person p ON p.id = tp.person_id
      WHERE tp.transfer_id = $1 AND p.register_number = ANY($2::text[])`,
    [transferId, [...new Set(numbers)]],
  );
  return new Map(rows.map((r) => [r.register_number, r]));
}

/** The categories of the persons still in transit on a transfer (to choose a unit for each). */
export async function categoriesInTransit(q: Queryable, transferId: string): Promise<string[]> {
  const { rows } = await q.query<{ category: string }>(
    "SELECT DISTINCT from_category AS category FROM transfer_person WHERE transfer_id = $1 AND status = 'in_transit' AND from_category IS NOT NULL ORDER BY 1",
    [transferId],
  );
  return rows.map((r) => r.category);
}
