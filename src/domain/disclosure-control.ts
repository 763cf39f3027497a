/**
 * Disclosure control of published count tables (issue 17): primary and secondary cell
 * suppression over linked two-way tables, optional rounding to base 5, and an exact audit.
 * Pure: no I/O, no imports outside src/domain.
 *
 * The cells. Each table's interior counts, its row totals, its column totals and its total
 * are all cells: each is published or suppressed (null). Tables that share a dimension with
 * the same labels share that margin (the facility totals of 'facility x sex' and of
 * 'facility x legal_status' are one set of numbers), provided the true margins are equal
 * (if they are not, the tables count different populations and nothing is shared). Tables
 * joined through shared margins, or of the same `population`, share their total. A shared
 * margin is one cell: published in every table that has it, or suppressed in every one. A
 * dimension grouped differently in two tables (other labels) is not linked: publish every
 * dimension with one grouping, or differencing the groupings may disclose what neither shows.
 *
 * Primary suppression: a cell whose true count is 1..threshold is suppressed; a true zero is
 * published as 0 only when `publish_zeros`, otherwise suppressed (except the margins of a
 * table with no rows or no columns: 0 by construction, always published).
 *
 * Secondary suppression: what an observer knows is every published cell and the additivity of
 * every table (interior cells sum to the row totals, to the column totals and to the total,
 * with the shared margins equal across tables), cells being non-negative integers. For a
 * suppressed cell the set of values consistent with that is an interval [lower, upper]
 * (integers, upper possibly unbounded). A suppressed cell is protected when it is **wide**:
 * `upper - lower >= threshold`. Secondary suppression repeats until every suppressed cell is
 * wide: it computes the exact intervals (auditProtection's method), and for each cell that is
 * not wide suppresses the cheapest rectangle of cells around it (in a table with its margins
 * as an extra row and column, a rectangle of four cells along which a value can be moved
 * without changing any sum), preferring cells that are not shared with another table and
 * small counts; if a cell cannot be widened that way, every cell of its tables is suppressed.
 * Each round suppresses at least one more cell or stops, so it ends; it ends with every
 * suppressed cell wide unless no suppression at all could widen one (then the audit names it).
 * A clean-up pass then publishes again each secondary suppression that is not needed, the
 * largest counts first, keeping it published only if every suppressed cell stays wide. (While
 * protecting, the intervals are computed only as far as deciding "wide or not": both ends
 * attained by integer points, exact whenever narrower than the threshold.)
 * Decisions depend on labels and counts only, never on row or column order (candidates are
 * ordered by cost, then by their labels), so permuting rows permutes the result.
 *
 * Rounding (`rounding: 5`): suppression is decided on the true counts first; then every
 * published cell (interior and margins) is rounded independently to the nearest multiple of 5
 * (remainder 0-2 down, 3-4 up). Rounded tables are not additive. The audit then proves the
 * stronger statement: even an observer who knew the unrounded value of every published cell
 * could not narrow any suppressed cell below `threshold`; since rounding only widens the set
 * of values consistent with what is published, the intervals under the rounded publication
 * contain the reported ones, so they are at least as wide.
 *
 * The audit is exact, not sampled: it builds the linear system of all linked tables, replaces
 * each published cell by its value, and for every suppressed cell computes the exact integer
 * minimum and maximum (src/domain/integer-bounds.ts: exact rational simplex with branch and
 * bound, independent component by component).
 */
import { integerBounds, type LinearEquation } from './integer-bounds.ts';

export interface CountTable {
  readonly name: string;
  readonly row_dimension: string;
  readonly column_dimension: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly number[])[];
  /**
   * Optional: tables of the same population (e.g. 'held') share their total even when they
   * share no dimension (provided the true totals agree).
   */
  readonly population?: string;
}
export interface DisclosureParameters {
  /** >= 3; counts 1..threshold are primary-suppressed (default 9). */
  readonly threshold: number;
  /** 5: every published count rounded to base 5. */
  readonly rounding: 1 | 5;
  /** Whether a true zero may be published as 0. */
  readonly publish_zeros: boolean;
}
export const defaultDisclosureParameters: DisclosureParameters = { threshold: 9, rounding: 1, publish_zeros: true };

