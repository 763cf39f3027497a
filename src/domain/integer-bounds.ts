/**
 * Exact integer bounds of one variable over { x >= 0 integer : A x = b }, for the disclosure
 * audit (src/domain/disclosure-control.ts). Pure, no floating point: every number is an exact
 * rational of two BigInts.
 *
 * Method. The linear programme min / max x_k over { A x = b, x >= 0 } is solved by the
 * two-phase primal simplex method with Bland's rule (which cannot cycle), in exact rational
 * arithmetic, so the LP optimum is exact. The integer optimum is then found by branch and
 * bound on that exact LP: a node whose LP optimum is integral in every variable is an
 * integer point; otherwise a fractional variable x_f splits the node into x_f <= floor and
 * x_f >= ceil (each a new equation with a slack variable). A node is pruned when its LP bound
 * cannot beat the best integer point found; the search starts from a known integer point
 * (the caller's `known`, the true counts), so the answer is always attained by an integer
 * point and no integer point goes beyond it: the bounds are exact. When the constraint matrix
 * is totally unimodular (one two-way table with its margins: a transportation polytope) every
 * vertex is integral and no branching happens; linked tables sharing a margin across three
 * or more tables are not totally unimodular in general, and there the branching does the work.
 *
 * Why the answer is exact. (1) Every number is an exact rational, so each LP optimum is the
 * true optimum of its LP. (2) Branching on x_f <= floor(v) / x_f >= floor(v) + 1 loses no
 * integer point, so the integer optimum of a node is the best of its two children's. (3) The
 * LP optimum of a node bounds every integer point in it, so pruning a node whose rounded-down
 * LP bound does not beat the incumbent loses nothing better. (4) The incumbent is always an
 * integer point (the known one, or an integral LP optimum). So when the search ends the
 * incumbent is the integer optimum. An LP maximum that is unbounded means the integer maximum
 * is unbounded too (the polyhedron is rational and holds an integer point, so its integer hull
 * has the same recession cone, Meyer 1974): returned as Infinity. A search that exceeds
 * NODE_LIMIT nodes throws instead of answering.
 */

interface Q { readonly n: bigint; readonly d: bigint }

/** A search that has not ended after this many nodes throws rather than claim a bound. */
const NODE_LIMIT = 100_000;

const ZERO: Q = { n: 0n, d: 1n };
const ONE: Q = { n: 1n, d: 1n };

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function q(n: bigint, d: bigint = 1n): Q {
  if (d < 0n) { n = -n; d = -d; }
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}
const sub = (a: Q, b: Q): Q => (a.d === 1n && b.d === 1n ? { n: a.n - b.n, d: 1n } : q(a.n * b.d - b.n * a.d, a.d * b.d));
const mul = (a: Q, b: Q): Q => (a.d === 1n && b.d === 1n ? { n: a.n * b.n, d: 1n } : q(a.n * b.n, a.d * b.d));
const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
const neg = (a: Q): Q => ({ n: -a.n, d: a.d });
const cmp = (a: Q, b: Q): number => { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; };
const floorQ = (a: Q): bigint => (a.n >= 0n ? a.n / a.d : -((-a.n + a.d - 1n) / a.d));

/** One equation: sum of coefficient * x[index] = rhs. Coefficients and rhs are integers. */
export interface LinearEquation { readonly terms: readonly (readonly [number, number])[]; readonly rhs: number }

interface Tableau { rows: Q[][]; basis: number[]; columns: number }

function pivot(t: Tableau, z: Q[] | null, r: number, c: number): void {
  const row = t.rows[r]!;
  const p = row[c]!;
  if (!(p.n === 1n && p.d === 1n)) for (let j = 0; j <= t.columns; j++) if (row[j]!.n !== 0n) row[j] = div(row[j]!, p);
  const eliminate = (other: Q[]) => {
    const f = other[c]!;
    if (f.n === 0n) return;
    for (let j = 0; j <= t.columns; j++) if (row[j]!.n !== 0n) other[j] = sub(other[j]!, mul(f, row[j]!));
  };
  for (let i = 0; i < t.rows.length; i++) if (i !== r) eliminate(t.rows[i]!);
  if (z) eliminate(z);
  t.basis[r] = c;
}

