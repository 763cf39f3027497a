/**
 * Classification and discipline as the domain sees them (classification.ts, discipline.ts).
 * Both are one person's and their events are on that person's chain, so commands on them lock
 * the person's row. Each row keeps its record as its events fold it.
 */
import { evolveClassification, reviewDue, supersede, type Classification, type ClassificationEventKind } from '../domain/classification.ts';
import { evolveDiscipline, type DisciplinaryCase, type DisciplineEventKind } from '../domain/discipline.ts';
import type { EventData, EventKind, LoggedEvent } from '../domain/events.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

type Applier = (tx: Queryable, events: readonly LoggedEvent[]) => Promise<void>;

async function saveClassification(tx: Queryable, c: Classification, idx: number): Promise<void> {
  await tx.query(
    `INSERT INTO classification (id, person_id, status, review_due, reviewed, record, opened_idx, updated_idx) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, review_due = EXCLUDED.review_due, reviewed = EXCLUDED.reviewed, record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [c.id, c.person_id, c.status, reviewDue(c), c.superseded_at !== null, JSON.stringify(c), idx],
  );
}

async function applyClassificationEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const id = (e.data as { classification_id: string }).classification_id;
  if (e.kind === 'classification.assessed') {
    const d = e.data as EventData['classification.assessed'];
    const previous = d.supersedes ? await loadClassification(tx, d.supersedes) : null;
    if (previous) await saveClassification(tx, supersede(previous, d.assessed_at), e.idx);
  }
  const prior = e.kind === 'classification.assessed' ? null : await loadClassification(tx, id);
  await saveClassification(tx, evolveClassification(prior, e as unknown as { kind: ClassificationEventKind; person_id: string | null; data: EventData[ClassificationEventKind] }), e.idx);
}

async function applyDisciplineEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  const id = (e.data as { case_id: string }).case_id;
  const prior = e.kind === 'discipline.charged' ? null : await loadDisciplinaryCase(tx, id);
  const next = evolveDiscipline(prior, e as unknown as { kind: DisciplineEventKind; person_id: string | null; data: EventData[DisciplineEventKind] });
  await tx.query(
    `INSERT INTO disciplinary_case (id, person_id, status, record, opened_idx, updated_idx) VALUES ($1, $2, $3, $4::jsonb, $5, $5)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, record = EXCLUDED.record, updated_idx = EXCLUDED.updated_idx`,
    [next.id, next.person_id, next.status, JSON.stringify(next), e.idx],
  );
}

const each =
  (apply: (tx: Queryable, e: LoggedEvent) => Promise<void>): Applier =>
  async (tx, events) => {
    for (const e of events) await apply(tx, e);
  };

/** How each classification and discipline event changes the projections (projections.ts mounts these). */
export const custodyLifeAppliers = {
  'classification.assessed': each(applyClassificationEvent),
  'classification.contested': each(applyClassificationEvent),
  'classification.contest_decided': each(applyClassificationEvent),
  'discipline.charged': each(applyDisciplineEvent),
  'discipline.heard': each(applyDisciplineEvent),
  'discipline.sanctioned': each(applyDisciplineEvent),
  'discipline.appealed': each(applyDisciplineEvent),
  'discipline.sanction_ended': each(applyDisciplineEvent),
  'discipline.appeal_decided': each(applyDisciplineEvent),
} satisfies Partial<Record<EventKind, Applier>>;

export async function loadClassification(q: Queryable, id: string): Promise<Classification | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: Classification }>('SELECT record FROM classification WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** The person's latest assessment not yet superseded (current, or set aside on contest), which the next one supersedes. */
export async function currentClassification(q: Queryable, personId: string): Promise<Classification | null> {
  const { rows } = await q.query<{ record: Classification }>(
    `SELECT record FROM classification WHERE person_id = $1 AND status <> 'superseded' AND record->>'superseded_at' IS NULL ORDER BY opened_idx DESC LIMIT 1`,
    [personId],
  );
  return rows[0]?.record ?? null;
}

export async function loadDisciplinaryCase(q: Queryable, id: string): Promise<DisciplinaryCase | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: DisciplinaryCase }>('SELECT record FROM disciplinary_case WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** A person's assessments and disciplinary cases, in the order they were recorded. */
export async function custodyLifeOf(q: Queryable, personId: string): Promise<{ classifications: Classification[]; discipline: DisciplinaryCase[] }> {
  if (!isUuid(personId)) return { classifications: [], discipline: [] };
  const c = await q.query<{ record: Classification }>('SELECT record FROM classification WHERE person_id = $1 ORDER BY opened_idx', [personId]);
  const d = await q.query<{ record: DisciplinaryCase }>('SELECT record FROM disciplinary_case WHERE person_id = $1 ORDER BY opened_idx', [personId]);
  return { classifications: c.rows.map((r) => r.record), discipline: d.rows.map((r) => r.record) };
}
