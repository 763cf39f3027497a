/**
 * The mapping file of a handover list (JSON): which column of the sender's list holds which
 * field, which columns to leave aside, how dates are written, and how the sender's words
 * for nationalities and sex translate. Every sending authority writes its lists its own
 * way; the mapping is written once per sender and kept with the lists.
 *
 * ```json
 * {
 *   "header_row": 1,
 *   "columns": {
 *     "sender_id": "No.",
 *     "name_arabic": ["الاسم", "اسم الأب", "اسم الجد", "اللقب"],
 *     "name_latin": "Full name",
 *     "mother_name": "اسم الأم",
 *     "dob": "تاريخ الميلاد",
 *     "nationality": "الجنسية"
 *   },
 *   "ignore": ["ملاحظات"],
 *   "date_order": "DMY",
 *   "values": { "nationality": { "عراقي": "IQ", "سوري": "SY" } },
 *   "defaults": { "sex": "male" }
 * }
 * ```
 */

/** The fields a handover list row may carry. */
export const listFields = ['sender_id', 'name_arabic', 'name_latin', 'mother_name', 'dob', 'nationality', 'sex', 'register_number'] as const;
export type ListField = (typeof listFields)[number];

export const dateOrders = ['DMY', 'MDY', 'YMD'] as const;
export type DateOrder = (typeof dateOrders)[number];

export const listFormats = ['csv', 'xlsx'] as const;
export type ListFormat = (typeof listFormats)[number];

export interface Mapping {
  readonly format?: ListFormat;
  /** XLSX: the sheet to read (default: the first). */
  readonly sheet?: string;
  /** CSV: the field separator (default a comma). */
  readonly delimiter?: string;
  /** The row holding the column titles, as the spreadsheet numbers it (default 1). */
  readonly header_row: number;
  /** Field → column title, or several titles joined with spaces (a name written in parts). */
  readonly columns: Readonly<Partial<Record<ListField, readonly string[]>>>;
  /** Column titles present in the list and deliberately left aside. */
  readonly ignore: readonly string[];
  readonly date_order: DateOrder;
  /** The sender's words for values, per field: {"nationality": {"Iraqi": "IQ"}}. Matched case-insensitively. */
  readonly values: { readonly nationality: ReadonlyMap<string, string>; readonly sex: ReadonlyMap<string, string> };
  /** Values used when a row leaves the field empty. */
  readonly defaults: { readonly sex?: string; readonly nationality?: string };
}

/** The mapping file is unusable: the field (JSON pointer) and why. */
export class MappingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`mapping ${field}: ${message}`);
    this.name = 'MappingError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function only(object: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new MappingError(`${at}/${key}`, `unknown setting "${key}"; the settings are: ${allowed.join(', ')}`);
  }
}

function valueTable(raw: unknown, at: string): Map<string, string> {
  const table = new Map<string, string>();
  if (raw === undefined) return table;
  if (!isObject(raw)) throw new MappingError(at, 'give an object of the sender’s word → the register’s value');
  for (const [word, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || value.trim() === '') throw new MappingError(`${at}/${word}`, 'give the register’s value as text');
    table.set(word.trim().toLowerCase(), value.trim());
  }
  return table;
}

