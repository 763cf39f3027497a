/**
 * Loading the subjects of a command — persons, facilities and transfer orders — as the domain sees them,
 * locking their rows first so concurrent commands on the same subject run one after another.
 */
import type { NameRecord, PersonDetails } from '../domain/events.ts';
import type { Facility } from '../domain/facility.ts';
import type { Person } from '../domain/person.ts';
import type { Category } from '../domain/placement.ts';
import type { Transfer, TransferMember } from '../domain/transfer.ts';
import type { Queryable } from './database.ts';

/** Lock person rows (in id order, so two commands never wait on each other in a cycle). */
export async function lockPersons(tx: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length) await tx.query('SELECT 1 FROM person WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
}

export async function lockFacilities(tx: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length) await tx.query('SELECT 1 FROM facility WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
}

interface PersonRow {
  id: string;
  register_number: string;
  sex: Person['details']['sex'];
  gender: PersonDetails['gender'];
  dob: PersonDetails['dob'];
  nationalities: string[];
  languages: string[];
  biometric_refs: PersonDetails['biometric_refs'];
  documents: PersonDetails['documents'];
  names: NameRecord[];
  custody_status: Person['custody']['status'];
  facility_id: string | null;
  unit_id: string | null;
  legal_status: Person['custody']['legal_status'];
  category: Category | null;
  frozen: boolean;
  merged_into: string | null;
  version: number;
}

/** Persons by id, as the domain sees them. Missing ids are absent from the map. */
export async function loadPersons(q: Queryable, ids: readonly string[]): Promise<Map<string, Person>> {
  const found = new Map<string, Person>();
  if (!ids.length) return found;
  const { rows } = await q.query<PersonRow>(
    `SELECT p.*,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', d.kind, 'number', d.number, 'issuing_country', d.issuing_country) ORDER BY d.position)
                        FROM person_document d WHERE d.person_id = p.id), '[]') AS documents,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'script', n.script, 'full', n.full_name, 'parts', n.parts, 'source', n.source, 'confidence', n.confidence))
                        FROM name_record n WHERE n.person_id = p.id), '[]') AS names
       FROM person p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) {
    found.set(r.id, {
      id: r.id,
      register_number: r.register_number,
      details: { sex: r.sex, gender: r.gender, dob: r.dob, nationalities: r.nationalities, languages: r.languages, documents: r.documents, biometric_refs: r.biometric_refs },
      names: r.names,
      custody: { status: r.custody_status, facility_id: r.facility_id, unit_id: r.unit_id, legal_status: r.legal_status, category: r.category },
      frozen: r.frozen,
      merged_into: r.merged_into,
      version: r.version,
    });
  }
  return found;
}

/** Facilities by id, with their units and the number of people held now per category. */
export async function loadFacilities(q: Queryable, ids: readonly string[]): Promise<Map<string, Facility>> {
  const found = new Map<string, Facility>();
  if (!ids.length) return found;
  const { rows } = await q.query<Omit<Facility, 'units' | 'occupancy'> & { units: Facility['units'] | null; occupancy: Facility['occupancy'] | null }>(
    `SELECT f.*,
            (SELECT jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name, 'category', u.category) ORDER BY u.name) FROM facility_unit u WHERE u.facility_id = f.id) AS units,
            (SELECT jsonb_object_agg(o.category, o.n) FROM (SELECT category, count(*) AS n FROM person
                WHERE facility_id = f.id AND custody_status = 'in_custody' GROUP BY category) o) AS occupancy
       FROM facility f WHERE f.id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) found.set(r.id, { ...r, units: r.units ?? [], occupancy: r.occupancy ?? {} });
  return found;
}

/**
 * Lock the facilities a return leg puts persons back into (the unit each left: the origin, or
 * the last stop), after the order and before the persons, as a check-in locks its destination:
 * a return changes the facility's headcount, which admissions and roll calls read under lock.
 */
export async function lockReturnFacilities(tx: Queryable, transferId: string, personIds?: readonly string[]): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT DISTINCT COALESCE(tp.from_facility_id, t.origin_facility_id) AS id
       FROM transfer_person tp JOIN transfer t ON t.id = tp.transfer_id
      WHERE tp.transfer_id = $1 AND ($2::uuid[] IS NULL OR tp.person_id = ANY($2::uuid[]))
        AND COALESCE(tp.from_facility_id, t.origin_facility_id) IS NOT NULL`,
    [transferId, personIds ?? null],
  );
  await lockFacilities(tx, rows.map((r) => r.id));
}

/**
 * Lock a transfer order's row. Commands about a transfer lock it first (then facilities,
 * then persons), so check-ins, the count and dispatch of one order run one after another.
 */
export async function lockTransfer(tx: Queryable, id: string): Promise<void> {
  await tx.query('SELECT 1 FROM transfer WHERE id = $1 FOR UPDATE', [id]);
}

/**
 * A transfer order as the domain sees it, with the persons the command concerns: all of
 * them, or only those listed (a check-in needs one row of a 10,000-person manifest).
 */
export async function loadTransfer(q: Queryable, id: string, only?: readonly string[]): Promise<Transfer | null> {
  const { rows } = await q.query<Omit<Transfer, 'members'>>(
    `SELECT t.id, t.status, t.origin, t.destination, COALESCE(f.country, t.origin->>'country') AS origin_country, t.created_by, t.persons, t.stops, t.at_stop, t.next_stop
       FROM transfer t LEFT JOIN facility f ON f.id = t.origin_facility_id WHERE t.id = $1`,
    [id],
  );
  if (!rows[0]) return null;
  const members = await q.query<TransferMember>(
    `SELECT tp.person_id, p.register_number, tp.status, tp.from_facility_id, tp.from_unit_id, tp.from_category, tp.safeguards, tp.leg
       FROM transfer_person tp JOIN person p ON p.id = tp.person_id
      WHERE tp.transfer_id = $1 AND ($2::uuid[] IS NULL OR tp.person_id = ANY($2::uuid[])) ORDER BY tp.position`,
    [id, only ?? null],
  );
  return { ...rows[0], members: members.rows };
}

/** For persons on a journey (in transit, or lodged at an overnight stop): the open transfer each is on. */
export async function transfersInTransit(q: Queryable, personIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ person_id: string; transfer_id: string }>(
    `SELECT tp.person_id, tp.transfer_id FROM transfer_person tp JOIN transfer t ON t.id = tp.transfer_id
      WHERE tp.person_id = ANY($1::uuid[]) AND tp.status IN ('in_transit', 'discrepancy', 'unaccounted', 'at_stop') AND t.status NOT IN ('closed', 'cancelled')`,
    [personIds],
  );
  return new Map(rows.map((r) => [r.person_id, r.transfer_id]));
}
