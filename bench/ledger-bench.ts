/**
 * Issue 3 figures, as a markdown section for docs/BENCHMARKS.md:
 *
 * - sustained appends through `appendEvents` with the Merkle tree grown in the same
 *   transaction, against the same events appended with the tree step skipped, in events per
 *   second, on PGlite and on PostgreSQL;
 * - inclusion and consistency proof generation from the database at 1,000,000 leaves (a tree
 *   built directly from synthetic leaf hashes), p50 and p99, through the tree reader the log
 *   routes use, and over HTTP from those routes;
 * - a monitor catching up from nothing over the tile endpoints: hashes only at 1,000,000
 *   leaves, and with every entry read and checked (leaf hashes, chains) at the appended size,
 *   with the rate projected to 1,000,000.
 *
 * Sizes: SIJILL_BENCH_LOG_EVENTS (appends and monitored entries, default 100,000) and
 * SIJILL_BENCH_PROOF_LEAVES (default 1,000,000).
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { NewEvent } from '../src/domain/events.ts';
import { ed25519NoteSigner, ed25519VerifierKeyOf, generateEd25519NoteKey } from '../src/ledger/signed-note.ts';
import { signLatestCheckpoint } from '../src/store/checkpoints.ts';
import type { Database } from '../src/store/database.ts';
import { appendEvents } from '../src/store/event-log.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { createScratchDatabase } from '../src/store/scratch-database.ts';
import { growTree, treeReader } from '../src/store/tree-store.ts';
import { startLogServer } from '../test/support/log-server.ts';

export interface LedgerBenchOptions {
  /** Admin URL of a PostgreSQL server to create scratch databases on; null: PGlite only. */
  readonly serverUrl?: string | null;
  readonly events?: number;
  readonly proofLeaves?: number;
  /** Also build a log of this many events on PostgreSQL and time the monitor over all of it. */
  readonly monitorLogEvents?: number;
  readonly progress?: (message: string) => void;
}

interface Backend {
  readonly label: string;
  open(): Promise<{ db: Database; drop(): Promise<void> }>;
}

function backends(serverUrl: string | null | undefined): Backend[] {
  const list: Backend[] = [
    {
      label: 'PGlite 0.5.14 (in-process)',
      async open() {
        const db = await openPglite();
        await migrate(db);
        return { db, drop: () => db.close() };
      },
    },
  ];
  if (serverUrl) {
    list.push({
      label: 'PostgreSQL (127.0.0.1)',
      async open() {
        const scratch = await createScratchDatabase(serverUrl, 'sijill_lbench');
        const db = openPostgres(scratch.url);
        await migrate(db);
        return {
          db,
          async drop() {
            await db.close();
            await scratch.drop();
          },
        };
      },
    });
  }
  return list;
}

/** Whether a PostgreSQL server answers at `url`. */
async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// About 1.5 KB of canonical JSON per event: the demo register's average.
const reason = 'Transferred to the unit named in the order after the medical examination; escort of two officers; property list checked and signed. '.repeat(9);

/** N movement events over N/4 fictional persons, in a fixed pseudo-random order. */
function syntheticEvents(n: number): NewEvent[] {
  return eventSource(n)(n);
}

/** The same sequence, handed out a batch at a time: each call gives the next `count` events. */
function eventSource(n: number): (count: number) => NewEvent[] {
  const persons = Array.from({ length: Math.max(1, Math.floor(n / 4)) }, () => randomUUID());
  const facility = randomUUID();
  let seed = 7;
  let i = 0;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return (count) =>
    Array.from({ length: count }, () => ({
      kind: 'person.moved' as const,
      person_id: persons[next() % persons.length]!,
      occurred_at: new Date(Date.UTC(2025, 0, 1) + i++ * 60_000).toISOString(),
      data: { facility_id: facility, from_unit_id: randomUUID(), unit_id: randomUUID(), reason },
    }));
}

