/**
 * Handover lists as real spreadsheet programs save them (test/fixtures/lists: LibreOffice 7.4
 * on Debian 12, made by the scripts in scripts/; README.md there says what the correct reading
 * of each is). Every file goes through the import's reading path (file → table → mapping →
 * entries) and is compared with truth.json — what went into the files — or refused with the
 * named error the README asks for; a few then go through the import command itself (a dry run
 * and a real import drawing up a new order) on both backends, and through `sijill transfer import
 * --dry-run` as a child process.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processTargets } from './support/process-targets.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { backends } from './support/backends.ts';
import { aFacility } from './support/factories.ts';
import { as, atFacility, creator, ok } from './support/transfers.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { importHandoverList, previewHandoverList } from '../src/commands/import-handover-list.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { readHandoverList, ListFileError } from '../src/import/handover-list.ts';
import { parseMapping } from '../src/import/mapping.ts';
import { XlsxError } from '../src/import/xlsx.ts';
import { CsvError } from '../src/import/csv.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';
import type { ImportHandoverList } from '../src/domain/reconciliation.ts';

const dir = new URL('./fixtures/lists/', import.meta.url);
const bytes = (file: string) => readFileSync(new URL(file, dir));
const json = (file: string) => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const today = '2026-12-06';

interface Truth {
  sender_id: string;
  name_arabic: string;
  name_latin: string;
  mother_name: string | null;
  dob: unknown;
  nationalities: string[];
  sex: string;
  register_number?: string;
}
const truth: Truth[] = json('truth.json');
const truthB09: Truth[] = json('truth_b09.json');

const read = (file: string, mapping = 'mapping.json') => readHandoverList(bytes(file), file, parseMapping(json(mapping)), { today });

/** The entry truth.json says person i is, on spreadsheet row `row`. */
function expected(p: Truth, row: number, senderId = p.sender_id) {
  return {
    row,
    sender_id: senderId,
    name_arabic: p.name_arabic,
    name_latin: p.name_latin,
    mother_name: p.mother_name,
    dob: p.dob,
    nationalities: p.nationalities,
    sex: p.sex,
    register_number: p.register_number ?? null,
  };
}

/** Row of person i: the header on row `header`, one person a row under it. */
const below = (header: number) => (i: number) => header + 1 + i;

/** b06: two empty rows before every block of ten, a row of spaces before the 26th person (make_b.py). */
function b06Row(i: number): number {
  let r = 1;
  for (let k = 0; k <= i; k++) {
    if (k && k % 10 === 0) r += 2;
    if (k === 25) r += 1;
    if (k === i) return r + 1;
    r += 1;
  }
  throw new Error('unreachable');
}

const arabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

interface Case {
  file: string;
  mapping?: string;
  people?: Truth[];
  rowOf?: (i: number) => number;
  senderId?: (p: Truth) => string;
  /** Row errors expected, as [row, column, field]; the persons on those rows are left out of the entries. */
  errors?: [number, string | null, string][];
}

