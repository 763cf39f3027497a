/**
 * Password guessing is held back: per account, a lock with back-off kept in the database
 * (the defaults hold an online attack to 10 guesses an hour per account, and a lock refuses the
 * right password too); per client address, across accounts (the real client behind a trusted
 * proxy); refusals are 429 problems with Retry-After, the web login says so in the reader's
 * language, and an administrator sees and lifts a lock. The clock is the server's, injected.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, clientFor, login, password } from './support/api-client.ts';
import type { ServerOptions } from '../src/api/server.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { defaultLoginThrottle } from '../src/config.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

const wrong = 'not the password at all';

function assertTooMany(res: LightMyRequestResponse, retryAfter?: number) {
  assert.equal(res.statusCode, 429, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.json().code, 'too_many_attempts');
  assert.equal(res.json().status, 429);
  const seconds = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(seconds) && seconds > 0, `Retry-After ${res.headers['retry-after']}`);
  if (retryAfter !== undefined) assert.equal(seconds, retryAfter);
  assert.equal(res.headers['set-cookie'], undefined);
}

for (const backend of backends) {
  describe(`login throttling on ${backend.name}`, () => {
    let db: Database;
    const servers: FastifyInstance[] = [];
    const start = new Date('2026-03-01T08:00:00Z');
    let now = start;
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

    /** A server on the shared register with the injected clock; the account limits are the defaults unless given. */
    async function server(options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
      const app = buildApp({ db, register: { db, clock: () => now }, passwordCost: cheap, ...options });
      await app.ready();
      servers.push(app);
      return app;
    }
    /** Only the account limits: the address allows more than any test here makes. */
    const accountsOnly = { loginThrottle: { ...defaultLoginThrottle, addressFailures: 10_000 } };
    const attempt = (app: FastifyInstance, username: string, pw: string, from = '127.0.0.1', headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/api/session', remoteAddress: from, headers, payload: { username, password: pw } });

    before(async () => {
      db = await backend.open();
      const accounts: [string, Role][] = [['admin', 'administrator'], ['clerk', 'registration_clerk'], ['officer', 'facility_officer'], ['sup', 'supervisor'], ['aud', 'auditor'], ['late', 'registration_clerk']];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
      for (const n of [1, 2, 3, 4]) await createAccount(db, { username: `spray${n}`, displayName: `Fictional ${n}`, role: 'auditor', password, scope: wholeRegister }, { cost: cheap });
    });
    after(async () => {
      for (const app of servers) await app.close();
      await db.close();
    });

    test('with the default limits an attacker gets at most 10 guesses in an hour; the 11th within the hour is refused, the right password too', async () => {
      now = start;
      const app = await server(accountsOnly);
      const checked: number[] = [];
      // The fastest attack there is: guess whenever the server would check, wait exactly as long as Retry-After says.
      for (let tries = 0; now.getTime() < at(3600).getTime(); tries++) {
        assert.ok(tries < 100, `${tries} attempts in the hour and still no refusal: guesses checked at ${checked.join(', ')} s`);
        const res = await attempt(app, 'clerk', `${wrong} ${checked.length}`);
        if (res.statusCode === 401) checked.push((now.getTime() - start.getTime()) / 1000);
        else {
          assertTooMany(res);
          now = new Date(now.getTime() + Number(res.headers['retry-after']) * 1000);
        }
      }
      assert.equal(checked.filter((s) => s < 3600).length, 10, `guesses checked at ${checked.join(', ')} s`);
      // In the hour, after the 10th: refused unchecked, whatever the password.
      now = at(3599);
      assertTooMany(await attempt(app, 'clerk', wrong));
      assertTooMany(await attempt(app, 'clerk', password));
    });

    test('a locked account refuses the right password; after the back-off it logs in, and the count starts again', async () => {
      now = start;
      const app = await server(accountsOnly);
      for (let i = 0; i < defaultLoginThrottle.accountFreeFailures; i++) assert.equal((await attempt(app, 'officer', wrong)).statusCode, 401);
      assertTooMany(await attempt(app, 'officer', password), 60);
      now = at(30);
      assertTooMany(await attempt(app, 'officer', password), 30);
      // The lock is in the database: another server on the same register (another process, or after a restart) refuses too.
      assertTooMany(await attempt(await server(accountsOnly), 'officer', password), 30);
      now = at(60);
      const res = await attempt(app, 'officer', password);
      assert.equal(res.statusCode, 200, res.body);
      // Forgotten after a success: five more failures before the next lock.
      for (let i = 0; i < defaultLoginThrottle.accountFreeFailures; i++) assert.equal((await attempt(app, 'officer', wrong)).statusCode, 401);
      assertTooMany(await attempt(app, 'officer', wrong), 60);
    });

    test('parallel guesses cannot slip past the count: of 20 at once, exactly the free ones are checked', async () => {
      now = start;
      const app = await server(accountsOnly);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(app, 'sup', `${wrong} ${i}`)));
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [...Array(defaultLoginThrottle.accountFreeFailures).fill(401), ...Array(20 - defaultLoginThrottle.accountFreeFailures).fill(429)]);
    });

    test('an unknown username locks exactly as a real one does (a lock says nothing about which usernames exist)', async () => {
      now = start;
      const app = await server(accountsOnly);
      for (let i = 0; i < defaultLoginThrottle.accountFreeFailures; i++) assert.equal((await attempt(app, 'nobody.here', wrong)).statusCode, 401);
      assertTooMany(await attempt(app, 'nobody.here', wrong), 60);
    });

    test('failed logins from one address are limited across accounts; another address is not held back', async () => {
      now = start;
      const app = await server({ loginThrottle: { ...defaultLoginThrottle, addressFailures: 3, addressWindowSeconds: 900 } });
      for (const n of [1, 2, 3]) assert.equal((await attempt(app, `spray${n}`, wrong, '192.0.2.10')).statusCode, 401);
      const refused = await attempt(app, 'spray4', password, '192.0.2.10');
      assertTooMany(refused);
      assert.ok(Number(refused.headers['retry-after']) <= 900);
      assert.equal((await attempt(app, 'spray4', password, '192.0.2.11')).statusCode, 200);
      // Successful logins do not count against an address (an office behind one address).
      const office = await server({ loginThrottle: { ...defaultLoginThrottle, addressFailures: 3, addressWindowSeconds: 900 } });
      for (let i = 0; i < 5; i++) assert.equal((await attempt(office, 'aud', password, '192.0.2.12')).statusCode, 200);
    });

    test('behind a trusted proxy the client named by X-Forwarded-For is counted; without trust the header is ignored', async () => {
      now = start;
      const limits = { ...defaultLoginThrottle, addressFailures: 2, addressWindowSeconds: 900 };
      const proxied = await server({ loginThrottle: limits, trustProxy: true });
      const client = (ip: string) => ({ 'x-forwarded-for': ip });
      for (const n of [1, 2]) assert.equal((await attempt(proxied, `spray${n}`, wrong, '10.0.0.1', client('203.0.113.7'))).statusCode, 401);
      assertTooMany(await attempt(proxied, 'spray3', password, '10.0.0.1', client('203.0.113.7')));
      assert.equal((await attempt(proxied, 'spray3', password, '10.0.0.1', client('203.0.113.8'))).statusCode, 200);

      const direct = await server({ loginThrottle: limits });
      for (const n of [1, 2]) assert.equal((await attempt(direct, `spray${n}`, wrong, '10.0.0.1', client(`203.0.113.${n}`))).statusCode, 401);
      assertTooMany(await attempt(direct, 'spray3', password, '10.0.0.1', client('203.0.113.99')));
    });

    test('an administrator sees the lock and the failures, and lifts it; other roles may not', async () => {
      now = start;
      const app = await server(accountsOnly);
      for (let i = 0; i < defaultLoginThrottle.accountFreeFailures; i++) assert.equal((await attempt(app, 'late', wrong)).statusCode, 401);
      const admin = clientFor(app, await login(app, 'admin'));
      const list = await admin('GET', '/api/accounts');
      assert.equal(list.statusCode, 200, list.body);
      const late = list.json().accounts.find((a: { username: string }) => a.username === 'late');
      assert.deepEqual({ failed_logins: late.failed_logins, locked_until: late.locked_until }, { failed_logins: 5, locked_until: at(60).toISOString() });
      const adminRow = list.json().accounts.find((a: { username: string }) => a.username === 'admin');
      assert.deepEqual({ failed_logins: adminRow.failed_logins, locked_until: adminRow.locked_until }, { failed_logins: 0, locked_until: null });
      assert.ok(!JSON.stringify(list.json()).includes('password'));

      const auditor = clientFor(app, await login(app, 'aud'));
      assert.equal((await auditor('GET', '/api/accounts')).statusCode, 403);
      assert.equal((await auditor('DELETE', '/api/accounts/late/lock')).statusCode, 403);
      assert.equal((await admin('DELETE', '/api/accounts/no.such.one/lock')).statusCode, 404);

      assert.equal((await admin('DELETE', '/api/accounts/late/lock')).statusCode, 204);
      const after = (await admin('GET', '/api/accounts')).json().accounts.find((a: { username: string }) => a.username === 'late');
      assert.deepEqual({ failed_logins: after.failed_logins, locked_until: after.locked_until }, { failed_logins: 0, locked_until: null });
      assert.equal((await attempt(app, 'late', password)).statusCode, 200);
    });

    test('the web login says the account is locked, in the reader’s language, with Retry-After', async () => {
      now = start;
      const app = await server(accountsOnly);
      const cookiesOf = (res: LightMyRequestResponse) => [res.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!);
      async function webLogin(username: string, pw: string, lang?: string) {
        const form = await app.inject({ method: 'GET', url: '/login', headers: lang ? { cookie: `sijill_lang=${lang}` } : {} });
        const cookie = [...cookiesOf(form), ...(lang ? [`sijill_lang=${lang}`] : [])].join('; ');
        const csrf = form.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
        return app.inject({
          method: 'POST',
          url: '/login',
          remoteAddress: '198.51.100.4',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, username, password: pw, next: '/dashboard' }).toString(),
        });
      }
      for (let i = 0; i < defaultLoginThrottle.accountFreeFailures; i++) assert.equal((await webLogin('clerk.web', wrong)).statusCode, 401);
      const arabic = await webLogin('clerk.web', wrong);
      assert.equal(arabic.statusCode, 429);
      assert.equal(arabic.headers['retry-after'], '60');
      assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
      assert.ok(arabic.body.includes('محاولات دخول فاشلة كثيرة'), 'the Arabic message');
      assert.ok(arabic.body.includes('دقيقة واحدة'), 'one minute, in Arabic');
      const english = await webLogin('clerk.web', wrong, 'en');
      assert.equal(english.statusCode, 429);
      assert.ok(english.body.includes('Too many failed logins. Wait 1 minute'), english.body);
    });
  });
}
