/**
 * XLSX workbooks (Office Open XML spreadsheets) read as rows of text, as Excel, LibreOffice and
 * Google Sheets save them. The ZIP archive is opened with `fflate` and its XML parts parsed with
 * `fast-xml-parser`; what this file adds is the spreadsheet meaning: `xl/workbook.xml` lists the
 * sheets (and which are hidden) and the date system (1900 or 1904), `xl/_rels/workbook.xml.rels`
 * where each sheet's part is, `xl/sharedStrings.xml` the strings cells point to (plain or rich
 * text runs), `xl/styles.xml` each cell style's number format (dates, zero-padded numbers) and
 * font (struck through). A cell's text is what the sheet shows for it where that is data: shared,
 * inline and rich strings, the cached value of a formula, a date cell as an ISO date, a number
 * as its shortest text or padded with zeros as its format shows it. Error values (#N/A …) are
 * kept apart as errors, never as text; merged ranges, hidden rows and struck-through cells are
 * reported for the list reader to decide on.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { fileKind, saveAsAdvice } from './file-kind.ts';

/** The file cannot be read as an XLSX workbook: why, and where when it is known. */
export class XlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxError';
  }
}

/** What a cell holds: text, a number, a date (a number formatted as a date), a truth value, or a formula's error value. */
export type CellKind = 'text' | 'number' | 'date' | 'bool' | 'error';

/** One row of a sheet: its number as the spreadsheet shows it, and its cells by column (0 = A). */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly string[];
  /** Each cell's kind, by column (undefined where the cell is empty). */
  readonly kinds: readonly (CellKind | undefined)[];
  /** The row is hidden in the spreadsheet. */
  readonly hidden: boolean;
  /** Columns of the cells that hold something and are shown struck through. */
  readonly struck: readonly number[];
}

/** A merged range: rows as the spreadsheet numbers them, columns from 0. */
export interface Merge {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export interface Sheet {
  readonly name: string;
  readonly rows: readonly SheetRow[];
  readonly merges: readonly Merge[];
}

/** No handover list comes near this once inflated: anything larger is refused (a ZIP bomb). */
const maxPartBytes = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------
// ZIP and XML
// ---------------------------------------------------------------------------

type Parts = Record<string, Uint8Array>;

/** The parts of the workbook's ZIP archive that a list needs, inflated. */
function readZip(bytes: Uint8Array): Parts {
  const kind = fileKind(bytes);
  if (kind.kind === 'other') {
    if (kind.what.includes('password')) throw new XlsxError('the workbook is password-protected (encrypted): save it without a password, as .xlsx or as CSV UTF-8');
    throw new XlsxError(`the file is ${kind.what}, not an XLSX workbook: ${saveAsAdvice}`);
  }
  if (kind.kind !== 'zip') throw new XlsxError(`the file is not an XLSX workbook (not a ZIP archive): ${saveAsAdvice}`);
  // fflate inflates each part into a buffer of its declared size, never more: the declared sizes bound what is inflated.
  let total = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        if (!(file.name.startsWith('xl/') || file.name === 'mimetype')) return false;
        total += file.originalSize;
        if (total > maxPartBytes) throw new XlsxError(`the workbook's parts would inflate to more than ${maxPartBytes} bytes; a handover list is far smaller`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    throw new XlsxError(`the workbook is damaged: it is not a complete ZIP archive (was the file cut short?): ${(error as Error).message}`);
  }
}

/** Elements that may repeat, always read as arrays. */
const repeated = new Set(['sheet', 'Relationship', 'si', 'r', 'row', 'c', 'numFmt', 'xf', 'font', 'mergeCell']);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => repeated.has(name),
});

// The parsed XML is loosely typed: every access goes through these.
type Node = Record<string, unknown>;
const asNode = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : {});
const asList = (v: unknown): Node[] => (Array.isArray(v) ? v.map(asNode) : v === undefined ? [] : [asNode(v)]);
const attr = (node: Node, name: string): string | undefined => {
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
};
const isTrue = (v: string | undefined) => v === '1' || v === 'true';

