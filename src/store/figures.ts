/**
 * Publications of the register's figures (issue 17) as the projections keep them, and the
 * register's events read back for the figures' fold (domain/figures.ts).
 */
import type { LoggedEvent } from '../domain/events.ts';
import { FiguresFold } from '../domain/figures.ts';
import type { Publication } from '../domain/figures-publication.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';
import { parseEventBytes } from './event-log.ts';

/** Fold one figures event into the publications (projections.ts applies them in log order). */
export async function applyFiguresEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  if (e.kind === 'figures.prepared') {
    const d = e.data as LoggedEvent<'figures.prepared'>['data'];
    await tx.query(
      `INSERT INTO figure_publication (id, prepared_idx, prepared_at, prepared_by, log_size, record) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [d.publication_id, e.idx, e.occurred_at, d.prepared_by, d.log_size, JSON.stringify(d)],
    );
  } else if (e.kind === 'figures.approved') {
    const d = e.data as LoggedEvent<'figures.approved'>['data'];
    await tx.query(`UPDATE figure_publication SET approved_idx = $2, approved_at = $3, approved_by = $4, number = $5 WHERE id = $1`, [
      d.publication_id,
      e.idx,
      e.occurred_at,
      d.approved_by,
      d.number,
    ]);
  }
}

/** A publication as a command needs it, or null. */
export async function loadPublication(q: Queryable, id: string): Promise<Publication | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ id: string; prepared_by: string; approved_by: string | null }>('SELECT id, prepared_by, approved_by FROM figure_publication WHERE id = $1', [id]);
  const r = rows[0];
  return r ? { publication_id: r.id, prepared_by: r.prepared_by, approved_by: r.approved_by } : null;
}

/** The log's size at an instant: the events recorded before it. */
export async function logSizeAt(q: Queryable, instant: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT coalesce(max(idx) + 1, 0)::int AS n FROM event WHERE recorded_at < $1::timestamptz', [instant]);
  return rows[0]!.n;
}

/** How many publications were approved. */
export async function publishedCount(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(number)::int AS n FROM figure_publication');
  return rows[0]!.n;
}

/** A publication approved, as served: its number, events' places and the prepared data. */
export interface PublishedFigures {
  readonly number: number;
  readonly publication_id: string;
  readonly prepared_idx: number;
  readonly approved_idx: number;
  readonly prepared_at: string;
  readonly published_at: string;
  readonly prepared_by: string;
  readonly approved_by: string;
  readonly record: LoggedEvent<'figures.prepared'>['data'];
}

const publishedColumns = `number, id AS publication_id, prepared_idx::int, approved_idx::int, prepared_at, approved_at AS published_at, prepared_by, approved_by, record`;
type Row = Omit<PublishedFigures, 'prepared_at' | 'published_at'> & { prepared_at: Date | string; published_at: Date | string };
const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());
const published = (r: Row): PublishedFigures => ({ ...r, prepared_at: iso(r.prepared_at), published_at: iso(r.published_at) });

/** Every approved publication, in the order of their numbers. */
export async function publishedFigures(q: Queryable): Promise<PublishedFigures[]> {
  const { rows } = await q.query<Row>(`SELECT ${publishedColumns} FROM figure_publication WHERE number IS NOT NULL ORDER BY number`);
  return rows.map(published);
}

/** Publication `n` (the latest when `n` is omitted), or null. */
export async function publishedFiguresAt(q: Queryable, n?: number): Promise<PublishedFigures | null> {
  const { rows } =
    n === undefined
      ? await q.query<Row>(`SELECT ${publishedColumns} FROM figure_publication WHERE number IS NOT NULL ORDER BY number DESC LIMIT 1`)
      : await q.query<Row>(`SELECT ${publishedColumns} FROM figure_publication WHERE number = $1`, [n]);
  return rows[0] ? published(rows[0]) : null;
}

/** The register's figures folded from its log, from the first event to the last committed one (or to `size` events). */
export async function foldRegister(q: Queryable, size = Number.POSITIVE_INFINITY, chunk = 5000): Promise<FiguresFold> {
  const fold = new FiguresFold();
  for (let from = 0; ; ) {
    const limit = Math.min(chunk, size - from);
    if (limit <= 0) return fold;
    const { rows } = await q.query<{ idx: number; bytes: Uint8Array }>('SELECT idx, bytes FROM event WHERE idx >= $1 ORDER BY idx LIMIT $2', [from, limit]);
    if (rows.length === 0) return fold;
    for (const r of rows) {
      if (r.idx !== fold.size) throw new Error(`the log has no event ${fold.size}: the figures cannot be folded`);
      const e = parseEventBytes(r.idx, r.bytes).event;
      fold.apply({ kind: e.kind, person: e.person_id, occurred_at: e.occurred_at, data: e.data });
    }
    from = rows[rows.length - 1]!.idx + 1;
  }
}
