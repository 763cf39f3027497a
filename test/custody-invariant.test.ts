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
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

const ctx = () => ({ actor: 'officer.prop', role: 'supervisor' as const, idempotencyKey: randomUUID() });

const exitDetails = {
  'person.released': { order_reference: 'RO-1', verified_by: 'Supervisor X', released_to: 'family' },
  'person.handed_over': { to_state: 'FR', receiving_authority: 'Consulate (fictional)', receipt_reference: 'R-1' },
  'person.died': { circumstances: 'illness', cause: 'cardiac arrest', remains: 'to family' },
  'person.escaped': { circumstances: 'during transfer' },
  'person.transferred_out_of_register': { register: 'Fictional register B', receipt_reference: 'R-2' },
} as const;

type Op = { op: 'admit'; who: number; unit: number } | { op: 'move'; who: number; unit: number } | { op: 'exit'; who: number; kind: keyof typeof exitDetails };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('admit' as const), who: fc.nat(3), unit: fc.nat(2) }),
  fc.record({ op: fc.constant('move' as const), who: fc.nat(3), unit: fc.nat(2) }),
  fc.record({ op: fc.constant('exit' as const), who: fc.nat(3), kind: fc.constantFrom(...(Object.keys(exitDetails) as (keyof typeof exitDetails)[])) }),
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
    before(async () => {
      db = await backend.open();
      register = { db };
      assert.ok((await execute(register, registerFacility, facility, ctx())).ok);
    });
    after(() => db.close());

    test('random sequences of commands never leave overlapping or gapped custody, and a rejected command changes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
          const people = [aPerson(), aPerson(), aPerson(), aPerson()];
          for (const p of people) assert.ok((await execute(register, registerPerson, p, ctx())).ok);
          let minute = 0;
          const at = () => new Date(Date.parse('2026-02-01T00:00:00Z') + ++minute * 60_000).toISOString();
          for (const op of ops) {
            const person = people[op.who]!;
            const before = await snapshot(db);
            const outcome =
              op.op === 'admit'
                ? await execute(register, admitPerson, anAdmission(person.person_id, facility, { unit_id: facility.units[op.unit]!.id, admitted_at: at() }), ctx())
                : op.op === 'move'
                  ? await execute(register, movePerson, { person_id: person.person_id, unit_id: facility.units[op.unit]!.id, reason: 'cell rotation', occurred_at: at() }, ctx())
                  : await execute(register, recordExit, { person_id: person.person_id, kind: op.kind, occurred_at: at(), details: exitDetails[op.kind] as never }, ctx());
            if (!outcome.ok) assert.deepEqual(await snapshot(db), before, `rejected ${JSON.stringify(op)} (${outcome.rejection.code}) changed something`);
          }
          const report = await checkRegister(db);
          assert.deepEqual(report.findings, []);
        }),
        { numRuns: backend.name === 'pglite' ? 12 : 25 },
      );
    });
  });
}
