/**
 * Similarities kept between searches: a table of rows (one per query token) and columns
 * (gallery tokens, or adjacent pairs of them), filled as pairs are met. A similarity depends
 * on the two tokens only, so once computed it stays true however the index changes.
 *
 * Rows are stored in pages of {@link PAGE} columns, allocated when first written, so a row
 * costs memory only where it was used. Values are kept as 32-bit floats, the precision the
 * scorer keeps them in. Past `maxPages` pages everything is forgotten and the table starts
 * anew.
 */

const PAGE_BITS = 6;
/** Columns per page. */
export const PAGE = 1 << PAGE_BITS;

export class SimilarityCache {
  // Per row, its page directory: the page's number in `data` plus one, 0 where none is kept.
  // Flat typed arrays keep the look-up (one per query token and gallery token per search)
  // to two indexed reads, where nested sparse arrays fell back to dictionary look-ups.
  private rows: (Int32Array | undefined)[] = [];
  private data = new Float32Array(64 * PAGE);
  private pages = 0;

  /** @param maxPages most pages kept before the table is cleared (each is 256 bytes). */
  constructor(private readonly maxPages = 131_072) {}

  /** Number of pages in use. */
  get size(): number {
    return this.pages;
  }

  /** The value kept for (row, column), or NaN when none is. */
  get(row: number, column: number): number {
    const directory = this.rows[row];
    if (directory === undefined) return Number.NaN;
    const p = column >> PAGE_BITS;
    if (p >= directory.length) return Number.NaN;
    const page = directory[p] as number;
    return page === 0 ? Number.NaN : (this.data[((page - 1) << PAGE_BITS) | (column & (PAGE - 1))] as number);
  }

  /** Keep a value for (row, column); it reads back rounded to a 32-bit float. */
  set(row: number, column: number, value: number): void {
    while (this.rows.length <= row) this.rows.push(undefined);
    const p = column >> PAGE_BITS;
    let directory = this.rows[row];
    if (directory === undefined || p >= directory.length) {
      const grown = new Int32Array(Math.max(p + 1, (directory?.length ?? 0) * 2, 4));
      if (directory !== undefined) grown.set(directory);
      directory = grown;
      this.rows[row] = directory;
    }
    let page = directory[p] as number;
    if (page === 0) {
      page = ++this.pages;
      if (this.data.length < page * PAGE) {
        const next = new Float32Array(Math.max(page * PAGE, this.data.length * 2));
        next.set(this.data);
        this.data = next;
      }
      this.data.fill(Number.NaN, (page - 1) * PAGE, page * PAGE);
      directory[p] = page;
    }
    this.data[((page - 1) << PAGE_BITS) | (column & (PAGE - 1))] = value;
  }

  /** Is the table past its size, so that the caller should clear it between searches? */
  get full(): boolean {
    return this.pages > this.maxPages;
  }

  /** Forget every value (the space for them is kept). */
  clear(): void {
    this.rows = [];
    this.pages = 0;
  }
}
