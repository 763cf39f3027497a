/**
 * CSV as RFC 4180 writes it, and as spreadsheets export it, read with `csv-parse`: fields
 * separated by commas (or another delimiter), quoted fields may hold the delimiter, line breaks
 * and doubled quotes; lines end in CRLF or LF; a UTF-8 byte-order mark is dropped; text that is
 * not UTF-8 (a list saved as Windows-1256) is refused. A malformed file is refused with the line
 * and field where it goes wrong, never repaired silently.
 */

import { parse } from 'csv-parse/sync';

/** The file cannot be read as CSV: where (the line, and the field's number in its record) and why. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** The field's number in its record, from 1. */
    readonly column: number,
  ) {
    super(`line ${line}, field ${column}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** The field separator (default: a comma; a semicolon is usual where the comma is the decimal mark). */
  readonly delimiter?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decode UTF-8 bytes (refusing invalid UTF-8: a list in another encoding would mangle every Arabic name). */
export function decodeUtf8Text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CsvError('the file is not valid UTF-8 text; save the list as "CSV UTF-8"', 1, 1);
  }
}

/** csv-parse's error codes, told in the words of the rest of the import. */
const messages: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field; a quote inside a quoted field is written twice ("")',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field; quote the whole field and write the quote twice ("")',
};

/**
 * Parse CSV text into records of fields (with `csv-parse`, strict about quotes). Blank lines are
 * kept out; every record keeps as many fields as it has (the caller decides what a short or long
 * record means). Each record carries the line it starts on, for error messages.
 */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): { line: number; fields: string[] }[] {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeUtf8Text(input).replace(/^\uFEFF/, '');
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new RangeError('the delimiter is one character other than a quote or a line break');
  const bytes = Buffer.from(text, 'utf8');
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(bytes, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number; column?: number };
    throw new CsvError(messages[e.code ?? ''] ?? e.message, e.lines ?? 1, (e.column ?? 0) + 1);
  }
  // The line each record starts on: after the previous record's end, past the blank lines skipped.
  const out: { line: number; fields: string[] }[] = [];
  let offset = 0;
  let line = 1;
  const advance = (to: number) => {
    for (; offset < to; offset++) {
      const b = bytes[offset];
      if (b === 0x0a || (b === 0x0d && bytes[offset + 1] !== 0x0a)) line++;
    }
  };
  for (const { record, info } of records) {
    let start = offset;
    while (bytes[start] === 0x0a || bytes[start] === 0x0d) start++;
    advance(start);
    out.push({ line, fields: record });
    advance(info.bytes);
  }
  return out;
}
