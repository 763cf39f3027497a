/**
 * A small reader of XLSX workbooks (Office Open XML spreadsheets), enough for handover lists:
 * the first sheet, or one named, as rows of text. An XLSX file is a ZIP archive of XML parts:
 * the central directory names the parts, each stored or deflated (node:zlib inflateRaw);
 * `xl/workbook.xml` lists the sheets and their relationship ids, `xl/_rels/workbook.xml.rels`
 * where each sheet's part is, `xl/sharedStrings.xml` the strings cells point to,
 * `xl/styles.xml` which cells are formatted as dates. Cells carry references such as `AA12`;
 * strings are shared, inline or formula results; numbers formatted as dates become ISO dates.
 *
 * Written here rather than taken from a package: the usual npm package is unmaintained
 * there and carries advisories, and a list reader needs a small part of the format.
 */
import { inflateRawSync } from 'node:zlib';

/** The file cannot be read as an XLSX workbook: why, and where when it is known. */
export class XlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxError';
  }
}

/** One row of a sheet: its number as the spreadsheet shows it, and its cells by column (0 = A). */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly string[];
}

export interface Sheet {
  readonly name: string;
  readonly rows: readonly SheetRow[];
}

/** No part of a handover list comes near this once inflated: anything larger is refused (a ZIP bomb). */
const maxPartBytes = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------
// ZIP
// ---------------------------------------------------------------------------

/** The parts of a ZIP archive by name, inflated on demand. */
export function readZip(bytes: Uint8Array): Map<string, () => Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocdMin = 22;
  if (buf.length < eocdMin || buf.readUInt32LE(0) !== 0x04034b50) throw new XlsxError('the file is not an XLSX workbook (not a ZIP archive); save the list as .xlsx or as CSV UTF-8');
  let eocd = -1;
  for (let i = buf.length - eocdMin; i >= Math.max(0, buf.length - eocdMin - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('the workbook is damaged: the ZIP archive has no central directory (was the file cut short?)');
  const entries = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || entries === 0xffff) throw new XlsxError('ZIP64 workbooks are not read; save the list again as an ordinary .xlsx');
  if (offset + size > eocd) throw new XlsxError('the workbook is damaged: its central directory lies outside the file');
  const parts = new Map<string, () => Buffer>();
  let p = offset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxError('the workbook is damaged: a central directory entry is malformed');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const uncompressed = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new XlsxError('the workbook is encrypted (password-protected); save an unprotected copy');
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || local === 0xffffffff) throw new XlsxError('ZIP64 workbooks are not read; save the list again as an ordinary .xlsx');
    parts.set(name, () => {
      if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new XlsxError(`the workbook is damaged: part ${name} is missing`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      if (start + compressed > buf.length) throw new XlsxError(`the workbook is damaged: part ${name} is cut short`);
      const data = buf.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method !== 8) throw new XlsxError(`part ${name} uses ZIP compression method ${method}; only stored and deflated parts are read`);
      try {
        return inflateRawSync(data, { maxOutputLength: maxPartBytes });
      } catch (error) {
        throw new XlsxError(`the workbook is damaged: part ${name} does not inflate (${(error as Error).message})`);
      }
    });
  }
  return parts;
}

// ---------------------------------------------------------------------------
// XML (the small part of it these parts use)
// ---------------------------------------------------------------------------

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replace XML character and entity references. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[ref] ?? whole;
  });
}

/** The attributes of a start tag's text (`<c r="A1" t="s">` → {r: 'A1', t: 's'}), namespace prefixes dropped. */
function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name = m[1]!.includes(':') && !m[1]!.startsWith('xmlns') ? m[1]!.slice(m[1]!.indexOf(':') + 1) : m[1]!;
    out[name] = unescapeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The text of every `<t>` in an element, in order, leaving out phonetic runs (`<rPh>`). */
function textOf(xml: string): string {
  const plain = xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += unescapeXml(m[1]!);
  return out;
}

function part(parts: Map<string, () => Buffer>, name: string): string | undefined {
  const read = parts.get(name);
  return read ? read().toString('utf8') : undefined;
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

/** Built-in number formats that show a date (ECMA-376 18.8.30, and the usual locale ones). */
const builtInDateFormats = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom number format shows a date: day or year codes outside quoted text and [brackets]. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]/i.test(bare);
}

/** Which cell styles (indexes into cellXfs) format numbers as dates. */
function dateStyles(stylesXml: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!stylesXml) return out;
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\s[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.numFmtId && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  let i = 0;
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number(attributes(m[0]).numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : builtInDateFormats.has(id)) out.add(i);
    i++;
  }
  return out;
}

