/**
 * Issue 15 figures, the states desk and the liaison officers, on a register of 100,000 persons:
 *
 * - the states report (queries/states-report.ts, the query of the page, the API and
 *   `sijill states report`): goal ≤ 1 s;
 * - a liaison officer's download of its state's 10,000 nationals as XLSX, through the route the
 *   liaison uses — the nationals page's download button (POST /nationals/export, which asks the
 *   API in-process with the column titles in the reader's language), every field shared, the
 *   sharing recorded with its 10,000 persons: goal ≤ 10 s;
 * - a liaison officer's search among its nationals (GET /api/nationals?q=…): register numbers,
 *   names of its nationals, names of others, words nobody bears; goal p95 ≤ 50 ms, with the state
 *   applied in the query — the plan of the search's count is shown as the database runs it.
 *
 * The register is filled through the intake batch command (demo-data's plan: men in prisons and
 * centres, women and children in camps), one person in ten French (10,000), the others of the
 * register's state or of 37 other states, one in fifty of two; every foreign state profiled; 600
 * French cases and 20 of each other state opened and sent through the write path, a third of the
 * French accepted by the liaison. The setup is timed apart. Times are the server's, in-process
 * (Fastify's inject), with a liaison's session.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type CommandContext, type CommandDefinition, type Register } from '../src/commands/execute.ts';
import { intakeBatch, type IntakeRow } from '../src/commands/intake-batch.ts';
import { openRepatriation } from '../src/commands/open-repatriation.ts';
import { recordStateAnswer } from '../src/commands/record-state-answer.ts';
import { recordStateProfile } from '../src/commands/record-state-profile.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { sendRepatriationRequest } from '../src/commands/send-repatriation-request.ts';
import { demoPlan, seededRandom } from '../src/demo/demo-data.ts';
import type { Role } from '../src/domain/permissions.ts';
import { sharedFields } from '../src/domain/sharing-policy.ts';
import { readXlsx } from '../src/import/xlsx.ts';
import { findNationals } from '../src/queries/nationals.ts';
import { statesReport } from '../src/queries/states-report.ts';
import type { Database, Queryable } from '../src/store/database.ts';
import { quantile } from './stats.ts';

/** The other states persons of the register come from (besides France and the register's own). */
const otherStates = ['SY', 'TR', 'TN', 'MA', 'DE', 'RU', 'TJ', 'EG', 'SA', 'BE', 'GB', 'NL', 'SE', 'DK', 'NO', 'FI', 'AT', 'CH', 'IT', 'ES', 'PT', 'AZ', 'KZ', 'UZ', 'KG', 'DZ', 'LY', 'JO', 'LB', 'PK', 'AF', 'ID', 'MY', 'US', 'CA', 'AU', 'YE'];
const password = 'sijill-bench-pass';
const now = new Date('2026-11-20T09:00:00Z');

export interface Timing {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly n: number;
}

export interface StatesFigures {
  readonly backend: string;
  readonly persons: number;
  readonly french: number;
  readonly states: number;
  readonly cases: number;
  readonly fillSeconds: number;
  readonly casesSeconds: number;
  readonly report: Timing;
  readonly reportApi: Timing;
  readonly reportRows: number;
  readonly exportXlsx: { readonly seconds: readonly number[]; readonly rows: number; readonly bytes: number; readonly sharedPersons: number };
  readonly exportCsv: { readonly seconds: number; readonly bytes: number };
  readonly search: Readonly<Record<'register_number' | 'own_names' | 'others_names' | 'nobody' | 'all', Timing & { readonly found: number }>>;
  readonly plan: readonly string[];
}

const ms = (started: number) => performance.now() - started;

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1]!, n: sorted.length };
}

const cookieOf = (headers: Record<string, unknown>) => [headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!);

