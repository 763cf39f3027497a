/** The login's return address through the real route, on the whole application (pages on the API's server). */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, login, password } from './support/api-client.ts';
import { cookiesOf, csrfOf } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Database } from '../src/store/database.ts';

/** Ways of writing "another site" that a browser resolves against a path-only Location. */
const offSite = ['//evil.example/login', '/\\evil.example', '/\t/evil.example/x', '/..//evil.example', '/x/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/%09/evil.example', '/%5c%5cevil.example', 'https://evil.example/', 'javascript:alert(1)'];

const resolvedByBrowser = (location: string) => new URL(location, 'https://register.test/login');

/** The open-redirect corpus: each written with its percent-escapes in lower case, in upper case and mixed. */
const corpus = [
  '/..//evil.example', '/x/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', '/\t/evil.example',
  'https://evil.example', '/%5Cevil.example', '/%09/evil.example', '/%2e%2e/%2fevil.example', '/%2f%2fevil.example', '/%5c%5cevil.example', '/.%2e//evil.example', '/%2e//evil.example',
];
const cased = (attempt: string) => [attempt, attempt.replace(/%[0-9a-f]{2}/gi, (e) => e.toLowerCase()), attempt.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase()), attempt.replace(/%([0-9a-f])([0-9a-f])/gi, (_e, a: string, b: string) => `%${a.toLowerCase()}${b.toUpperCase()}`), attempt.toUpperCase()];
const attempts = [...new Set(corpus.flatMap(cased))];

/**
 * Where a Location lands: a path of this register, one slash and not two once a browser has
 * normalised it (dot segments, tabs, backslashes), whose page the register answers itself
 * (followed through any further redirects, none of which may leave either).
 */
async function assertLandsHere(app: FastifyInstance, cookie: string, location: string, attempt: string): Promise<void> {
  for (let hops = 0; hops < 4; hops++) {
    const why = `${JSON.stringify(attempt)} → ${location}`;
    assert.match(location, /^\/(?![\/\\])/, why);
    const resolved = resolvedByBrowser(location);
    assert.equal(resolved.origin, 'https://register.test', why);
    assert.match(resolved.pathname, /^\/(?![\/\\])/, why);
    const page = await app.inject({ method: 'GET', url: `${resolved.pathname}${resolved.search}`, headers: { cookie } });
    if (page.statusCode !== 301 && page.statusCode !== 302 && page.statusCode !== 303 && page.statusCode !== 307 && page.statusCode !== 308) {
      assert.ok(page.statusCode < 500, `${why}: ${page.statusCode}`);
      return;
    }
    location = String(page.headers.location);
  }
  assert.fail(`${JSON.stringify(attempt)}: more than three redirects`);
}

for (const backend of backends) {
  describe(`login's next on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap });
      await app.ready();
      await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('the open-redirect corpus, every case of its escapes: logged in (GET) and logging in (POST), each lands on a page of this register', async () => {
      const cookie = await login(app, 'clerk');
      for (const attempt of attempts) {
        const res = await app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent(attempt)}`, headers: { cookie } });
        assert.equal(res.statusCode, 303, JSON.stringify(attempt));
        await assertLandsHere(app, cookie, String(res.headers.location), attempt);
      }
      for (const attempt of attempts) {
        const form = await app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent(attempt)}` });
        const pre = cookiesOf(form);
        const res = await app.inject({
          method: 'POST',
          url: '/login',
          headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrfOf(form.body), username: 'clerk', password, next: attempt }).toString(),
        });
        assert.equal(res.statusCode, 303, `${JSON.stringify(attempt)}: ${res.body.slice(0, 200)}`);
        await assertLandsHere(app, [...pre, ...cookiesOf(res)].join('; '), String(res.headers.location), attempt);
      }
    });

    test('GET /login?next=… while logged in sends the browser to a page of this site, whatever next says', async () => {
      const cookie = await login(app, 'clerk');
      for (const next of offSite) {
        const res = await app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent(next)}`, headers: { cookie } });
        assert.equal(res.statusCode, 303, JSON.stringify(next));
        const location = String(res.headers.location);
        assert.ok(!location.startsWith('//') && !location.startsWith('/\\'), `${JSON.stringify(next)} → ${location}`);
        assert.equal(resolvedByBrowser(location).origin, 'https://register.test', `${JSON.stringify(next)} → ${location}`);
      }
      // The raw, unencoded forms as an attacker would put them in a link.
      for (const raw of ['/..//evil.example', '/x/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/%2E%2E//evil.example']) {
        const res = await app.inject({ method: 'GET', url: `/login?next=${raw}`, headers: { cookie } });
        assert.equal(res.statusCode, 303, raw);
        assert.equal(res.headers.location, '/dashboard', raw);
      }
    });
  });
}
