/**
 * The administrators' pages (no script needed): the accounts a page at a time with role, scope,
 * standing and second factor; the form asking for a new account, every mistake at its field at
 * once; the queue, where the one who asked sees their request without an approve button and a
 * second administrator approves it and is shown the enrolment token once, on a slip; the public
 * page where the official sets their password with it (once); an account's own forms — a reset
 * password's slip, disabling an administrator as a request — and a refusal shown at its row.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cheap, password } from './support/api-client.ts';
import { cookiesOf, csrfOf, logInByForm } from './support/web-session.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { migrate } from '../src/store/migrate.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { accountsPerPage } from '../src/web/pages/accounts.tsx';
import type { Database } from '../src/store/database.ts';

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return body.toString();
};
const tokenPattern = /[0-9A-HJKMNP-TV-Z]{5}( - [0-9A-HJKMNP-TV-Z]{5}){4}/;

describe('the administrators’ pages', () => {
  let db: Database;
  let app: FastifyInstance;
  const as = {} as Record<string, { cookie: string; csrf: string }>;
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: `${as[who]!.cookie}; sijill_lang=en` } });
  const post = async (who: string, url: string, fields: Record<string, string | string[]>, page = '/accounts') => {
    const csrf = csrfOf((await get(who, page)).body);
    return app.inject({ method: 'POST', url, headers: { cookie: `${as[who]!.cookie}; sijill_lang=en`, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, ...fields }) });
  };
  const errorAt = (html: string, id: string) => new RegExp(`id="${id}"[^>]*aria-invalid="true"|<fieldset class="[^"]*has-error"[^>]*id="${id}"`).test(html);

  before(async () => {
    db = await openPglite();
    await migrate(db);
    for (const [username, role] of [['admin.one', 'administrator'], ['admin.two', 'administrator'], ['admin.three', 'administrator'], ['clerk.p', 'registration_clerk']] as const) {
      await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
    }
    // Enough accounts for a second page of the list.
    for (let i = 0; i < accountsPerPage; i++) await createAccount(db, { username: `zz.auditor.${String(i).padStart(2, '0')}`, displayName: `Fictional auditor ${i}`, role: 'auditor', password }, { cost: cheap });
    app = buildApp({ db, passwordCost: cheap, register: { db } });
    await app.ready();
    for (const username of ['admin.one', 'admin.two', 'admin.three', 'clerk.p']) as[username] = await logInByForm(app, username);
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  test('the list shows every account a page at a time, with its role, scope, standing and second factor; only administrators reach it', async () => {
    const first = await get('admin.one', '/accounts');
    assert.equal(first.statusCode, 200, first.body.slice(0, 300));
    assert.match(first.body, /href="\/accounts"[^>]*>Accounts<\/a>/, 'in the navigation');
    for (const words of ['admin.one', 'Administrator', 'Registration clerk', 'The whole register', 'In use', 'Second factor', `${accountsPerPage + 4} accounts`]) assert.ok(first.body.replace(/[\u2066-\u2069]/g, '').includes(words), words);
    assert.ok(!first.body.includes('zz.auditor.24'));
    assert.match(first.body, /href="\/accounts\?page=2" rel="next"/);
    const second = await get('admin.one', '/accounts?page=2');
    assert.ok(second.body.includes('zz.auditor.24') && !second.body.includes('>admin.one<'));
    assert.equal((await get('clerk.p', '/accounts')).statusCode, 403);
    assert.equal((await get('clerk.p', '/account-requests')).statusCode, 403);
  });

  test('a new account is asked for on a form that shows every mistake at its field; the asker sees it waiting, without an approve button', async () => {
    const blank = await post('admin.one', '/accounts/new', { '/username': 'No Such Name', '/display_name': ' ', '/role': '', '/liaison_state': 'France' }, '/accounts/new');
    assert.equal(blank.statusCode, 422, blank.body.slice(0, 300));
    for (const id of ['f-username', 'f-display_name', 'f-role', 'f-liaison_state']) assert.ok(errorAt(blank.body, id), id);
    assert.match(blank.body, /class="error-summary"/);
    // The API's refusal lands at its field too: a taken username.
    const taken = await post('admin.one', '/accounts/new', { '/username': 'clerk.p', '/display_name': 'Fictional again', '/role': 'auditor' }, '/accounts/new');
    assert.equal(taken.statusCode, 422);
    assert.ok(errorAt(taken.body, 'f-username'));
    const asked = await post('admin.one', '/accounts/new', { '/username': 'officer.web', '/display_name': 'Fictional web officer', '/role': 'facility_officer', '/scope/all': 'yes' }, '/accounts/new');
    assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
    assert.equal(asked.headers.location, '/account-requests?notice=requested');
    const queue = await get('admin.one', '/account-requests');
    assert.ok(queue.body.includes('officer.web') && queue.body.includes('Your request: another administrator approves it.'));
    assert.doesNotMatch(queue.body, /action="\/account-requests\/[0-9a-f-]+\/approve"/);
    assert.match(queue.body, /action="\/account-requests\/[0-9a-f-]+\/refuse"/, 'it may be withdrawn');
    // The asker's own approval, posted anyway, is refused at the request's row.
    const id = queue.body.match(/action="\/account-requests\/([0-9a-f-]+)\/refuse"/)![1]!;
    const own = await post('admin.one', `/account-requests/${id}/approve`, {}, '/account-requests');
    assert.equal(own.statusCode, 403);
    assert.match(own.body, new RegExp(`id="request-${id}-error"[^>]*>You cannot decide this request`));
  });

  test('a second administrator approves and is shown the token once, on a slip; the official sets their password with it on a public page, once', async () => {
    const queue = await get('admin.two', '/account-requests');
    const id = queue.body.match(/action="\/account-requests\/([0-9a-f-]+)\/approve"/)![1]!;
    const approved = await post('admin.two', `/account-requests/${id}/approve`, {}, '/account-requests');
    assert.equal(approved.statusCode, 200, approved.body.slice(0, 300));
    const token = approved.body.match(tokenPattern)![0]!.replace(/ /g, '');
    assert.ok(approved.body.includes('Fictional web officer') && approved.body.includes('officer.web'));
    assert.ok(approved.body.includes('This token is shown only now'));
    assert.equal(String(approved.headers['cache-control']), 'no-store');
    assert.ok(!(await get('admin.two', '/account-requests')).body.includes(token.slice(0, 5) + ' - '), 'never shown again');
    assert.ok((await get('admin.two', '/accounts/officer.web')).body.includes('Awaiting its official’s password'));

    // The official, logged in nowhere, sets the password: mistakes at their fields first.
    const page = await app.inject({ method: 'GET', url: '/enrol', headers: { cookie: 'sijill_lang=en' } });
    assert.equal(page.statusCode, 200);
    const pre = cookiesOf(page).join('; ');
    const send = (fields: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/enrol', headers: { cookie: `${pre}; sijill_lang=en`, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrfOf(page.body), ...fields }) });
    const wrong = await send({ '/username': 'officer.web', '/token': '', '/password': 'a long enough password', '/password_again': 'another password' });
    assert.equal(wrong.statusCode, 422);
    assert.ok(errorAt(wrong.body, 'f-token') && errorAt(wrong.body, 'f-password_again'));
    const bad = await send({ '/username': 'officer.web', '/token': 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', '/password': 'officer web’s password', '/password_again': 'officer web’s password' });
    assert.equal(bad.statusCode, 401);
    assert.ok(errorAt(bad.body, 'f-token'));
    const done = await send({ '/username': 'officer.web', '/token': token, '/password': 'officer web’s password', '/password_again': 'officer web’s password' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 300));
    assert.equal(done.headers.location, '/dashboard');
    assert.ok(cookiesOf(done).some((c) => c.startsWith('sijill_session=')));
    const again = await send({ '/username': 'officer.web', '/token': token, '/password': 'somebody else’s password', '/password_again': 'somebody else’s password' });
    assert.equal(again.statusCode, 410);
    assert.ok(errorAt(again.body, 'f-token'));
    assert.ok(again.body.includes('This token was used already'));
    // The login page leads there.
    assert.match((await app.inject({ method: 'GET', url: '/login' })).body, /href="\/enrol"/);
  });

  test('an account’s page: a reset password gives a slip; disabling an administrator is a request a second administrator refuses or approves', async () => {
    const reset = await post('admin.one', '/accounts/clerk.p/password-reset', {}, '/accounts/clerk.p');
    assert.equal(reset.statusCode, 200, reset.body.slice(0, 300));
    assert.match(reset.body, tokenPattern);
    assert.ok(reset.body.includes('A new password for your account'));
    const refused = await post('admin.one', '/accounts/admin.two/password-reset', {}, '/accounts/admin.two');
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /class="error-summary"/);

    const asked = await post('admin.one', '/accounts/admin.three/standing', { '/disabled': 'yes' }, '/accounts/admin.three');
    assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
    assert.equal(asked.headers.location, '/account-requests?notice=requested');
    const detail = await get('admin.two', '/accounts/admin.three');
    assert.ok(detail.body.replace(/[\u2066-\u2069]/g, '').includes('Awaiting a second administrator: Disable the account'));
    const queue = await get('admin.two', '/account-requests');
    const id = queue.body.match(/action="\/account-requests\/([0-9a-f-]+)\/approve"/)![1]!;
    // The account concerned decides nothing about itself.
    assert.ok((await get('admin.three', '/account-requests')).body.includes('About your account: another administrator decides.'));
    const no = await post('admin.two', `/account-requests/${id}/refuse`, {}, '/account-requests');
    assert.equal(no.statusCode, 303);
    assert.equal(no.headers.location, '/account-requests?notice=refused');
    const decided = await get('admin.two', '/account-requests');
    assert.ok(decided.body.includes('Refused'));
    assert.equal((await db.query("SELECT disabled_at FROM account WHERE username = 'admin.three'")).rows[0]!.disabled_at, null);
    // A clerk is disabled at once by one administrator.
    const off = await post('admin.one', '/accounts/clerk.p/standing', { '/disabled': 'yes' }, '/accounts/clerk.p');
    assert.equal(off.statusCode, 303);
    assert.equal(off.headers.location, '/accounts/clerk.p?notice=changed');
    assert.ok((await get('admin.one', '/accounts/clerk.p')).body.includes('Disabled'));
  });

  test('a change of role asks only for what changes, its refusal at its field', async () => {
    const same = await post('admin.one', '/accounts/zz.auditor.00/change', { '/role': 'auditor' }, '/accounts/zz.auditor.00');
    assert.equal(same.statusCode, 422);
    assert.ok(errorAt(same.body, 'f-change-role'));
    const asked = await post('admin.one', '/accounts/zz.auditor.00/change', { '/role': 'supervisor', 'scope/facilities': [] }, '/accounts/zz.auditor.00');
    assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
    const logged = await db.query<{ text: string }>("SELECT convert_from(bytes, 'UTF8') AS text FROM event WHERE kind = 'account.requested' ORDER BY idx DESC LIMIT 1");
    const data = JSON.parse(logged.rows[0]!.text).data;
    assert.deepEqual([data.change, data.username, data.role, data.scope], ['change', 'zz.auditor.00', 'supervisor', null]);
    const twice = await post('admin.two', '/accounts/zz.auditor.00/change', { '/role': 'judge' }, '/accounts/zz.auditor.00');
    assert.equal(twice.statusCode, 422);
    assert.ok(errorAt(twice.body, 'f-change-role'), 'a change awaiting approval already, said at the role');
  });
});
