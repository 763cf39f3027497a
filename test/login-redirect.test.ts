/** The login's return address through the real route, on the whole application (pages on the API's server). */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, login, password } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount } from '../src/api/accounts.ts';
import type { Database } from '../src/store/database.ts';

/** Ways of writing "another site" that a browser resolves against a path-only Location. */
const offSite = ['//evil.example/login', '/\\evil.example', '/\t/evil.example/x', '/..//evil.example', '/x/..//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/%09/evil.example', '/%5c%5cevil.example', 'https://evil.example/', 'javascript:alert(1)'];

const resolvedByBrowser = (location: string) => new URL(location, 'https://register.test/login');

for (const backend of backends) {
  describe(`login's next on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap });
      await app.ready();
      await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password }, { cost: cheap });
    });
    after(async () => {
      await app.close();
      await db.close();
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
