/**
 * Requests, complaints and allegations of ill-treatment as the domain sees them (complaint.ts,
 * allegation.ts). Both are one person's and their events are on that person's chain, so
 * commands on them lock the person's row. The limits of their clocks are configuration
 * (`useResponseClockRules`), set once at start.
 */
import { evolveAllegation, type Allegation, type AllegationEventKind } from '../domain/allegation.ts';
import { evolveComplaint, type Complaint, type ComplaintEventKind } from '../domain/complaint.ts';
import type { EventData, LoggedEvent } from '../domain/events.ts';
import { defaultResponseClockRules, type ResponseClockRules } from '../domain/response-clock.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';
import { lockPersons } from './subjects.ts';

let rules: ResponseClockRules = defaultResponseClockRules;

/** Set the limits this process gives requests, complaints and referrals (from configuration). */
export function useResponseClockRules(configured: ResponseClockRules): void {
  rules = configured;
}

export function responseClockRules(): ResponseClockRules {
  return rules;
}

/** Fold one complaint event into its row (projections.ts applies them in log order). */
export async function applyComplaintEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const id = (e.data as { complaint_id: string }).complaint_id;
  const prior = e.kind === 'complaint.lodged' ? null : await loadComplaint(tx, id);
  const next = evolveComplaint(prior, e as unknown as { kind: ComplaintEventKind; person_id: string | null; data: EventData[ComplaintEventKind] });
  await tx.query(
    `INSERT INTO complaint (id, person_id, due_at, answered, record, opened_idx, updated_idx) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)
     ON CONFLICT (id) DO UPDATE SET answered = EXCLUDED.answered, record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [next.id, next.person_id, next.due_at, next.answer !== null, JSON.stringify(next), e.idx],
  );
}

/** Fold one allegation event into its row. */
export async function applyAllegationEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const id = (e.data as { allegation_id: string }).allegation_id;
  const prior = e.kind === 'allegation.recorded' ? null : await loadAllegation(tx, id);
  const next = evolveAllegation(prior, e as unknown as { kind: AllegationEventKind; person_id: string | null; occurred_at: string; data: EventData[AllegationEventKind] });
  await tx.query(
    `INSERT INTO allegation (id, person_id, status, escalate_at, record, opened_idx, updated_idx) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [next.id, next.person_id, next.status, next.escalate_at, JSON.stringify(next), e.idx],
  );
}

export async function loadComplaint(q: Queryable, id: string): Promise<Complaint | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: Complaint }>('SELECT record FROM complaint WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

export async function loadAllegation(q: Queryable, id: string): Promise<Allegation | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: Allegation }>('SELECT record FROM allegation WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** Lock the person whose complaint (or allegation: `table`) it is. */
export async function lockOwnerOf(tx: Queryable, table: 'complaint' | 'allegation', id: string): Promise<void> {
  if (!isUuid(id)) return;
  const { rows } = await tx.query<{ person_id: string }>(`SELECT person_id FROM ${table} WHERE id = $1`, [id]);
  if (rows[0]) await lockPersons(tx, [rows[0].person_id]);
}

/** A person's requests and complaints, and allegations, in the order they were recorded. */
export async function complaintsOf(q: Queryable, personId: string): Promise<{ complaints: Complaint[]; allegations: Allegation[] }> {
  if (!isUuid(personId)) return { complaints: [], allegations: [] };
  const c = await q.query<{ record: Complaint }>('SELECT record FROM complaint WHERE person_id = $1 ORDER BY opened_idx', [personId]);
  const a = await q.query<{ record: Allegation }>('SELECT record FROM allegation WHERE person_id = $1 ORDER BY opened_idx', [personId]);
  return { complaints: c.rows.map((r) => r.record), allegations: a.rows.map((r) => r.record) };
}

/** Referrals not closed, the most urgent first (the independent authority's queue). */
export async function openReferrals(q: Queryable, limit = 200, within: (person: string, params: unknown[]) => string = () => 'TRUE'): Promise<Allegation[]> {
  const params: unknown[] = [limit];
  const { rows } = await q.query<{ record: Allegation }>(`SELECT record FROM allegation WHERE status <> 'closed' AND ${within('allegation.person_id', params)} ORDER BY escalate_at, id LIMIT $1`, params);
  return rows.map((r) => r.record);
}
