/**
 * Properties of the legal clocks over random valid histories (fast-check): an order never
 * creates a breach; removing one creates none outside its span; no unlawful period overlaps
 * time an order covered; folding the events one at a time through stored JSON equals folding
 * them at once; the offset the instants were written in changes nothing. The worked cases
 * are run through the command in test/clocks-evaluate.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCaseFile, type CaseFile } from './case-file.ts';
import { applyClockEvent, emptyClockHistory, type ClockHistory } from './clock-history.ts';
import { clockOutput } from './clock-output.ts';
import { clockDeadlines, deadlineStatus } from './clock-deadlines.ts';
import { orderEnd, parseInstant } from './clock-time.ts';
import { evaluateClocks, clockExplanationKeys, type ClockEvaluation } from './evaluate-clocks.ts';
import { defaultClockRules as rules } from './rules.ts';
import type { ClockEvent } from './clock-event.ts';

const hour = 3_600_000;
const runs = { numRuns: 300 };

interface RawEvent {
  kind: string;
  at: number;
  days?: number;
  max_penalty?: unknown;
  until?: number;
  sentence?: unknown;
}

/** Write an instant in a given offset (minutes east of UTC), as a case file may. */
function written(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const penalty = fc.oneof(fc.constant('life'), fc.constant('death'), fc.integer({ min: 0, max: 30 }).map((years) => ({ years })), fc.integer({ min: 1, max: 60 }).map((months) => ({ months })));

/** A random valid history as raw events, with `now`: every order carries the same penalty. */
const history = fc
  .record({
    start: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000),
    dobYearsBefore: fc.option(fc.integer({ min: 8, max: 60 }), { nil: null }),
    dobDay: fc.integer({ min: 0, max: 364 }),
    extension: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
    appearanceAfter: fc.option(fc.integer({ min: 1, max: 70 }), { nil: null }),
    penalty,
    orders: fc.array(fc.record({ shift: fc.integer({ min: -96, max: 60 }), days: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 14 }),
    extensionAt: fc.option(fc.record({ order: fc.nat(), untilMonths: fc.integer({ min: 1, max: 30 }) }), { nil: null }),
    segregation: fc.array(fc.record({ after: fc.integer({ min: 1, max: 400 }), length: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }) }), { maxLength: 3 }),
    sentence: fc.option(fc.record({ after: fc.integer({ min: 0, max: 200 }), sentence: fc.oneof(fc.constant('life'), fc.constant('death'), fc.record({ years: fc.integer({ min: 0, max: 5 }), months: fc.integer({ min: 0, max: 11 }) })) }), { nil: null }),
    release: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    nowAfter: fc.integer({ min: 0, max: 5000 }),
  })
  .map((p) => {
    const events: RawEvent[] = [{ kind: 'custody_start', at: p.start }];
    let t = p.start;
    const push = (e: RawEvent) => {
      t = Math.max(t, e.at);
      events.push({ ...e, at: t });
    };
    if (p.extension !== null) push({ kind: 'first_appearance_extended', at: p.start + p.extension * hour });
    if (p.appearanceAfter !== null) {
      push({ kind: 'brought_before_judge', at: p.start + p.appearanceAfter * hour });
      let coverEnd = t;
      const segregations = [...p.segregation];
      for (const [i, order] of p.orders.entries()) {
        push({ kind: 'detention_order', at: coverEnd + order.shift * hour, days: order.days, max_penalty: p.penalty });
        coverEnd = Math.max(coverEnd, orderEnd(t, Math.min(order.days, 15), rules.utcOffsetMinutes));
        if (p.extensionAt && p.extensionAt.order % p.orders.length === i) push({ kind: 'court_extension', at: t + hour, until: t + p.extensionAt.untilMonths * 30 * 24 * hour });
        const seg = segregations[0];
        if (seg && i === 0) {
          segregations.shift();
          push({ kind: 'segregation_start', at: t + seg.after * hour });
          if (seg.length !== null) push({ kind: 'segregation_end', at: t + seg.length * hour });
        }
      }
    }
    if (p.sentence) push({ kind: 'sentenced', at: t + p.sentence.after * hour, sentence: p.sentence.sentence });
    if (p.release !== null) push({ kind: 'released', at: t + p.release * hour });
    const dob = p.dobYearsBefore === null ? undefined : new Date(p.start - p.dobYearsBefore * 365.25 * 24 * hour + p.dobDay * 24 * hour).toISOString().slice(0, 10);
    return { events, now: t + p.nowAfter * hour, dob };
  });

