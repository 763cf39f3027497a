/**
 * CSV as RFC 4180 writes it, and as spreadsheets export it: fields separated by commas (or
 * another delimiter), quoted fields may hold the delimiter, line breaks and doubled quotes;
 * lines end in CRLF or LF; a UTF-8 byte-order mark is dropped. A malformed file is refused
 * with the line and column where it goes wrong, never repaired silently.
 */

/** The file cannot be read as CSV: where and why. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
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

/**
 * Parse CSV text into records of fields. Blank lines are kept out; every record keeps as many
 * fields as it has (the caller decides what a short or long record means).
 * Each record carries the line it starts on, for error messages.
 */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): { line: number; fields: string[] }[] {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeUtf8Text(input);
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new RangeError('the delimiter is one character other than a quote or a line break');
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  /** The current field was quoted (so an empty one is still a field, and nothing may follow its closing quote). */
  let quoted = false;
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it is not a record (a trailing newline, a blank line between blocks).
    if (!(fields.length === 1 && fields[0] === '' && !quoted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '' && !quoted) {
      // A quoted field: runs to the closing quote; "" inside is one quote.
      const startLine = line;
      const startColumn = column;
      i++;
      column++;
      for (;;) {
        if (i >= text.length) throw new CsvError('a quoted field is never closed', startLine, startColumn);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            column += 2;
            continue;
          }
          i++;
          column++;
          break;
        }
        if (q === '\n') {
          line++;
          column = 1;
        } else column++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvError(`text after the closing quote of a field; a quote inside a quoted field is written twice ("")`, line, column);
      }
      quoted = true;
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      quoted = false;
      i++;
      column++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      column = 1;
      recordLine = line;
      continue;
    }
    if (c === '"') throw new CsvError('a quote inside an unquoted field; quote the whole field and write the quote twice ("")', line, column);
    field += c;
    i++;
    column++;
  }
  if (field !== '' || quoted || fields.length > 0) endRecord();
  return records;
}
