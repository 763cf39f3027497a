/**
 * Identity with evidence (issue 12): how the matcher's scores read as probabilities.
 *
 * On the evidence round (dev-queries-e against dev-gallery-1, clusters dev-clusters-1):
 * - the share of namesake queries whose best candidate is their namesake scored as a
 *   likely duplicate (at least {@link LIKELY});
 * - same-person R@1 (a candidate in the target's cluster is a hit; rank = 1 + wrong
 *   candidates scoring at least the best right one, pessimistic ties);
 * - expected calibration error of the best candidate's score (10 equal-width bins;
 *   outcome 1 when the best candidate is a hit for a same-person query, 0 otherwise and
 *   always 0 for a namesake query), and how many scores fall outside [0, 1].
 * And on the name-only rounds 1, 2 and x: R@1 with clusters; queries/s on round 1 (top 10).
 * The best candidates' scores are also set beside how often they are right for each kind of
 * query (namesakes; same-person queries by the evidence they carry): where the calibration
 * error comes from.
 *
 * Truth (target, truth, namesake_of, clusters) is read here only: the matcher is given each
 * query's name, dob and nationalities, through the same reading as `sijill match`.
 *
 * Run: node --import tsx bench/match/evidence.ts [--data DIR]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NameIndex } from '../../src/match/name-index.ts';
import type { MatchParameters, NameQuery } from '../../src/match/name-index.ts';
import type { DateOfBirth } from '../../src/match/dates.ts';
import { queryOf } from '../../src/match/evaluate.ts';
import { defaultMatchThresholds } from '../../src/config.ts';
import { queriesPerSecond } from './run.ts';

/** The score the register calls a likely duplicate (the default of SIJILL_MATCH_LIKELY). */
export const LIKELY = defaultMatchThresholds.likely;
const DEPTH = 30;

interface GalleryLine {
  id: string;
  names: string[];
  nationalities?: string[];
  dob?: DateOfBirth[];
}

interface QueryLine {
  qid: string;
  name: string;
  dob?: unknown;
  nationalities?: unknown;
  target?: string | null;
  truth?: string;
  namesake_of?: string;
}

export interface EvidenceFigures {
  namesakes: number;
  namesakesLikely: number;
  sameQueries: number;
  sameR1: number;
  ece: number;
  outside: number;
  scores: number;
  rounds: Record<string, { n: number; r1: number }>;
  queriesPerSecond: number;
  reliability: Array<{ bin: string; n: number; meanScore: number; hitRate: number }>;
  /** By kind of query: how many, the best candidate's mean score, how often it is right, and the share of the calibration error that kind's gap makes. */
  byKind: KindCalibration[];
}

/** The best candidates of one kind of query: their mean score against how often they are right. */
export interface KindCalibration {
  kind: string;
  n: number;
  meanScore: number;
  hitRate: number;
  /** (mean score − share right) × n / all queries: what the kind adds to a one-bin calibration error (signed). */
  gap: number;
}

/** The kinds of query of the evidence round, in the order shown. */
export const QUERY_KINDS = ['namesake', 'same person, date and nationality', 'same person, date only', 'same person, nationality only', 'same person, neither'] as const;

/** The kind of a query line: a namesake, or a same-person query by the evidence it carries. */
export function queryKind(q: { truth?: string; dob?: unknown; nationalities?: unknown }): (typeof QUERY_KINDS)[number] {
  if (q.truth === 'namesake') return 'namesake';
  const has = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '');
  const dob = has(q.dob);
  const nat = has(q.nationalities);
  return dob && nat ? 'same person, date and nationality' : dob ? 'same person, date only' : nat ? 'same person, nationality only' : 'same person, neither';
}

