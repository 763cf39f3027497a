/**
 * Sessions end: after 30 minutes unused and 12 hours after login whatever the use (both
 * configurable), and every session of an account when its password is reset, its role changes or
 * it is disabled. Every login gets a new session id: a cookie value the browser sent before logging
 * in never becomes a session. The server's clock is injected and moved.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, password } from './support/api-client.ts';
import { cookiesOf, csrfOf, sessionCookieOf } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { defaultLoginThrottle, loadConfig } from '../src/config.ts';
import type { ServerOptions } from '../src/api/server.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

const minutes = (n: number) => n * 60_000;

test('session lifetimes are configured: 12 hours and 30 minutes unless set', () => {
  const d = loadConfig({});
  assert.equal(d.sessionHours, 12);
  assert.equal(d.sessionIdleMinutes, 30);
  const set = loadConfig({ SIJILL_SESSION_HOURS: '8', SIJILL_SESSION_IDLE_MINUTES: '10' });
  assert.equal(set.sessionHours, 8);
  assert.equal(set.sessionIdleMinutes, 10);
  assert.throws(() => loadConfig({ SIJILL_SESSION_IDLE_MINUTES: '0' }), /SIJILL_SESSION_IDLE_MINUTES must be a whole number, 1 or more/);
  assert.throws(() => loadConfig({ SIJILL_SESSION_HOURS: 'soon' }), /SIJILL_SESSION_HOURS/);
});

for (const backend of backends) {
  describe(`sessions on ${backend.name}`, () => {
    let db: Database;
    const servers: FastifyInstance[] = [];
    const start = new Date('2026-03-01T06:00:00Z');
    let now = start;

    async function server(options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
      const app = buildApp({ db, register: { db, clock: () => now }, passwordCost: cheap, loginThrottle: { ...defaultLoginThrottle, addressFailures: 10_000 }, ...options });
      await app.ready();
      servers.push(app);
      return app;
    }
    const login = async (app: FastifyInstance, username: string, pw = password, cookie?: string) =>
      app.inject({ method: 'POST', url: '/api/session', payload: { username, password: pw }, ...(cookie ? { headers: { cookie } } : {}) });
    const whoAmI = (app: FastifyInstance, cookie: string) => app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });

    before(async () => {
      db = await backend.open();
      const accounts: [string, Role][] = [['admin', 'administrator'], ['admin.two', 'administrator'], ['clerk', 'registration_clerk'], ['officer', 'facility_officer'], ['aud', 'auditor'], ['sup', 'supervisor']];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
    });
    after(async () => {
      for (const app of servers) await app.close();
      await db.close();
    });

    test('a session unused for 30 minutes ends; one in use goes on', async () => {
      now = start;
      const app = await server();
      const cookie = sessionCookieOf(await login(app, 'clerk'));
      now = new Date(start.getTime() + minutes(29));
      assert.equal((await whoAmI(app, cookie)).statusCode, 200, 'used after 29 minutes');
      now = new Date(start.getTime() + minutes(29 + 29));
      assert.equal((await whoAmI(app, cookie)).statusCode, 200, '29 minutes after its last use');
      now = new Date(start.getTime() + minutes(29 + 29 + 30) + 1000);
      const idle = await whoAmI(app, cookie);
      assert.equal(idle.statusCode, 401, 'unused for 30 minutes and a second');
      assert.equal(idle.json().code, 'unauthenticated');
      // And the web application sends the reader to the login page.
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      assert.equal(page.statusCode, 303);
      assert.match(String(page.headers.location), /^\/login\?next=/);
    });

    test('a session ends 12 hours after login, however much it is used', async () => {
      now = start;
      const app = await server();
      const cookie = sessionCookieOf(await login(app, 'officer'));
      for (let m = 20; m < 12 * 60; m += 20) {
        now = new Date(start.getTime() + minutes(m));
        assert.equal((await whoAmI(app, cookie)).statusCode, 200, `after ${m} minutes`);
      }
      now = new Date(start.getTime() + minutes(12 * 60) + 1000);
      assert.equal((await whoAmI(app, cookie)).statusCode, 401, 'twelve hours and a second after login');
    });

    test('both lifetimes follow the configuration', async () => {
      now = start;
      const app = await server({ sessionIdleMinutes: 5, sessionHours: 1 });
      const a = sessionCookieOf(await login(app, 'aud'));
      now = new Date(start.getTime() + minutes(5) + 1000);
      assert.equal((await whoAmI(app, a)).statusCode, 401, 'five minutes idle');
      now = start;
      const b = sessionCookieOf(await login(app, 'aud'));
      for (const m of [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56]) {
        now = new Date(start.getTime() + minutes(m));
        assert.equal((await whoAmI(app, b)).statusCode, 200, `after ${m} minutes`);
      }
      now = new Date(start.getTime() + minutes(60) + 1000);
      assert.equal((await whoAmI(app, b)).statusCode, 401, 'an hour after login');
    });

    test('resetting an account’s password or changing its role, or disabling it, ends every session it has', async () => {
      now = start;
      const app = await server();
      const admin = sessionCookieOf(await login(app, 'admin'));
      const change = (username: string, body: object) => app.inject({ method: 'PATCH', url: `/api/accounts/${username}`, headers: { cookie: admin }, payload: body });

      // Two browsers, then a reset password: both sessions end at once and the old password no
      // longer works; the official sets a new one with the token, and it works.
      const one = sessionCookieOf(await login(app, 'sup'));
      const two = sessionCookieOf(await login(app, 'sup'));
      const other = sessionCookieOf(await login(app, 'clerk'));
      const reset = await app.inject({ method: 'POST', url: '/api/accounts/sup/password-reset', headers: { cookie: admin } });
      assert.equal(reset.statusCode, 201, reset.body);
      assert.equal(reset.json().sessions_ended, 2);
      assert.equal((await whoAmI(app, one)).statusCode, 401);
      assert.equal((await whoAmI(app, two)).statusCode, 401);
      assert.equal((await whoAmI(app, other)).statusCode, 200, 'another account’s session goes on');
      assert.equal((await login(app, 'sup')).statusCode, 401);
      const enrolled = await app.inject({ method: 'POST', url: '/api/enrolment', payload: { username: 'sup', token: reset.json().enrolment_token, password: 'a new password for sup' } });
      assert.equal(enrolled.statusCode, 200, enrolled.body);
      const renewed = sessionCookieOf(await login(app, 'sup', 'a new password for sup'));

      // A new role (asked by one administrator, approved by a second): the session that held the
      // old one ends (it cannot keep the old permissions).
      const roleAsked = await change('sup', { role: 'auditor' });
      assert.equal(roleAsked.statusCode, 202, roleAsked.body);
      const second = sessionCookieOf(await login(app, 'admin.two'));
      const roleChanged = await app.inject({ method: 'POST', url: `/api/account-requests/${roleAsked.json().request_id}/approval`, headers: { cookie: second } });
      assert.equal(roleChanged.statusCode, 200, roleChanged.body);
      assert.equal(roleChanged.json().role, 'auditor');
      assert.equal((await whoAmI(app, renewed)).statusCode, 401);
      const asAuditor = sessionCookieOf(await login(app, 'sup', 'a new password for sup'));
      assert.equal((await whoAmI(app, asAuditor)).json().role, 'auditor');

      // Disabled: the session ends and no login is possible; enabled again, it logs in.
      const disabled = await change('sup', { disabled: true });
      assert.equal(disabled.statusCode, 200, disabled.body);
      assert.equal(disabled.json().disabled, true);
      assert.equal((await whoAmI(app, asAuditor)).statusCode, 401);
      assert.equal((await login(app, 'sup', 'a new password for sup')).statusCode, 401);
      assert.equal((await change('sup', { disabled: false })).statusCode, 200);
      assert.equal((await login(app, 'sup', 'a new password for sup')).statusCode, 200);

      const audit = await db.query<{ what: string }>("SELECT x.what FROM account_audit x JOIN account a ON a.id = x.account_id WHERE a.username = 'sup' ORDER BY x.id");
      assert.deepEqual(audit.rows.map((r) => r.what), ['password_reset', 'enrolment_token_issued:password_reset', 'password_set_with_token', 'role_changed:auditor', 'disabled', 'enabled']);
      // Only an administrator changes accounts; an unknown one is named.
      assert.equal((await app.inject({ method: 'PATCH', url: '/api/accounts/sup', headers: { cookie: other }, payload: { disabled: true } })).statusCode, 403);
      const unknown = await change('nobody', { disabled: true });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().field, '/params/username');
    });

    test('every login gets a new session id; the cookie the browser came with is never taken over, and its session ends', async () => {
      now = start;
      const app = await server();
      const first = sessionCookieOf(await login(app, 'clerk'));
      const second = sessionCookieOf(await login(app, 'clerk', password, first));
      assert.notEqual(second, first);
      assert.equal((await whoAmI(app, first)).statusCode, 401, 'the session the login request came with has ended');
      assert.equal((await whoAmI(app, second)).statusCode, 200);
      // A value planted before login (session fixation) is not what the login answers, nor ever a session.
      const planted = `sijill_session=${randomBytes(32).toString('base64url')}`;
      const fixed = sessionCookieOf(await login(app, 'clerk', password, planted));
      assert.notEqual(fixed, planted);
      assert.equal((await whoAmI(app, planted)).statusCode, 401);
      // The web login too: a planted value beside the form's cookie is replaced by a new session id.
      const form = await app.inject({ method: 'GET', url: '/login' });
      const pre = cookiesOf(form);
      const plantedAgain = `sijill_session=${randomBytes(32).toString('base64url')}`;
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: [...pre, plantedAgain].join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(form.body), username: 'clerk', password, next: '/dashboard' }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 200));
      const web = sessionCookieOf(res);
      assert.notEqual(web, plantedAgain);
      assert.equal((await whoAmI(app, web)).statusCode, 200);
      assert.equal((await whoAmI(app, plantedAgain)).statusCode, 401);
    });
  });
}

