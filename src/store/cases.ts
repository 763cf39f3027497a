/**
 * Loading cases as the domain sees them. A case is one person's and its events are on that
 * person's chain, so case commands lock the person's row: commands on one person's cases (and
 * segregation) run one after another.
 */
import type { CaseSubject, CourtCase, CustodyStay } from '../domain/case.ts';
import type { OrderOnRecord } from '../domain/case-order.ts';
import type { Facility } from '../domain/facility.ts';
import type { HearingOnRecord } from '../domain/case-hearing.ts';
import type { SegregationSubject } from '../domain/segregation.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';
import { loadFacilities, loadPersons, lockPersons } from './subjects.ts';

/** The person a case is about (it never changes), or null. */
export async function caseOwner(q: Queryable, caseId: string): Promise<string | null> {
  if (!isUuid(caseId)) return null;
  const { rows } = await q.query<{ person_id: string }>('SELECT person_id FROM court_case WHERE id = $1', [caseId]);
  return rows[0]?.person_id ?? null;
}

/** Lock the row of the person whose case it is. */
export async function lockCase(tx: Queryable, caseId: string): Promise<void> {
  const owner = await caseOwner(tx, caseId);
  if (owner) await lockPersons(tx, [owner]);
}

const utc = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * The person's present custody, or the last one if it has ended: the unbroken run of periods
 * in custody or in transit that ends with the latest of them (custody_period, DESIGN 3.2).
 */
export async function custodyStay(q: Queryable, personId: string): Promise<CustodyStay | null> {
  if (!isUuid(personId)) return null;
  const { rows } = await q.query<{ from_at: Date | null; to_at: Date | null }>(
    `WITH p AS (SELECT seq, status IN ('in_custody', 'in_transit') AS held, from_at, to_at FROM custody_period WHERE person_id = $1),
          last_held AS (SELECT max(seq) AS seq FROM p WHERE held),
          gap AS (SELECT max(p.seq) AS seq FROM p, last_held WHERE NOT p.held AND p.seq < last_held.seq)
     SELECT (SELECT min(p.from_at) FROM p, last_held, gap WHERE p.seq > COALESCE(gap.seq, 0) AND p.seq <= last_held.seq) AS from_at,
            (SELECT p.to_at FROM p, last_held WHERE p.seq = last_held.seq) AS to_at`,
    [personId],
  );
  const row = rows[0];
  return row?.from_at ? { from: utc(row.from_at)!, to: utc(row.to_at) } : null;
}

interface CaseRow {
  id: string;
  person_id: string;
  reference: string;
  court: string;
  stage: CourtCase['stage'];
  charges: CourtCase['charges'];
  counsel_ids: string[];
  verdict: { outcome: 'convicted' | 'acquitted'; at: string } | null;
  sentenced: boolean;
  appeal: { decided_at: string | null } | null;
}

