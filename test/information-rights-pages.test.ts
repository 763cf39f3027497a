/**
 * Information rights through the pages, as a browser without scripts uses them (app.inject):
 * the answer deadline of information requests among the dashboard's alerts, for the officials
 * who answer them; the restriction pages — the request form refused at its control, the
 * approval refused for the official who requested it at the restriction's place, approved by
 * another, and the restriction shown lifted once it has expired.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { logInByForm } from './support/web-session.ts';
import { cheap, password } from './support/api-client.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { recordInformationRequest } from '../src/commands/record-information-request.ts';
import { reviewInformationLookup } from '../src/commands/review-information-lookup.ts';
import { answerInformationRequest } from '../src/commands/answer-information-request.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

for (const backend of backends) {
  describe(`information rights pages (${backend.name})`, () => {
    let db: Database;
    let app: FastifyInstance;
    let now = new Date('2026-03-10T09:00:00Z');
    let register: Register;
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    const personId = aPerson().person_id;
    const users = [['info', 'information_officer'], ['sup1', 'supervisor'], ['sup2', 'supervisor'], ['npm', 'oversight'], ['officer', 'facility_officer']] as const;

    const page = (who: string, url: string, lang: 'ar' | 'en' = 'ar') => app.inject({ method: 'GET', url, headers: { cookie: `${sessions.get(who)!.cookie}; sijill_lang=${lang}` } });
    const post = (who: string, url: string, fields: Record<string, string | string[]>, lang: 'ar' | 'en' = 'ar') => {
      const form = new URLSearchParams({ _csrf: sessions.get(who)!.csrf, _key: randomUUID() });
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
      return app.inject({ method: 'POST', url, headers: { cookie: `${sessions.get(who)!.cookie}; sijill_lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    };
    const count = async (sql: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;
    const ctx = (actor = 'setup') => ({ actor, role: 'information_officer' as const, idempotencyKey: randomUUID() });
    const logInAll = async () => {
      for (const [username] of users) sessions.set(username, await logInByForm(app, username, '/dashboard'));
    };
    /** A request received at `receivedAt` (answer due 72 hours later by default). */
    async function requestReceived(receivedAt: string): Promise<string> {
      const done = await execute(
        register,
        recordInformationRequest,
        {
          requester: { name: 'نوال كريم الشمري', relationship: 'parent', identity_check: { method: 'national_id', reference: 'national identity card 1987-000-111' }, contact: '+964 770 000 0101' },
          asked_about: { names: ['زيد نعمان فارس'] },
          received_at: receivedAt,
        },
        ctx(),
      );
      assert.ok(done.ok, JSON.stringify(done));
      return done.response.request_id;
    }

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => now };
      const facility = aFacility();
      const setup = () => ({ actor: 'setup', role: 'supervisor' as const, idempotencyKey: randomUUID() });
      assert.ok((await execute(register, registerFacility, facility, setup())).ok);
      assert.ok((await execute(register, registerPerson, aPerson({ person_id: personId }), setup())).ok);
      assert.ok((await execute(register, admitPerson, anAdmission(personId, facility), setup())).ok);
      for (const [username, role] of users) await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
      register = { db, clock: () => now, identity: await IdentityIndex.build(db) };
      app = buildApp({ db, register, passwordCost: cheap });
      await app.ready();
      await logInAll();
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('the dashboard alerts the information officer to requests past their answer deadline or due within the alert window, and no one else', async () => {
      // Now 2026-03-10T09:00Z; answers are due 72 hours after receipt, alerts 24 hours before.
      const overdue = await requestReceived('2026-03-06T12:00:00+03:00'); // due 2026-03-09T09:00Z: past
      const dueSoon = await requestReceived('2026-03-08T11:00:00+03:00'); // due 2026-03-11T08:00Z: in 23 hours
      const later = await requestReceived('2026-03-10T11:00:00+03:00'); // due 2026-03-13T08:00Z: not yet
      const answered = await requestReceived('2026-03-06T10:00:00+03:00'); // past, but answered: no alert
      assert.ok((await execute(register, reviewInformationLookup, { request_id: answered, reviewed: [], identified: null, note: 'no one of these names' }, ctx())).ok);
      assert.ok((await execute(register, answerInformationRequest, { request_id: answered }, ctx())).ok);

      const res = await page('info', '/dashboard', 'en');
      assert.equal(res.statusCode, 200);
      const section = res.body.slice(res.body.indexOf('id="information-requests-due"'));
      assert.ok(section.length < res.body.length, 'the section is on the dashboard');
      const own = section.slice(0, section.indexOf('</section>'));
      assert.match(own, /Requests past their answer deadline: 1 · Requests whose deadline falls within 24 hours: 1/);
      assert.ok(own.indexOf(`/information-requests/${overdue}`) > 0 && own.indexOf(`/information-requests/${dueSoon}`) > own.indexOf(`/information-requests/${overdue}`), 'both listed, the earliest due first');
      assert.ok(!own.includes(later) && !own.includes(answered));
      assert.doesNotMatch(own, /نوال|زيد/, 'neither the requester nor the person asked about is named');

      const arabic = await page('info', '/dashboard');
      assert.match(arabic.body, /طلبات المعلومات: مهلة الرد/);
      for (const who of ['officer', 'npm', 'sup1']) {
        const other = await page(who, '/dashboard', 'en');
        assert.equal(other.statusCode, 200);
        assert.ok(!other.body.includes('information-requests-due'), `${who} does not answer requests`);
      }
    });

    test('a restriction requested through the form: refused at its control without a judicial reference or for a judge, then recorded awaiting approval', async () => {
      const url = `/persons/${personId}/restrictions`;
      const empty = await page('sup1', url);
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /لا تقييد مسجل لهذا الشخص\./);
      const fields = { items: ['whereabouts', 'health'], '/legal_basis': 'قانون أصول المحاكمات الجزائية، المادة ٥٧', '/judicial_reference': 'قرار محكمة تحقيق الكرخ ١٢٣/٢٠٢٦', applies_to: ['other_relative'], '/expires_at': '2026-04-10 09:00' };

      const noReference = await post('sup1', url, { ...fields, '/judicial_reference': '' });
      assert.equal(noReference.statusCode, 422);
      assert.match(noReference.body, /<p class="error" id="f-judicial_reference-error">يحتاج التقييد إلى مرجع القرار القضائي الذي يستند إليه\.<\/p>/);
      const judge = await post('sup1', url, { ...fields, applies_to: ['other_relative', 'judicial_authority'] });
      assert.equal(judge.statusCode, 422);
      assert.match(judge.body, /id="f-applies_to-error">لا يُطبَّق التقييد أبدًا على القضاة/);
      const noExpiry = await post('sup1', url, { ...fields, '/expires_at': '' }, 'en');
      assert.equal(noExpiry.statusCode, 422);
      assert.match(noExpiry.body, /id="f-expires_at-error">A restriction needs an expiry: it is time-limited\.</);
      assert.equal(await count('restriction'), 0);

      const done = await post('sup1', url, fields);
      assert.equal(done.statusCode, 303, done.body.slice(0, 500));
      assert.equal(done.headers.location, `${url}?notice=requested`);
      const shown = await page('sup1', `${url}?notice=requested`);
      assert.match(shown.body, /بانتظار الموافقة/);
      assert.match(shown.body, /قرار محكمة تحقيق الكرخ ١٢٣\/٢٠٢٦/);
      assert.equal(await count('restriction WHERE NOT approved'), 1);
    });

    test('the official who requested it cannot approve it — refused at its place; another approves it from the list; it lifts at its expiry', async () => {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM restriction');
      const id = rows[0]!.id;
      const url = `/persons/${personId}/restrictions`;
      const own = await post('sup1', `/restrictions/${id}/approve`, { _back: url }, 'en');
      assert.equal(own.statusCode, 422);
      assert.match(own.body, new RegExp(`<p class="error" id="restriction-${id}-error" role="alert">The official who asked for this restriction may not approve it: another official approves it\\.</p>`));
      assert.equal(await count('restriction WHERE approved'), 0);

      const list = await page('sup2', '/restrictions');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(`action="/restrictions/${id}/approve"`));
      const approved = await post('sup2', `/restrictions/${id}/approve`, { _back: '/restrictions' });
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 500));
      assert.equal(approved.headers.location, '/restrictions?notice=approved');
      assert.equal(await count('restriction WHERE approved'), 1);
      const inForce = await page('npm', url, 'en');
      assert.equal(inForce.statusCode, 200);
      assert.match(inForce.body, /In force<\/span> Until /);
      assert.equal((await page('officer', url)).statusCode, 403, 'the facility does not read restrictions');

      now = new Date('2026-04-10T06:00:00Z'); // 09:00 in Baghdad: the instant it expires
      await logInAll();
      const lifted = await page('npm', url, 'en');
      assert.match(lifted.body, /Lifted at its expiry<\/span> Expired on /);
      assert.doesNotMatch((await page('npm', '/restrictions', 'en')).body, new RegExp(id));
    });
  });
}