const readAsTruth: Case[] = [
  { file: 'list.csv' },
  { file: 'list_iso.csv' },
  { file: 'c6_calc_export.csv' },
  // Converted from CSV with LibreOffice's defaults: ids typed as numbers lose their zeros, as stored.
  { file: 'a3_csv_iso_dates.xlsx', senderId: (p) => String(Number(p.sender_id)) },
  { file: 'a4_csv_text_cols_dmy.xlsx' },
  { file: 'b01_date_cells.xlsx' },
  { file: 'b01b_date_cells_ooxml_filter.xlsx' },
  { file: 'b02_date_formats.xlsx' },
  { file: 'b03_formulas.xlsx', mapping: 'mapping_b03.json' },
  { file: 'b04_merged_cells.xlsx', mapping: 'mapping_b04.json', rowOf: below(3) },
  { file: 'b04b_two_row_header.xlsx', mapping: 'mapping_b04b_header1.json', rowOf: below(2) },
  { file: 'b04b_two_row_header.xlsx', mapping: 'mapping_b04b_header2.json', rowOf: below(2) },
  { file: 'b05_two_sheets.xlsx', mapping: 'mapping_b05_sheet.json' },
  { file: 'b06_empty_rows.xlsx', rowOf: b06Row },
  { file: 'b06b_footer_rows.xlsx', errors: [[39, 'B', 'name_arabic'], [41, 'B', 'name']] },
  { file: 'b07_date1904.xlsx' },
  { file: 'b08_rich_text.xlsx' },
  { file: 'b09_text_zeros_register_numbers.xlsx', people: truthB09 },
  { file: 'b10_number_format_zeros.xlsx' },
  { file: 'b11_hidden_struck_rows.xlsx', errors: [[6, null, 'row'], [9, null, 'row']] },
  // The sender id as the sender wrote it, in Arabic-Indic digits; the dates read as dates.
  { file: 'b12_arabic_digits.xlsx', senderId: (p) => arabicIndic(p.sender_id) },
  { file: 'b13_error_cells.xlsx', errors: [[5, 'F', 'name_latin'], [6, 'A', 'sender_id'], [8, 'G', 'mother_name']] },
  { file: 'b13b_error_cell_dob.xlsx', errors: [[9, 'H', 'dob']] },
  { file: 'b13c_two_na_sender_ids.xlsx', errors: [[6, 'A', 'sender_id'], [12, 'A', 'sender_id']] },
  { file: 'b14_header_linebreak.xlsx', mapping: 'mapping_b14_linebreak.json' },
  { file: 'b15_hidden_first_sheet.xlsx', mapping: 'mapping_b15_sheet.json' },
  // A hidden sheet is never chosen by default: the visible one is the list.
  { file: 'b15_hidden_first_sheet.xlsx' },
  // CSV with DMY text opened by LibreOffice as month first: the dates it could read that way became
  // date cells (12/04/1988 → 1988-12-04), the others stayed text. Each such cell is a row error.
  {
    file: 'a2_csv_utf8.xlsx',
    senderId: (p) => String(Number(p.sender_id)),
    errors: truth.flatMap((p, i) => {
      const dob = p.dob as { kind: string; date?: string };
      return dob.kind === 'exact' && Number(dob.date!.slice(8)) <= 12 ? [[i + 2, 'H', 'dob'] as [number, string, string]] : [];
    }),
  },
];

