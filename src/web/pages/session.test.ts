import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { safeBack } from './session.tsx';
import { backends } from '../../../test/support/backends.ts';
import { cheap, login, password } from '../../../test/support/api-client.ts';
import { buildServer } from '../../api/server.ts';
import { createAccount } from '../../api/accounts.ts';
import type { Database } from '../../store/database.ts';

/** Ways of writing "another site" that a browser resolves against a path-only Location. */
const offSite = [
  '//evil.example/login',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '/\t/evil.example/x',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/..//evil.example',
  '/x/..//evil.example',
  '/x/y/../..//evil.example',
  '/.//evil.example',
  '/././/evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E//evil.example',
  '/%2e//evil.example',
  '/.%2e//evil.example',
  '/x/%2e%2e//evil.example',
  '/..\\/evil.example',
  '/..\t//evil.example',
  'https://evil.example/',
  'http://sijill.invalid@evil.example/',
  'javascript:alert(1)',
  'evil.example',
  '',
  42,
  null,
  undefined,
];

/** Paths on this site with odd characters: kept, since a browser stays here with them. */
const onSite = ['/%09/evil.example', '/%5c%5cevil.example', '/%5C/evil.example', '/%2f%2fevil.example', '/%2F/evil.example', '/x/%2f/evil.example'];

/** Where a browser goes when it is sent a Location header with this value from https://register.test/login. */
const resolvedByBrowser = (location: string) => new URL(location, 'https://register.test/login');

test('after login only a path on this site is followed; anything a browser would read as another site falls back', () => {
  assert.equal(safeBack('/persons?q=Ahmad'), '/persons?q=Ahmad');
  assert.equal(safeBack('/transfers/../dashboard'), '/dashboard');
  for (const attempt of offSite) assert.equal(safeBack(attempt), '/dashboard', JSON.stringify(attempt));
});

test('an encoded tab, backslash or slash is a path segment here, and stays on this site', () => {
  for (const attempt of onSite) {
    const back = safeBack(attempt);
    assert.equal(back, attempt, JSON.stringify(attempt));
    assert.equal(resolvedByBrowser(back).origin, 'https://register.test', JSON.stringify(attempt));
  }
});

test('whatever is given, the answer is a path that a browser resolves on this site and that resolves to itself again', () => {
  for (const attempt of [...offSite, ...onSite, '/a/b/../c?d=e', '/%2e%2e/dashboard', '/?next=//evil.example']) {
    const back = safeBack(attempt);
    assert.ok(back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\'), `${JSON.stringify(attempt)} → ${back}`);
    const once = resolvedByBrowser(back);
    assert.equal(once.origin, 'https://register.test', `${JSON.stringify(attempt)} → ${back}`);
    assert.equal(`${once.pathname}${once.search}`, back, `${JSON.stringify(attempt)} → ${back} does not round-trip`);
    assert.equal(safeBack(back), back, `${JSON.stringify(attempt)} → ${back} is not stable`);
  }
});

for (const backend of backends) {
  describe(`login's next on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    before(async () => {
      db = await backend.open();
      app = buildServer({ db, passwordCost: cheap });
      await app.ready();
      await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password }, { cost: cheap });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('GET /login?next=… while logged in sends the browser to a page of this site, whatever next says', async () => {
      const cookie = await login(app, 'clerk');
      for (const next of offSite.filter((n): n is string => typeof n === 'string')) {
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
