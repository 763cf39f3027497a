import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { approvedTransfer, as, atFacility, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { openRollCall } from '../src/commands/open-roll-call.ts';
import { countRollCall } from '../src/commands/count-roll-call.ts';
import { reconcileRollCall } from '../src/commands/reconcile-roll-call.ts';
import { resolveRollCallDiscrepancy } from '../src/commands/resolve-roll-call-discrepancy.ts';
import { signOffRollCall } from '../src/commands/sign-off-roll-call.ts';
import { rollCallReport } from '../src/queries/roll-call-report.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import type { RegisterPerson } from '../src/domain/person.ts';

/** Everything a roll-call command could write. */
async function counts(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM command) AS commands,
            (SELECT string_agg(id || ':' || status || ':' || counted, ',' ORDER BY id) FROM roll_call) AS roll_calls,
            (SELECT count(*) FROM roll_call_count) AS counted, (SELECT count(*) FROM person_seen) AS seen,
            (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM roll_call_discrepancy) AS discrepancies`,
  );
  return rows[0];
}

const officer = (name = 'officer.a') => as(name, 'facility_officer');
const supervisor = (name = 'supervisor.s') => as(name, 'supervisor');

for (const backend of backends) {
  describe(`roll calls on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    // 12:00 in Baghdad on 2 March 2026.
    const now = new Date('2026-03-02T09:00:00Z');

    /** A facility with two men's units, registered. */
    async function aPrison(name: string): Promise<RegisterFacility> {
      const f = aFacility({ name, units: [{ id: randomUUID(), name: 'Block A', category: 'men_untried' }, { id: randomUUID(), name: 'Block B', category: 'men_untried' }] });
      ok(await execute(register, registerFacility, f, supervisor('admin')), 'facility');
      return f;
    }

    /** Register n persons and admit them to a unit. */
    async function heldAt(facility: RegisterFacility, n: number, unit = 0, admitted_at = '2026-02-20T10:00:00+03:00'): Promise<RegisterPerson[]> {
      const people = Array.from({ length: n }, () => aPerson());
      for (const p of people) {
        ok(await execute(register, registerPerson, p, as('clerk.one', 'registration_clerk')), 'register');
        ok(await execute(register, admitPerson, anAdmission(p.person_id, facility, { unit_id: facility.units[unit]!.id, admitted_at }), as('clerk.one', 'registration_clerk')), 'admit');
      }
      return people;
    }

    async function opened(facility: RegisterFacility, unit_id: string | null = null, by = officer()): Promise<string> {
      const roll_call_id = randomUUID();
      ok(await execute(register, openRollCall, { roll_call_id, facility_id: facility.facility_id, unit_id }, by), 'open');
      return roll_call_id;
    }

    const count = (roll_call_id: string, register_numbers: string[], by = officer(), occurred_at?: string) =>
      execute(register, countRollCall, { roll_call_id, register_numbers, ...(occurred_at ? { occurred_at } : {}) }, by);

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => now };
    });
    after(() => db.close());

    test('open → count in a batch and by single scans → reconcile → resolve each discrepancy with a reason → signed off by another official; the report shows it and the register checks', async () => {
      const prison = await aPrison('Fictional Roll Prison');
      const other = await aPrison('Fictional Other Prison');
      const inA = await heldAt(prison, 4);
      const [inB] = await heldAt(prison, 1, 1);
      const [elsewhere] = await heldAt(other, 1);
      const nobody = '0000-0004-4';
      const id = await opened(prison);

      // A scanner's batch: one person twice, one typed in lower case without hyphens, and
      // someone the register holds in another facility.
      const batch = ok(
        await count(id, [inA[0]!.register_number, inA[1]!.register_number, inA[2]!.register_number.toLowerCase().replace(/-/g, ''), inA[0]!.register_number, elsewhere!.register_number]),
        'batch',
      );
      assert.deepEqual({ ...batch, not_on_register: batch.not_on_register }, { roll_call_id: id, newly_counted: 4, repeated: 1, total_counted: 4, not_on_register: [] });
      // A single scan by a second officer, then the same scan again: the repeat writes no event.
      ok(await count(id, [inB!.register_number], officer('officer.b')), 'single scan');
      const before = await counts(db);
      const repeat = ok(await count(id, [inB!.register_number], officer('officer.b')), 'repeat');
      assert.deepEqual([repeat.newly_counted, repeat.repeated, repeat.total_counted], [0, 1, 5]);
      assert.deepEqual({ ...(await counts(db)), commands: before!.commands }, before);
      const stranger = ok(await count(id, [nobody]), 'a number on nobody’s record');
      assert.deepEqual(stranger.not_on_register, [nobody]);

      const reconciled = ok(await execute(register, reconcileRollCall, { roll_call_id: id }, officer()), 'reconcile');
      assert.deepEqual([reconciled.expected, reconciled.counted], [5, 6]);
      assert.deepEqual(
        reconciled.discrepancies.map((d) => [d.kind, d.register_number, d.person_id, d.held]),
        [
          ['expected_not_counted', inA[3]!.register_number, inA[3]!.person_id, { status: 'in_custody', facility_id: prison.facility_id, unit_id: prison.units[0]!.id, transfer_id: null }],
          ...[
            ['counted_not_expected', elsewhere!.register_number, elsewhere!.person_id, { status: 'in_custody', facility_id: other.facility_id, unit_id: other.units[0]!.id, transfer_id: null }],
            ['counted_not_expected', nobody, null, null],
          ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
        ],
      );

      // Sign-off is refused while anything is unresolved; a resolution needs a reason. Neither writes anything.
      const snapshot = await counts(db);
      const early = await execute(register, signOffRollCall, { roll_call_id: id }, supervisor());
      assert.ok(!early.ok && early.rejection.code === 'invalid_transition' && early.rejection.message.includes('3 discrepancies are unresolved'), JSON.stringify(early));
      const [first, ...rest] = reconciled.discrepancies;
      const silent = await execute(register, resolveRollCallDiscrepancy, { roll_call_id: id, discrepancy_id: first!.discrepancy_id, reason: ' ' }, officer());
      assert.ok(!silent.ok && silent.rejection.code === 'missing_item' && silent.rejection.field === '/reason');
      assert.deepEqual(await counts(db), snapshot);

      ok(await execute(register, resolveRollCallDiscrepancy, { roll_call_id: id, discrepancy_id: first!.discrepancy_id, reason: 'in the clinic, seen there by Officer K.' }, officer()), 'resolve');
      const twice = await execute(register, resolveRollCallDiscrepancy, { roll_call_id: id, discrepancy_id: first!.discrepancy_id, reason: 'again' }, officer());
      assert.ok(!twice.ok && twice.rejection.code === 'invalid_transition');
      for (const d of rest) ok(await execute(register, resolveRollCallDiscrepancy, { roll_call_id: id, discrepancy_id: d.discrepancy_id, reason: 'visitor’s wristband misread; reported to the other facility' }, supervisor('supervisor.t')), 'resolve');

      // Whoever took part in the count may not certify it, whatever their role.
      const own = await execute(register, signOffRollCall, { roll_call_id: id }, supervisor('officer.b'));
      assert.ok(!own.ok && own.rejection.code === 'forbidden');
      // Nor may whoever resolved its discrepancies: that judgement is what the sign-off checks.
      const resolver = await execute(register, signOffRollCall, { roll_call_id: id }, supervisor('supervisor.t'));
      assert.ok(!resolver.ok && resolver.rejection.code === 'forbidden', JSON.stringify(resolver));
      const signed = ok(await execute(register, signOffRollCall, { roll_call_id: id }, supervisor()), 'sign off');
      assert.equal(signed.signed_by, 'supervisor.s');
      const late = await count(id, [inA[3]!.register_number]);
      assert.ok(!late.ok && late.rejection.code === 'invalid_transition');

      const report = await rollCallReport(db, { facility_id: prison.facility_id, date: '2026-03-02', now });
      assert.equal(report.register_roll.in_custody, 5);
      assert.deepEqual(report.register_roll.by_unit.map((u) => [u.unit_name, u.in_custody]), [['Block A', 4], ['Block B', 1]]);
      assert.equal(report.roll_calls.length, 1);
      const rc = report.roll_calls[0]!;
      assert.deepEqual(
        { status: rc.status, expected: rc.expected, counted: rc.counted, counted_by: rc.counted_by, opened_by: rc.opened_by, reconciled_by: rc.reconciled_by, signed_off_by: rc.signed_off_by, unresolved: rc.unresolved },
        { status: 'signed_off', expected: 5, counted: 6, counted_by: ['officer.a', 'officer.b'], opened_by: 'officer.a', reconciled_by: 'officer.a', signed_off_by: 'supervisor.s', unresolved: 0 },
      );
      const named = rc.discrepancies.find((d) => d.register_number === elsewhere!.register_number)!;
      assert.deepEqual([named.held?.facility_name, named.held?.unit_name, named.status, named.resolved_by], ['Fictional Other Prison', 'Block A', 'resolved', 'supervisor.t']);
      assert.equal(rc.discrepancies.find((d) => d.kind === 'expected_not_counted')!.reason, 'in the clinic, seen there by Officer K.');
      // Another day has no roll call.
      assert.equal((await rollCallReport(db, { facility_id: prison.facility_id, date: '2026-03-01', now })).roll_calls.length, 0);

      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a unit’s roll call expects only that unit; someone counted from another unit, or in transit, is a discrepancy naming where the register holds them', async () => {
      const prison = await aPrison('Fictional Unit Prison');
      const destination = await aPrison('Fictional Destination Prison');
      const inA = await heldAt(prison, 3);
      const [inB] = await heldAt(prison, 1, 1);
      const leaving = inA[2]!;
      const transfer = await approvedTransfer(register, atFacility(prison.facility_id), atFacility(destination.facility_id), [leaving.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer, '2026-03-02T08:00:00+03:00'), officer('officer.gate')), 'dispatch');
      const id = await opened(prison, prison.units[0]!.id);
      ok(await count(id, [inA[0]!.register_number, inA[1]!.register_number, inB!.register_number, leaving.register_number]), 'count');
      const reconciled = ok(await execute(register, reconcileRollCall, { roll_call_id: id }, officer()), 'reconcile');
      // The person in transit is not expected: the register holds them under the escort.
      assert.equal(reconciled.expected, 2);
      const found = new Map(reconciled.discrepancies.map((d) => [d.register_number, d]));
      assert.equal(found.size, 2);
      assert.deepEqual([found.get(inB!.register_number)!.kind, found.get(inB!.register_number)!.held], ['counted_not_expected', { status: 'in_custody', facility_id: prison.facility_id, unit_id: prison.units[1]!.id, transfer_id: null }]);
      assert.deepEqual([found.get(leaving.register_number)!.kind, found.get(leaving.register_number)!.held], ['counted_not_expected', { status: 'in_transit', facility_id: null, unit_id: null, transfer_id: transfer }]);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('bad input is refused with the field, why, and what is accepted; nothing is written', async () => {
      const prison = await aPrison('Fictional Strict Prison');
      const [p] = await heldAt(prison, 1);
      const id = await opened(prison);
      const reconciledId = await opened(prison);
      ok(await count(reconciledId, [p!.register_number]), 'count');
      ok(await execute(register, reconcileRollCall, { roll_call_id: reconciledId }, officer()), 'reconcile');
      const before = await counts(db);
      const refusals: [Promise<{ ok: boolean; rejection?: { code: string; field?: string; message: string } }>, string, string, RegExp][] = [
        [execute(register, openRollCall, { roll_call_id: randomUUID(), facility_id: randomUUID() }, officer()), 'not_found', '/facility_id', /no facility/],
        [execute(register, openRollCall, { roll_call_id: randomUUID(), facility_id: prison.facility_id, unit_id: randomUUID() }, officer()), 'not_found', '/unit_id', /Block A/],
        [execute(register, openRollCall, { roll_call_id: id, facility_id: prison.facility_id }, officer()), 'duplicate', '/roll_call_id', /already exists/],
        [count(id, [p!.register_number, 'ABCD-EFGH-Z']), 'invalid_value', '/register_numbers/1', /not a register number: give the 9 symbols/],
        [count(id, [p!.register_number, p!.register_number.slice(0, -1) + (p!.register_number.endsWith('0') ? '1' : '0')]), 'invalid_value', '/register_numbers/1', /check/],
        [count(id, []), 'invalid_value', '/register_numbers', /1 to 10,000/],
        [count(id, [p!.register_number], officer(), '2026-03-03T09:00:00+03:00'), 'invalid_value', '/occurred_at', /future/],
        [count(randomUUID(), [p!.register_number]), 'not_found', '/roll_call_id', /no roll call/],
        [count(reconciledId, [p!.register_number]), 'invalid_transition', '/roll_call_id', /count is closed/],
        [execute(register, reconcileRollCall, { roll_call_id: id }, officer()), 'invalid_transition', '/roll_call_id', /nothing has been counted/],
        [execute(register, resolveRollCallDiscrepancy, { roll_call_id: reconciledId, discrepancy_id: randomUUID(), reason: 'x' }, officer()), 'not_found', '/discrepancy_id', /no discrepancy/],
        [execute(register, signOffRollCall, { roll_call_id: id }, supervisor()), 'invalid_transition', '/roll_call_id', /reconcile/],
      ];
      for (const [i, [pending, code, field, message]] of refusals.entries()) {
        const outcome = await pending;
        assert.ok(!outcome.ok, `refusal ${i} was accepted`);
        assert.deepEqual([outcome.rejection!.code, outcome.rejection!.field], [code, field], `refusal ${i}: ${outcome.rejection!.message}`);
        assert.match(outcome.rejection!.message, message, `refusal ${i}`);
      }
      assert.deepEqual(await counts(db), before);
    });

    test('not seen for N days: last seen is the later of the last count and the arrival in custody', async () => {
      const prison = await aPrison('Fictional Quiet Prison');
      const [arrivedLongAgo, countedFiveDaysAgo, countedToday] = await heldAt(prison, 3, 0, '2026-02-20T10:00:00+03:00');
      const [arrivedYesterday] = await heldAt(prison, 1, 1, '2026-03-01T10:00:00+03:00');
      const old = await opened(prison);
      ok(await count(old, [countedFiveDaysAgo!.register_number], officer(), '2026-02-25T08:00:00+03:00'), 'old count');
      const today = await opened(prison);
      ok(await count(today, [countedToday!.register_number]), 'count today');

      const three = await rollCallReport(db, { facility_id: prison.facility_id, not_seen_days: 3, now });
      assert.equal(three.date, '2026-03-02');
      assert.equal(three.not_seen.count, 2);
      assert.deepEqual(
        three.not_seen.persons.map((p) => [p.register_number, p.last_seen_by, p.last_seen_at, p.unit_name]),
        [
          [arrivedLongAgo!.register_number, 'arrival', '2026-02-20T07:00:00.000Z', 'Block A'],
          [countedFiveDaysAgo!.register_number, 'roll_call', '2026-02-25T05:00:00.000Z', 'Block A'],
        ],
      );
      const seven = await rollCallReport(db, { facility_id: prison.facility_id, not_seen_days: 7, now });
      assert.deepEqual(seven.not_seen.persons.map((p) => p.register_number), [arrivedLongAgo!.register_number]);
      assert.ok(!three.not_seen.persons.some((p) => p.person_id === arrivedYesterday!.person_id));
      await assert.rejects(rollCallReport(db, { facility_id: prison.facility_id, not_seen_days: 0, now }), /not seen days/);
      await assert.rejects(rollCallReport(db, { facility_id: prison.facility_id, date: '2026-02-30', now }), /calendar day/);
      await assert.rejects(rollCallReport(db, { facility_id: randomUUID(), now }), /no facility/);
    });

    test('through the API: officers count, a supervisor signs off, the report names persons and each read is audited; refusals are problems naming the field', async () => {
      const app: FastifyInstance = buildServer({ db, register, passwordCost: cheap });
      try {
        await app.ready();
        const clients = {} as Record<'officer' | 'supervisor' | 'clerk' | 'auditor', Client>;
        for (const [name, role] of [['officer', 'facility_officer'], ['supervisor', 'supervisor'], ['clerk', 'registration_clerk'], ['auditor', 'auditor']] as const) {
          await createAccount(db, { username: `rc.${name}`, displayName: `Fictional ${name}`, role, password, scope: wholeRegister }, { cost: cheap });
          clients[name] = clientFor(app, await login(app, `rc.${name}`));
        }
        const prison = await aPrison('Fictional API Prison');
        const people = await heldAt(prison, 2);
        const openRes = await clients.officer('POST', '/api/roll-calls', { body: { facility_id: prison.facility_id } });
        assert.equal(openRes.statusCode, 201, openRes.body);
        const id = openRes.json().roll_call_id;
        assert.equal(openRes.headers.location, `/api/roll-calls/${id}`);
        const bad = await clients.officer('POST', `/api/roll-calls/${id}/counts`, { body: { register_numbers: ['not-a-number'] } });
        assert.equal(bad.statusCode, 422, bad.body);
        assert.deepEqual([bad.json().code, bad.json().field], ['invalid_value', '/register_numbers/0']);
        const counted = await clients.officer('POST', `/api/roll-calls/${id}/counts`, { body: { register_numbers: [people[0]!.register_number] } });
        assert.equal(counted.statusCode, 201, counted.body);
        assert.equal((await clients.clerk('POST', `/api/roll-calls/${id}/counts`, { body: { register_numbers: [people[1]!.register_number] } })).statusCode, 403);
        const reconciled = await clients.officer('POST', `/api/roll-calls/${id}/reconciliation`, { body: {} });
        assert.equal(reconciled.statusCode, 201, reconciled.body);
        const [missing] = reconciled.json().discrepancies;
        assert.equal(missing.register_number, people[1]!.register_number);
        assert.equal((await clients.officer('POST', `/api/roll-calls/${id}/sign-off`, { body: {} })).statusCode, 403);
        const unresolved = await clients.supervisor('POST', `/api/roll-calls/${id}/sign-off`, { body: {} });
        assert.deepEqual([unresolved.statusCode, unresolved.json().code, unresolved.json().field], [409, 'invalid_transition', '/params/id']);
        const noReason = await clients.officer('POST', `/api/roll-calls/${id}/discrepancies/${missing.discrepancy_id}/resolution`, { body: {} });
        assert.equal(noReason.statusCode, 400, noReason.body);
        const resolved = await clients.officer('POST', `/api/roll-calls/${id}/discrepancies/${missing.discrepancy_id}/resolution`, { body: { reason: 'at court for a hearing; returned 14:00' } });
        assert.equal(resolved.statusCode, 201, resolved.body);
        const signed = await clients.supervisor('POST', `/api/roll-calls/${id}/sign-off`, { body: {} });
        assert.equal(signed.statusCode, 201, signed.body);
        assert.equal(signed.json().signed_by, 'rc.supervisor');

        const report = await clients.auditor('GET', `/api/roll-calls/report?facility_id=${prison.facility_id}&date=2026-03-02&not_seen_days=30`);
        assert.equal(report.statusCode, 200, report.body);
        assert.equal(report.json().roll_calls[0].status, 'signed_off');
        assert.equal(report.json().roll_calls[0].discrepancies[0].reason, 'at court for a hearing; returned 14:00');
        const audited = await db.query<{ what: string }>("SELECT r.what FROM read_audit r JOIN account a ON a.id = r.account_id WHERE a.username = 'rc.auditor' AND r.person_id = $1", [people[1]!.person_id]);
        assert.deepEqual(audited.rows.map((r) => r.what), [`roll-call report ${prison.facility_id} 2026-03-02`]);
        const view = await clients.officer('GET', `/api/roll-calls/${id}`);
        assert.equal(view.statusCode, 200, view.body);
        assert.equal(view.json().discrepancies.length, 1);
        const nowhere = await clients.auditor('GET', `/api/roll-calls/report?facility_id=${randomUUID()}`);
        assert.deepEqual([nowhere.statusCode, nowhere.json().field], [404, '/query/facility_id']);
        assert.equal((await clients.clerk('GET', `/api/roll-calls/${id}`)).statusCode, 403);
      } finally {
        await app.close();
      }
    });
  });
}
