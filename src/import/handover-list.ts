/**
 * A handover list file (CSV or XLSX) read through its mapping into typed rows. File-level
 * faults — not a spreadsheet, a header that lacks a mapped column, a column nobody mapped,
 * no rows — stop the read with one error naming the column; each row's faults are collected,
 * with the row number and column the spreadsheet shows, so the sender's list can be put right
 * in one pass. Nothing here touches the register: the import command decides.
 */
import type { HandoverListEntry } from '../domain/reconciliation.ts';
import type { Sex } from '../domain/placement.ts';
import { parseRegisterNumber } from '../domain/register-number.ts';
import { maxTransferPersons } from '../domain/transfer.ts';
import { isIsoDate, isNationality, type DateOfBirth } from '../domain/values.ts';
import { cutText, textFault } from '../domain/text.ts';
import { fileKind } from './file-kind.ts';
import { readTable } from './list-table.ts';
import type { ListField, ListFormat, Mapping } from './mapping.ts';
import { columnLetters } from './xlsx.ts';

/** A fault in one row: the row and column as the spreadsheet shows them, the field, and what would be accepted. */
export interface RowError {
  readonly row: number;
  /** Column letter (A, B, … AA) and its title. */
  readonly column: string | null;
  readonly header: string | null;
  readonly field: ListField | 'name' | 'column' | 'row';
  readonly message: string;
}

/** The list cannot be read at all: the file, its header, or its columns. */
export class ListFileError extends Error {
  constructor(
    message: string,
    readonly column: string | null = null,
  ) {
    super(message);
    this.name = 'ListFileError';
  }
}

export interface ReadList {
  readonly entries: HandoverListEntry[];
  readonly errors: RowError[];
  /** Rows under the header that hold anything. */
  readonly rows: number;
}

/** The format of a list: the mapping's, or the file name's extension, or else what its content is (a workbook in another format is refused by the XLSX reader, naming it). */
export function listFormat(fileName: string, mapping: Mapping, given?: ListFormat, bytes?: Uint8Array): ListFormat {
  const format = given ?? mapping.format ?? (/\.xlsx$/i.test(fileName) ? 'xlsx' : /\.(csv|txt)$/i.test(fileName) ? 'csv' : bytes && fileKind(bytes).kind !== 'text' ? 'xlsx' : undefined);
  if (!format) throw new ListFileError(`cannot tell the format of "${fileName}": give --format csv or xlsx, or "format" in the mapping`);
  return format;
}

export { readTable };

/** The most of a column title a row error repeats, and of its message (which quotes the cell). */
const maxEchoedTitle = 200;
const maxMessage = 400;

/**
 * A row error as it is reported: a title or a cell is repeated only in part, so a list whose
 * title is megabytes long does not come back once per row.
 */
function boundedEcho(error: RowError): RowError {
  return { ...error, header: error.header === null ? null : cutText(error.header, maxEchoedTitle), message: cutText(error.message, maxMessage) };
}

const arabicDigits = /[\u0660-\u0669\u06f0-\u06f9]/g;
const westernDigits = (s: string) => s.replace(arabicDigits, (d) => String((d.charCodeAt(0) & 0xf) % 10));

/** A date of birth as lists write it: ISO, day/month/year in the mapping's order, a year, or a range of years. */
export function parseListDate(raw: string, order: Mapping['date_order'], today: string): DateOfBirth | string {
  const text = westernDigits(raw.trim());
  if (text === '') return { kind: 'unknown', reason: 'not on the handover list' };
  let iso: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text))) iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  else if ((m = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(text))) {
    const [a, b, c] = [m[1]!, m[2]!, m[3]!];
    const [y, mo, d] = order === 'YMD' ? [a, b, c] : order === 'MDY' ? [c, a, b] : [c, b, a];
    if (y.length !== 4) return `"${raw}" is not a date in the order ${order} with a four-digit year`;
    iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  } else if ((m = /^(\d{4})$/.exec(text))) {
    const year = Number(m[1]);
    if (year < 1900 || `${year}` > today.slice(0, 4)) return `${year} is not a year of birth`;
    return { kind: 'year', year };
  } else if ((m = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(text))) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (from > to || from < 1900 || `${to}` > today.slice(0, 4)) return `"${raw}" is not a range of years of birth`;
    return { kind: 'range', from: `${from}-01-01`, to: `${to}-12-31` };
  } else {
    return `"${raw}" is not a date: write 1990-03-04, ${order === 'MDY' ? '03/04/1990 (month first)' : order === 'YMD' ? '1990/03/04' : '04/03/1990 (day first)'}, a year (1990), or a range of years (1988-1992)`;
  }
  if (!isIsoDate(iso)) return `"${raw}" is not a calendar date (read as ${iso}, in the order ${order})`;
  if (iso > today || iso < '1900-01-01') return `"${raw}" is not a date of birth (${iso < '1900-01-01' ? 'before 1900' : 'in the future'})`;
  return { kind: 'exact', date: iso };
}

