import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Register } from '../src/commands/execute.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { readXlsx } from '../src/import/xlsx.ts';
import { parseCsv } from '../src/import/csv.ts';
import { bindAccountToBody } from '../src/store/visits.ts';
import { logInByForm } from './support/web-session.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

/** Everything a visit command could write. */
async function written(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM command) AS commands, (SELECT count(*) FROM visit_access_restriction) AS restrictions,
            (SELECT count(*) FROM visit) AS visits, (SELECT count(*) FROM notification_list) AS lists`,
  );
  return rows[0];
}

for (const backend of backends) {
  describe(`independent visits on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let clock = new Date('2026-03-10T09:00:00Z');
    const users = {
      officer: 'facility_officer',
      supervisor: 'supervisor',
      clerk: 'registration_clerk',
      oversight: 'oversight',
      'visitor-icrc': 'visitor',
      'visitor-unbound': 'visitor',
    } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;
    let camp: RegisterFacility;
    let icrc: string;
    const ids = {} as Record<keyof typeof users, string>;

    /** Move the register's clock (sessions end after 30 idle minutes: everyone logs in again). */
    async function at(iso: string): Promise<void> {
      clock = new Date(iso);
      for (const username of Object.keys(users) as (keyof typeof users)[]) c[username] = clientFor(app, await login(app, username));
    }

    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    async function admitted(facility: RegisterFacility, at = '2026-03-01T10:00:00+03:00'): Promise<string> {
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const registered = await post('clerk', '/api/persons', body);
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(id, facility, { admitted_at: at });
      const res = await post('clerk', '/api/admissions', admission);
      assert.equal(res.statusCode, 201, res.body);
      return id;
    }

    async function openedVisit(facility: RegisterFacility, starts = '2026-03-10T08:00:00+03:00', ends = '2026-03-12T17:00:00+03:00'): Promise<string> {
      const res = await post('officer', '/api/visits', { body_id: icrc, facility_id: facility.facility_id, starts_at: starts, ends_at: ends });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().visit_id as string;
    }

    before(async () => {
      db = await backend.open();
      const register: Register = { db, clock: () => clock };
      app = buildApp({ db, register, passwordCost: cheap });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        ids[username] = (await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap })).id;
      }
      for (const username of Object.keys(users) as (keyof typeof users)[]) c[username] = clientFor(app, await login(app, username));
      prison = aFacility({ name: 'Fictional Karkh Prison' });
      camp = aFacility({ name: 'Fictional Hol Camp', kind: 'camp' });
      for (const f of [prison, camp]) assert.equal((await post('supervisor', '/api/facilities', f)).statusCode, 201);
      const body = await post('supervisor', '/api/visiting-bodies', { name: 'ICRC', kind: 'icrc', accredited_by: 'Ministry of Justice', accreditation_reference: 'MoU 2026/3' });
      assert.equal(body.statusCode, 201, body.body);
      icrc = body.json().body_id;
      await bindAccountToBody(db, ids['visitor-icrc'], icrc);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a visitor outside an accredited visit, or at another facility, sees nothing; during the visit, the register of that facility', async () => {
      const atPrison = await admitted(prison);
      const atCamp = await admitted(camp);
      // No visit yet: nothing, by API and by page.
      assertProblem(await c['visitor-icrc']('GET', '/api/visitor/register'), 403, 'forbidden');
      assertProblem(await c['visitor-icrc']('GET', `/api/visitor/persons/${atPrison}`), 403, 'forbidden');
      assert.equal((await c['visitor-icrc']('GET', '/visit-register')).statusCode, 403);
      // Nor anything else of the register, visit or not.
      for (const url of [`/api/persons/${atPrison}`, '/api/facilities', '/api/transfers', '/api/visits']) assertProblem(await c['visitor-icrc']('GET', url), 403, 'forbidden');

      // A visit opened for later dates gives nothing yet.
      const visit = await openedVisit(prison, '2026-03-11T08:00:00+03:00', '2026-03-12T17:00:00+03:00');
      assertProblem(await c['visitor-icrc']('GET', '/api/visitor/register'), 403, 'forbidden');
      await at('2026-03-11T06:00:00Z');
      const seen = await c['visitor-icrc']('GET', '/api/visitor/register');
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().facility_id, prison.facility_id);
      const listed = seen.json().persons.map((p: { id: string }) => p.id);
      assert.ok(listed.includes(atPrison));
      assert.ok(!listed.includes(atCamp), 'a person at another facility is not in the visited register');
      assert.equal((await c['visitor-icrc']('GET', `/api/visitor/persons/${atPrison}`)).statusCode, 200);
      assertProblem(await c['visitor-icrc']('GET', `/api/visitor/persons/${atCamp}`), 404, 'not_found');
      const page = await c['visitor-icrc']('GET', `/visit-register/persons/${atCamp}`);
      assert.equal(page.statusCode, 404);
      const ownPage = await c['visitor-icrc']('GET', '/visit-register');
      assert.equal(ownPage.statusCode, 200);
      // The visitor's reads are audited as any other.
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM read_audit WHERE account_id = $1 AND person_id = $2', [ids['visitor-icrc'], atPrison]);
      assert.ok(Number(rows[0]!.n) >= 2);
      // A visitor bound to no body sees nothing, whatever visit is open.
      assertProblem(await c['visitor-unbound']('GET', '/api/visitor/register'), 403, 'forbidden');

      // Deferred: nothing until the deferral ends.
      const deferred = await post('officer', `/api/visits/${visit}/access-restrictions`, { decision: 'deferred', reason: 'riot in block B', authority: 'Director of the prison, order 12', until: '2026-03-11T12:00:00+03:00' });
      assert.equal(deferred.statusCode, 201, deferred.body);
      assertProblem(await c['visitor-icrc']('GET', '/api/visitor/register'), 403, 'forbidden');
      await at('2026-03-11T09:30:00Z');
      assert.equal((await c['visitor-icrc']('GET', '/api/visitor/register')).statusCode, 200);
      // After its end date, or once closed: nothing.
      await at('2026-03-12T15:00:00Z');
      assertProblem(await c['visitor-icrc']('GET', '/api/visitor/register'), 403, 'forbidden');
      await at('2026-03-11T10:00:00Z');
      assert.equal((await post('officer', `/api/visits/${visit}/closing`, {})).statusCode, 201);
      assertProblem(await c['visitor-icrc']('GET', '/api/visitor/register'), 403, 'forbidden');
    });

    test('access refused or deferred without a reason, an authority or an end date is refused by name, nothing written; each refusal is shown to oversight', async () => {
      await at('2026-03-10T09:00:00Z');
      const visit = await openedVisit(camp);
      const good = { decision: 'refused', reason: 'security operation under way', authority: 'Governor of Nineveh, decision 44', until: '2026-03-11T08:00:00+03:00' };
      for (const field of ['reason', 'authority', 'until'] as const) {
        const before = await written(db);
        assertProblem(await post('officer', `/api/visits/${visit}/access-restrictions`, { ...good, [field]: '  ' }), 422, 'restriction_unjustified', `/${field}`);
        assert.deepEqual(await written(db), before);
      }
      assertProblem(await post('officer', `/api/visits/${visit}/access-restrictions`, { ...good, until: '2026-03-01T08:00:00+03:00' }), 422, 'invalid_value', '/until');
      assertProblem(await post('officer', `/api/visits/${visit}/access-restrictions`, { ...good, decision: 'ignored' }), 400, 'invalid_request', '/decision');
      assert.equal((await post('officer', `/api/visits/${visit}/access-restrictions`, good)).statusCode, 201);
      const shown = await c.oversight('GET', '/api/visit-access-restrictions');
      assert.equal(shown.statusCode, 200, shown.body);
      const refusal = shown.json().restrictions.find((r: { visit_id: string; decision: string }) => r.visit_id === visit && r.decision === 'refused');
      assert.ok(refusal);
      assert.equal(refusal.authority, good.authority);
      assert.equal(refusal.reason, good.reason);
      assert.equal(refusal.decided_by, 'officer');
      const page = await c.oversight('GET', '/visits');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(good.authority));
      // A visitor cannot record anything about visits.
      assertProblem(await post('visitor-icrc', `/api/visits/${visit}/access-restrictions`, good), 403, 'forbidden');
    });

    test('one detainee withheld from a visit that goes on: refused without a reason, an authority or an end date; the visitors see the others, not them, until it ends; oversight sees it', async () => {
      await at('2026-03-10T09:00:00Z');
      const withheld = await admitted(camp);
      const other = await admitted(camp);
      const elsewhere = await admitted(prison);
      const visit = await openedVisit(camp);
      const good = { person_id: withheld, decision: 'refused', reason: 'under interrogation by order of the investigative judge', authority: 'Investigative judge of Karkh, decision 91', until: '2026-03-10T15:00:00+03:00' };
      for (const field of ['reason', 'authority', 'until'] as const) {
        const before = await written(db);
        assertProblem(await post('officer', `/api/visits/${visit}/access-restrictions`, { ...good, [field]: '' }), 422, 'restriction_unjustified', `/${field}`);
        assert.deepEqual(await written(db), before);
      }
      assertProblem(await post('officer', `/api/visits/${visit}/access-restrictions`, { ...good, person_id: elsewhere }), 409, 'not_in_custody', '/person_id');
      assert.equal((await post('officer', `/api/visits/${visit}/access-restrictions`, good)).statusCode, 201);

      // The visit goes on: the register of the camp, less the one withheld.
      const seen = await c['visitor-icrc']('GET', '/api/visitor/register');
      assert.equal(seen.statusCode, 200, seen.body);
      const listed = seen.json().persons.map((p: { id: string }) => p.id);
      assert.ok(listed.includes(other));
      assert.ok(!listed.includes(withheld));
      assertProblem(await c['visitor-icrc']('GET', `/api/visitor/persons/${withheld}`), 403, 'forbidden');
      assert.equal((await c['visitor-icrc']('GET', `/api/visitor/persons/${other}`)).statusCode, 200);
      assert.equal((await c['visitor-icrc']('GET', `/visit-register/persons/${withheld}`)).statusCode, 404);
      assert.ok(!(await c['visitor-icrc']('GET', '/visit-register')).body.includes(withheld));

      // Oversight sees the refusal, naming the detainee; the refusal is on the detainee's chain.
      const number = (await c.oversight('GET', `/api/persons/${withheld}`)).json().register_number as string;
      const refusal = (await c.oversight('GET', '/api/visit-access-restrictions')).json().restrictions.find((r: { person_id: string | null }) => r.person_id === withheld);
      assert.deepEqual([refusal.register_number, refusal.decision, refusal.authority], [number, 'refused', good.authority]);
      const { rows } = await db.query<{ person_id: string }>("SELECT person_id FROM event WHERE kind = 'visit.access_restricted' ORDER BY idx DESC LIMIT 1");
      assert.equal(rows[0]!.person_id, withheld);
      assert.ok((await c.oversight('GET', `/visits/${visit}`)).body.includes(number));

      // At its end the detainee is in the visitors' register again.
      await at('2026-03-10T12:00:01Z');
      assert.ok((await c['visitor-icrc']('GET', '/api/visitor/register')).json().persons.some((p: { id: string }) => p.id === withheld));
    });

    test('persons seen and the fact of a private interview: the event has no field for the interview’s content', async () => {
      await at('2026-03-10T09:00:00Z');
      const person = await admitted(camp);
      const elsewhere = await admitted(prison);
      const visit = await openedVisit(camp);
      const res = await post('officer', `/api/visits/${visit}/persons-seen`, { person_id: person, seen_at: '2026-03-10T11:00:00+03:00', private_interview: true });
      assert.equal(res.statusCode, 201, res.body);
      assertProblem(await post('officer', `/api/visits/${visit}/persons-seen`, { person_id: person, seen_at: '2026-03-10T11:00:00+03:00', private_interview: true, notes: 'what he said' }), 400, 'invalid_request');
      assertProblem(await post('officer', `/api/visits/${visit}/persons-seen`, { person_id: elsewhere, seen_at: '2026-03-10T11:00:00+03:00', private_interview: false }), 409, 'not_in_custody', '/person_id');
      const view = (await c.oversight('GET', `/api/visits/${visit}`)).json();
      assert.deepEqual(view.seen.map((s: { person_id: string; private_interview: boolean }) => [s.person_id, s.private_interview]), [[person, true]]);
      const events = (await c.supervisor('GET', `/api/persons/${person}/events`)).json().events.filter((e: { kind: string }) => e.kind === 'visit.person_seen');
      assert.equal(events.length, 1);
      assert.deepEqual(Object.keys(events[0].data).sort(), ['private_interview', 'seen_at', 'visit_id']);
    });

    test('a visit of a body whose accreditation is withdrawn is refused by name, and its visitors see nothing', async () => {
      await at('2026-03-10T09:00:00Z');
      const res = await post('supervisor', '/api/visiting-bodies', { name: 'Fictional Commission', kind: 'human_rights_commission', accredited_by: 'Council of Representatives', accreditation_reference: 'Law 53/2008' });
      const commission = res.json().body_id as string;
      await bindAccountToBody(db, ids['visitor-unbound'], commission);
      const visit = await post('officer', '/api/visits', { body_id: commission, facility_id: prison.facility_id, starts_at: '2026-03-10T08:00:00+03:00', ends_at: '2026-03-10T18:00:00+03:00' });
      assert.equal(visit.statusCode, 201);
      assert.equal((await c['visitor-unbound']('GET', '/api/visitor/register')).statusCode, 200);
      assert.equal((await post('supervisor', `/api/visiting-bodies/${commission}/withdrawal`, { reason: 'mandate ended' })).statusCode, 201);
      assertProblem(await c['visitor-unbound']('GET', '/api/visitor/register'), 403, 'forbidden');
      assertProblem(await post('officer', '/api/visits', { body_id: commission, facility_id: prison.facility_id, starts_at: '2026-03-10T08:00:00+03:00', ends_at: '2026-03-10T18:00:00+03:00' }), 409, 'not_accredited', '/body_id');
      await bindAccountToBody(db, ids['visitor-unbound'], null);
    });

    test('notification lists: the admissions and exits of a facility since the body’s last list, as XLSX, CSV and print, each export logged', async () => {
      await at('2026-03-20T09:00:00Z');
      const fresh = aFacility({ name: 'Fictional Rusafa Prison' });
      assert.equal((await post('supervisor', '/api/facilities', fresh)).statusCode, 201);
      const first = await admitted(fresh, '2026-03-15T10:00:00+03:00');
      const second = await admitted(fresh, '2026-03-16T10:00:00+03:00');
      const drawn = await post('officer', '/api/notification-lists', { body_id: icrc, facility_id: fresh.facility_id });
      assert.equal(drawn.statusCode, 201, drawn.body);
      const list = drawn.json().list_id as string;

      const xlsx = await c.officer('POST', `/api/notification-lists/${list}/exports?format=xlsx`);
      assert.equal(xlsx.statusCode, 200, xlsx.body);
      const sheet = readXlsx(new Uint8Array(xlsx.rawPayload));
      const cellsOf = (row: number) => [...sheet.rows[row]!.cells];
      assert.deepEqual(cellsOf(0), ['register_number', 'names', 'kind', 'at', 'exit_status', 'other_facility']);
      const numbers = async (id: string) => (await c.supervisor('GET', `/api/persons/${id}`)).json().register_number as string;
      assert.deepEqual([cellsOf(1)[0], cellsOf(1)[2], cellsOf(2)[0], cellsOf(2)[2]], [await numbers(first), 'admission', await numbers(second), 'admission']);
      assert.equal(sheet.rows.length, 3);

      const csv = await c.officer('POST', `/api/notification-lists/${list}/exports?format=csv`);
      assert.equal(csv.statusCode, 200, csv.body);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const table = parseCsv(new Uint8Array(csv.rawPayload));
      assert.equal(table.length, 3);
      assert.equal(table[1]!.fields[0], await numbers(first));
      const print = await c.officer('POST', `/api/notification-lists/${list}/exports?format=print`);
      assert.equal(print.json().rows.length, 2);

      // From the page, in the reader's language: the column titles translated, the codes kept.
      const session = await logInByForm(app, 'officer', `/notification-lists/${list}`);
      const fromPage = await app.inject({
        method: 'POST',
        url: `/notification-lists/${list}/export`,
        headers: { cookie: `${session.cookie}; sijill_lang=ar`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: session.csrf, _key: 'page-export-0001', format: 'xlsx' }).toString(),
      });
      assert.equal(fromPage.statusCode, 200, fromPage.body.slice(0, 300));
      const arabic = readXlsx(new Uint8Array(fromPage.rawPayload));
      assert.deepEqual([...arabic.rows[0]!.cells], ['رقم السجل', 'الأسماء', 'الحركة', 'التاريخ', 'نوع الخروج', 'المنشأة الأخرى']);
      assert.deepEqual([arabic.rows[1]!.cells[0], arabic.rows[1]!.cells[2]], [await numbers(first), 'admission']);
      const english = await c.officer('POST', `/api/notification-lists/${list}/exports?format=csv`, { body: { column_titles: ['Register number', 'Names', 'Movement', 'Date', 'Exit', 'Other facility'] } });
      assert.deepEqual(parseCsv(new Uint8Array(english.rawPayload))[0]!.fields, ['Register number', 'Names', 'Movement', 'Date', 'Exit', 'Other facility']);
      assertProblem(await c.officer('POST', `/api/notification-lists/${list}/exports?format=csv`, { body: { column_titles: ['only one'] } }), 400, 'invalid_request');

      const exports = (await c.officer('GET', `/api/notification-lists/${list}`)).json().exports.map((e: { format: string; by: string }) => `${e.format}:${e.by}`);
      assert.deepEqual(exports, ['xlsx:officer', 'csv:officer', 'print:officer', 'xlsx:officer', 'csv:officer']);
      const { rows } = await db.query<{ kind: string }>(`SELECT kind FROM event WHERE kind LIKE 'notification_list.%' ORDER BY idx DESC LIMIT 6`);
      assert.deepEqual(rows.map((r) => r.kind), [...Array(5).fill('notification_list.exported'), 'notification_list.drawn_up']);

      // The next list holds only what happened since: a release.
      const { version } = (await c.supervisor('GET', `/api/persons/${first}`)).json();
      const released = await post('officer', `/api/persons/${first}/exits`, {
        kind: 'person.released',
        occurred_at: '2026-03-19T10:00:00+03:00',
        details: { order_reference: 'R-7', verified_by: 'Officer V. Fictional', released_to: 'family' },
        expected_version: version,
      });
      assert.equal(released.statusCode, 201, released.body);
      const next = await post('officer', '/api/notification-lists', { body_id: icrc, facility_id: fresh.facility_id });
      const rowsNext = (await c.officer('POST', `/api/notification-lists/${next.json().list_id}/exports?format=print`)).json().rows;
      assert.deepEqual(rowsNext.map((r: { person_id: string; kind: string; exit_status: string }) => [r.person_id, r.kind, r.exit_status]), [[first, 'exit', 'released']]);
      assertProblem(await c.officer('POST', `/api/notification-lists/${list}/exports?format=pdf`), 400, 'invalid_request', '/query/format');
      assertProblem(await c.clerk('POST', `/api/notification-lists/${list}/exports?format=csv`), 403, 'forbidden');
      const report = await checkRegister(db);
      assert.equal(report.ok, true, JSON.stringify(report));
    });
  });
}
