/**
 * A list file as a table: rows of cells with the row numbers the spreadsheet shows, whichever
 * the format, and what the reader of the list must know about a row besides its text. What a
 * spreadsheet shows but text does not carry is settled here:
 *
 * - a range merged down the rows (a nationality written once for a block of persons) gives its
 *   value to every row it covers; a title merged across columns (a name over its parts) is the
 *   title of every column it covers (`spans`), and the rows a merged title reaches down into
 *   belong to the header, not to the list — when they hold nothing outside the columns under the
 *   header's merged titles (a row holding more is read as a row of the list);
 * - a hidden row, a row struck through, a formula's error value (#N/A, #DIV/0! …) in a column
 *   that is read, and a date cell in a column whose other dates are text (the mark of a CSV
 *   opened with the wrong day/month order) are faults of that row (`issues`), never data.
 */
import { fileKind } from './file-kind.ts';
import { CsvError, parseCsv } from './csv.ts';
import type { ListFormat, Mapping } from './mapping.ts';
import { columnLetters, readXlsx, type CellKind, type SheetRow } from './xlsx.ts';

/** A fault of one row found in the file itself: the cell's column (0 = A) or null for the whole row, and what is wrong. */
export interface CellIssue {
  readonly column: number | null;
  readonly message: string;
}

export interface TableRow {
  readonly row: number;
  readonly cells: readonly string[];
  /** Faults of the row that its text does not show. */
  readonly issues?: readonly CellIssue[];
  /** Titles merged across columns: first column → last column (the header row's). */
  readonly spans?: ReadonlyMap<number, number>;
}

/** Rows of cells with their spreadsheet row numbers, from either format. */
export function readTable(bytes: Uint8Array, format: ListFormat, mapping: Mapping): TableRow[] {
  if (format === 'xlsx') return xlsxTable(bytes, mapping);
  const kind = fileKind(bytes);
  if (kind.kind === 'zip') throw new CsvError('the file is a ZIP archive (an XLSX workbook?), not CSV text: name it .xlsx or give the format xlsx', 1, 1);
  if (kind.kind === 'other') throw new CsvError(`the file is ${kind.what}, not CSV text: save the list as an Excel workbook (.xlsx) or as CSV UTF-8`, 1, 1);
  const records = parseCsv(bytes, mapping.delimiter ? { delimiter: mapping.delimiter } : {});
  // A CSV record's number is its position, as a spreadsheet opening it would number it (a
  // quoted line break does not start a new row there).
  return records.map((r, i) => ({ row: i + 1, cells: r.fields }));
}

/** Day/month/year written as text: 12/04/1988, 12.04.88. */
const textDate = /^[\d\u0660-\u0669\u06f0-\u06f9]{1,2}[/.-][\d\u0660-\u0669\u06f0-\u06f9]{1,2}[/.-][\d\u0660-\u0669\u06f0-\u06f9]{2,4}$/;

function xlsxTable(bytes: Uint8Array, mapping: Mapping): TableRow[] {
  const sheet = readXlsx(bytes, mapping.sheet);
  const header = mapping.header_row;
  const byRow = new Map<number, { cells: string[]; kinds: (CellKind | undefined)[]; source: SheetRow | null }>();
  for (const r of sheet.rows) byRow.set(r.row, { cells: [...r.cells], kinds: [...r.kinds], source: r });

  // Merged ranges: the value of the top-left cell goes down every row of the range; a range
  // across columns spans its columns. A range starting on the header row and reaching down
  // makes the rows it reaches part of the header.
  let headerEnd = header;
  const spans = new Map<number, Map<number, number>>();
  // Columns under the header's merged titles; a row the header reaches down into holds nothing else.
  const underTitles = new Set<number>();
  for (const m of sheet.merges) {
    if (m.top !== header) continue;
    headerEnd = Math.max(headerEnd, m.bottom);
    for (let c = m.left; c <= m.right; c++) underTitles.add(c);
  }
  const strayInHeader = sheet.rows.some((r) => r.row > header && r.row <= headerEnd && r.cells.some((cell, i) => cell.trim() !== '' && !underTitles.has(i)));
  if (strayInHeader) headerEnd = header;
  for (const m of sheet.merges) {
    if (m.right > m.left) {
      if (!spans.has(m.top)) spans.set(m.top, new Map());
      spans.get(m.top)!.set(m.left, m.right);
    }
    const top = byRow.get(m.top);
    const value = top?.cells[m.left];
    if (value === undefined || value === '') continue;
    for (let r = m.top + 1; r <= m.bottom; r++) {
      // A title's merge gives its value to the header's rows, never to a row of the list.
      if (m.top <= headerEnd && r > headerEnd) break;
      let row = byRow.get(r);
      if (!row) byRow.set(r, (row = { cells: [], kinds: [], source: null }));
      if ((row.cells[m.left] ?? '') !== '') continue;
      for (let c = row.cells.length; c < m.left; c++) row.cells[c] = '';
      row.cells[m.left] = value;
      row.kinds[m.left] = top!.kinds[m.left];
    }
  }

  const titles = (byRow.get(header)?.cells ?? []).map((t) => t.trim());
  const ignored = new Set(titles.flatMap((t, i) => (t !== '' && mapping.ignore.includes(t) ? [i] : [])));
  const ref = (column: number, row: number) => `${columnLetters(column)}${row}`;

  // Columns whose dates are partly date cells and partly day/month/year text.
  const textDates = new Map<number, string>();
  const dateCells = new Map<number, number>();
  for (const [number, r] of byRow) {
    if (number <= headerEnd) continue;
    r.cells.forEach((cell, i) => {
      if (r.kinds[i] === 'date') dateCells.set(i, (dateCells.get(i) ?? 0) + 1);
      else if (r.kinds[i] === 'text' && textDate.test(cell.trim()) && !textDates.has(i)) textDates.set(i, `${ref(i, number)} "${cell.trim()}"`);
    });
  }

  const out: TableRow[] = [];
  for (const number of [...byRow.keys()].sort((a, b) => a - b)) {
    if (number > header && number <= headerEnd) continue;
    const { cells, kinds, source } = byRow.get(number)!;
    const issues: CellIssue[] = [];
    if (number > headerEnd) {
      if (source?.hidden) issues.push({ column: null, message: `row ${number} is hidden in the spreadsheet: show it and check it, or delete it` });
      const struck = (source?.struck ?? []).filter((i) => !ignored.has(i));
      if (struck.length) issues.push({ column: null, message: `row ${number} is struck through (${struck.map((i) => ref(i, number)).join(', ')}): delete the row if the person is struck off the list, or remove the strike-through` });
      for (const [i, kind] of kinds.entries()) {
        if (kind === 'error' && !ignored.has(i)) issues.push({ column: i, message: `cell ${ref(i, number)} holds the error value ${cells[i]} (a formula that failed), not data: correct the formula or type the value` });
        if (kind === 'date' && textDates.has(i) && !ignored.has(i)) {
          issues.push({
            column: i,
            message: `cell ${ref(i, number)} is a date cell (${cells[i]}) in a column whose other dates are text (such as ${textDates.get(i)}): the spreadsheet may have read day and month the wrong way round; write the dates in one way throughout`,
          });
        }
      }
    }
    const cellsOut = cells.map((c, i) => (kinds[i] === 'error' ? '' : (c ?? '')));
    const rowSpans = spans.get(number);
    out.push({ row: number, cells: cellsOut, ...(issues.length ? { issues } : {}), ...(rowSpans ? { spans: rowSpans } : {}) });
  }
  return out;
}
