import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSanction, consecutiveSolitaryDays, type SolitaryHistory } from './sanction.ts';

const none: SolitaryHistory = { solitary: [], segregatedSince: null };
const start = '2026-03-11T00:00:00.000Z';
const refusal = (r: ReturnType<typeof checkSanction>) => (r ? [r.code, r.field, r.message] : null);

test('each measure the Mandela Rules prohibit as a sanction is refused by name, with its rule', () => {
  const cases: [string, string][] = [
    ['collective_punishment', 'MR43(1)(e)'],
    ['reduction_of_food_or_water', 'MR43(1)(d)'],
    ['corporal_punishment', 'MR43(1)(d)'],
    ['restraints', 'MR43(2)'],
    ['prohibition_of_family_contact', 'MR43(3)'],
    ['dark_or_constantly_lit_cell', 'MR43(1)(c)'],
    ['indefinite_solitary_confinement', 'MR43(1)(a)'],
  ];
  for (const [kind, rule] of cases) {
    const r = checkSanction({ kind, days: 3 }, none, start);
    assert.equal(r?.code, 'prohibited_sanction', kind);
    assert.equal(r?.field, '/kind');
    assert.ok(r!.message.includes(rule), `${kind}: ${r!.message}`);
  }
});

test('solitary confinement: 15 days is the most; 16, or none given (indefinite), is refused by name', () => {
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 15 }, none, start), null);
  const r16 = checkSanction({ kind: 'solitary_confinement', days: 16 }, none, start);
  assert.deepEqual([r16?.code, r16?.field], ['prohibited_sanction', '/days']);
  assert.match(r16!.message, /MR43\(1\)\(b\), MR44/);
  const open = checkSanction({ kind: 'solitary_confinement' }, none, start);
  assert.deepEqual([open?.code, open?.field], ['prohibited_sanction', '/days']);
  assert.match(open!.message, /MR43\(1\)\(a\)/);
});

test('consecutive solitary confinement counts the sanction it follows without a gap, and an open segregation', () => {
  // 10 days from 1 March 00:00 end at 11 March 00:00: a new one starting then is consecutive.
  const served: SolitaryHistory = { solitary: [{ starts_at: '2026-03-01T00:00:00.000Z', days: 10 }], segregatedSince: null };
  assert.equal(consecutiveSolitaryDays(served, start, 5), 15);
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 5 }, served, start), null);
  const six = checkSanction({ kind: 'solitary_confinement', days: 6 }, served, start);
  assert.deepEqual([six?.code, six?.field], ['prohibited_sanction', '/days']);
  assert.match(six!.message, /16 consecutive days/);
  // A day's break ends the run.
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 6 }, served, '2026-03-12T00:00:00.000Z'), null);
  // Segregated since 5 March 00:00 (6 days before 11 March): 10 more days would make 16.
  const segregated: SolitaryHistory = { solitary: [], segregatedSince: '2026-03-05T00:00:00.000Z' };
  assert.equal(consecutiveSolitaryDays(segregated, start, 10), 16);
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 10 }, segregated, start)?.code, 'prohibited_sanction');
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 9 }, segregated, start), null);
});

test('consecutive solitary confinement counts a sanction that comes after the new one, and one the new one lies within', () => {
  // 15 days from 6 March 00:00 already ordered; 5 days from 1 March 00:00 end at 6 March 00:00: one run of 20 days.
  const later: SolitaryHistory = { solitary: [{ starts_at: '2026-03-06T00:00:00.000Z', days: 15 }], segregatedSince: null };
  assert.equal(consecutiveSolitaryDays(later, '2026-03-01T00:00:00.000Z', 5), 20);
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 5 }, later, '2026-03-01T00:00:00.000Z')?.code, 'prohibited_sanction');
  // Ending a day before it leaves a break: 4 days from 1 March end at 5 March 00:00.
  assert.equal(checkSanction({ kind: 'solitary_confinement', days: 4 }, later, '2026-03-01T00:00:00.000Z'), null);
  // 10 days from 1 March; 3 more from 3 March lie within them: the run is still 1 to 11 March, 10 days.
  const around: SolitaryHistory = { solitary: [{ starts_at: '2026-03-01T00:00:00.000Z', days: 10 }], segregatedSince: null };
  assert.equal(consecutiveSolitaryDays(around, '2026-03-03T00:00:00.000Z', 3), 10);
  // Three sanctions chained through the new one: 1–6 March, new 6–11 March, 11–16 March: 15 days.
  const both: SolitaryHistory = { solitary: [{ starts_at: '2026-03-01T00:00:00.000Z', days: 5 }, { starts_at: '2026-03-11T00:00:00.000Z', days: 5 }], segregatedSince: null };
  assert.equal(consecutiveSolitaryDays(both, '2026-03-06T00:00:00.000Z', 5), 15);
  // Starting a day later breaks the run with the first (it ended 6 March): 7 to 16 March, 9 days.
  assert.equal(consecutiveSolitaryDays(both, '2026-03-07T00:00:00.000Z', 5), 9);
});

test('permitted sanctions: a warning has no duration, the others a whole number of days', () => {
  assert.equal(checkSanction({ kind: 'warning' }, none, start), null);
  assert.deepEqual(refusal(checkSanction({ kind: 'warning', days: 2 }, none, start))?.slice(0, 2), ['invalid_value', '/days']);
  assert.deepEqual(refusal(checkSanction({ kind: 'loss_of_privileges' }, none, start))?.slice(0, 2), ['missing_item', '/days']);
  assert.deepEqual(refusal(checkSanction({ kind: 'loss_of_privileges', days: 0 }, none, start))?.slice(0, 2), ['invalid_value', '/days']);
  assert.deepEqual(refusal(checkSanction({ kind: 'loss_of_earnings', days: 91 }, none, start))?.slice(0, 2), ['invalid_value', '/days']);
  assert.equal(checkSanction({ kind: 'loss_of_earnings', days: 90 }, none, start), null);
  assert.deepEqual(refusal(checkSanction({ kind: 'extra_duties', days: 2 }, none, start))?.slice(0, 2), ['invalid_value', '/kind']);
  assert.deepEqual(refusal(checkSanction({ kind: 'toString', days: 2 }, none, start))?.slice(0, 2), ['invalid_value', '/kind']);
});