/** Measure on one freshly migrated, empty database. */
export async function measureStatesDesk(db: Database, backend: string, persons: number, log: (line: string) => void): Promise<StatesFigures> {
  const register: Register = { db, clock: () => now };
  const must = async <I, S, R>(command: CommandDefinition<I, S, R>, input: I, role: Role, actor = 'bench.setup'): Promise<R> => {
    const ctx: CommandContext = { actor, role, idempotencyKey: randomUUID() };
    const outcome = await execute(register, command, input, ctx);
    if (!outcome.ok) throw new Error(`${command.kind}: ${JSON.stringify(outcome.rejection)}`);
    return outcome.response;
  };

  // ------------------------------------------------------------ the register
  const fillStarted = performance.now();
  const plan = demoPlan(persons, 15, now, { courts: false });
  for (const f of plan.facilities) await must(registerFacility, { ...f, capacity: Object.fromEntries(Object.keys(f.capacity).map((k) => [k, persons])) }, 'supervisor');
  const random = seededRandom(15);
  const rows: IntakeRow[] = plan.batches.flat().map((row, i) => {
    const first = i % 10 === 0 ? 'FR' : random() < 0.45 ? 'IQ' : otherStates[Math.floor(random() * otherStates.length)]!;
    const second = first !== 'FR' && first !== 'IQ' && i % 50 === 7 ? otherStates[(otherStates.indexOf(first) + 1) % otherStates.length]! : null;
    const nationalities = second ? [first, second] : [first];
    const documents = row.person.documents.map((d) => ({ ...d, issuing_country: first, number: `${first}${d.number.replace(/^[A-Za-z]+/, '')}` }));
    return { ...row, person: { ...row.person, nationalities, documents } };
  });
  for (let i = 0; i < rows.length; i += 1000) {
    await must(intakeBatch, { rows: rows.slice(i, i + 1000) }, 'supervisor');
    if ((i / 1000) % 10 === 9) log(`states desk: ${i + 1000}/${rows.length} persons admitted`);
  }
  const fillSeconds = ms(fillStarted) / 1000;

  // ------------------------------------------------------------ profiles and cases
  const casesStarted = performance.now();
  const allFields = [...sharedFields];
  await must(recordStateProfile, { state: 'FR', consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [], sharing_policy: { fields: allFields, legal_basis: 'Bench agreement, art. 1 (fictional)' } }, 'supervisor');
  for (const state of otherStates) {
    await must(recordStateProfile, { state, consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [], sharing_policy: { fields: ['names', 'date_of_birth', 'case_stage'], legal_basis: 'Bench agreement (fictional)' } }, 'supervisor');
  }
  await createAccount(db, { username: 'bench.liaison.fr', displayName: 'Bench liaison of France', role: 'liaison', password, liaisonState: 'FR' });
  await createAccount(db, { username: 'bench.supervisor', displayName: 'Bench supervisor', role: 'supervisor', password, scope: wholeRegister });
  const open = async (state: string, count: number, accepted: number) => {
    const { rows: held } = await db.query<{ id: string }>(`SELECT id FROM person WHERE nationalities[1] = $1 AND custody_status = 'in_custody' ORDER BY register_number LIMIT $2`, [state, count]);
    for (const [i, { id }] of held.entries()) {
      const { case_id } = await must(openRepatriation, { person_id: id, state, reason: 'national of the state (bench)' }, 'facility_officer');
      await must(sendRepatriationRequest, { case_id, sent_at: '2026-11-01T10:00:00+03:00', channel: 'diplomatic_note' as const, reference: `NV-${state}-${i}` }, 'facility_officer');
      if (i < accepted) await must(recordStateAnswer, { case_id, answer: 'accepted' as const, answered_at: '2026-11-10T10:00:00+03:00', reference: `ANS-${state}-${i}` }, 'liaison', 'bench.liaison.fr');
    }
    return held.length;
  };
  let cases = await open('FR', 600, 200);
  for (const state of otherStates) cases += await open(state, 20, 0);
  const casesSeconds = ms(casesStarted) / 1000;
  const french = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM person WHERE 'FR' = ANY(nationalities)")).rows[0]!.n);
  log(`states desk: ${persons} persons (${french} French) in ${fillSeconds.toFixed(0)} s; ${cases} cases in ${casesSeconds.toFixed(0)} s`);

  // ------------------------------------------------------------ the states report
  const reportSamples: number[] = [];
  let reportRows = 0;
  await statesReport(db, now, 'every_state');
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    reportRows = (await statesReport(db, now, 'every_state')).length;
    reportSamples.push(ms(t0));
  }

  const app = buildApp({ db, register: { ...register }, demo: false });
  await app.ready();
  try {
    const session = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return cookieOf(res.headers)[0]!;
    };
    const supervisor = await session('bench.supervisor');
    const reportApiSamples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: '/api/repatriations/states-report', headers: { cookie: supervisor } });
      reportApiSamples.push(ms(t0));
      if (res.statusCode !== 200) throw new Error(`states report: ${res.statusCode}`);
    }

    // ---------------------------------------------------------- the download, from the page
    const loginPage = await app.inject({ method: 'GET', url: '/login' });
    const pre = cookieOf(loginPage.headers);
    const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const loggedIn = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf(loginPage.body), username: 'bench.liaison.fr', password, next: '/nationals' }).toString(),
    });
    const browser = [...pre, ...cookieOf(loggedIn.headers)].join('; ');
    const nationalsPage = await app.inject({ method: 'GET', url: '/nationals', headers: { cookie: browser } });
    if (nationalsPage.statusCode !== 200) throw new Error(`nationals page: ${nationalsPage.statusCode}`);
    const token = csrf(nationalsPage.body);
    const download = (format: 'xlsx' | 'csv') =>
      app.inject({ method: 'POST', url: '/nationals/export', headers: { cookie: browser, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, format }).toString() });
    const xlsxSeconds: number[] = [];
    let xlsx = null as Awaited<ReturnType<typeof download>> | null;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      xlsx = await download('xlsx');
      xlsxSeconds.push(ms(t0) / 1000);
      if (xlsx.statusCode !== 200) throw new Error(`download: ${xlsx.statusCode} ${xlsx.body.slice(0, 200)}`);
    }
    const xlsxRows = readXlsx(new Uint8Array(xlsx!.rawPayload)).rows.length - 1;
    const sharedPersons = Number((await db.query<{ n: number }>("SELECT cardinality(person_ids) AS n FROM sharing_record WHERE what = 'nationals download xlsx' ORDER BY id DESC LIMIT 1")).rows[0]!.n);
    const csvStarted = performance.now();
    const csv = await download('csv');
    const csvSeconds = ms(csvStarted) / 1000;

    // ---------------------------------------------------------- the search
    const liaison = await session('bench.liaison.fr');
    const pick = <T>(list: readonly T[], n: number, seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: n }, () => list[Math.floor(r() * list.length)]!);
    };
    const frenchRows = rows.filter((r) => r.person.nationalities.includes('FR'));
    const othersRows = rows.filter((r) => !r.person.nationalities.includes('FR'));
    const words = (full: string) => full.split(' ');
    const queries: { kind: 'register_number' | 'own_names' | 'others_names' | 'nobody'; q: string }[] = [
      ...pick(frenchRows, 50, 1).map((r) => ({ kind: 'register_number' as const, q: r.person.register_number })),
      ...pick(frenchRows, 50, 2).map((r, i) => ({ kind: 'own_names' as const, q: words(r.person.names[i % 2]!.full).slice(0, 2).join(' ') })),
      ...pick(othersRows, 50, 3).map((r, i) => ({ kind: 'others_names' as const, q: r.person.names[i % 2]!.full })),
      ...pick(['Zzyzx', 'Quux Fictif', 'ثثثثث', 'Nobody Atall', 'خخخ ششش'], 50, 4).map((q, i) => ({ kind: 'nobody' as const, q: `${q} ${i}` })),
    ];
    const samples: Record<string, { times: number[]; found: number[] }> = {};
    for (const { kind, q } of queries) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/nationals?q=${encodeURIComponent(q)}&limit=50`, headers: { cookie: liaison } });
      const took = ms(t0);
      if (res.statusCode !== 200) throw new Error(`search ${q}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      for (const key of [kind, 'all']) {
        samples[key] ??= { times: [], found: [] };
        samples[key].times.push(took);
        samples[key].found.push((res.json() as { total: number }).total);
      }
    }
    const search = Object.fromEntries(
      Object.entries(samples).map(([k, s]) => [k, { ...timing(s.times), found: s.found.reduce((a, b) => a + b, 0) / s.found.length }]),
    ) as StatesFigures['search'];

    // ---------------------------------------------------------- the plan of a search, as run
    const captured: { sql: string; params: unknown[] }[] = [];
    const capturing: Queryable = { query: (sql: string, params?: unknown[]) => (captured.push({ sql, params: params ?? [] }), db.query(sql, params)) } as Queryable;
    await findNationals(capturing, 'FR', { fields: allFields, legal_basis: 'x' }, { text: queries[60]!.q, limit: 50 });
    const [search1] = captured;
    const explained = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${search1!.sql}`, search1!.params);
    const plan = explained.rows.map((r) => r['QUERY PLAN']);

    return {
      backend,
      persons,
      french,
      states: otherStates.length + 1,
      cases,
      fillSeconds,
      casesSeconds,
      report: timing(reportSamples),
      reportApi: timing(reportApiSamples),
      reportRows,
      exportXlsx: { seconds: xlsxSeconds, rows: xlsxRows, bytes: xlsx!.rawPayload.length, sharedPersons },
      exportCsv: { seconds: csvSeconds, bytes: csv.rawPayload.length },
      search,
      plan,
    };
  } finally {
    await app.close();
  }
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

export function statesMarkdown(all: readonly StatesFigures[]): string {
  const out = ['## States desk and liaisons (issue 15)', ''];
  for (const f of all) {
    const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;
    out.push(
      `On ${f.backend}: a register of ${f.persons.toLocaleString('en')} persons filled through the intake batch command in ${f.fillSeconds.toFixed(0)} s (the setup, not a step) — one in ten French (${f.french.toLocaleString('en')}), the others of the register's state or of ${f.states - 1} other states, one in fifty of two; ${f.states} states profiled; ${f.cases.toLocaleString('en')} repatriation cases opened and requested through the write path (${f.casesSeconds.toFixed(0)} s), 200 of them accepted by France's liaison.`,
      '',
      '| what | goal | p50 | p95 | max | runs |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      `| states report (queries/states-report.ts, ${f.reportRows} states) | ≤ 1 s | ${f1(f.report.p50)} ms | ${f1(f.report.p95)} ms | ${f1(f.report.max)} ms | ${f.report.n} |`,
      `| the same through GET /api/repatriations/states-report | ≤ 1 s | ${f1(f.reportApi.p50)} ms | ${f1(f.reportApi.p95)} ms | ${f1(f.reportApi.max)} ms | ${f.reportApi.n} |`,
      `| search as France's liaison, GET /api/nationals?q= (all queries) | p95 ≤ 50 ms | ${f1(f.search.all.p50)} ms | ${f1(f.search.all.p95)} ms | ${f1(f.search.all.max)} ms | ${f.search.all.n} |`,
      `| · a French national's register number (found ${f1(f.search.register_number.found)} on average) | | ${f1(f.search.register_number.p50)} ms | ${f1(f.search.register_number.p95)} ms | ${f1(f.search.register_number.max)} ms | ${f.search.register_number.n} |`,
      `| · two words of a French national's name (found ${f1(f.search.own_names.found)}) | | ${f1(f.search.own_names.p50)} ms | ${f1(f.search.own_names.p95)} ms | ${f1(f.search.own_names.max)} ms | ${f.search.own_names.n} |`,
      `| · another national's full name (found ${f1(f.search.others_names.found)}: French namesakes only) | | ${f1(f.search.others_names.p50)} ms | ${f1(f.search.others_names.p95)} ms | ${f1(f.search.others_names.max)} ms | ${f.search.others_names.n} |`,
      `| · words nobody bears (found ${f1(f.search.nobody.found)}) | | ${f1(f.search.nobody.p50)} ms | ${f1(f.search.nobody.p95)} ms | ${f1(f.search.nobody.max)} ms | ${f.search.nobody.n} |`,
      '',
      `France's liaison downloads its ${f.exportXlsx.rows.toLocaleString('en')} nationals from the nationals page (POST /nationals/export: the page asks the API in-process with the column titles in Arabic; every field of the closed list shared; the download recorded as one sharing of ${f.exportXlsx.sharedPersons.toLocaleString('en')} persons, with the read audit): XLSX ${f.exportXlsx.seconds.map((s) => `${f2(s)} s`).join(', ')} (${kb(f.exportXlsx.bytes)}); CSV ${f2(f.exportCsv.seconds)} s (${kb(f.exportCsv.bytes)}). Goal ≤ 10 s.`,
      '',
      'The state is a condition of the search\'s SQL, not a filter after it: the plan of one name search (two words of a French national\'s name), as the database ran it —',
      '',
      '```',
      ...f.plan,
      '```',
      '',
    );
  }
  return out.join('\n');
}
