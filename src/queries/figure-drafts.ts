/**
 * Publications of the figures as officials see them before and after approval (issue 17):
 * every one prepared — waiting for another official's approval, or published under its
 * number — and one with its protected tables, for the preview. Nothing here names a detained
 * person: the tables are counts protected by disclosure control, as they would be published.
 */
import type { LoggedEvent } from '../domain/events.ts';
import type { Queryable } from '../store/database.ts';
import { isUuid } from '../domain/values.ts';

export interface FigureDraft {
  readonly publication_id: string;
  readonly prepared_at: string;
  readonly prepared_by: string;
  readonly approved_by: string | null;
  readonly approved_at: string | null;
  /** Its number once approved (public at /figures/<number>), null while waiting. */
  readonly number: number | null;
  readonly log_size: number;
  readonly record: LoggedEvent<'figures.prepared'>['data'];
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
type Row = Omit<FigureDraft, 'prepared_at' | 'approved_at'> & { prepared_at: Date | string; approved_at: Date | string | null };
const columns = 'id AS publication_id, prepared_at, prepared_by, approved_by, approved_at, number, log_size::int, record';
const draft = (r: Row): FigureDraft => ({ ...r, prepared_at: iso(r.prepared_at)!, approved_at: iso(r.approved_at) });

/** Every publication prepared, the latest first. */
export async function figureDrafts(q: Queryable, limit = 100): Promise<FigureDraft[]> {
  const { rows } = await q.query<Row>(`SELECT ${columns} FROM figure_publication ORDER BY prepared_idx DESC LIMIT $1`, [limit]);
  return rows.map(draft);
}

/** One publication prepared, or null. */
export async function figureDraft(q: Queryable, id: string): Promise<FigureDraft | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<Row>(`SELECT ${columns} FROM figure_publication WHERE id = $1`, [id]);
  return rows[0] ? draft(rows[0]) : null;
}

/** The log's size now: what a publication prepared now is computed at. */
export async function currentLogSize(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT coalesce(max(idx) + 1, 0)::int AS n FROM event');
  return rows[0]!.n;
}
