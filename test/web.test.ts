/**
 * The web application's guards, through HTTP: every page declares its permission (the
 * table below is written by hand), a logged-out reader is sent to the login page, a role
 * without the permission gets a 403 page, every form post needs its CSRF token, and
 * assets are served compressed and cached. Unknown addresses: a page for a browser, a
 * problem under /api. The language follows the account. Roll calls and arrivals through the
 * forms: a refusal is shown at the form it concerns, and nothing is half-written.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, clientFor, password } from './support/api-client.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { routePermissions } from '../src/api/server.ts';
import { buildApp } from '../src/app.ts';
import { createAccount } from '../src/api/accounts.ts';
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
  'GET /dashboard authenticated',
  'GET /lawful-detention person.read',
  'GET /search person.read',
  'GET /persons/:id person.read',
  'GET /persons/new person.register',
  'POST /persons/new person.register',
  'POST /persons/new/duplicates person.register',
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
  'GET /print/roll-calls/report rollcall.read',
];

const isWebRoute = (url: string) => !url.startsWith('/api/') && !url.startsWith('/log/');

function cookiesOf(res: LightMyRequestResponse): string[] {
  return [res.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!);
}

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1]!;

for (const backend of backends) {
  describe(`web application on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;

    /** Log in through the login form; returns the browser's cookies and a CSRF token for its forms. */
    async function loginAs(username: string): Promise<{ cookie: string; csrf: string }> {
      const form = await app.inject({ method: 'GET', url: '/login' });
      const pre = cookiesOf(form);
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(form.body), username, password, next: '/dashboard' }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body);
      const cookie = [...pre, ...cookiesOf(res)].join('; ');
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      assert.equal(page.statusCode, 200);
      return { cookie, csrf: csrfOf(page.body) };
    }

    const persons = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap });
      await app.ready();
      const accounts: [string, Role][] = [['clerk', 'registration_clerk'], ['admin', 'administrator'], ['auditor', 'auditor'], ['officer', 'facility_officer'], ['supervisor', 'supervisor']];
      for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password }, { cost: cheap });
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
      const body = (csrf?: string) => new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), '/names/0/full': 'سالم حميد ناصر', '/sex': 'male', '/dob/kind': 'year', '/dob/year': '1990', '/nationalities': 'IQ', _action: 'register' }).toString();
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
  });
}
