/**
 * Public figures (issue 17): publication through the write path (prepared, approved by another
 * official; bad input refused by name with nothing written), served without login as JSON and
 * CSV, and checked from outside: a publication changed after it was signed, and a table
 * computed at a size that does not match the entries, are both found.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { csrfOf } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type CommandDefinition, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { recordExit } from '../src/commands/record-exit.ts';
import { newEvent } from '../src/domain/events.ts';
import { protectTables } from '../src/domain/disclosure-control.ts';
import { defaultTables } from '../src/domain/figures.ts';
import type { Role } from '../src/domain/permissions.ts';
import { generateEd25519NoteKey, ed25519NoteSigner } from '../src/ledger/signed-note.ts';
import { signLatestCheckpoint } from '../src/store/checkpoints.ts';
import { checkRegister } from '../src/store/check.ts';
import { foldRegister } from '../src/store/figures.ts';
import type { Database } from '../src/store/database.ts';
import { checkPublishedFigures } from '../src/transparency/figures-verify.ts';

async function written(db: Database) {
  const { rows } = await db.query<{ events: number; publications: number }>('SELECT (SELECT count(*)::int FROM event) AS events, (SELECT count(*)::int FROM figure_publication) AS publications');
  return rows[0];
}

for (const backend of backends) {
  describe(`public figures on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    let app: FastifyInstance;
    let site: string;
    const origin = 'sijill.example/figures-test';
    const key = generateEd25519NoteKey(origin);
    const users = { 'sup.prepare': 'supervisor', 'sup.approve': 'supervisor', 'auditor.icrc': 'auditor', 'officer.one': 'facility_officer' } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    const cookies = {} as Record<keyof typeof users, string>;
    const anonymous = () => clientFor(app, null);
    const as = (actor: string) => ({ actor, role: 'supervisor' as const, idempotencyKey: randomUUID() });
    const prison = aFacility({ name: 'Fictional Central Prison', capacity: { men_untried: 100, women_untried: 20, boys_untried: 10 } });

    async function admit(sex: 'male' | 'female', year: number, nationality: string, unit: number): Promise<string> {
      const person = aPerson({ sex, gender: sex === 'male' ? 'man' : 'woman', dob: { kind: 'year', year }, nationalities: [nationality] });
      assert.ok((await execute(register, registerPerson, person, as('clerk'))).ok);
      const admitted = await execute(register, admitPerson, anAdmission(person.person_id, prison, { unit_id: prison.units[unit]!.id }), as('clerk'));
      assert.ok(admitted.ok, JSON.stringify(admitted));
      return person.person_id;
    }

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => new Date('2026-02-20T09:00:00Z') };
      app = buildApp({ db, register, passwordCost: cheap });
      await app.listen({ host: '127.0.0.1', port: 0 });
      site = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${username}`, role, password }, { cost: cheap });
        cookies[username] = await login(app, username);
        c[username] = clientFor(app, cookies[username]);
      }
      assert.ok((await execute(register, registerFacility, prison, as('admin'))).ok);
      // 14 Iraqi men, 4 Syrian women, one French boy of 12; one more Iraqi man, released.
      for (let i = 0; i < 14; i++) await admit('male', 1990, 'IQ', 0);
      for (let i = 0; i < 4; i++) await admit('female', 1995, 'SY', 1);
      await admit('male', 2013, 'FR', 2);
      const released = await admit('male', 1980, 'IQ', 0);
      const exit = await execute(register, recordExit, { person_id: released, kind: 'person.released', occurred_at: '2026-02-10T10:00:00+03:00', details: { order_reference: 'R-1', verified_by: 'Judge F.', released_to: 'family' } }, as('officer'));
      assert.ok(exit.ok, JSON.stringify(exit));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('bad input is refused by name and nothing is written: a threshold below 3, a dimension that does not exist, an approval by the preparer', async () => {
      const before = await written(db);
      assertProblem(await c['sup.prepare']('POST', '/api/figures', { body: { threshold: 2 } }), 422, 'invalid_value', '/threshold');
      assertProblem(await c['sup.prepare']('POST', '/api/figures', { body: { tables: [{ rows: 'facility', columns: 'sex' }, { rows: 'religion', columns: 'sex' }] } }), 422, 'invalid_value', '/tables/1/rows');
      assertProblem(await c['sup.prepare']('POST', '/api/figures', { body: { tables: [{ rows: 'sex', columns: 'month' }] } }), 422, 'invalid_value', '/tables/0/columns');
      assertProblem(await c['sup.prepare']('POST', '/api/figures', { body: { log_as_of: '2026-02-30' } }), 400, 'invalid_request', '/log_as_of');
      // The register's clock stands at 20 February, 12:00 in Baghdad: the 21st is a day to come.
      assertProblem(await c['sup.prepare']('POST', '/api/figures', { body: { log_as_of: '2026-02-21' } }), 422, 'invalid_value', '/log_as_of');
      assert.deepEqual(await written(db), before);

      const prepared = await c['sup.prepare']('POST', '/api/figures', { body: { threshold: 3, rounding: 1 } });
      assert.equal(prepared.statusCode, 201, prepared.body);
      const id = prepared.json().publication_id as string;
      const afterPrepared = await written(db);
      assertProblem(await c['sup.prepare']('POST', `/api/figures/${id}/approval`, { body: {} }), 403, 'same_official', '/params/id');
      assertProblem(await c['officer.one']('POST', `/api/figures/${id}/approval`, { body: {} }), 403, 'forbidden', undefined as unknown as string);
      assert.deepEqual(await written(db), afterPrepared);
      // Prepared is not published.
      assert.equal((await anonymous()('GET', '/figures.json')).statusCode, 404);

      const approved = await c['sup.approve']('POST', `/api/figures/${id}/approval`, { body: {} });
      assert.equal(approved.statusCode, 201, approved.body);
      assert.equal(approved.json().number, 1);
      assertProblem(await c['sup.approve']('POST', `/api/figures/${id}/approval`, { body: {} }), 409, 'invalid_transition', '/params/id');
      await signLatestCheckpoint(db, ed25519NoteSigner(key.signerKey), origin);
      // As of the end of 19 February (21:00 UTC) the log held nothing yet: every event here was recorded on the 20th.
      const earlier = await c['sup.prepare']('POST', '/api/figures', { body: { threshold: 3, log_as_of: '2026-02-19' } });
      assert.equal(earlier.statusCode, 201, earlier.body);
      assert.equal(earlier.json().log_size, 0);
      const events = (await written(db))!.events;
      const today = await c['sup.prepare']('POST', '/api/figures', { body: { threshold: 3, log_as_of: '2026-02-20' } });
      assert.equal(today.json().log_size, events);
    });

    test('anyone reads /figures.json and /figures.csv without login: the counts held, suppressed where small, with the checkpoint covering them', async () => {
      const res = await anonymous()('GET', '/figures.json');
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json();
      assert.equal(doc.number, 1);
      assert.equal(doc.threshold, 3);
      assert.equal(doc.rounding, 1);
      assert.match(doc.checkpoint, /^sijill\.example\/figures-test\n/);
      assert.equal(doc.prepared_by, 'sup.prepare');
      assert.equal(doc.approved_by, 'sup.approve');
      // Measured at the latest event of the register — the registrations, at the register's clock
      // (20 February, 12:00 in Baghdad): the release is dated earlier, 10 February — and standing at its day.
      assert.equal(doc.measured_at, '2026-02-20T09:00:00.000Z');
      assert.equal(doc.as_of, '2026-02-20');
      const table = (name: string) => doc.tables.find((t: { name: string }) => t.name === name);
      // The counts below are the register's, written out by hand. Whatever the disclosure control
      // decides to hide (its own tests prove what and why), every count from 1 to the threshold is
      // hidden and every count shown is the register's own.
      const shownFrom = (cells: (number | null)[][], counts: number[][]) => {
        assert.equal(cells.length, counts.length);
        cells.forEach((row, i) => row.forEach((value, j) => {
          const count = counts[i]![j]!;
          if (count >= 1 && count <= 3) assert.equal(value, null, `${count} at ${i}, ${j} is hidden`);
          else if (value !== null) assert.equal(value, count, `${i}, ${j}`);
        }));
      };
      const bySex = table('facility_by_sex');
      assert.deepEqual(bySex.rows, ['Fictional Central Prison']);
      assert.deepEqual(bySex.columns, ['male', 'female', 'unknown']);
      shownFrom(bySex.cells, [[15, 4, 0]]);
      // The single French national is counted in his region, and that cell is suppressed.
      const nationality = table('nationality_by_sex');
      assert.deepEqual(nationality.rows, ['IQ', 'SY', 'region:europe']);
      shownFrom(nationality.cells, [[14, 0, 0], [0, 4, 0], [1, 0, 0]]);
      const ages = table('facility_by_age_group');
      assert.deepEqual(ages.columns, ['adult', 'minor', 'under_5', 'unknown']);
      shownFrom(ages.cells, [[18, 1, 0, 0]]);
      const flows = table('month_by_flow');
      assert.deepEqual(flows.rows, ['2026-01', '2026-02']);
      assert.deepEqual(flows.columns, ['admissions', 'transfers', 'releases', 'repatriations', 'deaths', 'escapes', 'held_without_valid_order']);
      // One release in February: hidden, with whatever else would give it away; January's 20 admissions are shown.
      // All 20 were admitted untried on 21 January and none was brought before a judge: from 22 January
      // 14:00 each is held past the first appearance's limit, the one released on 10 February until then.
      shownFrom(flows.cells, [[20, 0, 0, 0, 0, 0, 20], [0, 0, 1, 0, 0, 0, 20]]);
      assert.equal(flows.cells[0][0], 20);
      assert.deepEqual(doc.not_measured, []);

      const csv = await anonymous()('GET', '/figures.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(csv.body, /month_by_flow,2026-01,admissions,20\r\n/, csv.body.slice(0, 400));
      assert.match(csv.body, /month_by_flow,2026-02,releases,\r\n/);
      assert.doesNotMatch(csv.body, /not yet measured/);
      assertProblem(await anonymous()('GET', '/figures.json?publication=7'), 404, 'not_found', '/query/publication');
    });

    test('the figures page, without login, in the language asked for: ?lang=, else Accept-Language; each publication at /figures/<n>', async () => {
      const ar = await anonymous()('GET', '/figures?lang=ar');
      assert.equal(ar.statusCode, 200, ar.body.slice(0, 300));
      assert.match(ar.body, /<html lang="ar" dir="rtl">/);
      assert.match(ar.body, /الأرقام العامة/);
      assert.equal((ar.body.match(/<svg class="chart series"/g) ?? []).length, 3);
      assert.match(ar.body, /title="محجوب لحماية الأشخاص"/);
      assert.doesNotMatch(ar.body, /لم يُقَس بعد/);
      // The officials are named by their names, never by their usernames.
      assert.match(ar.body, /Fictional sup\.prepare/);
      assert.match(ar.body, /Fictional sup\.approve/);
      assert.doesNotMatch(ar.body.replace(/Fictional sup\.(prepare|approve)/g, ''), /sup\.(prepare|approve)/);
      const en = await app.inject({ method: 'GET', url: '/figures', headers: { 'accept-language': 'en-GB,en;q=0.8' } });
      assert.match(en.body, /<html lang="en" dir="ltr">/);
      assert.match(en.body, /Held without a valid order/);
      // The instant the column was measured at is stated with it, in Baghdad time.
      assert.match(en.body, /<dt>Measured at<\/dt><dd>20 Feb 2026, 12:00<\/dd>/);
      assert.match(en.body, /“Held without a valid order” is measured at \u2068?20 Feb 2026, 12:00\u2069?, Baghdad time/);
      const ckb = await anonymous()('GET', '/figures/1?lang=ckb');
      assert.equal(ckb.statusCode, 200);
      assert.match(ckb.body, /<html lang="ckb" dir="rtl">/);
      assert.equal((await anonymous()('GET', '/figures/99?lang=kmr')).statusCode, 404);
      assert.equal((await anonymous()('GET', `/figures/${randomUUID()}`)).statusCode, 404);
    });

    test('the projection of the publications equals a replay of the log', async () => {
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a monitor finds a publication changed after it was signed, and a table computed at a size the entries do not give', async () => {
      const clean = await checkPublishedFigures({ siteUrl: site, verifierKey: key.verifierKey, cookie: cookies['auditor.icrc'] });
      assert.deepEqual(clean.findings, []);
      assert.equal(clean.recomputed, true);
      assert.equal(clean.publications, 1);

      // Publication 2 claims a log size five entries short of the entries its tables were counted from.
      const fold = await foldRegister(db);
      const parameters = { threshold: 3, rounding: 1 as const, publish_zeros: true };
      const id = randomUUID();
      const forged: CommandDefinition<null, null, null> = {
        kind: 'forged-figures',
        lock: async () => {},
        load: async () => null,
        decide: (_s, _i, ctx) => [
          newEvent('figures.prepared', null, ctx.now, {
            publication_id: id, log_size: fold.size - 5, as_of: fold.asOf(), parameters, requests: [...defaultTables],
            tables: protectTables(fold.tables(defaultTables, 3), parameters), not_measured: [], prepared_by: 'sup.prepare',
          }),
        ],
        respond: () => null,
      };
      assert.ok((await execute(register, forged, null, as('sup.prepare'))).ok);
      assert.equal((await c['sup.approve']('POST', `/api/figures/${id}/approval`, { body: {} })).statusCode, 201);
      await signLatestCheckpoint(db, ed25519NoteSigner(key.signerKey), origin);
      // Publication 1, edited in the database after it was signed: one published count changed.
      await db.query(`UPDATE figure_publication SET record = jsonb_set(record, '{tables,1,cells,0,0}', '16'::jsonb) WHERE number = 1`);

      const found = await checkPublishedFigures({ siteUrl: site, verifierKey: key.verifierKey, cookie: cookies['auditor.icrc'] });
      assert.deepEqual(found.findings.map((f) => [f.publication, f.check]), [[1, 'served'], [2, 'recomputed']], JSON.stringify(found.findings));
      assert.match(found.findings[0]!.message, /facility_by_sex, row Fictional Central Prison, column male: /);

      // Without an account the edit is still found; the recomputation needs the entries.
      const outside = await checkPublishedFigures({ siteUrl: site, verifierKey: key.verifierKey });
      assert.deepEqual(outside.findings.map((f) => [f.publication, f.check]), [[1, 'served']]);
      assert.equal(outside.recomputed, false);
    });

    test('the officials’ pages: prepared through the form, refused to its preparer at the approve button, approved by another official and then public at /figures', async () => {
      const page = (who: 'sup.prepare' | 'sup.approve', url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[who] } });
      const post = (who: 'sup.prepare' | 'sup.approve', url: string, csrf: string, fields: Record<string, string>) =>
        app.inject({ method: 'POST', url, headers: { cookie: cookies[who], 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });

      const list = await page('sup.prepare', '/figures/drafts');
      assert.equal(list.statusCode, 200, list.body.slice(0, 300));
      assert.match(list.body, /<html lang="ar" dir="rtl">/);
      assert.match(list.body, /name="\/threshold"[^>]*value="9"/);
      const csrf = csrfOf(list.body);
      // Officials without the permission are refused the page.
      assert.equal((await app.inject({ method: 'GET', url: '/figures/drafts', headers: { cookie: cookies['officer.one'] } })).statusCode, 403);

      // A threshold below 3 is refused at its field, and nothing is written.
      const before = await written(db);
      const low = await post('sup.prepare', '/figures/drafts', csrf, { _key: randomUUID(), '/threshold': '2', '/rounding': '5', '/publish_zeros': 'yes' });
      assert.equal(low.statusCode, 422);
      assert.match(low.body, /<p class="error" id="f-threshold-error">تُحجب الأعداد الصغيرة حتى هذا الحد، ولا يقل الحد عن ⁨٣⁩.<\/p>/);
      assert.deepEqual(await written(db), before);

      const prepared = await post('sup.prepare', '/figures/drafts', csrf, { _key: randomUUID(), '/threshold': '4', '/rounding': '1', '/publish_zeros': 'yes' });
      assert.equal(prepared.statusCode, 303, prepared.body.slice(0, 400));
      const preview = String(prepared.headers.location);
      assert.match(preview, /^\/figures\/drafts\/[0-9a-f-]{36}$/);
      const shown = await page('sup.prepare', preview);
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /بانتظار الاعتماد/);
      // The tables as they would be published: the February release is a suppressed cell, marked.
      assert.match(shown.body, /<td class="num suppressed" title="محجوب لحماية الأشخاص">/);
      assert.equal((await anonymous()('GET', '/figures.json')).json().number, 2);

      // Its preparer is refused, the reason at the button; nothing is written.
      const afterPrepared = await written(db);
      const self = await post('sup.prepare', `${preview}/approval`, csrf, { _key: randomUUID() });
      assert.equal(self.statusCode, 403);
      assert.match(self.body, /<p class="error" id="approve-error" role="alert">أنت من أعدّ هذه الأرقام: يجب أن يراجعها موظف آخر ويعتمدها.<\/p><button type="submit" aria-describedby="approve-error">/);
      assert.deepEqual(await written(db), afterPrepared);

      const other = await page('sup.approve', preview);
      const approved = await post('sup.approve', `${preview}/approval`, csrfOf(other.body), { _key: randomUUID() });
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 400));
      assert.equal(approved.headers.location, '/figures/3');
      const published = await anonymous()('GET', '/figures.json');
      assert.equal(published.json().number, 3);
      assert.equal(published.json().threshold, 4);
      assert.equal(published.json().approved_by, 'sup.approve');
      const publicPage = await anonymous()('GET', '/figures');
      assert.match(publicPage.body, /[٣]/);
      assert.match((await page('sup.prepare', '/figures/drafts')).body, /منشور بوصفه الإصدار ⁨٣⁩/);
    });
  });
}
