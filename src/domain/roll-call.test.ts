import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeadlines } from './decision.ts';
import type { NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import { isRejection } from './rejection.ts';
import { listBytesPerEvent, maxListItemsPerEvent } from './event-size.ts';
import { registerNumberFromBytes } from './register-number.ts';
import {
  checkRollCallMove,
  decideCount,
  decideOpenRollCall,
  decideReconcile,
  decideResolveDiscrepancy,
  decideSignOff,
  maxCountBatch,
  rollCallStatuses,
  rollCallTransitions,
  type CountContext,
  type RollCall,
} from './roll-call.ts';

let n = 0;
const ctx = (actor = 'officer.a') => ({ now: '2026-03-01T06:00:00Z', newId: () => `d-${++n}`, deadlines: defaultDeadlines, actor });

// Register numbers with valid check symbols (Crockford mod 37), fictional.
const A = '0000-0001-1';
const B = '0000-0002-2';
const C = '0000-0003-3';

const aRollCall = (overrides: Partial<RollCall> = {}): RollCall => ({ id: 'rc1', facility_id: 'f1', unit_id: null, status: 'counting', participants: ['officer.a'], ...overrides });
const nothingCounted = (onRegister: [string, string][] = []): CountContext => ({ onRegister: new Map(onRegister), countedNumbers: new Set(), countedPersons: new Set() });

const facility: Facility = {
  id: 'f1', name: 'Fictional Prison', kind: 'prison', authority: 'Ministry', country: 'IQ', timezone: 'Asia/Baghdad', capacity: {},
  units: [{ id: 'u1', name: 'Block A', category: 'men_untried' }], occupancy: {}, version: 1,
};

test('the state machine: open → counting → reconciled → signed off, and nothing else', () => {
  const drawn: [string, string][] = [['open', 'counting'], ['counting', 'counting'], ['counting', 'reconciled'], ['reconciled', 'signed_off']];
  for (const from of rollCallStatuses) {
    for (const to of rollCallStatuses) {
      const allowed = drawn.some(([f, t]) => f === from && t === to);
      assert.equal(rollCallTransitions[from].includes(to), allowed, `${from} → ${to}`);
      assert.equal(checkRollCallMove(from, to) === null, allowed, `${from} → ${to}`);
    }
  }
  assert.match(checkRollCallMove('open', 'reconciled')!.message, /nothing has been counted/);
});

test('a roll call opens for a registered facility, and for one of its units only', () => {
  const opened = decideOpenRollCall(false, facility, { roll_call_id: 'rc1', facility_id: 'f1', unit_id: 'u1' }, ctx());
  assert.ok(!isRejection(opened));
  assert.deepEqual(opened[0]!.data, { roll_call_id: 'rc1', facility_id: 'f1', unit_id: 'u1', opened_by: 'officer.a' });
  const nowhere = decideOpenRollCall(false, null, { roll_call_id: 'rc1', facility_id: 'f9' }, ctx());
  assert.ok(isRejection(nowhere) && nowhere.code === 'not_found' && nowhere.field === '/facility_id');
  const wrongUnit = decideOpenRollCall(false, facility, { roll_call_id: 'rc1', facility_id: 'f1', unit_id: 'u9' }, ctx());
  assert.ok(isRejection(wrongUnit) && wrongUnit.field === '/unit_id' && wrongUnit.message.includes('Block A'));
  const future = decideOpenRollCall(false, facility, { roll_call_id: 'rc1', facility_id: 'f1', occurred_at: '2026-03-02T06:00:00+03:00' }, ctx());
  assert.ok(isRejection(future) && future.field === '/occurred_at');
});

test('a person counted twice is not two persons: repeats, other spellings of the number and a second number of one person add nobody', () => {
  const typedAgain = [A, A.toLowerCase().replace(/-/g, ''), 'oooo-ooo1-1', B];
  const counted = decideCount(aRollCall(), { roll_call_id: 'rc1', register_numbers: typedAgain }, nothingCounted([[A, 'p1'], [B, 'p1']]), ctx());
  assert.ok(!isRejection(counted));
  assert.deepEqual((counted[0] as NewEvent<'roll_call.counted'>).data.counted, [{ register_number: A, person_id: 'p1' }]);
  const again = decideCount(aRollCall(), { roll_call_id: 'rc1', register_numbers: [A] }, { onRegister: new Map([[A, 'p1']]), countedNumbers: new Set([A]), countedPersons: new Set(['p1']) }, ctx());
  assert.deepEqual(again, []);
});

test('a number on nobody’s record is counted (it will be a discrepancy); one that does not read as a register number refuses the whole batch, naming it', () => {
  const counted = decideCount(aRollCall({ status: 'open' }), { roll_call_id: 'rc1', register_numbers: [C] }, nothingCounted(), ctx());
  assert.ok(!isRejection(counted));
  assert.deepEqual((counted[0] as NewEvent<'roll_call.counted'>).data.counted, [{ register_number: C, person_id: null }]);
  const badCheck = decideCount(aRollCall(), { roll_call_id: 'rc1', register_numbers: [A, '0000-0001-2'] }, nothingCounted(), ctx());
  assert.ok(isRejection(badCheck));
  assert.equal(badCheck.code, 'invalid_value');
  assert.equal(badCheck.field, '/register_numbers/1');
  assert.match(badCheck.message, /not a register number/);
  const empty = decideCount(aRollCall(), { roll_call_id: 'rc1', register_numbers: [] }, nothingCounted(), ctx());
  assert.ok(isRejection(empty) && empty.field === '/register_numbers');
  const tooMany = decideCount(aRollCall(), { roll_call_id: 'rc1', register_numbers: Array(maxCountBatch + 1).fill(A) }, nothingCounted(), ctx());
  assert.ok(isRejection(tooMany) && tooMany.field === '/register_numbers');
});

test('once reconciled the count is closed', () => {
  for (const status of ['reconciled', 'signed_off'] as const) {
    const late = decideCount(aRollCall({ status }), { roll_call_id: 'rc1', register_numbers: [A] }, nothingCounted(), ctx());
    assert.ok(isRejection(late) && late.code === 'invalid_transition', status);
  }
});

test('reconciliation: expected but not counted, and counted but not expected, each named with where the register holds them', () => {
  const expected = [
    { person_id: 'p1', register_number: A, unit_id: 'u1' },
    { person_id: 'p2', register_number: B, unit_id: 'u1' },
  ];
  const elsewhere = { status: 'in_custody' as const, facility_id: 'f2', unit_id: 'u7', transfer_id: null };
  const counted = [
    { register_number: A, person_id: 'p1', held: { status: 'in_custody' as const, facility_id: 'f1', unit_id: 'u1', transfer_id: null } },
    { register_number: C, person_id: 'p3', held: elsewhere },
    { register_number: '0000-0004-4', person_id: null, held: null },
  ];
  const decided = decideReconcile(aRollCall(), expected, counted, { roll_call_id: 'rc1' }, ctx('officer.b'));
  assert.ok(!isRejection(decided));
  const data = (decided[0] as NewEvent<'roll_call.reconciled'>).data;
  assert.equal(data.expected, 2);
  assert.equal(data.counted, 3);
  assert.equal(data.reconciled_by, 'officer.b');
  assert.deepEqual(
    data.discrepancies.map((d) => [d.kind, d.register_number, d.person_id, d.held]),
    [
      ['expected_not_counted', B, 'p2', { status: 'in_custody', facility_id: 'f1', unit_id: 'u1', transfer_id: null }],
      ['counted_not_expected', C, 'p3', elsewhere],
      ['counted_not_expected', '0000-0004-4', null, null],
    ],
  );
  assert.equal(new Set(data.discrepancies.map((d) => d.discrepancy_id)).size, 3);
  const early = decideReconcile(aRollCall({ status: 'open' }), expected, [], { roll_call_id: 'rc1' }, ctx());
  assert.ok(isRejection(early) && early.code === 'invalid_transition');
});

test('a discrepancy is resolved only with a reason, once, while the roll call is reconciled', () => {
  const open = { discrepancy_id: 'd1', register_number: B, resolved: false };
  const noReason = decideResolveDiscrepancy(aRollCall({ status: 'reconciled' }), open, { roll_call_id: 'rc1', discrepancy_id: 'd1', reason: '  ' }, ctx());
  assert.ok(isRejection(noReason) && noReason.code === 'missing_item' && noReason.field === '/reason');
  const done = decideResolveDiscrepancy(aRollCall({ status: 'reconciled' }), open, { roll_call_id: 'rc1', discrepancy_id: 'd1', reason: ' in the clinic, seen by Officer K. ' }, ctx());
  assert.ok(!isRejection(done));
  assert.deepEqual(done[0]!.data, { roll_call_id: 'rc1', discrepancy_id: 'd1', reason: 'in the clinic, seen by Officer K.', resolved_by: 'officer.a' });
  const twice = decideResolveDiscrepancy(aRollCall({ status: 'reconciled' }), { ...open, resolved: true }, { roll_call_id: 'rc1', discrepancy_id: 'd1', reason: 'again' }, ctx());
  assert.ok(isRejection(twice) && twice.code === 'invalid_transition');
  const signed = decideResolveDiscrepancy(aRollCall({ status: 'signed_off' }), open, { roll_call_id: 'rc1', discrepancy_id: 'd1', reason: 'late' }, ctx());
  assert.ok(isRejection(signed) && signed.code === 'invalid_transition');
  const unknown = decideResolveDiscrepancy(aRollCall({ status: 'reconciled' }), null, { roll_call_id: 'rc1', discrepancy_id: 'd9', reason: 'x' }, ctx());
  assert.ok(isRejection(unknown) && unknown.code === 'not_found' && unknown.field === '/discrepancy_id');
});

test('sign-off: refused while a discrepancy is unresolved, refused to anyone who took part in the count, then signed', () => {
  const reconciled = aRollCall({ status: 'reconciled', participants: ['officer.a', 'officer.b'] });
  const open = decideSignOff(reconciled, { count: 2, first: { register_number: B, kind: 'expected_not_counted' } }, ctx('supervisor.s'));
  assert.ok(isRejection(open) && open.code === 'invalid_transition');
  assert.ok(open.message.includes(B) && open.message.includes('2 discrepancies'));
  const own = decideSignOff(reconciled, { count: 0, first: null }, ctx('officer.b'));
  assert.ok(isRejection(own) && own.code === 'forbidden');
  const signed = decideSignOff(reconciled, { count: 0, first: null }, ctx('supervisor.s'));
  assert.ok(!isRejection(signed));
  assert.deepEqual(signed[0]!.data, { roll_call_id: 'rc1', signed_by: 'supervisor.s' });
  const counting = decideSignOff(aRollCall(), { count: 0, first: null }, ctx('supervisor.s'));
  assert.ok(isRejection(counting) && counting.code === 'invalid_transition' && /reconcile/.test(counting.message));
});

test('a scanner upload of 10,000 numbers is counted in bounded events of one command, none lost, each small enough for the log', () => {
  const numbers = Array.from({ length: maxCountBatch }, (_, i) => registerNumberFromBytes(Buffer.from([0, 0, i >> 16, (i >> 8) & 0xff, i & 0xff])));
  const onRegister = numbers.map((r, i): [string, string] => [r, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]);
  const counted = decideCount(aRollCall(), { roll_call_id: 'rc1', register_numbers: numbers }, nothingCounted(onRegister), ctx());
  assert.ok(!isRejection(counted));
  assert.ok(counted.length > 1);
  for (const e of counted) {
    assert.equal(e.kind, 'roll_call.counted');
    const data = (e as NewEvent<'roll_call.counted'>).data;
    assert.ok(data.counted.length <= maxListItemsPerEvent && data.counted.length > 0);
    assert.ok(Buffer.byteLength(JSON.stringify(data)) <= listBytesPerEvent + 200);
  }
  assert.deepEqual(counted.flatMap((e) => (e as NewEvent<'roll_call.counted'>).data.counted.map((c) => c.register_number)), numbers);
});

test('10,000 discrepancies: the reconciled event carries the first of them, the rest follow in bounded discrepancies_listed events', () => {
  const expected = Array.from({ length: 10_000 }, (_, i) => ({ person_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, register_number: registerNumberFromBytes(Buffer.from([1, 0, i >> 16, (i >> 8) & 0xff, i & 0xff])), unit_id: 'u1' }));
  const decided = decideReconcile(aRollCall(), expected, [{ register_number: C, person_id: null, held: null }], { roll_call_id: 'rc1' }, ctx('officer.b'));
  assert.ok(!isRejection(decided));
  assert.equal(decided[0]!.kind, 'roll_call.reconciled');
  assert.deepEqual(new Set(decided.slice(1).map((e) => e.kind)), new Set(['roll_call.discrepancies_listed']));
  const all = decided.flatMap((e) => (e as NewEvent<'roll_call.reconciled' | 'roll_call.discrepancies_listed'>).data.discrepancies);
  assert.equal(all.length, 10_001);
  assert.equal(new Set(all.map((d) => d.discrepancy_id)).size, 10_001);
  assert.deepEqual(new Set(all.map((d) => d.register_number)), new Set([...expected.map((e) => e.register_number), C]));
  for (const e of decided) assert.ok(Buffer.byteLength(JSON.stringify(e.data)) <= listBytesPerEvent + 300);
  const data = (decided[0] as NewEvent<'roll_call.reconciled'>).data;
  assert.equal(data.expected, 10_000);
  assert.equal(data.counted, 1);
});
