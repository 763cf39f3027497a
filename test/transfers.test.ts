import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import {
  approvedTransfer,
  as,
  atFacility,
  checkInInput,
  checkInPerson,
  closeCount,
  closeCountInput,
  creator,
  dispatchInput,
  dispatchTransfer,
  ok,
} from './support/transfers.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { createTransfer } from '../src/commands/create-transfer.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { cancelTransfer } from '../src/commands/cancel-transfer.ts';
import { rejectTransfer } from '../src/commands/reject-transfer.ts';
import { closeTransfer } from '../src/commands/close-transfer.ts';
import { recordSafeguards } from '../src/commands/record-safeguards.ts';
import { checkInBatch } from '../src/commands/check-in-batch.ts';
import { refusePerson } from '../src/commands/refuse-person.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';
import type { RegisterPerson } from '../src/domain/person.ts';

async function counts(db: Database) {
  const { rows } = await db.query('SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM custody_period) AS periods, (SELECT string_agg(status, \',\' ORDER BY id) FROM transfer) AS transfers, (SELECT count(*) FROM command) AS commands');
  return rows[0];
}

for (const backend of backends) {
  describe(`transfers on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const origin = aFacility({ name: 'Fictional Origin Prison' });
    const destination = aFacility({ name: 'Fictional Destination Prison', capacity: { men_untried: 100, women_untried: 20, boys_untried: 10 } });
    const clock = { now: new Date('2026-03-02T00:00:00Z') };

    /** Register and admit persons at the origin. */
    async function heldAtOrigin(n: number, overrides: Partial<RegisterPerson> = {}): Promise<RegisterPerson[]> {
      const people = Array.from({ length: n }, () => aPerson(overrides));
      for (const p of people) {
        ok(await execute(register, registerPerson, p, as('clerk.one', 'registration_clerk')), 'register');
        ok(await execute(register, admitPerson, anAdmission(p.person_id, origin, { admitted_at: '2026-02-01T10:00:00+03:00' }), as('clerk.one', 'registration_clerk')), 'admit');
      }
      return people;
    }

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => clock.now };
      ok(await execute(register, registerFacility, origin, as('admin', 'supervisor')), 'origin');
      ok(await execute(register, registerFacility, destination, as('admin', 'supervisor')), 'destination');
    });
    after(() => db.close());

    test('create → approve → dispatch → check in all but one → close the count: the missing person is an open unaccounted incident, and the register checks', async () => {
      const people = await heldAtOrigin(4);
      const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), people.map((p) => p.person_id));
      const dispatched = ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
      assert.equal(dispatched.dispatched, 4);
      const inTransit = await db.query<{ custody_status: string; facility_id: string | null }>('SELECT custody_status, facility_id FROM person WHERE id = ANY($1::uuid[])', [people.map((p) => p.person_id)]);
      assert.ok(inTransit.rows.every((r) => r.custody_status === 'in_transit' && r.facility_id === null));
      const period = await db.query<{ status: string; transfer_id: string }>('SELECT status, transfer_id FROM custody_period WHERE person_id = $1 AND to_idx IS NULL', [people[0]!.person_id]);
      assert.deepEqual(period.rows, [{ status: 'in_transit', transfer_id: id }]);

      for (const p of people.slice(0, 3)) {
        // Typed as a clerk might: lower case, no hyphens.
        const typed = p.register_number.toLowerCase().replace(/-/g, '');
        const res = ok(await execute(register, checkInPerson, checkInInput(id, p.person_id, typed, destination.units[0]!.id), as('officer.destination')), 'check in');
        assert.equal(res.outcome, 'received');
      }
      const received = await db.query<{ custody_status: string; facility_id: string }>('SELECT custody_status, facility_id FROM person WHERE id = $1', [people[0]!.person_id]);
      assert.deepEqual(received.rows[0], { custody_status: 'in_custody', facility_id: destination.facility_id });
      const tasks = await db.query<{ kind: string }>("SELECT kind FROM task WHERE person_id = $1 AND opened_idx = (SELECT max(idx) FROM event WHERE person_id = $1) ORDER BY kind", [people[0]!.person_id]);
      assert.deepEqual(tasks.rows.map((t) => t.kind), ['medical_examination', 'notify_family']);

      const counted = ok(await execute(register, closeCount, closeCountInput(id), as('officer.destination')), 'close count');
      assert.equal(counted.received, 3);
      assert.deepEqual(counted.unaccounted.map((u) => u.person_id), [people[3]!.person_id]);
      const incident = await db.query<{ kind: string; status: string; owner: string; opened_at: Date; transfer_id: string }>('SELECT kind, status, owner, opened_at, transfer_id FROM incident WHERE person_id = $1', [people[3]!.person_id]);
      assert.equal(incident.rows.length, 1);
      assert.deepEqual({ ...incident.rows[0], opened_at: incident.rows[0]!.opened_at.toISOString() }, { kind: 'unaccounted', status: 'open', owner: 'officer.destination', opened_at: '2026-03-01T15:00:00.000Z', transfer_id: id });
      const transfer = await db.query<{ status: string; releasing_official: string; receiving_official: string }>('SELECT status, releasing_official, receiving_official FROM transfer WHERE id = $1', [id]);
      assert.deepEqual(transfer.rows[0], { status: 'received', releasing_official: 'Warden R. Fictional', receiving_official: 'Warden D. Fictional' });

      // Still in transit under an open transfer, so it cannot be closed yet.
      const early = await execute(register, closeTransfer, { transfer_id: id }, as('officer.destination'));
      assert.equal(!early.ok && early.rejection.code, 'invalid_transition');

      const report = await checkRegister(db);
      assert.deepEqual(report.findings, []);

      // Found later: the check-in closes the incident, and the order can be closed.
      const missing = people[3]!;
      ok(await execute(register, checkInPerson, checkInInput(id, missing.person_id, missing.register_number, destination.units[0]!.id), as('officer.destination')), 'late check in');
      const closedIncident = await db.query<{ status: string }>('SELECT status FROM incident WHERE person_id = $1', [missing.person_id]);
      assert.equal(closedIncident.rows[0]!.status, 'closed');
      ok(await execute(register, closeTransfer, { transfer_id: id }, as('officer.destination')), 'close');
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a mismatched register number holds the person in a discrepancy, not admitted', async () => {
      const [p, other] = await heldAtOrigin(2);
      const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [p!.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
      const res = ok(await execute(register, checkInPerson, checkInInput(id, p!.person_id, other!.register_number, destination.units[0]!.id), as('officer.destination')), 'check in');
      assert.equal(res.outcome, 'discrepancy');
      const person = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [p!.person_id]);
      assert.equal(person.rows[0]!.custody_status, 'in_transit');
      const member = await db.query<{ status: string; discrepancy: { typed: string } }>('SELECT status, discrepancy FROM transfer_person WHERE transfer_id = $1', [id]);
      assert.equal(member.rows[0]!.status, 'discrepancy');
      assert.equal(member.rows[0]!.discrepancy.typed, other!.register_number);
      // A person in a discrepancy does not block the count, and is not an incident.
      const counted = ok(await execute(register, closeCount, closeCountInput(id), as('officer.destination')), 'close count');
      assert.deepEqual([counted.discrepancies, counted.unaccounted.length], [1, 0]);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a dispatch without approval is refused and writes nothing', async () => {
      const [p] = await heldAtOrigin(1);
      const transfer_id = randomUUID();
      ok(await execute(register, createTransfer, { transfer_id, origin: atFacility(origin.facility_id), destination: atFacility(destination.facility_id), reason: 'hearing', persons: [p!.person_id] }, creator()), 'create');
      const before = await counts(db);
      const refused = await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin'));
      assert.equal(!refused.ok && refused.rejection.code, 'invalid_transition');
      assert.deepEqual(await counts(db), before);
    });

    test('the creator cannot approve their own order; a cancelled order cannot be dispatched, and one in transit cannot be cancelled', async () => {
      const [p, q] = await heldAtOrigin(2);
      const transfer_id = randomUUID();
      ok(await execute(register, createTransfer, { transfer_id, origin: atFacility(origin.facility_id), destination: atFacility(destination.facility_id), reason: 'hearing', persons: [p!.person_id] }, as('supervisor.one', 'supervisor')), 'create');
      const own = await execute(register, approveTransfer, { transfer_id }, as('supervisor.one', 'supervisor'));
      assert.equal(!own.ok && own.rejection.code, 'forbidden');
      ok(await execute(register, cancelTransfer, { transfer_id, code: 'escort_unavailable', note: '' }, creator()), 'cancel');
      const late = await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin'));
      assert.equal(!late.ok && late.rejection.code, 'invalid_transition');

      const moving = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [q!.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(moving), as('officer.origin')), 'dispatch');
      const cancel = await execute(register, cancelTransfer, { transfer_id: moving, code: 'order_withdrawn', note: '' }, creator());
      assert.equal(!cancel.ok && cancel.rejection.code, 'invalid_transition');
    });

    test('a person already in transit cannot be put on a second dispatched transfer', async () => {
      const [p] = await heldAtOrigin(1);
      const first = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [p!.person_id]);
      const second = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [p!.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(first), as('officer.origin')), 'dispatch');
      const before = await counts(db);
      const again = await execute(register, dispatchTransfer, dispatchInput(second), as('officer.origin'));
      assert.ok(!again.ok);
      assert.equal(again.rejection.code, 'invalid_transition');
      assert.match(again.rejection.message, new RegExp(`already in transit on transfer ${first}`));
      assert.equal(again.rejection.field, '/persons/0');
      assert.deepEqual(await counts(db), before);
    });

    test('rejected at arrival: the return leg puts everyone back in the unit they left', async () => {
      const people = await heldAtOrigin(2);
      const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), people.map((p) => p.person_id));
      ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
      const res = ok(await execute(register, rejectTransfer, { transfer_id: id, reason: 'no order received at the destination', receiving_official: 'Warden D. Fictional', occurred_at: '2026-03-01T12:00:00+03:00' }, as('officer.destination')), 'reject');
      assert.equal(res.returned, 2);
      const back = await db.query<{ custody_status: string; facility_id: string; unit_id: string }>('SELECT custody_status, facility_id, unit_id FROM person WHERE id = ANY($1::uuid[])', [people.map((p) => p.person_id)]);
      for (const row of back.rows) assert.deepEqual(row, { custody_status: 'in_custody', facility_id: origin.facility_id, unit_id: origin.units[0]!.id });
      ok(await execute(register, closeTransfer, { transfer_id: id }, as('officer.origin')), 'close');
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('the list scanned at the gate is checked in as one batch; a person refused alone goes back to the unit they left; the count settles everyone', async () => {
      const people = await heldAtOrigin(5);
      const [a, b, c, d, e] = people as [RegisterPerson, RegisterPerson, RegisterPerson, RegisterPerson, RegisterPerson];
      const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), people.map((p) => p.person_id));
      ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
      const unit_id = destination.units[0]!.id;
      const batch = {
        transfer_id: id,
        receiving_official: 'Officer D. Fictional',
        occurred_at: '2026-03-01T12:00:00+03:00',
        arrivals: [
          { person_id: a.person_id, register_number: a.register_number.toLowerCase(), unit_id },
          { person_id: b.person_id, register_number: b.register_number, unit_id },
          { person_id: c.person_id, register_number: c.register_number, unit_id },
          // Scanned as someone else's number: held in a discrepancy, not admitted.
          { person_id: d.person_id, register_number: a.register_number, unit_id },
        ],
      };
      const done = ok(await execute(register, checkInBatch, batch, as('officer.destination')), 'batch check-in');
      assert.deepEqual(done, { transfer_id: id, received: 3, discrepancies: 1, handed_over: 0 });
      const statuses = await db.query<{ person_id: string; status: string }>('SELECT person_id, status FROM transfer_person WHERE transfer_id = $1', [id]);
      assert.deepEqual(new Map(statuses.rows.map((r) => [r.person_id, r.status])), new Map([[a.person_id, 'received'], [b.person_id, 'received'], [c.person_id, 'received'], [d.person_id, 'discrepancy'], [e.person_id, 'in_transit']]));
      const placed = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM person WHERE facility_id = $1 AND custody_status = 'in_custody' AND id = ANY($2::uuid[])", [destination.facility_id, [a.person_id, b.person_id, c.person_id]]);
      assert.equal(placed.rows[0]!.n, 3);

      // The receiver refuses the person in the discrepancy: a reason and an official are required.
      const refusal = { transfer_id: id, person_id: d.person_id, reason: 'identity not established at the gate', receiving_official: 'Warden D. Fictional', occurred_at: '2026-03-01T13:00:00+03:00' };
      const noReason = await execute(register, refusePerson, { ...refusal, reason: ' ' }, as('officer.destination'));
      assert.deepEqual(!noReason.ok && [noReason.rejection.code, noReason.rejection.field], ['missing_item', '/reason']);
      const received = await execute(register, refusePerson, { ...refusal, person_id: a.person_id }, as('officer.destination'));
      assert.deepEqual(!received.ok && [received.rejection.code, received.rejection.field], ['invalid_transition', '/person_id']);
      ok(await execute(register, refusePerson, refusal, as('officer.destination')), 'refuse');
      const back = await db.query('SELECT custody_status, facility_id, unit_id FROM person WHERE id = $1', [d.person_id]);
      assert.deepEqual(back.rows[0], { custody_status: 'in_custody', facility_id: origin.facility_id, unit_id: origin.units[0]!.id });
      const member = await db.query('SELECT status, refusal FROM transfer_person WHERE transfer_id = $1 AND person_id = $2', [id, d.person_id]);
      assert.deepEqual(member.rows[0], { status: 'returned', refusal: { reason: 'identity not established at the gate', receiving_official: 'Warden D. Fictional' } });
      // Back in the unit left: examined on arrival and the family told, as at any arrival.
      const returnTasks = await db.query<{ kind: string }>("SELECT kind FROM task WHERE person_id = $1 AND opened_idx = (SELECT max(idx) FROM event WHERE person_id = $1) ORDER BY kind", [d.person_id]);
      assert.deepEqual(returnTasks.rows.map((t) => t.kind), ['medical_examination', 'notify_family']);

      // Closing the count: the one never scanned becomes an incident; everyone is settled.
      const counted = ok(await execute(register, closeCount, closeCountInput(id), as('officer.destination')), 'close count');
      assert.deepEqual([counted.received, counted.discrepancies, counted.unaccounted.map((u) => u.person_id)], [3, 0, [e.person_id]]);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a batch check-in is all or nothing and names the arrival at fault', async () => {
      const tight = aFacility({ name: 'Fictional Tight Prison', capacity: { men_untried: 2 } });
      ok(await execute(register, registerFacility, tight, as('admin', 'supervisor')), 'tight');
      const people = await heldAtOrigin(3);
      const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(tight.facility_id), people.map((p) => p.person_id));
      ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
      const unit_id = tight.units[0]!.id;
      const arrivals = people.map((p) => ({ person_id: p.person_id, register_number: p.register_number, unit_id }));
      const batch = { transfer_id: id, receiving_official: 'Officer D. Fictional', occurred_at: '2026-03-01T12:00:00+03:00', arrivals };
      const before = await counts(db);
      const cases: [unknown, string, string][] = [
        // The third arrival finds the facility full: the first two are not written either.
        [batch, 'capacity_exceeded', '/arrivals/2/unit_id'],
        [{ ...batch, arrivals: [arrivals[0], arrivals[0]] }, 'invalid_value', '/arrivals/1/person_id'],
        [{ ...batch, arrivals: [arrivals[0], { ...arrivals[1]!, unit_id: undefined }] }, 'missing_item', '/arrivals/1/unit_id'],
        [{ ...batch, arrivals: [arrivals[0], { ...arrivals[1]!, person_id: randomUUID() }] }, 'not_found', '/arrivals/1/person_id'],
        [{ ...batch, arrivals: [] }, 'missing_item', '/arrivals'],
        [{ ...batch, receiving_official: '' }, 'missing_item', '/receiving_official'],
      ];
      for (const [input, code, field] of cases) {
        const refused = await execute(register, checkInBatch, input as never, as('officer.destination'));
        assert.deepEqual(!refused.ok && [refused.rejection.code, refused.rejection.field], [code, field]);
      }
      assert.deepEqual(await counts(db), before);
      const two = ok(await execute(register, checkInBatch, { ...batch, arrivals: arrivals.slice(0, 2) }, as('officer.destination')), 'two fit');
      assert.equal(two.received, 2);
    });

    test('check-in respects MR11 and capacity; a supervisor may override capacity with a reason', async () => {
      const small = aFacility({ name: 'Fictional Small Prison', capacity: { men_untried: 0, women_untried: 5 } });
      ok(await execute(register, registerFacility, small, as('admin', 'supervisor')), 'small');
      const [p] = await heldAtOrigin(1);
      const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(small.facility_id), [p!.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
      const women = await execute(register, checkInPerson, checkInInput(id, p!.person_id, p!.register_number, small.units[1]!.id), as('officer.destination'));
      assert.equal(!women.ok && women.rejection.code, 'separation_violation');
      const full = await execute(register, checkInPerson, checkInInput(id, p!.person_id, p!.register_number, small.units[0]!.id), as('officer.destination'));
      assert.equal(!full.ok && full.rejection.code, 'capacity_exceeded');
      const officer = await execute(register, checkInPerson, checkInInput(id, p!.person_id, p!.register_number, small.units[0]!.id, { capacity_override: { reason: 'court order' } }), as('officer.destination'));
      assert.equal(!officer.ok && officer.rejection.code, 'forbidden');
      ok(await execute(register, checkInPerson, checkInInput(id, p!.person_id, p!.register_number, small.units[0]!.id, { capacity_override: { reason: 'court order, no other place' } }), as('supervisor.duty', 'supervisor')), 'override');
    });

    test('to another state: approval is refused until every person has a safeguards assessment, naming the first missing; arrival is the handover', async () => {
      const people = await heldAtOrigin(2, { nationalities: ['FR'] });
      const transfer_id = randomUUID();
      const abroad = { kind: 'authority' as const, name: 'Fictional Ministry of Justice', country: 'FR' };
      ok(await execute(register, createTransfer, { transfer_id, origin: atFacility(origin.facility_id), destination: abroad, reason: 'repatriation', persons: people.map((p) => p.person_id) }, creator()), 'create');
      const assessment = {
        receiving_state: 'FR',
        risks: {
          torture: { finding: 'no_real_risk' as const, reasoning: 'fictional country report' },
          death_penalty: { finding: 'no_real_risk' as const, reasoning: 'abolished' },
          persecution: { finding: 'no_real_risk' as const, reasoning: 'no indication' },
        },
        detainee_heard: { heard_on: '2026-02-20', summary: 'wishes to return' },
        assurances: 'diplomatic note (fictional)',
        approved_by: 'Director S. Fictional',
      };
      ok(await execute(register, recordSafeguards, { transfer_id, person_id: people[0]!.person_id, assessment }, creator()), 'safeguards');
      const refused = await execute(register, approveTransfer, { transfer_id }, as('supervisor.duty', 'supervisor'));
      assert.ok(!refused.ok);
      assert.equal(refused.rejection.code, 'missing_item');
      // A register number may end in a check symbol such as $ or *: compare as text, not as a pattern.
      assert.ok(refused.rejection.message.includes(people[1]!.register_number), refused.rejection.message);
      ok(await execute(register, recordSafeguards, { transfer_id, person_id: people[1]!.person_id, assessment }, creator()), 'safeguards');
      ok(await execute(register, approveTransfer, { transfer_id }, as('supervisor.duty', 'supervisor')), 'approve');
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin')), 'dispatch');
      const handed = ok(await execute(register, checkInPerson, checkInInput(transfer_id, people[0]!.person_id, people[0]!.register_number, '', { unit_id: undefined, receipt_reference: 'FR-RCPT-1' }), as('officer.escort')), 'handover');
      assert.equal(handed.outcome, 'handed_over');
      const state = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [people[0]!.person_id]);
      assert.equal(state.rows[0]!.custody_status, 'handed_over');
      ok(await execute(register, closeCount, closeCountInput(transfer_id), as('officer.escort')), 'count');
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    if (backend.name === 'postgres') {
      test('50 concurrent check-ins of one person: exactly one succeeds, the others are refused with a conflict', async () => {
        const [p] = await heldAtOrigin(1);
        const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [p!.person_id]);
        ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => execute(register, checkInPerson, checkInInput(id, p!.person_id, p!.register_number, destination.units[0]!.id), as(`officer.gate${i}`))),
        );
        assert.equal(outcomes.filter((o) => o.ok).length, 1);
        for (const o of outcomes.filter((o) => !o.ok)) assert.equal(!o.ok && o.rejection.code, 'invalid_transition');
        const events = await db.query("SELECT 1 FROM event WHERE person_id = $1 AND kind = 'person.checked_in'", [p!.person_id]);
        assert.equal(events.rows.length, 1);
      });

      test('two receivers closing the count of one transfer: one wins', async () => {
        const people = await heldAtOrigin(2);
        const id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), people.map((p) => p.person_id));
        ok(await execute(register, dispatchTransfer, dispatchInput(id), as('officer.origin')), 'dispatch');
        const outcomes = await Promise.all([execute(register, closeCount, closeCountInput(id), as('officer.a')), execute(register, closeCount, closeCountInput(id), as('officer.b'))]);
        assert.equal(outcomes.filter((o) => o.ok).length, 1);
        const lost = outcomes.find((o) => !o.ok);
        assert.equal(lost && !lost.ok && lost.rejection.code, 'invalid_transition');
        const incidents = await db.query('SELECT 1 FROM incident WHERE transfer_id = $1', [id]);
        assert.equal(incidents.rows.length, 2);
        assert.deepEqual((await checkRegister(db)).findings, []);
      });
    }
  });
}
