/**
 * The published figures as served to anyone, without login (issue 17): the latest approved
 * publication or publication `n`, with the signed checkpoint that covers it and the canonical
 * bytes of its two events, so that a verifier without access to the entries can prove that
 * what is served is what the log holds (transparency/figures-verify.ts). Nothing here names a
 * detained person: the events of a publication are about no person, and their tables are
 * protected by disclosure control.
 */
import type { Queryable } from '../store/database.ts';
import { publishedCount, publishedFigures, publishedFiguresAt, type PublishedFigures } from '../store/figures.ts';

export interface PublicTable {
  readonly name: string;
  readonly row_dimension: string;
  readonly column_dimension: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly (number | null)[])[];
  readonly row_totals: readonly (number | null)[];
  readonly column_totals: readonly (number | null)[];
  readonly total: number | null;
}

/** `/figures.json`: one publication. */
export interface FiguresDocument {
  readonly number: number;
  readonly publications: number;
  readonly publication_id: string;
  readonly published_at: string;
  readonly prepared_by: string;
  readonly approved_by: string;
  readonly log_size: number;
  readonly as_of: string | null;
  /** The instant the figures were measured at (the latest event folded), or null in a publication that did not record it. */
  readonly measured_at: string | null;
  /** The signed note of the smallest checkpoint covering the publication's events (and so log_size), or null until one is signed. */
  readonly checkpoint: string | null;
  readonly threshold: number;
  readonly rounding: number;
  readonly publish_zeros: boolean;
  readonly tables: readonly PublicTable[];
  readonly not_measured: readonly { readonly table: string; readonly column: string; readonly reason: string }[];
  /** The publication's events in the log: their indexes and canonical bytes (base64). */
  readonly events: { readonly prepared: { readonly index: number; readonly entry: string }; readonly approved: { readonly index: number; readonly entry: string } };
}

async function document(q: Queryable, p: PublishedFigures, publications: number): Promise<FiguresDocument> {
  const { rows: checkpoints } = await q.query<{ note: string }>('SELECT note FROM log_checkpoint WHERE size > $1 ORDER BY size LIMIT 1', [p.approved_idx]);
  const { rows: entries } = await q.query<{ idx: number; bytes: Uint8Array }>('SELECT idx::int, bytes FROM event WHERE idx = ANY($1::bigint[]) ORDER BY idx', [[p.prepared_idx, p.approved_idx]]);
  const entry = (idx: number) => ({ index: idx, entry: Buffer.from(entries.find((e) => e.idx === idx)!.bytes).toString('base64') });
  const r = p.record;
  return {
    number: p.number,
    publications,
    publication_id: p.publication_id,
    published_at: p.published_at,
    prepared_by: p.prepared_by,
    approved_by: p.approved_by,
    log_size: r.log_size,
    as_of: r.as_of,
    measured_at: r.measured_at ?? null,
    checkpoint: checkpoints[0]?.note ?? null,
    threshold: r.parameters.threshold,
    rounding: r.parameters.rounding,
    publish_zeros: r.parameters.publish_zeros,
    tables: r.tables,
    not_measured: r.not_measured,
    events: { prepared: entry(p.prepared_idx), approved: entry(p.approved_idx) },
  };
}

/** Publication `n`, or the latest when `n` is omitted; null when there is none. */
export async function figuresDocument(q: Queryable, n?: number): Promise<FiguresDocument | null> {
  const p = await publishedFiguresAt(q, n);
  if (!p) return null;
  // Publications are numbered 1, 2, … in order: the latest is their count.
  const latest = n === undefined ? p.number : await publishedCount(q);
  return document(q, p, latest);
}

/** One point of the series over time: each publication's date, size and totals. */
export interface FiguresPoint {
  readonly number: number;
  readonly as_of: string | null;
  readonly published_at: string;
  readonly log_size: number;
  /** The total held (the first stock table's total, as published), or null if suppressed or absent. */
  readonly held: number | null;
}

/** Every publication as a point of the series of persons held over time. */
export async function figuresSeries(q: Queryable): Promise<FiguresPoint[]> {
  return (await publishedFigures(q)).map((p) => ({
    number: p.number,
    as_of: p.record.as_of,
    published_at: p.published_at,
    log_size: p.record.log_size,
    held: p.record.tables.find((t) => t.row_dimension !== 'month')?.total ?? null,
  }));
}

/** A publication as CSV (RFC 4180): one line per cell — table, row, column, count (empty when suppressed). */
export function figuresCsv(doc: FiguresDocument): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['publication', 'log_size', 'table', 'row', 'column', 'count'].join(',')];
  for (const t of doc.tables) {
    t.rows.forEach((row, i) => t.columns.forEach((col, j) => lines.push([String(doc.number), String(doc.log_size), t.name, row, col, String(t.cells[i]![j] ?? '')].map(quote).join(','))));
    t.rows.forEach((row, i) => lines.push([String(doc.number), String(doc.log_size), t.name, row, 'total', String(t.row_totals[i] ?? '')].map(quote).join(',')));
    t.columns.forEach((col, j) => lines.push([String(doc.number), String(doc.log_size), t.name, 'total', col, String(t.column_totals[j] ?? '')].map(quote).join(',')));
    lines.push([String(doc.number), String(doc.log_size), t.name, 'total', 'total', String(t.total ?? '')].map(quote).join(','));
  }
  for (const m of doc.not_measured) lines.push([String(doc.number), String(doc.log_size), m.table, '', m.column, 'not yet measured'].map(quote).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
