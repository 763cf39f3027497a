import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { movePerson } from '../src/commands/move-person.ts';
import { recordExit } from '../src/commands/record-exit.ts';
import { rejectTransfer } from '../src/commands/reject-transfer.ts';
import { openRollCall } from '../src/commands/open-roll-call.ts';
import { countRollCall } from '../src/commands/count-roll-call.ts';
import { reconcileRollCall } from '../src/commands/reconcile-roll-call.ts';
import { resolveRollCallDiscrepancy } from '../src/commands/resolve-roll-call-discrepancy.ts';
import { signOffRollCall } from '../src/commands/sign-off-roll-call.ts';
import { checkRegister } from '../src/store/check.ts';
import { approvedTransfer, atFacility, checkInInput, checkInPerson, closeCount, closeCountInput, dispatchInput, dispatchTransfer } from './support/transfers.ts';
import type { Database } from '../src/store/database.ts';

const ctx = () => ({ actor: 'officer.prop', role: 'supervisor' as const, idempotencyKey: randomUUID() });
/** Roll calls are signed off by an official who took no part in the count. */
const signer = () => ({ actor: 'supervisor.sign', role: 'supervisor' as const, idempotencyKey: randomUUID() });

const exitDetails = {
  'person.released': { order_reference: 'RO-1', verified_by: 'Supervisor X', released_to: 'family' },
  'person.handed_over': { to_state: 'FR', receiving_authority: 'Consulate (fictional)', receipt_reference: 'R-1' },
  'person.died': { circumstances: 'illness', cause: 'cardiac arrest', remains: 'to family' },
  'person.escaped': { circumstances: 'during transfer' },
  'person.transferred_out_of_register': { register: 'Fictional register B', receipt_reference: 'R-2' },
} as const;

type Op =
  | { op: 'admit'; who: number; unit: number }
  | { op: 'move'; who: number; unit: number }
  | { op: 'exit'; who: number; kind: keyof typeof exitDetails }
  | { op: 'dispatch'; who: number }
  | { op: 'check_in'; who: number; typo: boolean }
  | { op: 'count'; who: number }
  | { op: 'reject'; who: number }
  | { op: 'roll_open'; unit: number }
  | { op: 'roll_count'; who: number; scan: 'own' | 'other' | 'garbled' }
  | { op: 'roll_reconcile' }
  | { op: 'roll_resolve'; reason: boolean }
  | { op: 'roll_sign' }
  | { op: 'roll_next'; who: number };
type RollCallOp = Extract<Op, { op: `roll_${string}` }>;
const isRollCallOp = (op: Op): op is RollCallOp => op.op.startsWith('roll_');

