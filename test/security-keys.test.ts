/**
 * Security keys (WebAuthn) as a second factor, through the API with real signatures: a key
 * made of node:crypto (test/support/soft-key.ts: ES256, attestation `none`, the client data and
 * authenticator data written from the specification) enrols and logs in, and
 * @simplewebauthn/server verifies what it signed. Enrolment as the first factor (recovery codes,
 * the waiting login completed) and as a further one; the login's second step with a key; a
 * challenge used once, bound to its session and expiring; the counter moving only forward; the
 * wrong origin, RP id, ceremony, key or signature refused, naming the field; bad input refused
 * before anything is read, nothing written; listing and removing one's own keys; recovery codes
 * and an administrator's removal; the audit; the pages, with and without the script.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, password } from './support/api-client.ts';
import { cookiesOf, csrfOf, sessionCookieOf } from './support/web-session.ts';
import { flags, SoftKey } from './support/soft-key.ts';
import { base32Decode, totp } from './support/totp.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { secondFactorKeyFrom } from '../src/api/second-factor.ts';
import { strictEcdsaDer } from '../src/api/security-keys.ts';
import { defaultLoginThrottle, loadConfig, loadWebAuthn } from '../src/config.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

const rpId = 'sijill.test';
const origin = 'https://sijill.test';

test('the relying party: localhost by default, or as configured, and checked at start', () => {
  assert.deepEqual(loadWebAuthn({}), { rpId: 'localhost', origins: ['http://localhost:8080'] });
  assert.deepEqual(loadWebAuthn({ PORT: '3000' }), { rpId: 'localhost', origins: ['http://localhost:3000'] });
  assert.deepEqual(loadConfig({ SIJILL_WEBAUTHN_RP_ID: 'sijill.example', SIJILL_WEBAUTHN_ORIGINS: 'https://sijill.example, https://register.sijill.example:8443' }).webAuthn, {
    rpId: 'sijill.example',
    origins: ['https://sijill.example', 'https://register.sijill.example:8443'],
  });
  const refused: [Record<string, string>, RegExp][] = [
    [{ SIJILL_WEBAUTHN_RP_ID: '10.0.0.1' }, /SIJILL_WEBAUTHN_RP_ID must be a host name/],
    [{ SIJILL_WEBAUTHN_RP_ID: 'Sijill.Example' }, /SIJILL_WEBAUTHN_RP_ID must be a host name/],
    [{ SIJILL_WEBAUTHN_RP_ID: 'sijill.example', SIJILL_WEBAUTHN_ORIGINS: 'http://sijill.example' }, /must be https:\/\//],
    [{ SIJILL_WEBAUTHN_RP_ID: 'sijill.example', SIJILL_WEBAUTHN_ORIGINS: 'https://evil.example' }, /must be SIJILL_WEBAUTHN_RP_ID \(sijill.example\) or under it/],
    [{ SIJILL_WEBAUTHN_RP_ID: 'sijill.example', SIJILL_WEBAUTHN_ORIGINS: 'https://notsijill.example' }, /or under it/],
    [{ SIJILL_WEBAUTHN_RP_ID: 'sijill.example', SIJILL_WEBAUTHN_ORIGINS: 'https://sijill.example/login' }, /an origin alone/],
    [{ SIJILL_WEBAUTHN_ORIGINS: 'localhost:8080' }, /is not an origin|must be https/],
  ];
  for (const [env, message] of refused) assert.throws(() => loadConfig(env), message, JSON.stringify(env));
});

test('an ECDSA signature is read as one DER structure in its shortest form and nothing more', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  for (let i = 0; i < 20; i++) {
    const der = sign('sha256', Buffer.from(`message ${i}`), privateKey);
    assert.equal(strictEcdsaDer(der), true, der.toString('hex'));
    assert.equal(strictEcdsaDer(Buffer.concat([der, Buffer.of(0)])), false, 'a byte appended');
    assert.equal(strictEcdsaDer(der.subarray(0, der.length - 1)), false, 'a byte short');
    // r written with one more leading zero than it needs (the lengths adjusted to match).
    const rLength = der[3]!;
    const padded = Buffer.concat([Buffer.of(0x30, der[1]! + 1, 0x02, rLength + 1, 0x00), der.subarray(4)]);
    assert.equal(strictEcdsaDer(padded), false, 'r not in its shortest form');
  }
  assert.equal(strictEcdsaDer(Buffer.alloc(64, 1)), false, 'a raw r‖s is not DER');
});

for (const backend of backends) {
  describe(`security keys on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const start = new Date('2026-03-01T08:00:00Z');
    let now = start;
    const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

    const login = (username: string) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    const as = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
    const raw = (cookie: string, url: string, body: string) => app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: body });

    /** What a refusal must leave as it was. */
    const counts = async () =>
      (
        await db.query<Record<string, number>>(
          `SELECT (SELECT count(*) FROM security_key)::int AS keys, (SELECT count(*) FROM security_key_challenge)::int AS challenges,
                  (SELECT count(*) FROM account_audit)::int AS audit, (SELECT count(*) FROM recovery_code)::int AS codes,
                  (SELECT coalesce(sum(counter), 0) FROM security_key)::int AS counters`,
        )
      ).rows[0]!;
    const audit = async (username: string) =>
      (await db.query<{ what: string }>('SELECT x.what FROM account_audit x JOIN account a ON a.id = x.account_id WHERE a.username = $1 ORDER BY x.id', [username])).rows.map((r) => r.what);

    /** An account of a required role without a factor enrols `key` at login: its complete session and recovery codes. */
    async function enrolFirst(username: string, key: SoftKey, name = 'black key'): Promise<{ cookie: string; codes: string[] }> {
      const first = await login(username);
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(first.json().next, 'enrolment');
      const pending = sessionCookieOf(first);
      const options = await as(pending, 'POST', '/api/account/security-keys/options');
      assert.equal(options.statusCode, 200, options.body);
      const done = await as(pending, 'POST', '/api/account/security-keys', { name, response: key.register(options.json()) });
      assert.equal(done.statusCode, 201, done.body);
      return { cookie: sessionCookieOf(done), codes: done.json().recovery_codes };
    }

    /** A login up to its second step: the half-finished session. */
    async function halfLogin(username: string): Promise<string> {
      const res = await login(username);
      assert.equal(res.statusCode, 202, res.body);
      assert.equal(res.json().next, 'second_factor');
      return sessionCookieOf(res);
    }

    async function loginOptions(pending: string): Promise<{ challenge: string; allowCredentials: { id: string }[] }> {
      const res = await as(pending, 'POST', '/api/session/security-key/options');
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }

    before(async () => {
      db = await backend.open();
      const accounts: [string, Role][] = [
        ['sup', 'supervisor'],
        ['sup2', 'supervisor'],
        ['officer', 'facility_officer'],
        ['judge', 'judge'],
        ['aud', 'auditor'],
        ['admin', 'administrator'],
        ['admin2', 'administrator'],
        ['clerk', 'registration_clerk'],
        ['fuzz', 'supervisor'],
      ];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
      app = buildApp({
        db,
        register: { db, clock: () => now },
        passwordCost: cheap,
        requireSecondFactor: true,
        secondFactorKey: secondFactorKeyFrom(randomBytes(32)),
        loginThrottle: { ...defaultLoginThrottle, accountFreeFailures: 50, addressFailures: 10_000 },
        webAuthn: { rpId, origins: [origin] },
      });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a required role enrols a security key as its first factor: a challenge for this session, the attestation verified, the key kept, ten recovery codes, the login complete', async () => {
      now = start;
      const key = new SoftKey(origin, rpId);
      const first = await login('sup');
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(first.json().next, 'enrolment');
      const pending = sessionCookieOf(first);
      const options = await as(pending, 'POST', '/api/account/security-keys/options');
      assert.equal(options.statusCode, 200, options.body);
      const o = options.json();
      assert.equal(o.rp.id, rpId);
      assert.equal(o.rp.name, 'Sijill');
      assert.equal(o.attestation, 'none');
      assert.equal(o.timeout, 120_000);
      assert.deepEqual(o.excludeCredentials, []);
      assert.deepEqual(o.authenticatorSelection, { residentKey: 'discouraged', requireResidentKey: false, userVerification: 'discouraged' });
      assert.ok(o.pubKeyCredParams.some((p: { alg: number }) => p.alg === -7), 'ES256 offered');
      assert.ok(Buffer.from(o.challenge, 'base64url').length >= 16, 'a challenge of 16 bytes or more');
      const { rows: ids } = await db.query<{ id: string }>("SELECT id FROM account WHERE username = 'sup'");
      assert.equal(Buffer.from(o.user.id, 'base64url').toString('hex'), ids[0]!.id.replace(/-/g, ''), 'the user handle is the account id, nothing personal');
      assert.equal(o.user.name, 'sup');
      const stored = await db.query<{ challenge: string; purpose: string }>('SELECT challenge, purpose FROM security_key_challenge');
      assert.deepEqual(stored.rows, [{ challenge: o.challenge, purpose: 'registration' }]);

      const done = await as(pending, 'POST', '/api/account/security-keys', { name: '  black key  ', response: key.register(o) });
      assert.equal(done.statusCode, 201, done.body);
      const body = done.json();
      assert.equal(body.key.name, 'black key');
      assert.deepEqual(body.key.transports, ['usb']);
      assert.equal(body.key.created_at, now.toISOString());
      assert.equal(body.key.last_used_at, null);
      assert.equal(body.recovery_codes.length, 10);
      assert.equal(new Set(body.recovery_codes).size, 10);
      assert.equal(body.completed_login, true);
      assert.equal(body.session.username, 'sup');
      const full = sessionCookieOf(done);
      assert.notEqual(full, pending);
      assert.equal((await as(pending, 'GET', '/api/account/security-keys')).statusCode, 401, 'the half-finished session is gone');
      assert.equal((await as(full, 'GET', '/api/session')).statusCode, 200);

      const row = await db.query<{ credential_id: Uint8Array; public_key: Uint8Array; counter: number; transports: string[]; name: string }>(
        'SELECT credential_id, public_key, counter::int AS counter, transports, name FROM security_key',
      );
      assert.equal(row.rows.length, 1);
      assert.deepEqual(Buffer.from(row.rows[0]!.credential_id), key.credentialId);
      assert.deepEqual(Buffer.from(row.rows[0]!.public_key), key.cosePublicKey());
      assert.equal(row.rows[0]!.counter, 1);
      assert.deepEqual(row.rows[0]!.transports, ['usb']);
      assert.equal((await counts()).challenges, 0, 'the challenge was taken');
      assert.deepEqual(await audit('sup'), ['security_key_enrolled']);

      // The factor is in use: the account's status says so, and the next login asks for it.
      const status = await as(full, 'GET', '/api/account/second-factor');
      assert.equal(status.json().enrolled, true);
      assert.equal(status.json().authenticator_app, false);
      assert.equal(status.json().security_keys, 1);
      assert.equal(status.json().recovery_codes_left, 10);
      const listed = await as(full, 'GET', '/api/account/security-keys');
      assert.deepEqual(listed.json().keys.map((k: { name: string }) => k.name), ['black key']);
      assert.equal(listed.json().most, 10);
      keys.set('sup', key);
      codes.set('sup', body.recovery_codes);
    });
    const keys = new Map<string, SoftKey>();
    const codes = new Map<string, string[]>();

    test('login: the password, then an assertion of the key over this login’s challenge; the counter is kept and the use audited', async () => {
      now = new Date(start.getTime() + 600_000);
      const key = keys.get('sup')!;
      const pending = await halfLogin('sup');
      assert.equal((await as(pending, 'GET', '/api/facilities')).json().code, 'second_factor_required');
      const methods = await as(pending, 'GET', '/api/session/second-factor');
      assert.deepEqual(methods.json(), { authenticator_app: false, security_key: true });
      const options = await loginOptions(pending);
      assert.deepEqual(options.allowCredentials.map((c) => c.id), [key.credentialId.toString('base64url')]);
      const ok = await as(pending, 'POST', '/api/session/security-key', { response: key.assert(options) });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().username, 'sup');
      const full = sessionCookieOf(ok);
      assert.notEqual(full, pending, 'a new session id');
      assert.equal((await as(full, 'GET', '/api/facilities')).statusCode, 200);
      assert.equal((await as(pending, 'GET', '/api/session/second-factor')).statusCode, 401, 'the half-finished session ended');
      const row = await db.query<{ counter: number; last_used_at: Date }>('SELECT counter::int AS counter, last_used_at FROM security_key');
      assert.equal(row.rows[0]!.counter, 2);
      assert.equal(new Date(row.rows[0]!.last_used_at).toISOString(), now.toISOString());
      assert.deepEqual(await audit('sup'), ['security_key_enrolled', 'security_key_used']);
      const failures = await db.query("SELECT 1 FROM login_failure WHERE username = 'sup'");
      assert.equal(failures.rows.length, 0, 'the login succeeded: no failure left counted');
    });

    test('replay: an answer to a challenge already used is refused, and so is a signature counter that does not grow; nothing is written', async () => {
      now = new Date(start.getTime() + 1_200_000);
      const key = keys.get('sup')!;
      // The first login's answer, kept.
      const first = await halfLogin('sup');
      const used = key.assert(await loginOptions(first));
      assert.equal((await as(first, 'POST', '/api/session/security-key', { response: used })).statusCode, 200);
      // Sent again on a new login: that login's challenge is another.
      const second = await halfLogin('sup');
      await loginOptions(second);
      const before = await counts();
      const replay = await as(second, 'POST', '/api/session/security-key', { response: used });
      assert.equal(replay.statusCode, 401, replay.body);
      assert.equal(replay.json().code, 'security_key_refused');
      assert.equal(replay.json().field, '/response/response/clientDataJSON');
      // A fresh signature over this challenge with the counter of the last one (3), or lower, or 0: a copied key.
      const options = await loginOptions(second);
      for (const counter of [3, 2, 0]) {
        const res = await as(second, 'POST', '/api/session/security-key', { response: key.assert(options, { counter }) });
        assert.equal(res.statusCode, 401, `counter ${counter}: ${res.body}`);
        assert.equal(res.json().field, '/response/response/authenticatorData');
      }
      assert.deepEqual(await counts(), { ...before }, 'nothing written by a refusal (the challenge is still there)');
      // Refusals count against the account as wrong codes do.
      const failures = await db.query<{ failures: number }>("SELECT failures FROM login_failure WHERE username = 'sup'");
      assert.ok(failures.rows[0]!.failures >= 4, `${failures.rows[0]?.failures} failures counted`);
      // The right answer over the same challenge still passes — once.
      const right = key.assert(options, { counter: 10 });
      assert.equal((await as(second, 'POST', '/api/session/security-key', { response: right })).statusCode, 200);
      assert.equal((await db.query('SELECT 1 FROM login_failure WHERE username = $1', ['sup'])).rows.length, 0);
      const row = await db.query<{ counter: number }>('SELECT counter::int AS counter FROM security_key');
      assert.equal(row.rows[0]!.counter, 10);
      key.counter = 10;
    });

    test('the challenge is taken once: the same registration answer sent twice is refused the second time', async () => {
      now = new Date(start.getTime() + 1_800_000);
      const { cookie } = await (async () => {
        const pending = await halfLogin('sup');
        const ok = await as(pending, 'POST', '/api/session/security-key', { response: keys.get('sup')!.assert(await loginOptions(pending)) });
        assert.equal(ok.statusCode, 200, ok.body);
        return { cookie: sessionCookieOf(ok) };
      })();
      const second = new SoftKey(origin, rpId);
      const options = await as(cookie, 'POST', '/api/account/security-keys/options');
      assert.deepEqual(options.json().excludeCredentials.map((c: { id: string }) => c.id), [keys.get('sup')!.credentialId.toString('base64url')], 'the key enrolled already is excluded');
      const answer = second.register(options.json());
      const added = await as(cookie, 'POST', '/api/account/security-keys', { name: 'blue key', response: answer });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().recovery_codes, null, 'not the first factor: the recovery codes stand');
      assert.equal(added.json().session, null);
      assert.equal(added.json().completed_login, false);
      assert.equal((await as(cookie, 'GET', '/api/session')).statusCode, 200, 'the session goes on');
      const before = await counts();
      const again = await as(cookie, 'POST', '/api/account/security-keys', { name: 'blue key', response: answer });
      assert.equal(again.statusCode, 422, again.body);
      assert.equal(again.json().code, 'invalid_value');
      assert.equal(again.json().field, '/response');
      // The first key again, on fresh options: already registered.
      const fresh = await as(cookie, 'POST', '/api/account/security-keys/options');
      const twice = await as(cookie, 'POST', '/api/account/security-keys', { name: 'black key again', response: keys.get('sup')!.register(fresh.json(), { counter: 20 }) });
      assert.equal(twice.statusCode, 409, twice.body);
      assert.equal(twice.json().code, 'duplicate');
      assert.equal(twice.json().field, '/response/id');
      assert.deepEqual(await counts(), { ...before, challenges: before.challenges! + 1 }, 'nothing written but the new options’ challenge');
      keys.set('sup-blue', second);
    });

    test('a challenge expires after 120 seconds, and belongs to the session it was given to', async () => {
      now = new Date(start.getTime() + 2_400_000);
      const key = keys.get('sup')!;
      const pending = await halfLogin('sup');
      const options = await loginOptions(pending);
      later(121);
      const late = await as(pending, 'POST', '/api/session/security-key', { response: key.assert(options) });
      assert.equal(late.statusCode, 401, late.body);
      assert.equal(late.json().code, 'security_key_refused');
      assert.match(late.json().detail, /expired/);
      // Another login's session cannot answer this one's challenge, nor the other way round.
      const a = await halfLogin('sup');
      const b = await halfLogin('sup');
      const forA = await loginOptions(a);
      const crossed = await as(b, 'POST', '/api/session/security-key', { response: key.assert(forA) });
      assert.equal(crossed.statusCode, 401, crossed.body);
      assert.equal(crossed.json().field, '/response');
      await loginOptions(b);
      const crossedAgain = await as(b, 'POST', '/api/session/security-key', { response: key.assert(forA) });
      assert.equal(crossedAgain.statusCode, 401);
      assert.equal(crossedAgain.json().field, '/response/response/clientDataJSON');
      // Its own session answers it.
      assert.equal((await as(a, 'POST', '/api/session/security-key', { response: key.assert(forA) })).statusCode, 200);
    });

    test('the wrong origin, RP id, ceremony, flags, key or signature: refused, naming the field, nothing written', async () => {
      now = new Date(start.getTime() + 3_000_000);
      const key = keys.get('sup')!;
      const stranger = new SoftKey(origin, rpId);
      const pending = await halfLogin('sup');
      const options = await loginOptions(pending);
      const before = await counts();
      const cases: [string, unknown, string][] = [
        ['another origin', key.assert(options, { origin: 'https://evil.example' }), '/response/response/clientDataJSON'],
        ['a sub-site not configured', key.assert(options, { origin: 'https://x.sijill.test' }), '/response/response/clientDataJSON'],
        ['plain http', key.assert(options, { origin: 'http://sijill.test' }), '/response/response/clientDataJSON'],
        ['another RP id', key.assert(options, { rpId: 'evil.example' }), '/response/response/authenticatorData'],
        ['a registration’s type', key.assert(options, { type: 'webauthn.create' }), '/response/response/clientDataJSON'],
        ['another challenge', key.assert(options, { challenge: randomBytes(32).toString('base64url') }), '/response/response/clientDataJSON'],
        ['the user not present', key.assert(options, { flags: 0 }), '/response/response/authenticatorData'],
        ['a forged signature', key.assert(options, { signWith: stranger.privateKey }), '/response/response/signature'],
        ['a key of no one here', stranger.assert(options), '/response/id'],
        ['client data that is not JSON', key.assert(options, { clientDataJSON: Buffer.from('not json').toString('base64url') }), '/response/response/clientDataJSON'],
      ];
      for (const [what, response, field] of cases) {
        const res = await as(pending, 'POST', '/api/session/security-key', { response });
        assert.equal(res.statusCode, 401, `${what}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json().code, 'security_key_refused', what);
        assert.equal(res.json().field, field, `${what}: ${res.json().detail}`);
      }
      assert.deepEqual(await counts(), before, 'nothing written by any refusal');
      assert.equal((await as(pending, 'POST', '/api/session/security-key', { response: key.assert(options) })).statusCode, 200, 'the right answer still passes');
    });

    test('another account’s key does not log in as this one', async () => {
      now = new Date(start.getTime() + 3_600_000);
      const officerKey = new SoftKey(origin, rpId);
      await enrolFirst('officer', officerKey, 'grey key');
      keys.set('officer', officerKey);
      const pending = await halfLogin('sup');
      const options = await loginOptions(pending);
      const res = await as(pending, 'POST', '/api/session/security-key', { response: officerKey.assert(options) });
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().field, '/response/id');
    });

    test('bad input to every security-key route: malformed JSON, wrong types, huge strings, NUL, unknown fields — 4xx naming the field, nothing written', async () => {
      now = new Date(start.getTime() + 4_200_000);
      const key = keys.get('sup')!;
      const signedIn = await (async () => {
        const p = await halfLogin('sup');
        const ok = await as(p, 'POST', '/api/session/security-key', { response: key.assert(await loginOptions(p)) });
        return sessionCookieOf(ok);
      })();
      const pending = await halfLogin('sup');
      const loginAnswer = key.assert(await loginOptions(pending));
      const registration = new SoftKey(origin, rpId).register((await as(signedIn, 'POST', '/api/account/security-keys/options')).json());
      const before = await counts();
      const refusals: [string, string, string | unknown, number, string | undefined][] = [
        // [cookie, url, body (a string is sent as it stands), status, field]
        [pending, '/api/session/security-key', '{"response": {"id": ', 400, undefined],
        [pending, '/api/session/security-key', '[]', 400, ''],
        [pending, '/api/session/security-key', { response: 'a string' }, 400, '/response'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, id: 'x'.repeat(5000) } }, 400, '/response/id'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, rawId: 42 } }, 400, '/response/rawId'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, type: 'password' } }, 400, '/response/type'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, response: { ...loginAnswer.response, signature: 'ab\u0000cd' } } }, 400, '/response/response/signature'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, response: { ...loginAnswer.response, authenticatorData: 'not base64url!' } } }, 400, '/response/response/authenticatorData'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, response: { ...loginAnswer.response, clientDataJSON: 'A'.repeat(100_000) } } }, 400, '/response/response/clientDataJSON'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, extra: true } }, 400, '/response/extra'],
        [pending, '/api/session/security-key', { response: { ...loginAnswer, clientExtensionResults: { appid: true } } }, 400, '/response/clientExtensionResults/appid'],
        [pending, '/api/session/security-key', {}, 400, '/response'],
        [signedIn, '/api/account/security-keys', '{"name": "x", "response": nope}', 400, undefined],
        [signedIn, '/api/account/security-keys', { name: 'x\u0000y', response: registration }, 400, '/name'],
        [signedIn, '/api/account/security-keys', { name: 'x'.repeat(61), response: registration }, 400, '/name'],
        [signedIn, '/api/account/security-keys', { name: '   ', response: registration }, 422, '/name'],
        [signedIn, '/api/account/security-keys', { name: 7, response: registration }, 400, '/name'],
        [signedIn, '/api/account/security-keys', { name: 'x', response: { ...registration, response: { ...registration.response, transports: ['usb', 'carrier pigeon'] } } }, 400, '/response/response/transports/1'],
        [signedIn, '/api/account/security-keys', { name: 'x', response: { ...registration, response: { ...registration.response, attestationObject: Buffer.from('not cbor at all').toString('base64url') } } }, 422, '/response/response/attestationObject'],
        [signedIn, '/api/account/security-keys', { name: 'x', response: { ...registration, response: { ...registration.response, clientDataJSON: Buffer.from('{"type":').toString('base64url') } } }, 422, '/response/response/clientDataJSON'],
        [signedIn, '/api/account/security-keys', { name: 'x', response: { ...registration, id: 'AAAA', rawId: 'AAAA' } }, 422, '/response/id'],
        [signedIn, '/api/account/security-keys', { name: 'x', response: { ...registration, response: { ...registration.response, clientDataJSON: 'ﬀ' } } }, 400, '/response/response/clientDataJSON'],
      ];
      for (const [cookie, url, body, status, field] of refusals) {
        const res = typeof body === 'string' ? await raw(cookie, url, body) : await as(cookie, 'POST', url, body);
        const what = `${url} ${typeof body === 'string' ? body.slice(0, 40) : JSON.stringify(body).slice(0, 120)}`;
        assert.equal(res.statusCode, status, `${what}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
        if (field !== undefined) assert.equal(res.json().field, field, `${what}: ${res.body}`);
      }
      assert.deepEqual(await counts(), before, 'nothing written');
      // Path parameters: not a uuid.
      const bad = await as(signedIn, 'DELETE', '/api/account/security-keys/not-a-key');
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().field, '/params/id');
      // And the well-formed answers still pass.
      assert.equal((await as(signedIn, 'POST', '/api/account/security-keys', { name: 'red key', response: registration })).statusCode, 201);
      assert.equal((await as(pending, 'POST', '/api/session/security-key', { response: loginAnswer })).statusCode, 200);
    });

    test('listing and removing one’s own keys: another’s is not found, the account’s other sessions end, the last factor of a required role stays', async () => {
      now = new Date(start.getTime() + 4_800_000);
      const officerKey = keys.get('officer')!;
      const signIn = async (username: string, key: SoftKey) => {
        const p = await halfLogin(username);
        const ok = await as(p, 'POST', '/api/session/security-key', { response: key.assert(await loginOptions(p)) });
        assert.equal(ok.statusCode, 200, ok.body);
        return sessionCookieOf(ok);
      };
      const sup = await signIn('sup', keys.get('sup')!);
      const supElsewhere = await signIn('sup', keys.get('sup')!);
      const officer = await signIn('officer', officerKey);
      const supKeys = (await as(sup, 'GET', '/api/account/security-keys')).json().keys as { id: string; name: string; last_used_at: string | null }[];
      assert.deepEqual(supKeys.map((k) => k.name), ['black key', 'blue key', 'red key']);
      assert.ok(supKeys[0]!.last_used_at, 'the key used shows when');
      const officerKeys = (await as(officer, 'GET', '/api/account/security-keys')).json().keys as { id: string }[];
      assert.equal(officerKeys.length, 1);
      // Another account's key is not the officer's to remove, nor to see.
      const notMine = await as(officer, 'DELETE', `/api/account/security-keys/${supKeys[1]!.id}`);
      assert.equal(notMine.statusCode, 404, notMine.body);
      assert.equal(notMine.json().field, '/params/id');
      const removed = await as(sup, 'DELETE', `/api/account/security-keys/${supKeys[1]!.id}`);
      assert.equal(removed.statusCode, 204, removed.body);
      assert.equal((await as(sup, 'GET', '/api/session')).statusCode, 200, 'this session goes on');
      assert.equal((await as(supElsewhere, 'GET', '/api/session')).statusCode, 401, 'the account’s other sessions ended');
      assert.deepEqual(((await as(sup, 'GET', '/api/account/security-keys')).json().keys as { name: string }[]).map((k) => k.name), ['black key', 'red key']);
      assert.deepEqual((await audit('sup')).filter((w) => w === 'security_key_removed'), ['security_key_removed']);
      // The officer's only key is its only factor, and its role must have one.
      const before = await counts();
      const last = await as(officer, 'DELETE', `/api/account/security-keys/${officerKeys[0]!.id}`);
      assert.equal(last.statusCode, 409, last.body);
      assert.equal(last.json().code, 'invalid_transition');
      assert.equal(last.json().field, '/params/id');
      assert.deepEqual(await counts(), before, 'the key is still there, nothing audited');
      // A half-finished login cannot remove anything.
      const pending = await halfLogin('officer');
      assert.equal((await as(pending, 'DELETE', `/api/account/security-keys/${officerKeys[0]!.id}`)).json().code, 'second_factor_required');
    });

    test('recovery codes still log in an account whose factor is a key, once each; an administrator’s removal, approved by a second, takes the keys too', async () => {
      now = new Date(start.getTime() + 5_400_000);
      const code = codes.get('sup')![2]!;
      const pending = await halfLogin('sup');
      const used = await as(pending, 'POST', '/api/session/second-factor', { recovery_code: code });
      assert.equal(used.statusCode, 200, used.body);
      const again = await as(await halfLogin('sup'), 'POST', '/api/session/second-factor', { recovery_code: code });
      assert.equal(again.statusCode, 401);
      assert.ok((await audit('sup')).includes('recovery_code_used'));
      // One administrator asks to remove sup's factors (lost keys), with its own key enrolled; a
      // second approves. The account whose only factor is a key has a factor to remove.
      const { cookie: admin } = await enrolFirst('admin', new SoftKey(origin, rpId), 'admin key');
      const asked = await as(admin, 'DELETE', '/api/accounts/sup/second-factor');
      assert.equal(asked.statusCode, 202, asked.body);
      assert.equal((await db.query("SELECT count(*)::int AS n FROM security_key k JOIN account a ON a.id = k.account_id WHERE a.username = 'sup'")).rows[0]?.n, 2, 'nothing removed before a second administrator approves');
      const { cookie: admin2 } = await enrolFirst('admin2', new SoftKey(origin, rpId), 'second admin key');
      const approved = await as(admin2, 'POST', `/api/account-requests/${asked.json().request_id}/approval`);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal((await db.query("SELECT 1 FROM security_key k JOIN account a ON a.id = k.account_id WHERE a.username = 'sup'")).rows.length, 0);
      assert.equal((await db.query("SELECT 1 FROM recovery_code r JOIN account a ON a.id = r.account_id WHERE a.username = 'sup'")).rows.length, 0);
      assert.equal((await login('sup')).json().next, 'enrolment', 'it enrols again');
      assert.ok((await audit('sup')).includes('second_factor_removed'));
    });

    test('an account that may go without a factor removes its only key, and its recovery codes go with it', async () => {
      now = new Date(start.getTime() + 6_000_000);
      const aud = await login('aud');
      assert.equal(aud.statusCode, 200, 'an auditor needs no second factor');
      const cookie = sessionCookieOf(aud);
      const key = new SoftKey(origin, rpId, { counter: false });
      const options = await as(cookie, 'POST', '/api/account/security-keys/options');
      const added = await as(cookie, 'POST', '/api/account/security-keys', { name: 'audit key', response: key.register(options.json()) });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().recovery_codes.length, 10, 'its first factor gives recovery codes');
      const fresh = sessionCookieOf(added);
      assert.equal((await as(cookie, 'GET', '/api/session')).statusCode, 401, 'its earlier session ended with the first factor');
      // A key without a counter (always 0) logs in again and again.
      for (let i = 0; i < 2; i++) {
        const p = await halfLogin('aud');
        assert.equal((await as(p, 'POST', '/api/session/security-key', { response: key.assert(await loginOptions(p)) })).statusCode, 200);
      }
      const id = (await as(fresh, 'GET', '/api/account/security-keys')).json().keys[0].id;
      assert.equal((await as(fresh, 'DELETE', `/api/account/security-keys/${id}`)).statusCode, 204);
      assert.equal((await db.query("SELECT 1 FROM recovery_code r JOIN account a ON a.id = r.account_id WHERE a.username = 'aud'")).rows.length, 0);
      assert.equal((await login('aud')).statusCode, 200, 'no factor left: the password alone');
      assert.deepEqual(await audit('aud'), ['security_key_enrolled', 'security_key_used', 'security_key_used', 'security_key_removed']);
    });

    test('the pages: the login’s second step offers the key (with its script) and says a key needs JavaScript; the key’s answer posted by the form logs in; a garbled one is refused at the key', async () => {
      now = new Date(start.getTime() + 6_600_000);
      const judgeKey = new SoftKey(origin, rpId);
      await enrolFirst('judge', judgeKey, 'judge’s key');
      const form = await app.inject({ method: 'GET', url: '/login' });
      const pre = cookiesOf(form);
      const post = (url: string, cookie: string, fields: Record<string, string>) =>
        app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
      const step1 = await post('/login', pre.join('; '), { _csrf: csrfOf(form.body), username: 'judge', password, next: '/dashboard' });
      assert.equal(step1.headers.location, '/login/code?next=%2Fdashboard');
      const cookie = [...pre, sessionCookieOf(step1)].join('; ');
      const page = await app.inject({ method: 'GET', url: '/login/code?next=%2Fdashboard', headers: { cookie } });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.match(page.body, /data-security-key="login"/);
      assert.match(page.body, /data-options="\/api\/session\/security-key\/options"/);
      assert.match(page.body, /<script src="\/assets\/security-key\.js\?v=[0-9a-f]+" defer/);
      assert.match(page.body, /<div class="actions key-action" hidden>/, 'the key’s button waits for the script');
      assert.ok(page.body.includes('لا يعمل مفتاح الأمان إلا مع جافاسكربت'), 'without scripts the page says a key cannot work');
      assert.match(page.body, /name="recovery_code"/, 'a recovery code works without scripts');
      assert.doesNotMatch(page.body, /name="code"/, 'no authenticator app: no code to ask for');
      // In English too.
      const english = await app.inject({ method: 'GET', url: '/login/code?next=%2Fdashboard', headers: { cookie: `${cookie}; sijill_lang=en` } });
      assert.ok(english.body.includes('A security key works only with JavaScript'));

      const garbled = await post('/login/security-key', cookie, { _csrf: csrfOf(page.body), next: '/dashboard', response: '{"id": "truncated' });
      assert.equal(garbled.statusCode, 400, garbled.body.slice(0, 300));
      assert.ok(garbled.body.includes('تعذّرت قراءة ردّ المتصفح من المفتاح'));
      const options = await as(cookie, 'POST', '/api/session/security-key/options');
      const wrong = await post('/login/security-key', cookie, { _csrf: csrfOf(page.body), next: '/dashboard', response: JSON.stringify(judgeKey.assert(options.json(), { origin: 'https://evil.example' })) });
      assert.equal(wrong.statusCode, 401);
      assert.ok(wrong.body.includes('لم يُقبل ردّ مفتاح الأمان'));
      const right = await post('/login/security-key', cookie, { _csrf: csrfOf(page.body), next: '/dashboard', response: JSON.stringify(judgeKey.assert(options.json())) });
      assert.equal(right.statusCode, 303, right.body.slice(0, 300));
      assert.equal(right.headers.location, '/dashboard');
      const full = [...pre, sessionCookieOf(right)].join('; ');
      assert.equal((await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: full } })).statusCode, 200);

      // The second-factor page lists the key, with its removal, and the form to enrol another (behind the script).
      const security = await app.inject({ method: 'GET', url: '/second-factor', headers: { cookie: full } });
      assert.equal(security.statusCode, 200);
      assert.ok(security.body.includes('judge’s key'));
      assert.match(security.body, /action="\/second-factor\/security-keys\/[0-9a-f-]{36}\/removal\?next=%2Fdashboard"/);
      assert.match(security.body, /data-security-key="register"/);
      assert.ok(security.body.includes('يحتاج تسجيل مفتاح أمان إلى جافاسكربت'));
      // A second key through the page's form: back to the page, the list longer.
      const second = new SoftKey(origin, rpId);
      const regOptions = await as(full, 'POST', '/api/account/security-keys/options');
      const added = await post('/second-factor/security-keys?next=%2Fdashboard', full, { _csrf: csrfOf(security.body), name: 'spare key', response: JSON.stringify(second.register(regOptions.json())) });
      assert.equal(added.statusCode, 303, added.body.slice(0, 300));
      assert.equal(added.headers.location, '/second-factor?next=%2Fdashboard');
      const listed = await app.inject({ method: 'GET', url: '/second-factor', headers: { cookie: full } });
      assert.ok(listed.body.includes('spare key'));
      // Removing the first through its form; the last one is refused on the page.
      const ids = [...listed.body.matchAll(/security-keys\/([0-9a-f-]{36})\/removal/g)].map((m) => m[1]!);
      assert.equal(ids.length, 2);
      const gone = await post(`/second-factor/security-keys/${ids[0]}/removal?next=%2Fdashboard`, full, { _csrf: csrfOf(listed.body) });
      assert.equal(gone.statusCode, 303, gone.body.slice(0, 300));
      const refused = await post(`/second-factor/security-keys/${ids[1]}/removal?next=%2Fdashboard`, full, { _csrf: csrfOf(listed.body) });
      assert.equal(refused.statusCode, 409);
      assert.ok(refused.body.includes('هذا آخر عامل تحقق ثانٍ لديك'));
    });

    test('an account with the authenticator app adds a key: its codes stand, and the login offers both, either passing', async () => {
      now = new Date(start.getTime() + 6_900_000);
      const first = await login('sup2');
      assert.equal(first.json().next, 'enrolment');
      const pending = sessionCookieOf(first);
      const secret = base32Decode((await as(pending, 'POST', '/api/account/second-factor')).json().secret);
      const confirmed = await as(pending, 'POST', '/api/account/second-factor/confirmation', { code: totp(secret, now) });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const cookie = sessionCookieOf(confirmed);
      const key = new SoftKey(origin, rpId);
      const added = await as(cookie, 'POST', '/api/account/security-keys', { name: 'green key', response: key.register((await as(cookie, 'POST', '/api/account/security-keys/options')).json()) });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().recovery_codes, null);
      assert.equal((await as(cookie, 'GET', '/api/account/second-factor')).json().recovery_codes_left, 10, 'the codes of the app’s enrolment stand');

      later(60);
      const both = await halfLogin('sup2');
      assert.deepEqual((await as(both, 'GET', '/api/session/second-factor')).json(), { authenticator_app: true, security_key: true });
      const page = await app.inject({ method: 'GET', url: '/login/code', headers: { cookie: both } });
      assert.match(page.body, /<h1>تسجيل الدخول: عامل التحقق الثاني<\/h1>/);
      assert.match(page.body, /<h2>الدخول بمفتاح الأمان<\/h2>/);
      assert.match(page.body, /<h2>تطبيق المصادقة<\/h2>/);
      assert.match(page.body, /name="code"/);
      assert.equal((await as(both, 'POST', '/api/session/second-factor', { code: totp(secret, now) })).statusCode, 200, 'the app’s code');
      const again = await halfLogin('sup2');
      assert.equal((await as(again, 'POST', '/api/session/security-key', { response: key.assert(await loginOptions(again)) })).statusCode, 200, 'or the key');
      // Removing the key leaves the app: allowed, and the codes stand.
      const keyId = (await as(cookie, 'GET', '/api/account/security-keys')).json().keys[0].id;
      assert.equal((await as(cookie, 'DELETE', `/api/account/security-keys/${keyId}`)).statusCode, 204);
      assert.equal((await as(cookie, 'GET', '/api/account/second-factor')).json().recovery_codes_left, 10);
      assert.equal((await login('sup2')).json().next, 'second_factor');
    });

    test('a valid answer with one part garbled — random bytes, a flipped byte, cut short, lengthened — is refused naming a field, never a 5xx, and writes nothing', async () => {
      now = new Date(start.getTime() + 7_000_000);
      const key = new SoftKey(origin, rpId);
      await enrolFirst('fuzz', key, 'fuzz key');
      const garble = fc.record({
        part: fc.constantFrom('clientDataJSON', 'data', 'signature', 'id'),
        how: fc.constantFrom('random', 'flip', 'cut', 'lengthen'),
        at: fc.nat(),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 600 }),
        bit: fc.integer({ min: 1, max: 255 }),
      });
      type Garble = typeof garble extends fc.Arbitrary<infer G> ? G : never;
      const garbled = (text: string, g: Garble): string => {
        const bytes = Buffer.from(text, 'base64url');
        const out =
          g.how === 'random' ? Buffer.from(g.bytes)
          : g.how === 'flip' ? Buffer.from(bytes.map((b, i) => (i === g.at % Math.max(bytes.length, 1) ? b ^ g.bit : b)))
          : g.how === 'cut' ? bytes.subarray(0, g.at % Math.max(bytes.length, 1))
          : Buffer.concat([bytes, Buffer.from(g.bytes)]);
        return out.toString('base64url');
      };
      const check = async (res: LightMyRequestResponse, what: string, before: Record<string, number>) => {
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
        assert.equal(typeof res.json().field, 'string', `${what}: ${res.body.slice(0, 300)}`);
        assert.deepEqual(await counts(), before, `${what}: nothing written`);
      };
      // The login's answer: every garbling breaks the signature or names another key.
      const pending = await halfLogin('fuzz');
      const options = await loginOptions(pending);
      for (const [i, g] of fc.sample(garble, { numRuns: 60, seed: 20_260_301 }).entries()) {
        const answer = key.assert(options);
        const response =
          g.part === 'id' ? { ...answer, id: garbled(answer.id, g) || 'A', rawId: garbled(answer.id, g) || 'A' }
          : { ...answer, response: { ...answer.response, [g.part === 'data' ? 'authenticatorData' : g.part]: garbled(g.part === 'data' ? answer.response.authenticatorData : (answer.response as Record<string, string>)[g.part]!, g) } };
        // Each refusal counts against the account: the lock is lifted, as an administrator would, so that every answer is read.
        await db.query("DELETE FROM login_failure WHERE username = 'fuzz'");
        const before = await counts();
        await check(await as(pending, 'POST', '/api/session/security-key', { response }), `login ${i} ${g.part} ${g.how}`, before);
      }
      // The registration's: an attestation of format none signs nothing, so some garblings (the
      // AAGUID's bytes, the counter) still make a key — which is then kept — and the others are refused.
      const signedIn = await (async () => {
        const p = await halfLogin('fuzz');
        return sessionCookieOf(await as(p, 'POST', '/api/session/security-key', { response: key.assert(await loginOptions(p)) }));
      })();
      let kept = 0;
      for (const [i, g] of fc.sample(garble, { numRuns: 60, seed: 20_260_302 }).entries()) {
        const fresh = new SoftKey(origin, rpId);
        const answer = fresh.register((await as(signedIn, 'POST', '/api/account/security-keys/options')).json());
        const response =
          g.part === 'id' ? { ...answer, id: garbled(answer.id, g) || 'A', rawId: garbled(answer.id, g) || 'A' }
          : g.part === 'signature' ? { ...answer, response: { ...answer.response, transports: undefined } }
          : { ...answer, response: { ...answer.response, [g.part === 'data' ? 'attestationObject' : 'clientDataJSON']: garbled(g.part === 'data' ? answer.response.attestationObject : answer.response.clientDataJSON, g) } };
        const before = await counts();
        const res = await as(signedIn, 'POST', '/api/account/security-keys', { name: `fuzz ${i}`, response });
        if (res.statusCode === 201) {
          kept++;
          // Whatever passed is a key whose credential and public key are the soft key's.
          const row = await db.query<{ credential_id: Uint8Array; public_key: Uint8Array }>('SELECT credential_id, public_key FROM security_key WHERE name = $1', [`fuzz ${i}`]);
          assert.deepEqual(Buffer.from(row.rows[0]!.credential_id), fresh.credentialId, `registration ${i} ${g.part} ${g.how}`);
          assert.deepEqual(Buffer.from(row.rows[0]!.public_key), fresh.cosePublicKey());
          await db.query('DELETE FROM security_key WHERE name = $1', [`fuzz ${i}`]);
        } else {
          await check(res, `registration ${i} ${g.part} ${g.how}`, { ...before, challenges: before.challenges! });
        }
      }
      assert.ok(kept < 60, `${kept} of 60 garbled registrations kept`);
    });

    test('a first key enrolled through the page shows the recovery codes once, in a new session', async () => {
      now = new Date(start.getTime() + 7_200_000);
      const form = await app.inject({ method: 'GET', url: '/login' });
      const pre = cookiesOf(form);
      const post = (url: string, cookie: string, fields: Record<string, string>) =>
        app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
      const step1 = await post('/login', pre.join('; '), { _csrf: csrfOf(form.body), username: 'clerk', password, next: '/dashboard' });
      assert.equal(step1.headers.location, '/second-factor?next=%2Fdashboard');
      const cookie = [...pre, sessionCookieOf(step1)].join('; ');
      const page = await app.inject({ method: 'GET', url: '/second-factor?next=%2Fdashboard', headers: { cookie } });
      assert.match(page.body, /data-security-key="register"/);
      assert.match(page.body, /action="\/second-factor\/start\?next=%2Fdashboard"/, 'the authenticator app is offered too');
      const key = new SoftKey(origin, rpId);
      const garbled = await post('/second-factor/security-keys?next=%2Fdashboard', cookie, { _csrf: csrfOf(page.body), name: 'key', response: 'null' });
      assert.equal(garbled.statusCode, 400);
      const options = await as(cookie, 'POST', '/api/account/security-keys/options');
      const done = await post('/second-factor/security-keys?next=%2Fdashboard', cookie, { _csrf: csrfOf(page.body), name: 'clerk key', response: JSON.stringify(key.register(options.json())) });
      assert.equal(done.statusCode, 200, done.body.slice(0, 300));
      const listed = [...done.body.matchAll(/<li><code>([0-9A-Z-]+)<\/code><\/li>/g)].map((m) => m[1]);
      assert.equal(listed.length, 10);
      const after = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: [...pre, sessionCookieOf(done)].join('; ') } });
      assert.equal(after.statusCode, 200);
      // The flags a key sets at registration are checked too: no user presence, no key.
      const p = await halfLogin('clerk');
      assert.equal((await as(p, 'POST', '/api/session/security-key', { response: key.assert(await loginOptions(p), { flags: flags.uv }) })).statusCode, 401);
    });
  });
}
