/** Small statistics shared by the benches. */

/** The q-quantile (0 < q ≤ 1) of ascending `sorted` samples, by the nearest-rank method. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
