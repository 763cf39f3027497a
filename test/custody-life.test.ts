/**
 * Custody life through the API on both backends: a classification contested and decided by
 * another official, its review clock; a disciplinary charge heard, sanctioned and appealed to the
 * independent authority; the law's refusals by name; bad input answered 4xx at its field with
 * nothing written; the facility scope of every route; and the page, without scripts, in Arabic
 * and English.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission, aRulebook } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Register } from '../src/commands/execute.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { checkRegister } from '../src/store/check.ts';
import { randomUUID } from 'node:crypto';
import { logInByForm } from './support/web-session.ts';
import type { Database } from '../src/store/database.ts';

/** Everything a custody-life command could write. */
async function written(db: Database) {
  const { rows } = await db.query<Record<string, string>>(
    'SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM command) AS commands, (SELECT count(*) FROM classification) AS classifications, (SELECT count(*) FROM disciplinary_case) AS cases',
  );
  return rows[0];
}

for (const backend of backends) {
  describe(`custody life on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const clock = new Date('2026-03-10T09:00:00Z');
    const users = { officer: 'facility_officer', supervisor: 'supervisor', 'supervisor.two': 'supervisor', clerk: 'registration_clerk', oversight: 'oversight', elsewhere: 'facility_officer', 'supervisor.elsewhere': 'supervisor' } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;
    let otherPrison: RegisterFacility;
    let person: string;
    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    before(async () => {
      db = await backend.open();
      const register: Register = { db, clock: () => clock };
      app = buildApp({ db, register, passwordCost: cheap });
      await app.ready();
      prison = aFacility({ name: 'Fictional Karkh Prison' });
      const other = aFacility({ name: 'Fictional Rusafa Prison' });
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        const scope = username.endsWith('elsewhere') ? { all: false, facilities: [], courts: [] } : wholeRegister;
        await createAccount(db, { scope, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
      }
      for (const username of Object.keys(users) as (keyof typeof users)[]) c[username] = clientFor(app, await login(app, username));
      for (const f of [prison, other]) assert.equal((await post('supervisor', '/api/facilities', f)).statusCode, 201);
      assert.equal((await post('supervisor', `/api/facilities/${prison.facility_id}/disciplinary-rules`, aRulebook())).statusCode, 201);
      otherPrison = other;
      await db.query(`INSERT INTO account_scope (account_id, kind, value, assigned_at) SELECT id, 'facility', $1, now() FROM account WHERE username IN ('elsewhere', 'supervisor.elsewhere')`, [other.facility_id]);
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const registered = await post('clerk', '/api/persons', body);
      assert.equal(registered.statusCode, 201, registered.body);
      person = registered.json().person_id;
      const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await post('clerk', '/api/admissions', admission)).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a classification contested by the detainee is decided by another official than the assessor; upheld, its review is due at once', async () => {
      const assessed = await post('officer', `/api/persons/${person}/classifications`, { category: 'maximum', risk: 'high', reasons: 'threatened a guard twice', assessed_at: '2026-03-02T10:00:00+03:00', review_due: '2026-04-02T10:00:00+03:00' });
      assert.equal(assessed.statusCode, 201, assessed.body);
      const id = assessed.json().classification_id;
      let life = (await c.supervisor('GET', `/api/persons/${person}/custody-life`)).json();
      assert.deepEqual([life.classifications[0].status, life.classifications[0].assessed_by, life.classifications[0].review], ['current', 'officer', { status: 'running', due: '2026-04-02T10:00:00+03:00' }]);
      const contested = await post('officer', `/api/persons/${person}/classifications/${id}/contest`, { contestant: 'detainee', grounds: 'the guard threatened me', lodged_at: '2026-03-03T10:00:00+03:00' });
      assert.equal(contested.statusCode, 201, contested.body);
      // A supervisor's new assessment supersedes the first; contested, its own assessor may not decide the contest.
      const decision = { outcome: 'upheld', reasons: 'the camera shows the guard first', decided_at: '2026-03-05T10:00:00+03:00' };
      const assessedBySupervisor = await post('supervisor', `/api/persons/${person}/classifications`, { category: 'medium', risk: 'medium', reasons: 'calm since February', assessed_at: '2026-03-04T10:00:00+03:00', review_due: '2026-05-04T10:00:00+03:00' });
      assert.equal(assessedBySupervisor.statusCode, 201);
      const second = assessedBySupervisor.json().classification_id;
      assert.equal((await post('officer', `/api/persons/${person}/classifications/${second}/contest`, { contestant: 'counsel', grounds: 'medium is too high', lodged_at: '2026-03-05T10:00:00+03:00' })).statusCode, 201);
      assertProblem(await post('supervisor', `/api/persons/${person}/classifications/${second}/contest-decision`, decision), 403, 'same_official', '/params/classification_id');
      assert.equal((await post('supervisor.two', `/api/persons/${person}/classifications/${second}/contest-decision`, decision)).statusCode, 201);
      life = (await c.supervisor('GET', `/api/persons/${person}/custody-life`)).json();
      assert.deepEqual(life.classifications.map((x: { status: string }) => x.status), ['superseded', 'set_aside']);
      // The first was superseded on 4 March, before its review date: met. The second, set aside on 5 March, was due then: breached on 10 March.
      assert.deepEqual(life.classifications.map((x: { review: unknown }) => x.review), [
        { status: 'met', due: '2026-04-02T10:00:00+03:00' },
        { status: 'breached', due: '2026-03-05T10:00:00+03:00' },
      ]);
      // The next assessment replaces the one set aside: its clock is met, late (it was due at the decision).
      assert.equal((await post('supervisor.two', `/api/persons/${person}/classifications`, { category: 'minimum', risk: 'low', reasons: 'attacked, not attacker', assessed_at: '2026-03-06T10:00:00+03:00', review_due: '2026-06-06T10:00:00+03:00' })).statusCode, 201);
      life = (await c.supervisor('GET', `/api/persons/${person}/custody-life`)).json();
      assert.deepEqual(life.classifications.map((x: { status: string; review: { status: string } }) => [x.status, x.review.status]), [['superseded', 'met'], ['set_aside', 'met_late'], ['current', 'running']]);
    });

    test('a classification whose review is past or near is on the dashboard of those who review it, within their scope; reviewed, it leaves', async () => {
      const dashboard = async (who: string) => {
        const session = await logInByForm(app, who);
        const res = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: `${session.cookie}; sijill_lang=en` } });
        assert.equal(res.statusCode, 200);
        return res.body;
      };
      const number = (await db.query<{ register_number: string }>('SELECT register_number FROM person WHERE id = $1', [person])).rows[0]!.register_number;
      // A register number's check character may be one of * ~ $ = (Crockford base32): matched as written.
      const shown = number.replace(/[*$]/g, (c) => `\\${c}`);
      const assess = async (assessed_at: string, review_due: string) =>
        assert.equal((await post('supervisor', `/api/persons/${person}/classifications`, { category: 'medium', risk: 'low', reasons: 'calm', assessed_at, review_due })).statusCode, 201);
      // Reviewed after the day it was due (the clock stands at 10 March, 12:00 in Baghdad).
      await assess('2026-03-08T10:00:00+03:00', '2026-03-09T10:00:00+03:00');
      let body = await dashboard('supervisor');
      assert.match(body, /id="classification-reviews-due"/);
      assert.match(body, /Assessments past their review date: 1 · Assessments due for review within 7 days: 0/);
      assert.match(body, new RegExp(`href="/persons/${person}/custody-life#classifications"><bdi class="regno" dir="ltr">${shown}</bdi>`));
      assert.ok(!(await dashboard('supervisor.elsewhere')).includes(number), 'out of scope, not shown');
      // A new assessment supersedes it; its own review falls in two days, inside the 7-day window.
      await assess('2026-03-09T10:00:00+03:00', '2026-03-12T10:00:00+03:00');
      body = await dashboard('supervisor');
      assert.match(body, /Assessments past their review date: 0 · Assessments due for review within 7 days: 1/);
      const audit = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM read_audit WHERE what = 'dashboard classification reviews' AND person_id = $1", [person]);
      assert.ok(audit.rows[0]!.n >= 2, 'the dashboard’s list is an audited read');
      await assess('2026-03-10T10:00:00+03:00', '2026-06-10T10:00:00+03:00');
      assert.match(await dashboard('supervisor'), /No assessment is past its review date or due for review within 7 days\./);
    });

    test('discipline: a sanction without a hearing is refused; prohibited sanctions are refused by name; the appeal is the independent authority’s', async () => {
      const before = await written(db);
      assertProblem(await post('officer', `/api/persons/${person}/discipline`, { offence: 'insolence', act: 'spoke back', act_at: '2026-03-08T10:00:00+03:00', charged_at: '2026-03-08T11:00:00+03:00' }), 422, 'offence_not_defined', '/offence');
      assert.deepEqual(await written(db), before);
      const charged = await post('officer', `/api/persons/${person}/discipline`, { offence: 'damage_to_property', act: 'broke the cell door lock', act_at: '2026-03-08T10:00:00+03:00', charged_at: '2026-03-08T11:00:00+03:00' });
      assert.equal(charged.statusCode, 201, charged.body);
      const caseUrl = `/api/persons/${person}/discipline/${charged.json().case_id}`;
      const sanction = { kind: 'loss_of_privileges', days: 7, starts_at: '2026-03-10T00:00:00+03:00' };
      assertProblem(await post('supervisor', `${caseUrl}/sanction`, sanction), 409, 'hearing_required', '/params/case_id');
      const heard = await post('supervisor', `${caseUrl}/hearing`, { held_at: '2026-03-09T10:00:00+03:00', detainee_statement: 'the lock was broken before', interpreter: 'Fictional Interpreter', finding: 'proven', reasons: 'the lock was whole at the morning count' });
      assert.equal(heard.statusCode, 201, heard.body);
      for (const kind of ['collective_punishment', 'reduction_of_food_or_water', 'restraints', 'prohibition_of_family_contact']) {
        assertProblem(await post('supervisor', `${caseUrl}/sanction`, { ...sanction, kind }), 422, 'prohibited_sanction', '/kind');
      }
      assertProblem(await post('supervisor', `${caseUrl}/sanction`, { ...sanction, kind: 'solitary_confinement', days: 16 }), 422, 'prohibited_sanction', '/days');
      assert.equal((await post('supervisor', `${caseUrl}/sanction`, sanction)).statusCode, 201);
      assert.equal((await post('officer', `${caseUrl}/appeal`, { appellant: 'detainee', grounds: 'I did not break it', lodged_at: '2026-03-10T10:00:00+03:00' })).statusCode, 201);
      assertProblem(await post('supervisor', `${caseUrl}/appeal-decision`, { outcome: 'quashed', reasons: 'x', decided_at: '2026-03-10T11:00:00+03:00' }), 403, 'forbidden');
      assert.equal((await post('oversight', `${caseUrl}/appeal-decision`, { outcome: 'quashed', reasons: 'no one saw him at the door', decided_at: '2026-03-10T11:00:00+03:00' })).statusCode, 201);
      const life = (await c.oversight('GET', `/api/persons/${person}/custody-life`)).json();
      const kase = life.discipline[0];
      assert.deepEqual([kase.status, kase.rule, kase.hearing.interpreter, kase.sanction.kind, kase.appeal.decision.decided_by], ['quashed', 'FR-3', 'Fictional Interpreter', 'loss_of_privileges', 'oversight']);
    });

    test('each facility has its own rules, versioned by the day they took effect: a charge names an offence in force there on the day of the act, refused by name otherwise', async () => {
      const rulesUrl = `/api/facilities/${otherPrison.facility_id}/disciplinary-rules`;
      const before = await written(db);
      assertProblem(await post('officer', rulesUrl, aRulebook()), 403, 'forbidden');
      assertProblem(await post('supervisor', rulesUrl, aRulebook('2026-01-01', { offences: [{ ...aRulebook().offences[0]!, sanctions: [{ kind: 'corporal_punishment' }] }] })), 422, 'prohibited_sanction', '/offences/0/sanctions/0/kind');
      assertProblem(await post('supervisor', rulesUrl, aRulebook('2026-02-30')), 400, 'invalid_request', '/effective_from');
      assert.deepEqual(await written(db), before);
      // A person held at the other facility, which has no rules yet: nothing there is an offence.
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const held = (await post('clerk', '/api/persons', body)).json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(held, otherPrison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await post('clerk', '/api/admissions', admission)).statusCode, 201);
      const charge = (offence: string, act_at: string) => post('officer', `/api/persons/${held}/discipline`, { offence, act: 'took a blanket', act_at, charged_at: '2026-03-09T23:00:00+03:00' });
      assertProblem(await charge('theft', '2026-03-05T10:00:00+03:00'), 422, 'offence_not_defined', '/offence');
      // Rules from 1 March; amended from 9 March, when theft is no longer an offence of its own.
      const first = await post('supervisor', rulesUrl, aRulebook('2026-03-01'));
      assert.equal(first.statusCode, 201, first.body);
      const amended = await post('supervisor', rulesUrl, aRulebook('2026-03-09', { offences: [aRulebook().offences[0]!] }));
      assert.equal(amended.statusCode, 201);
      const listed = (await c.officer('GET', rulesUrl)).json();
      assert.deepEqual([listed.in_force, listed.versions.map((v: { id: string }) => v.id)], [amended.json().rules_id, [amended.json().rules_id, first.json().rules_id]]);
      const early = await charge('theft', '2026-03-08T23:30:00+03:00');
      assert.equal(early.statusCode, 201, early.body);
      // 21:30 UTC on 8 March is 00:30 on 9 March in Baghdad, the facility's time zone: the amended rules govern it.
      const refused = await charge('theft', '2026-03-08T21:30:00Z');
      assertProblem(refused, 422, 'offence_not_defined', '/offence');
      assert.match(refused.json().detail, /2026-03-09/);
      const life = (await c.supervisor('GET', `/api/persons/${held}/custody-life`)).json();
      assert.deepEqual([life.discipline[0].rules_id, life.discipline[0].title, life.discipline[0].rule], [first.json().rules_id, 'السرقة', 'FR-8']);
      assert.equal(life.rules.id, amended.json().rules_id);
      // A sanction is one those rules permit for the offence, for no longer than they permit.
      const caseUrl = `/api/persons/${held}/discipline/${early.json().case_id}`;
      assert.equal((await post('supervisor', `${caseUrl}/hearing`, { held_at: '2026-03-10T08:00:00+03:00', detainee_statement: 'it was cold', finding: 'proven', reasons: 'found under his mattress' })).statusCode, 201);
      assertProblem(await post('supervisor', `${caseUrl}/sanction`, { kind: 'loss_of_earnings', days: 3, starts_at: '2026-03-10T09:00:00+03:00' }), 422, 'invalid_value', '/kind');
      assertProblem(await post('supervisor', `${caseUrl}/sanction`, { kind: 'loss_of_privileges', days: 15, starts_at: '2026-03-10T09:00:00+03:00' }), 422, 'invalid_value', '/days');
      assert.equal((await post('supervisor', `${caseUrl}/sanction`, { kind: 'loss_of_privileges', days: 14, starts_at: '2026-03-10T09:00:00+03:00' })).statusCode, 201);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('solitary confinement opens a period of segregation with its 15-day clock; the end of the sanction ends the period', async () => {
      const charged = await post('officer', `/api/persons/${person}/discipline`, { offence: 'damage_to_property', act: 'broke the tap in the washroom', act_at: '2026-03-09T07:00:00+03:00', charged_at: '2026-03-09T08:00:00+03:00' });
      assert.equal(charged.statusCode, 201, charged.body);
      const caseUrl = `/api/persons/${person}/discipline/${charged.json().case_id}`;
      assert.equal((await post('supervisor', `${caseUrl}/hearing`, { held_at: '2026-03-09T09:00:00+03:00', detainee_statement: 'it broke in my hand', finding: 'proven', reasons: 'the tap was forced' })).statusCode, 201);
      // Not ahead of the person being placed apart.
      assertProblem(await post('supervisor', `${caseUrl}/sanction`, { kind: 'solitary_confinement', days: 5, starts_at: '2026-03-11T08:00:00+03:00' }), 422, 'invalid_value', '/starts_at');
      const imposed = await post('supervisor', `${caseUrl}/sanction`, { kind: 'solitary_confinement', days: 5, starts_at: '2026-03-10T08:00:00+03:00' });
      assert.equal(imposed.statusCode, 201, imposed.body);
      assert.deepEqual(imposed.json().events.map((e: { kind: string }) => e.kind), ['discipline.sanctioned', 'person.segregation_started']);
      const periods = async () => (await c.supervisor('GET', `/api/persons/${person}/segregation`)).json().periods as { started_at: string; ended_at: string | null; facility_id: string }[];
      const open = (await periods()).at(-1)!;
      assert.deepEqual([Date.parse(open.started_at), open.ended_at, open.facility_id], [Date.parse('2026-03-10T08:00:00+03:00'), null, prison.facility_id]);
      // Its clock: 360 hours from the start (CLOCKS.md segregation), running.
      const clock = async () => ((await c.supervisor('GET', `/api/persons/${person}/clocks`)).json().clocks as { rule: string; status: string; due: string | null }[]).find((k) => k.rule === 'segregation')!;
      const running = await clock();
      assert.deepEqual([running.status, Date.parse(running.due!)], ['running', Date.parse('2026-03-25T05:00:00Z')]);
      const end = await post('officer', `${caseUrl}/sanction-end`, { ended_at: '2026-03-10T11:00:00+03:00', reason: 'ended early by the director after the tap was paid for' });
      assert.equal(end.statusCode, 201, end.body);
      assert.deepEqual(end.json().events.map((e: { kind: string }) => e.kind), ['discipline.sanction_ended', 'person.segregation_ended']);
      assert.equal(Date.parse((await periods()).at(-1)!.ended_at!), Date.parse('2026-03-10T11:00:00+03:00'));
      assert.equal((await clock()).status, 'met');
      assertProblem(await post('officer', `${caseUrl}/sanction-end`, { ended_at: '2026-03-10T11:30:00+03:00', reason: 'again' }), 409, 'invalid_transition', '/params/case_id');
      const life = (await c.supervisor('GET', `/api/persons/${person}/custody-life`)).json();
      assert.equal(life.discipline.find((d: { id: string }) => d.id === charged.json().case_id).sanction.ended_at, '2026-03-10T11:00:00+03:00');
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('bad input is a 4xx naming the field, and nothing is written', async () => {
      const before = await written(db);
      assertProblem(await post('officer', `/api/persons/${person}/classifications`, { category: 'dangerous', risk: 'high', reasons: 'x', assessed_at: '2026-03-02T10:00:00+03:00', review_due: '2026-04-02T10:00:00+03:00' }), 400, 'invalid_request', '/category');
      assertProblem(await post('officer', `/api/persons/${person}/classifications`, { category: 'medium', risk: 'high', reasons: 'x', assessed_at: '2026-03-09T10:00:00+03:00', review_due: '2026-03-01T10:00:00+03:00' }), 422, 'invalid_value', '/review_due');
      assertProblem(await post('officer', `/api/persons/${person}/classifications`, { category: 'medium', risk: 'high', reasons: '  ', assessed_at: '2026-03-09T10:00:00+03:00', review_due: '2026-04-01T10:00:00+03:00' }), 422, 'missing_item', '/reasons');
      assertProblem(await post('officer', `/api/persons/${person}/discipline`, { offence: 'theft', act: 'took bread', act_at: 'yesterday', charged_at: '2026-03-08T11:00:00+03:00' }), 422, 'invalid_value', '/act_at');
      assertProblem(await post('supervisor', `/api/persons/${person}/discipline/${person}/sanction`, { kind: 'warning', days: 0, starts_at: '2026-03-10T00:00:00+03:00' }), 400, 'invalid_request', '/days');
      assert.deepEqual(await written(db), before);
    });

    test('an account scoped to another facility learns nothing of the person, and writes nothing', async () => {
      const before = await written(db);
      assertProblem(await c.elsewhere('GET', `/api/persons/${person}/custody-life`), 404, 'not_found');
      assertProblem(await post('elsewhere', `/api/persons/${person}/discipline`, { offence: 'theft', act: 'took bread', act_at: '2026-03-08T10:00:00+03:00', charged_at: '2026-03-08T11:00:00+03:00' }), 404, 'not_found');
      assert.deepEqual(await written(db), before);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a failed read of the page is its error page with its status, never a 500: out of scope, no such person, an id the API does not take', async () => {
      const pages = [`/persons/${person}/custody-life`, `/persons/${person}/restrictions`];
      const elsewhere = await logInByForm(app, 'supervisor.elsewhere');
      const supervisor = await logInByForm(app, 'supervisor');
      const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: `${cookie}; sijill_lang=ar`, accept: 'text/html' } });
      for (const url of pages) {
        const outOfScope = await get(elsewhere.cookie, url);
        assert.equal(outOfScope.statusCode, 404, `${url}: ${outOfScope.body.slice(0, 200)}`);
        assert.match(outOfScope.body, /لا يوجد مثل هذا السجل/);
        const nobody = await get(supervisor.cookie, url.replace(person, randomUUID()));
        assert.equal(nobody.statusCode, 404, url);
        assert.match(nobody.body, /لا يوجد مثل هذا السجل/);
        // The same person's id written in capitals: a page, not a failure.
        const shouted = await get(supervisor.cookie, url.replace(person, person.toUpperCase()));
        assert.ok([400, 404].includes(shouted.statusCode), `${url}: ${shouted.statusCode} ${shouted.body.slice(0, 300)}`);
        assert.doesNotMatch(shouted.body, /حدث خطأ/);
      }
    });

    test('the page, without scripts: in Arabic with the review clocks and the sanction quashed; the charge, hearing and sanction forms refused at their controls (16 days of solitary by name), then recorded', async () => {
      const url = `/persons/${person}/custody-life`;
      const session = await logInByForm(app, 'supervisor', url);
      const get = (lang: string) => app.inject({ method: 'GET', url, headers: { cookie: `${session.cookie}; sijill_lang=${lang}` } });
      const form = (fields: Record<string, string>, path = 'discipline') =>
        app.inject({
          method: 'POST',
          url: `/persons/${person}/${path}`,
          headers: { cookie: `${session.cookie}; sijill_lang=ar`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: session.csrf, _key: randomUUID(), ...fields }).toString(),
        });
      const arabic = await get('ar');
      assert.equal(arabic.statusCode, 200);
      assert.match(arabic.body, /<h2 id="classifications-heading">التصنيف وتقييم المخاطر<\/h2>/);
      assert.match(arabic.body, /أُلغي بعد الطعن/);
      assert.match(arabic.body, /data-review="met_late"/);
      assert.match(arabic.body, /أُلغي الجزاء/);
      // Officials by their names, not their usernames.
      assert.match(arabic.body, /قيّمه: <bdi>Fictional facility_officer<\/bdi>/);
      assert.doesNotMatch(arabic.body, /<script(?! src="\/assets\/)/);
      // The charge names an offence of the rules in force at the person's facility; the sanction that ended says so.
      assert.match(arabic.body, /<option value="theft">FR-8 — السرقة<\/option>/);
      assert.match(arabic.body, new RegExp(`href="/facilities/${prison.facility_id}/disciplinary-rules"`));
      assert.match(arabic.body, /الحبس الانفرادي فترة عزل/);
      assert.match(arabic.body, /انتهى في/);
      const english = await get('en');
      assert.match(english.body, /Discipline and sanctions/);
      assert.match(english.body, /Quashed by the independent authority/);
      const before = await written(db);
      // Every mistake of the assessment form at once, each at its control, and nothing sent.
      const wrong = await form({ '/category': '', '/risk': 'extreme', '/reasons': ' ', '/assessed_at': '2026-02-30T10:00', '/review_due': '' }, 'classifications');
      assert.equal(wrong.statusCode, 422);
      for (const control of ['category', 'risk', 'reasons', 'assessed_at', 'review_due']) assert.match(wrong.body, new RegExp(`<p class="error" id="f-assess-${control}-error">`), control);
      assert.match(wrong.body, /<h2 id="error-summary-title">لم يُحفظ شيء: ٥ مشكلات/);
      const early = await form({ '/category': 'medium', '/risk': 'low', '/reasons': 'calm', '/assessed_at': '2026-03-09T10:00', '/review_due': '2026-03-09T09:00' }, 'classifications');
      assert.equal(early.statusCode, 422);
      assert.match(early.body, /<p class="error" id="f-assess-review_due-error">تاريخ المراجعة يأتي بعد تاريخ التقييم/);
      const charge = await form({ '/offence': '', '/act': '', '/act_at': '2026-03-09T12:00', '/charged_at': '2026-03-09T11:00' });
      assert.equal(charge.statusCode, 422);
      for (const control of ['offence', 'act', 'charged_at']) assert.match(charge.body, new RegExp(`<p class="error" id="f-charge-${control}-error">`), control);
      assert.deepEqual(await written(db), before);
      const empty = await form({ '/offence': 'theft', '/act': '', '/act_at': '2026-03-09T10:00', '/charged_at': '2026-03-09T11:00' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /<p class="error" id="f-charge-act-error">/);
      assert.deepEqual(await written(db), before);
      const done = await form({ '/offence': 'theft', '/act': 'أخذ خبز زميله', '/act_at': '2026-03-09T10:00', '/charged_at': '2026-03-09T11:00' });
      assert.equal(done.statusCode, 303, done.body.slice(0, 300));
      assert.match((await get('ar')).body, /أخذ خبز زميله/);
      // The hearing, then the sanction, through their forms on the case.
      const cases = (await c.supervisor('GET', `/api/persons/${person}/custody-life`)).json().discipline as { id: string; act: string }[];
      const theft = cases.find((k) => k.act === 'أخذ خبز زميله')!.id;
      const unheard = await form({ '/held_at': '2026-03-09T12:00', '/detainee_statement': '', '/finding': 'proven', '/reasons': 'seen by the cook' }, `discipline/${theft}/hearing`);
      assert.equal(unheard.statusCode, 422);
      assert.match(unheard.body, new RegExp(`id="f-hearing-${theft}-detainee_statement-error"`));
      assert.equal((await form({ '/held_at': '2026-03-09T12:00', '/detainee_statement': 'كنت جائعًا', '/finding': 'proven', '/reasons': 'seen by the cook' }, `discipline/${theft}/hearing`)).statusCode, 303);
      const afterHearing = await written(db);
      const long = await form({ '/kind': 'solitary_confinement', '/days': '١٦', '/starts_at': '2026-03-10T08:00' }, `discipline/${theft}/sanction`);
      assert.equal(long.statusCode, 422);
      assert.match(long.body, new RegExp(`id="f-sanction-${theft}-days-error"`));
      assert.match(long.body, /يحظر القانون هذا الجزاء/);
      assert.deepEqual(await written(db), afterHearing);
      assert.equal((await form({ '/kind': 'warning', '/days': '', '/starts_at': '2026-03-10T08:00' }, `discipline/${theft}/sanction`)).statusCode, 303);
      assert.match((await get('ar')).body, /<td>\s*إنذار/);
    });

    test('the rules page, without scripts: the versions with the one in force; the adoption form filled with it, every mistake at its control, then adopted', async () => {
      const url = `/facilities/${prison.facility_id}/disciplinary-rules`;
      const session = await logInByForm(app, 'supervisor', url);
      const shown = await app.inject({ method: 'GET', url, headers: { cookie: `${session.cookie}; sijill_lang=ar` } });
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /نافذة اليوم/);
      assert.match(shown.body, /إتلاف الممتلكات/);
      assert.match(shown.body, /name="\/offences\/1\/code"[^>]*value="theft"/);
      const send = (fields: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url,
          headers: { cookie: `${session.cookie}; sijill_lang=ar`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: session.csrf, _key: randomUUID(), ...fields }).toString(),
        });
      const before = await written(db);
      const wrong = await send({ '/effective_from': '31/02/2026', '/legal_basis': '', '/offences/0/code': 'theft', '/offences/0/rule': 'FR-8', '/offences/0/title': '', '/offences/0/conduct': 'أخذ مال الغير', '/offences/0/authority': 'المدير', '/offences/0/sanctions/loss_of_privileges': 'yes' });
      assert.equal(wrong.statusCode, 422);
      for (const control of ['effective_from', 'legal_basis', 'offences-0-title', 'offences-0-max_days-loss_of_privileges']) assert.match(wrong.body, new RegExp(`id="f-${control}-error"`), control);
      // What only the API sees (solitary confinement beyond 15 days, prohibited) lands at the control of that sanction's days.
      const prolonged = await send({ '/effective_from': '01/04/2026', '/legal_basis': 'نظام وهمي', '/offences/0/code': 'theft', '/offences/0/rule': 'FR-8', '/offences/0/title': 'السرقة', '/offences/0/conduct': 'أخذ مال الغير', '/offences/0/authority': 'المدير', '/offences/0/sanctions/solitary_confinement': 'yes', '/offences/0/max_days/solitary_confinement': '20' });
      assert.equal(prolonged.statusCode, 422);
      assert.match(prolonged.body, /id="f-offences-0-max_days-solitary_confinement-error"/);
      assert.deepEqual(await written(db), before);
      const adopted = await send({ '/effective_from': '01/04/2026', '/legal_basis': 'نظام وهمي', '/offences/0/code': 'theft', '/offences/0/rule': 'FR-8', '/offences/0/title': 'السرقة', '/offences/0/conduct': 'أخذ مال الغير', '/offences/0/authority': 'المدير', '/offences/0/sanctions/warning': 'yes' });
      assert.equal(adopted.statusCode, 303, adopted.body.slice(0, 300));
      const versions = (await c.supervisor('GET', `/api/${url.slice(1)}`)).json().versions;
      assert.deepEqual([versions[0].effective_from, versions[0].offences], ['2026-04-01', [{ code: 'theft', rule: 'FR-8', title: 'السرقة', conduct: 'أخذ مال الغير', sanctions: [{ kind: 'warning', max_days: null }], authority: 'المدير' }]]);
    });
  });
}
