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
  private rows: (Float32Array | undefined)[][] = [];
  private pages = 0;

  /** @param maxPages most pages kept before the table is cleared (each is 256 bytes). */
  constructor(private readonly maxPages = 131_072) {}

  /** Number of pages in use. */
  get size(): number {
    return this.pages;
  }

  /** The value kept for (row, column), or NaN when none is. */
  get(row: number, column: number): number {
    const page = this.rows[row]?.[column >> PAGE_BITS];
    return page === undefined ? Number.NaN : (page[column & (PAGE - 1)] as number);
  }

  /** Keep a value for (row, column); it reads back rounded to a 32-bit float. */
  set(row: number, column: number, value: number): void {
    let pages = this.rows[row];
    if (pages === undefined) {
      pages = [];
      this.rows[row] = pages;
    }
    const p = column >> PAGE_BITS;
    let page = pages[p];
    if (page === undefined) {
      page = new Float32Array(PAGE).fill(Number.NaN);
      pages[p] = page;
      this.pages++;
    }
    page[column & (PAGE - 1)] = value;
  }

  /** Is the table past its size, so that the caller should clear it between searches? */
  get full(): boolean {
    return this.pages > this.maxPages;
  }

  /** Forget every value. */
  clear(): void {
    this.rows = [];
    this.pages = 0;
  }
}
