import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTableRequest, figuresOf, FiguresFold, monthLabel, monthSpan, type FoldedEvent } from './figures.ts';
import { defaultClockRules } from './clocks/rules.ts';

const at = (day: string) => `${day}T10:00:00+03:00`;
const facility = (id: string, name: string, kind = 'prison'): FoldedEvent => ({ kind: 'facility.registered', person: null, occurred_at: at('2026-01-01'), data: { facility_id: id, name, kind } });
const registered = (person: string, sex: string, year: number | null, nationality: string, day = '2026-01-02'): FoldedEvent => ({
  kind: 'person.registered',
  person,
  occurred_at: at(day),
  data: { sex, dob: year === null ? { kind: 'unknown', reason: 'not known' } : { kind: 'year', year }, nationalities: [nationality] },
});
const admitted = (person: string, facility_id: string, day = '2026-01-02', legal_status = 'untried'): FoldedEvent => ({ kind: 'person.admitted', person, occurred_at: at(day), data: { facility_id, legal_status } });

test('a table over a dimension that does not exist, or a pair that cannot be crossed, is refused naming rows or columns', () => {
  assert.equal(checkTableRequest({ rows: 'facility', columns: 'sex' }), null);
  assert.equal(checkTableRequest({ rows: 'month', columns: 'receiving_state' }), null);
  assert.equal(checkTableRequest({ rows: 'religion', columns: 'sex' })?.field, 'rows');
  assert.equal(checkTableRequest({ rows: 'sex', columns: 'tribe' })?.field, 'columns');
  assert.equal(checkTableRequest({ rows: 'sex', columns: 'sex' })?.field, 'columns');
  assert.equal(checkTableRequest({ rows: 'month', columns: 'sex' })?.field, 'columns');
  assert.equal(checkTableRequest({ rows: 'flow', columns: 'month' })?.field, 'rows');
});

test('who is held: moves, transit, exits and merges; children under 5 apart; small states in their region', () => {
  const events: FoldedEvent[] = [
    facility('f1', 'North'),
    facility('f2', 'South', 'camp'),
    registered('a', 'male', 1990, 'IQ'),
    admitted('a', 'f1'),
    registered('b', 'female', 1992, 'IQ'),
    admitted('b', 'f2', '2026-01-02', 'not_charged'),
    registered('c', 'female', 2024, 'FR'),
    admitted('c', 'f2', '2026-01-02', 'not_charged'),
    registered('d', 'male', 2014, 'IQ'),
    admitted('d', 'f1'),
    { kind: 'person.moved', person: 'd', occurred_at: at('2026-01-03'), data: { facility_id: 'f1' } },
    registered('e', 'male', 1980, 'SY'),
    admitted('e', 'f1'),
    { kind: 'person.dispatched', person: 'e', occurred_at: at('2026-01-04'), data: { from_facility_id: 'f1' } },
    registered('g', 'male', 1985, 'IQ'),
    admitted('g', 'f1'),
    { kind: 'person.released', person: 'g', occurred_at: at('2026-02-01'), data: { from_facility_id: 'f1' } },
    // h is a second record of a; merged, it is not counted twice.
    registered('h', 'male', 1990, 'IQ'),
    admitted('h', 'f1'),
    { kind: 'person.merged', person: 'h', occurred_at: at('2026-02-02'), data: { into: 'a' } },
  ];
  const { tables, as_of, size } = figuresOf(events, [{ rows: 'facility', columns: 'age_group' }, { rows: 'nationality', columns: 'sex' }, { rows: 'facility_type', columns: 'legal_status' }, { rows: 'month', columns: 'flow' }], 1);
  assert.equal(size, events.length);
  assert.equal(as_of, '2026-02-02');
  const [ages, nationality, types, flows] = tables;
  assert.deepEqual(ages!.rows, ['North', 'South', 'in_transit']);
  assert.deepEqual(ages!.columns, ['adult', 'minor', 'under_5', 'unknown']);
  assert.deepEqual(ages!.cells, [[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0]]);
  // IQ has three held (a, b, d); SY and FR one each: with a threshold of 1 they are counted in their regions.
  assert.deepEqual(nationality!.rows, ['IQ', 'region:europe', 'region:middle_east']);
  assert.deepEqual(nationality!.cells, [[2, 1, 0], [0, 1, 0], [1, 0, 0]]);
  assert.deepEqual(types!.rows, ['camp', 'in_transit', 'prison']);
  assert.deepEqual(types!.cells, [[0, 0, 2, 0], [1, 0, 0, 0], [2, 0, 0, 0]]);
  assert.deepEqual(flows!.rows, ['2026-01', '2026-02']);
  // Held without a valid order: the untried a, d, e and g were never brought before a judge (due
  // 2026-01-03 10:00 local), so each is in breach from then on, g until released on 1 February;
  // h counts as a, into whom it was merged; b and c are not charged.
  assert.deepEqual(flows!.columns, ['admissions', 'transfers', 'releases', 'repatriations', 'deaths', 'escapes', 'held_without_valid_order']);
  assert.deepEqual(flows!.cells, [[7, 0, 0, 0, 0, 0, 4], [0, 0, 1, 0, 0, 0, 4]]);
});

