/**
 * Name-matching bench: recall@1 and recall@10 on every dev round of the alias data
 * (/work/shared/data/names) by subset, for our matcher and two baselines (PostgreSQL
 * pg_trgm similarity on PGlite, and brute-force token best-pair Jaro-Winkler), then
 * speed: queries per second on the dev gallery, per-query latency, build time and
 * memory on a synthetic gallery (1,000,000 names with --full), and our query time
 * against pg_trgm's on the same synthetic names.
 *
 * Ranks are pessimistic: rank = 1 + the number of other candidates scoring at least as
 * much as the right one. Query fields script and arabic_origin are read here, only to
 * form subsets; the matcher sees the name alone.
 *
 * Run: node --import tsx bench/match/run.ts [--full | --synthetic N] [--trigram N] [--no-pg]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NameIndex } from '../../src/match/name-index.ts';
import { JaroWinklerBaseline, TrigramBaseline } from './baselines.ts';
import type { BenchCandidate, BenchEntry } from './baselines.ts';
import { syntheticGallery, syntheticQueries } from './synthetic-names.ts';
import type { SyntheticEntry } from './synthetic-names.ts';

/** Options of {@link runMatchBench}. */
export interface MatchBenchOptions {
  /** Folder with dev-gallery-R.jsonl and dev-queries-R.jsonl. */
  dataDir?: string;
  /** Rounds to evaluate (default 1, 2, x). */
  rounds?: string[];
  /** Names in the synthetic gallery for latency, build time and memory (default 100 000). */
  syntheticNames?: number;
  /** Names of the synthetic gallery loaded into pg_trgm for the time ratio (default 20 000). */
  trigramNames?: number;
  /** Run the pg_trgm baseline (default true). */
  pg?: boolean;
  /** Progress messages (default: stderr). */
  log?: (message: string) => void;
}

/** Recall figures of one method on one subset of one round. */
export interface RecallRow {
  round: string;
  subset: string;
  method: 'ours' | 'jaro-winkler' | 'pg_trgm';
  n: number;
  r1: number;
  r10: number;
}

/** Everything the bench measured. */
export interface MatchBenchResult {
  recall: RecallRow[];
  speed: {
    devQueriesPerSecond: { ours: number; jaroWinkler: number; pgTrgm?: number };
    synthetic: {
      names: number;
      entries: number;
      buildSeconds: number;
      heapMB: number;
      rssMB: number;
      p50ms: number;
      p95ms: number;
      p99ms: number;
      recallAt1: number;
    };
    trigramRatio?: { names: number; oursMs: number; pgTrgmMs: number; ratio: number };
  };
  markdown: string;
}

const SUBSETS = ['all', 'Latin script', 'Arabic script', 'Arabic-origin, Latin script', 'other names'] as const;

