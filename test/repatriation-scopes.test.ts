/**
 * Repatriation cases are reached as their persons are (issue 14's scopes, issue 15): an officer
 * of one facility lists, reads, counts and acts on the cases of the persons held there only — a
 * case of a person held elsewhere answers exactly as one that does not exist, through the API and
 * the pages, the states desk and the letter to a state count and list only them, and lists are
 * filtered in the query before their limit. A liaison's scope stays its state's.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { accountScope, scopeFilter } from '../src/api/scope.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { repatriationList } from '../src/queries/repatriation-file.ts';
import type { Database } from '../src/store/database.ts';

for (const backend of backends) {
  describe(`repatriation scopes on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const c = {} as Record<string, Client>;
    const browser = {} as Record<string, string>;
    let x: RegisterFacility;
    let y: RegisterFacility;
    /** French nationals held at X and at Y, a Tunisian at Y, each with a case (Y's opened first). */
    const at = {} as Record<'x' | 'y' | 'tn', { person: string; number: string; case: string }>;

    const page = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: `${browser[who]}; sijill_lang=en` } });
    const written = async () => (await db.query<{ n: string }>('SELECT count(*) AS n FROM event')).rows[0]!.n;

    async function held(facility: RegisterFacility, nationality: string) {
      const { person_id: _id, register_number: _n, ...body } = aPerson({ nationalities: [nationality] });
      const registered = await c.supervisor!('POST', '/api/persons', { body: { ...body, duplicate_reason: 'Another fictional person of the same name' } });
      assert.equal(registered.statusCode, 201, registered.body);
      const { person_id: person, register_number: number } = registered.json() as { person_id: string; register_number: string };
      const { admission_id: _a, ...admission } = anAdmission(person, facility, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await c.supervisor!('POST', '/api/admissions', { body: { ...admission, duplicate_reason: 'Another fictional person of the same name' } })).statusCode, 201);
      const opened = await c.supervisor!('POST', '/api/repatriations', { body: { person_id: person, state: nationality, reason: 'national of the state' } });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().case_id as string;
      const sent = await c.supervisor!('POST', `/api/repatriations/${id}/requests`, { body: { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: `NV-${number}` } });
      assert.equal(sent.statusCode, 201, sent.body);
      return { person, number, case: id };
    }

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, clock: () => now } });
      await app.ready();
      x = aFacility({ name: 'Fictional Facility X' });
      y = aFacility({ name: 'Fictional Facility Y' });
      const accounts: [string, Parameters<typeof createAccount>[1]][] = [
        ['supervisor', { username: 'supervisor', displayName: 'Fictional supervisor', role: 'supervisor', password, scope: wholeRegister }],
        ['officer.x', { username: 'officer.x', displayName: 'Fictional officer of X', role: 'facility_officer', password, scope: { all: false, facilities: [x.facility_id], courts: [] } }],
        ['liaison.fr', { username: 'liaison.fr', displayName: 'Fictional liaison of France', role: 'liaison', password, liaisonState: 'FR' }],
      ];
      for (const [name, account] of accounts) await createAccount(db, account, { cost: cheap });
      for (const [name] of accounts) {
        c[name] = clientFor(app, await login(app, name));
        browser[name] = (await logInByForm(app, name)).cookie;
      }
      for (const f of [x, y]) assert.equal((await c.supervisor!('POST', '/api/facilities', { body: f })).statusCode, 201);
      for (const state of ['FR', 'TN']) assert.equal((await c.supervisor!('POST', `/api/repatriations/states/${state}`, { body: { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [] } })).statusCode, 201);
      at.y = await held(y, 'FR');
      at.x = await held(x, 'FR');
      at.tn = await held(y, 'TN');
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('an officer of X lists, reads and acts on the cases of X’s persons only; Y’s answers as a case that does not exist, and the denial is recorded', async () => {
      const listed = (await c['officer.x']!('GET', '/api/repatriations')).json().cases.map((k: { id: string }) => k.id);
      assert.deepEqual(listed, [at.x.case]);
      assert.deepEqual((await c['officer.x']!('GET', `/api/repatriations?person_id=${at.y.person}`)).json().cases, []);
      assert.equal((await c['officer.x']!('GET', `/api/repatriations/${at.x.case}`)).statusCode, 200);
      const hidden = await c['officer.x']!('GET', `/api/repatriations/${at.y.case}`);
      const none = await c['officer.x']!('GET', `/api/repatriations/${randomUUID()}`);
      assertProblem(hidden, 404, 'not_found', '/params/id');
      assert.deepEqual(hidden.json(), none.json());
      const before = await written();
      assertProblem(await c['officer.x']!('POST', `/api/repatriations/${at.y.case}/answers`, { body: { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-9' } }), 404, 'not_found', '/params/id');
      assertProblem(await c['officer.x']!('POST', `/api/repatriations/${at.y.case}/closure`, { body: { reason: 'closing another facility’s case' } }), 404, 'not_found', '/params/id');
      assert.equal(await written(), before);
      const denials = (await db.query<{ kind: string; subject: string }>(`SELECT d.kind, d.subject FROM scope_denial d JOIN account a ON a.id = d.account_id WHERE a.username = 'officer.x' ORDER BY d.id`)).rows;
      assert.deepEqual(denials.filter((d) => d.subject === at.y.case).map((d) => d.kind), ['repatriation', 'repatriation', 'repatriation']);
      // Opening a case for a person held at Y: that person does not exist for the officer.
      assertProblem(await c['officer.x']!('POST', '/api/repatriations', { body: { person_id: at.y.person, state: 'FR', reason: 'r' } }), 404, 'not_found', '/person_id');
      // The supervisor of the whole register reaches both.
      assert.deepEqual((await c.supervisor!('GET', '/api/repatriations')).json().cases.map((k: { id: string }) => k.id), [at.y.case, at.x.case, at.tn.case]);
    });

    test('the list is filtered in the query before its limit: one case, and it is X’s though Y’s was opened first', async () => {
      const officer = (await db.query<{ id: string; role: string }>(`SELECT id, role FROM account WHERE username = 'officer.x'`)).rows[0]!;
      const within = scopeFilter(await accountScope(db, officer));
      assert.deepEqual((await repatriationList(db, {}, { within }, 1)).map((k) => k.id), [at.x.case]);
      assert.deepEqual((await repatriationList(db, {}, 'every_state', 1)).map((k) => k.id), [at.y.case]);
    });

    test('the states desk counts and the letter lists only the persons the officer reaches', async () => {
      const report = (await c['officer.x']!('GET', '/api/repatriations/states-report')).json().states as { state: string; held: { men: number }; cases: Record<string, number> }[];
      const fr = report.find((r) => r.state === 'FR')!;
      assert.equal(fr.held.men, 1);
      assert.equal(fr.cases.request_sent, 1);
      assert.equal(report.find((r) => r.state === 'TN')!.cases.request_sent, 0);
      const everyone = (await c.supervisor!('GET', '/api/repatriations/states-report')).json().states.find((r: { state: string }) => r.state === 'FR');
      assert.equal(everyone.held.men, 2);
      assert.equal(everyone.cases.request_sent, 2);

      const awaiting = (await c['officer.x']!('GET', '/api/repatriations/states/FR/awaiting')).json().cases.map((k: { case_id: string }) => k.case_id);
      assert.deepEqual(awaiting, [at.x.case]);
      const letter = await page('officer.x', '/print/repatriations/states/FR/letter');
      assert.equal(letter.statusCode, 200);
      assert.ok(letter.body.includes(at.x.number), 'the letter lists the officer’s national');
      assert.ok(!letter.body.includes(at.y.number), 'the letter names nobody held elsewhere');
    });

    test('the pages: a case of another facility is not found, the list shows the officer’s cases only', async () => {
      assert.equal((await page('officer.x', `/repatriations/${at.x.case}`)).statusCode, 200);
      const hidden = await page('officer.x', `/repatriations/${at.y.case}`);
      assert.equal(hidden.statusCode, 404);
      assert.ok(!hidden.body.includes(at.y.number));
      const list = await page('officer.x', '/repatriations');
      assert.ok(list.body.includes(at.x.number) && !list.body.includes(at.y.number) && !list.body.includes(at.tn.number));
    });

    test('a liaison’s scope is its state’s, wherever its nationals are held', async () => {
      const listed = (await c['liaison.fr']!('GET', '/api/repatriations')).json().cases.map((k: { id: string }) => k.id);
      assert.deepEqual(listed, [at.y.case, at.x.case]);
      assert.equal((await c['liaison.fr']!('GET', `/api/repatriations/${at.y.case}`)).statusCode, 200);
      assertProblem(await c['liaison.fr']!('GET', `/api/repatriations/${at.tn.case}`), 404, 'not_found', '/params/id');
      assertProblem(await c['liaison.fr']!('POST', `/api/repatriations/${at.tn.case}/answers`, { body: { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-9' } }), 404, 'not_found', '/params/id');
      assert.deepEqual((await c['liaison.fr']!('GET', '/api/repatriations/states-report')).json().states.map((r: { state: string }) => r.state), ['FR']);
      assert.deepEqual((await c['liaison.fr']!('GET', '/api/repatriations/states/TN/awaiting')).json().cases, []);
    });
  });
}