/** Read and check a mapping (the parsed JSON, or its text). */
export function parseMapping(input: unknown): Mapping {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new MappingError('', `the mapping is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(raw)) throw new MappingError('', 'the mapping is a JSON object with at least "columns"');
  only(raw, ['format', 'sheet', 'delimiter', 'header_row', 'columns', 'ignore', 'date_order', 'values', 'defaults'], '');
  if (raw.format !== undefined && !listFormats.includes(raw.format as ListFormat)) throw new MappingError('/format', `format is one of: ${listFormats.join(', ')}`);
  if (raw.sheet !== undefined && (typeof raw.sheet !== 'string' || raw.sheet === '')) throw new MappingError('/sheet', 'give the sheet’s name as text');
  if (raw.delimiter !== undefined && (typeof raw.delimiter !== 'string' || raw.delimiter.length !== 1 || /["\r\n]/.test(raw.delimiter))) {
    throw new MappingError('/delimiter', 'the delimiter is one character, such as "," or ";" or "\\t"');
  }
  const header = raw.header_row ?? 1;
  if (!Number.isInteger(header) || (header as number) < 1 || (header as number) > 1000) throw new MappingError('/header_row', 'header_row is the spreadsheet row number of the column titles: a whole number from 1');
  if (!isObject(raw.columns)) throw new MappingError('/columns', `give "columns": an object of field → column title; the fields are: ${listFields.join(', ')}`);
  const columns: Partial<Record<ListField, readonly string[]>> = {};
  const used = new Map<string, string>();
  for (const [field, titles] of Object.entries(raw.columns)) {
    if (!listFields.includes(field as ListField)) throw new MappingError(`/columns/${field}`, `unknown field "${field}"; the fields are: ${listFields.join(', ')}`);
    const list = typeof titles === 'string' ? [titles] : titles;
    const multi = field === 'name_arabic' || field === 'name_latin' || field === 'mother_name';
    if (!Array.isArray(list) || list.length === 0 || list.some((t) => typeof t !== 'string' || t.trim() === '')) {
      throw new MappingError(`/columns/${field}`, multi ? 'give a column title, or a list of titles whose cells are joined with spaces' : 'give a column title');
    }
    if (!multi && list.length > 1) throw new MappingError(`/columns/${field}`, 'this field is read from one column');
    for (const title of list as string[]) {
      const key = title.trim();
      const other = used.get(key);
      if (other !== undefined) throw new MappingError(`/columns/${field}`, `column "${key}" is already mapped to ${other}`);
      used.set(key, field);
    }
    columns[field as ListField] = (list as string[]).map((t) => t.trim());
  }
  if (!columns.name_arabic && !columns.name_latin) throw new MappingError('/columns', 'map at least one name column: name_arabic or name_latin');
  const ignore = raw.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((t) => typeof t !== 'string')) throw new MappingError('/ignore', 'give a list of column titles to leave aside');
  for (const title of ignore as string[]) {
    if (used.has(title.trim())) throw new MappingError('/ignore', `column "${title}" is both mapped (${used.get(title.trim())}) and ignored`);
  }
  const order = raw.date_order ?? 'DMY';
  if (!dateOrders.includes(order as DateOrder)) throw new MappingError('/date_order', `date_order is how a date like 03/04/1990 is read: one of ${dateOrders.join(', ')}`);
  const values = raw.values ?? {};
  if (!isObject(values)) throw new MappingError('/values', 'give an object: {"nationality": {...}, "sex": {...}}');
  only(values, ['nationality', 'sex'], '/values');
  const defaults = raw.defaults ?? {};
  if (!isObject(defaults)) throw new MappingError('/defaults', 'give an object: {"sex": "male", "nationality": "unknown"}');
  only(defaults, ['sex', 'nationality'], '/defaults');
  for (const [k, v] of Object.entries(defaults)) if (typeof v !== 'string' || v.trim() === '') throw new MappingError(`/defaults/${k}`, 'give the value as text');
  return {
    ...(raw.format !== undefined ? { format: raw.format as ListFormat } : {}),
    ...(raw.sheet !== undefined ? { sheet: raw.sheet as string } : {}),
    ...(raw.delimiter !== undefined ? { delimiter: raw.delimiter as string } : {}),
    header_row: header as number,
    columns,
    ignore: (ignore as string[]).map((t) => t.trim()),
    date_order: order as DateOrder,
    values: { nationality: valueTable(values.nationality, '/values/nationality'), sex: valueTable(values.sex, '/values/sex') },
    defaults: defaults as Mapping['defaults'],
  };
}
