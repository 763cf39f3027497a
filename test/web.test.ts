/**
 * The web application's guards, through HTTP: every page declares its permission (the
 * table below is written by hand), a logged-out reader is sent to the login page, a role
 * without the permission gets a 403 page, every form post needs its CSRF token, and
 * assets are served compressed and cached. Unknown addresses: a page for a browser, a
 * problem under /api. The language follows the account. Roll calls and arrivals through the
 * forms: a refusal is shown at the form it concerns, and nothing is half-written. Cases
 * through the forms, posted as a browser without scripts posts them: opening a case, an
 * order's expiry shown before it is saved, a judge's confirmation, hearings flagged, the
 * docket and its print view, segregation on the record; each refusal at its control.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cookiesOf, csrfOf, logInByForm } from './support/web-session.ts';
import { cheap, clientFor, password } from './support/api-client.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { routePermissions } from '../src/api/server.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';

/** Every page and form of the web application and the permission it must declare. */
const webRoutes: readonly string[] = [
  'GET / public',
  'GET /assets/:name public',
  'GET /login public',
  'POST /login public',
  'POST /logout authenticated',
  'POST /language public',
  'GET /login/code second_factor',
  'POST /login/code second_factor',
  'POST /login/security-key second_factor',
  'GET /second-factor enrolment',
  'POST /second-factor/start enrolment',
  'POST /second-factor/confirm enrolment',
  'POST /second-factor/security-keys enrolment',
  'POST /second-factor/security-keys/:id/removal authenticated',
  'GET /dashboard authenticated',
  'GET /figures public',
  'GET /figures.csv public',
  'GET /figures.json public',
  'GET /figures/:n public',
  'GET /figures/drafts figures.prepare',
  'POST /figures/drafts figures.prepare',
  'GET /figures/drafts/:id figures.prepare',
  'POST /figures/drafts/:id/approval figures.approve',
  'GET /enrol public',
  'POST /enrol public',
  'GET /accounts account.manage',
  'GET /accounts/new account.manage',
  'POST /accounts/new account.manage',
  'GET /accounts/:username account.manage',
  'POST /accounts/:username/change account.manage',
  'POST /accounts/:username/standing account.manage',
  'POST /accounts/:username/second-factor account.manage',
  'POST /accounts/:username/password-reset account.manage',
  'POST /accounts/:username/unlock account.manage',
  'GET /account-requests account.manage',
  'POST /account-requests/:id/approve account.manage',
  'POST /account-requests/:id/refuse account.manage',
  'GET /lawful-detention person.read',
  'GET /search person.read',
  'GET /persons/:id person.read',
  'GET /persons/new person.register',
  'POST /persons/new person.register',
  'POST /persons/new/duplicates person.register',
  'GET /reviews person.read',
  'POST /reviews/merge person.correct',
  'POST /reviews/dismiss person.correct',
  'GET /persons/:id/admit custody.admit',
  'POST /persons/:id/admit custody.admit',
  'GET /transfers transfer.read',
  'GET /transfers/new transfer.manage',
  'POST /transfers/new transfer.manage',
  'GET /transfers/:id transfer.read',
  'POST /transfers/:id/approve transfer.approve',
  'POST /transfers/:id/cancel transfer.manage',
  'POST /transfers/:id/dispatch transfer.dispatch',
  'POST /transfers/:id/checkin transfer.receive',
  'POST /transfers/:id/count transfer.receive',
  'POST /transfers/:id/reject transfer.receive',
  'POST /transfers/:id/close transfer.receive',
  'GET /print/persons/:id/extract person.read',
  'GET /print/persons/:id/wristband person.read',
  'GET /print/transfers/:id/manifest transfer.read',
  'GET /print/transfers/:id/receipt transfer.read',
  'POST /transfers/:id/arrivals transfer.receive',
  'POST /transfers/:id/refuse transfer.receive',
  'POST /transfers/:id/receipt transfer.receive',
  'GET /roll-calls rollcall.read',
  'POST /roll-calls rollcall.run',
  'GET /roll-calls/:id rollcall.read',
  'POST /roll-calls/:id/count rollcall.run',
  'POST /roll-calls/:id/reconcile rollcall.run',
  'POST /roll-calls/:id/discrepancies/:discrepancy_id/resolve rollcall.run',
  'POST /roll-calls/:id/sign-off rollcall.sign_off',
  'GET /print/roll-calls/not-seen rollcall.read',
  'GET /print/roll-calls/report rollcall.read',
  'GET /information-requests inforequest.read',
  'GET /information-requests/new inforequest.manage',
  'POST /information-requests inforequest.manage',
  'GET /information-requests/:id inforequest.read',
  'POST /information-requests/:id/lookup inforequest.manage',
  'POST /information-requests/:id/answer inforequest.manage',
  'GET /print/information-requests/:id/letter inforequest.read',
  'GET /restrictions restriction.read',
  'GET /persons/:id/restrictions restriction.read',
  'POST /persons/:id/restrictions restriction.request',
  'POST /restrictions/:rid/approve restriction.approve',
  'GET /persons/:id/cases/new case.manage',
  'POST /persons/:id/cases/new case.manage',
  'POST /persons/:id/segregation custody.segregate',
  'POST /persons/:id/tasks/:task/done custody.admit',
  'GET /cases/:id case.read',
  'POST /cases/:id/charges case.manage',
  'POST /cases/:id/counsel case.manage',
  'POST /cases/:id/counsel-visits case.counsel_visit',
  'POST /cases/:id/appearances case.manage',
  'POST /cases/:id/appearance-extensions case.decide',
  'POST /cases/:id/hearings case.manage',
  'POST /cases/:id/hearings/:hid/outcome case.manage',
  'POST /cases/:id/interrogations case.manage',
  'POST /cases/:id/stage case.manage',
  'POST /cases/:id/verdict case.decide',
  'POST /cases/:id/sentence case.decide',
  'POST /cases/:id/appeals case.manage',
  'POST /cases/:id/appeal-decision case.decide',
  'GET /cases/:id/orders/new case.manage',
  'GET /visits visit.read',
  'POST /visits visit.manage',
  'POST /visits/bodies visit.manage_bodies',
  'POST /visits/lists visit.notification_list',
  'GET /visits/:id visit.read',
  'POST /visits/:id/seen visit.manage',
  'POST /visits/:id/restrictions visit.manage',
  'POST /visits/:id/closing visit.manage',
  'GET /notification-lists/:id visit.notification_list',
  'POST /notification-lists/:id/export visit.notification_list',
  'GET /visit-register visit.register_read',
  'GET /visit-register/persons/:id visit.register_read',
  'POST /cases/:id/orders/preview case.manage',
  'POST /cases/:id/orders/new case.manage',
  'POST /cases/:id/orders/:oid/confirm case.decide',
  'GET /courts case.read',
  'GET /courts/:court/docket case.read',
  'GET /print/courts/:court/docket case.read',
  'GET /repatriations repatriation.read',
  'GET /repatriations/states repatriation.read',
  'GET /print/repatriations/states-report repatriation.read',
  'GET /print/repatriations/states/:code/letter repatriation.read',
  'GET /persons/:id/repatriations/new repatriation.manage',
  'POST /persons/:id/repatriations/new repatriation.manage',
  'GET /repatriations/:id repatriation.read',
  'GET /nationals nationals.read',
  'POST /nationals/export nationals.read',
  'GET /nationals/:id nationals.read',
  'GET /sharing-records sharing.read',
  'GET /sharing-records/:id sharing.read',
  'POST /repatriations/:id/requests repatriation.manage',
  'POST /repatriations/:id/answers repatriation.answer',
  'POST /repatriations/:id/nationality-confirmation repatriation.answer',
  'POST /repatriations/:id/assessment repatriation.assess',
  'POST /repatriations/:id/review repatriation.assess',
  'POST /repatriations/:id/decision repatriation.decide',
  'POST /repatriations/:id/court-permissions case.decide',
  'POST /repatriations/:id/return-refusal repatriation.manage',
  'POST /repatriations/:id/acceptance-withdrawal repatriation.manage',
  'POST /repatriations/:id/closure repatriation.manage',
  'POST /repatriations/:id/consular-rights repatriation.manage',
  'POST /repatriations/:id/consular-notification repatriation.manage',
  'POST /repatriations/:id/best-interests repatriation.assess',
  'POST /repatriations/:id/reminders repatriation.manage',
  'POST /repatriations/:id/escalation repatriation.manage',
  'POST /repatriations/:id/follow-ups repatriation.manage',
  'POST /repatriations/:id/family repatriation.manage',
  'POST /repatriations/:id/guardian repatriation.assess',
  'GET /persons/:id/complaints complaint.read',
  'POST /persons/:id/complaints complaint.record',
  'POST /complaints/:cid/answer complaint.answer',
  'GET /persons/:id/allegations/new allegation.record',
  'POST /persons/:id/allegations allegation.record',
  'POST /persons/:id/evidence-freezes evidence.freeze',
  'GET /allegations allegation.refer',
  'POST /allegations/:aid/acknowledge allegation.record',
  'POST /allegations/:aid/close allegation.record',
  'GET /persons/:id/own-file own_file.disclose',
  'POST /persons/:id/own-file own_file.disclose',
  'POST /persons/:id/own-file-requests own_file.disclose',
  'GET /print/persons/:id/own-file/:did own_file.disclose',
  'GET /persons/:id/custody-life custody_life.read',
  'POST /persons/:id/classifications custody_life.record',
  'POST /persons/:id/discipline custody_life.record',
  'POST /persons/:id/classifications/:rid/contest custody_life.record',
  'POST /persons/:id/classifications/:rid/contest-decision custody_life.decide',
  'POST /persons/:id/discipline/:rid/hearing custody_life.decide',
  'POST /persons/:id/discipline/:rid/sanction custody_life.decide',
  'POST /persons/:id/discipline/:rid/sanction-end custody_life.record',
  'POST /persons/:id/discipline/:rid/appeal custody_life.record',
  'POST /persons/:id/discipline/:rid/appeal-decision custody_life.appeal_decide',
  'GET /facilities/:id/disciplinary-rules facility.read',
  'POST /facilities/:id/disciplinary-rules facility.manage',
];