interface DevQuery {
  qid: string;
  name: string;
  target: string;
  script: string;
  arabic_origin: boolean;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function subsetsOf(q: DevQuery): string[] {
  const out = ['all'];
  if (q.script === 'latin') out.push('Latin script');
  if (q.script === 'arabic') out.push('Arabic script');
  if (q.script === 'latin' && q.arabic_origin) out.push('Arabic-origin, Latin script');
  if (!q.arabic_origin) out.push('other names');
  return out;
}

/** Pessimistic rank of `target` in a candidate list (Infinity when absent). */
/** Queries per second as a caller sees it: top 10, no explanations, warmed on the first 200, over two seconds. */
export function queriesPerSecond(index: NameIndex, queries: readonly { readonly name: string }[]): number {
  for (const q of queries.slice(0, 200)) index.search({ name: q.name }, { top: 10, explain: false });
  const t0 = performance.now();
  let done = 0;
  while (performance.now() - t0 < 2000) {
    for (const q of queries) index.search({ name: q.name }, { top: 10, explain: false });
    done += queries.length;
  }
  return done / ((performance.now() - t0) / 1000);
}

export function pessimisticRank(candidates: readonly BenchCandidate[], target: string): number {
  const hit = candidates.find((c) => c.id === target);
  if (!hit) return Infinity;
  let rank = 1;
  for (const c of candidates) if (c.id !== target && c.score >= hit.score) rank++;
  return rank;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function getGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

// How deep each method's list goes, so that ties just past rank 10 are seen.
const DEPTH = 30;

/** Run the whole bench. */
export async function runMatchBench(options: MatchBenchOptions = {}): Promise<MatchBenchResult> {
  const dataDir = options.dataDir ?? '/work/shared/data/names';
  const rounds = options.rounds ?? ['1', '2', 'x'];
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const usePg = options.pg ?? true;
  const recall: RecallRow[] = [];
  const speed: MatchBenchResult['speed'] = {
    devQueriesPerSecond: { ours: 0, jaroWinkler: 0 },
    synthetic: { names: 0, entries: 0, buildSeconds: 0, heapMB: 0, rssMB: 0, p50ms: 0, p95ms: 0, p99ms: 0, recallAt1: 0 },
  };

  for (const round of rounds) {
    const gallery = readJsonl<BenchEntry & { nationalities?: string[]; dob?: unknown[] }>(join(dataDir, `dev-gallery-${round}.jsonl`));
    const queries = readJsonl<DevQuery>(join(dataDir, `dev-queries-${round}.jsonl`));
    log(`round ${round}: ${gallery.length} entries, ${queries.length} queries`);
    const index = new NameIndex();
    for (const e of gallery) index.add(e.id, e.names);
    const methods: Array<{ method: RecallRow['method']; search: (name: string) => Promise<BenchCandidate[]> | BenchCandidate[] }> = [
      { method: 'ours', search: (name) => index.search({ name }, { top: DEPTH, explain: false }).candidates },
    ];
    const jw = new JaroWinklerBaseline(gallery);
    methods.push({ method: 'jaro-winkler', search: (name) => jw.search(name, DEPTH) });
    let trgm: TrigramBaseline | undefined;
    if (usePg) {
      trgm = await TrigramBaseline.create(gallery);
      const t = trgm;
      methods.push({ method: 'pg_trgm', search: (name) => t.search(name, DEPTH) });
    }
    for (const { method, search } of methods) {
      const counts = new Map<string, { n: number; r1: number; r10: number }>();
      const t0 = performance.now();
      for (const q of queries) {
        const rank = pessimisticRank(await search(q.name), q.target);
        for (const s of subsetsOf(q)) {
          const c = counts.get(s) ?? { n: 0, r1: 0, r10: 0 };
          c.n++;
          if (rank <= 1) c.r1++;
          if (rank <= 10) c.r10++;
          counts.set(s, c);
        }
      }
      const qps = queries.length / ((performance.now() - t0) / 1000);
      if (round === rounds[0]) {
        if (method === 'jaro-winkler') speed.devQueriesPerSecond.jaroWinkler = qps;
        if (method === 'pg_trgm') speed.devQueriesPerSecond.pgTrgm = qps;
      }
      for (const subset of SUBSETS) {
        const c = counts.get(subset);
        if (c) recall.push({ round, subset, method, n: c.n, r1: c.r1 / c.n, r10: c.r10 / c.n });
      }
      log(`  ${method}: R@1 ${(counts.get('all')!.r1 / queries.length).toFixed(3)} R@10 ${(counts.get('all')!.r10 / queries.length).toFixed(3)}`);
    }
    await trgm?.close();
    if (round === rounds[0]) {
      speed.devQueriesPerSecond.ours = queriesPerSecond(index, queries);
    }
  }

  // Synthetic gallery: build time, memory, latency.
  const size = options.syntheticNames ?? 100_000;
  log(`synthetic gallery: ${size} names`);
  const gc = getGc();
  gc?.();
  const before = process.memoryUsage();
  const sample: SyntheticEntry[] = [];
  const trigramNames = options.trigramNames ?? 20_000;
  const trigramEntries: SyntheticEntry[] = [];
  let trigramCount = 0;
  const index = new NameIndex();
  let entries = 0;
  let buildMs = 0;
  for (const e of syntheticGallery(size)) {
    const t = performance.now();
    index.add(e.id, e.names);
    buildMs += performance.now() - t;
    entries++;
    if (entries % 97 === 0) sample.push(e);
    if (trigramCount < trigramNames) {
      trigramEntries.push(e);
      trigramCount += e.names.length;
    }
  }
  gc?.();
  const after = process.memoryUsage();
  const queries = syntheticQueries(sample, 2000);
  for (const q of queries.slice(0, 100)) index.search({ name: q.name }, { top: 10 });
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    const res = index.search({ name: q.name }, { top: 10 });
    times.push(performance.now() - t);
    if (pessimisticRank(res.candidates, q.target) <= 1) hits++;
  }
  times.sort((a, b) => a - b);
  speed.synthetic = {
    names: index.nameCount,
    entries,
    buildSeconds: buildMs / 1000,
    heapMB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssMB: (after.rss - before.rss) / 2 ** 20,
    p50ms: percentile(times, 50),
    p95ms: percentile(times, 95),
    p99ms: percentile(times, 99),
    recallAt1: hits / queries.length,
  };
  log(`  build ${speed.synthetic.buildSeconds.toFixed(1)} s, p95 ${speed.synthetic.p95ms.toFixed(2)} ms`);

  if (usePg) {
    // Time ratio against pg_trgm on the same (smaller) synthetic gallery.
    const small = new NameIndex();
    for (const e of trigramEntries) small.add(e.id, e.names);
    const trgm = await TrigramBaseline.create(trigramEntries);
    const qs = syntheticQueries(trigramEntries, 300, 11);
    for (const q of qs.slice(0, 20)) {
      small.search({ name: q.name }, { top: 10 });
      await trgm.search(q.name, 10);
    }
    let t = performance.now();
    for (const q of qs) small.search({ name: q.name }, { top: 10 });
    const oursMs = (performance.now() - t) / qs.length;
    t = performance.now();
    for (const q of qs) await trgm.search(q.name, 10);
    const pgTrgmMs = (performance.now() - t) / qs.length;
    await trgm.close();
    speed.trigramRatio = { names: small.nameCount, oursMs, pgTrgmMs, ratio: oursMs / pgTrgmMs };
  }

  return { recall, speed, markdown: toMarkdown(recall, speed, rounds) };
}

function pct(x: number | undefined): string {
  return x === undefined ? '–' : x.toFixed(3);
}

function toMarkdown(recall: RecallRow[], speed: MatchBenchResult['speed'], rounds: string[]): string {
  const lines: string[] = [];
  lines.push('### Name matching (src/match)', '');
  lines.push('Recall on the dev rounds of the alias data, pessimistic ties (R@1 / R@10).', '');
  lines.push('| round | subset | n | ours | pg_trgm | Jaro-Winkler |');
  lines.push('| --- | --- | ---: | --- | --- | --- |');
  for (const round of rounds) {
    for (const subset of SUBSETS) {
      const get = (m: RecallRow['method']): RecallRow | undefined => recall.find((r) => r.round === round && r.subset === subset && r.method === m);
      const ours = get('ours');
      if (!ours) continue;
      const cell = (r: RecallRow | undefined): string => (r ? `${pct(r.r1)} / ${pct(r.r10)}` : '–');
      lines.push(`| ${round} | ${subset} | ${ours.n} | ${cell(ours)} | ${cell(get('pg_trgm'))} | ${cell(get('jaro-winkler'))} |`);
    }
  }
  const s = speed.synthetic;
  lines.push('', '| speed | figure |', '| --- | --- |');
  lines.push(`| queries/s, dev gallery round ${rounds[0]} (ours, top 10) | ${speed.devQueriesPerSecond.ours.toFixed(0)} |`);
  lines.push(`| queries/s, same (Jaro-Winkler brute force) | ${speed.devQueriesPerSecond.jaroWinkler.toFixed(0)} |`);
  if (speed.devQueriesPerSecond.pgTrgm !== undefined) lines.push(`| queries/s, same (pg_trgm on PGlite, GiST <->) | ${speed.devQueriesPerSecond.pgTrgm.toFixed(0)} |`);
  lines.push(`| synthetic gallery | ${s.names} names, ${s.entries} entries |`);
  lines.push(`| index build | ${s.buildSeconds.toFixed(1)} s |`);
  lines.push(`| memory after build (heap / RSS growth) | ${s.heapMB.toFixed(0)} MB / ${s.rssMB.toFixed(0)} MB |`);
  lines.push(`| latency per query p50 / p95 / p99 | ${s.p50ms.toFixed(2)} / ${s.p95ms.toFixed(2)} / ${s.p99ms.toFixed(2)} ms |`);
  lines.push(`| synthetic respelled queries, R@1 (sanity) | ${s.recallAt1.toFixed(3)} |`);
  if (speed.trigramRatio) {
    const t = speed.trigramRatio;
    lines.push(`| ours vs pg_trgm per query, ${t.names} synthetic names | ${t.oursMs.toFixed(2)} ms vs ${t.pgTrgmMs.toFixed(2)} ms (ratio ${t.ratio.toFixed(2)}) |`);
  }
  return lines.join('\n');
}

/** The bench as markdown, for the project bench. */
export async function matchBenchMarkdown(options: MatchBenchOptions = {}): Promise<string> {
  return (await runMatchBench(options)).markdown;
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const synthetic = args.includes('--full') ? 1_000_000 : Number(argValue(args, '--synthetic') ?? 100_000);
  const trigram = Number(argValue(args, '--trigram') ?? 20_000);
  const result = await runMatchBench({ syntheticNames: synthetic, trigramNames: trigram, pg: !args.includes('--no-pg') });
  process.stdout.write(`${result.markdown}\n`);
}
