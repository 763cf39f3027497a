/**
 * The demo register respects the invariants the register keeps: nobody is admitted before
 * they were registered and no custody timeline runs backwards; a child's gender is not a
 * man's or a woman's (the register knows man, woman, other and not stated); a follow-up
 * task to complete an admission item names the item, in the reader's language; and the
 * follow-up tasks are mostly done in time, a few due, a few late, by the seed's rule. A small demo
 * (300 persons), seeded as `sijill serve --demo` seeds it, read back with SQL and through the
 * record page.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { logInByForm } from './support/web-session.ts';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../src/store/pglite-database.ts';
import { migrate } from '../src/store/migrate.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { bindDemoVisitors } from '../src/demo/demo-visits.ts';
import type { Database } from '../src/store/database.ts';
import type { DateOfBirth } from '../src/domain/values.ts';
import { repatriationStatuses, type RepatriationCase } from '../src/domain/repatriation.ts';
import { repatriationTaskKinds } from '../src/queries/repatriation-alerts.ts';
import { cheap, clientFor, login, password } from './support/api-client.ts';
import { aPerson, allItems } from './support/factories.ts';


/** The earliest day a date of birth allows (null when unknown). */
function earliestBirth(dob: DateOfBirth): string | null {
  switch (dob.kind) {
    case 'exact':
      return dob.date;
    case 'year':
      return `${dob.year}-01-01`;
    case 'range':
      return dob.from;
    default:
      return null;
  }
}