function parsePart(parts: Parts, name: string): Node | undefined {
  const bytes = parts[name];
  if (!bytes) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // Spreadsheet parts never declare a document type; one that does is refused (entity expansion).
  if (/<!DOCTYPE/i.test(text.slice(0, 2048))) throw new XlsxError(`part ${name} of the workbook declares a document type, which no spreadsheet writes`);
  try {
    return asNode(xml.parse(text));
  } catch (error) {
    throw new XlsxError(`the workbook is damaged: part ${name} is not well-formed XML (${(error as Error).message})`);
  }
}

/** The text of an element's text node (`<t>x</t>` or `<t xml:space="preserve">x</t>`), with Excel's `_xHHHH_` escapes undone. */
function textNode(v: unknown): string {
  const raw = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : typeof asNode(v)['#text'] === 'string' ? (asNode(v)['#text'] as string) : '';
  return raw.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The text of a string item (`<si>` or `<is>`): its `<t>`, or its rich text runs in order; phonetic runs (`<rPh>`) left out. */
function stringItem(node: Node): string {
  let out = node.t !== undefined ? textNode(node.t) : '';
  for (const run of asList(node.r)) out += textNode(run.t);
  return out;
}

// ---------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------

/** Column letters to a 0-based index: A → 0, Z → 25, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A 0-based column index to its letters: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

function cellReference(ref: string, where: string): { column: number; row: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) throw new XlsxError(`${where}: a cell has the reference "${ref}"`);
  return { column: columnIndex(m[1]!), row: Number(m[2]) };
}

/** Built-in number formats that show a date (ECMA-376 18.8.30, and the usual locale ones). */
const builtInDateFormats = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code without its quoted text, [bracketed] locale/colour/calendar parts and escaped characters. */
const bareFormat = (code: string) => code.split(';')[0]!.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');

/** Whether a number format shows a date: day or year codes outside quoted text and [brackets]. */
const isDateFormat = (code: string) => /[dy]/i.test(bareFormat(code));

/** How a cell style shows numbers: as a date, padded with zeros to a width (format `000000`), or plainly. */
interface NumberStyle {
  readonly date: boolean;
  readonly pad: number;
  readonly struck: boolean;
}

function cellStyles(styles: Node | undefined): NumberStyle[] {
  const root = asNode(styles?.styleSheet);
  const custom = new Map<number, string>();
  for (const f of asList(asNode(root.numFmts).numFmt)) {
    const id = attr(f, 'numFmtId');
    const code = attr(f, 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), code);
  }
  const struckFonts = asList(asNode(root.fonts).font).map((font) => font.strike !== undefined && !['0', 'false'].includes(attr(asNode(font.strike), 'val') ?? 'true'));
  return asList(asNode(root.cellXfs).xf).map((xf) => {
    const id = Number(attr(xf, 'numFmtId') ?? 0);
    const code = custom.get(id);
    const bare = code === undefined ? '' : bareFormat(code);
    return {
      date: code !== undefined ? isDateFormat(code) : builtInDateFormats.has(id),
      pad: /^0+$/.test(bare) ? bare.length : 0,
      struck: struckFonts[Number(attr(xf, 'fontId') ?? 0)] ?? false,
    };
  });
}

/**
 * A spreadsheet date serial as an ISO date. The 1900 system counts from 1899-12-30 for every date
 * after February 1900 (it keeps Lotus's 29 February 1900); the 1904 system from 1904-01-01.
 */
export function serialToIsoDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const days = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + days * 86_400_000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** Shortest text of a stored number: 1990, not 1990.0000000001 from binary floating point. */
function numberText(value: string): string {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) return value;
  return String(Number(n.toPrecision(15)));
}