type Raw = { events: RawEvent[]; now: number; dob: string | undefined };

function caseFile(raw: Raw, offset: (i: number) => number = () => 180): unknown {
  return {
    now: written(raw.now, offset(-1)),
    person: raw.dob ? { dob: raw.dob } : {},
    events: raw.events.map((e, i) => ({ ...e, at: written(e.at, offset(i)), ...(e.until !== undefined ? { until: written(e.until, offset(i)) } : {}) })),
  };
}

function read(raw: Raw): CaseFile {
  const result = readCaseFile(caseFile(raw), rules);
  if ('error' in result) throw new Error(`generated an invalid history: ${JSON.stringify(result.error)}`);
  return result;
}

function evaluate(raw: Raw): ClockEvaluation {
  const file = read(raw);
  return evaluateClocks(file.history, file.now, rules);
}

/** The parts of [from, to) that none of `cover` covers (an open `to` runs to `now`). */
function uncoveredParts(from: number, to: number, cover: readonly { from: number; to: number | null }[], now: number): [number, number][] {
  let parts = [[from, to]] as [number, number][];
  for (const c of cover) {
    const cTo = c.to ?? now;
    parts = parts.flatMap(([a, b]) => {
      const kept: [number, number][] = [];
      if (c.from > a) kept.push([a, Math.min(b, c.from)]);
      if (cTo < b) kept.push([Math.max(a, cTo), b]);
      return kept.filter(([x, y]) => y > x);
    });
  }
  return parts;
}