describe('the demo register', () => {
  let db: Database;
  let app: FastifyInstance;
  let cookie: string;
  /** Just before the demo was seeded: what was due then had been due for the seed too. */
  let seededAt: Date;

  before(async () => {
    db = await openPglite();
    await migrate(db);
    seededAt = new Date();
    const seeded = await seedDemo({ db }, 300);
    assert.equal(seeded.persons, 300);
    await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
    app = buildApp({ db, demo: true, passwordCost: cheap });
    await app.ready();
    ({ cookie } = await logInByForm(app, 'clerk'));
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  test('the repatriation desk: cases in every state of the machine, France and Tunisia answering through their liaison accounts, a request past its reminder and one past its escalation, contacts after a return, a family group and an unaccompanied child', async () => {
    const { rows } = await db.query<{ state: string; status: string; record: RepatriationCase }>('SELECT state, status, record FROM repatriation_case ORDER BY state, status');
    assert.deepEqual([...new Set(rows.map((r) => r.status))].sort(), [...repatriationStatuses].sort());
    for (const state of ['FR', 'TN']) assert.ok(rows.filter((r) => r.state === state).length >= 3, `${state} has cases`);
    const answeredBy = (await db.query<{ actor: string }>(`SELECT DISTINCT actor FROM event WHERE kind IN ('repatriation.answer_recorded', 'repatriation.nationality_confirmed') ORDER BY actor`)).rows.map((r) => r.actor);
    assert.ok(answeredBy.includes('liaison-fra') && answeredBy.includes('liaison-tun'), `answered by ${answeredBy}`);
    assert.equal((await db.query('SELECT 1 FROM state_profile')).rows.length, 3);
    // The clocks the dashboard shows: a reminder and an escalation past their limits, a contact after a return missed.
    const late = (await db.query<{ kind: string }>(`SELECT DISTINCT kind FROM task WHERE status = 'open' AND due_at < now() AND kind IN ('state_answer_reminder', 'state_answer_escalation', 'repatriation_follow_up') ORDER BY kind`)).rows.map((r) => r.kind);
    assert.deepEqual(late, ['repatriation_follow_up', 'state_answer_escalation', 'state_answer_reminder']);
    const records = rows.map((r) => r.record);
    assert.ok(records.some((c) => c.closed?.follow_up_waiver), 'a case closed with its contacts waived');
    // A mother and her daughter in one group, the daughter's best interests decided; a child alone.
    const family = records.filter((c) => c.family?.group === 'FAM-FR-0007');
    assert.deepEqual(family.map((c) => c.family!.role).sort(), ['child', 'parent']);
    assert.equal(family.find((c) => c.family!.role === 'child')!.best_interests?.arrangement, 'travels_with_parent');
    const alone = records.filter((c) => !c.family && c.request?.reference.endsWith('-CHILD'));
    assert.equal(alone.length, 1);
    await createAccount(db, { username: 'auditor', displayName: 'Fictional auditor', role: 'auditor', password }, { cost: cheap });
    const auditor = clientFor(app, await login(app, 'auditor'));
    assert.equal((await auditor('GET', `/api/repatriations/${alone[0]!.id}`)).json().unaccompanied, true);
  });

  test('the demo’s ICRC visitor sees the register of the facility of its open visit, and nothing else', async () => {
    await createAccount(db, { username: 'visitor-icrc', displayName: 'Fictional visitor', role: 'visitor', password }, { cost: cheap });
    await bindDemoVisitors(db);
    const visitor = clientFor(app, await login(app, 'visitor-icrc'));
    const seen = await visitor('GET', '/api/visitor/register');
    assert.equal(seen.statusCode, 200, seen.body);
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM person WHERE facility_id = $1 AND custody_status = 'in_custody' AND merged_into IS NULL`, [seen.json().facility_id]);
    assert.equal(seen.json().persons.length, Number(rows[0]!.n));
    assert.ok(seen.json().persons.length > 0);
    assert.equal((await visitor('GET', '/api/facilities')).statusCode, 403);
  });

  test('the demo publishes its figures once, prepared and approved by two different officials, readable without login', async () => {
    const { rows } = await db.query<{ number: number; prepared_by: string; approved_by: string }>('SELECT number, prepared_by, approved_by FROM figure_publication');
    assert.deepEqual(rows, [{ number: 1, prepared_by: 'supervisor', approved_by: 'deputy' }]);
    const res = await app.inject({ method: 'GET', url: '/figures.json' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().threshold, 9);
    assert.ok(res.json().tables.length >= 7);
  });

  test('nobody is admitted before they were registered, and no custody timeline runs backwards', async () => {
    const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;
    assert.ok((await count('SELECT count(*)::int AS n FROM admission')) >= 300, 'every demo person was admitted');
    assert.equal(await count('SELECT count(*)::int AS n FROM admission a JOIN person p ON p.id = a.person_id WHERE a.admitted_at < p.registered_at'), 0, 'admitted before registered');
    assert.equal(await count('SELECT count(*)::int AS n FROM custody_period WHERE to_at < from_at'), 0, 'a period that ends before it starts');
    assert.equal(
      await count('SELECT count(*)::int AS n FROM custody_period a JOIN custody_period b ON b.person_id = a.person_id AND b.seq = a.seq + 1 WHERE b.from_at < a.from_at'),
      0,
      'a period that starts before the one it follows',
    );
    // The log itself: each person's events are recorded in the order they happened.
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM event a JOIN event b ON b.person_id = a.person_id AND b.idx > a.idx
                    WHERE a.kind = 'person.registered' AND b.kind = 'person.admitted' AND b.occurred_at < a.occurred_at`),
      0,
      'an admission event that happened before the registration event',
    );
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM admission WHERE admitted_at < (SELECT max(occurred_at) FROM event WHERE kind = 'facility.registered')`),
      0,
      'an admission before the facilities were registered',
    );
  });

  test('a child’s gender is not a man’s or a woman’s', async () => {
    const { rows } = await db.query<{ gender: string; dob: DateOfBirth; registered_at: Date }>('SELECT gender, dob, registered_at FROM person');
    const children = rows.filter((p) => {
      const born = earliestBirth(p.dob);
      if (!born) return false;
      const eighteenth = new Date(`${Number(born.slice(0, 4)) + 18}${born.slice(4)}T00:00:00Z`);
      return eighteenth > new Date(p.registered_at);
    });
    assert.ok(children.length >= 10, `only ${children.length} children in the demo`);
    assert.deepEqual([...new Set(children.map((c) => c.gender))], ['not_stated']);
  });

  test('a task to complete an admission item names the item, in the reader’s language', async () => {
    // The demo's own such tasks are mostly done by now: a clerk admits one more person to the
    // demo's prison with the family item left unknown.
    const clerk = clientFor(app, await login(app, 'clerk'));
    const { rows: units } = await db.query<{ facility_id: string; id: string }>("SELECT u.facility_id, u.id FROM facility_unit u JOIN facility f ON f.id = u.facility_id WHERE f.kind = 'prison' AND u.category = 'men_untried' LIMIT 1");
    const { person_id: _p, register_number: _n, ...body } = aPerson();
    const registered = await clerk('POST', '/api/persons', { body });
    assert.equal(registered.statusCode, 201, registered.body);
    const admission = {
      facility_id: units[0]!.facility_id,
      unit_id: units[0]!.id,
      legal_status: 'untried',
      admitted_at: new Date(Date.now() - 3_600_000).toISOString(),
      basis: { kind: 'commitment_order', reference: 'CO-2026-TEST', issuing_authority: 'محكمة التحقيق (وهمية)', issued_on: new Date().toISOString().slice(0, 10) },
      items: allItems({ family: { unknown_reason: 'امتنع عن الإجابة' } }),
      person_id: registered.json().person_id,
    };
    const admitted = await clerk('POST', '/api/admissions', { body: admission });
    assert.equal(admitted.statusCode, 201, admitted.body);
    const { rows } = await db.query<{ person_id: string }>("SELECT person_id FROM task WHERE kind = 'complete_admission_item' AND reason LIKE 'family:%' AND status = 'open' AND person_id = $1", [admission.person_id]);
    assert.ok(rows[0], 'the family item left unknown opened a task');
    // The open follow-ups, without the marks that isolate each inserted text's direction.
    const tasks = async (lang: string) => {
      const res = await app.inject({ method: 'GET', url: `/persons/${rows[0]!.person_id}`, headers: { cookie: `${cookie}; sijill_lang=${lang}` } });
      assert.equal(res.statusCode, 200);
      return (res.body.match(/<section aria-labelledby="tasks-heading">[\s\S]*?<\/section>/)?.[0] ?? '').replace(/[\u2066-\u2069]/g, '');
    };
    const english = await tasks('en');
    assert.ok(english.includes('Complete an admission item: Family, and children left without care'), english);
    const arabic = await tasks('ar');
    assert.ok(arabic.includes('استكمال بند إدخال: العائلة والأطفال المتروكون دون رعاية'), arabic);
  });

  test('follow-up tasks: most done in time, the few not yet due open, one in 200 of those already due left late', async () => {
    // The repatriation desk's tasks are answered by the steps of their cases (demo-repatriations.ts), not by this rule.
    const { rows } = await db.query<{ id: string; status: string; due_at: Date; opened_at: Date; done_at: Date | null; done_by: string | null }>(
      'SELECT t.id, t.status, t.due_at, e.occurred_at AS opened_at, t.done_at, t.done_by FROM task t JOIN event e ON e.idx = t.opened_idx WHERE t.kind <> ALL($1) ORDER BY t.due_at, t.id',
      [[...repatriationTaskKinds]],
    );
    const wasDue = rows.filter((t) => new Date(t.due_at) <= seededAt);
    const notYetDue = rows.filter((t) => new Date(t.due_at) > seededAt);
    const done = rows.filter((t) => t.status === 'done');
    const late = wasDue.filter((t) => t.status === 'open');
    // The seed's rule: what was not yet due is open; of what was due, in order of due time, the
    // first and every 200th after it were left undone; everything else was done in time.
    assert.ok(notYetDue.length > 0, 'some tasks are due and not late');
    assert.deepEqual(notYetDue.map((t) => t.status).filter((s) => s !== 'open'), [], 'a task not yet due was done');
    assert.deepEqual(late.map((t) => t.id), wasDue.filter((_, i) => i % 200 === 0).map((t) => t.id), 'the late tasks are one in 200 of those due, in order of due time');
    assert.equal(late.length, Math.ceil(wasDue.length / 200));
    assert.ok(late.length > 0 && late.length < rows.length / 50, `${late.length} late of ${rows.length}`);
    assert.equal(done.length, rows.length - notYetDue.length - late.length);
    assert.ok(done.length > rows.length * 0.9, `most tasks are done: ${done.length} of ${rows.length}`);
    for (const t of done) {
      assert.ok(new Date(t.done_at!) >= new Date(t.opened_at) && new Date(t.done_at!) <= new Date(t.due_at), `task ${t.id} done in time`);
      assert.equal(t.done_by, 'officer');
    }
    // Done through the write path: one completion event per task done (the desk's too), none for the others.
    const events = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE kind = 'person.task_completed'");
    const allDone = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM task WHERE status = 'done'");
    assert.equal(events.rows[0]!.n, allDone.rows[0]!.n);
    assert.ok(allDone.rows[0]!.n > done.length, 'the desk’s tasks are answered by their cases’ steps');
  });
});
