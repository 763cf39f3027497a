/**
 * The "Admissions" section of docs/BENCHMARKS.md (issues 2 and 10), on PGlite and on the
 * PostgreSQL server: single admissions over HTTP with 1, 8 and 32 concurrent clients, the
 * intake batch with the identity index on and off, each against the raw-insert floor
 * measured in the same database in the same run.
 *
 * Per backend, one database (PGlite in a data folder, as `npm start` keeps it; a scratch
 * database on the server) is filled through the intake batch with the identity index
 * (timed), then the floor is timed in it, then `sijill serve` is started on it and clerks
 * admit over HTTP. The batch without the index runs in a second, empty database of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { createScratchDatabase } from '../src/store/scratch-database.ts';
import { admissionPlan, measureFloor, measureIntakeBatch, registerFacilities, type AdmissionFigures } from './core-bench.ts';
import { admitConcurrently, logIn, startServer, type HttpAdmissionFigures } from './http-admissions-bench.ts';

export interface AdmissionsOptions {
  /** Rows of each intake batch run (SIJILL_BENCH_PERSONS, default 10,000). */
  readonly persons: number;
  /** Single admissions over HTTP at each number of clients (SIJILL_BENCH_HTTP_ADMISSIONS, default 500). */
  readonly httpAdmissions: number;
  readonly clients: readonly number[];
  /** The PostgreSQL server's admin URL, or null when it did not answer. */
  readonly serverUrl: string | null;
  readonly progress: (message: string) => void;
}

export interface BackendFigures {
  readonly backend: string;
  readonly floorRate: number;
  readonly indexed: AdmissionFigures;
  readonly unindexed: AdmissionFigures & { readonly floorRate: number };
  readonly http: readonly HttpAdmissionFigures[];
}

/** A database to measure in, opened by the bench and by the server it starts. */
interface Target {
  readonly backend: string;
  open(): Promise<Database>;
  /** Environment for `sijill serve` on this database. */
  readonly serverEnv: Record<string, string>;
  dispose(): Promise<void>;
}

