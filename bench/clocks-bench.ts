/**
 * Legal clocks (issue 11): every person's clocks folded in full from their events, and the
 * cost of one more event, on 100,000 synthetic custodies of realistic shape — admission, a
 * first appearance, fifteen-day orders renewed for months (some late, leaving gaps), some
 * segregation, some sentences and releases — through the code the projection runs
 * (domain/clocks/person-clocks.ts, then the evaluation and the pending limits it stores).
 */
import { performance } from 'node:perf_hooks';
import { clockDeadlines } from '../src/domain/clocks/clock-deadlines.ts';
import { evaluateClocks } from '../src/domain/clocks/evaluate-clocks.ts';
import { applyRegisterEvent, emptyPersonClocks, personClocksFrom, type PersonClocks, type RegisterEvent } from '../src/domain/clocks/person-clocks.ts';
import { defaultClockRules as rules } from '../src/domain/clocks/rules.ts';
import { seededRandom } from '../src/demo/demo-data.ts';
import type { LawfulDetentionFigures } from './lawful-detention-bench.ts';
import { custodyReport, observeEvent, type WatchedPerson } from '../src/transparency/custody-watch.ts';

function lawfulMarkdown(f: LawfulDetentionFigures | null): string {
  if (!f) return 'The dashboard\'s lawful-detention section is measured on PostgreSQL only: no server answered in this run.\n';
  return `
### The dashboard's lawful-detention section

A register of ${f.persons.toLocaleString('en')} persons on PostgreSQL, filled through the intake batch command: ${f.untried.toLocaleString('en')} untried, admitted in the
40 days before the instant measured, each with a case, a first appearance and fifteen-day orders (one in twenty let lapse, one in twenty
renewed late: ${f.events.toLocaleString('en')} court events through the write path; ${f.held.toLocaleString('en')} held without a valid order at that instant), the rest
not charged in camps (setup ${f.fillSeconds.toFixed(0)} s, timed apart). Server time of the request in-process with a supervisor's session, 25 requests each:

| request | p50 | p95 | goal |
| --- | --- | --- | --- |
| the lawful-detention section's read (counts by clock and state, the first 20 held without a valid order; one audited transaction, as the dashboard runs it) | ${f.section.p50.toFixed(0)} ms | **${f.section.p95.toFixed(0)} ms** | ≤ 200 ms |
| \`GET /dashboard\` (the whole page: occupancy, transfers, deadlines, incidents and the lawful-detention section) | ${f.dashboard.p50.toFixed(0)} ms | ${f.dashboard.p95.toFixed(0)} ms | |
| \`GET /api/lawful-detention\` (counts by clock and state, the first 100 alerts) | ${f.api.p50.toFixed(0)} ms | **${f.api.p95.toFixed(0)} ms** | |
`;
}

const hour = 3_600_000;
const day = 24 * hour;

const iso = (ms: number) => new Date(ms).toISOString();

/** One custody's register events, in log order. */
function custody(random: () => number, now: number, firstIdx: number): RegisterEvent[] {
  const events: RegisterEvent[] = [];
  let idx = firstIdx;
  const push = (kind: string, at: number, data: Record<string, unknown> = {}) => events.push({ idx: idx++, kind, occurred_at: iso(at), data: { at: iso(at), ...data } });
  const start = now - Math.floor(random() * 400) * day - Math.floor(random() * 24) * hour;
  push('person.registered', start, { dob: random() < 0.1 ? { kind: 'exact', date: '2009-05-10' } : { kind: 'year', year: 1990 } });
  push('person.admitted', start, { legal_status: 'untried' });
  const appearance = start + (6 + Math.floor(random() * 30)) * hour;
  if (appearance > now) return events;
  push('case.brought_before_judge', appearance, { case_id: 'c' });
  let cover = appearance;
  let orders = 0;
  const stop = random() < 0.2 ? start + Math.floor(random() * 300) * day : Infinity;
  while (cover < now && cover < stop && orders < 40) {
    const late = random() < 0.05 ? Math.floor(random() * 72) * hour : -Math.floor(random() * 24) * hour;
    const at = Math.max(cover + late, appearance);
    if (at > now || at > stop) break;
    push('case.order_recorded', at, { case_id: 'c', order_id: `o${orders}`, order: 'detention', issued_at: iso(at), days: 15, max_penalty: { years: random() < 0.3 ? 20 : 10 }, confirmation: 'judge_account' });
    cover = at + 15 * day;
    orders++;
    if (random() < 0.05) {
      push('person.segregation_started', at + hour, { facility_id: 'f' });
      if (random() < 0.8) push('person.segregation_ended', at + Math.floor(random() * 20) * day, { facility_id: 'f' });
    }
  }
  events.sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || a.idx - b.idx);
  if (stop < now) {
    if (random() < 0.5) push('case.sentence_recorded', stop, { case_id: 'c', sentence: { years: 3, months: 0 } });
    else push('person.released', stop, {});
  }
  return events;
}