/**
 * The monitor over a whole log of `n` events, measured rather than projected: the log is
 * appended through `appendEvents` with its tree in transactions of 1,000 (generated batch by
 * batch), then a monitor catches up on every entry from nothing.
 */
async function monitorWholeLog(backend: Backend, n: number, progress: (m: string) => void): Promise<{ appendSeconds: number; monitorSeconds: number }> {
  const log = await backend.open();
  try {
    const batchOf = eventSource(n);
    const started = performance.now();
    for (let i = 0; i < n; i += 1000) {
      const slice = batchOf(Math.min(1000, n - i));
      await log.db.transaction((tx) => appendEvents(tx, slice, { actor: 'bench', idempotencyKey: randomUUID(), recordedAt: new Date().toISOString() }));
      if ((i + 1000) % 100_000 === 0) progress(`${backend.label}: log of ${i + 1000} events`);
    }
    const appendSeconds = (performance.now() - started) / 1000;
    const seconds = await monitorSeconds(log.db, false);
    progress(`${backend.label}: monitor read all ${n} entries in ${seconds.toFixed(1)} s`);
    return { appendSeconds, monitorSeconds: seconds };
  } finally {
    await log.drop();
  }
}

/**
 * Appends the same events to two databases, one with the tree and one without, batch by batch
 * in alternating order, so warm-up and a busy machine weigh on both alike.
 */
