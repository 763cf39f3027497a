/**
 * The web application's figures (issue 6), on PGlite with the demo register:
 * - JavaScript transferred on the first load of a page, gzip-compressed as served;
 * - the dashboard ready after logging in, measured in headless Chromium (navigation start of
 *   the login POST to the dashboard's load event), over several logins;
 * - person search through the search page (the identity matcher, exact numbers, the audit
 *   write), in-process, p50 and p95 over names in Arabic and Latin script and register numbers.
 *
 * `webBench()` returns the section for docs/BENCHMARKS.md. Run alone:
 * `node --import tsx bench/web-bench.ts [persons]`.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { chromiumArgs, chromiumPath } from '../src/web/pdf.ts';
import { quantile } from './stats.ts';

export interface WebBenchOptions {
  /** Demo persons (default 2,000, the demo register of `npm start`). */
  readonly persons?: number;
  /** Logins measured in the browser (default 7). */
  readonly logins?: number;
  /** Search requests (default 300). */
  readonly searches?: number;
}

export async function webBench(options: WebBenchOptions = {}): Promise<string> {
  const persons = options.persons ?? 2000;
  const db = await openPglite();
  await migrate(db);
  await seedDemo({ db }, persons);
  await createAccount(db, { scope: wholeRegister, username: 'bench.clerk', displayName: 'Bench clerk', role: 'supervisor', password: 'sijill-bench-pass' });
  const register = { db, identity: await IdentityIndex.build(db) };
  const app = buildApp({ db, register, demo: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    // 1. JavaScript on first load: every script the login page and the dashboard reference, as served (gzip).
    const login = await app.inject({ method: 'GET', url: '/login' });
    const scripts = [...login.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    let jsGzip = 0;
    let jsRaw = 0;
    for (const url of scripts) {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      jsGzip += res.rawPayload.length;
      const plain = await app.inject({ method: 'GET', url });
      jsRaw += plain.rawPayload.length;
    }

    // 2. Dashboard ready after login, in the browser.
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    const version = browser.version();
    const readyMs: number[] = [];
    try {
      for (let i = 0; i < (options.logins ?? 7); i++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        await page.goto(`${base}/login`);
        await page.fill('[name="username"]', 'bench.clerk');
        await page.fill('[name="password"]', 'sijill-bench-pass');
        await Promise.all([page.waitForURL(`${base}/dashboard`, { waitUntil: 'load' }), page.click('form[action="/login"] button[type="submit"]')]);
        // Navigation timing of the dashboard document: from the login POST's start to load.
        const ms = await page.evaluate<number>("(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()");
        readyMs.push(ms);
        await context.close();
      }
    } finally {
      await browser.close();
    }
    // The first login warms caches (argon2, the JIT): it is reported, not dropped.
    const ready = [...readyMs].sort((a, b) => a - b);

    // 3. Search through the search page, as a logged-in official.
    const form = await app.inject({ method: 'GET', url: '/login' });
    const pre = [form.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!);
    const csrf = form.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const session = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, username: 'bench.clerk', password: 'sijill-bench-pass' }).toString(),
    });
    const cookie = [...pre, ...[session.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!)].join('; ');
    const { rows } = await db.query<{ full_name: string; register_number: string }>(
      'SELECT n.full_name, p.register_number FROM name_record n JOIN person p ON p.id = n.person_id ORDER BY md5(n.id::text) LIMIT $1',
      [options.searches ?? 300],
    );
    const queries = rows.map((r, i) => (i % 5 === 4 ? r.register_number : r.full_name.split(' ').slice(0, 3).join(' ')));
    const searchMs: number[] = [];
    for (const q of queries) {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}`, headers: { cookie } });
      searchMs.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`search answered ${res.statusCode}`);
    }
    const search = [...searchMs].sort((a, b) => a - b);

    const kb = (n: number) => (n / 1024).toFixed(1);
    return [
      '## Web application (issue 6)',
      '',
      `Demo register of ${persons.toLocaleString('en')} persons on PGlite, server in-process; Chromium ${version} headless at 1366×768 on this machine.`,
      '',
      '| figure | measured | goal |',
      '| --- | --- | --- |',
      `| JavaScript on first load (${scripts.length} files, gzip as served) | **${kb(jsGzip)} KB** (${kb(jsRaw)} KB uncompressed) | ≤ 60 KB |`,
      `| Dashboard ready after login (login POST to load event, ${ready.length} logins) | median **${Math.round(quantile(ready, 0.5))} ms**, slowest ${Math.round(ready[ready.length - 1]!)} ms | ≤ 1 s |`,
      `| Person search page (${search.length} queries: names in both scripts, one in five a register number) | p50 ${search.length ? quantile(search, 0.5).toFixed(1) : '–'} ms, **p95 ${quantile(search, 0.95).toFixed(1)} ms** | p95 ≤ 100 ms |`,
      '',
      'The login figure includes verifying the password (argon2id at the default cost, about 0.1 s) and the redirect.',
      '',
    ].join('\n');
  } finally {
    await app.close();
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await webBench({ persons: Number(process.argv[2] ?? 2000) }));
}
