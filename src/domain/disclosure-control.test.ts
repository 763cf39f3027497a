import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  auditProtection,
  protectTables,
  roundToBase5,
  type CountTable,
  type DisclosureParameters,
  type ProtectedTable,
} from './disclosure-control.ts';

const plain = (threshold: number): DisclosureParameters => ({ threshold, rounding: 1, publish_zeros: true });

function table(name: string, row_dimension: string, column_dimension: string, rows: string[], columns: string[], cells: number[][]): CountTable {
  return { name, row_dimension, column_dimension, rows, columns, cells };
}

function published(t: CountTable, cells: (number | null)[][], row_totals: (number | null)[], column_totals: (number | null)[], total: number | null): ProtectedTable {
  return { name: t.name, row_dimension: t.row_dimension, column_dimension: t.column_dimension, rows: t.rows, columns: t.columns, cells, row_totals, column_totals, total };
}

/** Every published count of a protected table, margins included, with the true one beside it. */
function publishedCounts(t: CountTable, p: ProtectedTable): { shown: number | null; truth: number }[] {
  const rowSums = t.cells.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = t.columns.map((_, j) => t.cells.reduce((s, r) => s + r[j]!, 0));
  const out: { shown: number | null; truth: number }[] = [];
  t.cells.forEach((r, i) => r.forEach((v, j) => out.push({ shown: p.cells[i]![j]!, truth: v })));
  rowSums.forEach((v, i) => out.push({ shown: p.row_totals[i]!, truth: v }));
  colSums.forEach((v, j) => out.push({ shown: p.column_totals[j]!, truth: v }));
  out.push({ shown: p.total, truth: rowSums.reduce((s, v) => s + v, 0) });
  return out;
}

// ---------------------------------------------------------------------------------------
// Worked examples, derived by hand.

test('worked example: one primary cell in a 3 x 2 table is protected by the cheapest rectangle', () => {
  // facility x sex, threshold 3.   m   w | total
  //                          x     2  10 |  12
  //                          y    20  30 |  50
  //                          z    15  25 |  40
  //                               37  65 | 102
  // (x,m) = 2 is primary. Its row forces (x,w) out (else 12 - 10 = 2); its column forces another
  // row out: with row z the rectangle costs 10 + 15 + 25 = 50, with row y 10 + 20 + 30 = 60,
  // through the totals far more. So rows x and z lose their cells and every margin stays.
  const t = table('held_by_facility_and_sex', 'facility', 'sex', ['x', 'y', 'z'], ['m', 'w'], [[2, 10], [20, 30], [15, 25]]);
  const [out] = protectTables([t], plain(3));
  assert.deepEqual(out!.cells, [[null, null], [20, 30], [null, null]]);
  assert.deepEqual(out!.row_totals, [12, 50, 40]);
  assert.deepEqual(out!.column_totals, [37, 65]);
  assert.equal(out!.total, 102);
  // The observer knows x_xm + x_xw = 12, x_xm + x_zm = 37 - 20 = 17, x_zm + x_zw = 40,
  // x_xw + x_zw = 65 - 30 = 35. With x_xm = t: x_xw = 12 - t, x_zm = 17 - t, x_zw = 23 + t,
  // and t in [0, 12] keeps all four non-negative.
  const audit = auditProtection([t], [out!], plain(3));
  assert.deepEqual(audit, {
    ok: true,
    problems: [],
    intervals: [
      { table: t.name, row: 0, column: 0, lower: 0, upper: 12 },
      { table: t.name, row: 0, column: 1, lower: 0, upper: 12 },
      { table: t.name, row: 2, column: 0, lower: 5, upper: 17 },
      { table: t.name, row: 2, column: 1, lower: 23, upper: 35 },
    ],
  });
});

