/**
 * The dashboard's lawful-detention section (issue 11) at register scale: a register of N
 * persons filled through the intake batch command — three in four untried men and women
 * admitted in the 40 days before the instant measured, each with a case, a first appearance and
 * fifteen-day detention orders (one in twenty let lapse, one in twenty renewed late), the rest
 * not charged in camps — and then `GET /dashboard` and `GET /api/lawful-detention` served
 * in-process with a supervisor's session, timed on the server (Fastify's own response time).
 *
 * The court events are written through `execute` as prepared events (one command per 2,000
 * persons): the write path, its log, projections and clock projection, without a decision of
 * their own — the setup, timed apart.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type CommandContext, type CommandDefinition, type Register } from '../src/commands/execute.ts';
import { intakeBatch, type IntakeRow } from '../src/commands/intake-batch.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { demoPlan, baghdad, seededRandom } from '../src/demo/demo-data.ts';
import { newEvent, type NewEvent } from '../src/domain/events.ts';
import type { Database } from '../src/store/database.ts';
import { lawfulDetentionSection } from '../src/queries/lawful-detention.ts';
import { readPersonal } from '../src/queries/personal-read.ts';
import { quantile } from './stats.ts';

const hour = 3_600_000;
const day = 24 * hour;

/** Prepared events written as one command (the bench's setup). */
const prepared: CommandDefinition<{ events: NewEvent[] }, null, number> = {
  kind: 'bench-court-history',
  lock: async () => {},
  load: async () => null,
  decide: (_state, input) => input.events,
  respond: (events) => events.length,
};

const ctx = (): CommandContext => ({ actor: 'bench.setup', role: 'supervisor', idempotencyKey: randomUUID() });
const must = <R>(outcome: { ok: true; response: R } | { ok: false; rejection: unknown }, what: string): R => {
  if (!outcome.ok) throw new Error(`${what}: ${JSON.stringify(outcome.rejection)}`);
  return outcome.response;
};

/** One untried person's case: opened, the first appearance, orders every 14 days up to `now`. */
function courtEvents(personId: string, admitted: number, now: number, random: () => number, n: number): NewEvent[] {
  const case_id = randomUUID();
  const court = 'First Karkh Investigative Court (fictional)';
  const judge = 'Judge of investigation (fictional)';
  const at = (ms: number) => baghdad(new Date(ms));
  const appearance = admitted + (6 + Math.floor(random() * 18)) * hour;
  const events: NewEvent[] = [
    newEvent('case.opened', personId, at(admitted + hour), { case_id, reference: `INV/B/${n}`, court, judge, prosecutor: null, stage: 'investigation', charges: [{ law: 'Penal Code No. 111 of 1969', article: '298', max_penalty: { years: 15 } }] }),
  ];
  if (appearance > now) return events;
  events.push(newEvent('case.brought_before_judge', personId, at(appearance), { case_id, at: at(appearance), judge }));
  const lapse = random() < 0.05;
  const late = random() < 0.05;
  let k = 0;
  for (let issued = appearance; issued <= now; issued += 14 * day) {
    if (late && k === 1) issued += 3 * day;
    if (issued > now) break;
    const order_id = randomUUID();
    events.push(newEvent('case.order_recorded', personId, at(issued), { case_id, order_id, order: 'detention', reference: `DO/B/${n}-${++k}`, issued_at: at(issued), judge, court, days: 15, max_penalty: { years: 15 }, entered_by: 'bench.judge', confirmation: 'judge_account' }));
    if (lapse) break;
  }
  return events;
}

export interface LawfulDetentionFigures {
  readonly persons: number;
  readonly untried: number;
  readonly events: number;
  readonly fillSeconds: number;
  readonly section: { readonly p50: number; readonly p95: number };
  readonly dashboard: { readonly p50: number; readonly p95: number };
  readonly api: { readonly p50: number; readonly p95: number };
  readonly held: number;
}

export async function measureLawfulDetention(db: Database, persons: number, log: (line: string) => void): Promise<LawfulDetentionFigures> {
  const now = new Date('2026-11-20T09:00:00Z');
  const register: Register = { db, clock: () => now };
  const started = performance.now();
  const plan = demoPlan(persons, 41, now, { courts: false });
  const facilities = plan.facilities.map((f) => ({ ...f, capacity: Object.fromEntries(Object.keys(f.capacity).map((k) => [k, persons])) }));
  for (const f of facilities) must(await execute(register, registerFacility, f, ctx()), 'facility');
  const random = seededRandom(41);
  const rows: IntakeRow[] = plan.batches.flat().map((row) => (row.admission.legal_status === 'untried' ? { ...row, admission: { ...row.admission, admitted_at: baghdad(new Date(now.getTime() - Math.floor(random() * 40 * 24) * hour)) } } : row));
  for (let i = 0; i < rows.length; i += 1000) {
    must(await execute(register, intakeBatch, { rows: rows.slice(i, i + 1000) }, ctx()), 'intake');
    if ((i / 1000) % 10 === 9) log(`lawful detention: ${i + 1000}/${rows.length} persons admitted`);
  }
  const untried = rows.filter((r) => r.admission.legal_status === 'untried');
  let events = 0;
  for (let i = 0; i < untried.length; i += 2000) {
    const batch = untried.slice(i, i + 2000).flatMap((r, j) => courtEvents(r.person.person_id, Date.parse(r.admission.admitted_at), now.getTime(), random, i + j));
    // Grouped by kind, each person's events in order: the projections write each kind in one statement.
    const order = ['case.opened', 'case.brought_before_judge', 'case.order_recorded'];
    batch.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    events += must(await execute(register, prepared, { events: batch }, ctx()), 'court history');
  }
  const fillSeconds = (performance.now() - started) / 1000;
  log(`lawful detention: ${persons} persons, ${events} court events in ${fillSeconds.toFixed(0)} s`);

  await createAccount(db, { scope: wholeRegister, username: 'bench.supervisor', displayName: 'Bench supervisor', role: 'supervisor', password: 'sijill-bench-pass' });
  const app = buildApp({ db, register: { ...register }, demo: false });
  await app.ready();
  try {
    const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'bench.supervisor', password: 'sijill-bench-pass' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const time = async (url: string, accept: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie, accept } });
        samples.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      samples.sort((a, b) => a - b);
      return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
    };
    // The section's own read, as the dashboard runs it: one audited transaction.
    const account = (await db.query<{ id: string }>("SELECT id FROM account WHERE username = 'bench.supervisor'")).rows[0]!.id;
    const sectionSamples: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      await readPersonal(db, { accountId: account, purpose: 'dashboard lawful detention', now }, (tx) => lawfulDetentionSection(tx, now), (found) => found.held.alerts.map((a) => a.person_id));
      sectionSamples.push(performance.now() - t0);
    }
    sectionSamples.sort((a, b) => a - b);
    const section = { p50: quantile(sectionSamples, 0.5), p95: quantile(sectionSamples, 0.95) };
    const dashboard = await time('/dashboard', 'text/html');
    const api = await time('/api/lawful-detention', 'application/json');
    const held = ((await app.inject({ method: 'GET', url: '/api/lawful-detention', headers: { cookie } })).json() as { held_without_valid_order: number }).held_without_valid_order;
    return { persons, untried: untried.length, events, fillSeconds, section, dashboard, api, held };
  } finally {
    await app.close();
  }
}