/** A case as the domain sees it, or null. */
export async function loadCase(q: Queryable, caseId: string): Promise<CourtCase | null> {
  if (!isUuid(caseId)) return null;
  const { rows } = await q.query<CaseRow>(
    `SELECT c.id, c.person_id, c.reference, c.court, c.stage, c.charges, c.verdict, c.sentence IS NOT NULL AS sentenced, c.appeal,
            ARRAY(SELECT k.counsel_id::text FROM case_counsel k WHERE k.case_id = c.id ORDER BY k.event_idx) AS counsel_ids
       FROM court_case c WHERE c.id = $1`,
    [caseId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    person_id: r.person_id,
    reference: r.reference,
    court: r.court,
    stage: r.stage,
    charges: r.charges,
    counsel_ids: r.counsel_ids,
    verdict: r.verdict ? { outcome: r.verdict.outcome, at: r.verdict.at, sentenced: r.sentenced } : null,
    appeal: r.appeal ? { decided: r.appeal.decided_at !== null } : null,
  };
}

/** A case with its person and their custody. */
export async function loadCaseSubject(q: Queryable, caseId: string): Promise<CaseSubject> {
  const found = await loadCase(q, caseId);
  if (!found) return { case: null, person: null, stay: null };
  const person = (await loadPersons(q, [found.person_id])).get(found.person_id) ?? null;
  return { case: found, person, stay: await custodyStay(q, found.person_id) };
}

/** Whether a court already has a case with this file number. */
export async function caseReferenceTaken(q: Queryable, court: string, reference: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM court_case WHERE court = $1 AND reference = $2', [court, reference])).rows.length > 0;
}

/** Whether a court already has an order with this reference. */
export async function orderReferenceTaken(q: Queryable, court: string, reference: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM court_order WHERE court = $1 AND reference = $2', [court, reference])).rows.length > 0;
}

export async function facilityExists(q: Queryable, id: string | undefined): Promise<boolean> {
  return id !== undefined && isUuid(id) && (await q.query('SELECT 1 FROM facility WHERE id = $1', [id])).rows.length > 0;
}

/** The facility an order or a hearing names (null when it names none, or none with this id), and the one holding the case's person now. */
export async function namedAndHeldAt(q: Queryable, named: string | undefined, subject: CaseSubject): Promise<{ named: Facility | null; heldAt: Facility | null }> {
  const held = subject.person?.custody.facility_id ?? null;
  const ids = [named, held].filter((id): id is string => typeof id === 'string' && isUuid(id));
  const found = await loadFacilities(q, ids);
  return { named: (named && found.get(named)) || null, heldAt: (held && found.get(held)) || null };
}

/** An order of a case, as its confirmation sees it. */
export async function loadOrder(q: Queryable, caseId: string, orderId: string): Promise<OrderOnRecord | null> {
  if (!isUuid(caseId) || !isUuid(orderId)) return null;
  const { rows } = await q.query<OrderOnRecord>('SELECT id AS order_id, confirmation FROM court_order WHERE id = $1 AND case_id = $2', [orderId, caseId]);
  return rows[0] ?? null;
}

/** A hearing of a case, as its outcome sees it. */
export async function loadHearing(q: Queryable, caseId: string, hearingId: string): Promise<HearingOnRecord | null> {
  if (!isUuid(caseId) || !isUuid(hearingId)) return null;
  const { rows } = await q.query<HearingOnRecord>('SELECT id AS hearing_id, status FROM hearing WHERE id = $1 AND case_id = $2', [hearingId, caseId]);
  return rows[0] ?? null;
}

/** When the person's last ended period of segregation ended, if any: a new one cannot start before it. */
export async function lastSegregationEnd(q: Queryable, personId: string): Promise<string | null> {
  if (!isUuid(personId)) return null;
  const { rows } = await q.query<{ at: Date | null }>('SELECT max(ended_at) AS at FROM segregation_period WHERE person_id = $1', [personId]);
  return rows[0]?.at ? utc(rows[0].at)! : null;
}

/** The person's open period of segregation, if any. */
export async function openSegregation(q: Queryable, personId: string): Promise<{ at: string; facility_id: string } | null> {
  if (!isUuid(personId)) return null;
  const { rows } = await q.query<{ at: Date; facility_id: string }>('SELECT started_at AS at, facility_id FROM segregation_period WHERE person_id = $1 AND ended_idx IS NULL', [personId]);
  return rows[0] ? { at: utc(rows[0].at)!, facility_id: rows[0].facility_id } : null;
}

/** A person's segregation as segregation.ts decides on it: the person, their custody, the open period and when the last one ended. */
export async function segregationSubject(q: Queryable, personId: string): Promise<SegregationSubject> {
  const person = (await loadPersons(q, [personId])).get(personId) ?? null;
  if (!person) return { person, stay: null, open: null };
  return { person, stay: await custodyStay(q, person.id), open: await openSegregation(q, person.id), lastEnded: await lastSegregationEnd(q, person.id) };
}
