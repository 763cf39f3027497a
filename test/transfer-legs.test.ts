import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { approver, as, atFacility, checkInInput, checkInPerson, closeCount, closeCountInput, creator, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { createTransfer } from '../src/commands/create-transfer.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { closeTransfer } from '../src/commands/close-transfer.ts';
import { rejectTransfer } from '../src/commands/reject-transfer.ts';
import { arriveAtStop } from '../src/commands/arrive-at-stop.ts';
import { departFromStop } from '../src/commands/depart-from-stop.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import type { RegisterPerson } from '../src/domain/person.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { cheap, clientFor, login, password } from './support/api-client.ts';

async function counts(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM custody_period) AS periods, (SELECT count(*) FROM incident) AS incidents,
            (SELECT string_agg(id || ':' || status || ':' || COALESCE(at_stop::text, '-') || ':' || next_stop, ',' ORDER BY id) FROM transfer) AS transfers`,
  );
  return rows[0];
}

const departure = (transfer_id: string, occurred_at: string) => ({ transfer_id, escort_authority: 'Fictional escort command', escort_commander: 'Captain G. Fictional', releasing_official: 'Warden S. Fictional', occurred_at });

for (const backend of backends) {
  describe(`transfer legs and overnight stops on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const origin = aFacility({ name: 'Fictional Origin Prison' });
    const firstStop = aFacility({ name: 'Fictional Police Station', kind: 'police_station' });
    const secondStop = aFacility({ name: 'Fictional Court Holding', kind: 'court_holding' });
    const destination = aFacility({ name: 'Fictional Destination Prison' });

    async function heldAtOrigin(n: number): Promise<RegisterPerson[]> {
      const people = Array.from({ length: n }, () => aPerson());
      for (const p of people) {
        ok(await execute(register, registerPerson, p, as('clerk.one', 'registration_clerk')), 'register');
        ok(await execute(register, admitPerson, anAdmission(p.person_id, origin), as('clerk.one', 'registration_clerk')), 'admit');
      }
      return people;
    }

    async function withStops(people: RegisterPerson[], stops: RegisterFacility[]): Promise<string> {
      const transfer_id = randomUUID();
      ok(await execute(register, createTransfer, { transfer_id, origin: atFacility(origin.facility_id), destination: atFacility(destination.facility_id), reason: 'trial at the destination', persons: people.map((p) => p.person_id), stops: stops.map((s) => s.facility_id) }, creator()), 'create');
      ok(await execute(register, approveTransfer, { transfer_id }, approver()), 'approve');
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id, '2026-03-01T06:00:00+03:00'), as('officer.origin')), 'dispatch');
      return transfer_id;
    }

    const lodge = (stop: RegisterFacility, people: RegisterPerson[]) => people.map((p) => ({ register_number: p.register_number, unit_id: stop.units[0]!.id }));

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => new Date('2026-03-04T00:00:00Z') };
      for (const f of [origin, firstStop, secondStop, destination]) ok(await execute(register, registerFacility, f, as('admin', 'supervisor')), f.name);
    });
    after(() => db.close());

    test('two overnight stops: custody at each stop facility, in transit between them, checked in at the destination; one person missing at a stop is an incident at once, and the register checks at every step', async () => {
      const people = await heldAtOrigin(3);
      const id = await withStops(people, [firstStop, secondStop]);
      // Not at the destination yet: check-in and the count wait for the last stop.
      const early = await execute(register, checkInPerson, checkInInput(id, people[0]!.person_id, people[0]!.register_number, destination.units[0]!.id), as('officer.destination'));
      assert.ok(!early.ok && early.rejection.code === 'invalid_transition' && early.rejection.message.includes(firstStop.facility_id), JSON.stringify(early));
      assert.ok(!(await execute(register, closeCount, closeCountInput(id), as('officer.destination'))).ok);

      const first = ok(await execute(register, arriveAtStop, { transfer_id: id, counted: lodge(firstStop, people.slice(0, 2)), receiving_official: 'Sergeant P. Fictional', occurred_at: '2026-03-01T18:00:00+03:00' }, as('officer.station')), 'arrive');
      assert.deepEqual([first.stop, first.arrived, first.unaccounted.map((u) => u.person_id)], [0, 2, [people[2]!.person_id]]);
      // Examined on arrival at the stop (MR30), like any arrival in custody.
      const examined = await db.query<{ kind: string }>("SELECT kind FROM task WHERE person_id = $1 AND opened_idx = (SELECT max(idx) FROM event WHERE person_id = $1)", [people[0]!.person_id]);
      assert.deepEqual(examined.rows.map((t) => t.kind), ['medical_examination']);
      const lodged = await db.query<{ custody_status: string; facility_id: string }>('SELECT custody_status, facility_id FROM person WHERE id = $1', [people[0]!.person_id]);
      assert.deepEqual(lodged.rows[0], { custody_status: 'in_custody', facility_id: firstStop.facility_id });
      const missing = await db.query<{ custody_status: string; status: string }>('SELECT p.custody_status, i.status FROM person p JOIN incident i ON i.person_id = p.id WHERE p.id = $1', [people[2]!.person_id]);
      assert.deepEqual(missing.rows, [{ custody_status: 'in_transit', status: 'open' }]);
      assert.deepEqual((await checkRegister(db)).findings, []);

      // Lodged: no second arrival before departing, and no check-in at the destination.
      const again = await execute(register, arriveAtStop, { transfer_id: id, counted: lodge(secondStop, people.slice(0, 2)), receiving_official: 'x', occurred_at: '2026-03-01T19:00:00+03:00' }, as('officer.station'));
      assert.ok(!again.ok && again.rejection.code === 'invalid_transition');

      const left = ok(await execute(register, departFromStop, departure(id, '2026-03-02T06:00:00+03:00'), as('officer.station')), 'depart');
      assert.deepEqual([left.stop, left.departed], [0, 2]);
      assert.deepEqual((await checkRegister(db)).findings, []);
      ok(await execute(register, arriveAtStop, { transfer_id: id, counted: lodge(secondStop, people.slice(0, 2)), receiving_official: 'Clerk H. Fictional', occurred_at: '2026-03-02T18:00:00+03:00' }, as('officer.court')), 'arrive 2');
      ok(await execute(register, departFromStop, departure(id, '2026-03-03T06:00:00+03:00'), as('officer.court')), 'depart 2');
      for (const p of people.slice(0, 2)) ok(await execute(register, checkInPerson, checkInInput(id, p.person_id, p.register_number, destination.units[0]!.id, { occurred_at: '2026-03-03T12:00:00+03:00' }), as('officer.destination')), 'check in');
      ok(await execute(register, closeCount, closeCountInput(id, '2026-03-03T18:00:00+03:00'), as('officer.destination')), 'count');

      const periods = await db.query<{ status: string; facility_id: string | null; transfer_id: string | null }>('SELECT status, facility_id, transfer_id FROM custody_period WHERE person_id = $1 ORDER BY seq', [people[0]!.person_id]);
      assert.deepEqual(
        periods.rows.map((r) => [r.status, r.facility_id ?? r.transfer_id]),
        [['registered', null], ['in_custody', origin.facility_id], ['in_transit', id], ['in_custody', firstStop.facility_id], ['in_transit', id], ['in_custody', secondStop.facility_id], ['in_transit', id], ['in_custody', destination.facility_id]],
      );
      // The one missing since the first stop is found and checked in at the destination; the order closes.
      ok(await execute(register, checkInPerson, checkInInput(id, people[2]!.person_id, people[2]!.register_number, destination.units[0]!.id), as('officer.destination')), 'found');
      ok(await execute(register, closeTransfer, { transfer_id: id }, as('officer.destination')), 'close');
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('someone missed at a stop who turns up at the destination under a wrong number is held in a discrepancy on the escort’s current leg', async () => {
      const [p, other] = await heldAtOrigin(2);
      const id = await withStops([p!], [firstStop]);
      ok(await execute(register, arriveAtStop, { transfer_id: id, counted: [], receiving_official: 'Sergeant P. Fictional', occurred_at: '2026-03-01T18:00:00+03:00' }, as('officer.station')), 'arrive, nobody counted');
      ok(await execute(register, departFromStop, departure(id, '2026-03-02T06:00:00+03:00'), as('officer.station')), 'depart');
      const held = ok(await execute(register, checkInPerson, checkInInput(id, p!.person_id, other!.register_number, destination.units[0]!.id, { occurred_at: '2026-03-02T12:00:00+03:00' }), as('officer.destination')), 'wrong number');
      assert.equal(held.outcome, 'discrepancy');
      const row = await db.query<{ status: string; leg: number; next_stop: number }>('SELECT tp.status, tp.leg, t.next_stop FROM transfer_person tp JOIN transfer t ON t.id = tp.transfer_id WHERE tp.transfer_id = $1', [id]);
      assert.deepEqual(row.rows[0], { status: 'discrepancy', leg: row.rows[0]!.next_stop, next_stop: 1 });
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('refused and nothing written: a stop that is the origin, a number not on the order at a stop, a departure with nobody lodged; a rejection after a stop returns the persons to the stop', async () => {
      const people = await heldAtOrigin(2);
      const bad = await execute(register, createTransfer, { transfer_id: randomUUID(), origin: atFacility(origin.facility_id), destination: atFacility(destination.facility_id), reason: 'x', persons: [people[0]!.person_id], stops: [firstStop.facility_id, origin.facility_id] }, creator());
      assert.ok(!bad.ok && bad.rejection.code === 'invalid_value' && bad.rejection.field === '/stops/1');
      const unknown = await execute(register, createTransfer, { transfer_id: randomUUID(), origin: atFacility(origin.facility_id), destination: atFacility(destination.facility_id), reason: 'x', persons: [people[0]!.person_id], stops: [randomUUID()] }, creator());
      assert.ok(!unknown.ok && unknown.rejection.code === 'not_found' && unknown.rejection.field === '/stops/0');

      const id = await withStops(people, [firstStop]);
      const before = await counts(db);
      const stranger = aPerson();
      const wrong = await execute(register, arriveAtStop, { transfer_id: id, counted: [...lodge(firstStop, people), { register_number: stranger.register_number, unit_id: firstStop.units[0]!.id }], receiving_official: 'Sergeant P.', occurred_at: '2026-03-01T18:00:00+03:00' }, as('officer.station'));
      assert.ok(!wrong.ok && wrong.rejection.code === 'not_found' && wrong.rejection.field === '/counted/2/register_number', JSON.stringify(wrong));
      const women = await execute(register, arriveAtStop, { transfer_id: id, counted: people.map((p) => ({ register_number: p.register_number, unit_id: firstStop.units[1]!.id })), receiving_official: 'Sergeant P.', occurred_at: '2026-03-01T18:00:00+03:00' }, as('officer.station'));
      assert.ok(!women.ok && women.rejection.code === 'separation_violation' && women.rejection.field === '/counted/0/unit_id', JSON.stringify(women));
      const notLodged = await execute(register, departFromStop, departure(id, '2026-03-02T06:00:00+03:00'), as('officer.station'));
      assert.ok(!notLodged.ok && notLodged.rejection.code === 'invalid_transition');
      assert.deepEqual(await counts(db), before);

      ok(await execute(register, arriveAtStop, { transfer_id: id, counted: lodge(firstStop, people), receiving_official: 'Sergeant P.', occurred_at: '2026-03-01T18:00:00+03:00' }, as('officer.station')), 'arrive');
      ok(await execute(register, departFromStop, departure(id, '2026-03-02T06:00:00+03:00'), as('officer.station')), 'depart');
      ok(await execute(register, rejectTransfer, { transfer_id: id, reason: 'no order at the destination', receiving_official: 'Warden D.', occurred_at: '2026-03-02T12:00:00+03:00' }, as('officer.destination')), 'reject');
      const back = await db.query<{ facility_id: string }>('SELECT facility_id FROM person WHERE id = ANY($1::uuid[])', [people.map((p) => p.person_id)]);
      assert.deepEqual(back.rows.map((r) => r.facility_id), [firstStop.facility_id, firstStop.facility_id]);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('through the API: an order with a stop is created, lodged at the stop and departs; the order shows where its escort is', async () => {
      const app = buildServer({ db, register, passwordCost: cheap });
      try {
        await app.ready();
        for (const [username, role] of [['legs.officer', 'facility_officer'], ['legs.supervisor', 'supervisor']] as const) await createAccount(db, { username, displayName: username, role, password, scope: wholeRegister }, { cost: cheap });
        const officer = clientFor(app, await login(app, 'legs.officer'));
        const supervisor = clientFor(app, await login(app, 'legs.supervisor'));
        const people = await heldAtOrigin(1);
        const created = await officer('POST', '/api/transfers', { body: { origin: atFacility(origin.facility_id), destination: atFacility(destination.facility_id), reason: 'trial', persons: [people[0]!.person_id], stops: [firstStop.facility_id] } });
        assert.equal(created.statusCode, 201, created.body);
        const id = created.json().transfer_id;
        assert.equal((await supervisor('POST', `/api/transfers/${id}/approval`, { body: {} })).statusCode, 201);
        const { transfer_id: _t, ...dispatch } = dispatchInput(id, '2026-03-01T06:00:00+03:00');
        assert.equal((await officer('POST', `/api/transfers/${id}/dispatch`, { body: dispatch })).statusCode, 201);
        const arrived = await officer('POST', `/api/transfers/${id}/stop-arrivals`, { body: { counted: lodge(firstStop, people), receiving_official: 'Sergeant P.', occurred_at: '2026-03-01T18:00:00+03:00' } });
        assert.equal(arrived.statusCode, 201, arrived.body);
        const lodged = (await officer('GET', `/api/transfers/${id}`)).json();
        assert.deepEqual([lodged.stops, lodged.at_stop, lodged.next_stop, lodged.members[0].status], [[firstStop.facility_id], 0, 1, 'at_stop']);
        const { transfer_id: _d, ...leave } = departure(id, '2026-03-02T06:00:00+03:00');
        const left = await officer('POST', `/api/transfers/${id}/stop-departures`, { body: leave });
        assert.equal(left.statusCode, 201, left.body);
        assert.deepEqual(left.json(), { transfer_id: id, stop: 0, departed: 1 });
        const twice = await officer('POST', `/api/transfers/${id}/stop-departures`, { body: leave });
        assert.deepEqual([twice.statusCode, twice.json().code, twice.json().field], [409, 'invalid_transition', '/params/id']);
      } finally {
        await app.close();
      }
    });

    test('check: a person in transit who is not on the open leg of their transfer is a finding', async () => {
      const people = await heldAtOrigin(1);
      const id = await withStops(people, [firstStop]);
      await db.query('UPDATE transfer_person SET leg = 1 WHERE transfer_id = $1', [id]);
      const findings = (await checkRegister(db)).findings.filter((f) => f.check === 'custody');
      assert.equal(findings.length, 1, JSON.stringify(findings));
      assert.match(findings[0]!.message, new RegExp(`in_transit on leg 1 of transfer ${id}, but its escort is on leg 0`));
      await db.query('UPDATE transfer_person SET leg = 0 WHERE transfer_id = $1', [id]);
    });
  });
}
