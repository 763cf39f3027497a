/**
 * CSV as RFC 4180 writes it: fields quoted when they hold a comma, a quote or a line break,
 * CRLF between records, and a UTF-8 byte-order mark so spreadsheet programs read Arabic script
 * as UTF-8. A field that a spreadsheet would run as a formula (=, +, -, @) is prefixed with an
 * apostrophe (OWASP's advice against CSV injection).
 */
const formula = /^[=+\-@\t\r]/;

function field(value: string): string {
  const safe = formula.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV text of `rows` (the header first), with a byte-order mark. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((cells) => cells.map(field).join(',')).join('\r\n')}\r\n`;
}