function uncovered(from: number, to: number, cover: readonly { from: number; to: number | null }[], now: number): number {
  return uncoveredParts(from, to, cover, now).reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** Unlawful time of `after` that `before` does not already hold, as intervals. */
function newBreaches(before: ClockEvaluation, after: ClockEvaluation, now: number): { rule: string; from: number; to: number }[] {
  return after.unlawful_periods.flatMap((period) =>
    uncoveredParts(period.from, period.to ?? now, before.unlawful_periods.filter((p) => p.rule === period.rule), now).map(([from, to]) => ({ rule: period.rule, from, to })),
  );
}

const orderIndices = (raw: Raw) => raw.events.flatMap((e, i) => (e.kind === 'detention_order' ? [i] : []));
const stopAt = (raw: Raw) => raw.events.find((e) => e.kind === 'sentenced' || e.kind === 'released')?.at ?? Infinity;

test('an order never creates a breach', () => {
  fc.assert(
    fc.property(history, fc.nat(), fc.integer({ min: 1, max: 15 }), (raw, pick, days) => {
      const orders = orderIndices(raw);
      fc.pre(orders.length > 0);
      // a further order at the time of an existing event, before the clocks stop, with the same penalty
      const candidates = raw.events.map((e, i) => ({ e, i })).filter(({ e, i }) => i > 0 && e.at <= stopAt(raw) && e.kind !== 'sentenced' && e.kind !== 'released');
      fc.pre(candidates.length > 0);
      const { e, i } = candidates[pick % candidates.length]!;
      const order: RawEvent = { kind: 'detention_order', at: e.at, days, max_penalty: raw.events[orders.at(-1)!]!.max_penalty };
      const withOrder = { ...raw, events: [...raw.events.slice(0, i + 1), order, ...raw.events.slice(i + 1)] };
      assert.deepStrictEqual(newBreaches(evaluate(raw), evaluate(withOrder), raw.now), []);
    }),
    runs,
  );
});

test('removing an order creates no breach outside its span', () => {
  fc.assert(
    fc.property(history, fc.nat(), (raw, pick) => {
      const orders = orderIndices(raw);
      fc.pre(orders.length > 1);
      const i = orders[pick % orders.length]!;
      const removed = raw.events[i]!;
      const end = orderEnd(removed.at, Math.min(removed.days!, rules.maxOrderDays), rules.utcOffsetMinutes);
      const without = { ...raw, events: raw.events.filter((_, j) => j !== i) };
      for (const breach of newBreaches(evaluate(raw), evaluate(without), raw.now)) {
        if (breach.rule !== 'detention_order') assert.fail(`a ${breach.rule} breach appeared: ${JSON.stringify(breach)}`);
        assert.ok(uncovered(breach.from, breach.to, [{ from: removed.at, to: end }], raw.now) === 0, `new breach ${JSON.stringify(breach)} outside [${removed.at}, ${end}]`);
      }
    }),
    runs,
  );
});

test('unlawful periods of detention never overlap time an order covered', () => {
  fc.assert(
    fc.property(history, (raw) => {
      const result = evaluate(raw);
      const orders = raw.events.filter((e) => e.kind === 'detention_order' && e.at <= stopAt(raw)).map((e) => ({ from: e.at, to: orderEnd(e.at, Math.min(e.days!, rules.maxOrderDays), rules.utcOffsetMinutes) }));
      for (const period of result.unlawful_periods.filter((p) => p.rule === 'detention_order')) {
        const to = period.to ?? raw.now;
        assert.equal(uncovered(period.from, to, orders, raw.now), to - period.from, `period ${JSON.stringify(period)} overlaps an order`);
      }
      // and no two unlawful periods of one rule overlap
      for (const rule of new Set(result.unlawful_periods.map((p) => p.rule))) {
        const periods = result.unlawful_periods.filter((p) => p.rule === rule);
        for (let k = 1; k < periods.length; k++) assert.ok(periods[k]!.from >= (periods[k - 1]!.to ?? Infinity), `${rule} periods overlap`);
      }
    }),
    runs,
  );
});

test('folding one event at a time through stored JSON equals folding them all at once', () => {
  fc.assert(
    fc.property(history, fc.integer({ min: 0, max: 4000 }), (raw, later) => {
      const full = read(raw);
      const events = eventsOf(raw);
      let stored = JSON.stringify({ ...emptyClockHistory, dob: full.history.dob });
      for (const event of events) stored = JSON.stringify(applyClockEvent(JSON.parse(stored) as ClockHistory, event, rules));
      const incremental = JSON.parse(stored) as ClockHistory;
      assert.deepStrictEqual(incremental, JSON.parse(JSON.stringify(full.history)));
      for (const now of [full.now, full.now + later * hour]) assert.deepStrictEqual(evaluateClocks(incremental, now, rules), evaluateClocks(full.history, now, rules));
    }),
    runs,
  );
});

function eventsOf(raw: Raw): ClockEvent[] {
  return raw.events.map((e, ref) => ({ ...e, ref }) as unknown as ClockEvent);
}

test('the offset the instants were written in changes nothing', () => {
  fc.assert(
    fc.property(history, fc.array(fc.integer({ min: -720, max: 840 }).map((m) => m - (m % 15)), { minLength: 1, maxLength: 40 }), (raw, offsets) => {
      const baghdad = readCaseFile(caseFile(raw), rules);
      const elsewhere = readCaseFile(caseFile(raw, (i) => offsets[(i + 1) % offsets.length]!), rules);
      if ('error' in baghdad || 'error' in elsewhere) assert.fail('a generated history was refused');
      assert.deepStrictEqual(clockOutput(evaluateClocks(elsewhere.history, elsewhere.now, rules)), clockOutput(evaluateClocks(baghdad.history, baghdad.now, rules)));
    }),
    runs,
  );
});

test('every explanation names a key the catalogues hold, and statuses are consistent', () => {
  fc.assert(
    fc.property(history, (raw) => {
      const result = evaluate(raw);
      for (const clock of result.clocks) {
        assert.ok((clockExplanationKeys as readonly string[]).includes(clock.explanation.key), clock.explanation.key);
        assert.equal(clock.since !== undefined, clock.status === 'breached' || clock.status === 'met_late', `${clock.rule} ${clock.status} since`);
        if (clock.status === 'breached') assert.ok(result.unlawful_periods.some((p) => p.rule === clock.rule && p.to === null), `${clock.rule} breached without an open period`);
      }
      assert.equal(result.held_without_valid_order, result.clocks[1]!.status === 'breached');
    }),
    runs,
  );
});

test('time arithmetic of CLOCKS.md', () => {
  const at = (text: string) => parseInstant(text)!;
  // the page's example: issued 22:00 local on 10 March for 15 days runs to local midnight ending 24 March
  assert.equal(new Date(orderEnd(at('2026-03-10T22:00:00+03:00'), 15, 180)).toISOString(), '2026-03-24T21:00:00.000Z');
  assert.equal(parseInstant('2026-02-30T10:00:00+03:00'), null);
  assert.equal(parseInstant('2026-03-01T24:00:00Z'), null);
  assert.equal(parseInstant('2026-03-01T10:00:00+15:00'), null);
  assert.equal(parseInstant('2026-03-01T10:00:00'), null, 'an instant without its offset is refused');
});

test('a pending clock\'s deadline row gives the status and since that the evaluation gives, at any later instant', () => {
  fc.assert(
    fc.property(history, fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 5 }), (raw, laters) => {
      const file = read(raw);
      const deadlines = clockDeadlines(file.history, rules);
      const lastAt = raw.events.at(-1)!.at;
      for (const later of laters) {
        const now = lastAt + later * hour;
        const result = evaluateClocks(file.history, now, rules);
        for (const clock of result.clocks) {
          const row = deadlines.find((d) => d.rule === clock.rule);
          const settled = clock.status === 'not_applicable' || clock.status === 'met_late' || (clock.status === 'met' && clock.rule !== 'coming_of_age');
          if (settled) {
            assert.equal(row, undefined, `${clock.rule} is ${clock.status} but has a deadline row`);
            continue;
          }
          if (!row) {
            assert.ok(clock.rule === 'coming_of_age' && clock.status === 'met', `${clock.rule} ${clock.status} has no deadline row`);
            continue;
          }
          assert.equal(deadlineStatus(row, now), clock.status, `${clock.rule} at +${later} h`);
          if (clock.status === 'breached') assert.equal(row.since, clock.since);
        }
      }
    }),
    runs,
  );
});

