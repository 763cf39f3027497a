/**
 * The second factor (TOTP, RFC 6238): enrolment, login with a code, each code accepted once,
 * ±1 step and no more, recovery codes each once and audited, secrets sealed at rest; the roles
 * that must have one, and that such an account can do nothing but enrol until it has; none
 * needed in demo mode. Codes are computed from the secret by an implementation of the tests'
 * own (test/support/totp.ts, node:crypto), checked first against RFC 6238's test vectors.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, password } from './support/api-client.ts';
import { cookiesOf, csrfOf, sessionCookieOf } from './support/web-session.ts';
import { base32Decode, totp } from './support/totp.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { secondFactorKeyFrom } from '../src/api/second-factor.ts';
import { defaultLoginThrottle, loadConfig, secondFactorRequiredBy } from '../src/config.ts';
import { roles, secondFactorRequired, type Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

test('the test’s own TOTP gives RFC 6238 Appendix B’s SHA-1 values', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) assert.equal(totp(key, new Date(seconds * 1000), 8), code, `T = ${seconds}`);
  assert.deepEqual([...base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')], [...key]);
});

test('the roles that must have a second factor: any that changes custody, approves, signs off, decides or administers accounts', () => {
  // From the grants in domain/permissions.ts, read by hand: clerks and officers admit, officers
  // and supervisors move, release, dispatch and receive, supervisors approve and sign off,
  // judges decide, administrators manage accounts; auditors, court clerks, the liaison officers
  // of states (who read and answer their own state's repatriation cases) and the independent
  // oversight authority do none of these.
  const expected: Record<Role, boolean> = {
    registration_clerk: true,
    facility_officer: true,
    supervisor: true,
    auditor: false,
    administrator: true,
    judge: true,
    court_clerk: false,
    information_officer: false,
    visitor: false,
    liaison: false,
    oversight: false,
  };
  assert.deepEqual(Object.fromEntries(roles.map((r) => [r, secondFactorRequired(r)])), expected);
  assert.equal(secondFactorRequired('no such role'), false);
});

test('required by default, optional when configured, and never in demo mode', () => {
  assert.equal(secondFactorRequiredBy(loadConfig({}), false), true);
  assert.equal(secondFactorRequiredBy(loadConfig({}), true), false);
  assert.equal(secondFactorRequiredBy(loadConfig({ SIJILL_SECOND_FACTOR: 'optional' }), false), false);
  assert.equal(secondFactorRequiredBy(loadConfig({ SIJILL_SECOND_FACTOR: 'required' }), true), false);
  assert.throws(() => loadConfig({ SIJILL_SECOND_FACTOR: 'yes' }), /SIJILL_SECOND_FACTOR must be required or optional/);
});

for (const backend of backends) {
  describe(`the second factor on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const start = new Date('2026-03-01T08:00:10Z');
    let now = start;
    const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
    /** Secrets of enrolled accounts, as the test read them off the enrolment. */
    const secrets = new Map<string, Buffer>();

    const login = (username: string, cookie?: string) =>
      app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, ...(cookie ? { headers: { cookie } } : {}) });
    const as = (cookie: string, method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie, ...(method === 'POST' ? { 'idempotency-key': randomBytes(8).toString('hex') } : {}) }, ...(payload ? { payload } : {}) });

    /** Enrol `username` through the API (a required role, from its half-finished login); returns its complete session. */
    async function enrol(username: string): Promise<{ cookie: string; codes: string[] }> {
      const first = await login(username);
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(first.json().next, 'enrolment');
      const pending = sessionCookieOf(first);
      const begun = await as(pending, 'POST', '/api/account/second-factor');
      assert.equal(begun.statusCode, 201, begun.body);
      const secret = base32Decode(begun.json().secret);
      secrets.set(username, secret);
      const confirmed = await as(pending, 'POST', '/api/account/second-factor/confirmation', { code: totp(secret, now) });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      return { cookie: sessionCookieOf(confirmed), codes: confirmed.json().recovery_codes };
    }

    before(async () => {
      db = await backend.open();
      const accounts: [string, Role][] = [['sup', 'supervisor'], ['sup2', 'supervisor'], ['aud', 'auditor'], ['judge', 'judge'], ['officer', 'facility_officer'], ['admin', 'administrator'], ['admin2', 'administrator']];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
      app = buildApp({
        db,
        register: { db, clock: () => now },
        passwordCost: cheap,
        requireSecondFactor: true,
        secondFactorKey: secondFactorKeyFrom(randomBytes(32)),
        loginThrottle: { ...defaultLoginThrottle, addressFailures: 10_000 },
      });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('an account of a required role without a factor can only enrol; the first code confirms it; ten recovery codes once; the secret is sealed at rest', async () => {
      now = start;
      const first = await login('sup');
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(first.json().next, 'enrolment');
      const pending = sessionCookieOf(first);
      // Nothing but the enrolment: not even "who am I", nor any reading of the register.
      for (const url of ['/api/session', '/api/facilities', '/api/persons/00000000-0000-4000-8000-000000000000', '/api/accounts']) {
        const res = await as(pending, 'GET', url);
        assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
        assert.equal(res.json().code, 'enrolment_required');
      }
      const begun = await as(pending, 'POST', '/api/account/second-factor');
      assert.equal(begun.statusCode, 201, begun.body);
      const { secret: text, otpauth_uri: uri, qr_svg: svg } = begun.json() as { secret: string; otpauth_uri: string; qr_svg: string };
      const secret = base32Decode(text);
      assert.ok(secret.length >= 20, `a ${secret.length}-byte secret`);
      const parsed = new URL(uri);
      assert.equal(parsed.protocol, 'otpauth:');
      assert.equal(parsed.host, 'totp');
      assert.equal(parsed.searchParams.get('secret'), text);
      assert.equal(parsed.searchParams.get('issuer'), 'Sijill');
      assert.match(decodeURIComponent(parsed.pathname), /sup$/);
      assert.match(svg, /^<svg[^>]*>/);
      // The same pending enrolment is shown again (a page reloaded).
      const again = await as(pending, 'GET', '/api/account/second-factor');
      assert.equal(again.json().pending.secret, text);
      assert.equal(again.json().enrolled, false);
      assert.equal(again.json().required, true);

      const wrong = await as(pending, 'POST', '/api/account/second-factor/confirmation', { code: totp(secret, new Date(now.getTime() - 120_000)) });
      assert.equal(wrong.statusCode, 401, wrong.body);
      assert.equal(wrong.json().code, 'invalid_code');
      assert.equal(wrong.json().field, '/code');

      const confirmed = await as(pending, 'POST', '/api/account/second-factor/confirmation', { code: totp(secret, now) });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const codes = confirmed.json().recovery_codes as string[];
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      assert.equal(confirmed.json().completed_login, true);
      const full = sessionCookieOf(confirmed);
      assert.notEqual(full, pending, 'the completed login has a new session id');
      assert.equal((await as(pending, 'GET', '/api/account/second-factor')).statusCode, 401, 'the half-finished session is gone');
      const me = await as(full, 'GET', '/api/session');
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().username, 'sup');
      secrets.set('sup', secret);

      // At rest: neither the secret nor a recovery code appears in the tables.
      const stored = await db.query<{ secret_sealed: Uint8Array }>("SELECT f.secret_sealed FROM second_factor f JOIN account a ON a.id = f.account_id WHERE a.username = 'sup'");
      const sealed = Buffer.from(stored.rows[0]!.secret_sealed);
      assert.equal(sealed.indexOf(secret), -1);
      assert.equal(sealed.toString('latin1').includes(text), false);
      const hashes = await db.query<{ code_hash: Uint8Array }>("SELECT r.code_hash FROM recovery_code r JOIN account a ON a.id = r.account_id WHERE a.username = 'sup'");
      assert.equal(hashes.rows.length, 10);
      const dump = hashes.rows.map((r) => Buffer.from(r.code_hash).toString('latin1')).join('');
      for (const c of codes) assert.equal(dump.includes(c) || dump.includes(c.replace(/-/g, '')), false);
      // A second enrolment is refused while one is in use.
      const twice = await as(full, 'POST', '/api/account/second-factor');
      assert.equal(twice.statusCode, 409, twice.body);
    });

    test('login is password then code; a code is accepted once, ±1 step and no older; the half-finished login can do nothing else', async () => {
      now = new Date(start.getTime() + 60_000);
      const secret = secrets.get('sup')!;
      const first = await login('sup');
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(first.json().next, 'second_factor');
      assert.ok(new Date(first.json().expires_at).getTime() - now.getTime() <= 5 * 60_000, 'a half-finished login ends within 5 minutes');
      const pending = sessionCookieOf(first);
      for (const url of ['/api/session', '/api/facilities', '/api/account/second-factor']) {
        const res = await as(pending, 'GET', url);
        assert.ok([401, 403].includes(res.statusCode), `${url}: ${res.statusCode}`);
      }
      assert.equal((await as(pending, 'GET', '/api/facilities')).json().code, 'second_factor_required');
      const code = totp(secret, now);
      const ok = await as(pending, 'POST', '/api/session/second-factor', { code });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().username, 'sup');
      const full = sessionCookieOf(ok);
      assert.notEqual(full, pending);
      assert.equal((await as(full, 'GET', '/api/facilities')).statusCode, 200);

      // The same code again, in the same step: refused (replay).
      const replayLogin = sessionCookieOf(await login('sup'));
      const replay = await as(replayLogin, 'POST', '/api/session/second-factor', { code });
      assert.equal(replay.statusCode, 401, replay.body);
      assert.equal(replay.json().code, 'invalid_code');
      assert.equal(replay.json().field, '/code');
      // An old code (two steps back) is refused; so is one two steps ahead.
      assert.equal((await as(replayLogin, 'POST', '/api/session/second-factor', { code: totp(secret, new Date(now.getTime() - 60_000)) })).statusCode, 401);
      assert.equal((await as(replayLogin, 'POST', '/api/session/second-factor', { code: totp(secret, new Date(now.getTime() + 60_000)) })).statusCode, 401);
      // Ninety seconds on, the code of the step before (one step back) is still taken, once; then the current one, once.
      later(90);
      const oneBack = totp(secret, new Date(now.getTime() - 30_000));
      const late = sessionCookieOf(await login('sup'));
      assert.equal((await as(late, 'POST', '/api/session/second-factor', { code: oneBack })).statusCode, 200);
      const current = sessionCookieOf(await login('sup'));
      assert.equal((await as(current, 'POST', '/api/session/second-factor', { code: oneBack })).statusCode, 401, 'a step already used');
      assert.equal((await as(current, 'POST', '/api/session/second-factor', { code: totp(secret, now) })).statusCode, 200);
    });

    test('wrong codes count as failed logins: the account locks, and a right password does not clear the count', async () => {
      now = new Date(start.getTime() + 600_000);
      await enrol('judge');
      later(30);
      const judge = secrets.get('judge')!;
      const wrongCode = totp(judge, new Date(now.getTime() - 300_000));
      const first = sessionCookieOf(await login('judge'));
      for (let i = 0; i < 3; i++) assert.equal((await as(first, 'POST', '/api/session/second-factor', { code: wrongCode })).statusCode, 401);
      // The right password again leaves the three wrong codes counted.
      const second = sessionCookieOf(await login('judge'));
      for (let i = 0; i < defaultLoginThrottle.accountFreeFailures - 3; i++) assert.equal((await as(second, 'POST', '/api/session/second-factor', { code: wrongCode })).statusCode, 401);
      const locked = await as(second, 'POST', '/api/session/second-factor', { code: totp(judge, now) });
      assert.equal(locked.statusCode, 429, locked.body);
      assert.equal((await login('judge')).statusCode, 429, 'the password is refused too while locked');
      // An administrator lifts the lock; the right code then logs in.
      await db.query("DELETE FROM login_failure WHERE username = 'judge'");
      const third = sessionCookieOf(await login('judge'));
      assert.equal((await as(third, 'POST', '/api/session/second-factor', { code: totp(judge, now) })).statusCode, 200);
    });

    test('a recovery code logs in once, and its use is audited', async () => {
      now = new Date(start.getTime() + 3_600_000);
      const { codes } = await enrol('officer');
      later(30);
      const pending = sessionCookieOf(await login('officer'));
      const used = await as(pending, 'POST', '/api/session/second-factor', { recovery_code: codes[3]!.toLowerCase() });
      assert.equal(used.statusCode, 200, used.body);
      const full = sessionCookieOf(used);
      assert.equal((await as(full, 'GET', '/api/account/second-factor')).json().recovery_codes_left, 9);
      const audit = await db.query<{ what: string }>("SELECT x.what FROM account_audit x JOIN account a ON a.id = x.account_id WHERE a.username = 'officer' ORDER BY x.id");
      assert.deepEqual(audit.rows.map((r) => r.what), ['second_factor_enrolled', 'recovery_code_used']);
      const again = sessionCookieOf(await login('officer'));
      const twice = await as(again, 'POST', '/api/session/second-factor', { recovery_code: codes[3]! });
      assert.equal(twice.statusCode, 401, twice.body);
      assert.equal(twice.json().code, 'invalid_code');
      assert.equal(twice.json().field, '/recovery_code');
      assert.equal((await as(again, 'POST', '/api/session/second-factor', { recovery_code: 'AAAA-BBBB-CCCC-DDDD' })).statusCode, 401);
    });

    test('a half-finished login ends after 5 minutes', async () => {
      now = new Date(start.getTime() + 7_200_000);
      const pending = sessionCookieOf(await login('sup'));
      later(5 * 60 + 1);
      const res = await as(pending, 'POST', '/api/session/second-factor', { code: totp(secrets.get('sup')!, now) });
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().code, 'unauthenticated');
    });

    test('an auditor needs no second factor; a lost one is removed when a second administrator approves, ending the account’s sessions, and it enrols again', async () => {
      now = new Date(start.getTime() + 10_800_000);
      const aud = await login('aud');
      assert.equal(aud.statusCode, 200, aud.body);
      const { cookie: admin } = await enrol('admin');
      const { cookie: admin2 } = await enrol('admin2');
      later(30);
      const sup = sessionCookieOf(await as(sessionCookieOf(await login('sup')), 'POST', '/api/session/second-factor', { code: totp(secrets.get('sup')!, now) }));
      assert.equal((await as(sup, 'GET', '/api/session')).statusCode, 200);
      const asked = await as(admin, 'DELETE', '/api/accounts/sup/second-factor');
      assert.equal(asked.statusCode, 202, asked.body);
      assert.equal((await as(sup, 'GET', '/api/session')).statusCode, 200, 'nothing changes on one administrator’s word');
      assert.equal((await as(admin, 'POST', `/api/account-requests/${asked.json().request_id}/approval`)).statusCode, 403, 'the one who asked does not approve');
      const approved = await as(admin2, 'POST', `/api/account-requests/${asked.json().request_id}/approval`);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal((await as(sup, 'GET', '/api/session')).statusCode, 401, 'the account’s sessions ended');
      const next = await login('sup');
      assert.equal(next.statusCode, 202);
      assert.equal(next.json().next, 'enrolment');
    });

    test('the web login: password, then the code on a page of its own, the error at its field; enrolment pages without scripts', async () => {
      now = new Date(start.getTime() + 14_400_000);
      const form = await app.inject({ method: 'GET', url: '/login' });
      const pre = cookiesOf(form);
      const post = (url: string, cookie: string, fields: Record<string, string>) =>
        app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
      const step1 = await post('/login', pre.join('; '), { _csrf: csrfOf(form.body), username: 'judge', password, next: '/dashboard' });
      assert.equal(step1.statusCode, 303, step1.body);
      assert.equal(step1.headers.location, '/login/code?next=%2Fdashboard');
      const cookie = [...pre, sessionCookieOf(step1)].join('; ');
      // Any other page sends the half-finished login back to its step.
      const elsewhere = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      assert.equal(elsewhere.statusCode, 303);
      assert.match(String(elsewhere.headers.location), /^\/login\/code\?next=/);
      const page = await app.inject({ method: 'GET', url: '/login/code?next=%2Fdashboard', headers: { cookie } });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.match(page.body, /name="code"/);
      assert.match(page.body, /name="recovery_code"/);
      assert.doesNotMatch(page.body, /action="\/logout"/);
      const malformed = await post('/login/code', cookie, { _csrf: csrfOf(page.body), code: '12345a', next: '/dashboard' });
      assert.equal(malformed.statusCode, 400, malformed.body.slice(0, 300));
      assert.match(malformed.body, /<input[^>]*id="fcode"[^>]*aria-invalid="true"/);
      const wrong = await post('/login/code', cookie, { _csrf: csrfOf(page.body), code: totp(secrets.get('judge')!, new Date(now.getTime() - 600_000)), next: '/dashboard' });
      assert.equal(wrong.statusCode, 401, wrong.body.slice(0, 300));
      assert.match(wrong.body, /<input[^>]*id="fcode"[^>]*aria-invalid="true"/);
      assert.match(wrong.body, /الرمز خاطئ/);
      later(30);
      const right = await post('/login/code', cookie, { _csrf: csrfOf(page.body), code: totp(secrets.get('judge')!, now), next: '/dashboard' });
      assert.equal(right.statusCode, 303, right.body.slice(0, 300));
      assert.equal(right.headers.location, '/dashboard');
      const dashboard = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: [...pre, sessionCookieOf(right)].join('; ') } });
      assert.equal(dashboard.statusCode, 200);

      // sup2 has no factor: the login form leads to the enrolment page, which works with forms alone.
      const step = await post('/login', pre.join('; '), { _csrf: csrfOf(form.body), username: 'sup2', password, next: '/dashboard' });
      assert.equal(step.statusCode, 303, step.body);
      assert.equal(step.headers.location, '/second-factor?next=%2Fdashboard');
      const enrolCookie = [...pre, sessionCookieOf(step)].join('; ');
      const blank = await app.inject({ method: 'GET', url: '/second-factor?next=%2Fdashboard', headers: { cookie: enrolCookie } });
      assert.equal(blank.statusCode, 200, blank.body.slice(0, 300));
      const begun = await post('/second-factor/start?next=%2Fdashboard', enrolCookie, { _csrf: csrfOf(blank.body) });
      assert.equal(begun.statusCode, 303, begun.body);
      const shown = await app.inject({ method: 'GET', url: '/second-factor?next=%2Fdashboard', headers: { cookie: enrolCookie } });
      assert.match(shown.body, /<svg[^>]*>/);
      const uri = shown.body.match(/href="(otpauth:\/\/totp\/[^"]+)"/)![1]!.replace(/&amp;/g, '&');
      const secret = base32Decode(new URL(uri).searchParams.get('secret')!);
      const shownKey = shown.body.match(/<code class="secret">([^<]+)<\/code>/)![1]!;
      assert.deepEqual([...base32Decode(shownKey)], [...secret], 'the key as text is the key of the QR code and link');
      const bad = await post('/second-factor/confirm?next=%2Fdashboard', enrolCookie, { _csrf: csrfOf(shown.body), code: totp(secret, new Date(now.getTime() - 300_000)) });
      assert.equal(bad.statusCode, 401);
      assert.match(bad.body, /<input[^>]*id="fcode"[^>]*aria-invalid="true"/);
      const done = await post('/second-factor/confirm?next=%2Fdashboard', enrolCookie, { _csrf: csrfOf(shown.body), code: totp(secret, now) });
      assert.equal(done.statusCode, 200, done.body.slice(0, 300));
      const listed = [...done.body.matchAll(/<li><code>([0-9A-Z-]+)<\/code><\/li>/g)].map((m) => m[1]);
      assert.equal(listed.length, 10);
      const after = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: [...pre, sessionCookieOf(done)].join('; ') } });
      assert.equal(after.statusCode, 200);
    });
  });
}

