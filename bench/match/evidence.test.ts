import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibration, calibrationByKind, queryKind } from './evidence.ts';

test('a query is a namesake, or a same-person query by the evidence it carries (empty lists carry none)', () => {
  assert.equal(queryKind({ truth: 'namesake', dob: ['1960'], nationalities: ['Iraq'] }), 'namesake');
  assert.equal(queryKind({ truth: 'same', dob: ['1960'], nationalities: ['Iraq'] }), 'same person, date and nationality');
  assert.equal(queryKind({ truth: 'same', dob: [{ type_of_date: 'EXACT', year: '1960' }] }), 'same person, date only');
  assert.equal(queryKind({ truth: 'same', dob: [], nationalities: ['Iraq'] }), 'same person, nationality only');
  assert.equal(queryKind({ truth: 'same', nationalities: [] }), 'same person, neither');
});

test('calibration error over ten bins, and the part each kind of query plays in it', () => {
  const pairs = [
    { kind: 'namesake', score: 0.05, outcome: 0 as const },
    { kind: 'namesake', score: 0.35, outcome: 0 as const },
    { kind: 'same person, neither', score: 0.95, outcome: 1 as const },
    { kind: 'same person, neither', score: 0.15, outcome: 1 as const },
  ];
  // Bins 0, 1, 3 and 9, one pair each: (0.05 + 0.85 + 0.35 + 0.05) / 4.
  const { ece, bins } = calibration(pairs);
  assert.ok(Math.abs(ece - 0.325) < 1e-12, String(ece));
  assert.deepEqual(bins.map((b) => b.n), [1, 1, 1, 1]);
  const byKind = calibrationByKind(pairs);
  assert.deepEqual(byKind.map((k) => k.kind), ['namesake', 'same person, neither']);
  // Namesakes: mean 0.2, never right: +0.2 × 2 / 4. Same person: mean 0.55, always right: −0.45 × 2 / 4.
  assert.ok(Math.abs(byKind[0]!.gap - 0.1) < 1e-12 && Math.abs(byKind[1]!.gap + 0.225) < 1e-12, JSON.stringify(byKind));
  assert.equal(byKind[1]!.hitRate, 1);
});
