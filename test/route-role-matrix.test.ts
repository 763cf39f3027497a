/**
 * Every route of the server (the API's routes and the log's, and every page's GET) tried as
 * every role and as nobody. What each answer must be is derived from two tables, not from
 * the access check under test: the route table (the permission each route declared:
 * routePermissions) and the grants of src/domain/permissions.ts read as data (never through
 * `can`). Nobody: 401 (a page: sent to the login page, or 401 for htmx); a role without the
 * permission: 403; a role with it: anything but 401 and 403, and never a 5xx — but a visitor's
 * register routes answer 403, as no accredited visit is open in this register.
 *
 * test/api.test.ts holds the hand-written policy (one representative request per
 * permission) that the grants themselves are checked against; test/web.test.ts the
 * permission every page must declare.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, login, password } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { routePermissions, type RouteAccess } from '../src/api/server.ts';
import { grants, roles, type Role } from '../src/domain/permissions.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';

/** Which roles reach the whole register with no assignment (src/domain/scope.ts), restated here as the table under test must say. */
const reachTable: Readonly<Record<Role, 'register' | 'bounded'>> = {
  registration_clerk: 'bounded',
  facility_officer: 'bounded',
  supervisor: 'bounded',
  auditor: 'register',
  administrator: 'register',
  judge: 'bounded',
  court_clerk: 'bounded',
  information_officer: 'register',
  oversight: 'register',
  visitor: 'bounded',
  liaison: 'bounded',
};
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

const isWebRoute = (url: string) => !url.startsWith('/api/') && !url.startsWith('/log/');

/** An address for a route: each path parameter some value of the right shape that names nothing the register holds. */
function addressOf(route: RouteAccess): string {
  return route.url
    .replace(/:name\b/, 'nothing.css')
    .replace(/:court\b/, 'nowhere')
    .replace(/:username\b/, 'nobody-here')
    .replace(/:\w+/g, () => randomUUID())
    .replace(/\*$/, route.url.startsWith('/log/tile/entries') ? '000.p/1' : '0/000.p/1');
}

/**
 * Whether `role` holds what `route` requires, read from the grants table. A route of the second
 * step of a login (`second_factor`) belongs to a login awaiting its code: an account already
 * logged in holds it no more than nobody does (401). Enrolling a second factor is open to any
 * logged-in account, as `authenticated` is.
 */
function holds(role: Role, route: RouteAccess): boolean | 'login_step' {
  if (route.permission === 'second_factor') return 'login_step';
  return route.permission === 'public' || route.permission === 'authenticated' || route.permission === 'enrolment' || grants[role].includes(route.permission);
}

