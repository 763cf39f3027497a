/**
 * A page whose read of the API is refused shows the page of that refusal with the API's status —
 * a person out of the reader's scope (404), an id the API does not take (400), a read the role may
 * not make (403) — never "something went wrong" and a 500. The pages are served by the web
 * application as in production; only the address of the API read each page makes is changed on
 * its way to the API (the API then refuses it for its own, real reasons).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { apiContext, buildServer } from '../src/api/server.ts';
import { notFoundHandler, webRoutes } from '../src/web/web-routes.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Register } from '../src/commands/execute.ts';
import type { Database } from '../src/store/database.ts';

const backend = backends.find((b) => b.name === 'pglite') ?? backends[0]!;

describe('a page whose read of the API is refused', () => {
  let db: Database;
  let app: FastifyInstance;
  let supervisor: Client;
  let person: string;
  let elsewhere: string;
  /** How the next API reads are sent on: the address as the page asked, or changed. */
  let readOf: (url: string) => string = (url) => url;

  before(async () => {
    db = await backend.open();
    const register: Register = { db, clock: () => new Date('2026-03-10T09:00:00Z') };
    const options = { db, register, passwordCost: cheap };
    const ctx = apiContext(options);
    app = buildServer(options, { ctx, notFound: notFoundHandler(ctx) });
    const api = { inject: (o: InjectOptions) => app.inject(o.method === 'GET' && typeof o.url === 'string' ? { ...o, url: readOf(o.url) } : o) };
    app.register(webRoutes, { ctx, api: api as unknown as FastifyInstance });
    await app.ready();
    await createAccount(db, { scope: wholeRegister, username: 'supervisor', displayName: 'Fictional Supervisor', role: 'supervisor', password }, { cost: cheap });
    await createAccount(db, { scope: wholeRegister, username: 'clerk', displayName: 'Fictional Clerk', role: 'registration_clerk', password }, { cost: cheap });
    supervisor = clientFor(app, await login(app, 'supervisor'));
    const clerk = clientFor(app, await login(app, 'clerk'));
    const prison = aFacility();
    const other = aFacility();
    for (const f of [prison, other]) assert.equal((await supervisor('POST', '/api/facilities', { body: f })).statusCode, 201);
    for (const which of ['held', 'elsewhere'] as const) {
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const registered = await clerk('POST', '/api/persons', { body });
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      if (which === 'held') person = id;
      else elsewhere = id;
      const { admission_id: _a, ...admission } = anAdmission(id, which === 'held' ? prison : other, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await clerk('POST', '/api/admissions', { body: admission })).statusCode, 201);
    }
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  /** Each page, the read it makes, and that read of a person out of scope and with an id the API does not take. */
  const pages = () => [
    { page: `/persons/${person}/custody-life`, read: `/api/persons/${person}/custody-life`, outOfScope: `/api/persons/${elsewhere}/custody-life`, badId: '/api/persons/not-an-id/custody-life' },
    { page: `/persons/${person}/restrictions`, read: `/api/restrictions?person_id=${person}`, outOfScope: `/api/restrictions?person_id=${elsewhere}`, badId: '/api/restrictions?person_id=not-an-id' },
    { page: '/restrictions', read: '/api/restrictions', outOfScope: `/api/restrictions?person_id=${elsewhere}`, badId: '/api/restrictions?person_id=not-an-id' },
    { page: `/persons/${person}/complaints`, read: `/api/persons/${person}/complaints`, outOfScope: `/api/persons/${elsewhere}/complaints`, badId: '/api/persons/not-an-id/complaints' },
  ];

  test('out of scope, a bad id, a read the role may not make: 404, 400, 403 pages in the reader’s language', async () => {
    const session = await logInByForm(app, 'supervisor');
    // The supervisor now reaches the first facility only: the person held at the other is out of scope.
    await db.query(`DELETE FROM account_scope WHERE account_id = (SELECT id FROM account WHERE username = 'supervisor')`);
    const prison = (await db.query<{ facility_id: string }>('SELECT facility_id FROM person WHERE id = $1', [person])).rows[0]!.facility_id;
    await db.query(`INSERT INTO account_scope (account_id, kind, value, assigned_at) SELECT id, 'facility', $1, now() FROM account WHERE username = 'supervisor'`, [prison]);
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: `${session.cookie}; sijill_lang=ar`, accept: 'text/html' } });
    const cases = [
      { read: (p: { outOfScope: string }) => p.outOfScope, status: 404, title: 'غير موجود' },
      { read: (p: { badId: string }) => p.badId, status: 400, title: 'تعذّرت قراءة الطلب' },
      { read: () => '/api/oversight/withheld-answers', status: 403, title: 'غير مسموح' },
    ];
    for (const p of pages()) {
      readOf = (url) => url;
      assert.equal((await get(p.page)).statusCode, 200, p.page);
      for (const c of cases) {
        readOf = (url) => (url === p.read ? c.read(p) : url);
        const res = await get(p.page);
        assert.equal(res.statusCode, c.status, `${p.page} reading ${c.read(p)}: ${res.body.slice(0, 400)}`);
        assert.match(res.body, new RegExp(`<h1>${c.title}`), p.page);
        assert.match(res.body, /<html lang="ar" dir="rtl"/);
      }
    }
    readOf = (url) => url;
  });
});