/** Minimises with reduced-cost row z (z[columns] = -objective). Returns false when unbounded. */
function simplex(t: Tableau, z: Q[], allowed: number): boolean {
  for (;;) {
    let c = -1;
    for (let j = 0; j < allowed; j++) if (z[j]!.n < 0n) { c = j; break; }
    if (c < 0) return true;
    let r = -1;
    let best: Q = ZERO;
    for (let i = 0; i < t.rows.length; i++) {
      const a = t.rows[i]![c]!;
      if (a.n <= 0n) continue;
      const ratio = div(t.rows[i]![t.columns]!, a);
      const order = r < 0 ? -1 : cmp(ratio, best);
      if (order < 0 || (order === 0 && t.basis[i]! < t.basis[r]!)) { r = i; best = ratio; }
    }
    if (r < 0) return false;
    pivot(t, z, r, c);
  }
}

/** Phase 1: a basic feasible tableau over the n structural columns, or null if infeasible. */
function feasibleTableau(n: number, equations: readonly LinearEquation[]): Tableau | null {
  const m = equations.length;
  const columns = n + m;
  const rows: Q[][] = equations.map((e, i) => {
    const row: Q[] = new Array(columns + 1).fill(ZERO);
    const s = e.rhs < 0 ? -1n : 1n;
    for (const [j, a] of e.terms) row[j] = q(BigInt(a) * s + row[j]!.n);
    row[n + i] = ONE;
    row[columns] = q(BigInt(e.rhs) * s);
    return row;
  });
  const t: Tableau = { rows, basis: equations.map((_, i) => n + i), columns };
  const z: Q[] = new Array(columns + 1).fill(ZERO);
  for (const row of rows) for (let j = 0; j < n; j++) if (row[j]!.n !== 0n) z[j] = sub(z[j]!, row[j]!);
  for (const row of rows) z[columns] = sub(z[columns]!, row[columns]!);
  simplex(t, z, columns);
  if (z[columns]!.n !== 0n) return null;
  // Drive artificial columns out of the basis; a row with no structural entry is redundant.
  const keep: boolean[] = rows.map(() => true);
  for (let r = 0; r < rows.length; r++) {
    if (t.basis[r]! < n) continue;
    let c = -1;
    for (let j = 0; j < n; j++) if (rows[r]![j]!.n !== 0n) { c = j; break; }
    if (c < 0) keep[r] = false;
    else pivot(t, null, r, c);
  }
  const kept: Q[][] = [];
  const basis: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    if (!keep[r]) continue;
    const row = rows[r]!.slice(0, n);
    row.push(rows[r]![columns]!);
    kept.push(row);
    basis.push(t.basis[r]!);
  }
  return { rows: kept, basis, columns: n };
}

function copy(t: Tableau): Tableau {
  return { rows: t.rows.map((r) => r.slice()), basis: t.basis.slice(), columns: t.columns };
}

interface LpResult { readonly value: Q | null; readonly point: Q[] } // value null: unbounded

/** min s * x_k over a feasible tableau (modified in place). */
function optimise(t: Tableau, k: number, s: 1 | -1): LpResult {
  const z: Q[] = new Array(t.columns + 1).fill(ZERO);
  z[k] = q(BigInt(s));
  const r = t.basis.indexOf(k);
  if (r >= 0) {
    const row = t.rows[r]!;
    for (let j = 0; j <= t.columns; j++) if (row[j]!.n !== 0n) z[j] = sub(z[j]!, mul(q(BigInt(s)), row[j]!));
  }
  const bounded = simplex(t, z, t.columns);
  const point: Q[] = new Array(t.columns).fill(ZERO);
  t.rows.forEach((row, i) => { point[t.basis[i]!] = row[t.columns]!; });
  return { value: bounded ? neg(z[t.columns]!) : null, point };
}

