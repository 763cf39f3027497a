import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTableRequest, figuresOf, type FoldedEvent } from './figures.ts';

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
  assert.deepEqual(flows!.cells, [[7, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]]);
});