// Two persons and weighted choices, so runs often reach dispatch, check-in and the count.
const who = fc.nat(1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('admit' as const), who, unit: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), who, unit: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), who, kind: fc.constantFrom(...(Object.keys(exitDetails) as (keyof typeof exitDetails)[])) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('dispatch' as const), who }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('check_in' as const), who, typo: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('count' as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reject' as const), who }) },
  // Roll calls of the first facility (unit 3: the whole facility), interleaved with the rest.
  { weight: 2, arbitrary: fc.record({ op: fc.constant('roll_open' as const), unit: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('roll_count' as const), who: fc.nat(3), scan: fc.constantFrom('own' as const, 'own' as const, 'other' as const, 'garbled' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('roll_reconcile' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('roll_resolve' as const), reason: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('roll_sign' as const) }) },
  // The next legal step of the current roll call, so runs reach reconciliation and sign-off.
  { weight: 6, arbitrary: fc.record({ op: fc.constant('roll_next' as const), who: fc.nat(3) }) },
);

async function snapshot(db: Database) {
  const { rows } = await db.query(`SELECT (SELECT size FROM log_head) AS size, (SELECT count(*) FROM custody_period) AS periods, (SELECT count(*) FROM task) AS tasks,
    (SELECT string_agg(custody_status, ',' ORDER BY id) FROM person) AS states, (SELECT string_agg(status || counted::text, ',' ORDER BY id) FROM roll_call) AS roll_calls,
    (SELECT count(*) FROM roll_call_count) AS counted, (SELECT string_agg(status, ',' ORDER BY id) FROM roll_call_discrepancy) AS discrepancies`);
  return rows[0];
}

/** Custody alone: every period (open or closed) and every person's state and place. */
async function custody(db: Database) {
  const { rows } = await db.query(`SELECT (SELECT string_agg(person_id::text || seq::text || status || COALESCE(facility_id::text, '') || COALESCE(to_idx::text, 'open'), ',' ORDER BY person_id, seq) FROM custody_period) AS periods,
    (SELECT string_agg(custody_status || COALESCE(facility_id::text, '') || COALESCE(unit_id::text, ''), ',' ORDER BY id) FROM person) AS states`);
  return rows[0];
}

for (const backend of backends) {
  describe(`custody invariant on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const facility = aFacility({ units: [0, 1, 2].map((i) => ({ id: randomUUID(), name: `Block ${i}`, category: 'men_untried' as const })), capacity: { men_untried: 1000 } });
    const other = aFacility({ name: 'Fictional Second Prison', units: [{ id: randomUUID(), name: 'Block X', category: 'men_untried' }], capacity: { men_untried: 1000 } });
    before(async () => {
      db = await backend.open();
      register = { db };
      assert.ok((await execute(register, registerFacility, facility, ctx())).ok);
      assert.ok((await execute(register, registerFacility, other, ctx())).ok);
    });
    after(() => db.close());

    test('random interleavings of admissions, moves, exits, dispatches, check-ins, counts, rejections and roll calls never leave overlapping or gapped custody, a roll call never moves anyone, and a rejected command changes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
          const people = [aPerson(), aPerson(), aPerson(), aPerson()];
          for (const p of people) assert.ok((await execute(register, registerPerson, p, ctx())).ok);
          // The first person starts in custody, so journeys begin early in a run; the second starts registered.
          assert.ok((await execute(register, admitPerson, anAdmission(people[0]!.person_id, facility, { admitted_at: '2026-01-31T00:00:00Z' }), ctx())).ok);
          /** Each person's latest dispatched transfer: check-ins, counts and rejections act on it. */
          const journeys = new Map<number, string>();
          /** The roll call the roll-call operations act on: the latest opened. */
          let rollCall: string = randomUUID();
          let minute = 0;
          const at = () => new Date(Date.parse('2026-02-01T00:00:00Z') + ++minute * 60_000).toISOString();
          for (const op of ops) {
            if (isRollCallOp(op)) {
              const before = await snapshot(db);
              const held = await custody(db);
              let outcome;
              if (op.op === 'roll_next') {
                const { rows } = await db.query<{ status: string; open: string | null }>(
                  "SELECT status, (SELECT id FROM roll_call_discrepancy WHERE roll_call_id = rc.id AND status = 'open' ORDER BY id LIMIT 1) AS open FROM roll_call rc WHERE id = $1",
                  [rollCall],
                );
                const [current] = rows;
                if (!current || current.status === 'signed_off') {
                  rollCall = randomUUID();
                  outcome = await execute(register, openRollCall, { roll_call_id: rollCall, facility_id: facility.facility_id, occurred_at: at() }, ctx());
                } else if (current.status === 'open' || (current.status === 'counting' && op.who % 2 === 1)) {
                  outcome = await execute(register, countRollCall, { roll_call_id: rollCall, register_numbers: [people[op.who]!.register_number], occurred_at: at() }, ctx());
                } else if (current.status === 'counting') {
                  outcome = await execute(register, reconcileRollCall, { roll_call_id: rollCall, occurred_at: at() }, ctx());
                } else if (current.open) {
                  outcome = await execute(register, resolveRollCallDiscrepancy, { roll_call_id: rollCall, discrepancy_id: current.open, reason: 'seen at the clinic' }, ctx());
                } else {
                  outcome = await execute(register, signOffRollCall, { roll_call_id: rollCall }, signer());
                }
                assert.ok(outcome.ok, `the next step of the roll call was refused: ${JSON.stringify(outcome)}`);
              } else if (op.op === 'roll_open') {
                const opening = randomUUID();
                outcome = await execute(register, openRollCall, { roll_call_id: opening, facility_id: facility.facility_id, unit_id: op.unit < 3 ? facility.units[op.unit]!.id : null, occurred_at: at() }, ctx());
                if (outcome.ok) rollCall = opening;
              } else if (op.op === 'roll_count') {
                const number = op.scan === 'garbled' ? 'NOT-A-NUMBER' : people[op.scan === 'own' ? op.who : (op.who + 1) % 4]!.register_number;
                outcome = await execute(register, countRollCall, { roll_call_id: rollCall, register_numbers: [number], occurred_at: at() }, ctx());
              } else if (op.op === 'roll_reconcile') {
                outcome = await execute(register, reconcileRollCall, { roll_call_id: rollCall, occurred_at: at() }, ctx());
              } else if (op.op === 'roll_resolve') {
                const { rows } = await db.query<{ id: string }>("SELECT id FROM roll_call_discrepancy WHERE roll_call_id = $1 AND status = 'open' ORDER BY id LIMIT 1", [rollCall]);
                outcome = await execute(register, resolveRollCallDiscrepancy, { roll_call_id: rollCall, discrepancy_id: rows[0]?.id ?? randomUUID(), reason: op.reason ? 'found in the clinic' : '' }, ctx());
              } else {
                outcome = await execute(register, signOffRollCall, { roll_call_id: rollCall }, signer());
              }
              if (!outcome.ok) assert.deepEqual(await snapshot(db), before, `rejected ${JSON.stringify(op)} (${outcome.rejection.code}) changed something`);
              // A roll call counts people; it never moves them.
              assert.deepEqual(await custody(db), held, `${JSON.stringify(op)} changed custody`);
              continue;
            }
            const person = people[op.who]!;
            let drawnUp: string = randomUUID();
            if (op.op === 'dispatch') {
              // Draw up and approve an order from wherever the person is held (or from the first
              // facility, when they are held nowhere: dispatch must then refuse it).
              const { rows } = await db.query<{ facility_id: string | null }>('SELECT facility_id FROM person WHERE id = $1', [person.person_id]);
              const from = rows[0]!.facility_id ?? facility.facility_id;
              const to = from === facility.facility_id ? other.facility_id : facility.facility_id;
              drawnUp = await approvedTransfer(register, atFacility(from), atFacility(to), [person.person_id]);
            }
            const journey = op.op === 'dispatch' ? drawnUp : (journeys.get(op.who) ?? randomUUID());
            const before = await snapshot(db);
            const { rows: dest } = await db.query<{ id: string | null }>('SELECT destination_facility_id AS id FROM transfer WHERE id = $1', [journey]);
            const unit = dest[0]?.id === other.facility_id ? other.units[0]!.id : facility.units[0]!.id;
            const outcome =
              op.op === 'admit'
                ? await execute(register, admitPerson, anAdmission(person.person_id, facility, { unit_id: facility.units[op.unit]!.id, admitted_at: at() }), ctx())
                : op.op === 'move'
                  ? await execute(register, movePerson, { person_id: person.person_id, unit_id: facility.units[op.unit]!.id, reason: 'cell rotation', occurred_at: at() }, ctx())
                  : op.op === 'exit'
                    ? await execute(register, recordExit, { person_id: person.person_id, kind: op.kind, occurred_at: at(), details: exitDetails[op.kind] as never }, ctx())
                    : op.op === 'dispatch'
                      ? await execute(register, dispatchTransfer, dispatchInput(journey, at()), ctx())
                      : op.op === 'check_in'
                        ? await execute(register, checkInPerson, checkInInput(journey, person.person_id, op.typo ? people[(op.who + 1) % 4]!.register_number : person.register_number, unit, { occurred_at: at() }), ctx())
                        : op.op === 'count'
                          ? await execute(register, closeCount, closeCountInput(journey, at()), ctx())
                          : await execute(register, rejectTransfer, { transfer_id: journey, reason: 'refused at the gate', receiving_official: 'Warden D. Fictional', occurred_at: at() }, ctx());
            if (!outcome.ok) assert.deepEqual(await snapshot(db), before, `rejected ${JSON.stringify(op)} (${outcome.rejection.code}) changed something`);
            else if (op.op === 'dispatch') journeys.set(op.who, journey);
          }
          const report = await checkRegister(db);
          assert.deepEqual(report.findings, []);
          // Every reconciled count adds up: counted = expected − expected but not counted + counted but not expected.
          const { rows: sums } = await db.query<{ id: string; counted: number; balance: number }>(
            `SELECT rc.id, rc.counted, rc.expected - count(d.id) FILTER (WHERE d.kind = 'expected_not_counted') + count(d.id) FILTER (WHERE d.kind = 'counted_not_expected') AS balance
               FROM roll_call rc LEFT JOIN roll_call_discrepancy d ON d.roll_call_id = rc.id WHERE rc.expected IS NOT NULL GROUP BY rc.id`,
          );
          for (const s of sums) assert.equal(Number(s.balance), s.counted, `roll call ${s.id} does not add up`);
          // Nothing is signed off with a discrepancy open.
          const { rows: open } = await db.query("SELECT 1 FROM roll_call rc JOIN roll_call_discrepancy d ON d.roll_call_id = rc.id WHERE rc.status = 'signed_off' AND d.status = 'open'");
          assert.equal(open.length, 0);
        }),
        { numRuns: backend.name === 'pglite' ? 12 : 25 },
      );
    });
  });
}
