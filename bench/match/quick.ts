/**
 * Quick recall check of our matcher only, for iterating on the scorer: R@1 / R@10 by
 * subset on each dev round and queries/s on round 1. With --misses R, writes the
 * queries of round R whose target is not first, with the winner, as JSON lines to
 * $TMPDIR/match-misses-R.jsonl (and with --ranks every query's rank). --scored N sets
 * the names scored in full per query.
 *
 * Run: node --import tsx bench/match/quick.ts [--rounds 1,2,x] [--misses 1] [--ranks] [--scored N] [--no-speed]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NameIndex } from '../../src/match/name-index.ts';
import { pessimisticRank } from './run.ts';

interface Q { qid: string; name: string; target: string; script: string; arabic_origin: boolean }
const readJsonl = <T>(p: string): T[] => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
const args = process.argv.slice(2);
const arg = (n: string): string | undefined => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : undefined; };
const dir = '/work/shared/data/names';
const rounds = (arg('--rounds') ?? '1,2,x').split(',');
const missRound = arg('--misses');
const out: string[] = [];
for (const r of rounds) {
  const gallery = readJsonl<{ id: string; names: string[] }>(join(dir, `dev-gallery-${r}.jsonl`));
  const queries = readJsonl<Q>(join(dir, `dev-queries-${r}.jsonl`));
  const byId = new Map(gallery.map((g) => [g.id, g.names]));
  const sn = arg('--scored'); const index = new NameIndex(sn ? { scoredNames: Number(sn) } : {});
  for (const e of gallery) index.add(e.id, e.names);
  const counts = new Map<string, [number, number, number]>();
  const misses: unknown[] = [];
  const ranks: number[] = [];
  for (const q of queries) {
    const res = index.search({ name: q.name }, { top: 30, explain: false });
    const rank = pessimisticRank(res.candidates, q.target);
    const subs = ['all'];
    if (q.script === 'latin') subs.push('latin');
    if (q.script === 'arabic') subs.push('arabic');
    if (q.script === 'latin' && q.arabic_origin) subs.push('arab-origin-latin');
    if (!q.arabic_origin) subs.push('other');
    for (const s of subs) {
      const c = counts.get(s) ?? [0, 0, 0];
      c[0]++; if (rank <= 1) c[1]++; if (rank <= 10) c[2]++;
      counts.set(s, c);
    }
    if (args.includes('--ranks') && r === missRound) ranks.push(Number.isFinite(rank) ? rank : 99);
    if (r === missRound && rank > 1) {
      const top = res.candidates[0];
      const hit = res.candidates.find((c) => c.id === q.target);
      misses.push({ q: q.name, rank, score: hit?.score, target: byId.get(q.target), top: top ? { s: top.score, names: byId.get(top.id) } : null });
    }
  }
  out.push(`round ${r}: ` + [...counts].map(([s, c]) => `${s} ${c[0]} ${(c[1] / c[0]).toFixed(3)}/${(c[2] / c[0]).toFixed(3)}`).join(' | '));
  if (r === missRound && ranks.length) writeFileSync(join(tmpdir(), `match-ranks-${r}-${arg('--tag') ?? 'x'}.json`), JSON.stringify(ranks));
  if (r === missRound) writeFileSync(join(tmpdir(), `match-misses-${r}.jsonl`), misses.map((m) => JSON.stringify(m)).join('\n') + '\n');
  if (r === rounds[0] && !args.includes('--no-speed')) {
    for (const q of queries.slice(0, 200)) index.search({ name: q.name }, { top: 10, explain: false });
    const t0 = performance.now();
    let done = 0;
    while (performance.now() - t0 < 2000) { for (const q of queries) index.search({ name: q.name }, { top: 10, explain: false }); done += queries.length; }
    out.push(`  qps ${(done / ((performance.now() - t0) / 1000)).toFixed(0)}`);
  }
}
console.log(out.join('\n'));