/** A spreadsheet date serial as an ISO date (the 1900 system counts from 1899-12-30 for every date after February 1900). */
export function serialToIsoDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + Math.floor(serial) * 86_400_000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** Shortest text of a stored number: 1990, not 1990.0000000001 from binary floating point. */
function numberText(value: string): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  return String(Number(n.toPrecision(15)));
}

// ---------------------------------------------------------------------------
// Workbook
// ---------------------------------------------------------------------------

/** The names of the sheets in a workbook, in order. */
export function sheetNames(bytes: Uint8Array): string[] {
  return workbookSheets(readZip(bytes)).map((s) => s.name);
}

function workbookSheets(parts: Map<string, () => Buffer>): { name: string; path: string }[] {
  const workbook = part(parts, 'xl/workbook.xml');
  if (workbook === undefined) throw new XlsxError('the file is a ZIP archive but not an XLSX workbook (no xl/workbook.xml)');
  const rels = part(parts, 'xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.Id && a.Target) targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const sheets: { name: string; path: string }[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const a = attributes(m[0]);
    const path = a.id ? targets.get(a.id) : undefined;
    if (a.name !== undefined && path) sheets.push({ name: a.name, path: path.replace(/\/[^/]+\/\.\.\//g, '/') });
  }
  if (sheets.length === 0) throw new XlsxError('the workbook has no sheets');
  return sheets;
}

/**
 * Read one sheet of an XLSX workbook (the first unless `sheet` names another) as rows of text.
 * Empty rows are left out; every row's cells run from column A to its last filled cell.
 */
export function readXlsx(bytes: Uint8Array, sheet?: string): Sheet {
  const parts = readZip(bytes);
  const sheets = workbookSheets(parts);
  const chosen = sheet === undefined ? sheets[0]! : sheets.find((s) => s.name === sheet);
  if (!chosen) throw new XlsxError(`the workbook has no sheet named "${sheet}"; its sheets are: ${sheets.map((s) => `"${s.name}"`).join(', ')}`);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(part(parts, 'xl/workbook.xml') ?? '');
  const shared: string[] = [];
  const sst = part(parts, 'xl/sharedStrings.xml');
  if (sst) for (const m of sst.matchAll(/<(?:\w+:)?si\b[^>]*>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\s*\/>/g)) shared.push(m[1] === undefined ? '' : textOf(m[1]));
  const dates = dateStyles(part(parts, 'xl/styles.xml'));
  const xml = part(parts, chosen.path);
  if (xml === undefined) throw new XlsxError(`the workbook is damaged: sheet "${chosen.name}" (${chosen.path}) is missing`);

  const rows: SheetRow[] = [];
  let nextRow = 1;
  for (const rm of xml.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const ra = attributes(rm[1]!);
    const rowNumber = ra.r ? Number(ra.r) : nextRow;
    if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new XlsxError(`sheet "${chosen.name}": a row has the number "${ra.r}"`);
    nextRow = rowNumber + 1;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cm of (rm[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
      const a = attributes(cm[1]!);
      let column = nextColumn;
      if (a.r) {
        const ref = /^([A-Za-z]{1,3})(\d+)$/.exec(a.r);
        if (!ref) throw new XlsxError(`sheet "${chosen.name}", row ${rowNumber}: a cell has the reference "${a.r}"`);
        column = columnIndex(ref[1]!);
        if (Number(ref[2]) !== rowNumber) throw new XlsxError(`sheet "${chosen.name}": cell ${a.r} is inside row ${rowNumber}`);
      }
      nextColumn = column + 1;
      const inner = cm[2] ?? '';
      const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
      let text: string;
      switch (a.t) {
        case 's': {
          const i = Number(v);
          if (v === undefined || !Number.isInteger(i) || i < 0 || i >= shared.length) throw new XlsxError(`sheet "${chosen.name}", cell ${columnLetters(column)}${rowNumber}: points to shared string ${v}, which does not exist`);
          text = shared[i]!;
          break;
        }
        case 'inlineStr':
          text = textOf(inner);
          break;
        case 'str':
        case 'e':
          text = v === undefined ? '' : unescapeXml(v);
          break;
        case 'b':
          text = v === '1' ? 'TRUE' : 'FALSE';
          break;
        default: {
          if (v === undefined) {
            text = '';
            break;
          }
          const raw = unescapeXml(v).trim();
          const style = a.s === undefined ? 0 : Number(a.s);
          text = dates.has(style) ? (serialToIsoDate(Number(raw), date1904) ?? raw) : numberText(raw);
        }
      }
      cells[column] = text;
    }
    const filled = Array.from(cells, (c) => c ?? '');
    while (filled.length && filled[filled.length - 1]!.trim() === '') filled.pop();
    if (filled.length) rows.push({ row: rowNumber, cells: filled });
  }
  return { name: chosen.name, rows };
}