const warmup = 50;
const password = 'bench-clerk-password';
const pgliteName = 'PGlite 0.5.14 (in-process, data folder)';

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-bench-admissions-'));
  return {
    backend: pgliteName,
    open: () => openPglite(join(dir, 'pglite')),
    serverEnv: { SIJILL_DATA_DIR: dir },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const scratch = await createScratchDatabase(adminUrl, 'sijill_bench');
  const dir = mkdtempSync(join(tmpdir(), 'sijill-bench-admissions-'));
  const probe = openPostgres(scratch.url, 1);
  const version = (await probe.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  await probe.close();
  return {
    backend: `PostgreSQL ${version} (127.0.0.1)`,
    open: async () => openPostgres(scratch.url),
    // The log key lives in the data folder whatever the database.
    serverEnv: { DATABASE_URL: scratch.url, SIJILL_DATA_DIR: dir },
    dispose: async () => {
      await scratch.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The intake batch without the identity index, in an empty database of its own; and that database's floor. */
async function unindexedBatch(makeTarget: () => Promise<Target>, persons: number): Promise<AdmissionFigures & { floorRate: number }> {
  const target = await makeTarget();
  const db = await target.open();
  try {
    await migrate(db);
    const { facilities, rows } = admissionPlan(persons, 99);
    await registerFacilities(db, facilities);
    const figures = await measureIntakeBatch(db, target.backend, rows, false);
    return { ...figures, floorRate: persons / (await measureFloor(db, rows)) };
  } finally {
    await db.close();
    await target.dispose();
  }
}

async function measureBackend(makeTarget: () => Promise<Target>, options: AdmissionsOptions): Promise<BackendFigures> {
  const target = await makeTarget();
  const { persons, httpAdmissions, clients, progress } = options;
  const httpTotal = warmup + clients.length * httpAdmissions;
  const { facilities, rows } = admissionPlan(persons + httpTotal, 7);
  const batchRows = rows.slice(0, persons);
  const httpRows = rows.slice(persons);
  const clerks = Array.from({ length: Math.max(...clients) }, (_, i) => `bench-clerk-${i + 1}`);
  try {
    let indexed: AdmissionFigures;
    let floorRate: number;
    const db = await target.open();
    try {
      await migrate(db);
      await registerFacilities(db, facilities);
      indexed = await measureIntakeBatch(db, target.backend, batchRows, true);
      floorRate = persons / (await measureFloor(db, batchRows));
      // Setup, not measured: a cheap password hash, since each clerk logs in once.
      for (const username of clerks) {
        await createAccount(db, { scope: wholeRegister, username, displayName: `Bench clerk ${username.slice(12)}`, role: 'registration_clerk', password }, { cost: { memoryCost: 64, timeCost: 1, parallelism: 1 } });
      }
    } finally {
      await db.close();
    }
    progress(`admissions on ${target.backend}: intake batch with the identity index measured`);

    const http: HttpAdmissionFigures[] = [];
    const server = await startServer(target.serverEnv);
    try {
      const cookies: string[] = [];
      for (const username of clerks) cookies.push(await logIn(server.url, username, password));
      // Warm the server up (JIT, connections, caches) before anything is timed.
      await admitConcurrently(server.url, cookies.slice(0, Math.min(8, cookies.length)), httpRows.slice(0, warmup));
      let from = warmup;
      for (const n of clients) {
        http.push(await admitConcurrently(server.url, cookies.slice(0, n), httpRows.slice(from, from + httpAdmissions)));
        from += httpAdmissions;
        progress(`admissions on ${target.backend}: ${n} HTTP client${n === 1 ? '' : 's'} measured`);
      }
    } finally {
      await server.stop();
    }

    // Every admission answered 201 must be on the register.
    const check = await target.open();
    try {
      const held = (await check.query<{ n: number }>('SELECT count(*)::int AS n FROM admission')).rows[0]!.n;
      if (Number(held) !== persons + httpTotal) throw new Error(`expected ${persons + httpTotal} admissions on the register after the run, found ${held}`);
    } finally {
      await check.close();
    }
    const unindexed = await unindexedBatch(makeTarget, persons);
    progress(`admissions on ${target.backend}: intake batch without the identity index measured`);
    return { backend: target.backend, floorRate, indexed, unindexed, http };
  } finally {
    await target.dispose();
  }
}

const count = (n: number) => Math.round(n).toLocaleString('en');
const ratio = (floorRate: number, rate: number) => `${(floorRate / rate).toFixed(1)}×`;
const goalRate = 2000;
const goalRatio = 10;

/** The stages of the write path as the breakdown shows them, in the order they run; a part is indented under its stage. */
const stageRows: readonly { readonly key: string; readonly label: string }[] = [
  { key: 'idempotency', label: 'idempotency (request hash, key lock and look-up)' },
  { key: 'lock', label: 'lock the facilities' },
  { key: 'load', label: 'load (facilities, duplicate search)' },
  { key: 'load: duplicate search', label: '↳ duplicate search (`IdentityIndex.searchBatch`)' },
  { key: 'decide', label: 'domain decisions (registration, admission, reviews)' },
  { key: 'append', label: 'append to the log' },
  { key: 'append: canonical bytes and leaf hashes', label: '↳ canonical bytes and leaf hashes' },
  { key: 'append: event rows', label: '↳ event rows (one insert)' },
  { key: 'append: Merkle tree', label: '↳ Merkle tree' },
  { key: 'append: log head and person chains', label: '↳ log head and per-person chains' },
  { key: 'projections', label: 'projections' },
  { key: 'command record', label: 'command record (idempotency: the response kept for retries)' },
  { key: 'commit', label: 'commit' },
  { key: 'identity index', label: 'identity index follows the commit' },
];

const seconds = (s: number | undefined) => (s === undefined ? '–' : `${s.toFixed(2)} s`);
const share = (part: number | undefined, whole: number) => (part === undefined ? '–' : `${seconds(part)} (${Math.round((100 * part) / whole)}%)`);

/** Where the intake batch's time went, stage by stage, per backend and path, from the same runs as the table above. */
export function stageBreakdownMarkdown(results: readonly BackendFigures[]): string {
  const runs = results.flatMap((r) => [
    { name: `${r.backend.split(' (')[0]}, with the index`, f: r.indexed },
    { name: `${r.backend.split(' (')[0]}, without`, f: r.unindexed },
  ]);
  const projectionParts = [...new Set(runs.flatMap((r) => Object.keys(r.f.stages).filter((k) => k.startsWith('projections: '))))];
  const rows = [
    ...stageRows.slice(0, stageRows.findIndex((r) => r.key === 'projections') + 1),
    ...projectionParts.map((key) => ({ key, label: `↳ ${key.slice('projections: '.length)}` })),
    ...stageRows.slice(stageRows.findIndex((r) => r.key === 'projections') + 1),
  ];
  const lines = rows.map(({ key, label }) => `| ${label} | ${runs.map(({ f }) => share(f.stages[key], f.commandSeconds)).join(' | ')} |`);
  const counted = (f: AdmissionFigures) => stageRows.filter((r) => !r.key.includes(': ')).reduce((sum, r) => sum + (f.stages[r.key] ?? 0), 0);
  lines.push(`| rest (transaction start, between stages) | ${runs.map(({ f }) => seconds(f.commandSeconds - counted(f))).join(' | ')} |`);
  lines.push(`| **the batch** | ${runs.map(({ f }) => `**${seconds(f.commandSeconds)}**`).join(' | ')} |`);
  return `| stage | ${runs.map((r) => r.name).join(' | ')} |
| --- | ${runs.map(() => '---').join(' | ')} |
${lines.join('\n')}`;
}

/**
 * What bounds the batch path on PostgreSQL, from the stages of the same run: the rate the
 * duplicate search alone allows, the rate the rest allows with a search that cost nothing, and
 * the rate the append to the log alone allows; against the goal.
 */
export function boundMarkdown(server: BackendFigures): string {
  const f = server.indexed;
  const stage = (key: string) => f.stages[key] ?? 0;
  const rate = (s: number) => (s > 0 ? f.persons / s : Infinity);
  const search = stage('load: duplicate search');
  const withoutSearch = f.commandSeconds - search;
  const writes = stage('append') + stage('projections') + stage('command record') + stage('commit');
  const append = stage('append');
  const budget = f.persons / goalRate;
  const reach = rate(withoutSearch) >= goalRate ? 'within the goal' : 'short of the goal';
  const blockers = [
    ...(search >= budget ? [`the duplicate search alone (${search.toFixed(2)} s)`] : []),
    ...(writes >= budget ? [`the database writes alone (${writes.toFixed(2)} s)`] : []),
  ];
  const verdict = blockers.length
    ? `So on this machine the goal is out of reach on this path as it stands: ${blockers.join(' and ')} take${blockers.length === 1 ? 's' : ''} longer than the goal allows for the whole batch.`
    : f.commandSeconds <= budget
      ? 'The goal is met.'
      : `Neither the search nor the writes alone exceed the goal's ${budget.toFixed(2)} s; together they do.`;
  return `**What bounds this path.** On ${server.backend}, with the identity index, ${count(f.persons)} admissions took ${f.commandSeconds.toFixed(2)} s; the goal allows ${budget.toFixed(2)} s. In the same run:
the duplicate search alone took ${search.toFixed(2)} s (${((1000 * search) / f.persons).toFixed(2)} ms a row, at most ${count(rate(search))} rows/s if nothing else cost anything);
everything else took ${withoutSearch.toFixed(2)} s — at most ${count(rate(withoutSearch))} admissions/s with a search that cost nothing, ${reach};
of it the database writes (append, projections, command record, commit) took ${writes.toFixed(2)} s (at most ${count(rate(writes))} admissions/s),
and the append to the log alone (${count(f.events)} events: canonical bytes, leaf hashes, event rows, Merkle tree, chains) ${append.toFixed(2)} s (at most ${count(rate(append))} admissions/s, ${count(f.events / (append || Infinity))} events/s).
The search runs in Node's one JavaScript thread while the database waits, and the writes run in the database while that thread waits: within one command the two do not overlap, so their times add.
${verdict}`;
}

/** The section's Markdown from the figures; `persons` is the size of the batch run that filled the register. */
export function admissionsMarkdown(results: readonly BackendFigures[], options: Pick<AdmissionsOptions, 'persons'>): string {
  const httpRows = results.flatMap((r) =>
    r.http.map((h) => {
      const rate = h.admissions / h.seconds;
      return `| ${r.backend} | ${h.clients} | ${count(h.admissions)} | ${h.seconds.toFixed(2)} s | **${count(rate)}** | ${h.p50Ms.toFixed(1)} / ${h.p95Ms.toFixed(1)} ms | ${count(h.reviews)} | ${count(r.floorRate)} | ${ratio(r.floorRate, rate)} |`;
    }),
  );
  const batchRow = (f: AdmissionFigures, floorRate: number, label: string) => {
    const rate = f.persons / f.commandSeconds;
    return `| ${label} | ${f.backend} | ${count(f.persons)} | ${count(f.events)} | ${count(f.reviews)} | ${f.commandSeconds.toFixed(2)} s | **${count(rate)}** | ${count(floorRate)} | ${ratio(floorRate, rate)} |`;
  };
  const batchRows = results.flatMap((r) => [
    batchRow(r.indexed, r.floorRate, 'with the identity index'),
    batchRow(r.unindexed, r.unindexed.floorRate, 'without it (demo loader)'),
  ]);
  const server = results.find((r) => r.backend.startsWith('PostgreSQL'));
  const goal = server
    ? (() => {
        const rate = server.indexed.persons / server.indexed.commandSeconds;
        const met = rate >= goalRate && server.floorRate / rate <= goalRatio;
        return `Goal for the batch path: ≥ ${count(goalRate)} admissions/s on PostgreSQL with the identity index, within ${goalRatio}× of the floor — **${met ? 'met' : 'not met'}** in this run (${count(rate)} admissions/s, ${ratio(server.floorRate, rate)}).`;
      })()
    : `Goal for the batch path: ≥ ${count(goalRate)} admissions/s on PostgreSQL with the identity index, within ${goalRatio}× of the floor. The PostgreSQL server did not answer in this run: its rows are missing.`;
  const single = results.flatMap((r) => {
    const one = r.http.find((h) => h.clients === 1);
    const most = r.http.at(-1);
    if (!one || !most) return [];
    const batch = r.indexed.persons / r.indexed.commandSeconds;
    return [
      `- ${r.backend}: a clerk working alone admits **${count(one.admissions / one.seconds)} persons/s** (${one.p50Ms.toFixed(0)} ms an admission at the median, ${one.p95Ms.toFixed(0)} ms at p95); ${most.clients} clerks at once ${count(most.admissions / most.seconds)} persons/s together; the batch path ${count(batch)} persons/s.`,
    ];
  });
  return `### Admissions

Two paths put a person on the register and in custody. In each, every event goes through the
write path (idempotency record, lock, load, decide, canonical bytes and leaf hash per event,
per-person chain links, append with the Merkle tree, projections, commit). **÷ floor** is the
floor's admissions per second over the path's: the floor writes the same person, name and
admission rows with a raw \`INSERT … SELECT unnest(…)\`, 1,000 rows a transaction, into
copies of the same tables, in the same database, in the same run. PGlite
keeps its database in a data folder, as \`npm start\` does. The persons are the demo
register's: each name is four words drawn from a few dozen given and family names, so many
rows resemble earlier ones — a hard case for the duplicate search (see the reviews opened).

#### Single admissions over HTTP

What a clerk's browser (the registration and admission forms) and an importer calling the
API send: \`POST /api/persons\` with two or three names and the person's details — the
server looks every name up in its identity index, answers with likely duplicates and opens a
duplicate review for those scoring 0.8 or more — then \`POST /api/admissions\` with every
STANDARDS A item, each request with its own Idempotency-Key under the clerk's session. The
server is \`sijill serve\` in a process of its own on 127.0.0.1 (request log at \`info\`,
checkpoints every 2 s), on a register already holding the ${count(options.persons)} persons of
the batch below; the clients are Node's \`fetch\` in the benchmark's process (keep-alive
connections, up to one per client), each with its own clerk account and session, taking the
next person from one list. ${warmup} admissions warm the server up first. The time of an
admission is both requests, as the client sees them.

| backend | concurrent clients | admissions | time | admissions/s | per admission p50 / p95 | duplicate reviews opened | floor admissions/s | ÷ floor |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${httpRows.join('\n')}

The single-request path, stated plainly (there is no goal for it yet):

${single.join('\n')}

Concurrent clients share one server process and, on PGlite, one connection whose
transactions run one at a time.

#### The intake batch

The intake batch command (\`src/commands/intake-batch.ts\`), 1,000 rows a command and
transaction, into an empty register: register the person with two or three name records,
admit them, open their follow-up tasks. **With the identity index** the register keeps one
as the server does, and every row's names are looked up in the register and among the rows
before it (\`IdentityIndex.searchBatch\`), as if registered one by one; a score of 0.8 or more
opens a duplicate review. This is what a list of admissions costs when the server imports
it, since the server always keeps the index. **Without it** no row is searched: only the demo
loader (\`src/demo/seed-demo.ts\`) runs the batch that way, and no request does; the row is
kept to show what the duplicate search costs. (No API route runs the intake batch yet; a
handover list import is a command of its own, measured under "Transfers and handover lists".)

| path | backend | persons | events | duplicate reviews opened | time | admissions/s | floor admissions/s | ÷ floor |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${batchRows.join('\n')}

${goal}

Where the batch's time went, stage by stage of the write path, in the same runs as the table
above (the command sums the time of each stage only when the benchmark asks, through
\`Register.stages\`; it runs the same path either way). A line marked ↳ is part of the line
above it.

${stageBreakdownMarkdown(results)}
${server ? `\n${boundMarkdown(server)}\n` : ''}`;
}

/** Measure on PGlite and (when it answers) on the PostgreSQL server; the section's Markdown. */
export async function admissionsBench(options: AdmissionsOptions): Promise<string> {
  const results: BackendFigures[] = [];
  results.push(await measureBackend(pgliteTarget, options));
  const serverUrl = options.serverUrl;
  if (serverUrl) results.push(await measureBackend(() => postgresTarget(serverUrl), options));
  return admissionsMarkdown(results, options);
}
