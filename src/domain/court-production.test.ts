import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRecordOrder, type OrderSubject, type RecordOrder } from './case-order.ts';
import { decideScheduleHearing, type HearingSubject } from './case-hearing.ts';
import { endOfLocalDay } from './court-production.ts';
import { defaultDeadlines } from './decision.ts';
import type { EventData, NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { isRejection } from './rejection.ts';

let n = 0;
const now = '2026-03-10T09:00:00.000Z';
const ctx = { now, newId: () => `id-${++n}`, deadlines: defaultDeadlines, role: 'court_clerk', actor: 'court.clerk' };

const facility = (id: string, kind: Facility['kind'], timezone = 'Asia/Baghdad'): Facility => ({
  id, name: `Fictional ${kind}`, kind, authority: 'MoJ', country: 'IQ', timezone, capacity: { men_untried: 10 }, units: [{ id: `${id}-u`, name: 'A', category: 'men_untried' }], occupancy: {}, version: 1,
});
const prison = facility('f1', 'prison');
const holding = facility('f9', 'court_holding');
const person = (status: Person['custody']['status'] = 'in_custody', at: string | null = 'f1'): Person => ({
  id: 'p1', register_number: '0000-0001-1',
  details: { sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 }, nationalities: ['IQ'], languages: ['ar'], documents: [], biometric_refs: [] },
  names: [], custody: { status, facility_id: at, unit_id: at ? `${at}-u` : null, legal_status: 'untried', category: 'men_untried' }, frozen: false, merged_into: null, version: 3,
});
const theCase = { id: 'c1', person_id: 'p1', reference: 'INV/1', court: 'First Karkh Investigative Court', stage: 'investigation' as const, charges: [], counsel_ids: [], verdict: null, appeal: null };
const stay = { from: '2026-03-01T07:00:00.000Z', to: null };
const production: RecordOrder = { case_id: 'c1', order: 'production', reference: 'PO/1', issued_at: '2026-03-09T10:00:00+03:00', judge: 'Judge F.', to_facility_id: 'f9', produce_at: '2026-03-12T09:00:00+03:00' };
const orderSubject = (over: Partial<OrderSubject> = {}): OrderSubject => ({ case: theCase, person: person(), stay, referenceTaken: false, toFacility: holding, heldAt: prison, ...over });

function events(decision: unknown): readonly NewEvent[] {
  assert.ok(!isRejection(decision), JSON.stringify(decision));
  return decision as readonly NewEvent[];
}
const transferOf = (decision: unknown) => events(decision).find((e) => e.kind === 'transfer.created')?.data as EventData['transfer.created'] | undefined;

test('a production order drafts the round trip: from where the person is held, through the court’s holding facility, back home, due back by the end of that local day', () => {
  const all = events(decideRecordOrder(orderSubject(), production, ctx));
  assert.deepEqual(all.map((e) => e.kind), ['case.order_recorded', 'transfer.created']);
  const order = all[0]!.data as EventData['case.order_recorded'];
  const t = all[1]!.data as EventData['transfer.created'];
  assert.deepEqual([t.origin, t.destination, t.stops, t.persons, t.created_by], [{ kind: 'facility', facility_id: 'f1' }, { kind: 'facility', facility_id: 'f1' }, ['f9'], ['p1'], 'court.clerk']);
  // 12 March, 09:00 in Baghdad (UTC+3): the day ends at midnight there, 21:00 UTC.
  assert.deepEqual(t.production, { case_id: 'c1', source: 'order', source_id: order.order_id, court: 'First Karkh Investigative Court', produce_at: '2026-03-12T09:00:00+03:00', return_by: '2026-03-12T21:00:00.000Z' });
  assert.equal(all[1]!.person_id, null, 'the order is the register’s, as any transfer');
});

test('no movement when there is nothing to move: already at the court’s holding, in transit, or the day of production already over', () => {
  assert.equal(transferOf(decideRecordOrder(orderSubject({ heldAt: holding, person: person('in_custody', 'f9') }), production, ctx)), undefined);
  assert.equal(transferOf(decideRecordOrder(orderSubject({ heldAt: null, person: person('in_transit', null) }), production, ctx)), undefined);
  const late = { ...production, issued_at: '2026-03-05T10:00:00+03:00', produce_at: '2026-03-06T09:00:00+03:00' };
  assert.equal(transferOf(decideRecordOrder(orderSubject(), late, ctx)), undefined);
  // Issued for later today: the day has not ended, the movement is drafted.
  assert.ok(transferOf(decideRecordOrder(orderSubject(), { ...late, produce_at: '2026-03-10T13:00:00+03:00' }, ctx)));
});

test('a hearing with the court’s holding facility drafts the same round trip; without one, only the hearing; a holding facility must be one', () => {
  const subject = (over: Partial<HearingSubject> = {}): HearingSubject => ({ case: theCase, person: person(), stay, holding, heldAt: prison, ...over });
  const input = { case_id: 'c1', at: '2026-03-15T10:00:00+03:00', purpose: 'Investigative hearing', holding_facility_id: 'f9' };
  const all = events(decideScheduleHearing(subject(), input, ctx));
  const hearing = all[0]!.data as EventData['case.hearing_scheduled'];
  const t = transferOf(all)!;
  assert.deepEqual([t.production?.source, t.production?.source_id, t.production?.return_by, t.stops], ['hearing', hearing.hearing_id, '2026-03-15T21:00:00.000Z', ['f9']]);
  const { holding_facility_id: _h, ...plain } = input;
  assert.deepEqual(events(decideScheduleHearing(subject({ holding: null }), plain, ctx)).map((e) => e.kind), ['case.hearing_scheduled']);
  const refused = decideScheduleHearing(subject({ holding: prison }), input, ctx);
  assert.ok(isRejection(refused) && refused.field === '/holding_facility_id' && refused.code === 'invalid_value');
  const unknown = decideScheduleHearing(subject({ holding: null }), input, ctx);
  assert.ok(isRejection(unknown) && unknown.field === '/holding_facility_id' && unknown.code === 'not_found');
});

test('the end of a local day follows the zone’s offset on that day, across a change of offset', () => {
  assert.equal(endOfLocalDay('2026-03-12T23:30:00+03:00', 'Asia/Baghdad'), '2026-03-12T21:00:00.000Z');
  assert.equal(endOfLocalDay('2026-03-12T00:00:00+03:00', 'Asia/Baghdad'), '2026-03-12T21:00:00.000Z');
  assert.equal(endOfLocalDay('2026-03-12T10:00:00Z', 'UTC'), '2026-03-13T00:00:00.000Z');
  // Berlin moves to summer time on 29 March 2026: that day ends at midnight CEST (UTC+2).
  assert.equal(endOfLocalDay('2026-03-29T01:00:00+01:00', 'Europe/Berlin'), '2026-03-29T22:00:00.000Z');
  // New York, 1 November 2026, the day clocks fall back: 25 hours long, it ends at midnight EST (UTC−5).
  assert.equal(endOfLocalDay('2026-11-01T00:30:00-04:00', 'America/New_York'), '2026-11-02T05:00:00.000Z');
});