export interface ProtectedTable {
  readonly name: string; readonly row_dimension: string; readonly column_dimension: string;
  readonly rows: readonly string[]; readonly columns: readonly string[];
  readonly cells: readonly (readonly (number | null)[])[];
  readonly row_totals: readonly (number | null)[];
  readonly column_totals: readonly (number | null)[];
  readonly total: number | null;
}
/** row -1: a column total; column -1: a row total; both -1: the table's total. */
export interface SuppressedCellInterval {
  table: string; row: number; column: number; lower: number; upper: number;
}
export interface DisclosureAudit { ok: boolean; intervals: SuppressedCellInterval[]; problems: string[] }

/** A count rounded to the nearest multiple of 5 (remainders 0-2 down, 3-4 up). */
export function roundToBase5(value: number): number {
  return Math.floor((value + 2) / 5) * 5;
}

// ---------------------------------------------------------------------------------------
// The linked system: one variable per cell (shared margins and totals are one variable).

interface Position { readonly table: number; readonly a: number; readonly b: number } // a = rows.length: column totals line; b = columns.length: row totals line
interface Variable { readonly key: string; readonly value: number; readonly positions: Position[] }
interface System {
  readonly variables: Variable[];
  readonly equations: { readonly terms: readonly (readonly [number, number])[] }[]; // sum = 0
  /** grid[t][a][b]: the variable of table t at augmented position (a, b). */
  readonly grid: number[][][];
  readonly tables: readonly CountTable[];
  /** equationsOf[v]: the equations variable v appears in. */
  readonly equationsOf: number[][];
}

function checkTables(tables: readonly CountTable[]): void {
  const names = new Set<string>();
  for (const t of tables) {
    if (names.has(t.name)) throw new RangeError(`disclosure control: two tables are named '${t.name}'`);
    names.add(t.name);
    if (new Set(t.rows).size !== t.rows.length) throw new RangeError(`disclosure control: table '${t.name}' repeats a row label`);
    if (new Set(t.columns).size !== t.columns.length) throw new RangeError(`disclosure control: table '${t.name}' repeats a column label`);
    if (t.cells.length !== t.rows.length || t.cells.some((r) => r.length !== t.columns.length)) {
      throw new RangeError(`disclosure control: table '${t.name}' must have ${t.rows.length} rows of ${t.columns.length} cells`);
    }
    for (const r of t.cells) for (const v of r) {
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`disclosure control: table '${t.name}' has a count that is not a non-negative integer`);
    }
  }
}

function checkParameters(p: DisclosureParameters): void {
  if (!Number.isInteger(p.threshold) || p.threshold < 3) throw new RangeError('disclosure control: threshold must be an integer >= 3');
  if (p.rounding !== 1 && p.rounding !== 5) throw new RangeError('disclosure control: rounding must be 1 or 5');
}

const SEP = '\u0001';

