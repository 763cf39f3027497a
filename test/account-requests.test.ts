/**
 * Separation of duties for accounts (issue 14): a new account, and a new role or scope, is a
 * request of one administrator that takes effect only when a second approves it; the requester's
 * own approval and any grant to oneself are refused by name; both steps are events in the log
 * that carry no password, hash or display name. The console makes the first two administrators.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { BootstrapRefused, bootstrapAccountAtConsole } from '../src/api/account-requests.ts';
import type { Database } from '../src/store/database.ts';

for (const backend of backends) {
  describe(`account requests on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const c = {} as Record<string, Client>;
    const events = async () => (await db.query<{ kind: string; actor: string; text: string }>("SELECT kind, actor, convert_from(bytes, 'UTF8') AS text FROM event WHERE kind LIKE 'account.%' ORDER BY idx")).rows;
    const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM event')).rows[0]!.n);
    const roleOf = async (username: string) => (await db.query<{ role: string }>('SELECT role FROM account WHERE username = $1', [username])).rows[0]?.role ?? null;
    const tryLogin = (username: string) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db } });
      await app.ready();
      // The console makes the first two administrators, each an event in the log.
      for (const username of ['admin.one', 'admin.two']) await bootstrapAccountAtConsole({ db }, { username, displayName: `Fictional ${username}`, role: 'administrator', password }, { cost: cheap });
      await createAccount(db, { username: 'sup', displayName: 'Fictional supervisor', role: 'supervisor', password, scope: wholeRegister }, { cost: cheap });
      for (const username of ['admin.one', 'admin.two', 'sup']) c[username] = clientFor(app, await login(app, username));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('the console makes accounts only while fewer than two administrators are enabled; each is an event of the console', async () => {
      await assert.rejects(
        bootstrapAccountAtConsole({ db }, { username: 'admin.three', displayName: 'Fictional third', role: 'administrator', password }, { cost: cheap }),
        (error: unknown) => error instanceof BootstrapRefused && error.code === 'forbidden',
      );
      assert.equal(await roleOf('admin.three'), null);
      const boot = (await events()).filter((e) => e.kind === 'account.bootstrapped');
      assert.deepEqual(boot.map((e) => [e.actor, JSON.parse(e.text).data]), [
        ['console', { username: 'admin.one', role: 'administrator', scope: null, liaison_state: null, created_by: 'console' }],
        ['console', { username: 'admin.two', role: 'administrator', scope: null, liaison_state: null, created_by: 'console' }],
      ]);
    });

    test('a new account waits for a second administrator; the one who asked cannot approve it; approved, it logs in', async () => {
      const f = aFacility({ name: 'Fictional Facility R' });
      assert.equal((await c.sup!('POST', '/api/facilities', { body: f })).statusCode, 201);
      const asked = await c['admin.one']!('POST', '/api/accounts', { body: { username: 'officer.r', display_name: 'Fictional Officer R', role: 'facility_officer', password, scope: { facilities: [f.facility_id] } } });
      assert.equal(asked.statusCode, 202, asked.body);
      const { request_id } = asked.json();
      assert.equal(asked.json().status, 'awaiting_approval');
      assert.equal(await roleOf('officer.r'), null, 'no account before approval');
      assert.equal((await tryLogin('officer.r')).statusCode, 401);

      const listed = await c['admin.two']!('GET', '/api/account-requests');
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual(listed.json().requests.map((r: { request_id: string; approved_by: string | null; requested_by: string }) => [r.request_id, r.requested_by, r.approved_by]), [[request_id, 'admin.one', null]]);

      const before = await eventCount();
      assertProblem(await c['admin.one']!('POST', `/api/account-requests/${request_id}/approval`), 403, 'same_official', '/approved_by');
      assert.equal(await eventCount(), before, 'a refused approval writes nothing');
      assert.equal(await roleOf('officer.r'), null);

      const approved = await c['admin.two']!('POST', `/api/account-requests/${request_id}/approval`);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().approved_by, 'admin.two');
      assert.equal(await roleOf('officer.r'), 'facility_officer');
      assert.equal((await tryLogin('officer.r')).statusCode, 200);
      const scope = await db.query<{ kind: string; value: string }>("SELECT s.kind, s.value FROM account_scope s JOIN account a ON a.id = s.account_id WHERE a.username = 'officer.r'");
      assert.deepEqual(scope.rows, [{ kind: 'facility', value: f.facility_id }]);
      const audit = await db.query<{ what: string; by: string }>("SELECT x.what, b.username AS by FROM account_audit x JOIN account a ON a.id = x.account_id JOIN account b ON b.id = x.by_account_id WHERE a.username = 'officer.r'");
      assert.deepEqual(audit.rows, [{ what: 'created:facility_officer', by: 'admin.two' }]);
      assert.equal((await db.query('SELECT 1 FROM account_request_detail')).rows.length, 0, 'the waiting password hash is gone');
      assertProblem(await c['admin.two']!('POST', `/api/account-requests/${request_id}/approval`), 409, 'invalid_transition', '/params/id');

      // In the log: who asked, who approved, the username, role and scope — no password, hash or name.
      const logged = (await events()).filter((e) => e.text.includes(request_id));
      assert.deepEqual(logged.map((e) => [e.kind, e.actor, JSON.parse(e.text).data]), [
        ['account.requested', 'admin.one', { request_id, change: 'create', username: 'officer.r', role: 'facility_officer', scope: { all: false, facilities: [f.facility_id], courts: [] }, liaison_state: null, requested_by: 'admin.one' }],
        ['account.approved', 'admin.two', { request_id, username: 'officer.r', approved_by: 'admin.two' }],
      ]);
      const all = (await db.query<{ text: string }>("SELECT convert_from(bytes, 'UTF8') AS text FROM event")).rows.map((r) => r.text).join('\n');
      assert.equal(all.includes(password), false);
      assert.equal(all.includes('$argon2'), false);
      assert.equal(all.includes('Fictional Officer R'), false);
    });

    test('a new role waits for a second administrator; a grant to oneself, or approved by its subject, is refused by name', async () => {
      for (const body of [{ role: 'supervisor' }, { scope: { all: true } }]) {
        assertProblem(await c['admin.one']!('PATCH', '/api/accounts/admin.one', { body }), 403, 'forbidden', 'role' in body ? '/role' : '/scope');
      }
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/sup', { body: { role: 'auditor', password: 'another long password' } }), 400, 'invalid_request', '/password');
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/nobody', { body: { role: 'auditor' } }), 404, 'not_found', '/params/username');
      // Found by the fuzz: an unknown account is named before the mix of a role and a password.
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/nobody', { body: { role: 'auditor', password: 'another long password' } }), 404, 'not_found', '/params/username');
      const supSession = await login(app, 'sup');
      const asked = await c['admin.one']!('PATCH', '/api/accounts/sup', { body: { role: 'auditor' } });
      assert.equal(asked.statusCode, 202, asked.body);
      assertProblem(await c['admin.two']!('PATCH', '/api/accounts/sup', { body: { role: 'judge' } }), 409, 'duplicate', '/role');
      assert.equal(await roleOf('sup'), 'supervisor', 'unchanged until approved');
      assert.equal((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: supSession } })).statusCode, 200);
      assertProblem(await c['admin.one']!('POST', `/api/account-requests/${asked.json().request_id}/approval`), 403, 'same_official', '/approved_by');
      const approved = await c['admin.two']!('POST', `/api/account-requests/${asked.json().request_id}/approval`);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(await roleOf('sup'), 'auditor');
      assert.equal((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: supSession } })).statusCode, 401, 'a new role ends the sessions');

      // Another administrator asks to make admin.two an auditor: admin.two cannot approve it.
      const aboutTwo = await c['admin.one']!('PATCH', '/api/accounts/admin.two', { body: { role: 'auditor' } });
      assert.equal(aboutTwo.statusCode, 202, aboutTwo.body);
      assertProblem(await c['admin.two']!('POST', `/api/account-requests/${aboutTwo.json().request_id}/approval`), 403, 'same_official', '/approved_by');
      assert.equal(await roleOf('admin.two'), 'administrator');
      // One administrator cannot set another's password (then log in as them and approve).
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/admin.two', { body: { password: 'a password admin.one knows' } }), 403, 'forbidden', '/password');
      assert.equal((await tryLogin('admin.two')).statusCode, 200, 'the password is unchanged');
      // Only administrators see or approve requests.
      assert.equal((await c['admin.one']!('GET', '/api/account-requests')).statusCode, 200);
      const auditor = clientFor(app, await login(app, 'sup'));
      assert.equal((await auditor('GET', '/api/account-requests')).statusCode, 403);
      assert.equal((await auditor('POST', `/api/account-requests/${aboutTwo.json().request_id}/approval`)).statusCode, 403);
    });

    test('an administrator made at the request of another (who chose its first password), or made by such an one, never approves that other\'s requests', async () => {
      const ask = async (who: string, username: string, role: string) => {
        const res = await c[who]!('POST', '/api/accounts', { body: { username, display_name: `Fictional ${username}`, role, password } });
        assert.equal(res.statusCode, 202, res.body);
        return res.json().request_id as string;
      };
      const approve = (who: string, id: string) => c[who]!('POST', `/api/account-requests/${id}/approval`);
      assert.equal((await approve('admin.two', await ask('admin.one', 'admin.r', 'administrator'))).statusCode, 200);
      c['admin.r'] = clientFor(app, await login(app, 'admin.r'));
      const clerk = await ask('admin.one', 'clerk.q', 'registration_clerk');
      const before = await eventCount();
      assertProblem(await approve('admin.r', clerk), 403, 'same_official', '/approved_by');
      // Made in turn by the one admin.one made: refused too.
      assert.equal((await approve('admin.two', await ask('admin.r', 'admin.s', 'administrator'))).statusCode, 200);
      c['admin.s'] = clientFor(app, await login(app, 'admin.s'));
      const middle = await eventCount();
      assertProblem(await approve('admin.s', clerk), 403, 'same_official', '/approved_by');
      assert.equal(await eventCount(), middle, 'a refused approval writes nothing');
      assert.ok(middle > before);
      assert.equal(await roleOf('clerk.q'), null);
      // An administrator admin.one did not make approves it; admin.r approves what admin.two asks.
      assert.equal((await approve('admin.two', clerk)).statusCode, 200);
      assert.equal(await roleOf('clerk.q'), 'registration_clerk');
      assert.equal((await approve('admin.r', await ask('admin.two', 'clerk.t', 'registration_clerk'))).statusCode, 200);
    });
  });
}
