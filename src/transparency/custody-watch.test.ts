import { test } from 'node:test';
import assert from 'node:assert/strict';
import { custodyReport, observeEvent, type WatchedPerson } from './custody-watch.ts';

test('an overnight stop ends the open transfer; the onward dispatch opens a new one from its own time', () => {
  const person: WatchedPerson = { idx: 0, hash: '', at: '2026-03-01T00:00:00Z', held: false };
  observeEvent(person, 'person.admitted', '2026-03-01T00:00:00Z');
  observeEvent(person, 'person.dispatched', '2026-03-01T06:00:00Z');
  const now = new Date('2026-03-02T12:00:00Z');
  const open = (p: WatchedPerson) => custodyReport(new Map([['p', p]]), now, { transferHours: 12 }).openTransfers!;
  assert.deepEqual(open(person).persons.map((f) => f.since), ['2026-03-01T06:00:00Z']);
  observeEvent(person, 'person.arrived_at_stop', '2026-03-01T18:00:00Z');
  assert.equal(open(person).count, 0);
  observeEvent(person, 'person.dispatched', '2026-03-02T06:00:00Z');
  // Six hours on the road since the stop: under the threshold, so not reported yet.
  assert.equal(open(person).count, 0);
  assert.equal(person.transferOut, '2026-03-02T06:00:00Z');
  observeEvent(person, 'person.checked_in', '2026-03-02T10:00:00Z');
  assert.equal(person.transferOut, undefined);
});