test('instants are read exactly as ISO 8601 with an offset, and nothing else', () => {
  const cases: [string, string | null][] = [
    ['2026-03-10T22:00:00+03:00', '2026-03-10T19:00:00.000Z'],
    ['2026-03-10T22:00+03:00', '2026-03-10T19:00:00.000Z'],
    ['2026-03-10T22:00:00Z', '2026-03-10T22:00:00.000Z'],
    ['2026-03-10T22:00:00.5Z', '2026-03-10T22:00:00.500Z'],
    ['2026-03-10T22:00:00.123456789-05:30', '2026-03-11T03:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2025-02-29T00:00:00Z', null],
    ['2026-04-31T00:00:00Z', null],
    ['2026-13-01T00:00:00Z', null],
    ['2026-00-01T00:00:00Z', null],
    ['2026-03-10T22:60:00Z', null],
    ['2026-03-10T22:00:60Z', null],
    ['2026-03-10 22:00:00Z', null],
    ['2026-03-10T22:00:00', null],
    ['2026-03-10T22:00:00+0300', null],
    ['2026-03-10T22:00:00+14:01', null],
    ['2026-03-10T22:00:00Zjunk', null],
    ['2026-03-10T22:00:00.Z', null],
    ['2026-03-10T22:00:00.1234567890123Z', '2026-03-10T22:00:00.123Z'],
    ['0050-03-10T22:00:00Z', '0050-03-10T22:00:00.000Z'],
    ['+2026-03-10T22:00:00Z', null],
    ['2026-3-10T22:00:00Z', null],
  ];
  for (const [text, expected] of cases) {
    const ms = parseInstant(text);
    assert.equal(ms === null ? null : new Date(ms).toISOString(), expected, text);
  }
});

