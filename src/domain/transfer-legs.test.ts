import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Facility } from './facility.ts';
import { checkOnLastLeg, checkStops, journeyState, journeyTransitions, maxStops } from './transfer-legs.ts';

const facility = (id: string) => [id, { id } as Facility] as const;
const registered = new Map([facility('f1'), facility('f2'), facility('s1'), facility('s2')]);
const origin = { kind: 'facility' as const, facility_id: 'f1' };
const destination = { kind: 'facility' as const, facility_id: 'f2' };

test('the journey alternates: en route to a stop, lodged at it, en route again', () => {
  assert.deepEqual(journeyTransitions, { en_route: ['at_stop'], at_stop: ['en_route'] });
  assert.equal(journeyState({ stops: ['s1'], at_stop: null, next_stop: 0 }), 'en_route');
  assert.equal(journeyState({ stops: ['s1'], at_stop: 0, next_stop: 1 }), 'at_stop');
});

test('stops are registered facilities, each once, neither the origin nor the destination', () => {
  assert.equal(checkStops(['s1', 's2'], origin, destination, registered), null);
  assert.equal(checkStops(['s1', 'nowhere'], origin, destination, registered)?.field, '/stops/1');
  assert.equal(checkStops(['s1', 'f2'], origin, destination, registered)?.code, 'invalid_value');
  assert.equal(checkStops(['s1', 's1'], origin, destination, registered)?.code, 'duplicate');
  assert.equal(checkStops(Array(maxStops + 1).fill('s1'), origin, destination, registered)?.field, '/stops');
});

test('the destination waits for the last stop', () => {
  assert.equal(checkOnLastLeg({ stops: [], at_stop: null, next_stop: 0 }), null);
  assert.equal(checkOnLastLeg({ stops: ['s1'], at_stop: null, next_stop: 1 }), null);
  assert.match(checkOnLastLeg({ stops: ['s1'], at_stop: null, next_stop: 0 })!.message, /1 stop\(s\) ahead; the next is s1/);
  assert.match(checkOnLastLeg({ stops: ['s1'], at_stop: 0, next_stop: 1 })!.message, /lodged at stop 1 \(s1\)/);
});