/**
 * The exact integer minimum and maximum of x[k] over { x >= 0 integer : equations }, given
 * one integer solution `known` (so the set is not empty). The maximum is Infinity when
 * unbounded.
 *
 * With `wideEnough` = w the answer only decides whether each interval is at least w wide:
 * it is an interval [lower, upper] whose ends are both attained by integer points (so the
 * exact interval contains it), exact whenever upper - lower < w. The search stops as soon as
 * integer points w apart are known (every integer LP optimum met on the way is remembered as
 * a witness for every variable).
 */
export function integerBounds(
  n: number,
  equations: readonly LinearEquation[],
  targets: readonly number[],
  known: readonly number[],
  wideEnough?: number,
): { lower: number; upper: number }[] {
  const root = feasibleTableau(n, equations);
  if (!root) throw new Error('integerBounds: the equations have no non-negative solution');
  const lo = known.slice(0, n);
  const hi = known.slice(0, n);
  const witness = (point: readonly Q[]) => {
    for (let j = 0; j < n; j++) {
      const v = Number(point[j]!.n);
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    }
  };
  const wide = (k: number) => wideEnough !== undefined && hi[k]! - lo[k]! >= wideEnough;
  return targets.map((k) => {
    if (!wide(k)) {
      const stop = wideEnough === undefined ? Infinity : -(hi[k]! - wideEnough);
      const lower = -best(n, equations, root, k, -1, -lo[k]!, stop, witness);
      if (lower < lo[k]!) lo[k] = lower;
    }
    if (!wide(k)) {
      const stop = wideEnough === undefined ? Infinity : lo[k]! + wideEnough;
      const upper = best(n, equations, root, k, 1, hi[k]!, stop, witness);
      if (upper > hi[k]!) hi[k] = upper;
    }
    return { lower: lo[k]! === 0 ? 0 : lo[k]!, upper: hi[k]! }; // never -0
  });
}

/**
 * max dir * x_k over the integers (dir -1: minus the minimum), starting from incumbent;
 * returns early once the incumbent reaches `stop`. Integer LP optima go to `witness`.
 */
function best(
  n: number, equations: readonly LinearEquation[], root: Tableau, k: number, dir: 1 | -1,
  incumbent: number, stop: number, witness: (point: readonly Q[]) => void,
): number {
  type Bound = { readonly variable: number; readonly upper: boolean; readonly value: bigint };
  let bestValue = incumbent;
  const stack: Bound[][] = [[]];
  let nodes = 0;
  while (stack.length && bestValue < stop) {
    if (++nodes > NODE_LIMIT) throw new Error(`integerBounds: more than ${NODE_LIMIT} branch-and-bound nodes; no bound is claimed`);
    const bounds = stack.pop()!;
    let t: Tableau | null;
    let width = n;
    if (bounds.length === 0) t = root; // warm start: any feasible basis will do, and the last one is near
    else {
      width = n + bounds.length;
      const extra: LinearEquation[] = bounds.map((b, i) => ({
        terms: [[b.variable, 1], [n + i, b.upper ? 1 : -1]],
        rhs: Number(b.value),
      }));
      t = feasibleTableau(width, [...equations, ...extra]);
      if (!t) continue;
    }
    const result = optimise(t, k, dir === 1 ? -1 : 1);
    if (result.value === null) {
      if (dir === 1) return Infinity;
      throw new Error('integerBounds: a minimum of a non-negative variable cannot be unbounded');
    }
    let fractional = -1;
    for (let j = 0; j < width; j++) if (result.point[j]!.d !== 1n) { fractional = j; break; }
    if (fractional < 0) witness(result.point);
    const lpBest = floorQ(neg(result.value));
    if (lpBest <= BigInt(bestValue)) continue;
    if (fractional < 0) { bestValue = Number(lpBest); continue; }
    const v = floorQ(result.point[fractional]!);
    stack.push([...bounds, { variable: fractional, upper: true, value: v }]);
    stack.push([...bounds, { variable: fractional, upper: false, value: v + 1n }]);
  }
  return bestValue;
}