const builtInSex: Record<string, Sex> = { male: 'male', m: 'male', man: 'male', ذكر: 'male', female: 'female', f: 'female', woman: 'female', أنثى: 'female', انثى: 'female', unknown: 'unknown' };

/** Read a handover list through its mapping. Throws {@link ListFileError} for a fault of the whole file. */
export function readHandoverList(bytes: Uint8Array, fileName: string, mapping: Mapping, options: { format?: ListFormat; today: string }): ReadList {
  const format = listFormat(fileName, mapping, options.format, bytes);
  const table = readTable(bytes, format, mapping);
  const headerRow = table.find((r) => r.row === mapping.header_row);
  if (!headerRow) throw new ListFileError(`row ${mapping.header_row} (header_row) is empty: it should hold the column titles`);
  const titles = headerRow.cells.map((c) => c.trim());
  for (const [i, title] of titles.entries()) {
    const fault = textFault(title);
    if (fault) throw new ListFileError(`the title of column ${columnLetters(i)} (row ${mapping.header_row}) ${fault}: correct it in the list`, columnLetters(i));
  }
  // A title merged across columns is the title of each (a name over its parts).
  const columnOf = new Map<string, number[]>();
  let spanEnd = -1;
  for (const [i, title] of titles.entries()) {
    if (title === '' || i <= spanEnd) continue;
    if (columnOf.has(title)) throw new ListFileError(`two columns are titled "${title}" (${columnLetters(columnOf.get(title)![0]!)} and ${columnLetters(i)}); give them different titles`, columnLetters(i));
    const last = headerRow.spans?.get(i) ?? i;
    columnOf.set(title, Array.from({ length: last - i + 1 }, (_, k) => i + k));
    for (let k = i + 1; k <= last; k++) titles[k] = title;
    spanEnd = last;
  }
  const mapped = new Map<ListField, number[]>();
  for (const [field, wanted] of Object.entries(mapping.columns) as [ListField, string[]][]) {
    const indexes: number[] = [];
    for (const title of wanted) {
      const index = columnOf.get(title);
      if (index === undefined) throw new ListFileError(`the mapping reads ${field} from column "${title}", but row ${mapping.header_row} has no such column; its columns are: ${titles.filter(Boolean).map((t) => `"${t}"`).join(', ')}`);
      indexes.push(...index);
    }
    mapped.set(field, indexes);
  }
  const known = new Set([...mapped.values()].flat());
  for (const [i, title] of titles.entries()) {
    if (title !== '' && !known.has(i) && columnOf.get(title)?.[0] === i && !mapping.ignore.includes(title)) {
      throw new ListFileError(`column ${columnLetters(i)} "${title}" is not in the mapping: map it under "columns", or list it under "ignore" to leave it aside`, columnLetters(i));
    }
  }
  const body = table.filter((r) => r.row > mapping.header_row && (r.cells.some((c) => c.trim() !== '') || Boolean(r.issues?.length)));
  if (body.length === 0) throw new ListFileError(`the list is empty: no rows under the column titles (row ${mapping.header_row})`);
  if (body.length > maxTransferPersons) throw new ListFileError(`the list has ${body.length} rows; a transfer lists at most ${maxTransferPersons} persons: split the list`);

  const fieldOfColumn = new Map<number, ListField>([...mapped].flatMap(([field, indexes]) => indexes.map((i) => [i, field] as const)));
  const entries: HandoverListEntry[] = [];
  const errors: RowError[] = [];
  for (const { row, cells, issues } of body) {
    // A cell that cannot be kept as text is the row's only error: nothing else in it is read.
    const unkeepable = cells.flatMap((cell, i): RowError[] => {
      const fault = textFault(cell);
      return fault ? [{ row, column: columnLetters(i), header: titles[i] || null, field: fieldOfColumn.get(i) ?? 'column', message: `cell ${columnLetters(i)}${row} ${fault}: correct it in the list` }] : [];
    });
    if (unkeepable.length) {
      errors.push(...unkeepable);
      continue;
    }
    const rowErrors: RowError[] = [];
    for (const issue of issues ?? []) {
      const i = issue.column;
      rowErrors.push({ row, column: i === null ? null : columnLetters(i), header: i === null ? null : (titles[i] || null), field: i === null ? 'row' : (fieldOfColumn.get(i) ?? 'column'), message: issue.message });
    }
    for (const [i, cell] of cells.entries()) {
      if (cell.trim() !== '' && (i >= titles.length || titles[i] === '')) {
        errors.push({ row, column: columnLetters(i), header: null, field: 'column', message: `cell ${columnLetters(i)}${row} holds "${cell.slice(0, 40)}" under no column title` });
      }
    }
    const fail = (field: ListField, message: string, index = mapped.get(field)?.[0]) =>
      rowErrors.push({ row, column: index === undefined ? null : columnLetters(index), header: index === undefined ? null : titles[index]!, field, message });
    const cell = (field: ListField): string | null => {
      const indexes = mapped.get(field);
      if (!indexes) return null;
      const text = indexes
        .map((i) => (cells[i] ?? '').replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join(' ');
      return text === '' ? null : text;
    };

    const nameArabic = cell('name_arabic');
    const nameLatin = cell('name_latin');
    if (!nameArabic && !nameLatin) {
      const cols = [...(mapped.get('name_arabic') ?? []), ...(mapped.get('name_latin') ?? [])].map((i) => `${columnLetters(i)} "${titles[i]}"`);
      rowErrors.push({ row, column: columnLetters((mapped.get('name_arabic') ?? mapped.get('name_latin'))![0]!), header: null, field: 'name', message: `no name: ${cols.join(' and ')} ${cols.length > 1 ? 'are' : 'is'} empty` });
    }
    if (nameArabic && !/\p{Script=Arabic}/u.test(nameArabic)) fail('name_arabic', `"${nameArabic.slice(0, 60)}" has no Arabic letters; a Latin-script name belongs in name_latin`);
    if (nameLatin && !/\p{Script=Latin}/u.test(nameLatin)) fail('name_latin', `"${nameLatin.slice(0, 60)}" has no Latin letters; an Arabic-script name belongs in name_arabic`);
    for (const [field, value] of [['name_arabic', nameArabic], ['name_latin', nameLatin], ['mother_name', cell('mother_name')]] as const) {
      if (value && value.length > 300) fail(field, 'a name is at most 300 characters');
    }
    const mother = cell('mother_name');
    if (mother && !/\p{L}/u.test(mother)) fail('mother_name', `"${mother.slice(0, 60)}" has no letters`);

    const senderId = cell('sender_id');
    if (senderId && senderId.length > 100) fail('sender_id', 'the sender’s id is at most 100 characters');

    let dob: DateOfBirth = { kind: 'unknown', reason: 'not on the handover list' };
    const rawDob = cell('dob');
    if (rawDob) {
      const parsed = parseListDate(rawDob, mapping.date_order, options.today);
      if (typeof parsed === 'string') fail('dob', parsed);
      else dob = parsed;
    }

    const nationalities: string[] = [];
    const rawNationality = cell('nationality') ?? mapping.defaults.nationality ?? 'unknown';
    for (const word of rawNationality.split(/\s*[,/;،|]\s*/).filter(Boolean)) {
      const value = mapping.values.nationality.get(word.toLowerCase()) ?? (/^[a-z]{2}$/i.test(word) ? word.toUpperCase() : word.toLowerCase());
      if (!isNationality(value)) {
        fail('nationality', `"${word}" is not a nationality: give an ISO 3166-1 code such as IQ or SY, "stateless" or "unknown", or add "${word}" under values.nationality in the mapping`);
      } else if (!nationalities.includes(value)) nationalities.push(value);
    }
    if (nationalities.length > 1 && nationalities.some((n) => n === 'unknown' || n === 'stateless')) fail('nationality', `"${rawNationality}": "stateless" and "unknown" stand alone`);

    let sex: Sex | null = null;
    const rawSex = cell('sex') ?? mapping.defaults.sex ?? null;
    if (rawSex) {
      const word = rawSex.trim().toLowerCase();
      const value = mapping.values.sex.get(word) ?? builtInSex[word];
      if (value !== 'male' && value !== 'female' && value !== 'unknown') fail('sex', `"${rawSex}" is not a sex: write male or female (M, F, ذكر, أنثى), or add "${rawSex}" under values.sex in the mapping`);
      else sex = value;
    }

    let registerNumber: string | null = null;
    const rawNumber = cell('register_number');
    if (rawNumber) {
      registerNumber = parseRegisterNumber(rawNumber);
      if (!registerNumber) fail('register_number', `"${rawNumber}" is not a register number (or its check character is wrong)`);
    }

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    entries.push({
      row,
      sender_id: senderId,
      name_arabic: nameArabic,
      name_latin: nameLatin,
      mother_name: mother,
      dob,
      nationalities,
      sex,
      register_number: registerNumber,
    });
  }
  return { entries, errors: errors.map(boundedEcho), rows: body.length };
}
