import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { as, checkInInput, checkInPerson, closeCount, closeCountInput, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { arriveAtStop } from '../src/commands/arrive-at-stop.ts';
import { departFromStop } from '../src/commands/depart-from-stop.ts';
import { closeTransfer } from '../src/commands/close-transfer.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { openIncidents } from '../src/queries/dashboard.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

for (const backend of backends) {
  describe(`court production on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let register: Register;
    // 12:00 in Baghdad on 10 March 2026; the test moves the clock on.
    let now = new Date('2026-03-10T09:00:00Z');
    const users = { 'court.clerk': 'court_clerk', 'supervisor.duty': 'supervisor', 'clerk.intake': 'registration_clerk' } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let cookie: string;
    const prison = aFacility({ name: 'Fictional Karkh Prison' });
    const holding = aFacility({ name: 'Fictional Karkh Court Holding', kind: 'court_holding' });
    const court = 'First Karkh Investigative Court';
    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    async function admittedWithCase(): Promise<{ person: string; number: string; caseId: string }> {
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const registered = await post('clerk.intake', '/api/persons', body);
      assert.equal(registered.statusCode, 201, registered.body);
      const person = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await post('clerk.intake', '/api/admissions', admission)).statusCode, 201);
      const opened = await post('court.clerk', `/api/persons/${person}/cases`, { reference: `INV/${randomUUID().slice(0, 8)}`, court, judge: 'Judge F. Fictional', prosecutor: 'Prosecutor P. Fictional', charges: [{ law: 'Anti-Terrorism Law No. 13 of 2005', article: '4', max_penalty: 'death' }] });
      assert.equal(opened.statusCode, 201, opened.body);
      return { person, number: registered.json().register_number, caseId: opened.json().case_id };
    }

    /** Sessions end when idle: after the clock moves on, everyone logs in again. */
    async function logIn(): Promise<void> {
      for (const username of Object.keys(users) as (keyof typeof users)[]) c[username] = clientFor(app, await login(app, username));
      cookie = await login(app, 'supervisor.duty');
    }

    async function docketState(day: string, person: string): Promise<string> {
      const res = await c['court.clerk']('GET', `/api/courts/${encodeURIComponent(court)}/docket?date=${day}`);
      assert.equal(res.statusCode, 200, res.body);
      const entries = (res.json().entries as { person_id: string; production: string }[]).filter((e) => e.person_id === person);
      assert.equal(entries.length, 1, res.body);
      return entries[0]!.production;
    }

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => now };
      app = buildApp({ db, register, passwordCost: cheap });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) await createAccount(db, { username, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
      await logIn();
      for (const f of [prison, holding]) assert.equal((await post('supervisor.duty', '/api/facilities', f)).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a production order draws up the round trip; the docket follows it to court and back; not back by the end of the day is an incident on the dashboard, in Arabic, until they are checked in', async () => {
      const { person, number, caseId } = await admittedWithCase();
      const order = await post('court.clerk', `/api/cases/${caseId}/orders`, {
        order: 'production', reference: `PO/${randomUUID().slice(0, 6)}`, issued_at: '2026-03-10T10:00:00+03:00', judge: 'Judge F. Fictional', to_facility_id: holding.facility_id, produce_at: '2026-03-10T13:00:00+03:00',
      });
      assert.equal(order.statusCode, 201, order.body);
      const transferId = order.json().production_transfer_id as string;
      assert.ok(transferId, order.body);
      const drafted = await c['supervisor.duty']('GET', `/api/transfers/${transferId}`);
      assert.equal(drafted.statusCode, 200, drafted.body);
      const t = drafted.json();
      assert.deepEqual(
        [t.status, t.origin, t.destination, t.stops, t.members.map((m: { person_id: string }) => m.person_id), t.production.source, t.production.source_id, t.production.return_by],
        ['draft', { kind: 'facility', facility_id: prison.facility_id }, { kind: 'facility', facility_id: prison.facility_id }, [holding.facility_id], [person], 'order', order.json().order_id, '2026-03-10T21:00:00.000Z'],
      );
      assert.equal(await docketState('2026-03-10', person), 'awaiting_approval');

      // The clerk drafted it: another official approves, as for any transfer; the prison dispatches, the court's holding counts them in.
      const selfApproval = await execute(register, approveTransfer, { transfer_id: transferId }, as('court.clerk', 'court_clerk'));
      assert.ok(!selfApproval.ok);
      ok(await execute(register, approveTransfer, { transfer_id: transferId }, as('supervisor.duty', 'supervisor')), 'approve');
      assert.equal(await docketState('2026-03-10', person), 'ready');
      ok(await execute(register, dispatchTransfer, dispatchInput(transferId, '2026-03-10T11:00:00+03:00'), as('officer.prison')), 'dispatch');
      assert.equal(await docketState('2026-03-10', person), 'to_court');
      ok(await execute(register, arriveAtStop, { transfer_id: transferId, counted: [{ register_number: number, unit_id: holding.units[0]!.id }], receiving_official: 'Clerk H. Fictional', occurred_at: '2026-03-10T11:45:00+03:00' }, as('officer.court')), 'arrive at court');
      assert.equal(await docketState('2026-03-10', person), 'at_court');
      assert.deepEqual((await openIncidents(db, 50, now)).incidents.filter((i) => i.person_id === person), [], 'at court during the day: no incident');

      // Midnight in Baghdad passes with the person still at the court's holding: an incident, owned by the approver.
      now = new Date('2026-03-10T21:30:00Z');
      await logIn();
      const open = (await openIncidents(db, 50, now)).incidents.filter((i) => i.person_id === person);
      assert.deepEqual(open.map((i) => [i.kind, i.opened_at, i.owner, i.transfer_id]), [['not_returned', '2026-03-10T21:00:00.000Z', 'supervisor.duty', transferId]]);
      assert.equal(await docketState('2026-03-10', person), 'not_returned');
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.ok(page.body.includes('لم يُعَد من المحكمة في اليوم نفسه'), 'the incident, in Arabic');
      assert.ok(page.body.includes(`href="/transfers/${transferId}"`));

      // Brought back the next morning and checked in at home: the incident closes with the journey.
      now = new Date('2026-03-11T07:00:00Z');
      await logIn();
      ok(await execute(register, departFromStop, { transfer_id: transferId, escort_authority: 'Fictional escort command', escort_commander: 'Captain G. Fictional', releasing_official: 'Clerk H. Fictional', occurred_at: '2026-03-11T08:00:00+03:00' }, as('officer.court')), 'depart');
      assert.equal(await docketState('2026-03-10', person), 'not_returned', 'on the road back after the day ended: still not returned');
      ok(await execute(register, checkInPerson, checkInInput(transferId, person, number, prison.units[0]!.id, { occurred_at: '2026-03-11T09:00:00+03:00' }), as('officer.prison')), 'back home');
      ok(await execute(register, closeCount, closeCountInput(transferId, '2026-03-11T09:30:00+03:00'), as('officer.prison')), 'count');
      ok(await execute(register, closeTransfer, { transfer_id: transferId }, as('officer.prison')), 'close');
      assert.deepEqual((await openIncidents(db, 50, now)).incidents.filter((i) => i.person_id === person), []);
      assert.equal(await docketState('2026-03-10', person), 'back');
      const home = await db.query<{ custody_status: string; facility_id: string }>('SELECT custody_status, facility_id FROM person WHERE id = $1', [person]);
      assert.deepEqual(home.rows[0], { custody_status: 'in_custody', facility_id: prison.facility_id });
      assert.deepEqual((await checkRegister(db)).findings, []);
      now = new Date('2026-03-10T09:00:00Z');
      await logIn();
    });

    test('a hearing scheduled with the court’s holding facility draws up the movement; without one it does not; a facility that is no court’s holding is refused at its field, nothing written', async () => {
      const { person, caseId } = await admittedWithCase();
      const produced = await post('court.clerk', `/api/cases/${caseId}/hearings`, { at: '2026-03-12T10:00:00+03:00', purpose: 'Investigative hearing', holding_facility_id: holding.facility_id });
      assert.equal(produced.statusCode, 201, produced.body);
      const transferId = produced.json().production_transfer_id;
      const t = (await c['supervisor.duty']('GET', `/api/transfers/${transferId}`)).json();
      assert.deepEqual([t.production.source, t.production.source_id, t.production.produce_at, t.stops], ['hearing', produced.json().hearing_id, '2026-03-12T10:00:00+03:00', [holding.facility_id]]);
      assert.equal(await docketState('2026-03-12', person), 'awaiting_approval');

      const heardInPrison = await post('court.clerk', `/api/cases/${caseId}/hearings`, { at: '2026-03-13T10:00:00+03:00', purpose: 'Heard at the prison' });
      assert.deepEqual([heardInPrison.statusCode, heardInPrison.json().production_transfer_id], [201, null]);
      assert.equal(await docketState('2026-03-13', person), 'not_arranged');

      const before = (await db.query('SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM transfer) AS transfers, (SELECT count(*) FROM hearing) AS hearings')).rows[0];
      const wrong = await post('court.clerk', `/api/cases/${caseId}/hearings`, { at: '2026-03-14T10:00:00+03:00', purpose: 'x', holding_facility_id: prison.facility_id });
      assert.deepEqual([wrong.statusCode, wrong.json().code, wrong.json().field], [422, 'invalid_value', '/holding_facility_id'], wrong.body);
      const unknown = await post('court.clerk', `/api/cases/${caseId}/hearings`, { at: '2026-03-14T10:00:00+03:00', purpose: 'x', holding_facility_id: randomUUID() });
      assert.deepEqual([unknown.statusCode, unknown.json().field], [404, '/holding_facility_id'], unknown.body);
      const productionToPrison = await post('court.clerk', `/api/cases/${caseId}/orders`, { order: 'production', reference: 'PO/X', issued_at: '2026-03-10T10:00:00+03:00', judge: 'Judge F.', to_facility_id: prison.facility_id, produce_at: '2026-03-14T10:00:00+03:00' });
      assert.deepEqual([productionToPrison.statusCode, productionToPrison.json().field], [422, '/to_facility_id'], productionToPrison.body);
      assert.deepEqual((await db.query('SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM transfer) AS transfers, (SELECT count(*) FROM hearing) AS hearings')).rows[0], before);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });
  });
}
