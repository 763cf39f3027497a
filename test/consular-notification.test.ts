import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

/** Everything a consular command could write. */
async function written(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events,
            (SELECT string_agg(person_id || state || md5(record::text), ',' ORDER BY person_id, state) FROM consular_notification) AS notifications,
            (SELECT string_agg(id || status, ',' ORDER BY id) FROM task) AS tasks`,
  );
  return rows[0];
}

// The admission at 2026-03-01T10:00+03:00 (07:00Z) opens the consular task of a foreign national,
// due 72 hours later: 2026-03-04T07:00:00Z. The register's clock stands at 2026-03-10T09:00Z.
const admissionTaskDue = '2026-03-04T07:00:00.000Z';

for (const backend of backends) {
  describe(`consular notification on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const users = { 'supervisor.decide': 'supervisor', 'officer.manage': 'facility_officer', 'clerk.intake': 'registration_clerk', 'auditor.icrc': 'auditor', 'admin.states': 'administrator' } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;
    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    /** A national of `state` admitted to the prison, with a repatriation case for that state: the case's id and the person's. */
    async function opened(state: string): Promise<{ id: string; person: string }> {
      const { person_id: _id, register_number: _n, ...body } = aPerson({ nationalities: [state] });
      const registered = await post('clerk.intake', '/api/persons', body);
      assert.equal(registered.statusCode, 201, registered.body);
      const person = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await post('clerk.intake', '/api/admissions', admission)).statusCode, 201);
      const res = await post('officer.manage', '/api/repatriations', { person_id: person, state, reason: 'national of the state, held since the transfer' });
      assert.equal(res.statusCode, 201, res.body);
      return { id: res.json().case_id as string, person };
    }

    const view = async (id: string) => (await c['auditor.icrc']('GET', `/api/repatriations/${id}`)).json();
    const consularTasks = async (person: string) =>
      (await db.query<{ due_at: Date; status: string }>(`SELECT due_at, status FROM task WHERE person_id = $1 AND kind = 'notify_consular_post' ORDER BY opened_idx`, [person])).rows.map((r) => ({ due_at: new Date(r.due_at).toISOString(), status: r.status }));

    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, field?: string) {
      const before = await written(db);
      assertProblem(await send(), status, code, field);
      assert.deepEqual(await written(db), before);
    }

    const sent = (at: string) => ({ sent_at: at, channel: 'embassy', post: 'Embassy in Baghdad, consular section', reference: 'CN-2026-4' });

    before(async () => {
      db = await backend.open();
      app = buildServer({ db, register: { db, clock: () => now }, passwordCost: cheap });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        await createAccount(db, { username, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
        c[username] = clientFor(app, await login(app, username));
      }
      prison = aFacility({ name: 'Fictional Karkh Prison' });
      assert.equal((await post('supervisor.decide', '/api/facilities', prison)).statusCode, 201);
      assert.equal((await post('admin.states', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [] })).statusCode, 201);
      assert.equal((await post('admin.states', '/api/repatriations/states/TN', { consular_notification: 'mandatory', applies_death_penalty: true, liaison_contacts: [] })).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('asked for, the post is owed by the admission’s deadline; late it is breached, sent in time it is met and the task is done', async () => {
      const { id, person } = await opened('FR');
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-03T12:00:00+03:00')), 409, 'rights_not_told', '/params/id');
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-02T10:00', language: 'French', wish: 'requests' }), 422, 'invalid_value', '/told_at');
      const told = await post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'French', wish: 'requests' });
      assert.equal(told.statusCode, 201, told.body);
      let v = await view(id);
      assert.equal(v.consular.due_at, admissionTaskDue);
      assert.equal(v.consular.told.told_by, 'officer.manage');
      assert.deepEqual(v.consular_clock, { status: 'breached', due: admissionTaskDue });
      assert.deepEqual(await consularTasks(person), [{ due_at: admissionTaskDue, status: 'open' }]);

      const done = await post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-03T12:00:00+03:00'));
      assert.equal(done.statusCode, 201, done.body);
      v = await view(id);
      assert.deepEqual(v.consular_clock, { status: 'met', due: admissionTaskDue });
      assert.deepEqual(v.consular.sent, { sent_at: '2026-03-03T12:00:00+03:00', channel: 'embassy', post: 'Embassy in Baghdad, consular section', reference: 'CN-2026-4', sent_by: 'officer.manage' });
      assert.deepEqual(await consularTasks(person), [{ due_at: admissionTaskDue, status: 'done' }]);
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-04T12:00:00+03:00')), 409, 'duplicate', '/params/id');
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-05T10:00:00+03:00', language: 'French', wish: 'refuses', statement: 'no' }), 409, 'invalid_transition', '/wish');
    });

    test('a refusal under "on request" is recorded in the person’s words and respected: nothing is owed, a notification is refused by name; asked later, a new deadline runs', async () => {
      const { id, person } = await opened('FR');
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'French', wish: 'refuses' }), 422, 'missing_item', '/statement');
      const told = await post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'French', wish: 'refuses', statement: 'I do not want my embassy to know' });
      assert.equal(told.statusCode, 201, told.body);
      let v = await view(id);
      assert.equal(v.consular.wish, 'refuses');
      assert.equal(v.consular.statement, 'I do not want my embassy to know');
      assert.equal(v.consular.due_at, null);
      assert.equal(v.consular_clock, null);
      assert.deepEqual(await consularTasks(person), [{ due_at: admissionTaskDue, status: 'done' }]);
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-03T12:00:00+03:00')), 409, 'notification_refused', '/params/id');

      // Told again on 9 March at 10:00 (07:00Z), the person now asks: 72 hours from then, 12 March 07:00Z; on 10 March it runs.
      const again = await post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-09T10:00:00+03:00', language: 'French', wish: 'requests' });
      assert.equal(again.statusCode, 201, again.body);
      v = await view(id);
      assert.deepEqual(v.consular_clock, { status: 'running', due: '2026-03-12T07:00:00.000Z' });
      assert.deepEqual(await consularTasks(person), [
        { due_at: admissionTaskDue, status: 'done' },
        { due_at: '2026-03-12T07:00:00.000Z', status: 'open' },
      ]);
    });

    test('where the state makes notification mandatory, a refusal is recorded but the post is still informed; late, the clock is met late', async () => {
      const { id, person } = await opened('TN');
      const told = await post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'Arabic', wish: 'refuses', statement: 'do not tell them' });
      assert.equal(told.statusCode, 201, told.body);
      let v = await view(id);
      assert.equal(v.consular.policy, 'mandatory');
      assert.deepEqual(v.consular_clock, { status: 'breached', due: admissionTaskDue });
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-01T12:00:00+03:00')), 422, 'invalid_value', '/sent_at');
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, { ...sent('2026-03-10T11:00:00+03:00'), post: ' ' }), 422, 'missing_item', '/post');
      assert.equal((await post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-10T11:00:00+03:00'))).statusCode, 201);
      v = await view(id);
      assert.deepEqual(v.consular_clock, { status: 'met_late', due: admissionTaskDue });
      assert.deepEqual(await consularTasks(person), [{ due_at: admissionTaskDue, status: 'done' }]);
    });

    test('where the state makes notification mandatory, the post is informed before the person is told and answers the admission’s task; the person is told afterwards, and nothing more is owed', async () => {
      const { id, person } = await opened('TN');
      // Nothing is required first: not the telling, not the wish.
      const done = await post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-03T12:00:00+03:00'));
      assert.equal(done.statusCode, 201, done.body);
      let v = await view(id);
      assert.equal(v.consular.told, null);
      assert.equal(v.consular.wish, null);
      assert.equal(v.consular.policy, 'mandatory');
      assert.equal(v.consular.sent.sent_by, 'officer.manage');
      assert.deepEqual(v.consular_clock, { status: 'met', due: admissionTaskDue });
      assert.deepEqual(await consularTasks(person), [{ due_at: admissionTaskDue, status: 'done' }]);
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-04T12:00:00+03:00')), 409, 'duplicate', '/params/id');

      // Told afterwards, even refusing: recorded in their words; the notification and its clock stand, no task opens.
      const told = await post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-05T10:00:00+03:00', language: 'Arabic', wish: 'refuses', statement: 'I did not want them told' });
      assert.equal(told.statusCode, 201, told.body);
      v = await view(id);
      assert.equal(v.consular.told.told_at, '2026-03-05T10:00:00+03:00');
      assert.equal(v.consular.wish, 'refuses');
      assert.equal(v.consular.sent.reference, 'CN-2026-4');
      assert.deepEqual(v.consular_clock, { status: 'met', due: admissionTaskDue });
      assert.deepEqual(await consularTasks(person), [{ due_at: admissionTaskDue, status: 'done' }]);
      // Told once after the notification; not again.
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-rights`, { told_at: '2026-03-06T10:00:00+03:00', language: 'Arabic', wish: 'requests' }), 409, 'invalid_transition', '/wish');
    });

    test('under "on request" the post is never informed before the person was told', async () => {
      const { id } = await opened('FR');
      await refused(() => post('officer.manage', `/api/repatriations/${id}/consular-notification`, sent('2026-03-03T12:00:00+03:00')), 409, 'rights_not_told', '/params/id');
      assert.equal((await view(id)).consular, null);
    });

    test('the projections equal a replay of the log', async () => {
      const report = await checkRegister(db);
      assert.equal(report.ok, true, JSON.stringify(report));
    });
  });
}