for (const backend of backends) {
  describe(`every route × every role on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const cookies = new Map<Role, string>();
    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, identity: await IdentityIndex.build(db) } });
      await app.ready();
      for (const role of roles) {
        await createAccount(db, { username: `matrix-${role}`, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
        cookies.set(role, await login(app, `matrix-${role}`));
      }
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    /** The API's and the log's routes, every method; the pages' GETs (their form posts need a form's token: test/web.test.ts). */
    const tried = () =>
      routePermissions(app)
        .filter((r) => r.method !== 'HEAD' && (!isWebRoute(r.url) || r.method === 'GET'))
        // Logging out ends the session the rest of the matrix uses: tried last.
        .sort((a, b) => Number(a.method === 'DELETE' && a.url === '/api/session') - Number(b.method === 'DELETE' && b.url === '/api/session'));

    const send = (route: RouteAccess, cookie: string | null, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => {
      const all: Record<string, string> = { ...headers, ...(cookie ? { cookie } : {}) };
      if (route.method === 'GET' || route.method === 'DELETE') return app.inject({ method: route.method, url: addressOf(route), headers: all });
      return app.inject({ method: route.method as 'POST', url: addressOf(route), headers: { ...all, 'idempotency-key': randomUUID() }, payload: {} });
    };

    test('the table covers the API, the log and the pages, and every role holds some permission', () => {
      const routes = tried();
      assert.ok(routes.filter((r) => !isWebRoute(r.url)).length >= 80, 'API and log routes');
      assert.ok(routes.filter((r) => isWebRoute(r.url)).length >= 20, 'page GETs');
      for (const role of roles) assert.ok(grants[role].length > 0, role);
    });

    test('nobody: 401 on every route that needs a login (a page sends the browser to log in)', async () => {
      const failures: string[] = [];
      for (const route of tried()) {
        const res = await send(route, null);
        const name = `${route.method} ${route.url}`;
        if (res.statusCode >= 500) failures.push(`${name}: ${res.statusCode}`);
        if (route.permission === 'public') {
          if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${name} is public, yet answered nobody ${res.statusCode}`);
        } else if (isWebRoute(route.url)) {
          if (res.statusCode !== 303 || !String(res.headers.location).startsWith('/login?next=')) failures.push(`${name}: ${res.statusCode} ${res.headers.location ?? ''}, not 303 to the login page`);
          const htmx = await send(route, null, { 'hx-request': 'true' });
          if (htmx.statusCode !== 401) failures.push(`${name} for htmx: ${htmx.statusCode}, not 401`);
        } else if (res.statusCode !== 401) {
          failures.push(`${name}: ${res.statusCode}, not 401`);
        }
      }
      assert.deepEqual(failures, []);
    });

    test('each role: 403 exactly where the grants do not give the route’s permission, never a 5xx', async () => {
      const failures: string[] = [];
      let pairs = 0;
      for (const route of tried()) {
        for (const role of roles) {
          const res = await send(route, cookies.get(role)!);
          pairs++;
          const name = `${role} ${route.method} ${route.url} (${route.permission})`;
          if (route.method === 'DELETE' && route.url === '/api/session') cookies.set(role, await login(app, `matrix-${role}`));
          if (res.statusCode >= 500) failures.push(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          const held = holds(role, route);
          if (held === 'login_step') {
            // The API says 401; a page sends the browser elsewhere (303), never shows the step.
            const expected = isWebRoute(route.url) ? 303 : 401;
            if (res.statusCode !== expected) failures.push(`${name}: ${res.statusCode}, not ${expected} (no login of this account awaits a code)`);
          } else if (held && route.permission === 'visit.register_read') {
            // A visitor sees a facility's register only during an accredited visit there; this register has none open.
            if (res.statusCode !== 403) failures.push(`${name}: ${res.statusCode}, not 403 (no accredited visit is open)`);
          } else if (held) {
            if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${name}: ${res.statusCode}, though the role holds it`);
          } else if (res.statusCode !== 403) {
            failures.push(`${name}: ${res.statusCode}, not 403`);
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(pairs >= roles.length * 105, `${pairs} pairs`);
    });

    test('scope: every route whose permission reaches records of persons or facilities declares its scope; those at a person’s address name the person', () => {
      // Restated here, not read from access.ts: persons, custody, cases, transfers; roll calls, visits
      // and notification lists; custody life, complaints, allegations, evidence, own files, restrictions; repatriation cases; a state's nationals.
      const bound = /^(person|custody|case|transfer|rollcall|visit|custody_life|complaint|allegation|evidence|own_file|restriction|repatriation|nationals)\./;
      const undeclared = routePermissions(app).filter((r) => bound.test(r.permission) && r.scope === undefined).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(undeclared, []);
      assert.ok(routePermissions(app).filter((r) => /^(rollcall|visit|complaint|allegation|restriction)\./.test(r.permission)).length >= 40, 'roll calls, visits, complaints, allegations and restrictions are among them');
      const atPerson = tried().filter((r) => /^\/(api\/|print\/)?persons\/:id(\/|$)/.test(r.url) && r.permission !== 'audit.read');
      // Opening a case is the one exception, by design: it names the court, and brings the person before it.
      const courtNamed = (r: RouteAccess) => r.method === 'POST' && r.url === '/api/persons/:id/cases' && JSON.stringify(r.scope) === JSON.stringify({ court: '/body/court' });
      const unnamed = atPerson.filter((r) => !courtNamed(r) && JSON.stringify(r.scope) !== JSON.stringify({ person: '/params/id' })).map((r) => `${r.method} ${r.url} ${JSON.stringify(r.scope)}`);
      assert.deepEqual(unnamed, []);
      assert.ok(atPerson.length >= 15, `${atPerson.length} routes at a person's address`);
      // A liaison officer's routes at a person's address reach its state's nationals only.
      const atNational = tried().filter((r) => r.permission === 'nationals.read' && r.url.includes(':id'));
      assert.deepEqual(atNational.filter((r) => JSON.stringify(r.scope) !== JSON.stringify({ national: '/params/id' })).map((r) => `${r.method} ${r.url}`), []);
      assert.ok(atNational.length >= 2, `${atNational.length} routes at a national's address`);
    });

    test('scope × role: an account assigned nothing reads no person at a person’s address, except where its role reaches the whole register', async () => {
      const supervisor = cookies.get('supervisor')!;
      const facility = aFacility({ name: 'Fictional Matrix Facility' });
      assert.equal((await app.inject({ method: 'POST', url: '/api/facilities', headers: { cookie: supervisor, 'idempotency-key': randomUUID() }, payload: facility })).statusCode, 201);
      const { person_id: _p, register_number: _n, ...person } = aPerson();
      const registered = await app.inject({ method: 'POST', url: '/api/persons', headers: { cookie: supervisor, 'idempotency-key': randomUUID() }, payload: person });
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(id, facility);
      assert.equal((await app.inject({ method: 'POST', url: '/api/admissions', headers: { cookie: supervisor, 'idempotency-key': randomUUID() }, payload: admission })).statusCode, 201);
      // Who reaches the whole register without an assignment, read from the reach table as data.
      const wholeRegister = (role: Role) => reachTable[role] === 'register';
      const reads = tried().filter((r) => r.method === 'GET' && /^\/(api\/|print\/)?persons\/:id(\/[a-z-]+)?$/.test(r.url) && r.url !== '/api/persons/:id/reads');
      const failures: string[] = [];
      for (const role of roles) {
        await createAccount(db, { username: `unassigned-${role}`, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
        const cookie = await login(app, `unassigned-${role}`);
        for (const route of reads) {
          const res = await app.inject({ method: 'GET', url: route.url.replace(':id', id), headers: { cookie } });
          const expected = !grants[role].includes(route.permission as never) ? [403] : wholeRegister(role) ? [200] : [404];
          if (!expected.includes(res.statusCode)) failures.push(`${role} ${route.url}: ${res.statusCode}, not ${expected.join('/')}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(reads.length >= 6, `${reads.length} reads`);
    });
  });
}
