/**
 * Issue 10, defect 1: a roll call of a large facility wrote an event of ~78 KB, which no
 * tlog-tiles entry bundle can carry, and every full monitor run failed. Here a facility of
 * 10,000 persons (admitted through the intake batch path) is counted by one scanner upload of
 * 10,000 numbers, reconciled and signed off; a second roll call finds 10,000 discrepancies; an
 * order of 10,000 gets a handover list of 10,000 rows, imported and reconciled, and goes on to
 * its receipt. An outside monitor then follows the whole log over HTTP, entries included,
 * every event fits an entry, and the projections equal a replay.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { startLogServer } from './support/log-server.ts';
import { approvedTransfer, as, atFacility, closeCount, closeCountInput, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { intakeBatch } from '../src/commands/intake-batch.ts';
import { openRollCall } from '../src/commands/open-roll-call.ts';
import { countRollCall } from '../src/commands/count-roll-call.ts';
import { reconcileRollCall } from '../src/commands/reconcile-roll-call.ts';
import { signOffRollCall } from '../src/commands/sign-off-roll-call.ts';
import { importHandoverList } from '../src/commands/import-handover-list.ts';
import { checkInBatch } from '../src/commands/check-in-batch.ts';
import { issueHandoverReceipt } from '../src/commands/issue-handover-receipt.ts';
import { reconciliationReport } from '../src/queries/reconciliation-report.ts';
import { rollCallView } from '../src/queries/roll-call-report.ts';
import { signLatestCheckpoint } from '../src/store/checkpoints.ts';
import { checkRegister } from '../src/store/check.ts';
import { generateEd25519NoteKey, ed25519NoteSigner } from '../src/ledger/signed-note.ts';
import { MAX_ENTRY_SIZE } from '../src/ledger/tiles.ts';
import { runMonitor } from '../src/transparency/monitor.ts';
import type { Database } from '../src/store/database.ts';
import type { RegisterPerson } from '../src/domain/person.ts';
import type { HandoverListEntry } from '../src/domain/reconciliation.ts';

const batch = 1_000;
const origin = 'large.example/log';
/**
 * 10,000 on the server, whose bulk writes are several times faster; on PGlite too when it is
 * the only backend of the run. With both, PGlite runs 1,200: more than one event's worth of
 * every list, so each chunked event kind and its projection is exercised there too, and the
 * suite stays within its budget.
 */
const sizeOn = (name: string) => (name === 'pglite' && backends.length > 1 ? 1_200 : 10_000);

