import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnIndex, columnLetters, readXlsx, serialToIsoDate, XlsxError } from './xlsx.ts';
import { readFileSync } from 'node:fs';
import { writeXlsx, zip } from '../../test/support/xlsx-writer.ts';

/** A workbook saved by LibreOffice (test/fixtures/lists, README.md there). */
const saved = (file: string) => readFileSync(new URL(`../../test/fixtures/lists/${file}`, import.meta.url));

test('cell references: A, Z, AA, AZ, ZZ, AAA both ways', () => {
  for (const [letters, index] of [['A', 0], ['Z', 25], ['AA', 26], ['AZ', 51], ['ZZ', 701], ['AAA', 702]] as const) {
    assert.equal(columnIndex(letters), index);
    assert.equal(columnLetters(index), letters);
  }
});

test('a sheet reads back as text: shared and inline strings, numbers, dates from their format, gaps kept by reference', () => {
  const row = Array.from({ length: 28 }, () => null as string | null);
  row[27] = 'far';
  const book = writeXlsx([['No.', 'الاسم', 'DOB'], [1, { inline: 'سالم & <حميد>' }, { date: '1988-04-12' }], [2, 'Omar', 1990], row]);
  const sheet = readXlsx(book);
  assert.equal(sheet.name, 'List');
  assert.deepEqual(sheet.rows.map((r) => [r.row, r.cells]), [
    [1, ['No.', 'الاسم', 'DOB']],
    [2, ['1', 'سالم & <حميد>', '1988-04-12']],
    [3, ['2', 'Omar', '1990']],
    [4, [...Array(27).fill(''), 'far']],
  ]);
  assert.equal(serialToIsoDate(32245), '1988-04-12');
});

test('what is not a workbook is refused with the reason', () => {
  assert.throws(() => readXlsx(Buffer.from('No.,Name\n')), (e: unknown) => e instanceof XlsxError && /not a ZIP archive/.test(e.message));
  assert.throws(() => readXlsx(zip({ 'hello.txt': 'hi' })), (e: unknown) => e instanceof XlsxError && /no xl\/workbook\.xml/.test(e.message));
  assert.throws(() => readXlsx(writeXlsx([['a']]), 'Other'), (e: unknown) => e instanceof XlsxError && /no sheet named "Other"; its sheets are: "List"/.test(e.message));
  const book = writeXlsx([['a', 'b']]);
  assert.throws(() => readXlsx(book.subarray(0, book.length - 10)), (e: unknown) => e instanceof XlsxError && /cut short/.test(e.message));
});

test('workbooks saved by LibreOffice: dates in the 1904 system, cached formula values, rich text runs, zero-padded ids', () => {
  const b07 = readXlsx(saved('b07_date1904.xlsx'));
  assert.equal(b07.name, 'قائمة التسليم');
  assert.deepEqual([b07.rows[1]!.cells[7], b07.rows[1]!.kinds[7]], ['1988-04-12', 'date']);
  const b03 = readXlsx(saved('b03_formulas.xlsx'));
  assert.deepEqual([b03.rows[1]!.cells[0], b03.rows[1]!.cells[5], b03.rows[1]!.cells[8]], ['000101', 'سالم سالم كريم الزبيدي', '1988-04-12']);
  const b08 = readXlsx(saved('b08_rich_text.xlsx'));
  assert.equal(b08.rows[0]!.cells[7], 'تاريخ الميلاد');
  assert.equal(b08.rows[1]!.cells[1], 'سالم');
  assert.equal(b08.rows[4]!.cells[5], 'Ibrahim\nKarim Adel al-Dulaimi');
  assert.deepEqual([readXlsx(saved('b10_number_format_zeros.xlsx')).rows[1]!.cells[0], readXlsx(saved('b10_number_format_zeros.xlsx')).rows[1]!.kinds[0]], ['000101', 'number']);
  assert.equal(serialToIsoDate(32245 - 1462, true), '1988-04-12');
});

test('what a sheet shows besides text: merged ranges, hidden rows, struck-through cells, error values', () => {
  const b04 = readXlsx(saved('b04_merged_cells.xlsx'));
  assert.deepEqual(b04.merges.slice(0, 3), [
    { top: 1, bottom: 1, left: 0, right: 11 },
    { top: 2, bottom: 2, left: 1, right: 4 },
    { top: 4, bottom: 5, left: 8, right: 8 },
  ]);
  const b11 = readXlsx(saved('b11_hidden_struck_rows.xlsx'));
  assert.deepEqual(b11.rows.filter((r) => r.hidden).map((r) => r.row), [6]);
  assert.deepEqual(b11.rows.filter((r) => r.struck.length).map((r) => [r.row, r.struck.length]), [[9, 10]]); // A..L struck; G (no mother's name) and K are empty
  const b13 = readXlsx(saved('b13_error_cells.xlsx'));
  assert.deepEqual(b13.rows.flatMap((r) => r.kinds.flatMap((k, i) => (k === 'error' ? [`${columnLetters(i)}${r.row} ${r.cells[i]}`] : []))), ['F5 #N/A', 'A6 #N/A', 'G8 #DIV/0!']);
});

test('a hidden sheet is never read by default; several filled sheets are refused naming them', () => {
  assert.equal(readXlsx(saved('b15_hidden_first_sheet.xlsx')).name, "قائمة 1 & 2 'ب' نهائية");
  assert.equal(readXlsx(saved('b15_hidden_first_sheet.xlsx'), 'قوائم').rows[0]!.cells[0], 'الجنسية');
  assert.throws(() => readXlsx(saved('b05_two_sheets.xlsx')), (e: unknown) => e instanceof XlsxError && /2 sheets that hold something \("ملخص", "القائمة"\)/.test(e.message));
});

test('other formats and encrypted workbooks are named, and a part declaring a document type is refused', () => {
  assert.throws(() => readXlsx(saved('c4_password.xlsx')), (e: unknown) => e instanceof XlsxError && /password-protected/.test(e.message));
  assert.throws(() => readXlsx(saved('c5_xls_renamed.xlsx')), (e: unknown) => e instanceof XlsxError && /Excel 97-2003/.test(e.message));
  assert.throws(() => readXlsx(saved('c8_ods_renamed.xlsx')), (e: unknown) => e instanceof XlsxError && /OpenDocument spreadsheet \(\.ods\)/.test(e.message));
  const entities = zip({ 'xl/workbook.xml': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook><sheets/></workbook>' });
  assert.throws(() => readXlsx(entities), (e: unknown) => e instanceof XlsxError && /document type/.test(e.message));
});

test('a ZIP bomb is refused before it is inflated', () => {
  // A part whose central directory entry declares 300 MB once inflated.
  const bomb = zip({ 'xl/workbook.xml': '<workbook><sheets/></workbook>', 'xl/worksheets/huge.xml': '<worksheet/>' });
  const entry = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  bomb.writeUInt32LE(300 * 1024 * 1024, entry + 24);
  assert.throws(() => readXlsx(bomb), (e: unknown) => e instanceof XlsxError && /would inflate to more than/.test(e.message));
});