/** What the projection computes for a person after an event: the fold, the evaluation at the last event, the pending limits. */
function project(clocks: PersonClocks): number {
  const last = clocks.history.lastAt;
  let n = 0;
  if (clocks.history.custodyStart && last !== null) n += evaluateClocks(clocks.history, last, rules).unlawful_periods.length;
  return n + clockDeadlines(clocks.history, rules).length;
}

/** `persons` synthetic custodies' register events at `now`, the same for the same arguments. */
export function syntheticCustodies(persons: number, now: number): RegisterEvent[][] {
  const random = seededRandom(11);
  const histories: RegisterEvent[][] = [];
  let idx = 0;
  for (let i = 0; i < persons; i++) {
    const events = custody(random, now, idx);
    idx += events.length;
    histories.push(events);
  }
  return histories;
}

/**
 * What the clock check adds to a monitor's run: every entry of a log of `events` events (the
 * synthetic custodies' events, as the log's entries carry them) through the monitor's watch
 * (`observeEvent`) with and without its clocks, then the report at the instant; the
 * difference is the clock check. Reading, hashing and chaining the entries is the same in both.
 */
export function monitorClockCheck(events: number, log: (message: string) => void): string {
  const now = Date.UTC(2026, 11, 1, 9);
  const custodies = syntheticCustodies(Math.ceil(events / 17), now);
  const entries: { person: string; event: RegisterEvent }[] = [];
  for (const [p, history] of custodies.entries()) for (const event of history) entries.push({ person: `p${p}`, event });
  entries.sort((a, b) => a.event.idx - b.event.idx);
  entries.length = Math.min(entries.length, events);
  log(`monitor clock check: ${entries.length} entries`);
  const pass = (clocks: boolean) => {
    const persons = new Map<string, WatchedPerson>();
    const t0 = performance.now();
    for (const { person, event } of entries) {
      let watched = persons.get(person);
      if (!watched) persons.set(person, (watched = { idx: event.idx, hash: '', at: event.occurred_at, held: false }));
      if (clocks) observeEvent(watched, event.kind, event.occurred_at, event.idx, event.data);
      else observeEvent(watched, event.kind, event.occurred_at);
    }
    const report = custodyReport(persons, new Date(now), {});
    return { seconds: (performance.now() - t0) / 1000, held: report.lawful.held_without_valid_order };
  };
  pass(false);
  const without = pass(false);
  const withClocks = pass(true);
  return `
### The monitor's clock check

${entries.length.toLocaleString('en')} log entries (the synthetic custodies' events) through the monitor's watch of each person
(\`transparency/custody-watch.ts\`), as \`sijill monitor\` runs it after reading and checking each entry: without the clocks
${without.seconds.toFixed(1)} s, with them ${withClocks.seconds.toFixed(1)} s, and the report of who is held without a valid order
(${withClocks.held.toLocaleString('en')} persons) at the end — the clock check adds **${(withClocks.seconds - without.seconds).toFixed(1)} s** to the run. Goal ≤ 15 s on top of its run.
`;
}

export function clocksBench(options: { persons: number; log: (message: string) => void; lawful?: LawfulDetentionFigures | null; monitor?: string }): string {
  const now = Date.UTC(2026, 11, 1, 9);
  const histories = syntheticCustodies(options.persons, now);
  const totalEvents = histories.reduce((n, h) => n + h.length, 0);
  options.log(`clocks: ${options.persons} custodies, ${totalEvents} events`);

  // Full: fold every person from nothing and evaluate at now.
  let held = 0;
  const fullStart = performance.now();
  for (const events of histories) {
    const clocks = personClocksFrom(events, rules);
    if (clocks.history.custodyStart && evaluateClocks(clocks.history, now, rules).held_without_valid_order) held++;
    clockDeadlines(clocks.history, rules);
  }
  const fullMs = performance.now() - fullStart;

  // Incremental: one event at a time, as the projection applies it (fold, evaluation, pending limits).
  const samples: number[] = [];
  for (const events of histories.slice(0, Math.min(histories.length, 20_000))) {
    let clocks = emptyPersonClocks;
    for (const e of events) {
      const t0 = performance.now();
      clocks = applyRegisterEvent(clocks, e, rules);
      project(clocks);
      samples.push(performance.now() - t0);
    }
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return `## Legal clocks (issue 11)

${options.persons.toLocaleString('en')} synthetic custodies of realistic shape (${totalEvents.toLocaleString('en')} events: admission,
first appearance, fifteen-day orders renewed, 5 % of them late, some segregation, sentences and releases;
${held.toLocaleString('en')} held without a valid order at the instant measured), through the code the clock projection runs.

| figure | measured | goal |
| --- | --- | --- |
| full evaluation: every person folded from their events and evaluated | **${(fullMs / 1000).toFixed(2)} s** | ≤ 2 s |
| incremental update per event (fold, evaluation, pending limits), p50 / p99 over ${samples.length.toLocaleString('en')} events | ${(q(0.5) * 1000).toFixed(0)} µs / **${(q(0.99) * 1000).toFixed(0)} µs** | p99 ≤ 1 ms |

${lawfulMarkdown(options.lawful ?? null)}${options.monitor ?? ''}`;
}
