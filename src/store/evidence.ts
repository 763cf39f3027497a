/**
 * Records frozen as evidence (evidence-freeze.ts): a freeze for every `evidence.frozen` and
 * every death, the corrections of frozen events, and the detainee's own file given out
 * (own-file.ts), as the domain and the pages read them.
 */
import { freezeFrom, type EvidenceFreeze } from '../domain/evidence-freeze.ts';
import type { EventData, LoggedEvent } from '../domain/events.ts';
import { evolveOwnFileRequest, type OwnFileDisclosure, type OwnFileRequest } from '../domain/own-file.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

/** Freezes made by these events (deaths and `evidence.frozen`), in one statement. */
export async function applyFreezes(tx: Queryable, events: readonly LoggedEvent[]): Promise<void> {
  const freezes = events.filter((e) => e.kind === 'person.died' || e.kind === 'evidence.frozen').map((e) => freezeFrom(e as Parameters<typeof freezeFrom>[0]));
  if (!freezes.length) return;
  await tx.query(
    `INSERT INTO evidence_freeze (id, person_id, incident, up_to_idx, record)
     SELECT r.id, r.person_id, r.incident, r.up_to_idx, r.record FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, person_id uuid, incident text, up_to_idx bigint, record jsonb)`,
    [JSON.stringify(freezes.map((f) => ({ id: f.id, person_id: f.person_id, incident: f.incident, up_to_idx: f.up_to_idx, record: f })))],
  );
}

export async function applyEvidenceCorrections(tx: Queryable, events: readonly LoggedEvent[]): Promise<void> {
  const rows = events.map((e) => {
    const d = e.data as EventData['evidence.correction_recorded'];
    return { event_idx: e.idx, person_id: e.person_id, corrects: d.corrects, freeze_id: d.freeze_id, record: { ...d, event_id: e.event_id, recorded_at: e.recorded_at } };
  });
  await tx.query(
    `INSERT INTO evidence_correction (event_idx, person_id, corrects, freeze_id, record)
     SELECT r.event_idx, r.person_id, r.corrects, r.freeze_id, r.record FROM jsonb_to_recordset($1::jsonb) AS r(event_idx bigint, person_id uuid, corrects uuid, freeze_id uuid, record jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** Requests for the own file: each recorded, and answered by the copy that names it (own-file.ts). */
export async function applyOwnFileRequests(tx: Queryable, events: readonly LoggedEvent[]): Promise<void> {
  for (const e of events) {
    const next = evolveOwnFileRequest(null, e as unknown as Parameters<typeof evolveOwnFileRequest>[1]);
    await tx.query('INSERT INTO own_file_request (id, person_id, due_at, answered, record, requested_idx) VALUES ($1, $2, $3, false, $4::jsonb, $5)', [next.id, next.person_id, next.due_at, JSON.stringify(next), e.idx]);
  }
}

export async function applyDisclosures(tx: Queryable, events: readonly LoggedEvent[]): Promise<void> {
  for (const e of events) {
    const requestId = (e.data as EventData['own_file.disclosed']).request_id;
    const prior = requestId ? await loadOwnFileRequest(tx, requestId) : null;
    if (prior) await tx.query('UPDATE own_file_request SET answered = true, record = $2::jsonb WHERE id = $1', [prior.id, JSON.stringify(evolveOwnFileRequest(prior, e as unknown as Parameters<typeof evolveOwnFileRequest>[1]))]);
  }
  const rows = events.map((e) => {
    const d = e.data as EventData['own_file.disclosed'];
    const record: OwnFileDisclosure = { id: d.disclosure_id, person_id: e.person_id!, request_id: d.request_id ?? null, recipient: d.recipient, counsel_name: d.counsel_name, redactions: d.redactions, disclosed_at: e.occurred_at, disclosed_by: d.disclosed_by };
    return { id: d.disclosure_id, person_id: e.person_id, idx: e.idx, record };
  });
  await tx.query(
    `INSERT INTO own_file_disclosure (id, person_id, disclosed_idx, record)
     SELECT r.id, r.person_id, r.idx, r.record FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, person_id uuid, idx bigint, record jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** A person's freezes, earliest first. */
export async function freezesOf(q: Queryable, personId: string): Promise<EvidenceFreeze[]> {
  if (!isUuid(personId)) return [];
  const { rows } = await q.query<{ record: EvidenceFreeze }>('SELECT record FROM evidence_freeze WHERE person_id = $1 ORDER BY up_to_idx', [personId]);
  return rows.map((r) => r.record);
}

export interface EvidenceCorrection {
  readonly event_id: string;
  readonly corrects: string;
  readonly freeze_id: string;
  readonly reason: string;
  readonly changes: unknown;
  readonly recorded_by: string;
  readonly recorded_at: string;
}

export async function evidenceCorrectionsOf(q: Queryable, personId: string): Promise<EvidenceCorrection[]> {
  if (!isUuid(personId)) return [];
  const { rows } = await q.query<{ record: EvidenceCorrection }>('SELECT record FROM evidence_correction WHERE person_id = $1 ORDER BY event_idx', [personId]);
  return rows.map((r) => r.record);
}

/** Copies of the file given to the person or their counsel, in order. */
export async function disclosuresOf(q: Queryable, personId: string): Promise<OwnFileDisclosure[]> {
  if (!isUuid(personId)) return [];
  const { rows } = await q.query<{ record: OwnFileDisclosure }>('SELECT record FROM own_file_disclosure WHERE person_id = $1 ORDER BY disclosed_idx', [personId]);
  return rows.map((r) => r.record);
}

export async function loadDisclosure(q: Queryable, id: string): Promise<OwnFileDisclosure | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: OwnFileDisclosure }>('SELECT record FROM own_file_disclosure WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

export async function loadOwnFileRequest(q: Queryable, id: string): Promise<OwnFileRequest | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: OwnFileRequest }>('SELECT record FROM own_file_request WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** A person's requests for their own file, in the order they were recorded. */
export async function ownFileRequestsOf(q: Queryable, personId: string): Promise<OwnFileRequest[]> {
  if (!isUuid(personId)) return [];
  const { rows } = await q.query<{ record: OwnFileRequest }>('SELECT record FROM own_file_request WHERE person_id = $1 ORDER BY requested_idx', [personId]);
  return rows.map((r) => r.record);
}
