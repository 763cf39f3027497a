import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localDay } from './local-day.ts';

test('around midnight the day is Baghdad’s, not UTC’s: from 21:00 UTC it is already the next day', () => {
  assert.equal(localDay('2026-03-10T20:59:59Z', 180), '2026-03-10');
  assert.equal(localDay('2026-03-10T21:00:00Z', 180), '2026-03-11');
  assert.equal(localDay('2026-03-10T23:59:59Z', 180), '2026-03-11');
  assert.equal(localDay('2026-03-11T00:00:00Z', 180), '2026-03-11');
  // The same instants written with Baghdad's offset.
  assert.equal(localDay('2026-03-10T23:59:59+03:00', 180), '2026-03-10');
  assert.equal(localDay('2026-03-11T00:00:00+03:00', 180), '2026-03-11');
});

test('an instant written with another offset falls on the register’s day, not on the day it was written', () => {
  // 02:30 in Kabul (+04:30) on the 11th is 22:00 UTC on the 10th: the 11th in Baghdad.
  assert.equal(localDay('2026-03-11T02:30:00+04:30', 180), '2026-03-11');
  // 23:30 in Rabat (+01:00) on the 10th is 22:30 UTC: already the 11th in Baghdad.
  assert.equal(localDay('2026-03-10T23:30:00+01:00', 180), '2026-03-11');
});

test('the offset is the configured one; Baghdad’s when none is given', () => {
  assert.equal(localDay('2026-03-10T21:30:00Z'), '2026-03-11');
  assert.equal(localDay('2026-03-10T21:30:00Z', 0), '2026-03-10');
  assert.equal(localDay('2026-03-11T02:00:00Z', -300), '2026-03-10');
  assert.equal(localDay(Date.UTC(2026, 1, 28, 21), 180), '2026-03-01');
  assert.equal(localDay(new Date(Date.UTC(2028, 1, 28, 21)), 180), '2028-02-29');
});

test('what is not an instant is refused, not given a day', () => {
  assert.throws(() => localDay('not a date', 180), RangeError);
});