for (const backend of backends) {
  const size = sizeOn(backend.name);
  describe(`lists of ${size.toLocaleString('en')} on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const places = { men_untried: 20_000 };
    const home = aFacility({ capacity: places });
    const destination = aFacility({ name: 'Fictional Destination Prison', capacity: places });
    const people: RegisterPerson[] = Array.from({ length: size }, () => aPerson());
    const counted = { at: '2026-02-15T08:00:00+03:00' };
    before(async () => {
      db = await backend.open();
      register = { db, clock: () => new Date('2026-03-02T00:00:00Z') };
      ok(await execute(register, registerFacility, home, as('admin', 'supervisor')), 'home');
      ok(await execute(register, registerFacility, destination, as('admin', 'supervisor')), 'destination');
      for (let at = 0; at < size; at += batch) {
        const rows = people.slice(at, at + batch).map((person) => {
          const { person_id: _, ...admission } = anAdmission(person.person_id, home);
          return { person, admission };
        });
        ok(await execute(register, intakeBatch, { rows }, as('clerk.one', 'registration_clerk')), `intake ${at}`);
      }
    });
    after(() => db.close());

    test(`a roll call of ${size.toLocaleString('en')} persons: one scanner upload, reconciled with nothing missing, signed off`, async () => {
      const roll_call_id = randomUUID();
      ok(await execute(register, openRollCall, { roll_call_id, facility_id: home.facility_id, occurred_at: counted.at }, as('officer.a')), 'open');
      const count = ok(await execute(register, countRollCall, { roll_call_id, register_numbers: people.map((p) => p.register_number), occurred_at: counted.at }, as('officer.a')), 'count');
      assert.deepEqual([count.newly_counted, count.repeated, count.total_counted], [size, 0, size]);
      const reconciled = ok(await execute(register, reconcileRollCall, { roll_call_id, occurred_at: counted.at }, as('officer.a')), 'reconcile');
      assert.deepEqual([reconciled.expected, reconciled.counted, reconciled.discrepancies.length], [size, size, 0]);
      ok(await execute(register, signOffRollCall, { roll_call_id }, as('officer.b')), 'sign off');
      const view = (await rollCallView(db, roll_call_id))!;
      assert.equal(view.status, 'signed_off');
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM roll_call_count WHERE roll_call_id = $1', [roll_call_id]);
      assert.equal(rows[0]!.n, size);
    });

    test(`a roll call that counted one stranger finds ${(size + 1).toLocaleString('en')} discrepancies, every one recorded`, async () => {
      const roll_call_id = randomUUID();
      ok(await execute(register, openRollCall, { roll_call_id, facility_id: home.facility_id, occurred_at: counted.at }, as('officer.a')), 'open');
      ok(await execute(register, countRollCall, { roll_call_id, register_numbers: [aPerson().register_number], occurred_at: counted.at }, as('officer.a')), 'count');
      const reconciled = ok(await execute(register, reconcileRollCall, { roll_call_id, occurred_at: counted.at }, as('officer.a')), 'reconcile');
      assert.equal(reconciled.discrepancies.length, size + 1);
      const { rows } = await db.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM roll_call_discrepancy WHERE roll_call_id = $1 GROUP BY kind ORDER BY kind', [roll_call_id]);
      assert.deepEqual(rows, [{ kind: 'counted_not_expected', n: 1 }, { kind: 'expected_not_counted', n: size }]);
    });

    test(`an order of ${size.toLocaleString('en')} with a handover list of as many rows, imported and reconciled, then dispatched, received and its receipt issued`, async () => {
      const transfer_id = await approvedTransfer(register, atFacility(home.facility_id), atFacility(destination.facility_id), people.map((p) => p.person_id));
      const { rows: order } = await db.query<{ persons: number; n: number; last: number }>(
        'SELECT t.persons, count(tp.*)::int AS n, max(tp.position)::int AS last FROM transfer t JOIN transfer_person tp ON tp.transfer_id = t.id WHERE t.id = $1 GROUP BY t.persons',
        [transfer_id],
      );
      assert.deepEqual(order[0], { persons: size, n: size, last: size });
      // Rows name each person by register number and the sender's id: what is measured here is the
      // size of the list, not name matching (test/handover-import.test.ts), which on 10,000 rows
      // of one list would cost this suite a minute.
      const entries: HandoverListEntry[] = people.map((p, i) => ({
        row: i + 2,
        sender_id: `S-${i}`,
        name_arabic: null,
        name_latin: null,
        mother_name: null,
        dob: p.dob,
        nationalities: p.nationalities,
        sex: p.sex,
        register_number: p.register_number,
      }));
      const list_id = randomUUID();
      const imported = ok(await execute(register, importHandoverList, { list_id, transfer_id, sender: 'Fictional sending authority', source: 'list.xlsx', entries }, as('officer.gate')), 'import');
      assert.equal(imported.rows, size, 'rows imported');
      const report = (await reconciliationReport(db, list_id))!;
      assert.equal(report.counts.rows, size, 'rows reported');
      assert.equal(report.counts.listed_not_received, size, 'listed, not received');
      assert.equal(report.counts.on_order_not_listed, 0);

      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin')), 'dispatch');
      const arrivals = people.slice(0, size - 1).map((p) => ({ person_id: p.person_id, register_number: p.register_number, unit_id: destination.units[0]!.id }));
      ok(await execute(register, checkInBatch, { transfer_id, receiving_official: 'Officer D. Fictional', occurred_at: '2026-03-01T12:00:00+03:00', arrivals }, as('officer.destination')), 'check in');
      ok(await execute(register, closeCount, closeCountInput(transfer_id), as('officer.destination')), 'count');
      ok(await execute(register, issueHandoverReceipt, { transfer_id, receipt_id: randomUUID() }, as('officer.destination')), 'receipt');
      const { rows: receipts } = await db.query<{ receipt: { count: unknown; received_register_numbers: string[]; not_received: unknown[] } }>('SELECT receipt FROM handover_receipt WHERE transfer_id = $1', [transfer_id]);
      const receipt = receipts[0]!.receipt;
      assert.deepEqual(receipt.count, { dispatched: size, received: size - 1, not_received: 1 });
      assert.deepEqual(receipt.received_register_numbers, people.slice(0, size - 1).map((p) => p.register_number));
      assert.deepEqual(receipt.not_received, [{ register_number: people[size - 1]!.register_number, status: 'unaccounted' }]);
    });

    test('every event fits an entry; the projections equal a replay; a monitor follows the whole log over HTTP with its entries', async () => {
      const { rows } = await db.query<{ largest: number; events: number }>('SELECT max(length(bytes))::int AS largest, count(*)::int AS events FROM event');
      assert.ok(rows[0]!.largest <= MAX_ENTRY_SIZE, `the largest event takes ${rows[0]!.largest} bytes`);
      const check = await checkRegister(db);
      assert.deepEqual(check.findings, []);
      const key = generateEd25519NoteKey(origin);
      await signLatestCheckpoint(db, ed25519NoteSigner(key.signerKey), origin);
      const server = await startLogServer(db, { entriesCookie: 'sijill_session=ok' });
      const state = mkdtempSync(join(tmpdir(), 'sijill-monitor-'));
      try {
        const report = await runMonitor({ url: server.url, stateDir: state, verifierKey: key.verifierKey, cookie: 'sijill_session=ok' });
        assert.equal(report.mode, 'entries');
        assert.equal(report.size, rows[0]!.events);
        assert.equal(report.newEntries, rows[0]!.events);
        assert.equal(report.persons, size);
      } finally {
        await server.close();
        rmSync(state, { recursive: true, force: true });
      }
    });
  });
}
