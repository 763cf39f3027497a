import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admissionsMarkdown, boundMarkdown, stageBreakdownMarkdown, type BackendFigures } from './admissions-bench.ts';

/** Where 4 s of a batch with the index went (3.98 s in the stages, 0.02 s between them). */
const indexedStages = {
  idempotency: 0.1, lock: 0.01, load: 2, 'load: duplicate search': 1.9, decide: 0.1,
  append: 1, 'append: canonical bytes and leaf hashes': 0.2, 'append: event rows': 0.4, 'append: Merkle tree': 0.2, 'append: log head and person chains': 0.1,
  projections: 0.5, 'projections: person.registered': 0.3, 'command record': 0.2, commit: 0.05, 'identity index': 0.02,
};
/** Where 2 s of a batch without it went (no search, no index to follow). */
const unindexedStages = { idempotency: 0.1, lock: 0.01, load: 0.01, decide: 0.1, append: 1, 'append: event rows': 0.4, projections: 0.5, 'command record': 0.2, commit: 0.05 };

/** Figures of one backend: the floor writes 20,000 admissions/s; the batches take the seconds given. */
function backend(name: string, indexedSeconds: number, floorRate = 20_000): BackendFigures {
  return {
    backend: name,
    floorRate,
    indexed: { backend: name, duplicateSearch: true, persons: 10_000, events: 20_500, reviews: 500, commandSeconds: indexedSeconds, stages: indexedStages },
    unindexed: { backend: name, duplicateSearch: false, persons: 10_000, events: 20_000, reviews: 0, commandSeconds: 2, floorRate: 16_000, stages: unindexedStages },
    http: [
      { clients: 1, admissions: 500, seconds: 5, p50Ms: 9.6, p95Ms: 14.2, reviews: 40 },
      { clients: 8, admissions: 500, seconds: 2.5, p50Ms: 38, p95Ms: 61, reviews: 41 },
      { clients: 32, admissions: 500, seconds: 2, p50Ms: 120, p95Ms: 250, reviews: 39 },
    ],
  };
}

const row = (markdown: string, ...cells: string[]) => markdown.split('\n').find((line) => cells.every((c) => line.includes(`| ${c} |`)));

test('each HTTP level is a row with its rate and its ratio to the floor measured in the same database', () => {
  const md = admissionsMarkdown([backend('PGlite', 4), backend('PostgreSQL 15', 4)], { persons: 10_000 });
  // 500 in 5 s is 100/s; the floor's 20,000/s is 200 times that.
  assert.equal(row(md, 'PGlite', '1'), '| PGlite | 1 | 500 | 5.00 s | **100** | 9.6 / 14.2 ms | 40 | 20,000 | 200.0× |');
  assert.equal(row(md, 'PostgreSQL 15', '32'), '| PostgreSQL 15 | 32 | 500 | 2.00 s | **250** | 120.0 / 250.0 ms | 39 | 20,000 | 80.0× |');
  // The batch rows: with the index 10,000 in 4 s (2,500/s, 8× the floor); without it 5,000/s against its own floor of 16,000/s.
  assert.equal(row(md, 'with the identity index', 'PGlite'), '| with the identity index | PGlite | 10,000 | 20,500 | 500 | 4.00 s | **2,500** | 20,000 | 8.0× |');
  assert.equal(row(md, 'without it (demo loader)', 'PGlite'), '| without it (demo loader) | PGlite | 10,000 | 20,000 | 0 | 2.00 s | **5,000** | 16,000 | 3.2× |');
  assert.match(md, /- PGlite: a clerk working alone admits \*\*100 persons\/s\*\* \(10 ms an admission at the median, 14 ms at p95\); 32 clerks at once 250 persons\/s together; the batch path 2,500 persons\/s\./);
  assert.match(md, /holding the 10,000 persons of\s+the batch below/);
});