test('worked example: a table protected on its own is disclosed by a linked table sharing its row margin', () => {
  // A: facility x sex            B: facility x legal_status
  //        m   w | total                pre  sent | total
  //   x    2  20 |  22             x     11    11 |  22
  //   y   20   2 |  22             y     11    11 |  22
  //       22  22 |  44                   22    22 |  44
  // A publishes (x,w) = 20, (y,m) = 20 and the total 44 only. On its own: x_xm + x_yw = 4,
  // so x_xm in [0, 4], wide enough for threshold 3. B publishes its four cells, so the facility
  // totals (shared with A) are 22 and 22 whatever B's own margins show: then x_xm = 22 - 20 = 2.
  const a = table('a', 'facility', 'sex', ['x', 'y'], ['m', 'w'], [[2, 20], [20, 2]]);
  const b = table('b', 'facility', 'legal_status', ['x', 'y'], ['pre', 'sent'], [[11, 11], [11, 11]]);
  const pa = published(a, [[null, 20], [20, null]], [null, null], [null, null], 44);
  const pb = published(b, [[11, 11], [11, 11]], [null, null], [22, 22], 44);
  const alone = auditProtection([a], [pa], plain(3));
  assert.equal(alone.ok, true);
  assert.deepEqual(alone.intervals.find((i) => i.row === 0 && i.column === 0), { table: 'a', row: 0, column: 0, lower: 0, upper: 4 });
  const linked = auditProtection([a, b], [pa, pb], plain(3));
  assert.equal(linked.ok, false);
  assert.deepEqual(linked.intervals.find((i) => i.table === 'a' && i.row === 0 && i.column === 0), { table: 'a', row: 0, column: 0, lower: 2, upper: 2 });
  assert.deepEqual(linked.intervals.find((i) => i.table === 'b' && i.row === 0 && i.column === -1), { table: 'b', row: 0, column: -1, lower: 22, upper: 22 });
  assert.ok(linked.problems.some((p) => p.includes("table 'a': suppressed cell (x, m) lies in [2, 2]")), linked.problems.join('\n'));
  // protectTables on the same pair protects jointly.
  const out = protectTables([a, b], plain(3));
  assert.deepEqual(auditProtection([a, b], out, plain(3)).problems, []);
});

test('worked example: a margin in 1..threshold is suppressed like any cell, in every table that shares it', () => {
  // Facility z holds 3 persons (threshold 5): its total is primary in both tables.
  const a = table('a', 'facility', 'sex', ['x', 'y', 'z'], ['m', 'w'], [[30, 20], [25, 25], [3, 0]]);
  const b = table('b', 'facility', 'legal_status', ['x', 'y', 'z'], ['pre', 'sent'], [[26, 24], [30, 20], [1, 2]]);
  const p: DisclosureParameters = { threshold: 5, rounding: 1, publish_zeros: true };
  const [pa, pb] = protectTables([a, b], p);
  assert.equal(pa!.row_totals[2], null);
  assert.equal(pb!.row_totals[2], null);
  const audit = auditProtection([a, b], [pa!, pb!], p);
  assert.deepEqual(audit.problems, []);
  assert.ok(audit.intervals.some((i) => i.table === 'a' && i.row === 2 && i.column === -1));
});

test('external reference: the attacker bounds of sdcTable (R, sdcTools/sdcTable, tests/testthat/test-simpleheuristic.R)', () => {
  // sdcTable's test 'simpleheuristic and simpleheuristic-old work' builds this 4 x 4 table and
  // suppresses nine cells; its comment shows that w|b is still recomputable as 47 (rows w and x
  // leave 236 for their suppressed cells, columns a and c leave 189 for theirs, and w|b is the
  // difference). After SIMPLEHEURISTIC adds one suppression, its attack() on w|b gives
  // low 0, up 78. Of the seven single additions, only x|d (31, also the cheapest) gives that
  // interval; the audit must agree with both figures.
  const rows = ['w', 'x', 'y', 'z'];
  const columns = ['a', 'b', 'c', 'd'];
  const cells = [[30, 47, 64, 89], [90, 124, 5, 31], [92, 100, 59, 85], [800, 991, 651, 685]];
  const t = table('sdctable_test', 'v1', 'v2', rows, columns, cells);
  const nine = new Set(['w a', 'w b', 'w c', 'x a', 'x c', 'y b', 'y d', 'z b', 'z d']);
  const publication = (extra: string[]) => published(t,
    cells.map((r, i) => r.map((v, j) => (nine.has(`${rows[i]} ${columns[j]}`) || extra.includes(`${rows[i]} ${columns[j]}`) ? null : v))),
    [230, 250, 336, 3127], [1012, 1262, 779, 890], 3943);
  const wb = (audit: ReturnType<typeof auditProtection>) => audit.intervals.find((i) => i.row === 0 && i.column === 1);
  const before = auditProtection([t], [publication([])], plain(3));
  assert.deepEqual(wb(before), { table: 'sdctable_test', row: 0, column: 1, lower: 47, upper: 47 });
  assert.equal(before.ok, false);
  const after = auditProtection([t], [publication(['x d'])], plain(3));
  assert.deepEqual(wb(after), { table: 'sdctable_test', row: 0, column: 1, lower: 0, upper: 78 });
});

