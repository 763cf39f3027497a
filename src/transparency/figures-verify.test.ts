import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FiguresFold, type FoldedEvent } from '../domain/figures.ts';
import { defaultClockRules } from '../domain/clocks/rules.ts';
import { standingDifference } from './figures-verify.ts';

const events: FoldedEvent[] = [
  { kind: 'facility.registered', person: null, occurred_at: '2026-03-01T10:00:00+03:00', data: { facility_id: 'f1', name: 'North', kind: 'prison' } },
  { kind: 'person.registered', person: 'a', occurred_at: '2026-03-02T10:00:00+03:00', data: { sex: 'male', dob: { kind: 'year', year: 1990 }, nationalities: ['IQ'] } },
  { kind: 'person.admitted', person: 'a', occurred_at: '2026-03-10T22:30:00Z', data: { facility_id: 'f1', legal_status: 'untried' } },
];
const fold = new FiguresFold();
for (const e of events) fold.apply(e);

test('a monitor finds the instant and the day a publication stands at where the entries give them, and says so where they do not', () => {
  const rules = defaultClockRules;
  assert.equal(standingDifference(fold, { as_of: '2026-03-11', measured_at: '2026-03-10T22:30:00.000Z', clock_rules: rules }), null);
  assert.match(standingDifference(fold, { as_of: '2026-03-11', measured_at: '2026-03-11T08:00:00.000Z', clock_rules: rules })!, /measured at 2026-03-11T08:00:00.000Z, but the entries' latest event is at 2026-03-10T22:30:00.000Z/);
  // The day is the local day of the instant: 22:30 UTC on the 10th is the 11th in Baghdad.
  assert.match(standingDifference(fold, { as_of: '2026-03-10', measured_at: '2026-03-10T22:30:00.000Z', clock_rules: rules })!, /stands at 2026-03-10, but the entries' latest event falls on 2026-03-11 \(local time\)/);
  // With the clock rules the publication recorded: at UTC+00:00 it is still the 10th.
  assert.equal(standingDifference(fold, { as_of: '2026-03-10', measured_at: '2026-03-10T22:30:00.000Z', clock_rules: { ...rules, utcOffsetMinutes: 0 } }), null);
});

test('a publication made before the instant was recorded stood at the UTC day of the latest event, and is checked so', () => {
  assert.equal(standingDifference(fold, { as_of: '2026-03-10' }), null);
  assert.match(standingDifference(fold, { as_of: '2026-03-11' })!, /stands at 2026-03-11, but the entries' latest event falls on 2026-03-10 \(UTC\)/);
});