test('the batch goal is met only at 2,000 admissions/s or more on PostgreSQL and within 10× of the floor', () => {
  assert.match(admissionsMarkdown([backend('PGlite', 20), backend('PostgreSQL 15', 4)], { persons: 10_000 }), /\*\*met\*\* in this run \(2,500 admissions\/s, 8\.0×\)/);
  assert.match(admissionsMarkdown([backend('PGlite', 1), backend('PostgreSQL 15', 8)], { persons: 10_000 }), /\*\*not met\*\* in this run \(1,250 admissions\/s, 16\.0×\)/);
  // Fast enough, but more than 10× the floor: 2,500/s against 30,000/s.
  assert.match(admissionsMarkdown([backend('PostgreSQL 15', 4, 30_000)], { persons: 10_000 }), /\*\*not met\*\* in this run \(2,500 admissions\/s, 12\.0×\)/);
});

test('without the server the goal is stated and its rows are said to be missing', () => {
  const md = admissionsMarkdown([backend('PGlite', 4)], { persons: 10_000 });
  assert.match(md, /The PostgreSQL server did not answer in this run: its rows are missing\./);
  assert.doesNotMatch(md, /\bmet\*\*/);
});

test('the breakdown gives each stage its seconds and share of its batch, parts under their stage, and what no stage counted', () => {
  const md = stageBreakdownMarkdown([backend('PostgreSQL 15 (127.0.0.1)', 4)]);
  assert.match(md, /^\| stage \| PostgreSQL 15, with the index \| PostgreSQL 15, without \|$/m);
  assert.match(md, /^\| ↳ duplicate search \(`IdentityIndex.searchBatch`\) \| 1\.90 s \(48%\) \| – \|$/m);
  assert.match(md, /^\| append to the log \| 1\.00 s \(25%\) \| 1\.00 s \(50%\) \|$/m);
  assert.match(md, /^\| ↳ person\.registered \| 0\.30 s \(8%\) \| – \|$/m);
  // 4 − 3.98 and 2 − 1.97.
  assert.match(md, /^\| rest \(transaction start, between stages\) \| 0\.02 s \| 0\.03 s \|$/m);
  assert.match(md, /^\| \*\*the batch\*\* \| \*\*4\.00 s\*\* \| \*\*2\.00 s\*\* \|$/m);
  // The projections' part comes after the projections and before the command record.
  const at = (text: string) => md.indexOf(text);
  assert.ok(at('| projections |') < at('| ↳ person.registered |') && at('| ↳ person.registered |') < at('| command record'));
});

test('what bounds the path is stated from the stages of the same run', () => {
  const md = boundMarkdown(backend('PostgreSQL 15', 4));
  // 10,000 rows: the goal allows 5 s; the search 1.9 s is 0.19 ms a row, 5,263 rows/s.
  assert.match(md, /10,000 admissions took 4\.00 s; the goal allows 5\.00 s/);
  assert.match(md, /the duplicate search alone took 1\.90 s \(0\.19 ms a row, at most 5,263 rows\/s/);
  // 4 − 1.9 = 2.1 s: 4,762/s.
  assert.match(md, /everything else took 2\.10 s — at most 4,762 admissions\/s with a search that cost nothing, within the goal/);
  // 1 + 0.5 + 0.2 + 0.05 = 1.75 s: 5,714/s; the append 1 s: 10,000/s and 20,500 events/s.
  assert.match(md, /the database writes \(append, projections, command record, commit\) took 1\.75 s \(at most 5,714 admissions\/s\)/);
  assert.match(md, /\(20,500 events: [^)]*\) 1\.00 s \(at most 10,000 admissions\/s, 20,500 events\/s\)/);
  assert.match(md, /The goal is met\./);
  assert.match(boundMarkdown(backend('PostgreSQL 15', 8)), /Neither the search nor the writes alone exceed the goal's 5\.00 s; together they do\./);
  assert.match(boundMarkdown(backend('PostgreSQL 15', 8)), /everything else took 6\.10 s — at most 1,639 admissions\/s with a search that cost nothing, short of the goal/);
  // A search of 6 s a batch of 10,000 exceeds the goal's 5 s by itself.
  const slow = backend('PostgreSQL 15', 8);
  const searched = { ...slow, indexed: { ...slow.indexed, stages: { ...slow.indexed.stages, 'load: duplicate search': 6 } } };
  assert.match(boundMarkdown(searched), /the goal is out of reach on this path as it stands: the duplicate search alone \(6\.00 s\) takes longer than the goal allows for the whole batch\./);

});