async function appendBoth(withTree: Database, withoutTree: Database, events: readonly NewEvent[]): Promise<{ withTree: number; withoutTree: number }> {
  const batch = 1000;
  const spent = { withTree: 0, withoutTree: 0 };
  const append = async (db: Database, tree: boolean, slice: readonly NewEvent[]) => {
    const started = performance.now();
    await db.transaction((tx) => appendEvents(tx, slice, { actor: 'bench', idempotencyKey: randomUUID(), recordedAt: new Date().toISOString() }, { tree }));
    spent[tree ? 'withTree' : 'withoutTree'] += (performance.now() - started) / 1000;
  };
  for (let i = 0; i < events.length; i += batch) {
    const slice = events.slice(i, i + batch);
    const order: [Database, boolean][] = [[withTree, true], [withoutTree, false]];
    if ((i / batch) % 2 === 1) order.reverse();
    for (const [db, tree] of order) await append(db, tree, slice);
  }
  return spent;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(samples: number, work: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/**
 * The log routes served from `db` as monitors reach them: entry requests are an auditor's
 * (every read of entries is audited, as on the real server), through the tests' log server.
 */
const serve = (db: Database) => startLogServer(db);

/** Runs bench/monitor-child.ts with `input` and returns what it printed, parsed. */
async function outside<T>(input: unknown): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./monitor-child.ts', import.meta.url)), JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`the child process failed: ${out}`);
  return JSON.parse(out) as T;
}

/**
 * The same proofs asked over HTTP from the log routes served from `db`, by a client
 * (`LogClient`, as monitors and witnesses use) in a process of its own.
 */
async function httpProofs(db: Database, leaves: number): Promise<{ httpInclusion: Latency; httpConsistency: Latency }> {
  const server = await serve(db);
  try {
    const { inclusion, consistency } = await outside<{ inclusion: Latency; consistency: Latency }>({ proofs: { url: server.url, size: leaves, samples: 2000, warmup: 300 } });
    return { httpInclusion: inclusion, httpConsistency: consistency };
  } finally {
    await server.close();
  }
}

/** Runs a monitor from an empty state against the log served from `db`, in a child process. */
async function monitorSeconds(db: Database, hashesOnly: boolean): Promise<number> {
  const origin = 'bench.example/log';
  const { signerKey } = generateEd25519NoteKey(origin);
  await signLatestCheckpoint(db, ed25519NoteSigner(signerKey), origin);
  const server = await serve(db);
  const state = mkdtempSync(join(tmpdir(), 'sijill-bench-monitor-'));
  try {
    const options = { url: server.url, stateDir: state, verifierKey: ed25519VerifierKeyOf(signerKey), hashesOnly };
    return (await outside<{ seconds: number }>(options)).seconds;
  } finally {
    await server.close();
    rmSync(state, { recursive: true, force: true });
  }
}

interface Latency {
  p50: number;
  p99: number;
}

interface Figures {
  label: string;
  events: number;
  withTree: number;
  withoutTree: number;
  monitorEntries: number;
  proofs: { inclusion: Latency; consistency: Latency; httpInclusion: Latency; httpConsistency: Latency; buildSeconds: number };
  monitorHashes: number;
}

async function measure(backend: Backend, events: readonly NewEvent[], leaves: number, progress: (m: string) => void): Promise<Figures> {
  const plain = await backend.open();
  const full = await backend.open();
  let withTree: number;
  let withoutTree: number;
  let monitorEntries: number;
  try {
    ({ withTree, withoutTree } = await appendBoth(full.db, plain.db, events));
    progress(`${backend.label}: ${events.length} appends in ${withTree.toFixed(1)} s with the tree, ${withoutTree.toFixed(1)} s without`);
    monitorEntries = await monitorSeconds(full.db, false);
    progress(`${backend.label}: monitor read ${events.length} entries in ${monitorEntries.toFixed(1)} s`);
  } finally {
    await plain.drop();
    await full.drop();
  }

  const big = await backend.open();
  try {
    const started = performance.now();
    const chunk = 65_536;
    for (let start = 0; start < leaves; start += chunk) {
      const hashes = Array.from({ length: Math.min(chunk, leaves - start) }, (_, i) => createHash('sha256').update(`leaf ${start + i}`).digest());
      await big.db.transaction((tx) => growTree(tx, start, hashes));
    }
    const buildSeconds = (performance.now() - started) / 1000;
    progress(`${backend.label}: ${leaves}-leaf tree stored in ${buildSeconds.toFixed(1)} s`);
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    // The reader the log routes answer proofs with (it keeps the tree's levels 8 and up once
    // read). Warm the connection, the plan and the reader first: the figures are for a
    // running server.
    const reader = treeReader(big.db);
    await timed(300, () => reader.inclusion(next() % leaves, leaves));
    await timed(300, () => reader.consistency(1 + (next() % (leaves - 1)), leaves));
    const inclusion = await timed(2000, () => reader.inclusion(next() % leaves, leaves));
    const consistency = await timed(2000, () => reader.consistency(1 + (next() % (leaves - 1)), leaves));
    const { httpInclusion, httpConsistency } = await httpProofs(big.db, leaves);
    progress(`${backend.label}: proofs p99 ${ms(inclusion.p99)} / ${ms(consistency.p99)}, over HTTP ${ms(httpInclusion.p99)} / ${ms(httpConsistency.p99)}`);
    const monitorHashes = await monitorSeconds(big.db, true);
    progress(`${backend.label}: monitor read ${leaves} leaf hashes in ${monitorHashes.toFixed(1)} s`);
    return { label: backend.label, events: events.length, withTree, withoutTree, monitorEntries, proofs: { inclusion, consistency, httpInclusion, httpConsistency, buildSeconds }, monitorHashes };
  } finally {
    await big.drop();
  }
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Run the issue 3 measurements and return them as markdown. */
export async function ledgerBench(options: LedgerBenchOptions = {}): Promise<string> {
  const n = options.events ?? Number(process.env.SIJILL_BENCH_LOG_EVENTS ?? 100_000);
  const leaves = options.proofLeaves ?? Number(process.env.SIJILL_BENCH_PROOF_LEAVES ?? 1_000_000);
  const progress = options.progress ?? ((m: string) => console.error(m));
  const serverUrl = options.serverUrl && (await reachable(options.serverUrl)) ? options.serverUrl : null;
  const events = syntheticEvents(n);
  const figures: Figures[] = [];
  for (const backend of backends(serverUrl)) figures.push(await measure(backend, events, leaves, progress));
  const server = backends(serverUrl)[1];
  const whole = options.monitorLogEvents && server ? { events: options.monitorLogEvents, ...(await monitorWholeLog(server, options.monitorLogEvents, progress)) } : null;

  const million = 1_000_000;
  return `## Transparency log (issue 3)

### Sustained appends, with and without the Merkle tree

${n.toLocaleString('en')} events of about 1.5 KB (the demo register's average) appended through
\`appendEvents\` in transactions of 1,000: canonical bytes, leaf hashes, per-person chains,
one insert — and, with the tree, the right frontier read and every new complete subtree
inserted in the same transaction. "Without" appends the same events with the tree step
skipped (an option that exists for this measurement only) to a second database, batch by
batch in alternating order with the first, so warm-up and a busy machine weigh on both alike.

| backend | with tree | without tree | tree's share of the append |
| --- | --- | --- | --- |
${figures.map((f) => `| ${f.label} | **${rate(f.events, f.withTree)} events/s** | ${rate(f.events, f.withoutTree)} events/s | ${Math.round((100 * (f.withTree - f.withoutTree)) / f.withTree)}% |`).join('\n')}

### Proofs from the database at ${leaves.toLocaleString('en')} leaves

A tree of ${leaves.toLocaleString('en')} synthetic leaf hashes stored as the log stores it
(${(2 * leaves).toLocaleString('en')} − popcount complete-subtree rows); 2,000 inclusion
proofs of random leaves and 2,000 consistency proofs from random sizes to the full tree,
after 600 to warm up, through the tree reader the log routes answer with: the hashes of
level 8 and up are kept in memory once read, so each proof is at most one query, for the
hashes below level 8. Timed from the call to the assembled proof; "over HTTP" is the same from
a client (\`LogClient\`, in a process of its own) of the log routes served by Fastify on
127.0.0.1, JSON included.

| backend | inclusion p50 | inclusion p99 | consistency p50 | consistency p99 | over HTTP, p99 inclusion / consistency | tree stored in |
| --- | --- | --- | --- | --- | --- | --- |
${figures.map((f) => `| ${f.label} | ${ms(f.proofs.inclusion.p50)} | **${ms(f.proofs.inclusion.p99)}** | ${ms(f.proofs.consistency.p50)} | **${ms(f.proofs.consistency.p99)}** | ${ms(f.proofs.httpInclusion.p99)} / ${ms(f.proofs.httpConsistency.p99)} | ${f.proofs.buildSeconds.toFixed(1)} s |`).join('\n')}

### A monitor catching up from nothing over the tile endpoints

A monitor (\`runMonitor\`, in a process of its own) against the log routes served by Fastify
on 127.0.0.1 from the database, starting from an empty state: fetch and verify the checkpoint, every level-0 hash tile, rebuild the root. "With
entries" also fetches every entry bundle, hashes every entry against its leaf and follows
every person's chain; it ran at ${n.toLocaleString('en')} entries, and the 1,000,000 figure is
that rate projected linearly.${whole ? ` On PostgreSQL it was also measured over a whole log of ${whole.events.toLocaleString('en')} events
(appended through \`appendEvents\` with the tree in ${whole.appendSeconds.toFixed(0)} s, about ${(whole.events * 1.5 / 1024 / 1024).toFixed(1)} GB of entries):
**${whole.monitorSeconds.toFixed(1)} s** to fetch, hash and check every entry and chain.` : ''}

| backend | hashes only, ${leaves.toLocaleString('en')} leaves | with entries, ${n.toLocaleString('en')} entries | with entries, projected to ${million.toLocaleString('en')} |
| --- | --- | --- | --- |
${figures.map((f) => `| ${f.label} | **${f.monitorHashes.toFixed(1)} s** | ${f.monitorEntries.toFixed(1)} s | **${((f.monitorEntries * million) / f.events).toFixed(0)} s** |`).join('\n')}
`;
}
