/**
 * Separation of duties for accounts (issue 14): a new account, a new role or scope, disabling or
 * enabling an administrator and removing a second factor are each a request of one administrator
 * that takes effect only when a second approves it (or ends when one refuses it); the requester's
 * own approval and any grant to oneself are refused by name; the register never has fewer than
 * two enabled administrators through the API; every step is an event in the log that carries no
 * password, hash, token or display name. Nobody but the official chooses their password: an
 * approved account, or a reset password, is set with a single-use enrolment token that expires.
 * The console makes the first two administrators, never a username requested through the API.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { sessionCookieOf } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { BootstrapRefused, bootstrapAccountAtConsole } from '../src/api/account-requests.ts';
import { defaultLoginThrottle, loadConfig } from '../src/config.ts';
import type { Database } from '../src/store/database.ts';

const hours = (n: number) => n * 3_600_000;

test('an enrolment token is accepted for 72 hours unless configured, 1 to 720', () => {
  assert.equal(loadConfig({}).enrolmentTokenHours, 72);
  assert.equal(loadConfig({ SIJILL_ENROLMENT_TOKEN_HOURS: '24' }).enrolmentTokenHours, 24);
  assert.throws(() => loadConfig({ SIJILL_ENROLMENT_TOKEN_HOURS: '0' }), /SIJILL_ENROLMENT_TOKEN_HOURS must be a whole number, 1 or more and 720 at most/);
  assert.throws(() => loadConfig({ SIJILL_ENROLMENT_TOKEN_HOURS: '721' }), /SIJILL_ENROLMENT_TOKEN_HOURS/);
});

for (const backend of backends) {
  describe(`account requests on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const start = new Date('2026-03-02T07:00:00Z');
    let now = start;
    const c = {} as Record<string, Client>;
    const events = async () => (await db.query<{ kind: string; actor: string; text: string }>("SELECT kind, actor, convert_from(bytes, 'UTF8') AS text FROM event WHERE kind LIKE 'account.%' ORDER BY idx")).rows;
    const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM event')).rows[0]!.n);
    const roleOf = async (username: string) => (await db.query<{ role: string }>('SELECT role FROM account WHERE username = $1', [username])).rows[0]?.role ?? null;
    const disabled = async (username: string) => (await db.query<{ d: boolean }>('SELECT disabled_at IS NOT NULL AS d FROM account WHERE username = $1', [username])).rows[0]?.d;
    const tryLogin = (username: string, pw = password) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password: pw } });
    const enrol = (username: string, token: string, pw = password) => app.inject({ method: 'POST', url: '/api/enrolment', payload: { username, token, password: pw } });
    const whoAmI = (cookie: string) => app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    const approve = (who: string, id: string) => c[who]!('POST', `/api/account-requests/${id}/approval`);
    const ask = async (who: string, username: string, role: string, extra: object = {}) => {
      const res = await c[who]!('POST', '/api/accounts', { body: { username, display_name: `Fictional ${username}`, role, ...extra } });
      assert.equal(res.statusCode, 202, res.body);
      return res.json().request_id as string;
    };
    /** An account asked for by one administrator, approved by another, enrolled by its official with the token; logged in. */
    const made = async (asker: string, approver: string, username: string, role: string) => {
      const approved = await approve(approver, await ask(asker, username, role));
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal((await enrol(username, approved.json().enrolment.token)).statusCode, 200);
      c[username] = clientFor(app, await login(app, username));
    };

    before(async () => {
      db = await backend.open();
      // Sessions outlive the days the clock is moved by here.
      app = buildApp({ db, passwordCost: cheap, register: { db, clock: () => now }, loginThrottle: { ...defaultLoginThrottle, addressFailures: 10_000 }, sessionHours: 10_000, sessionIdleMinutes: 100_000 });
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

    test('a new account waits for a second administrator, who is given its enrolment token once; nobody can sign in to it until its official sets a password with the token', async () => {
      now = start;
      const f = aFacility({ name: 'Fictional Facility R' });
      assert.equal((await c.sup!('POST', '/api/facilities', { body: f })).statusCode, 201);
      // The asker chooses no password: the request carries none.
      assertProblem(await c['admin.one']!('POST', '/api/accounts', { body: { username: 'officer.r', display_name: 'Fictional Officer R', role: 'facility_officer', password, scope: { facilities: [f.facility_id] } } }), 400, 'invalid_request');
      const asked = await c['admin.one']!('POST', '/api/accounts', { body: { username: 'officer.r', display_name: 'Fictional Officer R', role: 'facility_officer', scope: { facilities: [f.facility_id] } } });
      assert.equal(asked.statusCode, 202, asked.body);
      const { request_id } = asked.json();
      assert.deepEqual(Object.keys(asked.json()).sort(), ['request_id', 'status', 'username']);
      assert.equal(await roleOf('officer.r'), null, 'no account before approval');

      const listed = await c['admin.two']!('GET', '/api/account-requests?status=awaiting_approval');
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual(listed.json().requests.map((r: { request_id: string; requested_by: string; status: string }) => [r.request_id, r.requested_by, r.status]), [[request_id, 'admin.one', 'awaiting_approval']]);

      const before = await eventCount();
      assertProblem(await approve('admin.one', request_id), 403, 'same_official', '/approved_by');
      assert.equal(await eventCount(), before, 'a refused approval writes nothing');
      assert.equal(await roleOf('officer.r'), null);

      const key = randomUUID();
      const approved = await c['admin.two']!('POST', `/api/account-requests/${request_id}/approval`, { key });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().approved_by, 'admin.two');
      assert.equal(approved.json().status, 'approved');
      const { token, expires_at } = approved.json().enrolment as { token: string; expires_at: string };
      assert.match(token, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
      assert.equal(expires_at, new Date(start.getTime() + hours(72)).toISOString());
      // A retry of the approval answers as the first, without the token: it is shown once.
      const again = await c['admin.two']!('POST', `/api/account-requests/${request_id}/approval`, { key });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().enrolment, null);
      assert.equal(await roleOf('officer.r'), 'facility_officer');
      // The account exists, and nobody can sign in to it: it has no password yet.
      assertProblem(await tryLogin('officer.r'), 401, 'invalid_credentials');
      const scope = await db.query<{ kind: string; value: string }>("SELECT s.kind, s.value FROM account_scope s JOIN account a ON a.id = s.account_id WHERE a.username = 'officer.r'");
      assert.deepEqual(scope.rows, [{ kind: 'facility', value: f.facility_id }]);

      // The official sets their own password with the token; it is accepted once, for that username only.
      assertProblem(await enrol('officer.r', 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE'), 401, 'invalid_token', '/token');
      assertProblem(await enrol('sup', token), 401, 'invalid_token', '/token');
      assertProblem(await enrol('officer.r', token, 'short'), 400, 'invalid_request');
      now = new Date(start.getTime() + hours(1));
      const enrolled = await enrol('officer.r', token.toLowerCase().replace(/-/g, ' '), 'officer r’s own password');
      assert.equal(enrolled.statusCode, 200, enrolled.body);
      assert.equal(enrolled.json().username, 'officer.r');
      assert.equal((await whoAmI(sessionCookieOf(enrolled))).statusCode, 200, 'signed in by the enrolment');
      assertProblem(await enrol('officer.r', token, 'somebody else’s password'), 410, 'token_used', '/token');
      assertProblem(await tryLogin('officer.r', 'somebody else’s password'), 401, 'invalid_credentials');
      assert.equal((await tryLogin('officer.r', 'officer r’s own password')).statusCode, 200);

      const audit = await db.query<{ what: string; by: string | null }>("SELECT x.what, b.username AS by FROM account_audit x JOIN account a ON a.id = x.account_id LEFT JOIN account b ON b.id = x.by_account_id WHERE a.username = 'officer.r' ORDER BY x.id");
      assert.deepEqual(audit.rows, [
        { what: 'created:facility_officer', by: 'admin.two' },
        { what: 'enrolment_token_issued:new_account', by: 'admin.two' },
        { what: 'password_set_with_token', by: null },
      ]);
      assert.equal((await db.query('SELECT 1 FROM account_request_detail')).rows.length, 0, 'the waiting display name is gone');
      assertProblem(await approve('admin.two', request_id), 409, 'invalid_transition', '/params/id');

      // In the log: who asked, who approved, the username, role and scope — no password, hash, token or name; nor in any command's saved answer.
      const logged = (await events()).filter((e) => e.text.includes(request_id));
      assert.deepEqual(logged.map((e) => [e.kind, e.actor, JSON.parse(e.text).data]), [
        ['account.requested', 'admin.one', { request_id, change: 'create', username: 'officer.r', role: 'facility_officer', scope: { all: false, facilities: [f.facility_id], courts: [] }, liaison_state: null, requested_by: 'admin.one' }],
        ['account.approved', 'admin.two', { request_id, username: 'officer.r', approved_by: 'admin.two' }],
      ]);
      const all = (await db.query<{ text: string }>("SELECT convert_from(bytes, 'UTF8') AS text FROM event UNION ALL SELECT response::text FROM command")).rows.map((r) => r.text).join('\n');
      for (const secret of [password, '$argon2', 'Fictional Officer R', token, token.replace(/-/g, '')]) assert.equal(all.includes(secret), false, secret);
    });

    test('an enrolment token expires; a new one, given by resetting the password, withdraws the old; an administrator’s password is nobody else’s to reset', async () => {
      now = start;
      const first = await approve('admin.one', await ask('admin.two', 'clerk.late', 'registration_clerk'));
      assert.equal(first.statusCode, 200, first.body);
      const late = first.json().enrolment.token as string;
      now = new Date(start.getTime() + hours(72) + 1000);
      assertProblem(await enrol('clerk.late', late), 410, 'token_expired', '/token');
      const reset = await c['admin.two']!('POST', '/api/accounts/clerk.late/password-reset');
      assert.equal(reset.statusCode, 201, reset.body);
      assert.deepEqual(Object.keys(reset.json()).sort(), ['enrolment_token', 'expires_at', 'sessions_ended', 'username']);
      const second = await c['admin.one']!('POST', '/api/accounts/clerk.late/password-reset');
      assert.equal(second.statusCode, 201, second.body);
      assertProblem(await enrol('clerk.late', reset.json().enrolment_token), 401, 'invalid_token', '/token');
      assert.equal((await enrol('clerk.late', second.json().enrolment_token)).statusCode, 200);

      // Never one's own password this way, never another administrator's (one who has set a password).
      assertProblem(await c['admin.one']!('POST', '/api/accounts/admin.one/password-reset'), 403, 'forbidden', '/params/username');
      assertProblem(await c['admin.one']!('POST', '/api/accounts/admin.two/password-reset'), 403, 'forbidden', '/params/username');
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/admin.two', { body: { password: 'a password admin.one knows' } }), 403, 'forbidden', '/password');
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/sup', { body: { password: 'a password admin.one knows' } }), 403, 'forbidden', '/password');
      assertProblem(await c['admin.one']!('POST', '/api/accounts/nobody.here/password-reset'), 404, 'not_found', '/params/username');
      assert.equal((await tryLogin('admin.two')).statusCode, 200, 'unchanged');
      assert.equal((await tryLogin('sup')).statusCode, 200, 'unchanged');
      // One's own password is one's own to change.
      assert.equal((await c['admin.one']!('PATCH', '/api/accounts/admin.one', { body: { password: 'admin one’s new password' } })).statusCode, 200);
      c['admin.one'] = clientFor(app, sessionCookieOf(await tryLogin('admin.one', 'admin one’s new password')));

      // An administrator whose official never set a password gets a new token — not from the one who asked for it.
      now = start;
      const admin = await approve('admin.one', await ask('admin.two', 'admin.late', 'administrator'));
      assert.equal(admin.statusCode, 200, admin.body);
      assertProblem(await c['admin.two']!('POST', '/api/accounts/admin.late/password-reset'), 403, 'forbidden', '/params/username');
      assert.equal((await c['admin.one']!('POST', '/api/accounts/admin.late/password-reset')).statusCode, 201);
      assert.equal((await db.query("SELECT count(*)::int AS n FROM enrolment_token t JOIN account a ON a.id = t.account_id WHERE a.username = 'admin.late' AND t.used_at IS NULL")).rows[0]!.n, 1);
    });

    test('a new role waits for a second administrator; a grant to oneself, or approved by its subject, is refused by name', async () => {
      now = start;
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
      assert.equal((await whoAmI(supSession)).statusCode, 200);
      assertProblem(await approve('admin.one', asked.json().request_id), 403, 'same_official', '/approved_by');
      const approved = await approve('admin.two', asked.json().request_id);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().enrolment, null);
      assert.equal(await roleOf('sup'), 'auditor');
      assert.equal((await whoAmI(supSession)).statusCode, 401, 'a new role ends the sessions');

      // Another administrator asks to make admin.two an auditor: admin.two cannot approve it, nor refuse it.
      await made('admin.one', 'admin.two', 'admin.three', 'administrator');
      const aboutTwo = await c['admin.one']!('PATCH', '/api/accounts/admin.two', { body: { role: 'auditor' } });
      assert.equal(aboutTwo.statusCode, 202, aboutTwo.body);
      assertProblem(await approve('admin.two', aboutTwo.json().request_id), 403, 'same_official', '/approved_by');
      assertProblem(await c['admin.two']!('POST', `/api/account-requests/${aboutTwo.json().request_id}/refusal`), 403, 'same_official', '/refused_by');
      assert.equal(await roleOf('admin.two'), 'administrator');
      // The one who asked withdraws it: nothing changes, and it is settled.
      const withdrawn = await c['admin.one']!('POST', `/api/account-requests/${aboutTwo.json().request_id}/refusal`);
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.deepEqual([withdrawn.json().status, withdrawn.json().refused_by], ['refused', 'admin.one']);
      assertProblem(await approve('admin.two', aboutTwo.json().request_id), 409, 'invalid_transition', '/params/id');
      assert.equal(await roleOf('admin.two'), 'administrator');
      // Only administrators see or decide requests.
      const auditor = clientFor(app, await login(app, 'sup'));
      assert.equal((await auditor('GET', '/api/account-requests')).statusCode, 403);
      assert.equal((await auditor('POST', `/api/account-requests/${aboutTwo.json().request_id}/approval`)).statusCode, 403);
      assert.equal((await auditor('POST', `/api/account-requests/${aboutTwo.json().request_id}/refusal`)).statusCode, 403);
    });

    test('an administrator is disabled or enabled only on a second administrator’s approval, and never below two enabled administrators; another account at once', async () => {
      now = start;
      const enabledAdmins = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM account WHERE role = 'administrator' AND disabled_at IS NULL")).rows[0]!.n;
      await made('admin.one', 'admin.two', 'admin.four', 'administrator');
      const count = await enabledAdmins();
      // Take the register down to two enabled administrators, one approved disabling at a time.
      const spare = (await db.query<{ username: string }>("SELECT username FROM account WHERE role = 'administrator' AND disabled_at IS NULL AND username NOT IN ('admin.one', 'admin.two', 'admin.four') ORDER BY username")).rows.map((r) => r.username);
      for (const username of spare) {
        const asked = await c['admin.one']!('PATCH', `/api/accounts/${username}`, { body: { disabled: true } });
        assert.equal(asked.statusCode, 202, asked.body);
        assert.equal((await approve('admin.two', asked.json().request_id)).statusCode, 200);
      }
      assert.equal(await enabledAdmins(), 3);
      assert.ok(count >= 3);

      const fourSession = await login(app, 'admin.four');
      const asked = await c['admin.one']!('PATCH', '/api/accounts/admin.four', { body: { disabled: true } });
      assert.equal(asked.statusCode, 202, asked.body);
      assert.equal(await disabled('admin.four'), false, 'not on one administrator’s word');
      assertProblem(await approve('admin.one', asked.json().request_id), 403, 'same_official', '/approved_by');
      assertProblem(await c['admin.four']!('POST', `/api/account-requests/${asked.json().request_id}/refusal`), 403, 'same_official', '/refused_by');
      assert.equal((await approve('admin.two', asked.json().request_id)).statusCode, 200);
      assert.equal(await disabled('admin.four'), true);
      assert.equal((await whoAmI(fourSession)).statusCode, 401, 'its sessions ended');
      assert.equal(await enabledAdmins(), 2);

      // Two left: neither may be disabled or given another role, even asked by the other.
      const before = await eventCount();
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/admin.two', { body: { disabled: true } }), 409, 'too_few_administrators', '/disabled');
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/admin.two', { body: { role: 'auditor' } }), 409, 'too_few_administrators', '/role');
      assertProblem(await c['admin.one']!('PATCH', '/api/accounts/admin.one', { body: { disabled: true } }), 403, 'forbidden', '/disabled');
      assert.equal(await eventCount(), before, 'nothing written');

      // Enabling an administrator is a request too; approved, it counts again.
      const back = await c['admin.one']!('PATCH', '/api/accounts/admin.four', { body: { disabled: false } });
      assert.equal(back.statusCode, 202, back.body);
      assert.equal(await disabled('admin.four'), true);
      assert.equal((await approve('admin.two', back.json().request_id)).statusCode, 200);
      assert.equal(await disabled('admin.four'), false);

      // A request to disable one of three, approved only once another has gone meanwhile (here the
      // one who asked), is refused at its approval: the rule holds against the register as it is then.
      const later = await c['admin.one']!('PATCH', '/api/accounts/admin.four', { body: { disabled: true } });
      assert.equal(later.statusCode, 202, later.body);
      await db.query("UPDATE account SET disabled_at = now() WHERE username = 'admin.one'");
      assertProblem(await approve('admin.two', later.json().request_id), 409, 'too_few_administrators', '/params/id');
      assert.equal(await disabled('admin.four'), false);
      await db.query("UPDATE account SET disabled_at = NULL WHERE username = 'admin.one'");
      assert.equal((await c['admin.two']!('POST', `/api/account-requests/${later.json().request_id}/refusal`)).statusCode, 200);

      // Any other account is disabled and enabled at once by one administrator (its sessions end).
      const clerk = await createAccount(db, { username: 'clerk.d', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
      const clerkSession = await login(app, clerk.username);
      const off = await c['admin.one']!('PATCH', '/api/accounts/clerk.d', { body: { disabled: true } });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal((await whoAmI(clerkSession)).statusCode, 401);
      assert.equal((await c['admin.one']!('PATCH', '/api/accounts/clerk.d', { body: { disabled: false } })).statusCode, 200);
    });

    test('an administrator made at the request of another, or made by such an one, never approves that other\'s requests', async () => {
      now = start;
      await made('admin.one', 'admin.two', 'admin.r', 'administrator');
      const clerk = await ask('admin.one', 'clerk.q', 'registration_clerk');
      const before = await eventCount();
      assertProblem(await approve('admin.r', clerk), 403, 'same_official', '/approved_by');
      // Made in turn by the one admin.one made: refused too.
      await made('admin.r', 'admin.two', 'admin.s', 'administrator');
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

    test('the list of accounts shows role, scope, second factor and enrolment, a page at a time; one account shows the request that waits about it', async () => {
      const all = await c['admin.one']!('GET', '/api/accounts?limit=500');
      assert.equal(all.statusCode, 200, all.body);
      const { accounts, total } = all.json() as { accounts: { username: string; enrolled: boolean; second_factor: boolean; scope: { all: boolean } }[]; total: number };
      assert.equal(total, accounts.length);
      assert.deepEqual(accounts.map((a) => a.username), [...accounts.map((a) => a.username)].sort());
      const firstTwo = (await c['admin.one']!('GET', '/api/accounts?limit=2')).json();
      const nextTwo = (await c['admin.one']!('GET', '/api/accounts?offset=2&limit=2')).json();
      assert.deepEqual([...firstTwo.accounts, ...nextTwo.accounts].map((a: { username: string }) => a.username), accounts.slice(0, 4).map((a) => a.username));
      assert.equal(firstTwo.total, total);
      assertProblem(await c['admin.one']!('GET', '/api/accounts?limit=501'), 400, 'invalid_request');
      const find = (u: string) => accounts.find((a) => a.username === u)!;
      assert.deepEqual([find('sup').enrolled, find('sup').second_factor, find('sup').scope.all], [true, false, true]);
      assert.equal(find('admin.late').enrolled, false);

      const change = await c['admin.one']!('PATCH', '/api/accounts/clerk.t', { body: { scope: { all: true } } });
      assert.equal(change.statusCode, 202, change.body);
      const one = await c['admin.two']!('GET', '/api/accounts/clerk.t');
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.json().account.username, 'clerk.t');
      assert.equal(one.json().pending_request.request_id, change.json().request_id);
      assertProblem(await c['admin.two']!('GET', '/api/accounts/no.one'), 404, 'not_found', '/params/username');
    });
  });

  describe(`the console and a request for the same username on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db } });
      await app.ready();
      await bootstrapAccountAtConsole({ db }, { username: 'first.admin', displayName: 'Fictional first', role: 'administrator', password }, { cost: cheap });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a username requested through the API is not the console’s to take, and of a request and a bootstrap racing for one username only one succeeds', async () => {
      const admin = clientFor(app, await login(app, 'first.admin'));
      const asked = await admin('POST', '/api/accounts', { body: { username: 'second.admin', display_name: 'Fictional second', role: 'administrator' } });
      assert.equal(asked.statusCode, 202, asked.body);
      await assert.rejects(
        bootstrapAccountAtConsole({ db }, { username: 'second.admin', displayName: 'Fictional console', role: 'administrator', password }, { cost: cheap }),
        (error: unknown) => error instanceof BootstrapRefused && error.code === 'duplicate',
      );
      assert.equal((await db.query("SELECT 1 FROM account WHERE username = 'second.admin'")).rows.length, 0);
      // Racing: each pair asks for one username through the API and at the console at once.
      for (const username of ['race.a', 'race.b', 'race.c']) {
        const [viaApi, viaConsole] = await Promise.allSettled([
          admin('POST', '/api/accounts', { body: { username, display_name: `Fictional ${username}`, role: 'auditor' } }),
          bootstrapAccountAtConsole({ db }, { username, displayName: `Fictional ${username}`, role: 'auditor', password }, { cost: cheap }),
        ]);
        const requested = viaApi.status === 'fulfilled' && viaApi.value.statusCode === 202;
        const made = viaConsole.status === 'fulfilled';
        assert.equal(Number(requested) + Number(made), 1, `${username}: ${viaApi.status === 'fulfilled' ? viaApi.value.statusCode : 'rejected'} / ${made}`);
        const waiting = (await db.query("SELECT 1 FROM account_request WHERE username = $1 AND status = 'awaiting_approval'", [username])).rows.length;
        const accounts = (await db.query('SELECT 1 FROM account WHERE username = $1', [username])).rows.length;
        assert.equal(waiting + accounts, 1, username);
      }
    });
  });
}
