/**
 * Who the register holds where, for drawing up a transfer order: the persons held in custody
 * in a unit (or anywhere) of a facility, and where each of a list of register numbers is held
 * now. Reads of the projections only; the caller audits what it shows.
 */
import type { Queryable } from '../store/database.ts';

/** Where the register holds a person now. */
export interface Holding {
  readonly person_id: string;
  readonly register_number: string;
  readonly custody_status: string;
  readonly facility_id: string | null;
  readonly unit_id: string | null;
}

/** The persons held in custody at a facility (in one unit of it, when given), by register number. */
export async function personsHeldAt(q: Queryable, facilityId: string, unitId?: string): Promise<Holding[]> {
  const { rows } = await q.query<Holding>(
    `SELECT id AS person_id, register_number, custody_status, facility_id, unit_id FROM person
      WHERE facility_id = $1 AND custody_status = 'in_custody' AND ($2::uuid IS NULL OR unit_id = $2::uuid) AND merged_into IS NULL
      ORDER BY register_number`,
    [facilityId, unitId ?? null],
  );
  return rows;
}

/** Of these persons, the ones held in custody at the facility. */
export async function heldAmong(q: Queryable, facilityId: string, personIds: readonly string[]): Promise<Set<string>> {
  if (!personIds.length) return new Set();
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM person WHERE id = ANY($1::uuid[]) AND facility_id = $2 AND custody_status = 'in_custody'`, [personIds, facilityId]);
  return new Set(rows.map((r) => r.id));
}

/** Where each register number (in its printed form) is held now; numbers the register does not know are absent. */
export async function holdingsOf(q: Queryable, registerNumbers: readonly string[]): Promise<Map<string, Holding>> {
  if (!registerNumbers.length) return new Map();
  const { rows } = await q.query<Holding>(
    'SELECT id AS person_id, register_number, custody_status, facility_id, unit_id FROM person WHERE register_number = ANY($1::text[])',
    [registerNumbers],
  );
  return new Map(rows.map((r) => [r.register_number, r]));
}
