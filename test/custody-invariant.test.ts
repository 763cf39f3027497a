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
import { checkRegister } from '../src/store/check.ts';
import { approvedTransfer, atFacility, checkInInput, checkInPerson, closeCount, closeCountInput, dispatchInput, dispatchTransfer } from './support/transfers.ts';
import type { Database } from '../src/store/database.ts';

const ctx = () => ({ actor: 'officer.prop', role: 'supervisor' as const, idempotencyKey: randomUUID() });

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
  | { op: 'reject'; who: number };

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
);

async function snapshot(db: Database) {
  const { rows } = await db.query('SELECT (SELECT size FROM log_head) AS size, (SELECT count(*) FROM custody_period) AS periods, (SELECT count(*) FROM task) AS tasks, (SELECT string_agg(custody_status, \',\' ORDER BY id) FROM person) AS states');
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

    test('random interleavings of admissions, moves, exits, dispatches, check-ins, counts and rejections never leave overlapping or gapped custody, and a rejected command changes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 18 }), async (ops) => {
          const people = [aPerson(), aPerson(), aPerson(), aPerson()];
          for (const p of people) assert.ok((await execute(register, registerPerson, p, ctx())).ok);
          // The first person starts in custody, so journeys begin early in a run; the second starts registered.
          assert.ok((await execute(register, admitPerson, anAdmission(people[0]!.person_id, facility, { admitted_at: '2026-01-31T00:00:00Z' }), ctx())).ok);
          /** Each person's latest dispatched transfer: check-ins, counts and rejections act on it. */
          const journeys = new Map<number, string>();
          let minute = 0;
          const at = () => new Date(Date.parse('2026-02-01T00:00:00Z') + ++minute * 60_000).toISOString();
          for (const op of ops) {
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
        }),
        { numRuns: backend.name === 'pglite' ? 12 : 25 },
      );
    });
  });
}