describe('handover lists as LibreOffice saves them', () => {
  for (const c of readAsTruth) {
    test(`${c.file} with ${c.mapping ?? 'mapping.json'}: ${c.errors?.length ? 'the faulty rows named, every other row' : 'every row'} as truth.json says`, () => {
      const list = read(c.file, c.mapping);
      const people = c.people ?? truth;
      const rowOf = c.rowOf ?? below(1);
      const errorRows = new Set((c.errors ?? []).map(([row]) => row));
      assert.deepEqual(
        list.errors.map((e) => [e.row, e.column, e.field]),
        c.errors ?? [],
        list.errors.map((e) => e.message).join('\n'),
      );
      const want = people.flatMap((p, i) => (errorRows.has(rowOf(i)) ? [] : [expected(p, rowOf(i), c.senderId ? c.senderId(p) : p.sender_id)]));
      assert.deepEqual(list.entries, want);
    });
  }

  test('b11: the hidden and the struck-through row are named as such', () => {
    const messages = read('b11_hidden_struck_rows.xlsx').errors.map((e) => e.message);
    assert.match(messages[0]!, /row 6 is hidden/);
    assert.match(messages[1]!, /row 9 is struck through/);
  });

  test('b13: an error value is named with its cell, never taken as a name or an id', () => {
    const list = read('b13_error_cells.xlsx');
    assert.match(list.errors[0]!.message, /cell F5 holds the error value #N\/A/);
    assert.match(list.errors[2]!.message, /cell G8 holds the error value #DIV\/0!/);
    assert.ok(!list.entries.some((e) => Object.values(e).some((v) => typeof v === 'string' && v.startsWith('#'))));
  });

  const refused: [string, string, (e: unknown) => boolean][] = [
    ['a1_csv_default.xlsx', 'mapping.json', (e) => e instanceof ListFileError && /reads sender_id from column "الرقم", but row 1 has no such column; its columns are: "Ø/.test(e.message)],
    ['b05_two_sheets.xlsx', 'mapping.json', (e) => e instanceof XlsxError && /"ملخص", "القائمة"/.test(e.message) && /"sheet" in the mapping/.test(e.message)],
    ['b14_header_linebreak.xlsx', 'mapping.json', (e) => e instanceof ListFileError && /reads dob from column "تاريخ الميلاد", but row 1 has no such column/.test(e.message)],
    ['c4_password.xlsx', 'mapping.json', (e) => e instanceof XlsxError && /password-protected.*save it without a password/.test(e.message)],
    ['c5_xls_renamed.xlsx', 'mapping.json', (e) => e instanceof XlsxError && /Excel 97-2003 workbook \(\.xls\).*save it as an Excel workbook \(\.xlsx\) or as CSV UTF-8/.test(e.message)],
    ['b01_date_cells.xls', 'mapping.json', (e) => e instanceof XlsxError && /Excel 97-2003 workbook \(\.xls\)/.test(e.message)],
    ['c8_ods_renamed.xlsx', 'mapping.json', (e) => e instanceof XlsxError && /OpenDocument spreadsheet \(\.ods\).*\.xlsx/.test(e.message)],
    ['b01_date_cells.ods', 'mapping.json', (e) => e instanceof XlsxError && /OpenDocument spreadsheet \(\.ods\)/.test(e.message)],
    ['b01_date_cells.fods', 'mapping.json', (e) => e instanceof XlsxError && /flat OpenDocument spreadsheet \(\.fods\)/.test(e.message)],
    ['c7_windows1256.csv', 'mapping.json', (e) => e instanceof CsvError && /not valid UTF-8/.test(e.message)],
  ];
  for (const [file, mapping, check] of refused) {
    test(`${file} with ${mapping} is refused, naming why`, () => {
      assert.throws(() => read(file, mapping), check);
    });
  }

  test('a workbook given as CSV, and CSV given as a workbook, are refused naming what they are', () => {
    const m = parseMapping(json('mapping.json'));
    assert.throws(() => readHandoverList(bytes('b07_date1904.xlsx'), 'list.csv', m, { today }), (e: unknown) => e instanceof CsvError && /ZIP archive \(an XLSX workbook\?\), not CSV/.test(e.message));
    assert.throws(() => readHandoverList(bytes('list.csv'), 'list.xlsx', m, { today }), (e: unknown) => e instanceof XlsxError && /not an XLSX workbook/.test(e.message));
  });
});

for (const backend of backends) {
  describe(`handover lists as LibreOffice saves them, imported on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const destination = aFacility({ name: 'Fictional Receiving Prison', capacity: { men_untried: 500, women_untried: 50, boys_untried: 10 } });

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => new Date('2026-12-06T08:00:00Z'), identity: await IdentityIndex.build(db) };
      ok(await execute(register, registerFacility, destination, as('admin', 'supervisor')), 'destination');
    });
    after(() => db.close());

    const input = (file: string, entries: ImportHandoverList['entries']): ImportHandoverList => ({
      list_id: randomUUID(),
      transfer_id: randomUUID(),
      new_transfer: { origin: { kind: 'authority', name: 'Fictional sending authority', country: 'SY' }, destination: atFacility(destination.facility_id), reason: 'handover from the sending authority' },
      sender: 'Fictional sending authority',
      source: file,
      entries,
    });

    test('dry runs of merged cells, zero-padded ids and a CSV export: every row read and settled, nothing written', async () => {
      for (const [file, mapping] of [['b04_merged_cells.xlsx', 'mapping_b04.json'], ['b10_number_format_zeros.xlsx', 'mapping.json'], ['c6_calc_export.csv', 'mapping.json']] as const) {
        const list = read(file, mapping);
        assert.deepEqual(list.errors, []);
        const before = (await db.query('SELECT count(*)::int AS n FROM event')).rows[0];
        const preview = await previewHandoverList(register, input(file, list.entries), { actor: 'officer.gate', role: 'facility_officer' });
        assert.ok(preview.ok, `${file}: ${JSON.stringify(!preview.ok && preview.rejection)}`);
        assert.equal(preview.rows.length, truth.length, file);
        assert.deepEqual(preview.rows.map((r) => r.outcome), truth.map(() => 'registered'), file);
        assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM event')).rows[0], before, `${file}: a dry run writes nothing`);
      }
    });

    test('the 1904-date workbook imported for real: a new order with its 36 persons, dates of birth as truth.json', async () => {
      const list = read('b07_date1904.xlsx');
      const order = input('b07_date1904.xlsx', list.entries);
      const imported = ok(await execute(register, importHandoverList, order, creator()), 'import');
      assert.deepEqual([imported.transfer_created, imported.registered], [true, truth.length]);
      const dobs = await db.query<{ sender_id: string; dob: unknown }>(
        `SELECT r.entry->>'sender_id' AS sender_id, p.dob FROM handover_list_row r JOIN person p ON p.id = r.person_id WHERE r.list_id = $1 ORDER BY r.row`,
        [order.list_id],
      );
      assert.deepEqual(
        dobs.rows.map((r) => [r.sender_id, r.dob]),
        truth.map((p) => [p.sender_id, p.dob]),
      );
      assert.deepEqual((await checkRegister(db)).findings, []);
    });
  });
}

const sijill = fileURLToPath(new URL('../bin/sijill.js', import.meta.url));
const fixture = (file: string) => fileURLToPath(new URL(file, dir));

for (const target of processTargets) {
  describe(`sijill transfer import of LibreOffice lists on ${target.name}`, () => {
    test('--dry-run reads a merged-cell workbook as truth.json says; row faults are printed by row and column; an encrypted workbook is refused by name; nothing is written', async () => {
      const t = await target.make();
      try {
        const run = (args: string[], input?: string) => spawnSync(process.execPath, [sijill, ...args], { env: t.env, input, encoding: 'utf8', timeout: 120_000 });
        const added = run(['user', 'add', '--username', 'officer.gate', '--role', 'facility_officer', '--display-name', 'Officer at the gate'], 'a long enough password for the test\n');
        assert.equal(added.status, 0, added.stderr);
        const destination = aFacility({ name: 'Fictional Receiving Prison', capacity: { men_untried: 500, women_untried: 50, boys_untried: 10 } });
        const db = await openDatabase({ databaseUrl: t.env.DATABASE_URL || undefined, dataDir: t.env.SIJILL_DATA_DIR });
        try {
          ok(await execute({ db, clock: () => new Date('2026-12-06T08:00:00Z'), identity: await IdentityIndex.build(db) }, registerFacility, destination, as('admin', 'supervisor')), 'destination');
        } finally {
          await db.close();
        }
        const order = ['--as', 'officer.gate', '--sender', 'Fictional sending authority', '--origin', 'authority:SY:Fictional sending authority', '--destination', `facility:${destination.facility_id}`, '--reason', 'handover', '--dry-run'];

        const dry = run(['transfer', 'import', fixture('b04_merged_cells.xlsx'), '--mapping', fixture('mapping_b04.json'), ...order]);
        assert.equal(dry.status, 0, dry.stderr);
        const answer = JSON.parse(dry.stdout);
        assert.equal(answer.dry_run, true);
        assert.equal(answer.report.counts.rows, truth.length, dry.stdout.slice(0, 2000));
        const rows = [...answer.report.listed_and_received, ...answer.report.listed_not_received] as { row: number; sender_id: string }[];
        assert.deepEqual(
          rows.sort((a, b) => a.row - b.row).map((r) => [r.row, r.sender_id]),
          truth.map((p, i) => [i + 4, p.sender_id]),
        );

        const faulty = run(['transfer', 'import', fixture('b13c_two_na_sender_ids.xlsx'), '--mapping', fixture('mapping.json'), ...order]);
        assert.equal(faulty.status, 1);
        assert.match(faulty.stderr, /^row 6, column A "الرقم" \(sender_id\): cell A6 holds the error value #N\/A/m);
        assert.match(faulty.stderr, /^row 12, column A "الرقم" \(sender_id\): cell A12 holds the error value #N\/A/m);
        assert.match(faulty.stderr, /2 errors in 2 of 36 rows; nothing was imported/);

        const locked = run(['transfer', 'import', fixture('c4_password.xlsx'), '--mapping', fixture('mapping.json'), ...order]);
        assert.equal(locked.status, 1);
        assert.match(locked.stderr, /password-protected/);

        const after = await openDatabase({ databaseUrl: t.env.DATABASE_URL || undefined, dataDir: t.env.SIJILL_DATA_DIR });
        try {
          assert.deepEqual((await after.query('SELECT (SELECT count(*)::int FROM transfer) AS transfers, (SELECT count(*)::int FROM handover_list) AS lists')).rows[0], { transfers: 0, lists: 0 });
        } finally {
          await after.close();
        }
      } finally {
        await t.cleanup();
      }
    });
  });
}
