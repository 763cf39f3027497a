/**
 * What estimating the evidence model's parameters adds to building the register's identity
 * index: the demo register's persons (demoPlan, as `sijill serve --demo` loads them) put into
 * a matcher index as IdentityIndex puts them, then `estimateParameters` timed with the
 * register's sample ({@link ESTIMATE_SAMPLE}) and with the matcher's own default.
 *
 * Run: node --import tsx bench/match/estimate-cost.ts [persons...]   (default 2000 100000)
 */
import { demoPlan } from '../../src/demo/demo-data.ts';
import { NameIndex } from '../../src/match/name-index.ts';
import { ESTIMATE_SAMPLE, matchDate } from '../../src/queries/identity-index.ts';

export function estimateCost(persons: number): { persons: number; indexMs: number; estimateMs: number; version: string } {
  const plan = demoPlan(persons, 2026, new Date('2026-10-01T09:00:00Z'), { courts: false });
  const t0 = performance.now();
  const index = new NameIndex();
  for (const batch of plan.batches) {
    for (const { person } of batch) {
      index.add(person.person_id, person.names.map((n) => n.full), {
        dob: matchDate(person.dob),
        nationalities: person.nationalities,
        sex: person.sex,
        motherNames: person.names.map((n) => n.parts.mother_full).filter((m): m is string => Boolean(m)),
      });
    }
  }
  const indexMs = performance.now() - t0;
  const t1 = performance.now();
  const p = index.estimateParameters({ sample: ESTIMATE_SAMPLE });
  return { persons: index.size, indexMs, estimateMs: performance.now() - t1, version: p.version };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const n of sizes.length ? sizes : [2000, 100_000]) {
    const r = estimateCost(n);
    process.stdout.write(`${r.persons} persons: index ${(r.indexMs / 1000).toFixed(1)} s, estimate ${(r.estimateMs / 1000).toFixed(2)} s (${r.version})\n`);
  }
}