/** The output of a case file, compared as the page says (explanations left out). */
function outputOf(file: unknown) {
  const read = readCaseFile(file, rules);
  if ('error' in read) return { error: { event: read.error.event, field: read.error.field } };
  return clockOutput(evaluateClocks(read.history, read.now, rules));
}
const statuses = (file: unknown) => Object.fromEntries((outputOf(file) as unknown as { clocks: { rule: string; status: string; due: string | null }[] }).clocks.map((c) => [c.rule, [c.status, c.due]]));

test('the first brought_before_judge is the first appearance, even after a sentence', () => {
  const file = { now: '2026-03-05T12:00:00+03:00', person: {}, events: [
    { kind: 'custody_start', at: '2026-03-01T08:00:00+03:00' },
    { kind: 'sentenced', at: '2026-03-01T12:00:00+03:00', sentence: { years: 1 } },
    { kind: 'brought_before_judge', at: '2026-03-01T20:00:00+03:00' },
  ] };
  assert.deepStrictEqual(statuses(file).first_appearance, ['met', '2026-03-02T05:00:00Z']);
  assert.deepStrictEqual((outputOf(file) as unknown as { unlawful_periods: unknown[] }).unlawful_periods, []);
});

test('an order after the first sentence does not change the pre-trial cap the sentence stopped', () => {
  const order = (at: string, max_penalty: unknown) => ({ kind: 'detention_order', at, days: 15, max_penalty });
  const file = { now: '2026-09-05T12:00:00+03:00', person: {}, events: [
    { kind: 'custody_start', at: '2026-03-01T08:00:00+03:00' },
    { kind: 'brought_before_judge', at: '2026-03-01T20:00:00+03:00' },
    order('2026-03-01T20:00:00+03:00', { years: 15 }),
    order('2026-03-15T20:00:00+03:00', { years: 15 }),
    order('2026-03-29T20:00:00+03:00', { years: 15 }),
    { kind: 'sentenced', at: '2026-04-10T12:00:00+03:00', sentence: { years: 1 } },
    order('2026-04-20T12:00:00+03:00', { months: 4 }),
  ] };
  // 6 months from 1 March 08:00 (the quarter of 15 years is 45 months): 1 September 08:00 Baghdad.
  assert.deepStrictEqual(statuses(file).pretrial_cap, ['met', '2026-09-01T05:00:00Z']);
});

test('released at the instant of the 18th birthday: coming of age is met', () => {
  const file = { now: '2026-05-10T00:00:00+03:00', person: { dob: '2008-05-10' }, events: [
    { kind: 'custody_start', at: '2026-03-01T08:00:00+03:00' },
    { kind: 'released', at: '2026-05-10T00:00:00+03:00' },
  ] };
  assert.deepStrictEqual(statuses(file).coming_of_age, ['met', '2026-05-09T21:00:00Z']);
});

test('numbers beyond the calendar are refused at their field, never a crash', () => {
  const base = (event: object) => ({ now: '2026-05-10T00:00:00+03:00', events: [{ kind: 'custody_start', at: '2026-03-01T08:00:00+03:00' }, event] });
  assert.deepStrictEqual(outputOf(base({ kind: 'sentenced', at: '2026-03-02T08:00:00+03:00', sentence: { years: 300000 } })), { error: { event: 1, field: 'sentence' } });
  assert.deepStrictEqual(outputOf(base({ kind: 'detention_order', at: '2026-03-02T08:00:00+03:00', days: 15, max_penalty: { years: 9007199254740991 } })), { error: { event: 1, field: 'max_penalty' } });
  assert.deepStrictEqual(outputOf(base({ kind: 'detention_order', at: '2026-03-02T08:00:00+03:00', days: 1e12, max_penalty: 'life' })), { error: { event: 1, field: 'days' } });
  // Either part of a sentence may be absent: both absent is no time at all.
  assert.deepStrictEqual(statuses(base({ kind: 'sentenced', at: '2026-03-02T08:00:00+03:00', sentence: {} })).release_date, ['breached', '2026-03-01T05:00:00Z']);
});
