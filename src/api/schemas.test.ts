import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarFault, textFault, unkeepableString } from './schemas.ts';

test('a string written as an ISO 8601 date or time must name a real one', () => {
  const real = [
    '2026-01-31',
    '2024-02-29', // leap year
    '2000-02-29', // divisible by 400: leap
    '2026-04-30T23:59:59+03:00',
    '2026-01-21T14:00+03:00',
    '2026-01-21T14:00:00.123456Z',
    '2026-01-21T00:00:00+14:00',
    '2026-01-21T00:00:00-14:00',
    '2026-01-21T00:00:00+0530',
    '0001-01-01',
  ];
  for (const value of real) assert.equal(calendarFault(value), null, value);
  const impossible = [
    '2026-02-30T10:00:00+03:00',
    '2026-02-29', // not a leap year
    '1900-02-29', // divisible by 100, not by 400: not leap
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-01-21T24:00:00Z',
    '2026-01-21T10:60:00Z',
    '2026-01-21T23:59:60Z',
    '2026-01-21T10:00:00+14:01',
    '2026-01-21T10:00:00-15:00',
    '2026-01-21T10:00:00+03:60',
  ];
  for (const value of impossible) assert.equal(typeof calendarFault(value), 'string', value);
  // Not written as an ISO date: left to the schema and the domain.
  for (const value of ['Salim Hamid', '30/02/2026', '2026', 'ABCD-EFGH-Z', '2026-02-30 and more']) assert.equal(calendarFault(value), null, value);
});

test('text may hold any character, but neither NUL nor a surrogate outside a pair', () => {
  for (const value of ['', 'سالم حميد', 'Salim 😀 Hamid', '\u{10ffff}', '\ud83d\ude00']) assert.equal(textFault(value), null, value);
  for (const value of ['\u0000', 'a\u0000', '\ud800', 'a\ud800b', '\udc00', '\ude00\ud83d', '\ud83d']) assert.equal(typeof textFault(value), 'string', JSON.stringify(value));
});

test('the first string that cannot be kept is named by its JSON pointer, keys included', () => {
  assert.equal(unkeepableString({ a: ['x', { 'b/c': '\u0000' }] }, '/query')?.field, '/query/a/1/b~1c');
  assert.equal(unkeepableString({ ['k~\ud800']: 1 })?.field, '/k~0\ud800');
  assert.equal(unkeepableString({ at: '2026-02-30' })?.field, '/at');
  assert.equal(unkeepableString({ a: 1, b: null, c: [true, 'fine'] }), null);
  // Deep nesting is walked without recursion.
  let deep: unknown = '\u0000';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(unkeepableString(deep)?.field, '/0'.repeat(100_000));
});