function buildSystem(tables: readonly CountTable[]): System {
  checkTables(tables);
  const rowSums = tables.map((t) => t.cells.map((r) => r.reduce((s, v) => s + v, 0)));
  const colSums = tables.map((t) => t.columns.map((_, j) => t.cells.reduce((s, r) => s + r[j]!, 0)));
  const totals = tables.map((_, i) => rowSums[i]!.reduce((s, v) => s + v, 0));
  // Margin identity: dimension name, label set and the true margin (label -> count).
  const marginKey = (dimension: string, labels: readonly string[], sums: readonly number[]) => {
    const pairs = labels.map((l, i) => [l, sums[i]!] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    return `${dimension}${SEP}${JSON.stringify(pairs)}`;
  };
  const rowKeys = tables.map((t, i) => marginKey(t.row_dimension, t.rows, rowSums[i]!));
  const colKeys = tables.map((t, i) => marginKey(t.column_dimension, t.columns, colSums[i]!));
  const occurrences = new Map<string, number>();
  for (let i = 0; i < tables.length; i++) {
    occurrences.set(rowKeys[i]!, (occurrences.get(rowKeys[i]!) ?? 0) + 1);
    if (colKeys[i] !== rowKeys[i]) occurrences.set(colKeys[i]!, (occurrences.get(colKeys[i]!) ?? 0) + 1);
  }
  // Tables joined by a shared margin share their total: union-find over tables.
  const parent = tables.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstWith = new Map<string, number>();
  for (let i = 0; i < tables.length; i++) {
    for (const key of [rowKeys[i]!, colKeys[i]!]) {
      if ((occurrences.get(key) ?? 0) < 2) continue;
      const f = firstWith.get(key);
      if (f === undefined) firstWith.set(key, i);
      else parent[find(i)] = find(f);
    }
  }
  const firstOfPopulation = new Map<string, number>();
  for (let i = 0; i < tables.length; i++) {
    const population = tables[i]!.population;
    if (population === undefined) continue;
    const key = `${population}${SEP}${totals[i]}`;
    const f = firstOfPopulation.get(key);
    if (f === undefined) firstOfPopulation.set(key, i);
    else parent[find(i)] = find(f);
  }
  const groupName = new Map<number, string>();
  for (let i = 0; i < tables.length; i++) {
    const root = find(i);
    const names = tables.filter((_, j) => find(j) === root).map((t) => t.name).sort();
    groupName.set(root, names.join(SEP));
  }

  const variables: Variable[] = [];
  const byKey = new Map<string, number>();
  const variable = (key: string, value: number, position: Position): number => {
    let index = byKey.get(key);
    if (index === undefined) {
      index = variables.length;
      byKey.set(key, index);
      variables.push({ key, value, positions: [] });
    }
    variables[index]!.positions.push(position);
    return index;
  };
  const equations: { terms: [number, number][] }[] = [];
  const grid: number[][][] = [];
  tables.forEach((t, ti) => {
    const R = t.rows.length;
    const C = t.columns.length;
    const g: number[][] = [];
    const rowShared = (occurrences.get(rowKeys[ti]!) ?? 0) >= 2;
    const colShared = (occurrences.get(colKeys[ti]!) ?? 0) >= 2;
    for (let a = 0; a <= R; a++) {
      const line: number[] = [];
      for (let b = 0; b <= C; b++) {
        const position = { table: ti, a, b };
        let key: string;
        let value: number;
        if (a < R && b < C) { key = `c${SEP}${t.name}${SEP}${t.rows[a]}${SEP}${t.columns[b]}`; value = t.cells[a]![b]!; }
        else if (a < R) { key = rowShared ? `m${SEP}${rowKeys[ti]}${SEP}${t.rows[a]}` : `r${SEP}${t.name}${SEP}${t.rows[a]}`; value = rowSums[ti]![a]!; }
        else if (b < C) { key = colShared ? `m${SEP}${colKeys[ti]}${SEP}${t.columns[b]}` : `k${SEP}${t.name}${SEP}${t.columns[b]}`; value = colSums[ti]![b]!; }
        else { key = `t${SEP}${groupName.get(find(ti))}`; value = totals[ti]!; }
        line.push(variable(key, value, position));
      }
      g.push(line);
    }
    grid.push(g);
    for (let a = 0; a < R; a++) equations.push({ terms: [...g[a]!.slice(0, C).map((v) => [v, 1] as [number, number]), [g[a]![C]!, -1]] });
    for (let b = 0; b < C; b++) equations.push({ terms: [...g.slice(0, R).map((line) => [line[b]!, 1] as [number, number]), [g[R]![b]!, -1]] });
    equations.push({ terms: [...g.slice(0, R).map((line) => [line[C]!, 1] as [number, number]), [g[R]![C]!, -1]] });
  });
  const equationsOf: number[][] = variables.map(() => []);
  equations.forEach((e, i) => { for (const [v] of e.terms) if (equationsOf[v]!.at(-1) !== i) equationsOf[v]!.push(i); });
  return { variables, equations, grid, tables, equationsOf };
}

// ---------------------------------------------------------------------------------------
// Exact intervals of the suppressed variables.

interface Interval { readonly lower: number; readonly upper: number }

/**
 * The exact interval of every suppressed variable (or, with `seeds`, of every suppressed
 * variable connected to a seed through equations), component by component.
 */
function exactIntervals(system: System, suppressed: readonly boolean[], cache: Map<string, Interval[]>, seeds?: readonly number[], wideEnough?: number): Map<number, Interval> {
  const n = system.variables.length;
  // Components: suppressed variables joined by the equations they share.
  const component = new Array<number>(n).fill(-1);
  const components: number[][] = [];
  const starts = seeds ?? Array.from({ length: n }, (_, v) => v);
  for (const start of starts) {
    if (!suppressed[start] || component[start]! >= 0) continue;
    const members: number[] = [];
    component[start] = components.length;
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      members.push(v);
      for (const e of system.equationsOf[v]!) for (const [w] of system.equations[e]!.terms) {
        if (suppressed[w] && component[w]! < 0) { component[w] = components.length; stack.push(w); }
      }
    }
    members.sort((x, y) => x - y);
    components.push(members);
  }
  const result = new Map<number, Interval>();
  for (const members of components) {
    const local = new Map(members.map((v, i) => [v, i]));
    const equations: LinearEquation[] = [];
    const seen = new Set<string>();
    const touching = [...new Set(members.flatMap((v) => system.equationsOf[v]!))].sort((x, y) => x - y);
    for (const ei of touching) {
      const e = system.equations[ei]!;
      const terms: [number, number][] = [];
      let rhs = 0;
      for (const [v, a] of e.terms) {
        if (local.has(v)) terms.push([local.get(v)!, a]);
        else rhs -= a * system.variables[v]!.value;
      }
      // Shared margins give the same equation once per table: keep one copy.
      const merged = new Map<number, number>();
      for (const [v, a] of terms) merged.set(v, (merged.get(v) ?? 0) + a);
      const canonical = [...merged].filter(([, a]) => a !== 0).sort((x, y) => x[0] - y[0]);
      const sig = JSON.stringify([canonical, rhs]);
      if (seen.has(sig)) continue;
      seen.add(sig);
      equations.push({ terms: canonical, rhs });
    }
    const cacheKey = JSON.stringify([members.map((v) => system.variables[v]!.key), equations]);
    let intervals = cache.get(cacheKey);
    if (!intervals) {
      intervals = integerBounds(members.length, equations, members.map((_, i) => i), members.map((v) => system.variables[v]!.value), wideEnough);
      cache.set(cacheKey, intervals);
    }
    members.forEach((v, i) => result.set(v, intervals![i]!));
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Protection.

function primary(value: number, p: DisclosureParameters): boolean {
  return (value >= 1 && value <= p.threshold) || (value === 0 && !p.publish_zeros);
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

interface Candidate { readonly cost: number; readonly width: number; readonly key: string; readonly add: number[] }

/** The rectangles through one position of table t, with what each would newly suppress. */
function rectangles(system: System, suppressed: readonly boolean[], position: Position, threshold: number): Candidate[] {
  const t = system.tables[position.table]!;
  const g = system.grid[position.table]!;
  const R = t.rows.length;
  const C = t.columns.length;
  const { a: a1, b: b1 } = position;
  const out: Candidate[] = [];
  for (let a2 = 0; a2 <= R; a2++) {
    if (a2 === a1) continue;
    const ua2 = a1 < R && a2 < R ? -1 : 1;
    for (let b2 = 0; b2 <= C; b2++) {
      if (b2 === b1) continue;
      const vb2 = b1 < C && b2 < C ? -1 : 1;
      const cells: [number, number][] = [
        [g[a1]![b1]!, 1], [g[a1]![b2]!, vb2], [g[a2]![b1]!, ua2], [g[a2]![b2]!, ua2 * vb2],
      ];
      let up = Infinity;
      let down = Infinity;
      for (const [v, s] of cells) {
        const value = system.variables[v]!.value;
        if (s < 0) up = Math.min(up, value); else down = Math.min(down, value);
      }
      const width = up + down;
      const add = [...new Set(cells.map(([v]) => v).filter((v) => !suppressed[v]))].sort((x, y) => x - y);
      if (add.length === 0) continue;
      let cost = 0;
      for (const v of add) {
        const variable = system.variables[v]!;
        const sharedAcross = new Set(variable.positions.map((p) => p.table)).size;
        cost += variable.value + 1 + (sharedAcross > 1 ? 1_000_000 * sharedAcross : 0);
      }
      const key = add.map((v) => system.variables[v]!.key).sort(compare).join(SEP + SEP);
      out.push({ cost, width: width >= threshold ? threshold : width, key, add });
    }
  }
  return out;
}

function better(x: Candidate, y: Candidate): boolean {
  if (x.width !== y.width) return x.width > y.width;
  if (x.cost !== y.cost) return x.cost < y.cost;
  return x.key < y.key;
}

/**
 * The margins of a table with no rows or no columns are 0 by construction and describe no
 * one: they are published as 0 whatever `publish_zeros` says (suppressing them could not
 * widen them).
 */
function structural(system: System, v: number): boolean {
  return system.variables[v]!.positions.every((q) => {
    const t = system.tables[q.table]!;
    return t.rows.length === 0 || t.columns.length === 0;
  });
}

function protect(system: System, p: DisclosureParameters): boolean[] {
  const suppressed = system.variables.map((v, i) => primary(v.value, p) && !structural(system, i));
  const cache = new Map<string, Interval[]>();
  const widened = new Set<number>(); // cells already given the fallback once
  for (;;) {
    const intervals = exactIntervals(system, suppressed, cache, undefined, p.threshold);
    const narrow = [...intervals].filter(([, i]) => i.upper - i.lower < p.threshold).map(([v]) => v)
      .sort((x, y) => compare(system.variables[x]!.key, system.variables[y]!.key));
    if (narrow.length === 0) return release(system, suppressed, p, cache);
    const before = suppressed.filter(Boolean).length;
    const touched = new Set<number>();
    for (const v of narrow) {
      if (touched.has(v)) continue;
      const variable = system.variables[v]!;
      const inNameOrder = [...variable.positions].sort((x, y) => compare(system.tables[x.table]!.name, system.tables[y.table]!.name));
      for (const position of inNameOrder) {
        let chosen: Candidate | null = null;
        // Aim for the width still missing; the next round's exact audit checks the result.
        const current = intervals.get(v)!;
        const need = Math.max(1, Math.ceil((p.threshold - (current.upper - current.lower)) / 2));
        for (const c of rectangles(system, suppressed, position, need)) if (!chosen || better(c, chosen)) chosen = c;
        if (chosen) for (const w of chosen.add) { suppressed[w] = true; touched.add(w); }
      }
      touched.add(v);
    }
    if (suppressed.filter(Boolean).length === before) {
      // No rectangle adds anything: suppress every cell of the tables of the narrow cells,
      // and then of every table sharing a cell with them.
      let grew = false;
      for (const v of narrow) {
        const tablesOf = new Set(system.variables[v]!.positions.map((q) => q.table));
        if (widened.has(v)) for (const t of [...tablesOf]) for (const line of system.grid[t]!) for (const w of line) for (const q of system.variables[w]!.positions) tablesOf.add(q.table);
        widened.add(v);
        for (const t of tablesOf) for (const line of system.grid[t]!) for (const w of line) if (!suppressed[w]) { suppressed[w] = true; grew = true; }
      }
      if (!grew) {
        // Everything already suppressed and still narrow: a structural count (the margins of
        // a table with no rows or no columns are 0 whatever happens) cannot be widened. Stop;
        // the audit reports it.
        if (suppressed.every(Boolean)) return suppressed;
        for (let w = 0; w < suppressed.length; w++) suppressed[w] = true;
      }
    }
  }
}

/**
 * The clean-up pass: secondary suppressions that turn out not to be needed are published again,
 * the largest counts first (ties by label), each kept published only if every suppressed cell
 * is still wide by the exact intervals.
 */
function release(system: System, suppressed: boolean[], p: DisclosureParameters, cache: Map<string, Interval[]>): boolean[] {
  const secondary = suppressed.map((s, v) => (s && !primary(system.variables[v]!.value, p) ? v : -1)).filter((v) => v >= 0)
    .sort((x, y) => system.variables[y]!.value - system.variables[x]!.value || compare(system.variables[x]!.key, system.variables[y]!.key));
  for (const v of secondary) {
    suppressed[v] = false;
    const neighbours = system.equationsOf[v]!.flatMap((e) => system.equations[e]!.terms.map(([w]) => w));
    const intervals = exactIntervals(system, suppressed, cache, neighbours, p.threshold);
    if ([...intervals.values()].some((i) => i.upper - i.lower < p.threshold)) suppressed[v] = true;
  }
  return suppressed;
}

/**
 * Publishes the tables under disclosure control: suppressed cells are null, published cells
 * are the true counts (rounded to base 5 when `rounding` is 5). Deterministic, and
 * independent of the order of rows and columns.
 */
export function protectTables(tables: readonly CountTable[], parameters: DisclosureParameters): ProtectedTable[] {
  checkParameters(parameters);
  const system = buildSystem(tables);
  const suppressed = protect(system, parameters);
  const shown = (v: number): number | null => {
    if (suppressed[v]) return null;
    const value = system.variables[v]!.value;
    return parameters.rounding === 5 ? roundToBase5(value) : value;
  };
  return tables.map((t, ti) => {
    const g = system.grid[ti]!;
    const R = t.rows.length;
    const C = t.columns.length;
    return {
      name: t.name, row_dimension: t.row_dimension, column_dimension: t.column_dimension,
      rows: [...t.rows], columns: [...t.columns],
      cells: t.rows.map((_, a) => t.columns.map((_, b) => shown(g[a]![b]!))),
      row_totals: t.rows.map((_, a) => shown(g[a]![C]!)),
      column_totals: t.columns.map((_, b) => shown(g[R]![b]!)),
      total: shown(g[R]![C]!),
    };
  });
}

/**
 * Audits a publication against the true tables: every published count is the true one (or its
 * rounding to base 5), no published count is in 1..threshold (nor a published zero when
 * zeros may not be published), a shared margin is published alike everywhere, and every
 * suppressed cell is wide: the exact interval [lower, upper] of its values consistent with
 * everything published in all linked tables (non-negative integers, every table additive)
 * has upper - lower >= threshold. With rounding the intervals are those an observer of the
 * unrounded published counts would have, which the rounded publication only widens.
 */
export function auditProtection(tables: readonly CountTable[], published: readonly ProtectedTable[], parameters: DisclosureParameters): DisclosureAudit {
  checkParameters(parameters);
  const system = buildSystem(tables);
  const problems: string[] = [];
  const byName = new Map(published.map((t) => [t.name, t]));
  const suppressed = system.variables.map(() => false);
  const seenPublished = system.variables.map(() => false);
  const nullAt: (Position | undefined)[] = system.variables.map(() => undefined);
  const where = (t: CountTable, a: number, b: number) => {
    const R = t.rows.length;
    const C = t.columns.length;
    if (a < R && b < C) return `cell (${t.rows[a]}, ${t.columns[b]})`;
    if (a < R) return `row total ${t.rows[a]}`;
    if (b < C) return `column total ${t.columns[b]}`;
    return 'total';
  };
  system.tables.forEach((t, ti) => {
    const p = byName.get(t.name);
    if (!p) { problems.push(`table '${t.name}' is not published`); return; }
    const R = t.rows.length;
    const C = t.columns.length;
    const rowAt = t.rows.map((label) => p.rows.indexOf(label));
    const colAt = t.columns.map((label) => p.columns.indexOf(label));
    if (p.rows.length !== R || p.columns.length !== C || rowAt.includes(-1) || colAt.includes(-1)) {
      problems.push(`table '${t.name}' is published with other rows or columns`);
      return;
    }
    const publishedAt = (a: number, b: number): number | null | undefined => {
      if (a < R && b < C) return p.cells[rowAt[a]!]?.[colAt[b]!];
      if (a < R) return p.row_totals[rowAt[a]!];
      if (b < C) return p.column_totals[colAt[b]!];
      return p.total;
    };
    for (let a = 0; a <= R; a++) for (let b = 0; b <= C; b++) {
      const v = system.grid[ti]![a]![b]!;
      const shown = publishedAt(a, b);
      const truth = system.variables[v]!.value;
      if (shown === undefined) { problems.push(`table '${t.name}': ${where(t, a, b)} is missing`); suppressed[v] = true; continue; }
      if (shown === null) { suppressed[v] = true; nullAt[v] ??= { table: ti, a, b }; continue; }
      seenPublished[v] = true;
      const expected = parameters.rounding === 5 ? roundToBase5(truth) : truth;
      if (shown !== expected) problems.push(`table '${t.name}': ${where(t, a, b)} is published as ${shown}, not ${expected}`);
      if (primary(truth, parameters) && !structural(system, v)) problems.push(`table '${t.name}': ${where(t, a, b)} is published although its count is ${truth === 0 ? 'zero' : `between 1 and ${parameters.threshold}`}`);
    }
  });
  for (let v = 0; v < suppressed.length; v++) {
    if (suppressed[v] && seenPublished[v]) {
      const q = nullAt[v]!;
      problems.push(`table '${system.tables[q.table]!.name}': ${where(system.tables[q.table]!, q.a, q.b)} is a shared margin published in one table and suppressed in another`);
      suppressed[v] = false; // the observer knows it
    }
  }
  const exact = exactIntervals(system, suppressed, new Map());
  const intervals: SuppressedCellInterval[] = [];
  system.tables.forEach((t, ti) => {
    const R = t.rows.length;
    const C = t.columns.length;
    for (let a = 0; a <= R; a++) for (let b = 0; b <= C; b++) {
      const v = system.grid[ti]![a]![b]!;
      const interval = exact.get(v);
      if (!interval) continue;
      intervals.push({ table: t.name, row: a < R ? a : -1, column: b < C ? b : -1, lower: interval.lower, upper: interval.upper });
      if (interval.upper - interval.lower < parameters.threshold) {
        problems.push(`table '${t.name}': suppressed ${where(t, a, b)} lies in [${interval.lower}, ${interval.upper}], narrower than ${parameters.threshold}`);
      }
    }
  });
  return { ok: problems.length === 0, intervals, problems };
}