test('tables of one population share their total though they share no dimension', () => {
  // A: facility x sex publishes everything; its total is 40. B: nationality x age group
  //        adult minor | total
  //   IQ     19     1  |  20
  //   SY     19     1  |  20
  //          38     2  |  40
  // B publishes the adults and the adult column total only. On its own B's minors are
  // unbounded above (wide). As one population, B's total is A's 40, so minors sum to 2 and
  // each lies in [0, 2]: narrower than 3.
  const cellsA = [[10, 10], [10, 10]];
  const cellsB = [[19, 1], [19, 1]];
  const pa = published(table('a', 'facility', 'sex', ['x', 'y'], ['m', 'w'], cellsA), cellsA, [20, 20], [20, 20], 40);
  const pb = published(table('b', 'nationality', 'age_group', ['IQ', 'SY'], ['adult', 'minor'], cellsB), [[19, null], [19, null]], [null, null], [38, null], null);
  const apart = [table('a', 'facility', 'sex', ['x', 'y'], ['m', 'w'], cellsA), table('b', 'nationality', 'age_group', ['IQ', 'SY'], ['adult', 'minor'], cellsB)];
  const alone = auditProtection(apart, [pa, pb], plain(3));
  assert.deepEqual(alone.problems, []);
  assert.deepEqual(alone.intervals.find((i) => i.table === 'b' && i.row === 0 && i.column === 1), { table: 'b', row: 0, column: 1, lower: 0, upper: Infinity });
  const together = apart.map((t) => ({ ...t, population: 'held' }));
  const audit = auditProtection(together, [pa, pb], plain(3));
  assert.ok(audit.problems.some((p) => p.includes("table 'b': total is a shared margin published in one table and suppressed in another")), audit.problems.join('\n'));
  assert.ok(audit.problems.some((p) => p.includes("table 'b': suppressed cell (IQ, minor) lies in [0, 2], narrower than 3")), audit.problems.join('\n'));
  const out = protectTables(together, plain(3));
  assert.deepEqual(auditProtection(together, out, plain(3)).problems, []);
});

test('zeros are published only when allowed; suppressed zeros are protected too', () => {
  const t = table('t', 'facility', 'sex', ['x', 'y', 'z'], ['m', 'w'], [[40, 0], [35, 30], [50, 45]]);
  const [open] = protectTables([t], plain(3));
  assert.deepEqual(open!.cells, [[40, 0], [35, 30], [50, 45]]);
  const closed: DisclosureParameters = { threshold: 3, rounding: 1, publish_zeros: false };
  const [shut] = protectTables([t], closed);
  assert.equal(shut!.cells[0]![0], null);
  assert.equal(shut!.cells[0]![1], null);
  assert.deepEqual(auditProtection([t], [shut!], closed).problems, []);
});

test('rounding to base 5: remainders 0-2 round down, 3-4 up; published counts are rounded true counts', () => {
  assert.deepEqual([10, 11, 12, 13, 14, 15, 0].map(roundToBase5), [10, 10, 10, 15, 15, 15, 0]);
  const t = table('t', 'facility', 'sex', ['x', 'y'], ['m', 'w'], [[12, 23], [31, 44]]);
  const p: DisclosureParameters = { threshold: 3, rounding: 5, publish_zeros: true };
  const [out] = protectTables([t], p);
  assert.deepEqual(out!.cells, [[10, 25], [30, 45]]);
  assert.deepEqual(out!.row_totals, [35, 75]);
  assert.deepEqual(out!.column_totals, [45, 65]);
  assert.equal(out!.total, 110);
  assert.equal(auditProtection([t], [out!], p).ok, true);
});

