/**
 * Scopes (issue 14): an officer of facility X neither reads nor changes a person held at
 * facility Y, through the API or the pages; a judge reads only the persons before their court;
 * lists and searches leave out whom the account does not reach; a denial answers exactly as a
 * record that does not exist, and is recorded. The rule of src/domain/scope.ts and the SQL
 * filter of src/api/scope.ts agree on every person of the register.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { accountScope, personPlaces, personsInScope } from '../src/api/scope.ts';
import { effectiveScope, reachesPerson, roleReach } from '../src/domain/scope.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

describe('scope rules (domain)', () => {
  test('a role the table does not name reaches nobody, whatever it was assigned', () => {
    assert.equal(roleReach('liaison_of_nowhere'), 'nothing');
    const scope = effectiveScope('liaison_of_nowhere', { all: true, facilities: ['f'], courts: ['c'] });
    assert.equal(reachesPerson(scope, { facilities: ['f'], courts: ['c'], unplaced: true }), false);
  });

  test('an officer’s courts and a judge’s facilities count for nothing; "all" lifts a supervisor’s bound', () => {
    const officer = effectiveScope('facility_officer', { all: false, facilities: ['x'], courts: ['Court A'] });
    assert.deepEqual(officer, { all: false, facilities: ['x'], courts: [] });
    const judge = effectiveScope('judge', { all: false, facilities: ['x'], courts: ['  Court   A '] });
    assert.deepEqual(judge, { all: false, facilities: [], courts: ['Court A'] });
    assert.equal(reachesPerson(judge, { facilities: ['x'], courts: [], unplaced: false }), false);
    assert.equal(reachesPerson(judge, { facilities: [], courts: ['Court A'], unplaced: false }), true);
    assert.equal(effectiveScope('supervisor', { all: true, facilities: [], courts: [] }).all, true);
    assert.equal(effectiveScope('auditor', { all: false, facilities: [], courts: [] }).all, true);
  });

  test('a person never admitted is within reach of accounts bound by facilities, not of a court’s, nor of an officer with no facility', () => {
    const unplaced = { facilities: [], courts: [], unplaced: true };
    assert.equal(reachesPerson(effectiveScope('registration_clerk', { all: false, facilities: ['x'], courts: [] }), unplaced), true);
    assert.equal(reachesPerson(effectiveScope('court_clerk', { all: false, facilities: [], courts: ['Court A'] }), unplaced), false);
    assert.equal(reachesPerson(effectiveScope('facility_officer', { all: false, facilities: [], courts: [] }), unplaced), false);
  });
});

for (const backend of backends) {
  describe(`scopes on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const c = {} as Record<string, Client>;
    const cookies = {} as Record<string, string>;
    let x: RegisterFacility;
    let y: RegisterFacility;
    let atX: { id: string; number: string };
    let atY: { id: string; number: string };
    let caseOfY: string;
    let transferOfY: string;

    async function admittedAt(facility: RegisterFacility): Promise<{ id: string; number: string }> {
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const registered = await c.supervisor!('POST', '/api/persons', { body: { ...body, duplicate_reason: 'Another fictional person of the same name' } });
      assert.equal(registered.statusCode, 201, registered.body);
      const { person_id: id, register_number: number } = registered.json() as { person_id: string; register_number: string };
      const { admission_id: _a, ...admission } = anAdmission(id, facility);
      const res = await c.supervisor!('POST', '/api/admissions', { body: { ...admission, duplicate_reason: 'Another fictional person of the same name' } });
      assert.equal(res.statusCode, 201, res.body);
      return { id, number };
    }

    const eventCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM event')).rows[0]!.n);
    const denials = async (username: string) =>
      (await db.query<{ kind: string; subject: string }>('SELECT d.kind, d.subject FROM scope_denial d JOIN account a ON a.id = d.account_id WHERE a.username = $1 ORDER BY d.id', [username])).rows;

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, identity: await IdentityIndex.build(db) } });
      await app.ready();
      x = aFacility({ name: 'Fictional Facility X' });
      y = aFacility({ name: 'Fictional Facility Y' });
      const accounts: [string, Role, Parameters<typeof createAccount>[1]['scope']][] = [
        ['supervisor', 'supervisor', wholeRegister],
        ['clerk.all', 'court_clerk', wholeRegister],
        ['officer.x', 'facility_officer', { all: false, facilities: [x.facility_id], courts: [] }],
        ['officer.y', 'facility_officer', { all: false, facilities: [y.facility_id], courts: [] }],
        ['clerk.x', 'registration_clerk', { all: false, facilities: [x.facility_id], courts: [] }],
        ['officer.none', 'facility_officer', undefined],
        ['supervisor.x', 'supervisor', { all: false, facilities: [x.facility_id], courts: [] }],
        ['judge.a', 'judge', { all: false, facilities: [], courts: ['Fictional Court A'] }],
        ['court-clerk.a', 'court_clerk', { all: false, facilities: [], courts: ['Fictional Court A'] }],
        ['auditor', 'auditor', undefined],
        ['admin', 'administrator', undefined],
        ['admin.two', 'administrator', undefined],
      ];
      for (const [username, role, scope] of accounts) {
        await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, ...(scope ? { scope } : {}) }, { cost: cheap });
        cookies[username] = await login(app, username);
        c[username] = clientFor(app, cookies[username]!);
      }
      for (const f of [x, y]) assert.equal((await c.supervisor!('POST', '/api/facilities', { body: f })).statusCode, 201);
      atX = await admittedAt(x);
      atY = await admittedAt(y);
      const charge = { law: 'Penal Code No. 111 of 1969', article: '298', max_penalty: { years: 15 } };
      const caseBody = (court: string) => ({ reference: `INV/${randomUUID().slice(0, 8)}`, court, judge: 'Judge F. Fictional', prosecutor: 'Prosecutor P. Fictional', charges: [charge] });
      const opened = await c['court-clerk.a']!('POST', `/api/persons/${atX.id}/cases`, { body: caseBody('Fictional Court A') });
      assert.equal(opened.statusCode, 201, opened.body);
      const other = await c['clerk.all']!('POST', `/api/persons/${atY.id}/cases`, { body: caseBody('Fictional Court B') });
      assert.equal(other.statusCode, 201, other.body);
      caseOfY = other.json().case_id;
      const transfer = await c.supervisor!('POST', '/api/transfers', { body: { origin: { kind: 'facility', facility_id: y.facility_id }, destination: { kind: 'authority', name: 'Fictional Authority', country: 'IQ' }, reason: 'a fictional transfer', persons: [atY.id] } });
      assert.equal(transfer.statusCode, 201, transfer.body);
      transferOfY = transfer.json().transfer_id;
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('an officer of X reads the person at X; the person at Y answers exactly as an id nobody holds, and the denial is recorded, not a read', async () => {
      assert.equal((await c['officer.x']!('GET', `/api/persons/${atX.id}`)).statusCode, 200);
      const denied = await c['officer.x']!('GET', `/api/persons/${atY.id}`);
      const unknown = await c['officer.x']!('GET', `/api/persons/${randomUUID()}`);
      assert.equal(denied.statusCode, 404, denied.body);
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: null });
      assert.deepEqual(strip(denied.json()), strip(unknown.json()));
      for (const path of ['events', 'clocks', 'cases', 'segregation']) assert.equal((await c['officer.x']!('GET', `/api/persons/${atY.id}/${path}`)).statusCode, 404, path);
      assert.deepEqual((await denials('officer.x')).map((d) => d.subject).filter((s) => s === atY.id).length >= 5, true);
      const reads = await db.query("SELECT 1 FROM read_audit r JOIN account a ON a.id = r.account_id WHERE a.username = 'officer.x' AND r.person_id = $1", [atY.id]);
      assert.equal(reads.rows.length, 0);
    });

    test('an officer of X cannot change the person at Y: moves, exits, names, segregation are refused as not found, and nothing is written', async () => {
      const before = await eventCount();
      const tries = [
        ['moves', { unit_id: y.units[0]!.id, reason: 'fictional', occurred_at: '2026-03-01T10:00:00+03:00' }],
        ['exits', { kind: 'person.released', occurred_at: '2026-03-01T10:00:00+03:00', details: { order_reference: 'X', verified_by: 'Y', released_to: 'Z' } }],
        ['names', { name: aName({ script: 'Latn', full: 'Fictional Name' }) }],
        ['segregation', { action: 'start', reason: 'a fictional reason', at: '2026-03-01T10:00:00+03:00', authorised_by: 'Fictional Supervisor' }],
      ] as const;
      // Every body is well formed: each refusal is the scope's, named at the path's id, and recorded.
      const deniedBefore = (await denials('officer.x')).filter((d) => d.subject === atY.id).length;
      for (const [path, body] of tries) {
        assertProblem(await c['officer.x']!('POST', `/api/persons/${atY.id}/${path}`, { body }), 404, 'not_found', '/params/id');
      }
      assert.equal((await denials('officer.x')).filter((d) => d.subject === atY.id).length, deniedBefore + tries.length);
      assert.equal(await eventCount(), before);
    });

    test('a clerk of X cannot admit into Y (the facility named), nor put the person at Y on an order', async () => {
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const registered = await c['clerk.x']!('POST', '/api/persons', { body: { ...body, duplicate_reason: 'Another fictional person of the same name' } });
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      // Registered, never admitted: within the clerk's reach until admitted.
      assert.equal((await c['clerk.x']!('GET', `/api/persons/${id}`)).statusCode, 200);
      const before = await eventCount();
      const { admission_id: _a, ...admission } = anAdmission(id, y);
      const refused = await c['clerk.x']!('POST', '/api/admissions', { body: { ...admission, duplicate_reason: 'Another fictional person of the same name' } });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json().field, '/facility_id');
      const order = await c['officer.x']!('POST', '/api/transfers', {
        body: { origin: { kind: 'facility', facility_id: x.facility_id }, destination: { kind: 'facility', facility_id: y.facility_id }, reason: 'fictional', persons: [atX.id, atY.id] },
      });
      assert.equal(order.statusCode, 404, order.body);
      assert.equal(order.json().field, '/persons/1');
      assert.equal(await eventCount(), before);
      const { admission_id: _b, ...intoX } = anAdmission(id, x);
      const admitted = await c['clerk.x']!('POST', '/api/admissions', { body: { ...intoX, duplicate_reason: 'Another fictional person of the same name' } });
      assert.equal(admitted.statusCode, 201, admitted.body);
    });

    test('pages: the officer of X sees the record at X, and the not-found page for the person at Y (record, print, admission form)', async () => {
      const page = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
      const ok = await page(cookies['officer.x']!, `/persons/${atX.id}`);
      assert.equal(ok.statusCode, 200);
      assert.ok(ok.body.includes(atX.number));
      for (const url of [`/persons/${atY.id}`, `/print/persons/${atY.id}/extract`, `/persons/${atY.id}/admit`]) {
        const res = await page(cookies['officer.x']!, url);
        assert.equal(res.statusCode, 404, url);
        assert.ok(!res.body.includes(atY.number), url);
      }
      const unknown = await page(cookies['officer.x']!, `/persons/${randomUUID()}`);
      assert.equal(unknown.statusCode, 404);
    });

    test('a judge reads the persons before their court, not a person with no case before it, nor that person’s case file', async () => {
      assert.equal((await c['judge.a']!('GET', `/api/persons/${atX.id}`)).statusCode, 200);
      assert.equal((await c['judge.a']!('GET', `/api/persons/${atY.id}`)).statusCode, 404);
      assert.equal((await c['judge.a']!('GET', `/api/cases/${caseOfY}`)).statusCode, 404);
      assert.equal((await c['court-clerk.a']!('GET', `/api/persons/${atY.id}/cases`)).statusCode, 404);
      // Nor may the court's clerk open a case before another court.
      const other = await c['court-clerk.a']!('POST', `/api/persons/${atY.id}/cases`, { body: { reference: 'INV/elsewhere', court: 'Fictional Court B', judge: 'J', prosecutor: 'P', charges: [{ law: 'L', article: '1', max_penalty: { years: 1 } }] } });
      assert.equal(other.statusCode, 403, other.body);
      assert.equal(other.json().field, '/court');
    });

    test('lists and searches leave out whom the account does not reach: lookup, search, tasks, transfers; an unassigned officer finds nobody', async () => {
      const lookup = async (who: string, number: string) => ((await c[who]!('GET', `/api/persons?register_number=${number}`)).json().persons as unknown[]).length;
      assert.equal(await lookup('officer.x', atX.number), 1);
      assert.equal(await lookup('officer.x', atY.number), 0);
      assert.equal(await lookup('officer.y', atY.number), 1);
      assert.equal(await lookup('officer.none', atX.number), 0);
      const search = async (who: string, number: string) => (await c[who]!('GET', `/api/search?q=${number}`)).json() as { total: number; results: unknown[] };
      assert.deepEqual([(await search('officer.x', atY.number)).total, (await search('officer.x', atY.number)).results.length], [0, 0]);
      assert.equal((await search('officer.x', atX.number)).total, 1);
      const tasks = async (who: string) => {
        const res = await c[who]!('GET', '/api/tasks');
        assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
        return (res.json().tasks as { person_id: string }[]).map((t) => t.person_id);
      };
      assert.ok((await tasks('supervisor')).includes(atY.id), 'the admission left open tasks');
      assert.ok(!(await tasks('officer.x')).includes(atY.id));
      assert.equal((await tasks('officer.none')).length, 0);
      const transfers = async (who: string) => ((await c[who]!('GET', '/api/transfers')).json().transfers as { id: string }[]).map((t) => t.id);
      assert.ok((await transfers('officer.y')).includes(transferOfY));
      assert.ok(!(await transfers('officer.x')).includes(transferOfY));
      assert.equal((await c['officer.x']!('GET', `/api/transfers/${transferOfY}`)).statusCode, 404);
    });

    test('a person on an open order is within reach of both of its ends', async () => {
      const moving = await admittedAt(x);
      assert.equal((await c['officer.y']!('GET', `/api/persons/${moving.id}`)).statusCode, 404);
      const order = await c.supervisor!('POST', '/api/transfers', { body: { origin: { kind: 'facility', facility_id: x.facility_id }, destination: { kind: 'facility', facility_id: y.facility_id }, reason: 'fictional', persons: [moving.id] } });
      assert.equal(order.statusCode, 201, order.body);
      assert.equal((await c['officer.y']!('GET', `/api/persons/${moving.id}`)).statusCode, 200);
    });

    test('the SQL filter of lists and the rule for one record agree on every person, for every account', async () => {
      const persons = (await db.query<{ id: string }>('SELECT id FROM person ORDER BY id')).rows.map((r) => r.id);
      const { rows: accounts } = await db.query<{ id: string; role: string; username: string }>('SELECT id, role, username FROM account ORDER BY username');
      let differing = 0;
      for (const account of accounts) {
        const scope = await accountScope(db, account);
        const listed = new Set(await personsInScope(db, scope, persons));
        for (const id of persons) {
          const single = reachesPerson(scope, (await personPlaces(db, id))!);
          if (single !== listed.has(id)) differing++;
        }
      }
      assert.equal(differing, 0);
      assert.ok(persons.length >= 4 && accounts.length >= 8);
    });

    test('an auditor reaches the whole register without an assignment', async () => {
      assert.equal((await c.auditor!('GET', `/api/persons/${atY.id}`)).statusCode, 200);
    });

    /** A request of `admin`, approved by a second administrator (account-requests.test.ts). */
    /** Approved by the second administrator; a new account's official sets their password with its token. */
    const approvedBySecond = async (asked: { statusCode: number; body: string; json(): { request_id: string; username: string } }) => {
      assert.equal(asked.statusCode, 202, asked.body);
      const approved = await c['admin.two']!('POST', `/api/account-requests/${asked.json().request_id}/approval`);
      assert.equal(approved.statusCode, 200, approved.body);
      const enrolment = approved.json().enrolment as { token: string } | null;
      if (enrolment) {
        const enrolled = await app.inject({ method: 'POST', url: '/api/enrolment', payload: { username: asked.json().username, token: enrolment.token, password } });
        assert.equal(enrolled.statusCode, 200, enrolled.body);
      }
    };

    test('restrictions of what relatives are told: a supervisor of X neither lists, reads nor requests one for the person at Y', async () => {
      const restriction = (personId: string) => ({ person_id: personId, items: ['health'], legal_basis: 'Code of Criminal Procedure, art. 57', judicial_reference: 'Fictional court 1/2027', applies_to: ['sibling'], expires_at: '2027-06-01T12:00:00+03:00' });
      const ids: string[] = [];
      for (const person of [atX, atY]) {
        const made = await c.supervisor!('POST', '/api/restrictions', { body: restriction(person.id) });
        assert.equal(made.statusCode, 201, made.body);
        ids.push(made.json().restriction_id);
      }
      const listed = await c['supervisor.x']!('GET', '/api/restrictions');
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual((listed.json() as { restrictions: { person_id: string }[] }).restrictions.map((r) => r.person_id), [atX.id]);
      const all = (await c.supervisor!('GET', '/api/restrictions')).json() as { restrictions: { person_id: string }[] };
      assert.deepEqual(new Set(all.restrictions.map((r) => r.person_id)), new Set([atX.id, atY.id]));
      assertProblem(await c['supervisor.x']!('GET', `/api/restrictions?person_id=${atY.id}`), 404, 'not_found', '/query/person_id');
      const before = await eventCount();
      assertProblem(await c['supervisor.x']!('POST', '/api/restrictions', { body: restriction(atY.id) }), 404, 'not_found', '/person_id');
      // Approving the restriction of the person at Y answers exactly as approving one nobody recorded.
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: null });
      const approval = await c['supervisor.x']!('POST', `/api/restrictions/${ids[1]}/approval`);
      const nobody = await c['supervisor.x']!('POST', `/api/restrictions/${randomUUID()}/approval`);
      assertProblem(approval, 404, 'not_found', '/params/id');
      assert.deepEqual(strip(approval.json()), strip(nobody.json()));
      assert.equal(await eventCount(), before);
      assert.equal((await c['supervisor.x']!('POST', '/api/restrictions', { body: restriction(atX.id) })).statusCode, 201);
    });

    test('an administrator assigns an account its facilities (recorded with the creation, once a second administrator approves), and cannot change their own role or scope', async () => {
      await approvedBySecond(await c.admin!('POST', '/api/accounts', { body: { username: 'officer.new', display_name: 'Fictional new officer', role: 'facility_officer', scope: { facilities: [y.facility_id] } } }));
      const fresh = clientFor(app, await login(app, 'officer.new'));
      assert.equal((await fresh('GET', `/api/persons/${atY.id}`)).statusCode, 200);
      assert.equal((await fresh('GET', `/api/persons/${atX.id}`)).statusCode, 404);
      await approvedBySecond(await c.admin!('PATCH', '/api/accounts/officer.new', { body: { scope: { facilities: [x.facility_id] } } }));
      assert.equal((await fresh('GET', `/api/persons/${atX.id}`)).statusCode, 200);
      assert.equal((await fresh('GET', `/api/persons/${atY.id}`)).statusCode, 404);
      const audit = await db.query<{ what: string }>("SELECT what FROM account_audit au JOIN account a ON a.id = au.account_id WHERE a.username = 'officer.new' ORDER BY au.id");
      assert.deepEqual(audit.rows.map((r) => r.what), ['created:facility_officer', 'enrolment_token_issued:new_account', 'password_set_with_token', 'scope_changed']);
      for (const body of [{ role: 'supervisor' }, { scope: { all: true } }]) {
        const self = await c.admin!('PATCH', '/api/accounts/admin', { body });
        assert.equal(self.statusCode, 403, self.body);
        assert.equal(self.json().field, 'role' in body ? '/role' : '/scope');
      }
      assert.equal((await db.query("SELECT role FROM account WHERE username = 'admin'")).rows[0]!.role, 'administrator');
    });

    test('roll calls, visits and notification lists reach only the officer’s facilities: another facility’s answer as records nobody holds, and lists leave them out', async () => {
      const opened = await c['officer.y']!('POST', '/api/roll-calls', { body: { facility_id: y.facility_id } });
      assert.equal(opened.statusCode, 201, opened.body);
      const rollCallY = opened.json().roll_call_id as string;
      const before = await eventCount();
      assertProblem(await c['officer.x']!('POST', '/api/roll-calls', { body: { facility_id: y.facility_id } }), 403, 'forbidden', '/facility_id');
      assertProblem(await c['officer.x']!('GET', `/api/roll-calls/report?facility_id=${y.facility_id}`), 403, 'forbidden', '/query/facility_id');
      assertProblem(await c['officer.x']!('GET', `/api/roll-calls/${rollCallY}`), 404, 'not_found', '/params/id');
      assertProblem(await c['officer.x']!('POST', `/api/roll-calls/${rollCallY}/counts`, { body: { register_numbers: [atY.number] } }), 404, 'not_found', '/params/id');
      assert.equal(await eventCount(), before, 'nothing written');
      assert.equal((await c['officer.y']!('GET', `/api/roll-calls/${rollCallY}`)).statusCode, 200);
      assert.equal((await c['officer.x']!('GET', `/api/roll-calls/report?facility_id=${x.facility_id}`)).statusCode, 200);
      assert.equal((await c.supervisor!('GET', `/api/roll-calls/${rollCallY}`)).statusCode, 200, 'a supervisor over the whole register');

      const body = await c.supervisor!('POST', '/api/visiting-bodies', { body: { name: 'Fictional Scope Commission', kind: 'human_rights_commission', accredited_by: 'Fictional Council', accreditation_reference: 'Fictional 1/2026' } });
      assert.equal(body.statusCode, 201, body.body);
      const body_id = body.json().body_id as string;
      const starts_at = new Date(Date.now() - 3_600_000).toISOString();
      const ends_at = new Date(Date.now() + 3_600_000).toISOString();
      const visitY = await c['officer.y']!('POST', '/api/visits', { body: { body_id, facility_id: y.facility_id, starts_at, ends_at } });
      assert.equal(visitY.statusCode, 201, visitY.body);
      const visitAtY = visitY.json().visit_id as string;
      const visitX = await c['officer.x']!('POST', '/api/visits', { body: { body_id, facility_id: x.facility_id, starts_at, ends_at } });
      assert.equal(visitX.statusCode, 201, visitX.body);
      const visitAtX = visitX.json().visit_id as string;
      const atStart = await eventCount();
      assertProblem(await c['officer.x']!('POST', '/api/visits', { body: { body_id, facility_id: y.facility_id, starts_at, ends_at } }), 403, 'forbidden', '/facility_id');
      assertProblem(await c['officer.x']!('GET', `/api/visits/${visitAtY}`), 404, 'not_found', '/params/id');
      assertProblem(await c['officer.x']!('POST', `/api/visits/${visitAtY}/closing`, { body: {} }), 404, 'not_found', '/params/id');
      assert.equal(await eventCount(), atStart, 'nothing written');
      const listed = (who: string) => c[who]!('GET', '/api/visits').then((r) => r.json().visits.map((v: { id: string }) => v.id).sort());
      assert.deepEqual(await listed('officer.x'), [visitAtX]);
      assert.deepEqual(await listed('officer.y'), [visitAtY]);
      assert.deepEqual(await listed('supervisor'), [visitAtX, visitAtY].sort());
      const page = await app.inject({ method: 'GET', url: `/visits/${visitAtY}`, headers: { cookie: cookies['officer.x']! } });
      assert.equal(page.statusCode, 404, 'the page answers as the API does');

      const drawn = await c['officer.y']!('POST', '/api/notification-lists', { body: { body_id, facility_id: y.facility_id } });
      assert.equal(drawn.statusCode, 201, drawn.body);
      const listY = drawn.json().list_id as string;
      assertProblem(await c['officer.x']!('POST', '/api/notification-lists', { body: { body_id, facility_id: y.facility_id } }), 403, 'forbidden', '/facility_id');
      assertProblem(await c['officer.x']!('GET', `/api/notification-lists/${listY}`), 404, 'not_found', '/params/id');
      assertProblem(await c['officer.x']!('POST', `/api/notification-lists/${listY}/exports?format=csv`), 404, 'not_found', '/params/id');
      assert.equal((await c['officer.y']!('GET', `/api/notification-lists/${listY}`)).statusCode, 200);
      const refused = await denials('officer.x');
      for (const [kind, subject] of [['roll_call', rollCallY], ['visit', visitAtY], ['notification_list', listY], ['facility', y.facility_id]]) {
        assert.ok(refused.some((d) => d.kind === kind && d.subject === subject), `${kind} denial recorded`);
      }
    });

    test('who read a record: only with the audit permission, within the reader’s scope, and the reading is itself audited', async () => {
      const auditRows = async () => (await db.query<{ what: string }>("SELECT r.what FROM read_audit r JOIN account a ON a.id = r.account_id WHERE a.username = 'auditor' AND r.person_id = $1 ORDER BY r.id", [atX.id])).rows.map((r) => r.what);
      assert.equal((await c['officer.x']!('GET', `/api/persons/${atX.id}/reads`)).statusCode, 403, 'no audit permission');
      assert.equal((await c.admin!('GET', `/api/persons/${atX.id}/reads`)).statusCode, 200);
      const first = await c.auditor!('GET', `/api/persons/${atX.id}/reads`);
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(await auditRows(), ['read audit']);
      const second = await c.auditor!('GET', `/api/persons/${atX.id}/reads`);
      assert.ok(second.json().reads.some((r: { username: string; what: string }) => r.username === 'auditor' && r.what === 'read audit'), 'the earlier reading shows');
      assert.deepEqual(await auditRows(), ['read audit', 'read audit']);
    });

    test('a complaint of the person at Y is answered by no supervisor of X: it answers as one nobody lodged, the denial recorded; nor are Y’s roll-call pages theirs', async () => {
      const lodged = await c.supervisor!('POST', `/api/persons/${atY.id}/complaints`, {
        body: { nature: 'complaint', complainant: 'relative', complainant_name: 'Fictional Brother', subject: 'contact_with_family', text: 'no family visit for six weeks', received_at: '2026-03-10T10:00:00+03:00' },
      });
      assert.equal(lodged.statusCode, 201, lodged.body);
      const complaint = lodged.json().complaint_id as string;
      const answer = { answer: 'visits resume on Thursday', answered_at: '2026-03-10T12:00:00+03:00' };
      const before = await eventCount();
      const denied = await c['supervisor.x']!('POST', `/api/complaints/${complaint}/answer`, { body: answer });
      const unknown = await c['supervisor.x']!('POST', `/api/complaints/${randomUUID()}/answer`, { body: answer });
      assertProblem(denied, 404, 'not_found', '/params/id');
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: null });
      assert.deepEqual(strip(denied.json()), strip(unknown.json()));
      assert.equal(await eventCount(), before, 'nothing written');
      assert.equal((await denials('supervisor.x')).filter((d) => d.kind === 'complaint' && d.subject === complaint).length, 1, 'the denial is recorded');
      assert.equal((await c.supervisor!('POST', `/api/complaints/${complaint}/answer`, { body: answer })).statusCode, 201);
      // The roll-call report of Y, on the page and printed, is not an officer of X's to read.
      for (const url of [`/roll-calls?facility_id=${y.facility_id}`, `/print/roll-calls/report?facility_id=${y.facility_id}`, `/print/roll-calls/not-seen?facility_id=${y.facility_id}`]) {
        assert.equal((await app.inject({ method: 'GET', url, headers: { cookie: cookies['officer.x']! } })).statusCode, 403, url);
      }
      // Without a facility asked for, the printed report is of one the officer reaches.
      const printed = await app.inject({ method: 'GET', url: '/print/roll-calls/report', headers: { cookie: cookies['officer.x']! } });
      assert.equal(printed.statusCode, 200, printed.body.slice(0, 300));
      assert.ok(printed.body.includes('Fictional Facility X') && !printed.body.includes('Fictional Facility Y'));
    });

    test('found by the fuzz: an assignment naming a facility the register does not hold, or a blank court, is refused at its place, and no account is half-made', async () => {
      const count = async () => Number((await db.query<{ n: string }>('SELECT (SELECT count(*) FROM account) + (SELECT count(*) FROM account_scope) AS n')).rows[0]!.n);
      const before = await count();
      const unknown = await c.admin!('POST', '/api/accounts', { body: { username: 'officer.nowhere', display_name: 'Fictional officer', role: 'facility_officer', scope: { facilities: [x.facility_id, randomUUID()] } } });
      assert.equal(unknown.statusCode, 422, unknown.body);
      assert.equal(unknown.json().field, '/scope/facilities/1');
      const blank = await c.admin!('POST', '/api/accounts', { body: { username: 'judge.nowhere', display_name: 'Fictional judge', role: 'judge', scope: { courts: ['', 'Fictional court'] } } });
      assert.equal(blank.statusCode, 400, blank.body);
      assert.match(blank.json().field, /^\/scope\/courts\/0/);
      const moved = await c.admin!('PATCH', '/api/accounts/officer.new', { body: { scope: { facilities: [randomUUID()] } } });
      assert.equal(moved.statusCode, 422, moved.body);
      assert.equal(moved.json().field, '/scope/facilities/0');
      assert.equal(await count(), before);
    });
  });
}
