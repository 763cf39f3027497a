/**
 * The web application's guards, through HTTP: every page declares its permission (the
 * table below is written by hand), a logged-out reader is sent to the login page, a role
 * without the permission gets a 403 page, every form post needs its CSRF token, and
 * assets are served compressed and cached.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, password } from './support/api-client.ts';
import { buildServer, routePermissions } from '../src/api/server.ts';
import { createAccount } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

/** Every page and form of the web application and the permission it must declare. */
const webRoutes: readonly string[] = [
  'GET / public',
  'GET /assets/:name public',
  'GET /login public',
  'POST /login public',
  'POST /logout authenticated',
  'POST /language public',
  'GET /dashboard authenticated',
  'GET /search person.read',
  'GET /persons/:id person.read',
  'GET /persons/new person.register',
  'POST /persons/new person.register',
  'POST /persons/new/duplicates person.register',
  'GET /persons/:id/admit custody.admit',
  'POST /persons/:id/admit custody.admit',
  'GET /transfers transfer.read',
  'GET /transfers/new transfer.manage',
  'POST /transfers/new transfer.manage',
  'GET /transfers/:id transfer.read',
  'POST /transfers/:id/approve transfer.approve',
  'POST /transfers/:id/cancel transfer.manage',
  'POST /transfers/:id/dispatch transfer.dispatch',
  'POST /transfers/:id/checkin transfer.receive',
  'POST /transfers/:id/count transfer.receive',
  'POST /transfers/:id/reject transfer.receive',
  'POST /transfers/:id/close transfer.receive',
  'GET /print/persons/:id/extract person.read',
  'GET /print/persons/:id/wristband person.read',
  'GET /print/transfers/:id/manifest transfer.read',
];

const isWebRoute = (url: string) => !url.startsWith('/api/') && !url.startsWith('/log/');

function cookiesOf(res: LightMyRequestResponse): string[] {
  return [res.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!);
}

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1]!;

for (const backend of backends) {
  describe(`web application on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;

    /** Log in through the login form; returns the browser's cookies and a CSRF token for its forms. */
    async function loginAs(username: string): Promise<{ cookie: string; csrf: string }> {
      const form = await app.inject({ method: 'GET', url: '/login' });
      const pre = cookiesOf(form);
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(form.body), username, password, next: '/dashboard' }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body);
      const cookie = [...pre, ...cookiesOf(res)].join('; ');
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      assert.equal(page.statusCode, 200);
      return { cookie, csrf: csrfOf(page.body) };
    }

    const persons = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;

    before(async () => {
      db = await backend.open();
      app = buildServer({ db, passwordCost: cheap });
      await app.ready();
      const accounts: [string, Role][] = [['clerk', 'registration_clerk'], ['admin', 'administrator'], ['auditor', 'auditor']];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password }, { cost: cheap });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('every page and form declares the permission this table gives it, and no other page exists', () => {
      const declared = routePermissions(app)
        .filter((r) => isWebRoute(r.url) && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url} ${r.permission}`)
        .sort();
      assert.deepEqual(declared, [...webRoutes].sort());
    });

    test('a logged-out reader is sent to the login page and back; htmx is told to go there', async () => {
      const res = await app.inject({ method: 'GET', url: '/search?q=x' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/login?next=${encodeURIComponent('/search?q=x')}`);
      const htmx = await app.inject({ method: 'GET', url: '/dashboard', headers: { 'hx-request': 'true' } });
      assert.equal(htmx.statusCode, 401);
      assert.equal(htmx.headers['hx-redirect'], '/login?next=%2Fdashboard');
      const login = await app.inject({ method: 'GET', url: '/login' });
      assert.match(login.body, /<html lang="ar" dir="rtl">/);
      assert.match(String(login.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(login.headers['x-frame-options'], 'DENY');
    });

    test('a role without the permission gets a page saying so (403), in the reader’s language', async () => {
      const admin = await loginAs('admin');
      const res = await app.inject({ method: 'GET', url: '/search', headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 403);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /غير مسموح/);
      const auditor = await loginAs('auditor');
      const before = await persons();
      const post = await app.inject({
        method: 'POST',
        url: '/persons/new',
        headers: { cookie: auditor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: auditor.csrf, '/names/0/full': 'سالم' }).toString(),
      });
      assert.equal(post.statusCode, 403);
      assert.equal(await persons(), before);
    });

    test('a form post without its CSRF token, or with another session’s, is refused and writes nothing', async () => {
      const clerk = await loginAs('clerk');
      const other = await loginAs('auditor');
      const body = (csrf?: string) => new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), '/names/0/full': 'سالم حميد ناصر', '/sex': 'male', '/dob/kind': 'year', '/dob/year': '1990', '/nationalities': 'IQ', _action: 'register' }).toString();
      const before = await persons();
      for (const csrf of [undefined, other.csrf, 'x'.repeat(43)]) {
        const res = await app.inject({ method: 'POST', url: '/persons/new', headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body(csrf) });
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /انتهت صلاحية النموذج/);
      }
      assert.equal(await persons(), before);
      const ok = await app.inject({ method: 'POST', url: '/persons/new', headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body(clerk.csrf) });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.match(String(ok.headers.location), /^\/persons\/[0-9a-f-]{36}\?registered=1$/);
      assert.equal(await persons(), before + 1);
    });

    test('the language choice is a cookie remembered for a year; the page follows it', async () => {
      const clerk = await loginAs('clerk');
      const res = await app.inject({
        method: 'POST',
        url: '/language',
        headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: clerk.csrf, lang: 'kmr', back: '//elsewhere.example/' }).toString(),
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/', 'never back to another site');
      const set = String([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('sijill_lang=')));
      assert.match(set, /^sijill_lang=kmr;.*Max-Age=31536000/);
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: `${clerk.cookie}; sijill_lang=kmr` } });
      assert.match(page.body, /<html lang="kmr" dir="ltr">/);
      assert.match(page.body, /<h1>Pano<\/h1>/);
    });

    test('scripts are served gzip-compressed and cached for a year; all of them under 60 KB compressed', async () => {
      const page = await app.inject({ method: 'GET', url: '/login' });
      const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(scripts.length, 2);
      let total = 0;
      for (const url of scripts) {
        const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-encoding'], 'gzip');
        assert.match(String(res.headers['cache-control']), /max-age=31536000, immutable/);
        assert.ok(gunzipSync(res.rawPayload).length > res.rawPayload.length);
        total += res.rawPayload.length;
      }
      assert.ok(total < 60 * 1024, `${total} bytes of compressed script`);
      const font = [...page.body.matchAll(/href="(\/assets\/font-arabic-400[^"]*)"/g)][0]![1]!;
      const woff2 = await app.inject({ method: 'GET', url: font });
      assert.equal(woff2.headers['content-type'], 'font/woff2');
      assert.equal(woff2.rawPayload.subarray(0, 4).toString('latin1'), 'wOF2');
    });
  });
}