test('the audit names a published count in 1..threshold, a changed count and an inconsistent shared margin', () => {
  const t = table('t', 'facility', 'sex', ['x', 'y'], ['m', 'w'], [[2, 20], [30, 40]]);
  const leak = auditProtection([t], [published(t, [[2, 20], [30, 40]], [22, 70], [32, 60], 92)], plain(3));
  assert.equal(leak.ok, false);
  assert.ok(leak.problems.includes("table 't': cell (x, m) is published although its count is between 1 and 3"), leak.problems.join('\n'));
  const edited = auditProtection([t], [published(t, [[null, null], [null, null]], [22, 70], [32, 61], 92)], plain(3));
  assert.ok(edited.problems.includes("table 't': column total w is published as 61, not 60"), edited.problems.join('\n'));
  const a = table('a', 'facility', 'sex', ['x', 'y'], ['m', 'w'], [[20, 20], [20, 20]]);
  const b = table('b', 'facility', 'legal_status', ['x', 'y'], ['pre', 'sent'], [[10, 30], [30, 10]]);
  const mixed = auditProtection([a, b], [
    published(a, [[20, 20], [20, 20]], [40, 40], [40, 40], 80),
    published(b, [[10, 30], [30, 10]], [null, 40], [40, 40], 80),
  ], plain(3));
  assert.ok(mixed.problems.some((p) => p.includes('shared margin published in one table and suppressed in another')), mixed.problems.join('\n'));
});

test('a table with no rows: its margins are 0 by construction and published as 0 even when zeros are not', () => {
  const empty = table('repatriations', 'receiving_state', 'month', [], ['2026-01', '2026-02'], []);
  const other = table('held', 'facility', 'sex', ['x', 'y'], ['m', 'w'], [[0, 20], [30, 40]]);
  for (const publish_zeros of [true, false]) {
    const p: DisclosureParameters = { threshold: 3, rounding: 1, publish_zeros };
    const [e, h] = protectTables([empty, other], p);
    assert.deepEqual([e!.cells, e!.row_totals, e!.column_totals, e!.total], [[], [], [0, 0], 0]);
    // The zero of the other table is a count of no one too, but it is a cell: it follows publish_zeros.
    assert.equal(h!.cells[0]![0], publish_zeros ? 0 : null);
    assert.deepEqual(auditProtection([empty, other], [e!, h!], p).problems, []);
  }
});

test('threshold below 3 and malformed tables are refused by name', () => {
  const t = table('t', 'f', 's', ['x'], ['m'], [[5]]);
  assert.throws(() => protectTables([t], plain(2)), /threshold must be an integer >= 3/);
  assert.throws(() => protectTables([table('t', 'f', 's', ['x', 'x'], ['m'], [[1], [2]])], plain(3)), /repeats a row label/);
  assert.throws(() => protectTables([table('t', 'f', 's', ['x'], ['m'], [[-1]])], plain(3)), /not a non-negative integer/);
});

// ---------------------------------------------------------------------------------------
// Properties over random tables and linked table sets.

const parametersArb = fc.record({
  threshold: fc.integer({ min: 3, max: 6 }),
  rounding: fc.constantFrom<1 | 5>(1, 5),
  publish_zeros: fc.boolean(),
});

const countArb = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 60 }));

const singleTableArb = fc.record({ rows: fc.integer({ min: 1, max: 5 }), columns: fc.integer({ min: 1, max: 4 }) }).chain(({ rows, columns }) =>
  fc.array(fc.array(countArb, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }).map((cells) =>
    [table('t', 'facility', 'sex', cells.map((_, i) => `f${i}`), cells[0]!.map((_, j) => `s${j}`), cells)]));

