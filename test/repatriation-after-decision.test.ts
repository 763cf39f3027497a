/**
 * The repatriation case's clocks and families through the API and the pages: the reminder and
 * escalation of a request the state leaves unanswered (tasks, the case, the states desk, the
 * dashboard), a parent's return refused while it would leave a child behind, an unaccompanied
 * child's case closed only once a guardian is named — each refusal by name with nothing written.
 * The contacts after a return are covered with the journey home (repatriation-travel.test.ts).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterPerson } from '../src/domain/person.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

const users = {
  'officer.manage': 'facility_officer',
  'officer.assess': 'facility_officer',
  'officer.review': 'facility_officer',
  'supervisor.decide': 'supervisor',
  'clerk.intake': 'registration_clerk',
  'auditor.icrc': 'auditor',
} as const satisfies Record<string, Role>;
type User = keyof typeof users;

const risk = { finding: 'no_real_risk', reasoning: 'country reports and the person’s own account' };
const assessment = {
  assessment: {
    risks: { torture: risk, death_penalty: risk, persecution: risk, unfair_trial: risk },
    heard: { at: '2026-03-05T10:00:00+03:00', summary: 'wishes to go home', counsel: { name: 'Counsel L. Fictional' }, interpreter: { not_needed_reason: 'speaks Arabic' } },
    wishes: { wish: 'wishes_to_return', statement: 'I want to go home' },
  },
};
const approval = { outcome: 'approved', assurances: [], follow_ups: [{ due_at: '2026-06-10T09:00:00+03:00' }] };

for (const backend of backends) {
  describe(`a repatriation's clocks and families on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const api = {} as Record<User, Client>;
    const browser = {} as Record<User, { cookie: string; csrf: string }>;
    const units = { men: randomUUID(), women: randomUUID(), girls: randomUUID(), boys: randomUUID() };
    const prison = aFacility({
      name: 'Fictional Karkh Prison',
      capacity: { men_untried: 10, women_untried: 10, girls_untried: 10, boys_untried: 10 },
      units: [
        { id: units.men, name: 'Block A', category: 'men_untried' },
        { id: units.women, name: 'Block W', category: 'women_untried' },
        { id: units.girls, name: 'Girls’ wing', category: 'girls_untried' },
        { id: units.boys, name: 'Boys’ wing', category: 'boys_untried' },
      ],
    });

    const page = (who: User, url: string, lang = 'en') => app.inject({ method: 'GET', url, headers: { cookie: `${browser[who].cookie}; sijill_lang=${lang}` } });
    const submit = (who: User, url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: `${browser[who].cookie}; sijill_lang=en`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: browser[who].csrf, ...fields }).toString(),
      });
    const post = (who: User, url: string, body: unknown) => api[who]('POST', url, { body });
    const ok = async (res: Promise<LightMyRequestResponse>) => {
      const r = await res;
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };
    const view = async (id: string) => (await api['auditor.icrc']('GET', `/api/repatriations/${id}`)).json();
    const written = async () => (await db.query(`SELECT (SELECT count(*) FROM event) AS events, (SELECT string_agg(id || status || md5(record::text), ',' ORDER BY id) FROM repatriation_case) AS cases, (SELECT string_agg(id || status, ',' ORDER BY id) FROM task) AS tasks`)).rows[0];
    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, field?: string) {
      const before = await written();
      assertProblem(await send(), status, code, field);
      assert.deepEqual(await written(), before);
    }
    const tasksOf = async (person: string, kind: string) =>
      (await db.query<{ due_at: Date; status: string }>('SELECT due_at, status FROM task WHERE person_id = $1 AND kind = $2 ORDER BY due_at', [person, kind])).rows.map((r) => [new Date(r.due_at).toISOString(), r.status]);

    /** A national of `state` admitted: the person and their register number. */
    async function admitted(overrides: Partial<RegisterPerson>, unit: string, state = 'FR') {
      const { person_id: _id, register_number: _n, ...body } = aPerson({ nationalities: [state], ...overrides });
      const registered = await ok(post('clerk.intake', '/api/persons', { ...body, duplicate_reason: 'Another fictional person of the same name' }));
      const person = registered.person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-01-10T10:00:00+03:00', unit_id: unit });
      await ok(post('clerk.intake', '/api/admissions', { ...admission, duplicate_reason: 'Another fictional person of the same name' }));
      return { person, number: registered.register_number as string };
    }

    /** A national of `state` admitted and with a case opened: the person, their register number and the case. */
    async function opened(overrides: Partial<RegisterPerson>, unit: string, state = 'FR') {
      const held = await admitted(overrides, unit, state);
      const id = (await ok(post('officer.manage', '/api/repatriations', { person_id: held.person, state, reason: 'national of the state' }))).case_id as string;
      return { ...held, id };
    }

    /** Request, acceptance, nationality, assessment and review, each by its official. */
    async function reviewed(id: string, state = 'FR') {
      const steps: [User, string, unknown][] = [
        ['officer.manage', 'requests', { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: `NV-${id.slice(0, 6)}` }],
        ['officer.manage', 'answers', { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-9' }],
        ['officer.manage', 'nationality-confirmation', { state, confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'NV-10' }],
        ['officer.assess', 'assessment', assessment],
        ['officer.review', 'review', { outcome: 'concurs', notes: 'sources sufficient' }],
      ];
      for (const [who, path, body] of steps) await ok(post(who, `/api/repatriations/${id}/${path}`, body));
    }

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, clock: () => now } });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [User, Role][]) {
        await createAccount(db, { username, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
        api[username] = clientFor(app, await login(app, username));
        browser[username] = await logInByForm(app, username);
      }
      await ok(post('supervisor.decide', '/api/facilities', prison));
      await ok(post('supervisor.decide', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [] }));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a request unanswered 30 days is due a reminder, 15 more an escalation: tasks, the case’s clocks, the states desk, the dashboard; the reminder, the escalation and the answer each answer theirs', async () => {
      const old = await opened({ sex: 'male', dob: { kind: 'year', year: 1985 } }, units.men);
      // Sent 20 January 10:00 in Baghdad (07:00Z): reminder due 19 February, escalation 6 March; on 10 March both are past.
      await ok(post('officer.manage', `/api/repatriations/${old.id}/requests`, { sent_at: '2026-01-20T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-2026-OLD' }));
      const recent = await opened({ sex: 'male', dob: { kind: 'year', year: 1987 } }, units.men);
      await ok(post('officer.manage', `/api/repatriations/${recent.id}/requests`, { sent_at: '2026-03-02T10:00:00+03:00', channel: 'embassy', reference: 'NV-2026-NEW' }));
      assert.deepEqual(await tasksOf(old.person, 'state_answer_reminder'), [['2026-02-19T07:00:00.000Z', 'open']]);
      assert.deepEqual(await tasksOf(old.person, 'state_answer_escalation'), [['2026-03-06T07:00:00.000Z', 'open']]);
      assert.deepEqual((await view(old.id)).answer_clocks, { reminder: { status: 'breached', due: '2026-02-19T07:00:00.000Z' }, escalation: { status: 'breached', due: '2026-03-06T07:00:00.000Z' } });
      assert.deepEqual((await view(recent.id)).answer_clocks.reminder, { status: 'running', due: '2026-04-01T07:00:00.000Z' });

      // The states desk: the request of 20 January is unanswered for more than 30 days, that of 2 March is not.
      const report = (await api['supervisor.decide']('GET', '/api/repatriations/states-report')).json();
      assert.equal(report.unanswered_after_days, 30);
      assert.equal(report.states.find((r: { state: string }) => r.state === 'FR').unanswered, 1);
      const desk = await page('supervisor.decide', '/repatriations/states');
      assert.match(desk.body, /Unanswered for more than 30 days/);

      // The dashboard lists both of the late request's tasks, with its case; none of the recent one's.
      const dashboard = await page('officer.manage', '/dashboard');
      const alerts = dashboard.body.slice(dashboard.body.indexOf('id="repatriation-alerts"'));
      assert.ok(alerts.length < dashboard.body.length, 'the dashboard has the repatriation alerts');
      assert.match(alerts, /Late: 2 · Due soon: 0/);
      assert.ok(alerts.includes(`href="/repatriations/${old.id}"`) && !alerts.includes(`href="/repatriations/${recent.id}"`));

      // The case page shows the clock in every locale.
      const labels = { ar: 'موعد التذكير', ckb: 'ماوەی بیرخستنەوە', kmr: 'Dema bîranînê', en: 'Reminder due' };
      for (const [locale, label] of Object.entries(labels)) {
        const casePage = await page('officer.manage', `/repatriations/${old.id}`, locale);
        assert.equal(casePage.statusCode, 200, locale);
        assert.ok(casePage.body.includes(label), locale);
        assert.match(casePage.body, new RegExp(`action="/repatriations/${old.id}/reminders"`));
      }

      // A reminder recorded on the page answers the reminder's task, late; its refusals at their fields, nothing written.
      const before = await written();
      const bad = await submit('officer.manage', `/repatriations/${old.id}/reminders`, { '/sent_at': '2026-01-01T10:00', '/channel': 'embassy', '/reference': 'NV-R' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /name="\/sent_at"[^>]*aria-invalid="true"/);
      assert.deepEqual(await written(), before);
      assert.equal((await submit('officer.manage', `/repatriations/${old.id}/reminders`, { '/sent_at': '2026-03-08T10:00', '/channel': 'embassy', '/reference': 'NV-2026-OLD/R' })).statusCode, 303);
      assert.deepEqual(await tasksOf(old.person, 'state_answer_reminder'), [['2026-02-19T07:00:00.000Z', 'done']]);
      assert.equal((await view(old.id)).answer_clocks.reminder.status, 'met_late');
      await refused(() => post('officer.manage', `/api/repatriations/${old.id}/reminders`, { sent_at: '2026-03-09T10:00:00+03:00', channel: 'embassy', reference: 'again' }), 409, 'duplicate', '/params/id');
      await refused(() => post('officer.manage', `/api/repatriations/${old.id}/escalation`, { escalated_at: '2026-03-09T10:00:00+03:00', to: '', reference: 'E-1', note: 'n' }), 422, 'missing_item', '/to');
      await ok(post('officer.manage', `/api/repatriations/${old.id}/escalation`, { escalated_at: '2026-03-09T10:00:00+03:00', to: 'Minister for Foreign Affairs', reference: 'MFA/2026/88', note: 'raised with the ambassador' }));
      assert.deepEqual(await tasksOf(old.person, 'state_answer_escalation'), [['2026-03-06T07:00:00.000Z', 'done']]);
      assert.equal((await view(old.id)).answer_clock.escalated.to, 'Minister for Foreign Affairs');

      // The recent request is answered: its two tasks are answered with it, and nothing of it stays on the dashboard.
      await ok(post('officer.manage', `/api/repatriations/${recent.id}/answers`, { answer: 'accepted', answered_at: '2026-03-09T10:00:00+03:00', reference: 'NV-FR-1' }));
      assert.deepEqual([...(await tasksOf(recent.person, 'state_answer_reminder')), ...(await tasksOf(recent.person, 'state_answer_escalation'))].map(([, status]) => status), ['done', 'done']);
      assert.equal((await view(recent.id)).answer_clocks, null);
      assert.match((await page('officer.manage', '/dashboard')).body, /No reminder, escalation or contact after a return is late or due soon/);
    });

    test('a parent’s return is refused by name while their child would be left behind, nothing written; once the child’s best interests are decided it is approved', async () => {
      const mother = await opened({ sex: 'female', gender: 'woman', dob: { kind: 'year', year: 1994 } }, units.women);
      const girl = await opened({ sex: 'female', gender: 'not_stated', dob: { kind: 'exact', date: '2017-05-01' } }, units.girls);
      await refused(() => post('officer.manage', `/api/repatriations/${mother.id}/family`, { group: 'fam 7', role: 'parent', evidence: 'camp card' }), 422, 'invalid_value', '/group');
      await refused(() => post('officer.manage', `/api/repatriations/${mother.id}/family`, { group: 'FAM-FR-0007', role: 'parent', evidence: 'camp card', children: ['0000-0000-0'] }), 404, 'not_found', '/children/0');
      await ok(post('officer.manage', `/api/repatriations/${mother.id}/family`, { group: 'FAM-FR-0007', role: 'parent', evidence: 'camp card and civil-status record' }));
      // The child's side through the page form, as a browser posts it.
      assert.equal((await submit('officer.manage', `/repatriations/${girl.id}/family`, { '/group': 'fam-fr-0007', '/role': 'child', '/evidence': 'camp card' })).statusCode, 303);
      await reviewed(mother.id);

      await refused(() => post('supervisor.decide', `/api/repatriations/${mother.id}/decision`, approval), 409, 'would_separate_child', '/outcome');
      const motherView = await view(mother.id);
      assert.deepEqual(motherView.family_members.map((m: { case_id: string; role: string; minor: boolean }) => [m.case_id, m.role, m.minor]), [[girl.id, 'child', true]]);

      // The page of the mother's case lists her daughter, in every locale.
      const headings = { ar: 'العائلة', ckb: 'خێزان', kmr: 'Malbat', en: 'Family' };
      for (const [locale, heading] of Object.entries(headings)) {
        const casePage = await page('officer.manage', `/repatriations/${mother.id}`, locale);
        assert.ok(casePage.body.includes(`<h2 id="family-heading">${heading}</h2>`), locale);
        assert.ok(casePage.body.includes(`href="/repatriations/${girl.id}"`), locale);
      }

      await ok(
        post('officer.assess', `/api/repatriations/${girl.id}/best-interests`, {
          assessed_at: '2026-03-07T10:00:00+03:00',
          official: 'Child protection officer K. Fictional',
          arrangement: 'travels_with_parent',
          parent_case_id: mother.id,
          reasoning: 'her mother has cared for her since birth',
          child_views: 'wants to stay with her mother',
        }),
      );
      await ok(post('supervisor.decide', `/api/repatriations/${mother.id}/decision`, approval));
      assert.equal((await view(mother.id)).status, 'approved');

      // A father names a child of his who has no case at all: his return would leave the boy behind.
      const father = await opened({ sex: 'male', dob: { kind: 'year', year: 1980 } }, units.men);
      const boy = await admitted({ sex: 'male', gender: 'not_stated', dob: { kind: 'exact', date: '2016-02-01' } }, units.boys);
      await ok(post('officer.manage', `/api/repatriations/${father.id}/family`, { group: 'FAM-FR-0009', role: 'parent', evidence: 'civil-status record', children: [boy.number] }));
      await reviewed(father.id);
      await refused(() => post('supervisor.decide', `/api/repatriations/${father.id}/decision`, approval), 409, 'would_separate_child', '/outcome');
      const fatherView = await view(father.id);
      assert.deepEqual(fatherView.named_children.map((n: { register_number: string; case_id: string | null; minor: boolean }) => [n.register_number, n.case_id, n.minor]), [[boy.number, null, true]]);
      assert.match((await page('officer.manage', `/repatriations/${father.id}`)).body, /No repatriation case/);
    });

    test('an unaccompanied child is flagged on the case page, and the closing is refused by name until a guardian is named on the page', async () => {
      const child = await opened({ sex: 'female', gender: 'not_stated', dob: { kind: 'exact', date: '2015-09-01' } }, units.girls);
      assert.equal((await view(child.id)).unaccompanied, true);
      const flags = { ar: 'طفل غير مصحوب', ckb: 'منداڵێکی بێ هاوڕێ', kmr: 'Zarokê bê hevrê', en: 'Unaccompanied child' };
      for (const [locale, flag] of Object.entries(flags)) assert.ok((await page('officer.manage', `/repatriations/${child.id}`, locale)).body.includes(flag), locale);
      const before = await written();
      const closing = await submit('officer.manage', `/repatriations/${child.id}/closure`, { '/reason': 'the child’s father took her in' });
      assert.equal(closing.statusCode, 422);
      assert.match(closing.body, /unaccompanied child: name their guardian/);
      assert.deepEqual(await written(), before);
      const guardian = { '/name': 'Mr F. Fictional', '/relationship': 'father', '/contact': 'Marseille, +33 4 00 00 00 01', '/appointed_by': 'Juvenile judge of Marseille', '/appointed_at': '2026-03-09T10:00' };
      const missing = await submit('officer.assess', `/repatriations/${child.id}/guardian`, { ...guardian, '/appointed_by': '' });
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /name="\/appointed_by"[^>]*aria-invalid="true"/);
      assert.equal((await submit('officer.assess', `/repatriations/${child.id}/guardian`, guardian)).statusCode, 303);
      assert.equal((await view(child.id)).guardian.name, 'Mr F. Fictional');
      assert.equal((await submit('officer.manage', `/repatriations/${child.id}/closure`, { '/reason': 'the child’s father took her in' })).statusCode, 303);
      assert.equal((await view(child.id)).status, 'closed');
    });

    test('the projections equal a replay of the log', async () => {
      const report = await checkRegister(db);
      assert.equal(report.ok, true, JSON.stringify(report));
    });
  });
}