const local = (instant: string) => `${instant}+03:00`;
const event = (kind: string, person: string | null, occurred_at: string, data: object = {}): FoldedEvent => ({ kind, person, occurred_at: local(occurred_at), data });
const heldWithoutOrder = (events: FoldedEvent[]) => {
  const [flows] = figuresOf(events, [{ rows: 'month', columns: 'flow' }], 1).tables;
  const j = flows!.columns.indexOf('held_without_valid_order');
  return Object.fromEntries(flows!.rows.map((month, i) => [month, flows!.cells[i]![j]]));
};

test('held without a valid order: a first appearance overdue mid-month counts in that month; in time, or released before the limit, does not; a breach across months counts in both', () => {
  const admit = (person: string, at: string, legal_status = 'untried') => [event('person.registered', person, at, { sex: 'male', dob: { kind: 'year', year: 1990 }, nationalities: ['IQ'] }), event('person.admitted', person, at, { facility_id: 'f1', legal_status })];
  const events: FoldedEvent[] = [
    event('facility.registered', null, '2026-03-01T08:00:00', { facility_id: 'f1', name: 'North', kind: 'prison' }),
    // late: due 11 March 10:00, never brought before a judge — in breach from then to the end.
    ...admit('late', '2026-03-10T10:00:00'),
    // in time: before a judge after 6 hours, a 15-day order, then another one before the first ends.
    ...admit('in_time', '2026-03-10T10:00:00'),
    event('case.brought_before_judge', 'in_time', '2026-03-10T16:00:00', { at: local('2026-03-10T16:00:00') }),
    event('case.order_recorded', 'in_time', '2026-03-10T16:00:00', { order_id: 'o1', order: 'detention', issued_at: local('2026-03-10T16:00:00'), days: 15, max_penalty: { years: 15 } }),
    event('case.order_recorded', 'in_time', '2026-03-24T11:00:00', { order_id: 'o2', order: 'detention', issued_at: local('2026-03-24T11:00:00'), days: 15, max_penalty: { years: 15 } }),
    // released after 22 hours, before the limit of 24.
    ...admit('released', '2026-03-10T10:00:00'),
    event('person.released', 'released', '2026-03-11T08:00:00', { from_facility_id: 'f1' }),
    // across: due 31 March 12:00, still in breach in April.
    ...admit('across', '2026-03-30T12:00:00'),
    // boundary: due 1 April 00:30 local, which is still 31 March in UTC — April only.
    ...admit('boundary', '2026-03-31T00:30:00'),
    // not charged: no criminal-procedure clock applies.
    ...admit('camp', '2026-03-10T10:00:00', 'not_charged'),
    event('facility.registered', null, '2026-04-05T12:00:00', { facility_id: 'f2', name: 'South', kind: 'prison' }),
  ];
  assert.deepEqual(heldWithoutOrder(events), { '2026-03': 2, '2026-04': 3 });
});

test('held without a valid order: an order that lapses counts from the end of its last day; a person released in breach is counted in the months of the breach only', () => {
  const events: FoldedEvent[] = [
    event('person.admitted', 'p', '2026-01-28T10:00:00', { facility_id: 'f1', legal_status: 'untried' }),
    event('case.brought_before_judge', 'p', '2026-01-28T12:00:00', { at: local('2026-01-28T12:00:00') }),
    // 15 days from 28 January: valid to the end of 11 February (local); nothing after it.
    event('case.order_recorded', 'p', '2026-01-28T12:00:00', { order_id: 'o1', order: 'detention', issued_at: local('2026-01-28T12:00:00'), days: 15, max_penalty: { years: 15 } }),
    event('person.released', 'p', '2026-02-20T10:00:00', {}),
    event('facility.registered', null, '2026-04-02T08:00:00', { facility_id: 'f2', name: 'South', kind: 'prison' }),
  ];
  assert.deepEqual(heldWithoutOrder(events), { '2026-01': 0, '2026-02': 1, '2026-03': 0, '2026-04': 0 });
});