describe('demo mode', () => {
  let db: Database;
  let demo: FastifyInstance;
  let plain: FastifyInstance;
  before(async () => {
    db = await backends[0]!.open();
    await createAccount(db, { username: 'supervisor', displayName: 'Demo supervisor', role: 'supervisor', password, scope: wholeRegister }, { cost: cheap });
    // As `sijill serve --demo` builds it: the requirement is what the configuration gives in demo mode.
    demo = buildApp({ db, demo: true, passwordCost: cheap, requireSecondFactor: secondFactorRequiredBy(loadConfig({}), true), secondFactorKey: secondFactorKeyFrom(randomBytes(32)) });
    plain = buildApp({ db, demo: false, passwordCost: cheap, requireSecondFactor: secondFactorRequiredBy(loadConfig({}), false), secondFactorKey: secondFactorKeyFrom(randomBytes(32)) });
    await demo.ready();
    await plain.ready();
  });
  after(async () => {
    await demo.close();
    await plain.close();
    await db.close();
  });

  test('a supervisor logs in with the password alone on a demo register, and the login page says so in four languages', async () => {
    const res = await demo.inject({ method: 'POST', url: '/api/session', payload: { username: 'supervisor', password } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().username, 'supervisor');
    const outside = await plain.inject({ method: 'POST', url: '/api/session', payload: { username: 'supervisor', password } });
    assert.equal(outside.statusCode, 202, 'outside demo mode the same account must enrol');
    const says: Record<string, string> = {
      ar: 'لا يحتاج أي حساب إلى عامل تحقق ثانٍ',
      en: 'no account needs a second factor',
      ckb: 'هیچ هەژمارێک پێویستی بە هۆکاری دووەم نییە',
      kmr: 'tu hesab faktora duyem hewce nake',
    };
    for (const [lang, text] of Object.entries(says)) {
      const page = await demo.inject({ method: 'GET', url: '/login', headers: { cookie: `sijill_lang=${lang}` } });
      assert.ok(page.body.includes(text), `${lang}: ${text}`);
      const notDemo = await plain.inject({ method: 'GET', url: '/login', headers: { cookie: `sijill_lang=${lang}` } });
      assert.equal(notDemo.body.includes(text), false);
    }
  });
});
