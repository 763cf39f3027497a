/**
 * `npm run bench`: measures the figures each issue names and writes docs/BENCHMARKS.md,
 * which begins with the commit it measured and whether the working tree was clean.
 * `npm run bench -- admissions [web …]` runs only the parts named (bench/parts.ts) and prints
 * their sections without writing the file.
 *
 * SIJILL_BENCH_PERSONS (default 10000) sets the intake batch's size and
 * SIJILL_BENCH_HTTP_ADMISSIONS (default 500) the single admissions over HTTP at each number
 * of clients; the PostgreSQL server is measured when SIJILL_BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) answers. SIJILL_BENCH_FULL=true runs the
 * national-scale parts (1,000,000 names, 1,000,000 leaves, a synthetic register of 100,000
 * persons for the likely-duplicate figures, 20,000 otherwise); SIJILL_BENCH_NAMES (default
 * ../shared/data/names) is the alias data; SIJILL_BENCH_FUZZ_RUNS (default 100) the requests
 * per route of the route fuzz.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { createScratchDatabase } from '../src/store/scratch-database.ts';
import { admissionsBench } from './admissions-bench.ts';
import { measureStartup } from './startup-bench.ts';
import { ledgerBench } from './ledger-bench.ts';
import { matchBenchMarkdown } from './match/run.ts';
import { evidenceBench, evidenceMarkdown } from './match/evidence.ts';
import { runSyntheticRegister, syntheticRegisterMarkdown } from './match/synthetic-register.ts';
import { BenchUsageError, selectParts, type BenchPart } from './parts.ts';
import { readRevision, revisionMarkdown } from './revision.ts';
import { measureRollCall, rollCallMarkdown, type RollCallFigures } from './rollcall-bench.ts';
import { measureNotificationList, notificationListMarkdown } from './notification-list-bench.ts';
import { transferBench } from './transfer-bench.ts';
import { webBench } from './web-bench.ts';
import { admissionFormMarkdown, measureAdmissionForm } from './admission-form-bench.ts';
import { fuzzBench } from './security/fuzz.ts';
import { clocksBench, monitorClockCheck } from './clocks-bench.ts';
import { measureLawfulDetention } from './lawful-detention-bench.ts';
import { disclosureBench } from './disclosure-bench.ts';
import { informationMarkdown, measureInformationAnswer } from './information-bench.ts';
import { figuresMarkdown, measureDemoSuppression, measureRecomputation } from './figures-bench.ts';
import { measureStatesDesk, statesMarkdown } from './states-bench.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A size from the environment: a whole number, 1 or more. */
function size(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number, 1 or more, not "${process.env[name]}"`);
    process.exit(2);
  }
  return value;
}
const persons = size('SIJILL_BENCH_PERSONS', 10_000);
const httpAdmissions = size('SIJILL_BENCH_HTTP_ADMISSIONS', 500);
const serverUrl = process.env.SIJILL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const full = process.env.SIJILL_BENCH_FULL === 'true';
const namesDir = process.env.SIJILL_BENCH_NAMES ?? new URL('../../shared/data/names', import.meta.url).pathname;
const progress = (message: string) => console.error(message);

let selected: ReturnType<typeof selectParts>;
try {
  selected = selectParts(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const runs = (part: BenchPart) => selected.parts.includes(part);
const atStart = readRevision(root);

/** Run `work` on a scratch database of the server, or return null when no server answers. */
async function withServerDatabase<T>(work: (url: string) => Promise<T>): Promise<T | null> {
  let scratch;
  try {
    scratch = await createScratchDatabase(serverUrl, 'sijill_bench');
  } catch {
    return null;
  }
  try {
    return await work(scratch.url);
  } finally {
    await scratch.drop();
  }
}

const serverAnswers = (await withServerDatabase(async () => true)) ?? false;
if (!serverAnswers) progress(`no PostgreSQL server answered at ${serverUrl.replace(/:[^:@/]*@/, ':***@')}: PGlite only`);

async function rollCallSection(): Promise<string> {
  const rollCalls: RollCallFigures[] = [];
  const db = await openPglite();
  await migrate(db);
  rollCalls.push(await measureRollCall(db, 'PGlite 0.5.14 (in-process)', 10_000));
  await db.close();
  const serverRollCall = await withServerDatabase(async (url) => {
    const server = openPostgres(url);
    try {
      await migrate(server);
      const v = (await server.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      return await measureRollCall(server, `PostgreSQL ${v} (127.0.0.1)`, 10_000);
    } finally {
      await server.close();
    }
  });
  if (serverRollCall) rollCalls.push(serverRollCall);
  return rollCallMarkdown(rollCalls);
}

/** A month's notification list of a facility of 5,000 (issue 16), on PGlite and, when it answers, the server. */
async function notificationListSection(): Promise<string> {
  const db = await openPglite();
  await migrate(db);
  const figures = [await measureNotificationList(db, 'PGlite 0.5.14 (in-process)')];
  await db.close();
  const server = await withServerDatabase(async (url) => {
    const pg = openPostgres(url);
    try {
      await migrate(pg);
      const v = (await pg.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      return await measureNotificationList(pg, `PostgreSQL ${v} (127.0.0.1)`);
    } finally {
      await pg.close();
    }
  });
  if (server) figures.push(server);
  return notificationListMarkdown(figures);
}

const sections: string[] = [];
const core: string[] = [];
if (runs('admissions')) {
  core.push(await admissionsBench({ persons, httpAdmissions, clients: [1, 8, 32], serverUrl: serverAnswers ? serverUrl : null, progress }));
  progress('admissions measured');
}
if (runs('startup')) {
  const startup = await measureStartup();
  core.push(`### Start-up

\`node bin/sijill.js serve --demo\` on an empty data folder (what \`npm start\` runs after
\`npm ci\`) until the first HTTP 200 from \`/api/health\` with the demo register loaded:
**${startup.firstOkSeconds.toFixed(1)} s** (the server listens only once the 2,000 demo persons are loaded). Goal ≤ 15 s.
`);
  progress('start-up measured');
}
if (core.length) sections.push(`## Register core (issues 2 and 10)\n\n${core.map((c) => c.trimEnd()).join('\n\n')}`);
if (runs('ledger')) {
  sections.push(await ledgerBench({ serverUrl: serverAnswers ? serverUrl : null, progress, ...(full ? { proofLeaves: 1_000_000, monitorLogEvents: 1_000_000 } : {}) }));
  progress('transparency log measured');
}
if (runs('matching')) {
  sections.push(`## Identity resolution (issue 4)\n\n${await matchBenchMarkdown({ dataDir: namesDir, syntheticNames: full ? 1_000_000 : 100_000, log: progress })}`);
  sections.push(evidenceMarkdown(evidenceBench(namesDir)));
  sections.push(syntheticRegisterMarkdown(runSyntheticRegister({ persons: full ? 100_000 : 20_000, log: progress })));
  progress('matching measured');
}
if (runs('transfers')) {
  sections.push(
    serverAnswers
      ? await transferBench(serverUrl, { registerSize: Number(process.env.SIJILL_BENCH_REGISTER ?? 100_000), manifest: 7_000, log: progress })
      : '## Transfers (issue 5)\n\nThe PostgreSQL server did not answer in this run: the 7,000-person manifest is measured on PostgreSQL only.\n',
  );
  progress('transfers measured');
}
if (runs('rollcalls')) {
  sections.push(await rollCallSection());
  progress('roll calls measured');
}
if (runs('visits')) {
  sections.push(await notificationListSection());
  progress('notification lists measured');
}
if (runs('clocks')) {
  const lawful = await withServerDatabase(async (url) => {
    const db = openPostgres(url);
    try {
      await migrate(db);
      return await measureLawfulDetention(db, full ? 100_000 : 20_000, progress);
    } finally {
      await db.close();
    }
  });
  sections.push(clocksBench({ persons: 100_000, log: progress, lawful, monitor: monitorClockCheck(full ? 1_000_000 : 200_000, progress) }));
  progress('legal clocks measured');
}
if (runs('disclosure')) {
  sections.push(disclosureBench({ log: progress }));
  progress('disclosure control measured');
}
if (runs('information')) {
  sections.push(informationMarkdown(await measureInformationAnswer(progress)));
  progress('information requests measured');
}
if (runs('figures')) {
  const recomputation = measureRecomputation(full ? 1_000_000 : 200_000, progress);
  sections.push(figuresMarkdown(recomputation, await measureDemoSuppression(size('SIJILL_BENCH_DEMO_PERSONS', 2000))));
  progress('figures measured');
}
if (runs('states')) {
  // The states desk and the liaisons at 100,000 persons: on the server when it answers, else on PGlite.
  const statesPersons = size('SIJILL_BENCH_STATES_PERSONS', 100_000);
  const onServer = await withServerDatabase(async (url) => {
    const db = openPostgres(url);
    try {
      await migrate(db);
      const v = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      return await measureStatesDesk(db, `PostgreSQL ${v} (127.0.0.1)`, statesPersons, progress);
    } finally {
      await db.close();
    }
  });
  let states = onServer;
  if (!states) {
    const db = await openPglite();
    await migrate(db);
    try {
      states = await measureStatesDesk(db, 'PGlite 0.5.14 (in-process)', statesPersons, progress);
    } finally {
      await db.close();
    }
  }
  sections.push(statesMarkdown([states]));
  progress('states desk measured');
}
if (runs('web')) {
  sections.push(await webBench());
  progress('web application measured');
}
if (runs('forms')) {
  sections.push(`## Clerk's forms (issue 13)\n\n${admissionFormMarkdown(await measureAdmissionForm())}`);
  progress('admission form measured');
}
if (runs('fuzz')) {
  sections.push(await fuzzBench({ runs: size('SIJILL_BENCH_FUZZ_RUNS', 100), serverUrl: serverAnswers ? serverUrl : null, log: progress }));
  progress('route fuzz measured');
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Benchmarks

Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}.
${revisionMarkdown(atStart, readRevision(root))}
Every figure below comes from one run of that command; the machine was otherwise idle but
shared, so read ratios within a row before absolute times. Any change that can move a figure
reruns the whole bench in the same change.

${sections.map((s) => s.trimEnd()).join('\n\n')}
`;
if (selected.whole) {
  writeFileSync(new URL('../docs/BENCHMARKS.md', import.meta.url), report);
} else {
  progress(`parts run: ${selected.parts.join(', ')} — docs/BENCHMARKS.md is written only by the whole bench (npm run bench), and was left as it was`);
}
console.log(report);