test('held without a valid order: a person admitted again is counted for the breach of each custody, and only for it', () => {
  const events: FoldedEvent[] = [
    // First custody: never before a judge (due 6 January 10:00), released on 10 January.
    event('person.admitted', 'p', '2026-01-05T10:00:00', { facility_id: 'f1', legal_status: 'untried' }),
    event('person.released', 'p', '2026-01-10T10:00:00', {}),
    // Second custody: before a judge the same day, with an order covering to the end of 15 March.
    event('person.admitted', 'p', '2026-03-01T10:00:00', { facility_id: 'f1', legal_status: 'untried' }),
    event('case.brought_before_judge', 'p', '2026-03-01T15:00:00', { at: local('2026-03-01T15:00:00') }),
    event('case.order_recorded', 'p', '2026-03-01T15:00:00', { order_id: 'o1', order: 'detention', issued_at: local('2026-03-01T15:00:00'), days: 15, max_penalty: { years: 15 } }),
    event('facility.registered', null, '2026-03-10T08:00:00', { facility_id: 'f2', name: 'South', kind: 'prison' }),
  ];
  assert.deepEqual(heldWithoutOrder(events), { '2026-01': 1, '2026-02': 0, '2026-03': 0 });
});

test('months of an unlawful period: local calendar months, the period open at both ends', () => {
  const at = (instant: string) => Date.parse(instant);
  const months = (from: string, to: string) => {
    const span = monthSpan(at(from), at(to), 180);
    return span ? [monthLabel(span.first), monthLabel(span.last)] : null;
  };
  // 31 March 21:00Z is local midnight starting 1 April: a period ending there is March only.
  assert.deepEqual(months('2026-03-10T00:00:00Z', '2026-03-31T21:00:00Z'), ['2026-03', '2026-03']);
  assert.deepEqual(months('2026-03-31T21:00:00Z', '2026-03-31T21:00:01Z'), ['2026-04', '2026-04']);
  assert.deepEqual(months('2025-12-20T00:00:00Z', '2026-02-01T00:00:00Z'), ['2025-12', '2026-02']);
  assert.equal(months('2026-03-10T00:00:00Z', '2026-03-10T00:00:00Z'), null);
});

test('the figures state the instant they measured (the latest event folded) and stand at its local day, on which ages are counted', () => {
  // The latest event is at 22:30 UTC on 10 March: already 11 March in Baghdad, the day the boy born
  // on 11 March 2008 turns 18. Counted on the UTC day he would still be a minor.
  const birthday = (person: string): FoldedEvent => ({ kind: 'person.registered', person, occurred_at: at('2026-01-02'), data: { sex: 'male', dob: { kind: 'exact', date: '2008-03-11' }, nationalities: ['IQ'] } });
  const events: FoldedEvent[] = [facility('f1', 'North'), birthday('a'), admitted('a', 'f1'), { kind: 'person.moved', person: 'a', occurred_at: '2026-03-10T22:30:00Z', data: { facility_id: 'f1' } }];
  const ages = { rows: 'facility', columns: 'age_group' };
  const fold = new FiguresFold();
  for (const e of events) fold.apply(e);
  assert.equal(fold.measuredAt(), '2026-03-10T22:30:00.000Z');
  assert.equal(fold.asOf(), '2026-03-11');
  assert.equal(fold.asOf({ ...defaultClockRules, utcOffsetMinutes: 0 }), '2026-03-10');
  assert.deepEqual(fold.tables([ages], 1)[0]!.cells, [[1, 0, 0, 0]]);
  // A publication that stood at the UTC day (made before the instant was recorded) is read again at its own day.
  assert.deepEqual(fold.tables([ages], 1, { asOf: '2026-03-10' })[0]!.cells, [[0, 1, 0, 0]]);
  const { as_of, measured_at } = figuresOf(events, [ages], 1);
  assert.deepEqual([as_of, measured_at], ['2026-03-11', '2026-03-10T22:30:00.000Z']);
  assert.deepEqual([new FiguresFold().measuredAt(), new FiguresFold().asOf()], [null, null]);
});
