import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyOverlap, intervalsOverlap, parseDateOfBirth } from './dates.ts';
import type { DayInterval } from './dates.ts';

const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;
const parse = (x: Parameters<typeof parseDateOfBirth>[0]): DayInterval => {
  const r = parseDateOfBirth(x);
  assert.ok(r, `could not parse ${JSON.stringify(x)}`);
  return r;
};

test('partial dates are intervals', () => {
  assert.deepEqual(parse('1975'), { from: day(1975, 1, 1), to: day(1975, 12, 31) });
  assert.deepEqual(parse('Feb 1976'), { from: day(1976, 2, 1), to: day(1976, 2, 29) }); // leap year
  assert.deepEqual(parse('03 Mar 1977'), { from: day(1977, 3, 3), to: day(1977, 3, 3) });
  assert.deepEqual(parse('1977-03'), { from: day(1977, 3, 1), to: day(1977, 3, 31) });
  assert.deepEqual(parse('1977-03-03'), parse('03/03/1977'));
  assert.deepEqual(parse('1975.'), parse('1975'));
});

test('ranges and approximate dates', () => {
  assert.deepEqual(parse('1970 to 1972'), { from: day(1970, 1, 1), to: day(1972, 12, 31) });
  assert.deepEqual(parse('01 Jan 1973 to 31 Dec 1973'), parse('1973'));
  const circa = parse('circa 1960');
  assert.ok(circa.from < day(1959, 1, 1) && circa.to > day(1961, 12, 31));
  assert.deepEqual(parse({ type_of_date: 'BETWEEN', from_year: '1960', to_year: '1962' }), parse('1960 to 1962'));
  assert.deepEqual(parse({ type_of_date: 'EXACT', date: '1960-05-04' }), parse('04 May 1960'));
  assert.deepEqual(parse({ type_of_date: 'EXACT', year: '1960' }), parse('1960'));
  assert.ok(parse({ type_of_date: 'APPROXIMATELY', year: '1960' }).from < day(1960, 1, 1));
});

test('unreadable dates give null, not an error', () => {
  for (const bad of ['', 'unknown', '31 Feb 1970', '1970-13', '99/99/1970', '12345']) assert.equal(parseDateOfBirth(bad), null, bad);
  assert.equal(parseDateOfBirth({}), null);
});

test('overlap of intervals', () => {
  assert.ok(intervalsOverlap(parse('1975'), parse('07 Jul 1975')));
  assert.ok(!intervalsOverlap(parse('1975'), parse('1976')));
  assert.ok(intervalsOverlap(parse('1970 to 1972'), parse('Jun 1972')));
  assert.ok(anyOverlap([parse('1960'), parse('1963')], [parse('Jan 1963')]));
  assert.ok(!anyOverlap([parse('1960')], []));
});
