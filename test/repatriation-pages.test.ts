/**
 * The repatriation pages: a case opened from the person's record and taken from identified to
 * approved through its page's forms, each form posted as a browser posts it (no JavaScript),
 * each step by its official; a refusal shown at its control with nothing written; the forms
 * offered only to the roles that may use them, in the states where they apply; the list, the
 * states' profiles, the person's record linking to the case.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

const users = {
  'officer.manage': 'facility_officer',
  'officer.review': 'facility_officer',
  'supervisor.decide': 'supervisor',
  'auditor.icrc': 'auditor',
  'clerk.intake': 'registration_clerk',
} as const satisfies Record<string, Role>;
type User = keyof typeof users;

for (const backend of backends) {
  describe(`repatriation pages on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const api = {} as Record<User, Client>;
    const browser = {} as Record<User, { cookie: string; csrf: string }>;
    let person: string;

    const get = (who: User, url: string, lang = 'en') => app.inject({ method: 'GET', url, headers: { cookie: `${browser[who].cookie}; sijill_lang=${lang}` } });
    /** A form posted as a browser posts it: urlencoded, with the page's CSRF token. */
    const submit = (who: User, url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: `${browser[who].cookie}; sijill_lang=en`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: browser[who].csrf, ...fields }).toString(),
      });
    const events = async () => Number((await db.query('SELECT count(*) AS n FROM event')).rows[0]!.n);
    /** The forms a page offers on repatriation cases, by the address they post to (not the layout's language and logout forms). */
    const formsOn = (html: string) => [...html.matchAll(/<form method="post" action="(\/repatriations\/[^"]+)"/g)].map((m) => m[1]!);

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, clock: () => now } });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [User, Role][]) {
        await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
        api[username] = clientFor(app, await login(app, username));
        browser[username] = await logInByForm(app, username);
      }
      const prison = aFacility({ name: 'Fictional Karkh Prison' });
      assert.equal((await api['supervisor.decide']('POST', '/api/facilities', { body: prison })).statusCode, 201);
      const profile = { consular_notification: 'on_request', applies_death_penalty: true, liaison_contacts: [{ name: 'Officer L. Fictional', post: 'Embassy in Baghdad', contact: '+964 700 000 0003' }] };
      assert.equal((await api['supervisor.decide']('POST', '/api/repatriations/states/FR', { body: profile })).statusCode, 201);
      const { person_id: _id, register_number: _n, ...body } = aPerson({ nationalities: ['FR'] });
      const registered = await api['clerk.intake']('POST', '/api/persons', { body });
      assert.equal(registered.statusCode, 201, registered.body);
      person = registered.json().person_id;
      const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await api['clerk.intake']('POST', '/api/admissions', { body: admission })).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a case is opened from the record and taken to approval through its page, each step by its official; refusals at their controls write nothing', async () => {
      const record = await get('officer.manage', `/persons/${person}`);
      assert.equal(record.statusCode, 200);
      assert.match(record.body, new RegExp(`href="/persons/${person}/repatriations/new"`));
      // The clerk reads no repatriation: no section on the record, and the pages are refused.
      assert.doesNotMatch((await get('clerk.intake', `/persons/${person}`)).body, /id="repatriations"/);
      assert.equal((await get('clerk.intake', '/repatriations')).statusCode, 403);

      // Opening without a reason: refused at the reason, nothing written.
      const before = await events();
      const noReason = await submit('officer.manage', `/persons/${person}/repatriations/new`, { '/state': 'FR', '/reason': '' });
      assert.equal(noReason.statusCode, 422);
      assert.match(noReason.body, /id="f-reason-error"/);
      assert.equal(await events(), before);
      const opened = await submit('officer.manage', `/persons/${person}/repatriations/new`, { '/state': 'FR', '/reason': 'national of France, held since the transfer' });
      assert.equal(opened.statusCode, 303, opened.body);
      const casePage = String(opened.headers.location).split('?')[0]!;
      assert.match(casePage, /^\/repatriations\/[0-9a-f-]{36}$/);
      const id = casePage.split('/')[2]!;

      const steps: [User, string, Record<string, string>, string][] = [
        ['officer.manage', 'requests', { '/sent_at': '2026-03-02T10:00', '/channel': 'diplomatic_note', '/reference': 'NV-2026-11' }, 'request_sent'],
        ['officer.manage', 'answers', { '/answer': 'accepted', '/answered_at': '2026-03-03T10:00', '/reference': 'FR-2026-4', '/note': '' }, 'accepted'],
        ['officer.manage', 'nationality-confirmation', { '/confirmed_at': '2026-03-04T10:00', '/evidence': 'state_confirmation', '/reference': 'FR-2026-5' }, 'nationality_confirmed'],
        [
          'officer.manage',
          'assessment',
          {
            ...Object.fromEntries(['torture', 'death_penalty', 'persecution', 'unfair_trial'].flatMap((r) => [[`/assessment/risks/${r}/finding`, 'no_real_risk'], [`/assessment/risks/${r}/reasoning`, 'country reports']])),
            '/assessment/heard/at': '2026-03-05T10:00',
            '/assessment/heard/summary': 'wishes to see his family',
            '/assessment/heard/counsel/name': 'Counsel L. Fictional',
            '/assessment/heard/interpreter/name': '',
            '/assessment/heard/interpreter/language': '',
            '/assessment/heard/interpreter/not_needed_reason': 'speaks Arabic fluently',
            '/assessment/wishes/wish': 'wishes_to_return',
            '/assessment/wishes/statement': 'I want to go home',
          },
          'safeguards_assessed',
        ],
        ['officer.review', 'review', { '/outcome': 'concurs', '/notes': 'sources sufficient' }, 'reviewed'],
      ];
      for (const [who, action, fields, status] of steps) {
        const page = await get(who, casePage);
        assert.ok(formsOn(page.body).includes(`/repatriations/${id}/${action}`), `${who} is offered ${action}`);
        const res = await submit(who, `/repatriations/${id}/${action}`, fields);
        assert.equal(res.statusCode, 303, `${action}: ${res.body.slice(0, 500)}`);
        assert.equal((await api['auditor.icrc']('GET', `/api/repatriations/${id}`)).json().status, status);
      }

      // The officer is offered no decision; the supervisor is, and an approval without the
      // assurance the death penalty needs is refused at the assurance, nothing written.
      assert.ok(!formsOn((await get('officer.manage', casePage)).body).includes(`/repatriations/${id}/decision`));
      const decided = await events();
      const noAssurance = await submit('supervisor.decide', `/repatriations/${id}/decision`, { '/outcome': 'approved', '/reasons': '' });
      assert.equal(noAssurance.statusCode, 422);
      assert.match(noAssurance.body, /id="f-decision-assurances-0-against-error"/);
      assert.equal(await events(), decided);
      const approved = await submit('supervisor.decide', `/repatriations/${id}/decision`, {
        '/outcome': 'approved',
        '/assurances/0/against': 'death_penalty',
        '/assurances/0/text': 'the death penalty will not be sought',
        '/assurances/0/given_by': 'Ministry of Justice',
        '/assurances/0/given_at': '2026-03-06T10:00',
        '/assurances/0/reference': 'NV-2026-17',
        '/follow_ups/0/due_at': '2026-06-10T09:00',
      });
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 500));

      // The page: the decision, its assurance and the timeline of every step, in order; read by an auditor, who is offered no form.
      const read = await get('auditor.icrc', casePage);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(formsOn(read.body), []);
      assert.match(read.body, /NV-2026-17/);
      const timeline = read.body.slice(read.body.indexOf('id="timeline"'));
      const order = ['Repatriation case opened', 'Request sent to the state', 'State’s answer recorded', 'Nationality confirmed', 'Assessment reviewed by a second official', 'Repatriation decided'].map((label) => timeline.indexOf(label));
      assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), `timeline in order: ${order}`);

      // The list and the person's record link to the case; the states' profiles show the policy.
      assert.match((await get('auditor.icrc', '/repatriations?state=FR&status=approved')).body, new RegExp(`href="/repatriations/${id}"`));
      assert.doesNotMatch((await get('auditor.icrc', '/repatriations?status=closed')).body, new RegExp(`href="/repatriations/${id}"`));
      assert.match((await get('auditor.icrc', `/persons/${person}`)).body, new RegExp(`href="/repatriations/${id}"`));
      const states = await get('auditor.icrc', '/repatriations/states');
      assert.match(states.body, /On the person’s request/);
      assert.match(states.body, /Applies the death penalty/);
    });

    test('a liaison of a state is shown only its state’s cases, and no link to a record it may not read', async () => {
      await createAccount(db, { username: 'liaison-tun-pages', displayName: 'Fictional liaison of Tunisia', role: 'liaison', password, liaisonState: 'TN' }, { cost: cheap });
      await createAccount(db, { username: 'liaison-fra-pages', displayName: 'Fictional liaison of France', role: 'liaison', password, liaisonState: 'FR' }, { cost: cheap });
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM repatriation_case WHERE state = 'FR' LIMIT 1`);
      const french = rows[0]!.id;
      const tun = await logInByForm(app, 'liaison-tun-pages', '/repatriations');
      const fra = await logInByForm(app, 'liaison-fra-pages', '/repatriations');
      const as = (who: { cookie: string }, url: string) => app.inject({ method: 'GET', url, headers: { cookie: `${who.cookie}; sijill_lang=en` } });
      assert.doesNotMatch((await as(tun, '/repatriations')).body, new RegExp(french));
      assert.match((await as(tun, '/repatriations')).body, /No repatriation case matches/);
      assert.equal((await as(tun, `/repatriations/${french}`)).statusCode, 404);
      assert.match((await as(fra, '/repatriations')).body, new RegExp(`href="/repatriations/${french}"`));
      const page = await as(fra, `/repatriations/${french}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /href="\/persons\//, 'no link to a record the liaison may not read');
      assert.equal((await as(fra, `/persons/${person}`)).statusCode, 403);
    });

    test('the pages are in Arabic for an Arabic reader; an unknown case is a page saying so', async () => {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM repatriation_case LIMIT 1');
      const page = await get('auditor.icrc', `/repatriations/${rows[0]!.id}`, 'ar');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl"/);
      assert.match(page.body, /التسلسل الزمني/);
      const missing = await get('auditor.icrc', '/repatriations/00000000-0000-4000-8000-000000000000');
      assert.equal(missing.statusCode, 404);
      assert.equal((await get('auditor.icrc', '/repatriations/not-a-case')).statusCode, 404);
    });
  });
}
