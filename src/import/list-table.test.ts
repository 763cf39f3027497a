import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readHandoverList } from './handover-list.ts';
import { parseMapping } from './mapping.ts';
import { zip } from '../../test/support/xlsx-writer.ts';

/** A one-sheet workbook of inline strings by cell reference, with merged ranges. */
function book(cells: Record<string, string>, merges: string[]): Buffer {
  const rows = new Map<number, string[]>();
  for (const [ref, text] of Object.entries(cells)) {
    const row = Number(/\d+/.exec(ref)![0]);
    rows.set(row, [...(rows.get(row) ?? []), `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`]);
  }
  const sheetData = [...rows].sort((a, b) => a[0] - b[0]).map(([r, cs]) => `<row r="${r}">${cs.join('')}</row>`).join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return zip({
    'xl/workbook.xml': `<workbook ${ns}><sheets><sheet name="List" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<worksheet ${ns}><sheetData>${sheetData}</sheetData><mergeCells>${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells></worksheet>`,
  });
}

const read = (bytes: Buffer) => readHandoverList(bytes, 'list.xlsx', parseMapping({ columns: { name_latin: 'Name', sender_id: 'No.' } }), { today: '2026-12-06' });

test('a title merged down into a row that holds data: the row is a row of the list, and the title is not its value', () => {
  const list = read(book({ A1: 'Name', B1: 'No.', B2: 'S-1', A3: 'Salim Hamid', B3: 'S-2' }, ['A1:A2']));
  assert.deepEqual(list.errors.map((e) => [e.row, e.column, e.field]), [[2, 'A', 'name']]);
  assert.deepEqual(list.entries.map((e) => [e.row, e.sender_id, e.name_latin]), [[3, 'S-2', 'Salim Hamid']]);
});

test('a value merged down the rows of the list is every row’s; a title merged across columns maps them all', () => {
  const list = read(book({ A1: 'Name', C1: 'No.', A2: 'Salim', B2: 'Hamid', C2: 'S-1', A3: 'Omar', B3: 'Khalid' }, ['A1:B1', 'C2:C3']));
  assert.deepEqual(list.errors, []);
  assert.deepEqual(list.entries.map((e) => [e.row, e.sender_id, e.name_latin]), [[2, 'S-1', 'Salim Hamid'], [3, 'S-1', 'Omar Khalid']]);
});
