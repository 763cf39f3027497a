/**
 * `npm run bench`: measures the figures each issue names and writes docs/BENCHMARKS.md.
 * SIJILL_BENCH_PERSONS (default 10000) sets the admission run's size; the PostgreSQL server
 * is measured when SIJILL_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * answers. SIJILL_BENCH_FULL=true runs the national-scale parts (1,000,000 names, 1,000,000
 * leaves); SIJILL_BENCH_NAMES (default ../shared/data/names) is the alias data.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { createScratchDatabase } from '../src/store/scratch-database.ts';
import { measureAdmissions, type AdmissionFigures } from './core-bench.ts';
import { measureStartup } from './startup-bench.ts';
import { ledgerBench } from './ledger-bench.ts';
import { matchBenchMarkdown } from './match/run.ts';
import { measureRollCall, rollCallMarkdown, type RollCallFigures } from './rollcall-bench.ts';
import { transferBench } from './transfer-bench.ts';
import { webBench } from './web-bench.ts';

const persons = Number(process.env.SIJILL_BENCH_PERSONS ?? 10_000);
const serverUrl = process.env.SIJILL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const full = process.env.SIJILL_BENCH_FULL === 'true';
const namesDir = process.env.SIJILL_BENCH_NAMES ?? new URL('../../shared/data/names', import.meta.url).pathname;
const progress = (message: string) => console.error(message);

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

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
const admissionRow = (f: AdmissionFigures) =>
  `| ${f.backend} | ${f.persons.toLocaleString('en')} | ${f.events.toLocaleString('en')} | ${f.commandSeconds.toFixed(2)} s | **${rate(f.persons, f.commandSeconds)}** | ${rate(f.events, f.commandSeconds)} | ${f.floorSeconds.toFixed(2)} s | ${(f.commandSeconds / f.floorSeconds).toFixed(1)}× |`;

const figures: AdmissionFigures[] = [];
const lite = await openPglite();
await migrate(lite);
figures.push(await measureAdmissions(lite, 'PGlite 0.5.14 (in-process)', persons));
await lite.close();
console.error('admissions on PGlite measured');
const server = await withServerDatabase(async (url) => {
  const db = openPostgres(url);
  try {
    await migrate(db);
    const v = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    return await measureAdmissions(db, `PostgreSQL ${v} (127.0.0.1)`, persons);
  } finally {
    await db.close();
  }
});
if (server) figures.push(server);
console.error('admissions on PostgreSQL measured');
const rollCalls: RollCallFigures[] = [];
{
  const db = await openPglite();
  await migrate(db);
  rollCalls.push(await measureRollCall(db, 'PGlite 0.5.14 (in-process)', 10_000));
  await db.close();
}
const serverRollCall = await withServerDatabase(async (url) => {
  const db = openPostgres(url);
  try {
    await migrate(db);
    const v = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    return await measureRollCall(db, `PostgreSQL ${v} (127.0.0.1)`, 10_000);
  } finally {
    await db.close();
  }
});
if (serverRollCall) rollCalls.push(serverRollCall);
progress('roll calls measured');
const transfers = server
  ? await transferBench(serverUrl, { registerSize: Number(process.env.SIJILL_BENCH_REGISTER ?? 100_000), manifest: 7_000, log: progress })
  : '## Transfers (issue 5)\n\nThe PostgreSQL server did not answer in this run: the 7,000-person manifest is measured on PostgreSQL only.\n';
progress('transfers measured');
const web = await webBench();
progress('web application measured');
const startup = await measureStartup();
const serverAnswers = server !== null;
const ledger = await ledgerBench({ serverUrl: serverAnswers ? serverUrl : null, progress, ...(full ? { proofLeaves: 1_000_000, monitorLogEvents: 1_000_000 } : {}) });
const matching = await matchBenchMarkdown({ dataDir: namesDir, syntheticNames: full ? 1_000_000 : 100_000, log: progress });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Benchmarks

Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}.
Every figure below comes from one run of that command; the machine was otherwise idle but
shared, so read ratios within a row before absolute times.

## Register core (issue 2)

### Admissions through the full command path

Each admission is one row of an intake batch command (1,000 rows per command and
transaction): register the person with two or three name records, admit them with every
STANDARDS A item, open their follow-up tasks — through the write path (lock, load, decide,
canonical bytes and leaf hash per event, per-person chain links, append, projections,
idempotency record, commit). The floor writes the same person, name and admission rows with
a raw \`INSERT … SELECT unnest(…)\` into copies of the same tables, in the same database, in
the same run.

| backend | persons | events | command path | admissions/s | events/s | raw unnest floor | command ÷ floor |
| --- | --- | --- | --- | --- | --- | --- | --- |
${figures.map(admissionRow).join('\n')}

Goal: ≥ 2,000 admissions/s on PostgreSQL and within 10× of the floor.
${server ? '' : '\nThe PostgreSQL server did not answer in this run: its row is missing.\n'}
### Start-up

\`node bin/sijill.js serve --demo\` on an empty data folder (what \`npm start\` runs after
\`npm ci\`) until the first HTTP 200 from \`/api/health\` with the demo register loaded:
**${startup.firstOkSeconds.toFixed(1)} s** (the server listens only once the 2,000 demo persons are loaded). Goal ≤ 15 s.

${ledger}

## Identity resolution (issue 4)

${matching}

${transfers}
${rollCallMarkdown(rollCalls)}
${web}`;
writeFileSync(new URL('../docs/BENCHMARKS.md', import.meta.url), report);
console.log(report);