// ---------------------------------------------------------------------------
// Workbook
// ---------------------------------------------------------------------------

interface SheetEntry {
  readonly name: string;
  readonly path: string;
  readonly hidden: boolean;
}

function workbookSheets(parts: Parts): { sheets: SheetEntry[]; date1904: boolean } {
  const workbook = parsePart(parts, 'xl/workbook.xml');
  if (workbook === undefined) {
    const mimetype = parts.mimetype ? Buffer.from(parts.mimetype).toString('latin1') : '';
    if (mimetype.includes('opendocument.spreadsheet')) throw new XlsxError(`the file is an OpenDocument spreadsheet (.ods), not an XLSX workbook: ${saveAsAdvice}`);
    throw new XlsxError(`the file is a ZIP archive but not an XLSX workbook (no xl/workbook.xml): ${saveAsAdvice}`);
  }
  const targets = new Map<string, string>();
  for (const rel of asList(asNode(parsePart(parts, 'xl/_rels/workbook.xml.rels')?.Relationships).Relationship)) {
    const id = attr(rel, 'Id');
    const target = attr(rel, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const root = asNode(workbook.workbook);
  const sheets: SheetEntry[] = [];
  for (const s of asList(asNode(root.sheets).sheet)) {
    const name = attr(s, 'name');
    const id = attr(s, 'id');
    const path = id ? targets.get(id) : undefined;
    const state = attr(s, 'state');
    if (name !== undefined && path) sheets.push({ name, path: path.replace(/\/[^/]+\/\.\.\//g, '/'), hidden: state === 'hidden' || state === 'veryHidden' });
  }
  if (sheets.length === 0) throw new XlsxError('the workbook has no sheets');
  return { sheets, date1904: isTrue(attr(asNode(root.workbookPr), 'date1904')) };
}

/** The names of the sheets in a workbook, in order. */
export function sheetNames(bytes: Uint8Array): string[] {
  return workbookSheets(readZip(bytes)).sheets.map((s) => s.name);
}

const quoted = (sheets: readonly SheetEntry[]) => sheets.map((s) => `"${s.name}"${s.hidden ? ' (hidden)' : ''}`).join(', ');

/**
 * Read one sheet of an XLSX workbook as rows of text: the sheet `sheet` names, or else the only
 * visible sheet that holds anything — a hidden sheet is never chosen by default, and a workbook
 * with several filled sheets is refused naming them, so the mapping says which (`"sheet"`).
 * Empty rows are left out; every row's cells run from column A to its last filled cell.
 */
export function readXlsx(bytes: Uint8Array, sheet?: string): Sheet {
  const parts = readZip(bytes);
  const { sheets, date1904 } = workbookSheets(parts);
  const shared = asList(asNode(parsePart(parts, 'xl/sharedStrings.xml')?.sst).si).map(stringItem);
  const styles = cellStyles(parsePart(parts, 'xl/styles.xml'));
  const read = (entry: SheetEntry) => readSheet(parts, entry, shared, styles, date1904);
  if (sheet !== undefined) {
    const chosen = sheets.find((s) => s.name === sheet);
    if (!chosen) throw new XlsxError(`the workbook has no sheet named "${sheet}"; its sheets are: ${quoted(sheets)}`);
    return read(chosen);
  }
  const visible = sheets.filter((s) => !s.hidden);
  if (visible.length === 0) throw new XlsxError(`every sheet of the workbook is hidden (${quoted(sheets)}): name the list's sheet with "sheet" in the mapping`);
  if (visible.length === 1) return read(visible[0]!);
  const filled = visible.map(read).filter((s) => s.rows.length > 0);
  if (filled.length === 1) return filled[0]!;
  if (filled.length === 0) return read(visible[0]!);
  throw new XlsxError(`the workbook has ${filled.length} sheets that hold something (${quoted(sheets)}): name the list's sheet with "sheet" in the mapping, e.g. "sheet": "${filled[filled.length - 1]!.name}"`);
}

function readSheet(parts: Parts, entry: SheetEntry, shared: readonly string[], styles: readonly NumberStyle[], date1904: boolean): Sheet {
  const doc = parsePart(parts, entry.path);
  if (doc === undefined) throw new XlsxError(`the workbook is damaged: sheet "${entry.name}" (${entry.path}) is missing`);
  const root = asNode(doc.worksheet);
  const where = `sheet "${entry.name}"`;
  const rows: SheetRow[] = [];
  let nextRow = 1;
  for (const r of asList(asNode(root.sheetData).row)) {
    const ref = attr(r, 'r');
    const rowNumber = ref ? Number(ref) : nextRow;
    if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new XlsxError(`${where}: a row has the number "${ref}"`);
    nextRow = rowNumber + 1;
    const cells: string[] = [];
    const kinds: (CellKind | undefined)[] = [];
    const struck: number[] = [];
    let nextColumn = 0;
    for (const c of asList(r.c)) {
      const cref = attr(c, 'r');
      let column = nextColumn;
      if (cref) {
        const at = cellReference(cref, `${where}, row ${rowNumber}`);
        if (at.row !== rowNumber) throw new XlsxError(`${where}: cell ${cref} is inside row ${rowNumber}`);
        column = at.column;
      }
      nextColumn = column + 1;
      const v = c.v === undefined ? undefined : textNode(c.v);
      const style = styles[Number(attr(c, 's') ?? 0)];
      let text = '';
      let kind: CellKind | undefined;
      switch (attr(c, 't')) {
        case 's': {
          const i = Number(v);
          if (v === undefined || !Number.isInteger(i) || i < 0 || i >= shared.length) throw new XlsxError(`${where}, cell ${columnLetters(column)}${rowNumber}: points to shared string ${v}, which does not exist`);
          text = shared[i]!;
          kind = 'text';
          break;
        }
        case 'inlineStr':
          text = stringItem(asNode(c.is));
          kind = 'text';
          break;
        case 'str':
          text = v ?? '';
          kind = 'text';
          break;
        case 'e':
          text = v ?? '#ERROR';
          kind = 'error';
          break;
        case 'b':
          text = v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
          kind = 'bool';
          break;
        case 'd':
          // An ISO 8601 date cell (strict OOXML, some writers).
          text = (v ?? '').slice(0, 10);
          kind = 'date';
          break;
        default: {
          if (v === undefined || v.trim() === '') break;
          const raw = v.trim();
          const date = style?.date ? serialToIsoDate(Number(raw), date1904) : null;
          if (date) {
            text = date;
            kind = 'date';
          } else {
            const n = Number(raw);
            text = style && style.pad > 0 && Number.isSafeInteger(n) && n >= 0 ? String(n).padStart(style.pad, '0') : numberText(raw);
            kind = 'number';
          }
        }
      }
      if (text === '' && kind !== 'error') continue;
      cells[column] = text;
      kinds[column] = kind;
      if (style?.struck && text.trim() !== '') struck.push(column);
    }
    const filled = Array.from(cells, (c) => c ?? '');
    while (filled.length && filled[filled.length - 1]!.trim() === '' && kinds[filled.length - 1] !== 'error') filled.pop();
    kinds.length = filled.length;
    if (filled.length) rows.push({ row: rowNumber, cells: filled, kinds: Array.from(kinds), hidden: isTrue(attr(r, 'hidden')), struck });
  }
  const merges: Merge[] = [];
  for (const m of asList(asNode(root.mergeCells).mergeCell)) {
    const [from, to = from] = (attr(m, 'ref') ?? '').split(':');
    if (!from) continue;
    const a = cellReference(from, `${where}, merged range`);
    const b = cellReference(to!, `${where}, merged range`);
    merges.push({ top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.column, b.column), right: Math.max(a.column, b.column) });
  }
  return { name: entry.name, rows, merges };
}