const isWebRoute = (url: string) => !url.startsWith('/api/') && !url.startsWith('/log/');


for (const backend of backends) {
  describe(`web application on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;

    /** Log in through the login form; returns the browser's cookies and a CSRF token for its forms. */
    const loginAs = (username: string): Promise<{ cookie: string; csrf: string }> => logInByForm(app, username);

    const persons = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap });
      await app.ready();
      const accounts: [string, Role][] = [
        ['clerk', 'registration_clerk'],
        ['admin', 'administrator'],
        ['auditor', 'auditor'],
        ['officer', 'facility_officer'],
        ['supervisor', 'supervisor'],
        ['court-clerk', 'court_clerk'],
        ['judge', 'judge'],
      ];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('every page and form declares the permission this table gives it, and no other page exists', () => {
      const declared = routePermissions(app)
        .filter((r) => isWebRoute(r.url) && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url} ${r.permission}`)
        .sort();
      assert.deepEqual(declared, [...webRoutes].sort());
    });

    test('a logged-out reader is sent to the login page and back; htmx is told to go there', async () => {
      const res = await app.inject({ method: 'GET', url: '/search?q=x' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/login?next=${encodeURIComponent('/search?q=x')}`);
      const htmx = await app.inject({ method: 'GET', url: '/dashboard', headers: { 'hx-request': 'true' } });
      assert.equal(htmx.statusCode, 401);
      assert.equal(htmx.headers['hx-redirect'], '/login?next=%2Fdashboard');
      const login = await app.inject({ method: 'GET', url: '/login' });
      assert.match(login.body, /<html lang="ar" dir="rtl">/);
      assert.match(String(login.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(login.headers['x-frame-options'], 'DENY');
    });

    test('a role without the permission gets a page saying so (403), in the reader’s language', async () => {
      const admin = await loginAs('admin');
      const res = await app.inject({ method: 'GET', url: '/search', headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 403);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /غير مسموح/);
      const auditor = await loginAs('auditor');
      const before = await persons();
      const post = await app.inject({
        method: 'POST',
        url: '/persons/new',
        headers: { cookie: auditor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: auditor.csrf, '/names/0/full': 'سالم' }).toString(),
      });
      assert.equal(post.statusCode, 403);
      assert.equal(await persons(), before);
    });

    test('a form post without its CSRF token, or with another session’s, is refused and writes nothing', async () => {
      const clerk = await loginAs('clerk');
      const other = await loginAs('auditor');
      const body = (csrf?: string) => new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), '/names/0/full': 'سالم حميد ناصر', '/sex': 'male', '/dob/kind': 'year', '/dob/year': '1990', '/nationalities/0': 'IQ', _action: 'register' }).toString();
      const before = await persons();
      for (const csrf of [undefined, other.csrf, 'x'.repeat(43)]) {
        const res = await app.inject({ method: 'POST', url: '/persons/new', headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body(csrf) });
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /انتهت صلاحية النموذج/);
      }
      assert.equal(await persons(), before);
      const ok = await app.inject({ method: 'POST', url: '/persons/new', headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body(clerk.csrf) });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.match(String(ok.headers.location), /^\/persons\/[0-9a-f-]{36}\?registered=1$/);
      assert.equal(await persons(), before + 1);
    });

    test('the language choice is a cookie remembered for a year; the page follows it', async () => {
      const clerk = await loginAs('clerk');
      const res = await app.inject({
        method: 'POST',
        url: '/language',
        headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: clerk.csrf, lang: 'kmr', back: '//elsewhere.example/' }).toString(),
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/', 'never back to another site');
      const set = String([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('sijill_lang=')));
      assert.match(set, /^sijill_lang=kmr;.*Max-Age=31536000/);
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: `${clerk.cookie}; sijill_lang=kmr` } });
      assert.match(page.body, /<html lang="kmr" dir="ltr">/);
      assert.match(page.body, /<h1>Pano<\/h1>/);
    });

    test('scripts are served gzip-compressed and cached for a year; all of them under 60 KB compressed', async () => {
      const page = await app.inject({ method: 'GET', url: '/login' });
      const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(scripts.length, 2);
      let total = 0;
      for (const url of scripts) {
        const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-encoding'], 'gzip');
        assert.match(String(res.headers['cache-control']), /max-age=31536000, immutable/);
        assert.ok(gunzipSync(res.rawPayload).length > res.rawPayload.length);
        total += res.rawPayload.length;
      }
      assert.ok(total < 60 * 1024, `${total} bytes of compressed script`);
      const font = [...page.body.matchAll(/href="(\/assets\/font-arabic-400[^"]*)"/g)][0]![1]!;
      const woff2 = await app.inject({ method: 'GET', url: font });
      assert.equal(woff2.headers['content-type'], 'font/woff2');
      assert.equal(woff2.rawPayload.subarray(0, 4).toString('latin1'), 'wOF2');
    });

    test('an unknown address is a page for a browser, in the reader’s language; under /api it stays a problem', async () => {
      const auditor = await loginAs('auditor');
      const page = await app.inject({ method: 'GET', url: '/no/such/page', headers: { cookie: auditor.cookie, accept: 'text/html,application/xhtml+xml' } });
      assert.equal(page.statusCode, 404);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.match(page.body, /الصفحة غير موجودة/);
      assert.match(page.body, /href="\/transfers"/, 'the navigation of a logged-in reader');
      assert.equal(page.headers['x-frame-options'], 'DENY');
      const english = await app.inject({ method: 'GET', url: '/no/such/page', headers: { cookie: `${auditor.cookie}; sijill_lang=en`, accept: 'text/html' } });
      assert.match(english.body, /Page not found/);
      for (const [url, accept] of [['/api/nowhere', 'text/html'], ['/log/nowhere', 'text/html'], ['/no/such/page', 'application/json']] as const) {
        const res = await app.inject({ method: 'GET', url, headers: { accept } });
        assert.equal(res.statusCode, 404);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
        assert.equal(res.json().code, 'route_not_found');
      }
    });

    test('the language is remembered on the account too: at login it wins over the browser’s cookie', async () => {
      const clerk = await loginAs('clerk');
      const res = await app.inject({
        method: 'POST',
        url: '/language',
        headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: clerk.csrf, lang: 'en', back: '/dashboard' }).toString(),
      });
      assert.equal(res.statusCode, 303);
      assert.equal((await db.query<{ language: string }>("SELECT language FROM account WHERE username = 'clerk'")).rows[0]!.language, 'en');
      // Another browser, which had chosen Kurmanji before logging in.
      const form = await app.inject({ method: 'GET', url: '/login', headers: { cookie: 'sijill_lang=kmr' } });
      assert.match(form.body, /<html lang="kmr"/);
      const pre = [...cookiesOf(form), 'sijill_lang=kmr'];
      const login = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(form.body), username: 'clerk', password, next: '/dashboard' }).toString(),
      });
      assert.equal(login.statusCode, 303);
      const set = [login.headers['set-cookie']].flat().map(String);
      assert.ok(set.some((c) => c.startsWith('sijill_session=')));
      assert.ok(set.some((c) => /^sijill_lang=en;/.test(c)), set.join(' | '));
      // An account that never chose keeps the browser's choice.
      const auditorForm = await app.inject({ method: 'GET', url: '/login', headers: { cookie: 'sijill_lang=kmr' } });
      const auditor = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: [...cookiesOf(auditorForm), 'sijill_lang=kmr'].join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(auditorForm.body), username: 'auditor', password, next: '/dashboard' }).toString(),
      });
      assert.equal(auditor.statusCode, 303);
      assert.ok(![auditor.headers['set-cookie']].flat().map(String).some((c) => c.startsWith('sijill_lang=')));
    });

    describe('roll calls and arrivals through the forms', () => {
      const origin = aFacility({ name: 'Fictional Web Prison' });
      const destination = aFacility({ name: 'Fictional Web Centre' });
      const numbers: string[] = [];
      const ids: string[] = [];

      const form = (who: { cookie: string; csrf: string }, url: string, fields: Record<string, string>) =>
        app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });

      before(async () => {
        const supervisor = clientFor(app, (await loginAs('supervisor')).cookie);
        for (const f of [origin, destination]) assert.equal((await supervisor('POST', '/api/facilities', { body: f })).statusCode, 201);
        const clerk = clientFor(app, (await loginAs('clerk')).cookie);
        for (let i = 0; i < 4; i++) {
          const { person_id: _id, register_number: _n, ...body } = aPerson();
          const res = await clerk('POST', '/api/persons', { body });
          assert.equal(res.statusCode, 201, res.body);
          const id = res.json().person_id as string;
          const { admission_id: _a, ...admission } = anAdmission(id, origin);
          assert.equal((await clerk('POST', '/api/admissions', { body: admission })).statusCode, 201);
          ids.push(id);
          numbers.push(res.json().register_number as string);
        }
      });

      test('a roll call: a number the register cannot read is named at the list; whoever took part is refused the sign-off, and told who may sign', async () => {
        const supervisor = await loginAs('supervisor');
        const opened = await form(supervisor, '/roll-calls', { '/facility_id': origin.facility_id, '/unit_id': origin.units[0]!.id });
        assert.equal(opened.statusCode, 303, opened.body);
        const rollCall = String(opened.headers.location).split('?')[0]!;
        const bad = await form(supervisor, `${rollCall}/count`, { '/register_numbers': `${numbers[0]}\nNOT-A-NUMBER` });
        assert.equal(bad.statusCode, 422);
        assert.match(bad.body, /«⁨NOT-A-NUMBER⁩» ليس رقم سجل/);
        assert.match(bad.body, /<textarea id="f-register_numbers"[^>]*aria-invalid="true"/);
        assert.equal((await db.query('SELECT 1 FROM roll_call_count')).rows.length, 0, 'nothing of the list was counted');
        const counted = await form(supervisor, `${rollCall}/count`, { '/register_number': numbers[0]!.toLowerCase() });
        assert.equal(counted.statusCode, 303, counted.body);
        // htmx: the count section alone comes back, with the count so far.
        const again = await app.inject({
          method: 'POST',
          url: `${rollCall}/count`,
          headers: { cookie: supervisor.cookie, 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' },
          payload: new URLSearchParams({ _csrf: supervisor.csrf, '/register_numbers': numbers.slice(0, 3).join('\r\n') }).toString(),
        });
        assert.equal(again.statusCode, 200);
        assert.match(again.body, /^<section id="count"/);
        assert.match(again.body, /المعدود: ٣ من ٤ متوقَّع/);
        assert.equal((await form(supervisor, `${rollCall}/reconcile`, {})).statusCode, 303);
        // The discrepancy (the fourth person, expected and not counted) names where the register holds them.
        const shown = await app.inject({ method: 'GET', url: rollCall, headers: { cookie: supervisor.cookie } });
        assert.match(shown.body, new RegExp(`${numbers[3]!.replace(/[.*+?^${}()|[\]\\$]/g, "\\$&")}.*متوقَّع ولم يُعَدّ.*Fictional Web Prison — Block A`, 's'));
        const discrepancy = shown.body.match(/action="(\/roll-calls\/[^"]+\/resolve)"/)![1]!;
        const noReason = await form(supervisor, discrepancy, { '/reason': ' ' });
        assert.equal(noReason.statusCode, 422);
        assert.match(noReason.body, /<input id="f-reason"[^>]*aria-invalid="true"/);
        assert.equal((await form(supervisor, discrepancy, { '/reason': 'In the clinic, seen by the duty nurse' })).statusCode, 303);
        const refused = await form(supervisor, `${rollCall}/sign-off`, {});
        assert.equal(refused.statusCode, 422);
        assert.match(refused.body, /شاركتَ في هذا التفقّد، فلا يمكنك اعتماده/);
        assert.equal((await db.query<{ status: string }>('SELECT status FROM roll_call WHERE id = $1', [rollCall.split('/')[2]])).rows[0]!.status, 'reconciled');
      });

      test('arrival: the scanned list is checked in at once, a unit per category; a number not on the order stops the whole list; one person is refused alone', async () => {
        const officer = await loginAs('officer');
        const supervisor = await loginAs('supervisor');
        const api = clientFor(app, officer.cookie);
        const created = await api('POST', '/api/transfers', { body: { origin: { kind: 'facility', facility_id: origin.facility_id }, destination: { kind: 'facility', facility_id: destination.facility_id }, reason: 'hearing', persons: ids.slice(0, 3) } });
        assert.equal(created.statusCode, 201, created.body);
        const id = created.json().transfer_id as string;
        assert.equal((await clientFor(app, supervisor.cookie)('POST', `/api/transfers/${id}/approval`, { body: {} })).statusCode, 201);
        const dispatched = await api('POST', `/api/transfers/${id}/dispatch`, { body: { escort_authority: 'Fictional escort', escort_commander: 'Captain F.', releasing_official: 'Warden R.', occurred_at: new Date().toISOString() } });
        assert.equal(dispatched.statusCode, 201, dispatched.body);
        const statuses = async () => (await db.query<{ status: string }>('SELECT status FROM transfer_person WHERE transfer_id = $1 ORDER BY position', [id])).rows.map((r) => r.status);
        const page = await app.inject({ method: 'GET', url: `/transfers/${id}`, headers: { cookie: officer.cookie } });
        assert.match(page.body, /action="\/transfers\/[^"]+\/arrivals"/);
        assert.match(page.body, /name="\/units\/men_untried"/, 'a unit is chosen for the category on the order');
        assert.match(page.body, /action="\/transfers\/[^"]+\/refuse"/, 'one person can be refused at arrival');

        const stranger = await form(officer, `/transfers/${id}/arrivals`, { '/register_numbers': `${numbers[0]}\n${numbers[3]}`, '/units/men_untried': destination.units[0]!.id, '/receiving_official': 'Warden D.' });
        assert.equal(stranger.statusCode, 422);
        assert.ok(stranger.body.includes(numbers[3]!));
        assert.match(stranger.body, /ليست في هذا الأمر/);
        assert.deepEqual(await statuses(), ['in_transit', 'in_transit', 'in_transit'], 'nobody was checked in');

        const noUnit = await form(officer, `/transfers/${id}/arrivals`, { '/register_numbers': numbers[0]!, '/receiving_official': 'Warden D.' });
        assert.equal(noUnit.statusCode, 422);
        assert.ok(noUnit.body.includes(`${numbers[0]}\u2069: `), 'the refusal names the person it concerns');
        assert.match(noUnit.body, /<select id="f-unit_id"[^>]*aria-invalid="true"/);

        const batch = await form(officer, `/transfers/${id}/arrivals`, { '/register_numbers': `${numbers[0]!.toLowerCase()}\r\n${numbers[1]}, ${numbers[0]}`, '/units/men_untried': destination.units[0]!.id, '/receiving_official': 'Warden D.' });
        assert.equal(batch.statusCode, 303, batch.body);
        assert.equal(batch.headers.location, `/transfers/${id}?notice=arrivals&received=2`);
        assert.deepEqual(await statuses(), ['received', 'received', 'in_transit']);

        const refused = await form(officer, `/transfers/${id}/refuse`, { '/register_number': numbers[2]!, '/reason': 'No place for this category', '/receiving_official': 'Warden D.' });
        assert.equal(refused.statusCode, 303, refused.body);
        assert.deepEqual(await statuses(), ['received', 'received', 'returned']);
        const back = (await db.query<{ custody_status: string; facility_id: string }>('SELECT custody_status, facility_id FROM person WHERE id = $1', [ids[2]])).rows[0]!;
        assert.deepEqual(back, { custody_status: 'in_custody', facility_id: origin.facility_id });
      });
    });

    describe('cases through the forms', () => {
      const prison = aFacility({ name: 'Fictional Karkh Prison' });
      const court = 'First Karkh Investigative Court';
      let personId: string;
      let registerNumber: string;

      const form = (who: { cookie: string; csrf: string }, url: string, fields: Record<string, string>) =>
        app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });
      const get = (who: { cookie: string }, url: string, lang?: string) => app.inject({ method: 'GET', url, headers: { cookie: lang ? `${who.cookie}; sijill_lang=${lang}` : who.cookie } });
      const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
      /** Dates and times as the Arabic pages write them (Baghdad time, Gregorian, Arabic-Indic digits). */
      const arDate = (iso: string) => new Intl.DateTimeFormat('ar-IQ-u-ca-gregory', { dateStyle: 'medium', timeZone: 'Asia/Baghdad' }).format(new Date(iso));
      const arDateTime = (iso: string) => new Intl.DateTimeFormat('ar-IQ-u-ca-gregory', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Baghdad' }).format(new Date(iso));
      /** Text of a page without the bidi isolates messages put around values. */
      const text = (html: string) => html.replace(/[\u2066-\u2069]/g, '');

      before(async () => {
        const supervisor = clientFor(app, (await loginAs('supervisor')).cookie);
        assert.equal((await supervisor('POST', '/api/facilities', { body: prison })).statusCode, 201);
        const clerk = clientFor(app, (await loginAs('clerk')).cookie);
        const { person_id: _id, register_number: _n, ...body } = aPerson({ languages: ['fr'] });
        const res = await clerk('POST', '/api/persons', { body });
        assert.equal(res.statusCode, 201, res.body);
        personId = res.json().person_id as string;
        registerNumber = res.json().register_number as string;
        const { admission_id: _a, ...admission } = anAdmission(personId, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
        assert.equal((await clerk('POST', '/api/admissions', { body: admission })).statusCode, 201);
      });

      /** Open a case for the person through the form; returns its page's path. */
      async function openCase(reference: string): Promise<string> {
        const courtClerk = await loginAs('court-clerk');
        const res = await form(courtClerk, `/persons/${personId}/cases/new`, {
          '/court': `  ${court} `,
          '/reference': reference,
          '/judge': 'Judge F. Fictional',
          '/charges/0/law': 'Anti-Terrorism Law No. 13 of 2005',
          '/charges/0/article': '4',
          '/charges/0/max_penalty/kind': 'death',
        });
        assert.equal(res.statusCode, 303, res.body);
        const location = String(res.headers.location);
        assert.match(location, /^\/cases\/[0-9a-f-]{36}\?notice=opened$/);
        return location.split('?')[0]!;
      }

      test('a court clerk opens a case from the person’s record: a charge without its penalty is refused at its control, nothing written; the record lists the case', async () => {
        const courtClerk = await loginAs('court-clerk');
        const record = await get(courtClerk, `/persons/${personId}`);
        assert.equal(record.statusCode, 200);
        assert.match(record.body, new RegExp(`href="/persons/${personId}/cases/new"`), 'a court clerk may open a case');
        const officer = await loginAs('officer');
        assert.doesNotMatch((await get(officer, `/persons/${personId}`)).body, /\/cases\/new"/, 'an officer reads cases but opens none');

        const before = await count('court_case');
        const refused = await form(courtClerk, `/persons/${personId}/cases/new`, {
          '/court': court,
          '/reference': 'INV/2026/17',
          '/charges/1/law': 'Penal Code No. 111 of 1969',
          '/charges/1/article': '298',
        });
        assert.equal(refused.statusCode, 422);
        // The only charge sent was the form's second row: the refusal is shown there, not on the first.
        assert.match(refused.body, /<select id="f-charges-1-max_penalty-kind"[^>]*aria-invalid="true"/);
        assert.doesNotMatch(refused.body, /id="f-charges-0-law"[^>]*aria-invalid/);
        assert.match(refused.body, /value="Penal Code No. 111 of 1969"/, 'what was typed is kept');
        assert.equal(await count('court_case'), before);

        const casePath = await openCase('INV/2026/17');
        const page = await get(courtClerk, `${casePath}?notice=opened`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<html lang="ar" dir="rtl">/);
        assert.match(text(page.body), /فُتحت القضية/);
        assert.match(page.body, /Anti-Terrorism Law No\. 13 of 2005/);
        assert.match(text(page.body), /الإعدام/);
        assert.match(text(page.body), /التحقيق/, 'the stage, in Arabic');
        assert.match(page.body, new RegExp(`href="/courts/${encodeURIComponent(court)}/docket"`), 'the court (its name kept trimmed) links to its docket');
        const listed = await get(courtClerk, `/persons/${personId}`);
        assert.match(listed.body, new RegExp(`<a href="${casePath}"><bdi dir="ltr">INV/2026/17</bdi></a>`));
        // The same file number in the same court is refused at its control.
        const twice = await form(courtClerk, `/persons/${personId}/cases/new`, { '/court': court, '/reference': 'INV/2026/17', '/charges/0/law': 'L', '/charges/0/article': '1', '/charges/0/max_penalty/kind': 'life' });
        assert.equal(twice.statusCode, 422);
        assert.match(twice.body, /<input id="f-reference"[^>]*aria-invalid="true"/);
        assert.match(text(twice.body), /موجود في السجل بالفعل/);
      });

      test('an order: its expiry is shown before saving and nothing is written until it is confirmed; too many days, or a date before custody, refused at the field; a judge confirms it', async () => {
        const casePath = await openCase('INV/2026/18');
        const caseId = casePath.split('/')[2]!;
        const courtClerk = await loginAs('court-clerk');
        const entry = await get(courtClerk, `${casePath}/orders/new`);
        assert.equal(entry.statusCode, 200);
        assert.match(entry.body, new RegExp(`action="${casePath}/orders/preview"`));
        const orders = () => count('court_order');
        const before = await orders();

        // CLOCKS.md's example: issued 10 March at 22:00 for 15 days, valid until local midnight ending 24 March.
        const fields = { '/order': 'detention', '/reference': 'DO/2026/301', '/issued_at': '2026-03-10T22:00', '/judge': 'Judge F. Fictional', '/days': '15', _key: 'order-key-0001' };
        const preview = await form(courtClerk, `${casePath}/orders/preview`, fields);
        assert.equal(preview.statusCode, 200, preview.body);
        const expiry = text(preview.body.match(/<p class="banner info" role="status" id="expiry">([\s\S]*?)<\/p>/)![1]!);
        assert.ok(expiry.includes(arDate('2026-03-24T12:00:00Z')), expiry);
        assert.ok(expiry.includes(arDateTime('2026-03-24T21:00:00Z')), expiry);
        assert.match(text(preview.body), /ينتظر تصديق حساب قاضٍ/, 'a clerk’s order waits for a judge');
        assert.match(preview.body, new RegExp(`<form method="post" action="${casePath}/orders/new"`));
        assert.match(preview.body, /<input type="hidden" name="\/days" value="15"/);
        assert.equal(await orders(), before, 'a preview writes nothing');

        // Twenty days: shown as recorded, flagged, and counted for fifteen.
        const long = await form(courtClerk, `${casePath}/orders/preview`, { ...fields, '/days': '20' });
        assert.equal(long.statusCode, 200);
        assert.match(long.body, /class="banner bad" role="status" id="expiry"/);
        assert.ok(text(long.body).includes(arDateTime('2026-03-29T21:00:00Z')), 'valid as issued until midnight ending 29 March');
        for (const days of ['0', '400', 'fifteen']) {
          const bad = await form(courtClerk, `${casePath}/orders/preview`, { ...fields, '/days': days });
          assert.equal(bad.statusCode, 422, days);
          assert.match(bad.body, /<input id="f-days"[^>]*aria-invalid="true"/, days);
        }
        // Before the person's custody began: the API refuses at issued_at, nothing written.
        const early = await form(courtClerk, `${casePath}/orders/new`, { ...fields, '/issued_at': '2026-02-27T09:00', _key: 'order-key-0002' });
        assert.equal(early.statusCode, 422);
        assert.match(early.body, /<input id="f-issued_at"[^>]*aria-invalid="true"/);
        assert.match(text(early.body), /يسبق بدء احتجاز الشخص/);
        // A day the calendar has not (typed where the browser has no date picker): at its control too, for any kind of order.
        for (const [name, extra] of [['/issued_at', { '/issued_at': '2026-02-30T10:00' }], ['/produce_at', { '/order': 'production', '/produce_at': '2026-02-31T09:00', '/days': '' }]] as const) {
          const impossible = await form(courtClerk, `${casePath}/orders/new`, { ...fields, ...extra, _key: `order-key-${name.slice(1)}` });
          assert.equal(impossible.statusCode, 422, name);
          assert.match(impossible.body, new RegExp(`<input id="f-${name.slice(1)}"[^>]*aria-invalid="true"`), name);
        }
        assert.equal(await orders(), before);

        const saved = await form(courtClerk, `${casePath}/orders/new`, fields);
        assert.equal(saved.statusCode, 303, saved.body);
        assert.equal(saved.headers.location, `${casePath}?notice=order_recorded#orders`);
        const again = await form(courtClerk, `${casePath}/orders/new`, fields);
        assert.equal(again.statusCode, 303, 'the same form sent twice is one order');
        assert.equal(await orders(), before + 1);
        const pending = await get(courtClerk, casePath);
        assert.match(pending.body, /data-confirmation="pending"/);
        assert.doesNotMatch(pending.body, /\/confirm"/, 'a clerk cannot confirm');
        const orderId = (await db.query<{ id: string }>("SELECT id FROM court_order WHERE reference = 'DO/2026/301'")).rows[0]!.id;
        // A clerk posting the judge's form is refused by the page's permission.
        assert.equal((await form(courtClerk, `${casePath}/orders/${orderId}/confirm`, {})).statusCode, 403);

        const judge = await loginAs('judge');
        const shown = await get(judge, casePath);
        assert.match(shown.body, new RegExp(`action="${casePath}/orders/${orderId}/confirm"`));
        const confirmed = await form(judge, `${casePath}/orders/${orderId}/confirm`, {});
        assert.equal(confirmed.statusCode, 303, confirmed.body);
        assert.equal((await db.query<{ confirmation: string }>('SELECT confirmation FROM court_order WHERE id = $1', [orderId])).rows[0]!.confirmation, 'confirmed');
        const twice = await form(judge, `${casePath}/orders/${orderId}/confirm`, {});
        assert.equal(twice.statusCode, 422, 'an order is confirmed once');
        assert.match(text(twice.body), /هذه الخطوة غير ممكنة في الحالة الراهنة/);
        assert.match((await get(judge, casePath)).body, /data-confirmation="confirmed"/);
        assert.equal(caseId.length, 36);
      });

      test('hearings: a hearing held without the interpreter the record requires is flagged; an adjournment without its reason is refused at its control; the docket lists who to produce, and prints in English', async () => {
        const casePath = await openCase('INV/2026/19');
        const courtClerk = await loginAs('court-clerk');
        const scheduled = await form(courtClerk, `${casePath}/hearings`, { '/at': '2026-03-12T09:30', '/purpose': 'Review of detention' });
        assert.equal(scheduled.statusCode, 303, scheduled.body);
        const hearingId = (await db.query<{ id: string }>('SELECT id FROM hearing WHERE case_id = $1', [casePath.split('/')[2]])).rows[0]!.id;
        const outcome = `${casePath}/hearings/${hearingId}/outcome`;
        const noReason = await form(courtClerk, outcome, { '/at': '2026-03-12T10:00', '/outcome': 'adjourned', '/present/judge': 'Judge F. Fictional' });
        assert.equal(noReason.statusCode, 422);
        assert.match(noReason.body, new RegExp(`<input id="f-outcome-${hearingId.slice(0, 8)}-adjourned_reason"[^>]*aria-invalid="true"`));
        assert.equal((await db.query<{ status: string }>('SELECT status FROM hearing WHERE id = $1', [hearingId])).rows[0]!.status, 'scheduled');
        const held = await form(courtClerk, outcome, { '/at': '2026-03-12T10:00', '/outcome': 'held', '/present/judge': 'Judge F. Fictional', '/present/prosecutor': 'Prosecutor P. Fictional' });
        assert.equal(held.statusCode, 303, held.body);
        const page = text((await get(courtClerk, casePath)).body);
        assert.match(page, /بلا مترجم وحضوره واجب/, 'the record’s languages (French) require an interpreter');
        assert.match(page, /جلسة واحدة عُقدت دون محامٍ أو مترجم/);

        const courts = await get(courtClerk, '/courts');
        assert.match(courts.body, new RegExp(`<a href="/courts/${encodeURIComponent(court)}/docket\\?date=\\d{4}-\\d{2}-\\d{2}"><bdi>${court}</bdi></a>`));
        const docket = await get(courtClerk, `/courts/${encodeURIComponent(court)}/docket?date=2026-03-12`);
        assert.equal(docket.statusCode, 200, docket.body);
        const row = docket.body.match(new RegExp(`<tr data-person="${personId}"[\\s\\S]*?</tr>`))![0];
        assert.ok(row.includes(registerNumber));
        assert.ok(row.includes('Fictional Karkh Prison'), 'produced from the facility holding the person');
        assert.ok(row.includes('INV/2026/19'));
        assert.match(docket.body, /href="\/print\/courts\/[^"]+\/docket\?date=2026-03-12"/);
        const other = await get(courtClerk, `/courts/${encodeURIComponent(court)}/docket?date=2026-03-13`);
        assert.doesNotMatch(other.body, new RegExp(`data-person="${personId}"`), 'another day lists nobody of that day');
        const printed = await get(courtClerk, `/print/courts/${encodeURIComponent(court)}/docket?date=2026-03-12&lang=en`);
        assert.equal(printed.statusCode, 200);
        assert.match(printed.body, /<html lang="en" dir="ltr">/);
        assert.match(printed.body, /List of \u2068First Karkh Investigative Court\u2069 for \u2068[^<]*12 Mar 2026/);
        assert.match(printed.body, /Produced by <bdi>Fictional Karkh Prison<\/bdi>/);
        const arabicPrint = await get(courtClerk, `/print/courts/${encodeURIComponent(court)}/docket?date=2026-03-12&lang=ar`);
        assert.match(arabicPrint.body, /<html lang="ar" dir="rtl">/);
        assert.match(text(arabicPrint.body), /يُحضرهم:/);
        const badDay = await get(courtClerk, `/courts/${encodeURIComponent(court)}/docket?date=12-03-2026`);
        assert.equal(badDay.statusCode, 422);
        assert.match(badDay.body, /<input id="fdate"[^>]*aria-invalid="true"/);
        // A date given twice is no date: refused at the field, never a server error.
        const twice = await get(courtClerk, `/courts/${encodeURIComponent(court)}/docket?date=2026-03-12&date=2026-03-13`);
        assert.ok(twice.statusCode >= 400 && twice.statusCode < 500, `${twice.statusCode}`);
      });

      test('the rest of a case through its forms: counsel and a visit, an interrogation, trial, verdict, sentence (refused before a conviction), appeal and its decision; the Arabic page has no English but names and codes', async () => {
        const casePath = await openCase('INV/2026/20');
        const caseId = casePath.split('/')[2]!;
        const courtClerk = await loginAs('court-clerk');
        const judge = await loginAs('judge');
        const officer = await loginAs('officer');
        const ok = async (who: { cookie: string; csrf: string }, action: string, fields: Record<string, string>, notice: string) => {
          const res = await form(who, `${casePath}/${action}`, fields);
          assert.equal(res.statusCode, 303, `${action}: ${text(res.body).slice(text(res.body).indexOf('<main'), text(res.body).indexOf('<main') + 3000)}`);
          assert.match(String(res.headers.location), new RegExp(`\\?notice=${notice}#`));
        };
        await ok(courtClerk, 'counsel', { '/name': 'Counsel L. Fictional', '/appointment': 'court_appointed', '/contact': '+964 700 000 0001' }, 'counsel_assigned');
        const counselId = (await db.query<{ counsel_id: string }>('SELECT counsel_id FROM case_counsel WHERE case_id = $1', [caseId])).rows[0]!.counsel_id;
        await ok(officer, 'counsel-visits', { '/counsel_id': counselId, '/at': '2026-03-03T11:00', '/facility_id': prison.facility_id }, 'counsel_visited');
        await ok(courtClerk, 'interrogations', { '/start': '2026-03-02T09:00', '/end': '2026-03-02T11:30', '/place': 'Interview room 2', '/present': 'Investigator I. Fictional\r\nClerk C. Fictional', '/interpreter': 'Interpreter T. Fictional', '/lawyer': '' }, 'interrogation_recorded');
        for (const stage of ['referred_to_trial', 'trial']) await ok(courtClerk, 'stage', { '/stage': stage }, 'stage_changed');

        // A sentence before any verdict: refused by name at the sentence's control, nothing written.
        const early = await form(judge, `${casePath}/sentence`, { '/at': '2026-03-20T10:00', '/sentence/kind': 'term', '/sentence/years': '10', '/judge': 'Judge F. Fictional' });
        assert.equal(early.statusCode, 422);
        assert.match(early.body, /<fieldset class="radios has-error" id="f-sentence-sentence-kind"/);
        assert.match(text(early.body), /لا يوجد حكم بالإدانة في هذه القضية/);
        assert.equal((await db.query('SELECT 1 FROM court_case WHERE id = $1 AND sentence IS NOT NULL', [caseId])).rows.length, 0);

        await ok(judge, 'verdict', { '/at': '2026-03-20T10:00', '/outcome': 'convicted', '/judge': 'Judge F. Fictional' }, 'verdict_recorded');
        await ok(judge, 'sentence', { '/at': '2026-03-20T10:30', '/sentence/kind': 'term', '/sentence/years': '١٠', '/sentence/months': '6', '/judge': 'Judge F. Fictional' }, 'sentence_recorded');
        await ok(courtClerk, 'appeals', { '/at': '2026-03-25T09:00' }, 'appeal_lodged');
        await ok(judge, 'appeal-decision', { '/at': '2026-04-15T09:00', '/outcome': 'sentence_changed', '/sentence/kind': 'term', '/sentence/years': '8' }, 'appeal_decided');

        const page = await get(judge, casePath);
        const main = text(page.body.slice(page.body.indexOf('<main'), page.body.indexOf('</main>')));
        assert.match(main, /السجن مدة ٨ سنوات و٠ شهر/, 'the sentence as changed on appeal');
        assert.match(main, /معدّلة في الطعن/);
        assert.match(main, /صُدّق الحكم|عُدّلت العقوبة/);
        assert.match(main, /الإدانة/);
        // What is left once tags, names, numbers and codes typed into the forms, and the officials' display names, are taken out: Arabic only.
        const typed = ['Counsel L. Fictional', 'Judge F. Fictional', 'Investigator I. Fictional', 'Clerk C. Fictional', 'Interpreter T. Fictional', 'Interview room 2', 'Fictional Karkh Prison', 'Anti-Terrorism Law No. 13 of 2005', court, 'INV/2026/20', 'Fictional court-clerk', 'Fictional judge', registerNumber];
        let words = main.replace(/<[^>]*>/g, ' ');
        for (const name of typed) words = words.split(name).join(' ');
        assert.deepEqual(words.match(/[A-Za-z]{2,}/g), null, 'no English on the Arabic page');
      });

      test('segregation on the record: an officer starts one (a missing reason refused at its control), then ends it', async () => {
        const officer = await loginAs('officer');
        const periods = () => db.query<{ ended_at: string | null }>('SELECT ended_at FROM segregation_period WHERE person_id = $1', [personId]);
        const record = await get(officer, `/persons/${personId}`);
        assert.match(record.body, new RegExp(`action="/persons/${personId}/segregation"`));
        const noReason = await form(officer, `/persons/${personId}/segregation`, { '/action': 'start', '/at': '2026-03-05T08:00', '/reason': ' ', '/authorised_by': 'Director D. Fictional' });
        assert.equal(noReason.statusCode, 422);
        assert.match(noReason.body, /<input id="f-segregation-reason"[^>]*aria-invalid="true"/);
        assert.equal((await periods()).rows.length, 0);
        const started = await form(officer, `/persons/${personId}/segregation`, { '/action': 'start', '/at': '2026-03-05T08:00', '/reason': 'Threats from other detainees', '/authorised_by': 'Director D. Fictional' });
        assert.equal(started.statusCode, 303, started.body);
        const shown = text((await get(officer, `/persons/${personId}`)).body);
        assert.match(shown, /معزول منذ/);
        assert.match(shown, /إنهاء العزل/);
        const ended = await form(officer, `/persons/${personId}/segregation`, { '/action': 'end', '/at': '2026-03-06T08:00', '/reason': 'Moved to another block', '/authorised_by': 'Director D. Fictional' });
        assert.equal(ended.statusCode, 303, ended.body);
        assert.notEqual((await periods()).rows[0]!.ended_at, null);
        const courtClerk = await loginAs('court-clerk');
        assert.doesNotMatch((await get(courtClerk, `/persons/${personId}`)).body, /\/segregation"/, 'a court clerk reads segregation but records none');
      });
    });
  });
}
