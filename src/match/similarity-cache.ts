/**
 * Similarities kept between searches: values for (row, column) pairs — a row per query
 * token, a column per gallery token (or adjacent pair of them) — filled as pairs are met. A
 * similarity depends on the two tokens only, so once computed it stays true however the
 * index changes.
 *
 * A search meets a few of the gallery's tokens per query token, scattered over the whole
 * vocabulary, so the table is an open-addressing hash of (row, column) in flat typed arrays:
 * twelve bytes a slot, at most half the slots used, whatever the spread of the columns. Values
 * are kept as 32-bit floats, the precision the scorer keeps them in. Past `maxEntries` values
 * the caller is told ({@link full}) and clears the table.
 */

const EMPTY = -1;
const FIRST_CAPACITY = 1 << 12;

export class SimilarityCache {
  private rows = new Int32Array(FIRST_CAPACITY).fill(EMPTY);
  private columns = new Int32Array(FIRST_CAPACITY);
  private values = new Float32Array(FIRST_CAPACITY);
  private mask = FIRST_CAPACITY - 1;
  private count = 0;

  /** @param maxEntries most values kept before the table says it is full (each takes at most 24 bytes). */
  constructor(private readonly maxEntries = 2_000_000) {}

  /** Number of values kept. */
  get size(): number {
    return this.count;
  }

  private static hash(row: number, column: number): number {
    let h = Math.imul(row, 0x9e3779b1) ^ Math.imul(column + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  /** The value kept for (row, column), or NaN when none is. */
  get(row: number, column: number): number {
    const rows = this.rows;
    const mask = this.mask;
    let i = SimilarityCache.hash(row, column) & mask;
    for (;;) {
      const r = rows[i] as number;
      if (r === EMPTY) return Number.NaN;
      if (r === row && this.columns[i] === column) return this.values[i] as number;
      i = (i + 1) & mask;
    }
  }

  /** Keep a value for (row, column); it reads back rounded to a 32-bit float. Rows and columns are non-negative. */
  set(row: number, column: number, value: number): void {
    if ((this.count + 1) * 2 > this.rows.length) this.grow();
    const rows = this.rows;
    const mask = this.mask;
    let i = SimilarityCache.hash(row, column) & mask;
    for (;;) {
      const r = rows[i] as number;
      if (r === EMPTY) {
        rows[i] = row;
        this.columns[i] = column;
        this.values[i] = value;
        this.count++;
        return;
      }
      if (r === row && this.columns[i] === column) {
        this.values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oldRows = this.rows;
    const oldColumns = this.columns;
    const oldValues = this.values;
    const capacity = oldRows.length * 2;
    this.rows = new Int32Array(capacity).fill(EMPTY);
    this.columns = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < oldRows.length; i++) {
      const r = oldRows[i] as number;
      if (r !== EMPTY) this.set(r, oldColumns[i] as number, oldValues[i] as number);
    }
  }

  /** Is the table past its size, so that the caller should clear it between searches? */
  get full(): boolean {
    return this.count > this.maxEntries;
  }

  /** Forget every value (the space for them is kept). */
  clear(): void {
    this.rows.fill(EMPTY);
    this.count = 0;
  }
}
