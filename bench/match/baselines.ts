/**
 * Baseline matchers for the name-matching bench: a brute-force token best-pair
 * Jaro-Winkler matcher, and PostgreSQL pg_trgm similarity() (on PGlite), both over the
 * same gallery names as ours.
 */
import { jaroWinkler } from '../../src/match/similarity.ts';

/** A gallery entry as the bench loads it. */
export interface BenchEntry {
  id: string;
  names: string[];
}

/** One ranked candidate. */
export interface BenchCandidate {
  id: string;
  score: number;
}

/** The naive normalisation a baseline would use: lowercase, accents off, letters only. */
export function simpleTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/**
 * Token best-pair Jaro-Winkler: each query token takes its best Jaro-Winkler against
 * the name's tokens and vice versa; the name scores the mean of both directions; an
 * entry scores its best name. Scans every name (brute force).
 */
export class JaroWinklerBaseline {
  private readonly names: Array<{ entry: number; tokens: string[] }> = [];
  private readonly ids: string[] = [];

  constructor(entries: readonly BenchEntry[]) {
    entries.forEach((e, i) => {
      this.ids.push(e.id);
      for (const n of e.names) {
        const tokens = simpleTokens(n);
        if (tokens.length > 0) this.names.push({ entry: i, tokens });
      }
    });
  }

  search(name: string, top: number): BenchCandidate[] {
    const q = simpleTokens(name);
    if (q.length === 0) return [];
    const best = new Float64Array(this.ids.length).fill(-1);
    for (const n of this.names) {
      let a = 0;
      for (const x of q) {
        let m = 0;
        for (const y of n.tokens) m = Math.max(m, jaroWinkler(x, y));
        a += m;
      }
      let b = 0;
      for (const y of n.tokens) {
        let m = 0;
        for (const x of q) m = Math.max(m, jaroWinkler(x, y));
        b += m;
      }
      const s = (a / q.length + b / n.tokens.length) / 2;
      if (s > (best[n.entry] ?? -1)) best[n.entry] = s;
    }
    return rankTop(this.ids, best, top);
  }
}

/** The top entries of a dense score array, best first (ties by id). */
export function rankTop(ids: readonly string[], scores: Float64Array, top: number): BenchCandidate[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((scores[i] ?? -1) > 0) order.push(i);
  order.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || ((ids[a] ?? '') < (ids[b] ?? '') ? -1 : 1));
  return order.slice(0, top).map((i) => ({ id: ids[i] ?? '', score: scores[i] ?? 0 }));
}

/** A pg_trgm baseline: names in a table with a trigram GiST index, nearest by `<->`. */
export class TrigramBaseline {
  private constructor(private readonly db: import('@electric-sql/pglite').PGlite) {}

  /** Load the gallery into a fresh in-memory PGlite with pg_trgm. */
  static async create(entries: readonly BenchEntry[]): Promise<TrigramBaseline> {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const db = await PGlite.create({ extensions: { pg_trgm } });
    await db.exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE TABLE names (entry text NOT NULL, name text NOT NULL);`);
    const batch = 2000;
    const rows: Array<[string, string]> = [];
    for (const e of entries) for (const n of e.names) rows.push([e.id, n.toLowerCase()]);
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      await db.query(
        `INSERT INTO names (entry, name) SELECT * FROM unnest($1::text[], $2::text[])`,
        [chunk.map((r) => r[0]), chunk.map((r) => r[1])],
      );
    }
    await db.exec('CREATE INDEX names_trgm ON names USING gist (name gist_trgm_ops); ANALYZE names;');
    return new TrigramBaseline(db);
  }

  /**
   * Top entries by the best similarity() of any of their names. The index proposes the
   * nearest names (`<->` = 1 - similarity); we take enough of them to fill `top` entries.
   */
  async search(name: string, top: number): Promise<BenchCandidate[]> {
    const res = await this.db.query<{ entry: string; s: number }>(
      `SELECT entry, max(s) AS s FROM (
         SELECT entry, similarity(name, $1) AS s FROM names ORDER BY name <-> $1 LIMIT $2
       ) t GROUP BY entry ORDER BY s DESC, entry LIMIT $3`,
      [name.toLowerCase(), top * 4, top],
    );
    return res.rows.filter((r) => r.s > 0).map((r) => ({ id: r.entry, score: Number(r.s) }));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
