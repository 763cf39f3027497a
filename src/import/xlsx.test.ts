import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnIndex, columnLetters, readXlsx, serialToIsoDate, XlsxError } from './xlsx.ts';
import { writeXlsx, zip } from '../../test/support/xlsx-writer.ts';

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
