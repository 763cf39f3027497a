import { describe, test, before, after } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { checkRegister } from '../src/store/check.ts';
import { execute } from '../src/commands/execute.ts';
import { completeTasks } from '../src/commands/complete-tasks.ts';
import type { Database } from '../src/store/database.ts';

for (const backend of backends) {
  describe(`follow-up tasks done on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let clerk: Client;
    const now = new Date('2026-03-02T09:00:00Z');
    const facility = aFacility();

    async function admitted(): Promise<{ person: string; tasks: { id: string; kind: string }[] }> {
      const { person_id: _p, register_number: _n, ...body } = aPerson();
      const registered = await clerk('POST', '/api/persons', { body });
      assert.equal(registered.statusCode, 201, registered.body);
      const person = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(person, facility, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await clerk('POST', '/api/admissions', { body: admission })).statusCode, 201);
      const { rows } = await db.query<{ id: string; kind: string }>("SELECT id, kind FROM task WHERE person_id = $1 AND status = 'open' ORDER BY kind", [person]);
      return { person, tasks: rows };
    }
    const written = async () => (await db.query('SELECT (SELECT count(*) FROM event) AS events, (SELECT string_agg(id || status, \',\' ORDER BY id) FROM task) AS tasks')).rows[0];

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, register: { db, clock: () => now }, passwordCost: cheap });
      await app.ready();
      for (const [username, role] of [['clerk', 'registration_clerk'], ['supervisor', 'supervisor'], ['auditor', 'auditor']] as const) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
      assert.equal((await clientFor(app, await login(app, 'supervisor'))('POST', '/api/facilities', { body: facility })).statusCode, 201);
      clerk = clientFor(app, await login(app, 'clerk'));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a task is done once, with what was done, when and by whom; refused at its field and nothing written otherwise', async () => {
      const { person, tasks } = await admitted();
      const exam = tasks.find((t) => t.kind === 'medical_examination')!;
      const url = (task: string, who = person) => `/api/persons/${who}/tasks/${task}/completion`;
      const before = await written();
      const refusals: [string, object, number, string][] = [
        [url(exam.id), { outcome: 'Examined', done_at: '2026-03-01T09:00:00+03:00' }, 422, '/done_at'], // before the admission that opened it
        [url(exam.id), { outcome: 'Examined', done_at: '2026-03-05T09:00:00+03:00' }, 422, '/done_at'], // in the future
        [url(exam.id), { outcome: 'Examined', done_at: '2026-02-30T09:00:00+03:00' }, 400, '/done_at'], // no such day
        [url(exam.id), { outcome: '   ', done_at: '2026-03-01T12:00:00+03:00' }, 422, '/outcome'],
        [url(exam.id, (await admitted()).person), { outcome: 'Examined', done_at: '2026-03-01T12:00:00+03:00' }, 404, '/params/task'], // another person's task
      ];
      const other = await written();
      for (const [path, body, status, field] of refusals) {
        const res = await clerk('POST', path, { body });
        assert.deepEqual([res.statusCode, res.json().field], [status, field], `${JSON.stringify(body)}: ${res.body}`);
      }
      assert.deepEqual(await written(), other, 'nothing written');
      assert.notDeepEqual(before, other);

      const done = await clerk('POST', url(exam.id), { body: { outcome: 'Examined by the prison doctor: no injuries', done_at: '2026-03-01T12:00:00+03:00' } });
      assert.equal(done.statusCode, 201, done.body);
      const row = (await db.query<{ status: string; outcome: string; done_by: string; done_at: Date }>('SELECT status, outcome, done_by, done_at FROM task WHERE id = $1', [exam.id])).rows[0]!;
      assert.deepEqual([row.status, row.outcome, row.done_by, new Date(row.done_at).toISOString()], ['done', 'Examined by the prison doctor: no injuries', 'clerk', '2026-03-01T09:00:00.000Z']);
      const again = await clerk('POST', url(exam.id), { body: { outcome: 'Examined again', done_at: '2026-03-01T13:00:00+03:00' } });
      assert.deepEqual([again.statusCode, again.json().code], [409, 'invalid_transition']);
      const auditor = clientFor(app, await login(app, 'auditor'));
      const family = tasks.find((t) => t.kind === 'notify_family')!;
      assert.equal((await auditor('POST', url(family.id), { body: { outcome: 'x', done_at: '2026-03-01T12:00:00+03:00' } })).statusCode, 403);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('on the record: each open task has its form; done, it leaves the open list; a refusal is shown at its control', async () => {
      const { person, tasks } = await admitted();
      const family = tasks.find((t) => t.kind === 'notify_family')!;
      const browser = await logInByForm(app, 'clerk');
      const post = (fields: Record<string, string>) =>
        app.inject({ method: 'POST', url: `/persons/${person}/tasks/${family.id}/done`, headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: browser.csrf, ...fields }).toString() });
      const page = await app.inject({ method: 'GET', url: `/persons/${person}`, headers: { cookie: browser.cookie } });
      assert.match(page.body, new RegExp(`action="/persons/${person}/tasks/${family.id}/done"`));
      const refused = await post({ '/outcome': '', '/done_at': '2026-03-01T12:00', _key: 'task-key-0001' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /aria-invalid="true"/);
      const done = await post({ '/outcome': 'The mother told by telephone', '/done_at': '2026-03-01T12:00', _key: 'task-key-0002' });
      assert.deepEqual([done.statusCode, done.headers.location], [303, `/persons/${person}?task_done=1#tasks-heading`]);
      const after = await app.inject({ method: 'GET', url: `/persons/${person}`, headers: { cookie: browser.cookie } });
      assert.doesNotMatch(after.body, new RegExp(`data-task="${family.id}"`));
    });

    test('many tasks done in one command: each decided as a single one, all or nothing, the refused one named by position', async () => {
      const first = await admitted();
      const second = await admitted();
      const tasks = [...first.tasks.map((t) => ({ ...t, person: first.person })), ...second.tasks.map((t) => ({ ...t, person: second.person }))];
      const ctx = () => ({ actor: 'supervisor', role: 'supervisor' as const, idempotencyKey: randomUUID() });
      const completion = (t: (typeof tasks)[number], done_at = '2026-03-01T12:00:00+03:00') => ({ person_id: t.person, task_id: t.id, outcome: 'Done at the gate', done_at });
      const before = await written();
      const refusals: [object[], string][] = [
        [[completion(tasks[0]!), completion(tasks[1]!, '2026-03-01T09:00:00+03:00')], '/tasks/1/done_at'], // before the admission that opened it
        [[completion(tasks[0]!), { ...completion(tasks[1]!), person_id: second.person }], '/tasks/1/task_id'], // another person's task
        [[completion(tasks[0]!), completion(tasks[0]!)], '/tasks/1/task_id'], // the same task twice
        [[], '/tasks'],
      ];
      for (const [list, field] of refusals) {
        const outcome = await execute({ db, clock: () => now }, completeTasks, { tasks: list as never }, ctx());
        assert.ok(!outcome.ok && outcome.rejection.field === field, `${field}: ${JSON.stringify(outcome)}`);
      }
      assert.deepEqual(await written(), before, 'nothing written');
      const done = await execute({ db, clock: () => now }, completeTasks, { tasks: tasks.map((t) => completion(t)) }, ctx());
      assert.ok(done.ok, JSON.stringify(done));
      const { rows } = await db.query<{ status: string; done_by: string }>('SELECT status, done_by FROM task WHERE id = ANY($1::uuid[])', [tasks.map((t) => t.id)]);
      assert.deepEqual(rows.map((r) => [r.status, r.done_by]), tasks.map(() => ['done', 'supervisor']));
      assert.deepEqual((await checkRegister(db)).findings, []);
    });
  });
}
