import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { approvedTransfer, approver, as, atFacility, checkInInput, checkInPerson, closeCount, closeCountInput, creator, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { writeXlsx, type FixtureCell } from './support/xlsx-writer.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { importHandoverList, previewHandoverList } from '../src/commands/import-handover-list.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { reconciliationReport } from '../src/queries/reconciliation-report.ts';
import { readHandoverList, ListFileError } from '../src/import/handover-list.ts';
import { parseMapping, MappingError } from '../src/import/mapping.ts';
import { XlsxError } from '../src/import/xlsx.ts';
import { CsvError } from '../src/import/csv.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';
import type { ImportHandoverList } from '../src/domain/reconciliation.ts';
import type { NameRecord } from '../src/domain/events.ts';
import type { RegisterPerson } from '../src/domain/person.ts';

/** Row counts of everything an import could write. */
async function counts(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM transfer) AS transfers,
            (SELECT count(*) FROM handover_list) AS lists, (SELECT count(*) FROM handover_list_row) AS list_rows, (SELECT count(*) FROM command) AS commands`,
  );
  return rows[0];
}

const name = (script: 'Arab' | 'Latn', full: string, parts: NameRecord['parts'] = {}): NameRecord => ({ id: randomUUID(), script, full, parts, source: 'national_id', confidence: 0.9 });

/**
 * Fictional persons. The list spells some of them as other lists do — the transliteration
 * variants seen in the alias data of shared/data (Hamid/Hameed, Abdallah/Abdullah,
 * Mahmoud/Mahmud, Jaber/Jabir, Fayyad/Fayad, Walid/Waleed) — on invented name combinations.
 */
const people = {
  salim: { ar: 'سالم حميد ناصر الجبوري', la: 'Salim Hamid Nasir al-Jubouri', dob: '1988-04-12', nat: 'IQ' },
  mahmoud: { ar: 'محمود جابر عبد الله الفياض', la: 'Mahmoud Jaber Abdallah al-Fayyad', dob: '1979-09-02', nat: 'IQ' },
  qasim: { ar: 'قاسم خالد يوسف العبيدي', la: 'Qasim Khalid Yusuf al-Ubaidi', dob: '1991-02-20', nat: 'IQ', mother: 'فاطمة علي حسن' },
  bilal: { ar: 'بلال وليد رشيد السامرائي', la: 'Bilal Walid Rashid al-Samarrai', dob: '1992-01-05', nat: 'SY' },
  ziyad: { ar: 'زياد هشام عمر الكبيسي', la: 'Ziyad Hisham Omar al-Kubaisi', dob: '1985-07-30', nat: 'IQ' },
  anas: { ar: 'أنس فيصل طارق الزبيدي', la: 'Anas Faisal Tariq al-Zubaidi', dob: '1983-11-11', nat: 'IQ' },
  yassin: { ar: 'ياسين ماجد قاسم الراوي', la: 'Yassin Majid Qasim al-Rawi', dob: '1990-06-06', nat: 'IQ' },
  hamza: { ar: 'حمزة عادل كريم الجنابي', la: 'Hamza Adel Karim al-Janabi', dob: '1990-03-15', nat: 'IQ' },
} as const;
type Key = keyof typeof people;

const mappingJson = {
  columns: { sender_id: 'No.', name_arabic: 'الاسم', name_latin: 'Name', mother_name: 'اسم الأم', dob: 'DOB', nationality: 'Nationality' },
  ignore: ['Remarks'],
  date_order: 'DMY',
  values: { nationality: { Iraqi: 'IQ', Syrian: 'SY', عراقي: 'IQ' } },
  defaults: { sex: 'male' },
};

/** The sender's list, with deliberate faults: a second listing, a person not on the order, one nobody knows; two on the order are left off. */
const header: FixtureCell[] = ['No.', 'الاسم', 'Name', 'اسم الأم', 'DOB', 'Nationality', 'Remarks'];
const listRows: FixtureCell[][] = [
  ['S-001', '', 'Salim Hamid Nasir al-Jubouri', '', '12/04/1988', 'Iraqi', ''],
  ['S-002', '', 'Mahmud Jabir Abdullah al-Fayad', '', '1979', 'Iraqi', 'variant spelling'],
  ['S-003', 'قاسم خالد يوسف العبيدي', '', 'فاطمة علي حسن', '20/02/1991', 'عراقي', ''],
  ['S-004', '', 'Bilal Waleed Rasheed al-Samarrai', '', '05/01/1992', 'Syrian', ''],
  ['S-017', '', 'Saleem Hameed Nasser al-Jubouri', '', '12/04/1988', 'Iraqi', 'listed again under another number'],
  ['S-005', '', 'Ziyad Hisham Omar al-Kubaisi', '', '30/07/1985', 'Iraqi', ''],
  ['S-006', '', 'Hamzah Adil Karim al-Janabi', '', '15/03/1990', 'Iraqi', 'not on the order'],
  ['S-007', '', 'Marwan Sufyan Luay al-Hiti', '', '1987', 'Iraqi', 'nobody on the register'],
];

const csvOf = (rows: FixtureCell[][]) =>
  rows.map((r) => r.map((c) => (typeof c === 'string' && /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : String(c ?? ''))).join(',')).join('\r\n') + '\r\n';

for (const backend of backends) {
  describe(`handover lists on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const origin = aFacility({ name: 'Fictional Origin Prison' });
    const destination = aFacility({ name: 'Fictional Destination Prison', capacity: { men_untried: 500, women_untried: 20, boys_untried: 10 } });
    const clock = { now: new Date('2026-03-02T00:00:00Z') };
    const ids = {} as Record<Key, RegisterPerson>;
    const today = '2026-03-02';

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => clock.now, identity: await IdentityIndex.build(db) };
      ok(await execute(register, registerFacility, origin, as('admin', 'supervisor')), 'origin');
      ok(await execute(register, registerFacility, destination, as('admin', 'supervisor')), 'destination');
      for (const [key, p] of Object.entries(people) as [Key, (typeof people)[Key]][]) {
        const person = aPerson({
          names: [name('Arab', p.ar, 'mother' in p ? { mother_full: p.mother } : {}), name('Latn', p.la)],
          dob: { kind: 'exact', date: p.dob },
          nationalities: [p.nat],
        });
        ok(await execute(register, registerPerson, person, as('clerk.one', 'registration_clerk')), `register ${key}`);
        ok(await execute(register, admitPerson, anAdmission(person.person_id, origin, { admitted_at: '2026-02-01T10:00:00+03:00' }), as('clerk.one', 'registration_clerk')), `admit ${key}`);
        ids[key] = person;
      }
    });
    after(() => db.close());

    const read = (bytes: Uint8Array, file: string, mapping: unknown = mappingJson) => readHandoverList(bytes, file, parseMapping(mapping), { today });

    async function orderOfSeven(): Promise<string> {
      const onOrder: Key[] = ['salim', 'mahmoud', 'qasim', 'bilal', 'ziyad', 'anas', 'yassin'];
      return approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), onOrder.map((k) => ids[k].person_id));
    }

    test('reconciliation: a list with a second listing, variant spellings, a person not on the order and one nobody knows, set against an order after the count', async () => {
      const transfer_id = await orderOfSeven();
      const list = read(Buffer.from(csvOf([header, ...listRows]), 'utf8'), 'list.csv');
      assert.deepEqual(list.errors, []);
      const input: ImportHandoverList = { list_id: randomUUID(), transfer_id, sender: 'Fictional sending authority', source: 'list.csv', entries: list.entries };
      const imported = ok(await execute(register, importHandoverList, input, creator()), 'import');
      assert.equal(imported.rows, 8);
      assert.equal(imported.registered, 0);

      // Dispatch; three of the listed and one unlisted person arrive; the count is closed.
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin')), 'dispatch');
      for (const k of ['salim', 'mahmoud', 'qasim', 'anas'] as Key[]) {
        ok(await execute(register, checkInPerson, checkInInput(transfer_id, ids[k].person_id, ids[k].register_number, destination.units[0]!.id), as('officer.destination')), `check in ${k}`);
      }
      ok(await execute(register, closeCount, closeCountInput(transfer_id), as('officer.destination')), 'count');

      const report = (await reconciliationReport(db, input.list_id))!;
      const rowsOf = (items: readonly { row: number }[]) => items.map((r) => r.row);
      assert.deepEqual(rowsOf(report.listed_and_received), [2, 3, 4]);
      assert.deepEqual(report.listed_and_received.map((r) => r.person_id), [ids.salim.person_id, ids.mahmoud.person_id, ids.qasim.person_id]);
      assert.deepEqual(
        report.listed_not_received.map((r) => [r.row, r.person_id, r.why]),
        [
          [5, ids.bilal.person_id, 'unaccounted'],
          [7, ids.ziyad.person_id, 'unaccounted'],
          [8, ids.hamza.person_id, 'not_on_order'],
          [9, null, 'not_on_register'],
        ],
      );
      assert.deepEqual(report.received_not_listed, [{ person_id: ids.anas.person_id, register_number: ids.anas.register_number }]);
      assert.deepEqual(report.on_order_not_listed.map((m) => [m.person_id, m.status]), [[ids.yassin.person_id, 'unaccounted']]);
      assert.deepEqual(report.listed_twice, [{ person_id: ids.salim.person_id, rows: [2, 6] }]);
      assert.deepEqual(rowsOf(report.matched_existing), [2, 3, 4, 5, 7, 8]);
      assert.equal(report.matched_existing.find((m) => m.row === 8)!.register_number, ids.hamza.register_number);
      assert.deepEqual(report.counts, {
        rows: 8, persons_listed: 7, on_order: 7, received: 4, listed_and_received: 3, listed_not_received: 4,
        received_not_listed: 1, on_order_not_listed: 1, listed_twice: 1, matched_existing: 6,
      });
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('the same list as XLSX (shared and inline strings, dates as serial numbers) settles every row the same way', async () => {
      const transfer_id = await orderOfSeven();
      const asCells = listRows.map((r, i) => r.map((c, j) => (j === 4 && typeof c === 'string' && /^\d\d\/\d\d\/\d{4}$/.test(c) ? { date: `${c.slice(6)}-${c.slice(3, 5)}-${c.slice(0, 2)}` } : j === 4 && c === '1979' ? 1979 : i === 2 && j === 1 ? { inline: c as string } : c)));
      const list = read(writeXlsx([header, ...asCells]), 'list.xlsx');
      assert.deepEqual(list.errors, []);
      const csv = read(Buffer.from(csvOf([header, ...listRows]), 'utf8'), 'list.csv');
      assert.deepEqual(list.entries, csv.entries);
      const preview = await previewHandoverList(register, { list_id: randomUUID(), transfer_id, sender: 'Fictional sending authority', source: 'list.xlsx', entries: list.entries }, { actor: 'officer.gate', role: 'facility_officer' });
      assert.ok(preview.ok);
      assert.deepEqual(preview.rows.map((r) => r.outcome), ['on_order', 'on_order', 'on_order', 'on_order', 'listed_twice', 'on_order', 'not_on_order', 'not_on_register']);
    });

    test('a new order drawn up from a list from an outside authority: new persons registered, a second listing once, a strong match opens a review; a dispatch without approval is refused and writes nothing', async () => {
      const rows: FixtureCell[][] = [
        ['A-1', 'مروان سفيان لؤي الهيتي', 'Marwan Sufyan Luay al-Hiti', '', '1987', 'Iraqi', ''],
        ['A-2', '', 'Nabil Raed Ghassan al-Obeidi', '', '03/03/1995', 'Syrian', ''],
        ['A-1', '', 'Marwan Sufian Luai al-Hiti', '', '1987', 'Iraqi', 'same sender id'],
        ['A-3', '', 'Yasin Maajid Qassim al-Rawi', '', '06/06/1990', 'Iraqi', 'already on the register'],
      ];
      const list = read(Buffer.from(csvOf([header, ...rows]), 'utf8'), 'authority.csv');
      assert.deepEqual(list.errors, []);
      const transfer_id = randomUUID();
      const input: ImportHandoverList = {
        list_id: randomUUID(),
        transfer_id,
        new_transfer: { origin: { kind: 'authority', name: 'Fictional sending authority', country: 'SY' }, destination: atFacility(destination.facility_id), reason: 'handover from the sending authority' },
        sender: 'Fictional sending authority',
        source: 'authority.csv',
        entries: list.entries,
      };
      const before = await counts(db);
      const preview = await previewHandoverList(register, input, { actor: 'officer.gate', role: 'facility_officer' });
      assert.ok(preview.ok);
      assert.deepEqual(await counts(db), before, 'a dry run writes nothing');
      const imported = ok(await execute(register, importHandoverList, input, creator()), 'import');
      assert.deepEqual([imported.transfer_created, imported.registered, imported.reviews_opened, imported.counts.on_order, imported.counts.listed_twice], [true, 3, 1, 3, 1]);
      const review = await db.query<{ candidate_id: string }>('SELECT candidate_id FROM duplicate_review d JOIN handover_list_row r ON r.person_id = d.person_id WHERE r.list_id = $1', [input.list_id]);
      assert.deepEqual(review.rows.map((r) => r.candidate_id), [ids.yassin.person_id]);
      const order = await db.query<{ status: string; persons: number }>('SELECT status, persons FROM transfer WHERE id = $1', [transfer_id]);
      assert.deepEqual(order.rows[0], { status: 'draft', persons: 3 });

      const beforeDispatch = await counts(db);
      const refused = await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin'));
      assert.equal(!refused.ok && refused.rejection.code, 'invalid_transition');
      assert.match(!refused.ok ? refused.rejection.message : '', /not approved/);
      assert.deepEqual(await counts(db), beforeDispatch);
      ok(await execute(register, approveTransfer, { transfer_id }, approver()), 'approve');
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin')), 'dispatch');
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a person already in transit cannot be listed on a new order: the error names the row, and nothing is written', async () => {
      // The factory's person shares a name and birth year with those registered by earlier tests: registered all the same, with the reason asked for.
      const [p] = [{ ...aPerson(), duplicate_reason: 'Another man of the same name: the list gives his register number' }];
      ok(await execute(register, registerPerson, p!, as('clerk.one', 'registration_clerk')), 'register');
      ok(await execute(register, admitPerson, { ...anAdmission(p!.person_id, origin), duplicate_reason: p!.duplicate_reason }, as('clerk.one', 'registration_clerk')), 'admit');
      const moving = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [p!.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(moving), as('officer.origin')), 'dispatch');
      const mapping = { ...mappingJson, columns: { ...mappingJson.columns, register_number: 'Register no.' } };
      const rows = [[...header, 'Register no.'], ['B-1', '', 'Omar Said Anas al-Dulaimi', '', '1980', 'Iraqi', '', ''], ['B-2', '', 'Salim Hamid Nasir al-Jubouri', '', '1977', 'Iraqi', '', p!.register_number.toLowerCase()]];
      const list = read(Buffer.from(csvOf(rows), 'utf8'), 'b.csv', mapping);
      assert.deepEqual(list.errors, []);
      const before = await counts(db);
      const refused = await execute(register, importHandoverList, {
        list_id: randomUUID(), transfer_id: randomUUID(), sender: 'Fictional sending authority', source: 'b.csv', entries: list.entries,
        new_transfer: { origin: { kind: 'authority', name: 'Fictional sending authority', country: 'SY' }, destination: atFacility(destination.facility_id), reason: 'handover' },
      }, creator());
      assert.ok(!refused.ok);
      assert.equal(refused.rejection.code, 'invalid_transition');
      assert.equal(refused.rejection.field, '/rows/3/register_number');
      assert.ok(refused.rejection.message.startsWith(`row 3: person ${p!.register_number} is already in transit on transfer ${moving}`), refused.rejection.message);
      assert.deepEqual(await counts(db), before);
    });

    test('bad files: a malformed spreadsheet, a damaged CSV, unknown columns, a mapped column missing, an empty list, bad cells — each names what and where', () => {
      const good = writeXlsx([header, ...listRows]);
      const cut = good.subarray(0, good.length - 40);
      assert.throws(() => read(cut, 'list.xlsx'), (e: unknown) => e instanceof XlsxError && /cut short/.test(e.message));
      assert.throws(() => read(Buffer.from('No.,Name\n1,x'), 'list.xlsx'), (e: unknown) => e instanceof XlsxError && /not an XLSX workbook/.test(e.message));
      assert.throws(() => read(Buffer.from('No.,Name\n"S-1,Salim'), 'list.csv'), (e: unknown) => e instanceof CsvError && e.line === 2 && /never closed/.test(e.message));
      const extra = csvOf([[...header, 'Phone'], ['S-1', '', 'Salim Hamid', '', '1988', 'Iraqi', '', '0770']]);
      assert.throws(() => read(Buffer.from(extra), 'list.csv'), (e: unknown) => e instanceof ListFileError && e.column === 'H' && /column H "Phone" is not in the mapping/.test(e.message));
      const lacking = csvOf([header.filter((h) => h !== 'DOB'), ['S-1', '', 'Salim Hamid', '', 'Iraqi', '']]);
      assert.throws(() => read(Buffer.from(lacking), 'list.csv'), (e: unknown) => e instanceof ListFileError && /reads dob from column "DOB", but row 1 has no such column/.test(e.message));
      assert.throws(() => read(Buffer.from(csvOf([header])), 'list.csv'), (e: unknown) => e instanceof ListFileError && /the list is empty/.test(e.message));
      assert.throws(() => parseMapping({ columns: { name: 'Name' } }), (e: unknown) => e instanceof MappingError && e.field === '/columns/name');
      assert.throws(() => parseMapping('{"columns": '), (e: unknown) => e instanceof MappingError && /not JSON/.test(e.message));

      const cells = csvOf([header, ['S-1', 'Salim', 'Salim Hamid', '', '31/02/1988', 'Iraqi', ''], ['S-2', '', '', '', '1988', 'Iraqi', ''], ['S-3', '', 'Ali Omar', '', '1988', 'Atlantis', '']]);
      const { entries, errors } = read(Buffer.from(cells), 'list.csv');
      assert.equal(entries.length, 0);
      assert.deepEqual(errors.map((e) => [e.row, e.column, e.field]), [[2, 'B', 'name_arabic'], [2, 'E', 'dob'], [3, 'B', 'name'], [4, 'F', 'nationality']]);
      assert.match(errors[1]!.message, /not a calendar date/);
      assert.match(errors[3]!.message, /"Atlantis" is not a nationality.*values\.nationality/);
    });
  });
}
