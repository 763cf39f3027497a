import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { integerBounds, type LinearEquation } from './integer-bounds.ts';

// An independent reference: enumerate every point of {0..cap}^n.
function bruteForce(n: number, equations: readonly LinearEquation[], k: number, cap: number): { lower: number; upper: number } {
  let lower = Infinity;
  let upper = -Infinity;
  const x = new Array(n).fill(0);
  const visit = (i: number): void => {
    if (i === n) {
      if (equations.every((e) => e.terms.reduce((s, [j, a]) => s + a * x[j], 0) === e.rhs)) {
        lower = Math.min(lower, x[k]);
        upper = Math.max(upper, x[k]);
      }
      return;
    }
    for (let v = 0; v <= cap; v++) { x[i] = v; visit(i + 1); }
  };
  visit(0);
  return { lower, upper };
}

test('hand example: x + y = 10, x - z = 3 gives x in [3, 10], y in [0, 7], z in [0, 7]', () => {
  const equations: LinearEquation[] = [{ terms: [[0, 1], [1, 1]], rhs: 10 }, { terms: [[0, 1], [2, -1]], rhs: 3 }];
  assert.deepEqual(integerBounds(3, equations, [0, 1, 2], [5, 5, 2]), [
    { lower: 3, upper: 10 }, { lower: 0, upper: 7 }, { lower: 0, upper: 7 },
  ]);
});

test('an unbounded maximum is Infinity: x - y = 2 gives x in [2, ∞)', () => {
  assert.deepEqual(integerBounds(2, [{ terms: [[0, 1], [1, -1]], rhs: 2 }], [0], [4, 2]), [{ lower: 2, upper: Infinity }]);
});

test('hand example: x1 + x2 = 1, x2 + x3 = 1, x1 + x3 + 2 x4 = 2 gives x1 in [0, 1], x4 in [0, 1]', () => {
  // Integer points: x2 = 0 gives (1, 0, 1, 0); x2 = 1 gives (0, 1, 0, 1).
  const equations: LinearEquation[] = [
    { terms: [[0, 1], [1, 1]], rhs: 1 },
    { terms: [[1, 1], [2, 1]], rhs: 1 },
    { terms: [[0, 1], [2, 1], [3, 2]], rhs: 2 },
  ];
  assert.deepEqual(integerBounds(4, equations, [0, 3], [1, 0, 1, 0]), [{ lower: 0, upper: 1 }, { lower: 0, upper: 1 }]);
});

test('a fractional LP optimum is cut to the integer one: 2x + 3y = 12, x = 3w, y <= 3', () => {
  // Variables x, y, w, t with y + t = 3. The LP minimum of x is 1.5 (y = 3, w = 0.5) and its
  // maximum of y is 3; the integer points are (x, y) = (3, 2) and (6, 0) only ((0, 4) has y > 3),
  // so x in [3, 6] and y in [0, 2].
  const equations: LinearEquation[] = [{ terms: [[0, 2], [1, 3]], rhs: 12 }, { terms: [[0, 1], [2, -3]], rhs: 0 }, { terms: [[1, 1], [3, 1]], rhs: 3 }];
  assert.deepEqual(integerBounds(4, equations, [0, 1], [3, 2, 1, 1]), [{ lower: 3, upper: 6 }, { lower: 0, upper: 2 }]);
});

test('property: the exact bounds equal an exhaustive enumeration on small systems', () => {
  const cap = 9;
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 4 }).chain((n) => fc.record({
        n: fc.constant(n),
        known: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
        rows: fc.array(fc.array(fc.integer({ min: -1, max: 2 }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
        k: fc.integer({ min: 0, max: n - 1 }),
      })),
      ({ n, known, rows, k }) => {
        // Keep x <= cap for every variable through slack variables, so the enumeration is complete.
        const equations: LinearEquation[] = rows.map((row) => ({
          terms: row.map((a, j) => [j, a] as [number, number]).filter(([, a]) => a !== 0),
          rhs: row.reduce((s, a, j) => s + a * known[j]!, 0),
        })).filter((e) => e.terms.length > 0);
        const boxed = [...equations];
        const withSlack = [...known];
        for (let j = 0; j < n; j++) { boxed.push({ terms: [[j, 1], [n + j, 1]], rhs: cap }); withSlack.push(cap - known[j]!); }
        const [got] = integerBounds(2 * n, boxed, [k], withSlack);
        const want = bruteForce(n, equations, k, cap);
        assert.deepEqual(got, want);
        // Deciding width 3 only: both ends attained, and exact whenever narrower than 3.
        const [enough] = integerBounds(2 * n, boxed, [k], withSlack, 3);
        if (want.upper - want.lower < 3) assert.deepEqual(enough, want);
        else {
          assert.ok(enough!.upper - enough!.lower >= 3);
          assert.ok(enough!.lower >= want.lower && enough!.upper <= want.upper);
        }
      },
    ),
    { numRuns: 150, seed: 17 },
  );
});