/** {@link KindCalibration} of each kind met, in {@link QUERY_KINDS} order. */
export function calibrationByKind(pairs: ReadonlyArray<{ kind: string; score: number; outcome: 0 | 1 }>): KindCalibration[] {
  const out: KindCalibration[] = [];
  for (const kind of QUERY_KINDS) {
    const mine = pairs.filter((p) => p.kind === kind);
    if (mine.length === 0) continue;
    const meanScore = mine.reduce((a, p) => a + p.score, 0) / mine.length;
    const hitRate = mine.reduce((a, p) => a + p.outcome, 0) / mine.length;
    out.push({ kind, n: mine.length, meanScore, hitRate, gap: ((meanScore - hitRate) * mine.length) / pairs.length });
  }
  return out;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** What the matcher may see of a query line (name, dob, nationalities), read as `sijill match` reads it. */
function matcherQuery(q: QueryLine): NameQuery {
  return queryOf({ dob: q.dob, nationalities: q.nationalities }, q.name);
}

/** Rank of the best candidate in `hits` (Infinity when none is listed), pessimistic ties. */
export function clusterRank(candidates: ReadonlyArray<{ id: string; score: number }>, hits: ReadonlySet<string>): number {
  let best = -Infinity;
  for (const c of candidates) if (hits.has(c.id) && c.score > best) best = c.score;
  if (best === -Infinity) return Infinity;
  let rank = 1;
  for (const c of candidates) if (!hits.has(c.id) && c.score >= best) rank++;
  return rank;
}

/** The gallery ids that count as the target: its cluster, or itself. */
function hitsOf(target: string, clusters: Record<string, string>): Set<string> {
  const cluster = clusters[target];
  if (cluster === undefined) return new Set([target]);
  const out = new Set<string>();
  for (const [id, c] of Object.entries(clusters)) if (c === cluster) out.add(id);
  out.add(target);
  return out;
}

/** Expected calibration error over 10 equal-width bins, and the reliability table. */
export function calibration(pairs: ReadonlyArray<{ score: number; outcome: 0 | 1 }>): { ece: number; bins: EvidenceFigures['reliability'] } {
  const n = new Array<number>(10).fill(0);
  const sum = new Array<number>(10).fill(0);
  const pos = new Array<number>(10).fill(0);
  for (const { score, outcome } of pairs) {
    const b = Math.min(9, Math.max(0, Math.floor(score * 10)));
    n[b]!++;
    sum[b]! += score;
    pos[b]! += outcome;
  }
  let ece = 0;
  const bins: EvidenceFigures['reliability'] = [];
  for (let b = 0; b < 10; b++) {
    if (n[b] === 0) continue;
    const mean = sum[b]! / n[b]!;
    const rate = pos[b]! / n[b]!;
    ece += (n[b]! / pairs.length) * Math.abs(mean - rate);
    bins.push({ bin: `${(b / 10).toFixed(1)}–${((b + 1) / 10).toFixed(1)}`, n: n[b]!, meanScore: mean, hitRate: rate });
  }
  return { ece, bins };
}

let estimate = process.env.SIJILL_MATCH_ESTIMATE !== 'false';
let estimateMs = 0;
let lastParameters: MatchParameters | undefined;

function buildIndex(gallery: readonly GalleryLine[], withEvidence: boolean): NameIndex {
  const index = new NameIndex();
  for (const e of gallery) index.add(e.id, e.names, withEvidence ? { nationalities: e.nationalities ?? [], dob: e.dob ?? [] } : {});
  // As `sijill match` does: the model's parameters estimated from the gallery itself.
  if (estimate) {
    const t0 = performance.now();
    const p = index.estimateParameters();
    estimateMs = performance.now() - t0;
    lastParameters = p;
  }
  return index;
}

/** Measure everything on the dev data in `dataDir`. */
export function evidenceBench(dataDir = '/work/shared/data/names'): EvidenceFigures {
  const rounds: EvidenceFigures['rounds'] = {};
  let speed = 0;
  for (const r of ['1', '2', 'x']) {
    const gallery = readJsonl<GalleryLine>(join(dataDir, `dev-gallery-${r}.jsonl`));
    const queries = readJsonl<QueryLine>(join(dataDir, `dev-queries-${r}.jsonl`));
    const clusters = JSON.parse(readFileSync(join(dataDir, `dev-clusters-${r}.json`), 'utf8')) as Record<string, string>;
    // The name-only rounds as `sijill match` runs them: the gallery with its evidence, queries by name.
    const index = buildIndex(gallery, true);
    let r1 = 0;
    for (const q of queries) {
      const res = index.search({ name: q.name }, { top: DEPTH, explain: false });
      if (clusterRank(res.candidates, hitsOf(q.target as string, clusters)) <= 1) r1++;
    }
    rounds[r] = { n: queries.length, r1: r1 / queries.length };
    if (r === '1') speed = queriesPerSecond(index, queries);
  }

  const gallery = readJsonl<GalleryLine>(join(dataDir, 'dev-gallery-1.jsonl'));
  const queries = readJsonl<QueryLine>(join(dataDir, 'dev-queries-e.jsonl'));
  const clusters = JSON.parse(readFileSync(join(dataDir, 'dev-clusters-1.json'), 'utf8')) as Record<string, string>;
  const index = buildIndex(gallery, true);
  let namesakes = 0;
  let namesakesLikely = 0;
  let sameQueries = 0;
  let sameR1 = 0;
  let outside = 0;
  let scores = 0;
  const pairs: Array<{ kind: string; score: number; outcome: 0 | 1 }> = [];
  for (const q of queries) {
    const res = index.search(matcherQuery(q), { top: DEPTH, explain: false });
    for (const c of res.candidates) {
      scores++;
      if (!(c.score >= 0 && c.score <= 1)) outside++;
    }
    const best = res.candidates[0];
    if (q.truth === 'namesake') {
      namesakes++;
      const own = hitsOf(q.namesake_of as string, clusters);
      if (best && own.has(best.id) && best.score >= LIKELY) namesakesLikely++;
      if (best) pairs.push({ kind: queryKind(q), score: best.score, outcome: 0 });
    } else {
      sameQueries++;
      const hits = hitsOf(q.target as string, clusters);
      const rank = clusterRank(res.candidates, hits);
      if (rank <= 1) sameR1++;
      if (best) pairs.push({ kind: queryKind(q), score: best.score, outcome: hits.has(best.id) ? 1 : 0 });
    }
  }
  const { ece, bins } = calibration(pairs);
  return {
    namesakes,
    namesakesLikely,
    sameQueries,
    sameR1: sameR1 / sameQueries,
    ece,
    outside,
    scores,
    rounds,
    queriesPerSecond: speed,
    reliability: bins,
    byKind: calibrationByKind(pairs),
  };
}

/** The figures as markdown. */
export function evidenceMarkdown(f: EvidenceFigures): string {
  const lines = ['### Identity with evidence (issue 12)', ''];
  lines.push('Evidence round: dev-queries-e against dev-gallery-1, clusters counted as hits, pessimistic ties.', '');
  lines.push('| figure | value | goal |', '| --- | ---: | --- |');
  lines.push(`| namesakes whose best candidate is their namesake scored ≥ ${LIKELY} | ${((100 * f.namesakesLikely) / f.namesakes).toFixed(1)}% (${f.namesakesLikely} of ${f.namesakes}) | ≤ 2% |`);
  lines.push(`| same-person R@1 (${f.sameQueries} queries) | ${f.sameR1.toFixed(3)} | ≥ 0.78 |`);
  lines.push(`| expected calibration error, best candidate (10 bins) | ${f.ece.toFixed(3)} | ≤ 0.05 |`);
  lines.push(`| scores outside [0, 1] | ${f.outside} of ${f.scores} | none |`);
  for (const [r, x] of Object.entries(f.rounds)) lines.push(`| name-only round ${r}, R@1 with clusters (${x.n} queries) | ${x.r1.toFixed(3)} | not below before |`);
  lines.push(`| queries/s, dev gallery round 1, top 10 | ${f.queriesPerSecond.toFixed(0)} | ≥ 2,000 |`);
  lines.push('', 'Reliability of the best candidate\'s score:', '', '| bin | n | mean score | share right |', '| --- | ---: | ---: | ---: |');
  for (const b of f.reliability) lines.push(`| ${b.bin} | ${b.n} | ${b.meanScore.toFixed(3)} | ${b.hitRate.toFixed(3)} |`);
  lines.push('', "The best candidate's score by kind of query (gap: mean score less share right, weighed by the kind's share of the queries; positive is over-confident):", '', '| kind of query | n | mean score | share right | gap |', '| --- | ---: | ---: | ---: | ---: |');
  for (const k of f.byKind) lines.push(`| ${k.kind} | ${k.n} | ${k.meanScore.toFixed(3)} | ${k.hitRate.toFixed(3)} | ${k.gap >= 0 ? '+' : ''}${k.gap.toFixed(3)} |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--data');
  if (args.includes('--stated')) estimate = false;
  process.stdout.write(`${evidenceMarkdown(evidenceBench(i >= 0 ? args[i + 1] : undefined))}\n`);
  if (args.includes('--parameters')) process.stdout.write(`estimated in ${estimateMs.toFixed(0)} ms: ${JSON.stringify(lastParameters, null, 1)}\n`);
}
