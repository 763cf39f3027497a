import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission, allItems } from './support/factories.ts';
import { buildServer, routePermissions } from '../src/api/server.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { permissions, roles, type Permission, type Role } from '../src/domain/permissions.ts';
import { parseRegisterNumber } from '../src/domain/register-number.ts';
import type { AdmitPerson } from '../src/domain/admission.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import type { Database } from '../src/store/database.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, generateEd25519NoteKey } from '../src/ledger/signed-note.ts';
import { verifyReceipt } from '../src/receipt/receipt-document.ts';

async function counts(db: Database) {
  const { rows } = await db.query<{ events: number; persons: number; admissions: number; commands: number }>(
    'SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM admission) AS admissions, (SELECT count(*) FROM command) AS commands',
  );
  return rows[0]!;
}

/** A person as POST /api/persons takes it: the server assigns the id and register number. */
function personBody(overrides: Parameters<typeof aPerson>[0] = {}) {
  const { person_id: _id, register_number: _number, ...body } = aPerson(overrides);
  return body;
}

function admissionBody(personId: string, facility: RegisterFacility, overrides: Partial<AdmitPerson> = {}) {
  const { admission_id: _id, ...body } = anAdmission(personId, facility, overrides);
  return body;
}

const usernameOf = (role: Role) => role.replace('_', '.');
/** Pages of the web application (src/web): HTML, not in the OpenAPI document; test/web.test.ts covers them. */
const isWebRoute = (url: string) => !url.startsWith('/api/') && !url.startsWith('/log/');

