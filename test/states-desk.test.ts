/**
 * The states desk: the report per state of nationality (nationals held, cases by stage,
 * consular notifications sent and owed, acceptances) through the API with the liaison's scope
 * applied, printable in every locale, and the letter to a state listing its nationals awaiting
 * its answer.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterPerson } from '../src/domain/person.ts';
import type { Database } from '../src/store/database.ts';
import { youngestAgeOn } from '../src/domain/values.ts';

const users = { 'officer.manage': 'facility_officer', 'supervisor.decide': 'supervisor', 'clerk.intake': 'registration_clerk', 'auditor.icrc': 'auditor' } as const satisfies Record<string, Role>;
type User = keyof typeof users | 'liaison.fr';

const none = { identified: 0, request_sent: 0, accepted: 0, declined: 0, verification_requested: 0, no_answer: 0, acceptance_withdrawn: 0, nationality_confirmed: 0, safeguards_assessed: 0, reviewed: 0, approved: 0, refused: 0, suspended: 0, person_refused: 0, returned: 0, followed_up: 0, closed: 0 };

for (const backend of backends) {
  describe(`the states desk on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const api = {} as Record<User, Client>;
    const browser = {} as Record<User, { cookie: string; csrf: string }>;
    const get = (who: User, url: string, lang = 'en') => app.inject({ method: 'GET', url, headers: { cookie: `${browser[who].cookie}; sijill_lang=${lang}` } });
    const post = async (who: User, url: string, body: unknown) => {
      const res = await api[who]('POST', url, { body });
      assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
      return res.json();
    };
    let firstFrench = '';
    let girl = '';
    /** Register and admit a person at the prison, in the unit of their category; their id. */
    let admitted: (overrides: Partial<RegisterPerson>, unit: 'men' | 'women' | 'girls') => Promise<string>;
    /** A form posted as a browser posts it: urlencoded, with the page's CSRF token. */
    const submit = (who: User, url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: `${browser[who].cookie}; sijill_lang=en`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: browser[who].csrf, ...fields }).toString(),
      });

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, clock: () => now } });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
      }
      await createAccount(db, { username: 'liaison.fr', displayName: 'Fictional liaison of France', role: 'liaison', password, liaisonState: 'FR' }, { cost: cheap });
      for (const username of [...Object.keys(users), 'liaison.fr'] as User[]) {
        api[username] = clientFor(app, await login(app, username));
        browser[username] = await logInByForm(app, username);
      }
      const units = { men: randomUUID(), women: randomUUID(), girls: randomUUID() };
      const prison = aFacility({
        name: 'Fictional Karkh Prison',
        capacity: { men_untried: 10, women_untried: 10, girls_untried: 10 },
        units: [
          { id: units.men, name: 'Block A', category: 'men_untried' },
          { id: units.women, name: 'Block W', category: 'women_untried' },
          { id: units.girls, name: 'Girls’ wing', category: 'girls_untried' },
        ],
      });
      await post('supervisor.decide', '/api/facilities', prison);
      await post('supervisor.decide', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [{ name: 'Officer L. Fictional', post: 'Embassy of France in Baghdad (fictional)', contact: '+964 700 000 0003' }] });
      await post('supervisor.decide', '/api/repatriations/states/TN', { consular_notification: 'mandatory', applies_death_penalty: true, liaison_contacts: [] });
      const admit = async (overrides: Partial<RegisterPerson>, unit = units.men) => {
        const { person_id: _id, register_number: _n, ...body } = aPerson(overrides);
        const person = (await post('clerk.intake', '/api/persons', body)).person_id as string;
        const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-01T10:00:00+03:00', unit_id: unit });
        await post('clerk.intake', '/api/admissions', admission);
        return person;
      };
      admitted = async (overrides, unit) => {
        const { person_id: _id, register_number: _n, ...body } = aPerson(overrides);
        const person = (await post('clerk.intake', '/api/persons', { ...body, duplicate_reason: 'another fictional person' })).person_id as string;
        // Admitted on the report's day, so that one turning 18 that day is placed as an adult.
        const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-10T10:00:00+03:00', unit_id: units[unit] });
        await post('clerk.intake', '/api/admissions', { ...admission, duplicate_reason: 'another fictional person' });
        return person;
      };
      const man = await admit({ nationalities: ['FR'], sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 } });
      const woman = await admit({ nationalities: ['FR'], sex: 'female', gender: 'woman', dob: { kind: 'year', year: 1995 } }, units.women);
      girl = await admit({ nationalities: ['FR'], sex: 'female', gender: 'not_stated', dob: { kind: 'exact', date: '2015-06-01' } }, units.girls);
      const tunisian = await admit({ nationalities: ['TN'], sex: 'male', gender: 'man', dob: { kind: 'year', year: 1988 } });

      const open = async (person: string, state: string) => (await post('officer.manage', '/api/repatriations', { person_id: person, state, reason: 'national of the state' })).case_id as string;
      const manCase = await open(man, 'FR');
      firstFrench = manCase;
      await post('officer.manage', `/api/repatriations/${manCase}/requests`, { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-2026-01' });
      await post('officer.manage', `/api/repatriations/${manCase}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'French', wish: 'requests' });
      const womanCase = await open(woman, 'FR');
      await post('officer.manage', `/api/repatriations/${womanCase}/requests`, { sent_at: '2026-03-03T10:00:00+03:00', channel: 'embassy', reference: 'NV-2026-02' });
      await post('officer.manage', `/api/repatriations/${womanCase}/answers`, { answer: 'accepted', answered_at: '2026-03-05T10:00:00+03:00', reference: 'NV-88' });
      await post('officer.manage', `/api/repatriations/${womanCase}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'French', wish: 'requests' });
      await post('officer.manage', `/api/repatriations/${womanCase}/consular-notification`, { sent_at: '2026-03-02T12:00:00+03:00', channel: 'embassy', post: 'Embassy of France', reference: 'CN-1' });
      const tunisianCase = await open(tunisian, 'TN');
      await post('officer.manage', `/api/repatriations/${tunisianCase}/consular-rights`, { told_at: '2026-03-02T10:00:00+03:00', language: 'Arabic', wish: 'refuses', statement: 'do not tell them' });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('per state: nationals held by men, women and children, cases by stage, notifications sent, owed and overdue, acceptances', async () => {
      const res = await api['supervisor.decide']('GET', '/api/repatriations/states-report');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().states, [
        { state: 'FR', held: { men: 1, women: 1, children: 1, other: 0 }, cases: { ...none, request_sent: 1, accepted: 1 }, notifications: { sent: 1, owed: 1, overdue: 1, refused: 0 }, accepted: 1, unanswered: 0 },
        // Tunisia makes notification mandatory: the refusal is recorded and the notification is still owed (due 4 March, overdue on the 10th).
        { state: 'TN', held: { men: 1, women: 0, children: 0, other: 0 }, cases: { ...none, identified: 1 }, notifications: { sent: 0, owed: 1, overdue: 1, refused: 0 }, accepted: 0, unanswered: 0 },
      ]);
    });

    test('a child is anyone whose youngest possible age is under 18 on the day, as the domain counts it; an unknown date of birth counts by sex', async () => {
      const before = (await api['supervisor.decide']('GET', '/api/repatriations/states-report')).json().states.find((s: { state: string }) => s.state === 'FR').held;
      // The report's day is 10 March 2026.
      const born = [
        [{ kind: 'exact', date: '2008-03-10' }, 'male', 'men'],
        [{ kind: 'exact', date: '2008-03-11' }, 'female', 'children'],
        [{ kind: 'year', year: 2008 }, 'female', 'children'],
        [{ kind: 'year', year: 2007 }, 'male', 'men'],
        [{ kind: 'range', from: '2000-01-01', to: '2008-03-10' }, 'female', 'women'],
        [{ kind: 'range', from: '2000-01-01', to: '2008-03-11' }, 'female', 'children'],
        [{ kind: 'unknown', reason: 'no document and the person does not know' }, 'female', 'women'],
      ] as const;
      const expected = { ...before };
      for (const [dob, sex, counted] of born) {
        // The report counts in SQL; each boundary written here is also the domain's own answer.
        const age = youngestAgeOn(dob, '2026-03-10');
        assert.equal(age !== null && age < 18, counted === 'children', `youngestAgeOn(${JSON.stringify(dob)}) = ${age}`);
        await admitted({ nationalities: ['FR'], sex, gender: 'not_stated', dob }, counted === 'children' ? 'girls' : sex === 'male' ? 'men' : 'women');
        expected[counted] += 1;
      }
      const after = (await api['supervisor.decide']('GET', '/api/repatriations/states-report')).json().states.find((s: { state: string }) => s.state === 'FR').held;
      assert.deepEqual(after, expected);
    });

    test('a liaison officer’s report holds its own state only; the letter to another state lists nobody', async () => {
      const res = await api['liaison.fr']('GET', '/api/repatriations/states-report');
      assert.deepEqual(res.json().states.map((s: { state: string }) => s.state), ['FR']);
      const other = await api['liaison.fr']('GET', '/api/repatriations/states/TN/awaiting');
      assert.deepEqual(other.json(), { state: 'TN', cases: [] });
      const page = await get('liaison.fr', '/repatriations/states');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /data-state="TN"/);
    });

    test('the letter to France lists its national awaiting its answer (the request of 2 March, 8 days), in every locale; the report prints in every locale', async () => {
      const awaiting = await api['supervisor.decide']('GET', '/api/repatriations/states/FR/awaiting');
      assert.equal(awaiting.statusCode, 200, awaiting.body);
      const cases = awaiting.json().cases;
      assert.deepEqual(cases.map((c: { case_id: string; sent_at: string; reference: string; requests_sent: number }) => [c.case_id, c.sent_at, c.reference, c.requests_sent]), [[firstFrench, '2026-03-02T10:00:00+03:00', 'NV-2026-01', 1]]);
      const expected = {
        ar: { lang: 'ar', title: 'رسالة إلى', days: '٨' },
        ckb: { lang: 'ckb', title: 'نامە بۆ', days: '٨' },
        kmr: { lang: 'kmr', title: 'Name ji', days: '8' },
        en: { lang: 'en', title: 'Letter to', days: '8' },
      };
      for (const [locale, e] of Object.entries(expected)) {
        const letter = await get('supervisor.decide', '/print/repatriations/states/FR/letter', locale);
        assert.equal(letter.statusCode, 200, `${locale}: ${letter.body.slice(0, 200)}`);
        assert.match(letter.body, new RegExp(`<html lang="${e.lang}"`));
        assert.ok(letter.body.includes(e.title), locale);
        assert.ok(letter.body.includes('NV-2026-01'), locale);
        assert.ok(letter.body.includes('Embassy of France in Baghdad (fictional)'), locale);
        assert.match(letter.body, new RegExp(`<td class="num">${e.days}</td>\\s*</tr>`), locale);
        const report = await get('supervisor.decide', '/print/repatriations/states-report', locale);
        assert.equal(report.statusCode, 200, locale);
        assert.match(report.body, /data-state="FR"/);
        assert.match(report.body, /data-state="TN"/);
      }
      const unknown = await get('supervisor.decide', '/print/repatriations/states/ZZ/letter');
      assert.equal(unknown.statusCode, 404);
    });

    test('a child’s case page, in every locale, shows the consular notification and offers the best-interests form; the forms record through the API, a refusal shown at its field', async () => {
      const id = (await post('officer.manage', '/api/repatriations', { person_id: girl, state: 'FR', reason: 'national of the state, with her mother' })).case_id as string;
      const headings = { ar: 'المصلحة الفضلى للطفل', ckb: 'باشترین بەرژەوەندی منداڵ', kmr: 'Berjewendiya zarok a herî baş', en: 'The child’s best interests' };
      for (const [locale, heading] of Object.entries(headings)) {
        const page = await get('officer.manage', `/repatriations/${id}`, locale);
        assert.equal(page.statusCode, 200, locale);
        assert.match(page.body, new RegExp(`<html lang="${locale}"`));
        assert.ok(page.body.includes(heading), locale);
        assert.match(page.body, /id="consular"/);
        assert.match(page.body, new RegExp(`action="/repatriations/${id}/best-interests"`));
        assert.match(page.body, new RegExp(`action="/repatriations/${id}/consular-rights"`));
        assert.doesNotMatch(page.body, new RegExp(`action="/repatriations/${id}/consular-notification"`));
      }
      const fields = { '/assessed_at': '2026-03-09T10:00', '/official': 'Director S. Fictional', '/arrangement': 'separated', '/reasoning': 'the mother is not returning; the grandmother in France will care for her', '/child_views': 'she wants to live with her grandmother' };
      const missing = await submit('officer.manage', `/repatriations/${id}/best-interests`, fields);
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /name="\/guardian"[^>]*aria-invalid="true"/);
      const saved = await submit('officer.manage', `/repatriations/${id}/best-interests`, { ...fields, '/guardian': 'grandmother, Lyon (fictional)' });
      assert.equal(saved.statusCode, 303, saved.body);
      const told = await submit('officer.manage', `/repatriations/${id}/consular-rights`, { '/told_at': '2026-03-09T10:00', '/language': 'French', '/wish': 'requests' });
      assert.equal(told.statusCode, 303, told.body);
      const view = (await api['officer.manage']('GET', `/api/repatriations/${id}`)).json();
      assert.equal(view.minor, true);
      assert.deepEqual([view.best_interests.arrangement, view.best_interests.guardian, view.best_interests.official], ['separated', 'grandmother, Lyon (fictional)', 'Director S. Fictional']);
      assert.equal(view.consular.wish, 'requests');
      const after = await get('officer.manage', `/repatriations/${id}`);
      assert.match(after.body, new RegExp(`action="/repatriations/${id}/consular-notification"`));
    });
  });
}
