/**
 * The route fuzz's figures (test/support/route-fuzz.ts, the generator test/fuzz-routes.test.ts
 * runs): every API route that takes a JSON body or a query, with more requests per route than
 * the test sends, on PGlite and on the PostgreSQL server when one answers. The section gives
 * the requests tried per route and backend and the 5xx found (goal 0), and any other finding
 * (a validation refusal that names no field, a refusal that wrote rows).
 *
 * `fuzzBench()` returns the section for docs/BENCHMARKS.md. Run alone:
 * `node --import tsx bench/security/fuzz.ts [runs per route]`, or `npm run bench -- fuzz`.
 */
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import { openPostgres } from '../../src/store/postgres-database.ts';
import { createScratchDatabase } from '../../src/store/scratch-database.ts';
import type { Database } from '../../src/store/database.ts';
import { cheap } from '../../test/support/api-client.ts';
import { fuzzableRoutes, fuzzRoute, openFuzzTarget, type RouteFuzzFigures } from '../../test/support/route-fuzz.ts';

export interface FuzzBenchOptions {
  /** Requests per route (default 100; the test sends 25). */
  readonly runs?: number;
  /** The PostgreSQL server to fuzz as well, or null for PGlite only. */
  readonly serverUrl?: string | null;
  readonly log?: (message: string) => void;
}

/** Not the test's seed: the bench sends other requests than the test. */
const seed = 20_260_302;

interface BackendFigures {
  readonly backend: string;
  readonly routes: readonly RouteFuzzFigures[];
  readonly seconds: number;
}

async function fuzzBackend(db: Database, backend: string, runs: number, log: (message: string) => void): Promise<BackendFigures> {
  const started = performance.now();
  // Passwords hashed cheaply, as in the tests: this section counts answers, not login times.
  const target = await openFuzzTarget(db, { passwordCost: cheap });
  try {
    const routes: RouteFuzzFigures[] = [];
    for (const [i, route] of fuzzableRoutes(target.app).entries()) {
      const figures = await fuzzRoute(target, route, { runs, seed: seed + i * 7919 });
      routes.push(figures);
      log(`${backend} ${figures.route}: ${figures.tried} requests, ${figures.serverErrors} 5xx, ${figures.findings.length} findings`);
    }
    return { backend, routes, seconds: (performance.now() - started) / 1000 };
  } finally {
    await target.close();
  }
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

export async function fuzzBench(options: FuzzBenchOptions = {}): Promise<string> {
  const runs = options.runs ?? 100;
  const log = options.log ?? (() => {});
  const measured: BackendFigures[] = [];
  const pglite = await openPglite();
  try {
    await migrate(pglite);
    measured.push(await fuzzBackend(pglite, 'PGlite', runs, log));
  } finally {
    await pglite.close();
  }
  if (options.serverUrl) {
    let scratch;
    try {
      scratch = await createScratchDatabase(options.serverUrl, 'sijill_bench');
    } catch {
      log('no PostgreSQL server answered: the fuzz ran on PGlite only');
    }
    if (scratch) {
      const server = openPostgres(scratch.url);
      try {
        await migrate(server);
        const v = (await server.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
        measured.push(await fuzzBackend(server, `PostgreSQL ${v}`, runs, log));
      } finally {
        await server.close();
        await scratch.drop();
      }
    }
  }
  return fuzzMarkdown(measured, runs);
}

function fuzzMarkdown(measured: readonly BackendFigures[], runs: number): string {
  const names = measured[0]?.routes.map((r) => r.route) ?? [];
  const byBackend = measured.map((m) => new Map(m.routes.map((r) => [r.route, r])));
  const lines = [
    '## Security: every JSON route fuzzed from its schema',
    '',
    `Every API route that takes a JSON body or a query (${names.length} routes, from the server's own route table), ${runs} generated requests each (fixed seed), sent in-process as an account holding the route's permission: values the schema accepts and values with one fault each — a wrong type, a missing or extra field, NUL, a lone surrogate, bytes that are not UTF-8, a very long string, an impossible day or instant, a huge, negative, non-integer or boundary number, nesting 200 to 100,000 deep (test/support/route-fuzz.ts; test/fuzz-routes.test.ts runs the same generator with fewer requests). Checked for each: no 5xx; a validation refusal names its field; a refusal writes no row of the register's tables.`,
    '',
    '| backend | requests | 5xx found (goal 0) | other findings | 2xx | 4xx | per route: min / median / max | time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...measured.map((m) => {
      const tried = m.routes.map((r) => r.tried).sort((a, b) => a - b);
      const total = tried.reduce((a, b) => a + b, 0);
      const ok = m.routes.reduce((n, r) => n + Object.entries(r.status).filter(([s]) => s.startsWith('2')).reduce((k, [, c]) => k + c, 0), 0);
      const refused = m.routes.reduce((n, r) => n + Object.entries(r.status).filter(([s]) => s.startsWith('4')).reduce((k, [, c]) => k + c, 0), 0);
      const serverErrors = m.routes.reduce((n, r) => n + r.serverErrors, 0);
      const findings = m.routes.reduce((n, r) => n + r.findings.length, 0) - serverErrors;
      return `| ${m.backend} | ${total.toLocaleString('en')} | **${serverErrors}** | ${findings} | ${ok.toLocaleString('en')} | ${refused.toLocaleString('en')} | ${tried[0]} / ${quantile(tried, 0.5)} / ${tried[tried.length - 1]} | ${m.seconds.toFixed(0)} s |`;
    }),
    '',
    '<details><summary>Requests and 5xx per route</summary>',
    '',
    `| route | ${measured.map((m) => `${m.backend}: requests (5xx)`).join(' | ')} |`,
    `| --- | ${measured.map(() => '---').join(' | ')} |`,
    ...names.map((name) => `| \`${name}\` | ${byBackend.map((b) => `${b.get(name)?.tried ?? '–'} (${b.get(name)?.serverErrors ?? '–'})`).join(' | ')} |`),
    '',
    '</details>',
    '',
  ];
  const findings = measured.flatMap((m) => m.routes.flatMap((r) => r.findings.map((f) => `- ${m.backend}: ${f.problem.slice(0, 300)} — ${f.request.slice(0, 300)}`)));
  if (findings.length) lines.push('Findings:', '', ...findings.slice(0, 50), '');
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 100);
  const serverUrl = process.env.SIJILL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  console.log(await fuzzBench({ runs, serverUrl, log: (m) => console.error(m) }));
}