for (const backend of backends) {
  describe(`HTTP API on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const as = {} as Record<Role, Client>;
    let anonymous: Client;
    const receiptPair = generateEd25519NoteKey('sijill.example/receipts');
    const receiptKey = { name: 'sijill.example/receipts', signer: ed25519NoteSigner(receiptPair.signerKey), verifier: ed25519NoteVerifier(receiptPair.verifierKey), verifierKey: receiptPair.verifierKey, path: '(test)', created: false };
    const facility = aFacility({
      units: [
        { id: randomUUID(), name: 'Block A', category: 'men_untried' },
        { id: randomUUID(), name: 'Block B', category: 'men_untried' },
        { id: randomUUID(), name: 'Block W', category: 'women_untried' },
      ],
    });

    /** Register a person through the API as a clerk; returns their id. */
    async function registered(overrides: Parameters<typeof aPerson>[0] = {}): Promise<string> {
      const res = await as.registration_clerk('POST', '/api/persons', { body: personBody(overrides) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().person_id;
    }

    async function admitted(): Promise<string> {
      const id = await registered();
      const res = await as.registration_clerk('POST', '/api/admissions', { body: admissionBody(id, facility) });
      assert.equal(res.statusCode, 201, res.body);
      return id;
    }

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, receiptKey });
      await app.ready();
      for (const role of roles) {
        await createAccount(db, { username: usernameOf(role), displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
        as[role] = clientFor(app, await login(app, usernameOf(role)));
      }
      anonymous = clientFor(app, null);
      const res = await as.supervisor('POST', '/api/facilities', { body: facility });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    describe('sessions', () => {
      test('an official logs in, sees who they are, and logs out; the server keeps only the hash of the token', async () => {
        const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'supervisor', password: 'not the password' } });
        assertProblem(wrong, 401, 'invalid_credentials');
        assert.equal(wrong.headers['set-cookie'], undefined);
        assertProblem(await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody.here', password } }), 401, 'invalid_credentials');

        const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'supervisor', password } });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().role, 'supervisor');
        const setCookie = String(res.headers['set-cookie']);
        assert.match(setCookie, /^sijill_session=[A-Za-z0-9_-]{43};/);
        assert.match(setCookie, /; HttpOnly/);
        assert.match(setCookie, /; SameSite=Strict/);
        assert.match(setCookie, /; Path=\//);
        assert.doesNotMatch(setCookie, /; Secure/);
        const cookie = setCookie.split(';')[0]!;
        const token = cookie.split('=')[1]!;

        const stored = await db.query<{ token_hash: Uint8Array }>('SELECT token_hash FROM session');
        const expected = createHash('sha256').update(Buffer.from(token, 'base64url')).digest();
        assert.ok(stored.rows.some((r) => Buffer.from(r.token_hash).equals(expected)));
        assert.ok(!stored.rows.some((r) => Buffer.from(r.token_hash).toString('base64url') === token));

        const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
        assert.equal(me.statusCode, 200, me.body);
        assert.equal(me.json().username, 'supervisor');
        assert.ok(me.json().permissions.includes('custody.override_capacity'));

        const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
        assert.equal(out.statusCode, 204);
        assert.match(String(out.headers['set-cookie']), /^sijill_session=;.*Expires=Thu, 01 Jan 1970/);
        assertProblem(await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } }), 401, 'unauthenticated');
        const left = await db.query<{ token_hash: Uint8Array }>('SELECT token_hash FROM session');
        assert.ok(!left.rows.some((r) => Buffer.from(r.token_hash).equals(expected)));
      });

      test('the cookie is Secure when the server is configured for HTTPS', async () => {
        const secure = buildServer({ db, secureCookies: true });
        try {
          const res = await secure.inject({ method: 'POST', url: '/api/session', payload: { username: 'auditor', password } });
          assert.match(String(res.headers['set-cookie']), /; Secure/);
        } finally {
          await secure.close();
        }
      });

      test('a garbled or forged cookie is not a session', async () => {
        for (const cookie of ['sijill_session=garbage', `sijill_session=${Buffer.alloc(32).toString('base64url')}`]) {
          assertProblem(await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } }), 401, 'unauthenticated');
        }
      });
    });

    describe('access', () => {
      test('every registered route declares a permission, and a route without one cannot be registered', async () => {
        const routes = routePermissions(app);
        assert.ok(routes.length >= 20);
        // 'second_factor' and 'enrolment': the routes of a login's second step (a half-finished login reaches those only).
        const allowed = new Set<string>([...permissions, 'authenticated', 'public', 'second_factor', 'enrolment']);
        for (const route of routes) assert.ok(allowed.has(route.permission), `${route.method} ${route.url} declares ${route.permission}`);
        // The public surface is exactly this: anything else needs a login.
        const open = routes.filter((r) => r.permission === 'public' && r.method !== 'HEAD' && !isWebRoute(r.url)).map((r) => `${r.method} ${r.url}`).sort();
        // The transparency log's checkpoint, hash tiles and proofs are public by design (monitors
        // need no account); its entry bundles are not.
        assert.deepEqual(open, [
          'DELETE /api/session', 'GET /api/docs', 'GET /api/health', 'GET /api/openapi.json', 'GET /api/receipts/key',
          'GET /log/checkpoint', 'GET /log/proof/consistency', 'GET /log/proof/inclusion', 'GET /log/tile/*',
          'POST /api/enrolment', 'POST /api/session', 'POST /log/cosignature',
        ]);

        // The web application's public surface: logging in, setting one's password with an enrolment token, the language, its static assets, and
        // the published figures (issue 17: they are for everyone).
        const openPages = routes.filter((r) => r.permission === 'public' && r.method !== 'HEAD' && isWebRoute(r.url)).map((r) => `${r.method} ${r.url}`).sort();
        assert.deepEqual(openPages, ['GET /', 'GET /assets/:name', 'GET /enrol', 'GET /figures', 'GET /figures.csv', 'GET /figures.json', 'GET /figures/:n', 'GET /login', 'POST /enrol', 'POST /language', 'POST /login']);

        const bare = buildServer({ db });
        try {
          assert.throws(() => bare.get('/api/undeclared', async () => ({})), /declares no permission/);
          assert.throws(() => bare.get('/api/misdeclared', { config: { permission: 'person.readall' as Permission } }, async () => ({})), /declares no permission/);
          // A route whose permission reaches records of persons or facilities must say where its record is.
          const facilityBound: Permission[] = [
            'person.read', 'custody.admit', 'case.read', 'transfer.read', 'rollcall.read', 'rollcall.run', 'rollcall.sign_off', 'visit.read', 'visit.manage', 'visit.notification_list',
            'visit.manage_bodies', 'visit.register_read', 'custody_life.read', 'custody_life.decide', 'complaint.answer', 'allegation.record', 'allegation.refer', 'evidence.freeze',
            'own_file.disclose', 'restriction.read', 'restriction.approve', 'repatriation.read', 'repatriation.decide', 'repatriation.answer', 'nationals.read',
          ];
          for (const [i, permission] of facilityBound.entries()) {
            assert.throws(() => bare.get(`/api/unscoped-${i}`, { config: { permission } }, async () => ({})), /declare config\.scope/, permission);
            assert.doesNotThrow(() => bare.get(`/api/scoped-${i}`, { config: { permission, scope: 'register' } }, async () => ({})), permission);
          }
          for (const scope of [{ complaint: '/params/id' }, { allegation: '/params/id' }, { restriction: '/params/id' }, { roll_call: '/params/id' }, { repatriation: '/params/id' }]) {
            assert.doesNotThrow(() => bare.get(`/api/kind-${Object.keys(scope)[0]}/:id`, { config: { permission: 'person.read', scope } }, async () => ({})));
          }
          assert.throws(() => bare.get('/api/bad-kind/:id', { config: { permission: 'person.read', scope: { state: '/params/id' } as never } }, async () => ({})), /declares a scope that is none/);
          // Permissions that reach no such record need no declaration.
          for (const [i, permission] of (['facility.read', 'account.manage', 'audit.read', 'figures.prepare', 'log.read_entries'] as Permission[]).entries()) {
            assert.doesNotThrow(() => bare.get(`/api/unbound-${i}`, { config: { permission } }, async () => ({})), permission);
          }
        } finally {
          await bare.close();
        }
      });

      test('without a session a route answers 401; an auditor cannot register a person (403) and nothing is written', async () => {
        assertProblem(await anonymous('GET', `/api/persons/${randomUUID()}`), 401, 'unauthenticated');
        assertProblem(await anonymous('POST', '/api/persons', { body: personBody() }), 401, 'unauthenticated');
        // Access is checked before the body is even read.
        assertProblem(await anonymous('POST', '/api/persons', { raw: '{not json' }), 401, 'unauthenticated');
        const before = await counts(db);
        assertProblem(await as.auditor('POST', '/api/persons', { body: personBody() }), 403, 'forbidden');
        assert.deepEqual(await counts(db), before);
      });

      test('an unknown route is a 404 problem', async () => {
        assertProblem(await as.supervisor('GET', '/api/nowhere'), 404, 'route_not_found');
      });

      test('the API built alone has its routes and no pages: a page address is a problem even for a browser', async () => {
        const alone = buildServer({ db, passwordCost: cheap });
        try {
          await alone.ready();
          const urls = new Set(routePermissions(alone).map((r) => r.url));
          assert.ok(urls.has('/api/persons'));
          assert.deepEqual([...urls].filter(isWebRoute), []);
          const page = await alone.inject({ method: 'GET', url: '/login', headers: { accept: 'text/html' } });
          assertProblem(page, 404, 'route_not_found');
        } finally {
          await alone.close();
        }
      });

      test('role × permission: a route answers 403 exactly when the role lacks its permission', async () => {
        // Written out by hand from the access policy, not computed from `can`.
        //                                                  clerk  officer  supervisor  auditor  admin  judge  court clerk  info officer  visitor  liaison  oversight
        const policy: [Permission, [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean]][] = [
          ['person.read', /*                             */ [true, true, true, true, false, true, true, true, false, false, true]],
          ['person.register', /*                         */ [true, true, true, false, false, false, false, false, false, false, false]],
          ['person.correct', /*                          */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['custody.admit', /*                           */ [true, true, true, false, false, false, false, false, false, false, false]],
          ['custody.move', /*                            */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['custody.exit', /*                            */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['custody.override_capacity', /*               */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['facility.read', /*                           */ [true, true, true, true, true, true, true, true, false, false, true]],
          ['facility.manage', /*                         */ [false, false, true, false, true, false, false, false, false, false, false]],
          ['audit.read', /*                              */ [false, false, true, true, true, false, false, false, false, false, true]],
          ['account.manage', /*                          */ [false, false, false, false, true, false, false, false, false, false, false]],
          ['transfer.read', /*                           */ [true, true, true, true, false, false, false, false, false, false, false]],
          ['transfer.manage', /*                         */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['transfer.approve', /*                        */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['transfer.dispatch', /*                       */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['transfer.receive', /*                        */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['log.read_entries', /*                        */ [false, false, true, true, false, false, false, false, false, false, false]],
          ['rollcall.read', /*                           */ [false, true, true, true, false, false, false, false, false, false, false]],
          ['rollcall.run', /*                            */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['rollcall.sign_off', /*                       */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['case.read', /*                               */ [false, true, true, true, false, true, true, false, false, false, false]],
          ['case.manage', /*                             */ [false, false, false, false, false, true, true, false, false, false, false]],
          ['case.decide', /*                             */ [false, false, false, false, false, true, false, false, false, false, false]],
          ['case.counsel_visit', /*                      */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['custody.segregate', /*                       */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['repatriation.read', /*                       */ [false, true, true, true, false, false, false, false, false, true, false]],
          ['repatriation.manage', /*                     */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['repatriation.answer', /*                     */ [false, true, true, false, false, false, false, false, false, true, false]],
          ['repatriation.assess', /*                     */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['repatriation.decide', /*                     */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['repatriation.manage_states', /*              */ [false, false, true, false, true, false, false, false, false, false, false]],
          ['nationals.read', /*                          */ [false, false, false, false, false, false, false, false, false, true, false]],
          ['sharing.read', /*                            */ [false, false, false, true, true, false, false, false, false, false, true]],
          ['inforequest.read', /*                        */ [false, false, false, false, false, false, false, true, false, false, true]],
          ['inforequest.manage', /*                      */ [false, false, false, false, false, false, false, true, false, false, false]],
          ['restriction.read', /*                        */ [false, false, true, false, false, false, false, true, false, false, true]],
          ['restriction.request', /*                     */ [false, false, true, false, false, false, false, true, false, false, false]],
          ['restriction.approve', /*                     */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['complaint.read', /*                          */ [false, true, true, true, false, false, false, false, false, false, true]],
          ['complaint.record', /*                        */ [false, true, true, false, false, false, false, false, false, false, true]],
          ['complaint.answer', /*                        */ [false, false, true, false, false, false, false, false, false, false, true]],
          ['allegation.record', /*                       */ [true, true, true, true, false, true, true, false, false, false, true]],
          ['allegation.refer', /*                        */ [false, false, false, false, false, false, false, false, false, false, true]],
          ['evidence.freeze', /*                         */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['own_file.disclose', /*                       */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['oversight.read', /*                          */ [false, false, false, false, false, false, false, false, false, false, true]],
          ['visit.read', /*                              */ [false, true, true, true, false, false, false, false, false, false, true]],
          ['visit.manage', /*                            */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['visit.manage_bodies', /*                     */ [false, false, true, false, true, false, false, false, false, false, false]],
          ['visit.notification_list', /*                 */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['visit.register_read', /*                     */ [false, false, false, false, false, false, false, false, true, false, false]],
          ['figures.prepare', /*                         */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['figures.approve', /*                         */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['custody_life.read', /*                       */ [false, true, true, true, false, false, false, false, false, false, true]],
          ['custody_life.record', /*                     */ [false, true, true, false, false, false, false, false, false, false, false]],
          ['custody_life.decide', /*                     */ [false, false, true, false, false, false, false, false, false, false, false]],
          ['custody_life.appeal_decide', /*              */ [false, false, false, false, false, false, false, false, false, false, true]],
        ];
        const order: Role[] = ['registration_clerk', 'facility_officer', 'supervisor', 'auditor', 'administrator', 'judge', 'court_clerk', 'information_officer', 'visitor', 'liaison', 'oversight'];
        assert.deepEqual([...policy.map(([p]) => p)].sort(), [...permissions].sort(), 'the table covers every permission');
        assert.deepEqual([...order].sort(), [...roles].sort(), 'the table covers every role');

        const full = aFacility({ capacity: { men_untried: 0 } });
        assert.equal((await as.supervisor('POST', '/api/facilities', { body: full })).statusCode, 201);
        const somebody = randomUUID();
        // One representative request per permission; allowed ones fail later (400, 404) or succeed.
        const attempt: Record<Permission, (client: Client) => Promise<LightMyRequestResponse>> = {
          'person.read': (c) => c('GET', `/api/persons/${somebody}`),
          'person.register': (c) => c('POST', '/api/persons', { body: {} }),
          'person.correct': (c) => c('POST', `/api/persons/${somebody}/corrections`, { body: {} }),
          'custody.admit': (c) => c('POST', '/api/admissions', { body: {} }),
          'custody.move': (c) => c('POST', `/api/persons/${somebody}/moves`, { body: {} }),
          'custody.exit': (c) => c('POST', `/api/persons/${somebody}/exits`, { body: {} }),
          'custody.override_capacity': async (c) => {
            const id = await registered();
            return c('POST', '/api/admissions', { body: admissionBody(id, full, { capacity_override: { reason: 'court-ordered transfer, no other place' } }) });
          },
          'facility.read': (c) => c('GET', '/api/facilities'),
          'facility.manage': (c) => c('POST', '/api/facilities', { body: {} }),
          'audit.read': (c) => c('GET', `/api/persons/${somebody}/reads`),
          'account.manage': (c) => c('POST', '/api/accounts', { body: {} }),
          'transfer.read': (c) => c('GET', '/api/transfers'),
          'transfer.manage': (c) => c('POST', '/api/transfers', { body: {} }),
          'transfer.approve': (c) => c('POST', `/api/transfers/${somebody}/approval`, { body: {} }),
          'transfer.dispatch': (c) => c('POST', `/api/transfers/${somebody}/dispatch`, { body: {} }),
          'transfer.receive': (c) => c('POST', `/api/transfers/${somebody}/count`, { body: {} }),
          'log.read_entries': (c) => c('GET', '/log/tile/entries/000.p/1'),
          'rollcall.read': (c) => c('GET', `/api/roll-calls/${somebody}`),
          'rollcall.run': (c) => c('POST', '/api/roll-calls', { body: {} }),
          'rollcall.sign_off': (c) => c('POST', `/api/roll-calls/${somebody}/sign-off`, { body: {} }),
          'case.read': (c) => c('GET', `/api/cases/${somebody}`),
          'case.manage': (c) => c('POST', `/api/persons/${somebody}/cases`, { body: {} }),
          'case.decide': (c) => c('POST', `/api/cases/${somebody}/verdict`, { body: {} }),
          'case.counsel_visit': (c) => c('POST', `/api/cases/${somebody}/counsel-visits`, { body: {} }),
          'custody.segregate': (c) => c('POST', `/api/persons/${somebody}/segregation`, { body: {} }),
          'repatriation.read': (c) => c('GET', `/api/repatriations/${somebody}`),
          'repatriation.manage': (c) => c('POST', '/api/repatriations', { body: {} }),
          'repatriation.answer': (c) => c('POST', `/api/repatriations/${somebody}/answers`, { body: {} }),
          'repatriation.assess': (c) => c('POST', `/api/repatriations/${somebody}/assessment`, { body: {} }),
          'repatriation.decide': (c) => c('POST', `/api/repatriations/${somebody}/decision`, { body: {} }),
          'repatriation.manage_states': (c) => c('POST', '/api/repatriations/states/FR', { body: {} }),
          'nationals.read': (c) => c('GET', `/api/nationals/${somebody}`),
          'sharing.read': (c) => c('GET', '/api/sharing-records'),
          'complaint.read': (c) => c('GET', `/api/persons/${somebody}/complaints`),
          'complaint.record': (c) => c('POST', `/api/persons/${somebody}/complaints`, { body: {} }),
          'complaint.answer': (c) => c('POST', `/api/complaints/${somebody}/answer`, { body: {} }),
          'allegation.record': (c) => c('POST', `/api/persons/${somebody}/allegations`, { body: {} }),
          'allegation.refer': (c) => c('GET', '/api/allegations'),
          'evidence.freeze': (c) => c('POST', `/api/persons/${somebody}/evidence-freezes`, { body: {} }),
          'own_file.disclose': (c) => c('POST', `/api/persons/${somebody}/own-file`, { body: {} }),
          'inforequest.read': (c) => c('GET', `/api/information-requests/${somebody}`),
          'inforequest.manage': (c) => c('POST', '/api/information-requests', { body: {} }),
          'restriction.read': (c) => c('GET', `/api/restrictions?person_id=${somebody}`),
          'restriction.request': (c) => c('POST', '/api/restrictions', { body: {} }),
          'restriction.approve': (c) => c('POST', `/api/restrictions/${somebody}/approval`, { body: {} }),
          'oversight.read': (c) => c('GET', '/api/oversight/withheld-answers'),
          'visit.read': (c) => c('GET', '/api/visit-access-restrictions'),
          'visit.manage': (c) => c('POST', '/api/visits', { body: {} }),
          'visit.manage_bodies': (c) => c('POST', '/api/visiting-bodies', { body: {} }),
          'visit.notification_list': (c) => c('POST', '/api/notification-lists', { body: {} }),
          'visit.register_read': (c) => c('GET', '/api/visitor/register'),
          'figures.prepare': (c) => c('POST', '/api/figures', { body: { threshold: 1 } }),
          'figures.approve': (c) => c('POST', `/api/figures/${somebody}/approval`, { body: {} }),
          'custody_life.read': (c) => c('GET', `/api/persons/${somebody}/custody-life`),
          'custody_life.record': (c) => c('POST', `/api/persons/${somebody}/discipline`, { body: {} }),
          'custody_life.decide': (c) => c('POST', `/api/persons/${somebody}/discipline/${somebody}/sanction`, { body: {} }),
          'custody_life.appeal_decide': (c) => c('POST', `/api/persons/${somebody}/discipline/${somebody}/appeal-decision`, { body: {} }),
        };
        for (const [permission, allowedFor] of policy) {
          for (const [i, role] of order.entries()) {
            const res = await attempt[permission](as[role]);
            if (allowedFor[i]) {
              // A visitor outside a visit is refused too, by the visit check, not for the role.
              const deniedForRole = res.statusCode === 403 && !(permission === 'visit.register_read' && /no accredited visit/.test(res.body));
              assert.ok(!deniedForRole && res.statusCode !== 401, `${role} may ${permission}, got ${res.statusCode} ${res.body}`);
            } else {
              assertProblem(res, 403, 'forbidden');
            }
          }
        }
      });
    });

    describe('transfers', () => {
      test('an order goes through the API: created by an officer, approved by a supervisor, dispatched, checked in by typed number, counted, read back', async () => {
        const destination = aFacility({ name: 'Fictional Destination Prison' });
        assert.equal((await as.supervisor('POST', '/api/facilities', { body: destination })).statusCode, 201);
        const people = [await admitted(), await admitted()];
        const created = await as.facility_officer('POST', '/api/transfers', {
          body: { origin: { kind: 'facility', facility_id: facility.facility_id }, destination: { kind: 'facility', facility_id: destination.facility_id }, reason: 'hearing at the destination court', persons: people },
        });
        assert.equal(created.statusCode, 201, created.body);
        const id = created.json().transfer_id;
        assert.equal(created.headers.location, `/api/transfers/${id}`);
        const early = await as.facility_officer('POST', `/api/transfers/${id}/dispatch`, { body: { escort_authority: 'Fictional escort', escort_commander: 'Cpt F.', releasing_official: 'Warden R.', occurred_at: '2026-01-22T06:00:00+03:00' } });
        assertProblem(early, 409, 'invalid_transition', '/params/id');
        assert.equal((await as.supervisor('POST', `/api/transfers/${id}/approval`, { body: {} })).statusCode, 201);
        const dispatched = await as.facility_officer('POST', `/api/transfers/${id}/dispatch`, { body: { escort_authority: 'Fictional escort', escort_commander: 'Cpt F.', releasing_official: 'Warden R.', occurred_at: '2026-01-22T06:00:00+03:00' } });
        assert.equal(dispatched.statusCode, 201, dispatched.body);
        assert.equal(dispatched.json().dispatched, 2);
        const record = await as.facility_officer('GET', `/api/persons/${people[0]}`);
        const typed = record.json().register_number.toLowerCase();
        const checkIn = { person_id: people[0], register_number: typed, receiving_official: 'Officer D.', occurred_at: '2026-01-22T12:00:00+03:00', unit_id: destination.units[0]!.id };
        const received = await as.facility_officer('POST', `/api/transfers/${id}/check-ins`, { body: checkIn });
        assert.equal(received.statusCode, 201, received.body);
        assert.equal(received.json().outcome, 'received');
        assertProblem(await as.facility_officer('POST', `/api/transfers/${id}/check-ins`, { body: checkIn }), 409, 'invalid_transition', '/person_id');
        const counted = await as.facility_officer('POST', `/api/transfers/${id}/count`, { body: { receiving_official: 'Warden D.', occurred_at: '2026-01-22T18:00:00+03:00' } });
        assert.equal(counted.statusCode, 201, counted.body);
        assert.deepEqual(counted.json().unaccounted.map((u: { person_id: string }) => u.person_id), [people[1]]);
        const read = await as.registration_clerk('GET', `/api/transfers/${id}`);
        assert.equal(read.statusCode, 200, read.body);
        const view = read.json();
        assert.equal(view.status, 'received');
        assert.deepEqual(view.counts, { received: 1, unaccounted: 1 });
        assert.deepEqual(view.escort, { authority: 'Fictional escort', commander: 'Cpt F.' });
        assert.deepEqual([view.releasing_official, view.receiving_official], ['Warden R.', 'Warden D.']);
        const list = await as.auditor('GET', '/api/transfers?status=received');
        assert.ok(list.json().transfers.some((t: { id: string }) => t.id === id));
      });

      test('a handover list through the API: a dry run lists row errors, the import settles each row, the report reads back; the signed receipt verifies with the published key', async () => {
        const destination = aFacility({ name: 'Fictional Receiving Prison' });
        assert.equal((await as.supervisor('POST', '/api/facilities', { body: destination })).statusCode, 201);
        const people = [await admitted(), await admitted()];
        const numbers = await Promise.all(people.map(async (p) => (await as.facility_officer('GET', `/api/persons/${p}`)).json().register_number as string));
        const id = (await as.facility_officer('POST', '/api/transfers', { body: { origin: { kind: 'facility', facility_id: facility.facility_id }, destination: { kind: 'facility', facility_id: destination.facility_id }, reason: 'hearing', persons: people } })).json().transfer_id;
        const mapping = { columns: { sender_id: 'No.', name_latin: 'Name', register_number: 'Register no.' } };
        const upload = (csv: string, extra: object = {}) => ({ file: { name: 'list.csv', content_base64: Buffer.from(csv).toString('base64') }, mapping, sender: 'Fictional sending authority', transfer_id: id, ...extra });
        const faulty = `No.,Name,Register no.\r\n1,Salim Hamid,${numbers[0]}\r\n2,,\r\n`;
        const bad = await as.facility_officer('POST', '/api/handover-lists', { body: upload(faulty, { dry_run: true }) });
        assert.equal(bad.statusCode, 200, bad.body);
        assert.deepEqual(bad.json().errors.map((e: { row: number; column: string; field: string }) => [e.row, e.column, e.field]), [[3, 'B', 'name']]);
        const before = await counts(db);
        assertProblem(await as.facility_officer('POST', '/api/handover-lists', { body: upload(faulty) }), 422, 'invalid_value', '/file/rows/3');
        assertProblem(await as.facility_officer('POST', '/api/handover-lists', { body: upload('No.,Name,Phone\r\n1,Salim Hamid,0770\r\n') }), 422, 'invalid_value', '/file');
        assertProblem(await as.registration_clerk('POST', '/api/handover-lists', { body: upload('No.,Name\r\n1,x\r\n') }), 403, 'forbidden');
        assert.deepEqual(await counts(db), before);
        const imported = await as.facility_officer('POST', '/api/handover-lists', { body: upload(`No.,Name,Register no.\r\n1,Salim Hamid,${numbers[0]}\r\n2,Marwan Sufyan al-Hiti,\r\n`) });
        assert.equal(imported.statusCode, 201, imported.body);
        const report = await as.auditor('GET', imported.headers.location as string);
        assert.equal(report.statusCode, 200, report.body);
        assert.deepEqual(report.json().listed_not_received.map((r: { row: number; why: string }) => [r.row, r.why]), [[2, 'listed'], [3, 'not_on_register']]);
        assert.deepEqual(report.json().on_order_not_listed.map((m: { person_id: string }) => m.person_id), [people[1]]);
        assert.equal((await as.supervisor('POST', `/api/transfers/${id}/approval`, { body: {} })).statusCode, 201);
        assert.equal((await as.facility_officer('POST', `/api/transfers/${id}/dispatch`, { body: { escort_authority: 'Fictional escort', escort_commander: 'Cpt F.', releasing_official: 'Warden R.', occurred_at: '2026-01-22T06:00:00+03:00' } })).statusCode, 201);
        assert.equal((await as.facility_officer('POST', `/api/transfers/${id}/count`, { body: { receiving_official: 'Warden D.', occurred_at: '2026-01-22T18:00:00+03:00' } })).statusCode, 201);
        assertProblem(await as.auditor('POST', `/api/transfers/${id}/receipt`, { body: {} }), 403, 'forbidden');
        assert.equal((await as.facility_officer('POST', `/api/transfers/${id}/receipt`, { body: {} })).statusCode, 201);
        const file = await as.auditor('GET', `/api/transfers/${id}/receipt`);
        assert.equal(file.statusCode, 200, file.body);
        const published = (await anonymous('GET', '/api/receipts/key')).json().key;
        assert.equal(verifyReceipt(file.body, published).ok, true);
        assert.equal(verifyReceipt(file.body.replace('Warden D.', 'Warden X.'), published).ok, false);
      });
    });

    describe('register, admit, read', () => {
      test('a person registered and admitted through the API reads back whole, and every read is audited', async () => {
        const body = personBody({ documents: [{ kind: 'national_id', number: 'FIC-998877', issuing_country: 'IQ' }] });
        const created = await as.registration_clerk('POST', '/api/persons', { body });
        assert.equal(created.statusCode, 201, created.body);
        const { person_id, register_number } = created.json();
        assert.equal(parseRegisterNumber(register_number), register_number);
        assert.equal(created.headers.location, `/api/persons/${person_id}`);

        const admission = await as.registration_clerk('POST', '/api/admissions', {
          body: admissionBody(person_id, facility, { items: allItems({ health_record: { unknown_reason: 'record not sent with the list' } }) }),
        });
        assert.equal(admission.statusCode, 201, admission.body);
        const { admission_id, events } = admission.json();
        assert.equal(events[0].kind, 'person.admitted');

        const read = await as.registration_clerk('GET', `/api/persons/${person_id}`);
        assert.equal(read.statusCode, 200, read.body);
        const record = read.json();
        assert.equal(record.register_number, register_number);
        assert.deepEqual(record.names.map((n: { full: string }) => n.full).sort(), body.names.map((n) => n.full).sort());
        assert.equal(record.details.documents[0].number, 'FIC-998877');
        assert.equal(record.custody.status, 'in_custody');
        assert.equal(record.custody.facility_id, facility.facility_id);
        assert.equal(record.custody.unit_id, facility.units[0]!.id);
        assert.deepEqual(record.custody.history.map((p: { status: string }) => p.status), ['registered', 'in_custody']);
        assert.equal(record.admissions.length, 1);
        assert.equal(record.admissions[0].id, admission_id);
        assert.deepEqual(record.admissions[0].items.health_record, { unknown_reason: 'record not sent with the list' });
        assert.deepEqual(record.open_tasks.map((t: { kind: string }) => t.kind).sort(), ['complete_admission_item', 'medical_examination', 'notify_family']);
        // Registered, then admitted (the admission carries the tasks it opens).
        assert.equal(record.version, 2);

        const audit = await db.query<{ username: string; what: string }>(
          'SELECT a.username, r.what FROM read_audit r JOIN account a ON a.id = r.account_id WHERE r.person_id = $1 ORDER BY r.id',
          [person_id],
        );
        assert.deepEqual(audit.rows, [{ username: 'registration.clerk', what: 'record' }]);

        const log = await as.registration_clerk('GET', `/api/persons/${person_id}/events`);
        assert.equal(log.statusCode, 200, log.body);
        const logged = log.json().events;
        assert.deepEqual(logged.slice(0, 2).map((e: { kind: string }) => e.kind), ['person.registered', 'person.admitted']);
        assert.equal(logged[0].actor, 'registration.clerk');
        assert.equal(logged[0].data.register_number, register_number);
        assert.equal(logged[1].occurred_at, '2026-01-21T14:00:00+03:00');

        const typed = register_number.toLowerCase().replace(/-/g, '').replace(/0/g, 'o');
        const byNumber = await as.facility_officer('GET', `/api/persons?register_number=${encodeURIComponent(typed)}`);
        assert.equal(byNumber.statusCode, 200, byNumber.body);
        assert.deepEqual(byNumber.json().persons.map((p: { id: string }) => p.id), [person_id]);
        const byDocument = await as.facility_officer('GET', '/api/persons?document=fic-998877');
        assert.deepEqual(byDocument.json().persons.map((p: { id: string }) => p.id), [person_id]);

        const reads = await as.auditor('GET', `/api/persons/${person_id}/reads`);
        assert.equal(reads.statusCode, 200, reads.body);
        assert.deepEqual(
          reads.json().reads.map((r: { username: string; what: string }) => `${r.username}:${r.what}`).sort(),
          ['facility.officer:lookup', 'facility.officer:lookup', 'registration.clerk:events', 'registration.clerk:record'],
        );

        const place = await as.auditor('GET', `/api/facilities/${facility.facility_id}`);
        assert.equal(place.statusCode, 200, place.body);
        assert.ok(place.json().occupancy.men_untried >= 1);
        assert.equal(place.json().units.length, 3);

        const overdue = await as.auditor('GET', '/api/tasks?overdue=true&limit=1000');
        assert.equal(overdue.statusCode, 200, overdue.body);
        const mine = overdue.json().tasks.filter((t: { person_id: string }) => t.person_id === person_id);
        assert.ok(mine.some((t: { kind: string; overdue: boolean }) => t.kind === 'medical_examination' && t.overdue));
        const listed = await db.query("SELECT 1 FROM read_audit a JOIN account u ON u.id = a.account_id WHERE a.person_id = $1 AND a.what = 'task list' AND u.username = 'auditor'", [person_id]);
        assert.equal(listed.rows.length, 1, 'listing tasks by register number is an audited read');
      });

      test('names, moves, corrections and an exit go through the API as the logged-in official', async () => {
        const id = await admitted();
        const name = { id: randomUUID(), script: 'Latn', full: 'Abu Fictional', parts: { kunya: 'Abu Fictional' }, source: 'self_declared', confidence: 0.5 };
        assert.equal((await as.registration_clerk('POST', `/api/persons/${id}/names`, { body: { name } })).statusCode, 201);
        // A clerk may not move people; an officer may.
        const move = { unit_id: facility.units[1]!.id, reason: 'cell repairs', occurred_at: '2026-02-01T09:00:00+03:00' };
        assertProblem(await as.registration_clerk('POST', `/api/persons/${id}/moves`, { body: move }), 403, 'forbidden');
        const moved = await as.facility_officer('POST', `/api/persons/${id}/moves`, { body: move });
        assert.equal(moved.statusCode, 201, moved.body);
        assert.equal(moved.json().events[0].kind, 'person.moved');

        const log = (await as.supervisor('GET', `/api/persons/${id}/events`)).json().events;
        const registeredEvent = log.find((e: { kind: string }) => e.kind === 'person.registered');
        const corrected = await as.supervisor('POST', `/api/persons/${id}/corrections`, {
          body: { corrects: registeredEvent.event_id, reason: 'interpreter confirmed he also speaks English', changes: { languages: ['ar', 'en'] } },
        });
        assert.equal(corrected.statusCode, 201, corrected.body);

        const badExit = await as.facility_officer('POST', `/api/persons/${id}/exits`, { body: { kind: 'person.released', occurred_at: '2026-03-01T10:00:00+03:00', details: { order_reference: 'R-1', released_to: 'family' } } });
        assertProblem(badExit, 400, 'invalid_request', '/details/verified_by');
        assertProblem(await as.facility_officer('POST', `/api/persons/${id}/exits`, { body: { kind: 'person.vanished', occurred_at: '2026-03-01T10:00:00+03:00', details: {} } }), 400, 'invalid_request', '/kind');

        const { version } = (await as.facility_officer('GET', `/api/persons/${id}`)).json();
        const released = await as.facility_officer('POST', `/api/persons/${id}/exits`, {
          body: { kind: 'person.released', occurred_at: '2026-03-01T10:00:00+03:00', details: { order_reference: 'R-1', verified_by: 'Officer V', released_to: 'family' }, expected_version: version },
        });
        assert.equal(released.statusCode, 201, released.body);

        const record = (await as.supervisor('GET', `/api/persons/${id}`)).json();
        assert.equal(record.custody.status, 'released');
        assert.deepEqual(record.details.languages, ['ar', 'en']);
        assert.ok(record.names.some((n: { full: string }) => n.full === 'Abu Fictional'));
        const actors = (await as.supervisor('GET', `/api/persons/${id}/events`)).json().events.map((e: { kind: string; actor: string }) => `${e.kind}:${e.actor}`);
        assert.ok(actors.includes('person.moved:facility.officer'));
        assert.ok(actors.includes('person.corrected:supervisor'));
        assert.ok(actors.includes('person.released:facility.officer'));
      });

      test('a retry with the same Idempotency-Key replays the first answer and registers nobody twice', async () => {
        const key = randomUUID();
        const body = personBody();
        const first = await as.registration_clerk('POST', '/api/persons', { body, key });
        assert.equal(first.statusCode, 201, first.body);
        const before = await counts(db);
        const again = await as.registration_clerk('POST', '/api/persons', { body, key });
        assert.equal(again.statusCode, 201, again.body);
        assert.equal(again.headers['idempotent-replayed'], 'true');
        assert.deepEqual(again.json(), first.json());
        assert.deepEqual(await counts(db), before);
        assertProblem(await as.registration_clerk('POST', '/api/persons', { body: personBody(), key }), 422, 'idempotency_key_reused');

        const id = first.json().person_id;
        const admissionKey = randomUUID();
        const admit = admissionBody(id, facility);
        const admittedOnce = await as.registration_clerk('POST', '/api/admissions', { body: admit, key: admissionKey });
        assert.equal(admittedOnce.statusCode, 201, admittedOnce.body);
        const admittedAgain = await as.registration_clerk('POST', '/api/admissions', { body: admit, key: admissionKey });
        assert.equal(admittedAgain.statusCode, 201, admittedAgain.body);
        assert.equal(admittedAgain.json().admission_id, admittedOnce.json().admission_id);
      });
    });

    describe('bad input is refused with a problem naming the field, and nothing is written', () => {
      let inCustody: string;
      let registeredOnly: string;
      before(async () => {
        inCustody = await admitted();
        registeredOnly = await registered();
      });

      const cases: { name: string; send: () => Promise<LightMyRequestResponse>; status: number; code: string; field: string }[] = [
        { name: 'malformed JSON', send: () => as.registration_clerk('POST', '/api/admissions', { raw: '{"person_id": ' }), status: 400, code: 'malformed_json', field: '' },
        {
          name: 'a body that is not JSON at all',
          send: () => as.registration_clerk('POST', '/api/admissions', { raw: 'person_id=1', contentType: 'application/x-www-form-urlencoded' }),
          status: 415,
          code: 'unsupported_media_type',
          field: '/headers/content-type',
        },
        {
          name: 'a wrong type',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: { ...admissionBody(registeredOnly, facility), legal_status: 7 } }),
          status: 400,
          code: 'invalid_request',
          field: '/legal_status',
        },
        {
          name: 'a number where the schema wants a string is not coerced',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: { ...admissionBody(registeredOnly, facility), admitted_at: 20260121 } }),
          status: 400,
          code: 'invalid_request',
          field: '/admitted_at',
        },
        {
          name: 'an unknown field',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: { ...admissionBody(registeredOnly, facility), cell_mate: 'x' } }),
          status: 400,
          code: 'invalid_request',
          field: '/cell_mate',
        },
        {
          name: 'an unknown field deep inside an item',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: admissionBody(registeredOnly, facility, { items: allItems({ officials: { arresting: [], admitting: 'B', rank: 'x' } as never }) }) }),
          status: 400,
          code: 'invalid_request',
          field: '/items/officials/rank',
        },
        {
          name: 'a missing mandatory admission item',
          send: () => {
            const { first_deprivation: _gone, ...items } = allItems();
            return as.registration_clerk('POST', '/api/admissions', { body: { ...admissionBody(registeredOnly, facility), items } });
          },
          status: 400,
          code: 'invalid_request',
          field: '/items/first_deprivation',
        },
        {
          name: 'an item marked unknown without a reason',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: admissionBody(registeredOnly, facility, { items: allItems({ property: { unknown_reason: ' ' } }) }) }),
          status: 422,
          code: 'missing_item',
          field: '/items/property/unknown_reason',
        },
        {
          name: 'an unknown facility',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: { ...admissionBody(registeredOnly, facility), facility_id: randomUUID() } }),
          status: 404,
          code: 'not_found',
          field: '/facility_id',
        },
        {
          name: 'admitting someone already in custody',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: admissionBody(inCustody, facility) }),
          status: 409,
          code: 'already_in_custody',
          field: '/person_id',
        },
        {
          name: 'a stale version',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: admissionBody(registeredOnly, facility, { expected_version: 0 }) }),
          status: 409,
          code: 'stale_version',
          field: '/expected_version',
        },
        {
          name: 'a move of someone not registered, named by the URL',
          send: () => as.facility_officer('POST', `/api/persons/${randomUUID()}/moves`, { body: { unit_id: facility.units[1]!.id, reason: 'x', occurred_at: '2026-02-01T09:00:00+03:00' } }),
          status: 404,
          code: 'not_found',
          field: '/params/id',
        },
        {
          name: 'a command without an Idempotency-Key',
          send: () => as.registration_clerk('POST', '/api/admissions', { body: admissionBody(registeredOnly, facility), key: null }),
          status: 400,
          code: 'invalid_request',
          field: '/headers/idempotency-key',
        },
        { name: 'a person id that is not a UUID', send: () => as.auditor('GET', '/api/persons/42'), status: 400, code: 'invalid_request', field: '/params/id' },
        { name: 'a query value out of its choices', send: () => as.auditor('GET', '/api/tasks?overdue=yes'), status: 400, code: 'invalid_request', field: '/query/overdue' },
        { name: 'an unknown query parameter', send: () => as.auditor('GET', '/api/tasks?sort=name'), status: 400, code: 'invalid_request', field: '/query/sort' },
        { name: 'a lookup by a mistyped register number', send: () => as.auditor('GET', '/api/persons?register_number=0000-0001-2'), status: 400, code: 'invalid_request', field: '/query/register_number' },
      ];

      for (const c of cases) {
        test(c.name, async () => {
          const before = await counts(db);
          assertProblem(await c.send(), c.status, c.code, c.field);
          assert.deepEqual(await counts(db), before);
        });
      }
    });

    describe('documentation', () => {
      test('the OpenAPI document is 3.1, lists every route with its permission, and matches the registered routes', async () => {
        const res = await anonymous('GET', '/api/openapi.json');
        assert.equal(res.statusCode, 200);
        const spec = res.json();
        assert.equal(spec.openapi, '3.1.0');
        const documented = Object.entries(spec.paths as Record<string, Record<string, { 'x-permission': string }>>).flatMap(([path, item]) =>
          Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1').replace('{*}', '*')}`, permission: op['x-permission'] })),
        );
        // The published figures' data (issue 17) is served beside the pages and documented as an API.
        const documentedData = ['GET /figures.csv', 'GET /figures.json'];
        const registered = routePermissions(app).filter((r) => r.method !== 'HEAD' && (!isWebRoute(r.url) || documentedData.includes(`${r.method} ${r.url}`)));
        assert.deepEqual(documented.map((d) => d.route).sort(), registered.map((r) => `${r.method} ${r.url}`).sort());
        for (const d of documented) assert.equal(d.permission, registered.find((r) => `${r.method} ${r.url}` === d.route)!.permission);
        for (const route of ['POST /api/persons', 'GET /api/persons/:id', 'POST /api/admissions', 'POST /api/persons/:id/exits', 'GET /api/tasks', 'GET /api/health', 'POST /api/handover-lists', 'GET /api/handover-lists/:id', 'GET /api/transfers/:id/handover-lists', 'POST /api/transfers/:id/receipt', 'GET /api/transfers/:id/receipt', 'GET /api/receipts/key']) {
          assert.ok(documented.some((d) => d.route === route), route);
        }
        assert.ok(spec.paths['/api/admissions'].post.responses['4XX'].content['application/problem+json']);
        assert.ok(spec.paths['/api/admissions'].post.parameters.some((p: { in: string; name: string; required: boolean }) => p.in === 'header' && p.name === 'idempotency-key' && p.required));
      });

      test('the reference page renders the routes and the problem codes, with no script', async () => {
        const res = await anonymous('GET', '/api/docs');
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.doesNotMatch(res.body, /<script/i);
        assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
        for (const text of ['/api/persons/{id}/exits', 'custody.exit', 'id="problem-stale_version"']) assert.ok(res.body.includes(text), text);
      });

      test('health answers without a login', async () => {
        const res = await anonymous('GET', '/api/health');
        assert.deepEqual(res.json(), { status: 'ok', database: backend.name, demo: false });
      });
    });

    describe('logs', () => {
      test('logs carry no password, session token, cookie or looked-up document number', async () => {
        const lines: string[] = [];
        const logged = buildServer({ db, logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } } });
        try {
          const res = await logged.inject({ method: 'POST', url: '/api/session', payload: { username: 'auditor', password } });
          const cookie = String(res.headers['set-cookie']).split(';')[0]!;
          await logged.inject({ method: 'GET', url: '/api/persons?document=FIC-LOGGED-123', headers: { cookie, authorization: 'Bearer secret-bearer' } });
          await logged.inject({ method: 'POST', url: '/api/session', payload: { username: 'auditor', password: 'wrong-password-42' } });
          const all = lines.join('\n');
          assert.ok(lines.length > 0);
          for (const secret of [password, 'wrong-password-42', cookie.split('=')[1]!, 'FIC-LOGGED-123', 'secret-bearer']) assert.ok(!all.includes(secret), `log contains ${secret}`);
        } finally {
          await logged.close();
        }
      });
    });
  });
}
