/**
 * The parts of `npm run bench`, in the order docs/BENCHMARKS.md shows them. With no part
 * named the whole bench runs and rewrites the file; naming parts (`npm run bench --
 * admissions`) runs only those and prints their sections, leaving the file alone, since the
 * file says which one commit every figure in it measured.
 */
export const benchParts = ['admissions', 'startup', 'ledger', 'matching', 'transfers', 'rollcalls', 'visits', 'clocks', 'disclosure', 'information', 'figures', 'states', 'web', 'forms', 'fuzz'] as const;
export type BenchPart = (typeof benchParts)[number];

export class BenchUsageError extends Error {}

/** The parts named on the command line, in document order; all of them when none is named. */
export function selectParts(args: readonly string[]): { readonly parts: readonly BenchPart[]; readonly whole: boolean } {
  const unknown = args.filter((a) => !(benchParts as readonly string[]).includes(a));
  if (unknown.length) throw new BenchUsageError(`unknown bench part${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')}: the parts are ${benchParts.join(', ')}`);
  const parts = args.length === 0 ? benchParts : benchParts.filter((p) => args.includes(p));
  return { parts, whole: parts.length === benchParts.length };
}
