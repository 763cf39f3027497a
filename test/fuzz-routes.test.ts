/**
 * Every API route that takes a JSON body or a query, fuzzed from its own schema
 * (test/support/route-fuzz.ts): valid values and values with one fault each, sent as an
 * account that holds the route's permission. Never a 5xx; a validation refusal names its
 * field; a refusal writes no row. Fixed seed, so a failure is the same request every run.
 * SIJILL_FUZZ_RUNS sets the requests per route (default 25). What the fuzz found is asserted
 * below by name, so it stays fixed whatever the generator sends.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './support/backends.ts';
import { cheap } from './support/api-client.ts';
import { fuzzableRoutes, fuzzRoute, openFuzzTarget, type FuzzTarget, type RouteFuzzFigures } from './support/route-fuzz.ts';
import type { Database } from '../src/store/database.ts';

const runs = Number(process.env.SIJILL_FUZZ_RUNS ?? 25);
const seed = 20_260_301;

for (const backend of backends) {
  describe(`fuzzing every JSON route from its schema on ${backend.name}`, () => {
    let db: Database;
    let target: FuzzTarget & { close(): Promise<void> };
    before(async () => {
      db = await backend.open();
      target = await openFuzzTarget(db, { passwordCost: cheap });
    });
    after(async () => {
      await target.close();
      await db.close();
    });

    test(`${runs} requests per route: no 5xx, validation refusals name their field, refusals write nothing`, async () => {
      const routes = fuzzableRoutes(target.app);
      // The route table is where the routes come from: these must be among them.
      for (const route of ['POST /api/persons', 'POST /api/admissions', 'GET /api/search', 'POST /api/cases/:id/orders', 'POST /api/roll-calls/:id/counts', 'GET /log/proof/inclusion']) {
        assert.ok(routes.some((r) => `${r.method} ${r.url}` === route), route);
      }
      const figures: RouteFuzzFigures[] = [];
      for (const [i, route] of routes.entries()) figures.push(await fuzzRoute(target, route, { runs, seed: seed + i }));
      for (const f of figures) {
        const statuses = Object.entries(f.status).map(([s, n]) => `${s}×${n}`).join(' ');
        console.log(`${backend.name} ${f.route}: ${f.tried} requests, ${f.serverErrors} 5xx (${statuses}; ${Math.round(f.ms)} ms)`);
      }
      const tried = figures.reduce((n, f) => n + f.tried, 0);
      console.log(`${backend.name}: ${figures.length} routes, ${tried} requests, ${figures.reduce((n, f) => n + f.serverErrors, 0)} 5xx`);
      const findings = figures.flatMap((f) => f.findings);
      assert.deepEqual(findings.slice(0, 20), [], `${findings.length} findings`);
    });

    test('found by the fuzz: a person’s clocks asked for an instant they cannot answer are refused, and no read is recorded', async () => {
      const cookie = target.cookieFor({ method: 'GET', url: '/api/persons/:id/clocks', permission: 'person.read' })!;
      const person = target.pools.params['persons:id']![0]!;
      const audited = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM read_audit')).rows[0]!.n;
      const before = await audited();
      // The seeded admissions are of 2026-01-21: a year earlier is before the latest event.
      for (const at of ['2025-01-21T10:00:00+03:00', 'null']) {
        const res = await target.app.inject({ method: 'GET', url: `/api/persons/${person}/clocks?at=${encodeURIComponent(at)}`, headers: { cookie } });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().field, '/query/at');
      }
      assert.equal(await audited(), before, 'a refused read is not a read');
      const shown = await target.app.inject({ method: 'GET', url: `/api/persons/${person}/clocks`, headers: { cookie } });
      assert.equal(shown.statusCode, 200, shown.body);
      assert.equal(await audited(), before + 1, 'a read that shows the clocks is audited');
    });

    test('found by the fuzz: a handover list’s new order from an authority without its country names the country, not facility_id', async () => {
      const route = { method: 'POST', url: '/api/handover-lists', permission: 'transfer.manage' } as const;
      const counts = await target.count();
      for (const [end, field] of [
        [{ kind: 'authority', name: 'Fictional sending authority' }, '/new_transfer/origin/country'],
        [{ kind: 'facility' }, '/new_transfer/origin/facility_id'],
        [{ kind: 'ship', name: 'x' }, '/new_transfer/origin/kind'],
      ] as const) {
        const res = await target.app.inject({
          method: 'POST',
          url: route.url,
          headers: { cookie: target.cookieFor(route)!, 'idempotency-key': `found-${field}-${end.kind}` },
          payload: { file: { name: 'list.csv', content_base64: '' }, mapping: {}, sender: 'Fictional sender', new_transfer: { origin: end, destination: { kind: 'authority', name: 'x', country: 'IQ' }, reason: 'hearing' } },
        });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().field, field, res.body);
      }
      assert.deepEqual(await target.count(), counts);
    });
  });
}
