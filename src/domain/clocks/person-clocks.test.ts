/**
 * How the register's events feed a person's clocks: the order in which facts reach the
 * register does not change the result (a late-recorded order is put in its place in time), an
 * order a clerk entered counts only once a judge confirms it, and a new admission after a
 * release starts a new custody.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyRegisterEvent, emptyPersonClocks, evaluatePersonClocks, personClocksFrom, personDeadlines, type PersonClocks, type RegisterEvent } from './person-clocks.ts';
import { evaluateClocks } from './evaluate-clocks.ts';
import { defaultClockRules as rules } from './rules.ts';

const hour = 3_600_000;
const t0 = Date.parse('2026-01-05T07:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function fold(events: readonly RegisterEvent[]): PersonClocks {
  return events.reduce((clocks, e) => applyRegisterEvent(clocks, e, rules), emptyPersonClocks);
}

const order = (idx: number, at: number, extra: Record<string, unknown> = {}): RegisterEvent => ({
  idx,
  kind: 'case.order_recorded',
  occurred_at: iso(at),
  data: { case_id: 'c', order_id: `o${idx}`, order: 'detention', issued_at: iso(at), days: 15, max_penalty: { years: 10 }, confirmation: 'judge_account', ...extra },
});

test('facts recorded in any order give the clocks of the facts in time order', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ hours: fc.integer({ min: 0, max: 2000 }), kind: fc.constantFrom('order', 'segregation_started', 'segregation_ended') }), { maxLength: 12 }), fc.infiniteStream(fc.nat()), (facts, shuffle) => {
      const admitted: RegisterEvent = { idx: 1, kind: 'person.admitted', occurred_at: iso(t0), data: {} };
      const appeared: RegisterEvent = { idx: 2, kind: 'case.brought_before_judge', occurred_at: iso(t0 + 20 * hour), data: { case_id: 'c', at: iso(t0 + 20 * hour) } };
      const later = facts.map((f, i) => {
        const at = t0 + 20 * hour + f.hours * hour;
        return f.kind === 'order' ? order(10 + i, at) : { idx: 10 + i, kind: `person.${f.kind}`, occurred_at: iso(at), data: { at: iso(at), facility_id: 'f' } };
      });
      const inTime = [...later].sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || a.idx - b.idx);
      const shuffled = [...later];
      const it = shuffle[Symbol.iterator]();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = it.next().value! % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const a = fold([admitted, appeared, ...inTime]);
      const b = fold([admitted, appeared, ...shuffled]);
      assert.deepStrictEqual(b.history, a.history);
    }),
    { numRuns: 200 },
  );
});

test('an order a clerk entered counts from its issue once a judge confirms it, not before', () => {
  const admitted: RegisterEvent = { idx: 1, kind: 'person.admitted', occurred_at: iso(t0), data: {} };
  const appeared: RegisterEvent = { idx: 2, kind: 'case.brought_before_judge', occurred_at: iso(t0 + 10 * hour), data: { case_id: 'c', at: iso(t0 + 10 * hour) } };
  const pending = order(3, t0 + 10 * hour, { confirmation: 'pending' });
  const now = t0 + 48 * hour;
  const before = fold([admitted, appeared, pending]);
  assert.equal(Object.keys(before.pending).length, 1);
  assert.equal(evaluateClocks(before.history, now, rules).held_without_valid_order, true, 'an unconfirmed order does not make the detention lawful');
  const confirmed = applyRegisterEvent(before, { idx: 4, kind: 'case.order_confirmed', occurred_at: iso(now), data: { case_id: 'c', order_id: 'o3', judge_account: 'j' } }, rules);
  const result = evaluateClocks(confirmed.history, now, rules);
  assert.equal(result.held_without_valid_order, false);
  assert.deepStrictEqual(result.unlawful_periods, [], 'confirmed, it covers from its issue: no gap');
});

test('a release ends the custody; a new admission starts a new one', () => {
  const events: RegisterEvent[] = [
    { idx: 1, kind: 'person.admitted', occurred_at: iso(t0), data: {} },
    { idx: 2, kind: 'case.brought_before_judge', occurred_at: iso(t0 + 10 * hour), data: { case_id: 'c', at: iso(t0 + 10 * hour) } },
    { idx: 3, kind: 'person.released', occurred_at: iso(t0 + 100 * hour), data: {} },
  ];
  const released = fold(events);
  assert.equal(released.inCustody, false);
  assert.equal(evaluateClocks(released.history, t0 + 200 * hour, rules).clocks[1]!.status, 'met_late', 'released after a time with no order');
  const again = applyRegisterEvent(released, { idx: 4, kind: 'person.admitted', occurred_at: iso(t0 + 300 * hour), data: {} }, rules);
  assert.equal(again.inCustody, true);
  assert.equal(again.history.custodyStart?.ref, 4);
  assert.equal(again.history.appearance, null);
});

test('all events at once give what one at a time gives', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ hours: fc.integer({ min: -30, max: 2000 }), kind: fc.constantFrom('order', 'pending', 'confirm', 'segregation_started', 'segregation_ended', 'released', 'admitted', 'appeared') }), { maxLength: 16 }), (facts) => {
      const events: RegisterEvent[] = [{ idx: 1, kind: 'person.admitted', occurred_at: iso(t0), data: {} }];
      facts.forEach((f, i) => {
        const at = t0 + Math.max(0, f.hours) * hour;
        const idx = 10 + i;
        if (f.kind === 'order') events.push(order(idx, at));
        else if (f.kind === 'pending') events.push(order(idx, at, { confirmation: 'pending', order_id: 'p' }));
        else if (f.kind === 'confirm') events.push({ idx, kind: 'case.order_confirmed', occurred_at: iso(at), data: { case_id: 'c', order_id: 'p', judge_account: 'j' } });
        else if (f.kind === 'admitted') events.push({ idx, kind: 'person.admitted', occurred_at: iso(at), data: {} });
        else if (f.kind === 'appeared') events.push({ idx, kind: 'case.brought_before_judge', occurred_at: iso(at), data: { case_id: 'c', at: iso(at) } });
        else events.push({ idx, kind: `person.${f.kind}`, occurred_at: iso(at), data: { at: iso(at), facility_id: 'f' } });
      });
      assert.deepStrictEqual(personClocksFrom(events, rules), fold(events));
    }),
    { numRuns: 300 },
  );
});

test('a custody under another regime (not charged) runs no clock of criminal procedure; segregation still runs', () => {
  const events: RegisterEvent[] = [
    { idx: 1, kind: 'person.registered', occurred_at: iso(t0), data: { dob: { kind: 'exact', date: '2010-02-01' } } },
    { idx: 2, kind: 'person.admitted', occurred_at: iso(t0), data: { legal_status: 'not_charged' } },
    { idx: 3, kind: 'person.segregation_started', occurred_at: iso(t0 + hour), data: { at: iso(t0 + hour), facility_id: 'f' } },
  ];
  const clocks = fold(events);
  assert.equal(clocks.regime, 'other');
  const now = t0 + 30 * 24 * hour;
  const result = evaluatePersonClocks(clocks, now, rules)!;
  const status = Object.fromEntries(result.clocks.map((c) => [c.rule, c.status]));
  assert.deepStrictEqual(status, { first_appearance: 'not_applicable', detention_order: 'not_applicable', pretrial_cap: 'not_applicable', segregation: 'breached', coming_of_age: 'running', release_date: 'not_applicable' });
  assert.deepStrictEqual(result.unlawful_periods.map((p) => p.rule), ['segregation']);
  assert.deepStrictEqual(personDeadlines(clocks, rules).map((d) => d.rule).sort(), ['coming_of_age', 'segregation']);
  const untried = fold([events[0]!, { ...events[1]!, data: { legal_status: 'untried' } }]);
  assert.equal(untried.regime, 'criminal');
  assert.equal(evaluatePersonClocks(untried, now, rules)!.clocks[0]!.status, 'breached', 'untried and never brought before a judge');
});

test('a fact recorded after the custody ended, dated within it, is put in its place there', () => {
  const events: RegisterEvent[] = [
    { idx: 1, kind: 'person.admitted', occurred_at: iso(t0), data: { legal_status: 'untried' } },
    { idx: 2, kind: 'case.brought_before_judge', occurred_at: iso(t0 + 10 * hour), data: { case_id: 'c', at: iso(t0 + 10 * hour) } },
    order(3, t0 + 10 * hour),
    { idx: 4, kind: 'person.released', occurred_at: iso(t0 + 20 * 24 * hour), data: {} },
  ];
  const lapsed = fold(events);
  assert.equal(evaluatePersonClocks(lapsed, t0 + 30 * 24 * hour, rules)!.clocks[1]!.status, 'met_late', 'released after the order lapsed');
  // The renewal was issued before the first order ended, and entered after the release.
  const late = order(5, t0 + 14 * 24 * hour);
  const after = applyRegisterEvent(lapsed, late, rules);
  assert.equal(evaluatePersonClocks(after, t0 + 30 * 24 * hour, rules)!.clocks[1]!.status, 'met');
  assert.deepStrictEqual(after, personClocksFrom([...events, late], rules));
  // A fact dated after the release does not belong to that custody.
  const outside = applyRegisterEvent(lapsed, order(6, t0 + 25 * 24 * hour), rules);
  assert.equal(outside, lapsed);
});