/** Persons with a facility, a sex, a legal status and a nationality, cross-tabulated three ways. */
const linkedTablesArb = fc.record({
  facilities: fc.integer({ min: 2, max: 4 }),
  persons: fc.array(fc.tuple(fc.nat(), fc.nat(1), fc.nat(2), fc.nat(2), fc.boolean()), { maxLength: 90 }),
}).map(({ facilities, persons }) => {
  const f = Array.from({ length: facilities }, (_, i) => `f${i}`);
  const cross = (rows: string[], columns: string[], at: (p: (typeof persons)[number]) => [number, number]) => {
    const cells = rows.map(() => columns.map(() => 0));
    for (const p of persons) { const [i, j] = at(p); cells[i]![j]!++; }
    return cells;
  };
  // Skew: a person goes to facility 0 when the flag is set, so some facilities are small.
  const fac = (p: (typeof persons)[number]) => (p[4] ? 0 : p[0] % facilities);
  return [
    table('by_facility_sex', 'facility', 'sex', f, ['m', 'w'], cross(f, ['m', 'w'], (p) => [fac(p), p[1]])),
    table('by_facility_legal', 'facility', 'legal_status', f, ['pre', 'sent', 'none'], cross(f, ['pre', 'sent', 'none'], (p) => [fac(p), p[2]])),
    table('by_nationality_sex', 'nationality', 'sex', ['IQ', 'SY', 'other'], ['m', 'w'], cross(['IQ', 'SY', 'other'], ['m', 'w'], (p) => [p[3], p[1]])),
  ];
});

function checkProtected(tables: CountTable[], p: DisclosureParameters): void {
  const out = protectTables(tables, p);
  tables.forEach((t, i) => {
    for (const { shown, truth } of publishedCounts(t, out[i]!)) {
      if (shown === null) continue;
      assert.ok(!(truth >= 1 && truth <= p.threshold), `published a count of ${truth} in ${t.name}`);
      if (truth === 0) assert.ok(p.publish_zeros, `published a zero in ${t.name}`);
      assert.equal(shown, p.rounding === 5 ? roundToBase5(truth) : truth);
    }
  });
  const audit = auditProtection(tables, out, p);
  assert.deepEqual(audit.problems, []);
  for (const i of audit.intervals) assert.ok(i.upper - i.lower >= p.threshold);
  // Every null of the publication has its interval, and each contains the true count.
  const nulls = out.reduce((s, t) => s + t.cells.flat().filter((v) => v === null).length + t.row_totals.filter((v) => v === null).length + t.column_totals.filter((v) => v === null).length + (t.total === null ? 1 : 0), 0);
  assert.equal(audit.intervals.length, nulls);
}

test('property: single tables — nothing in 1..threshold published, every suppressed cell wide', () => {
  fc.assert(fc.property(singleTableArb, parametersArb, (tables, p) => checkProtected(tables, p)), { numRuns: 120, seed: 1701 });
});

test('property: linked tables sharing the facility and the sex margins — nothing in 1..threshold published, every suppressed cell wide given every published margin', () => {
  fc.assert(fc.property(linkedTablesArb, parametersArb, (tables, p) => checkProtected(tables, p)), { numRuns: 80, seed: 1702 });
});

/** The tables with rows and columns reordered by the permutations, and back. */
function permute<T>(values: readonly T[], order: readonly number[]): T[] { return order.map((i) => values[i]!); }
function shuffled(seed: number, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) { s = (s * 1103515245 + 12345) % 2147483648; const j = s % (i + 1); [order[i], order[j]] = [order[j]!, order[i]!]; }
  return order;
}

test('property: the result does not depend on the order of rows and columns (nor of the tables)', () => {
  fc.assert(fc.property(linkedTablesArb, parametersArb, fc.integer({ min: 1, max: 1_000_000 }), (tables, p, seed) => {
    const base = protectTables(tables, p);
    const orders = tables.map((t, i) => ({ rows: shuffled(seed + i, t.rows.length), columns: shuffled(seed * 7 + i, t.columns.length) }));
    const moved = tables.map((t, i) => table(t.name, t.row_dimension, t.column_dimension,
      permute(t.rows, orders[i]!.rows), permute(t.columns, orders[i]!.columns),
      permute(t.cells, orders[i]!.rows).map((r) => permute(r, orders[i]!.columns)))).reverse();
    const again = protectTables(moved, p).reverse();
    base.forEach((b, i) => {
      const o = orders[i]!;
      assert.deepEqual(again[i]!.cells, permute(b.cells, o.rows).map((r) => permute(r, o.columns)));
      assert.deepEqual(again[i]!.row_totals, permute(b.row_totals, o.rows));
      assert.deepEqual(again[i]!.column_totals, permute(b.column_totals, o.columns));
      assert.equal(again[i]!.total, b.total);
    });
  }), { numRuns: 60, seed: 1703 });
});
