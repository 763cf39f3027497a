/**
 * Dates of birth as intervals. Registers hold partial dates ("1956", "Jul 1956"),
 * approximate ones ("circa 1957") and ranges ("1970 to 1972"); each becomes the closed
 * interval of days it allows, so two records agree when their intervals overlap.
 */

/** A closed interval of days since 1970-01-01 (UTC). */
export interface DayInterval {
  from: number;
  to: number;
}

/** What callers may pass as a date of birth: a string or a structured record. */
export type DateOfBirth =
  | string
  | {
      date?: string;
      year?: string | number;
      from_year?: string | number;
      to_year?: string | number;
      from?: string;
      to?: string;
      type_of_date?: string;
      note?: string;
    };

/** Years added on each side of an approximate date ("circa 1960"). */
export const APPROXIMATE_YEARS = 2;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function day(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function validYear(y: number): boolean {
  return Number.isInteger(y) && y >= 1800 && y <= 2200;
}

/** One date without a range: "1956", "Jul 1956", "07 Jul 1956", "1956-07-07", "07/07/1956". */
function parseSingle(text: string): DayInterval | null {
  const s = text.trim().toLowerCase().replace(/\.$/, '');
  let m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return validYear(y) ? { from: day(y, 1, 1), to: day(y, 12, 31) } : null;
  }
  m = /^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(s);
  if (m) {
    const mon = MONTHS[m[2] ?? ''];
    const y = Number(m[3]);
    if (!mon || !validYear(y)) return null;
    if (m[1] === undefined) return { from: day(y, mon, 1), to: day(y, mon, lastDay(y, mon)) };
    const d = Number(m[1]);
    if (d < 1 || d > lastDay(y, mon)) return null;
    return { from: day(y, mon, d), to: day(y, mon, d) };
  }
  m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mon = Number(m[2]);
    if (!validYear(y) || mon < 1 || mon > 12) return null;
    if (m[3] === undefined) return { from: day(y, mon, 1), to: day(y, mon, lastDay(y, mon)) };
    const d = Number(m[3]);
    if (d < 1 || d > lastDay(y, mon)) return null;
    return { from: day(y, mon, d), to: day(y, mon, d) };
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
  if (m) {
    // Day first, as on Iraqi and most non-US documents.
    const d = Number(m[1]);
    const mon = Number(m[2]);
    const y = Number(m[3]);
    if (!validYear(y) || mon < 1 || mon > 12 || d < 1 || d > lastDay(y, mon)) return null;
    return { from: day(y, mon, d), to: day(y, mon, d) };
  }
  return null;
}

function widen(i: DayInterval, years: number): DayInterval {
  return { from: i.from - Math.round(365.25 * years), to: i.to + Math.round(365.25 * years) };
}

function parseString(text: string): DayInterval | null {
  let s = text.trim().toLowerCase();
  let approximate = false;
  const approx = /^(?:circa|ca\.?|c\.|about|approx\.?|approximately|around|~)\s*/.exec(s);
  if (approx) {
    approximate = true;
    s = s.slice(approx[0].length);
  }
  const range = /^(.+?)\s*(?:\bto\b|\band\b|–|—|-(?=\s*\d{4}\b(?!-)))\s*(.+)$/.exec(s.replace(/^between\s+/, ''));
  let result: DayInterval | null = null;
  if (range && !/^\d{4}-\d{2}(-\d{2})?$/.test(s)) {
    const a = parseSingle(range[1] ?? '');
    const b = parseSingle(range[2] ?? '');
    if (a && b && a.from <= b.to) result = { from: a.from, to: b.to };
  } else {
    result = parseSingle(s);
  }
  if (result && approximate) result = widen(result, APPROXIMATE_YEARS);
  return result;
}

/**
 * Parse a date of birth into a day interval, or `null` when it cannot be read (the
 * caller then treats it as absent, not as a conflict).
 */
export function parseDateOfBirth(input: DateOfBirth): DayInterval | null {
  if (typeof input === 'string') return parseString(input);
  if (input === null || typeof input !== 'object') return null;
  const approximate = /approx/i.test(`${input.type_of_date ?? ''} ${input.note ?? ''}`);
  let result: DayInterval | null = null;
  if (input.from !== undefined || input.to !== undefined) {
    const a = input.from !== undefined ? parseSingle(String(input.from)) : null;
    const b = input.to !== undefined ? parseSingle(String(input.to)) : null;
    if (a && b) result = a.from <= b.to ? { from: a.from, to: b.to } : null;
    else result = a ?? b;
  } else if (input.from_year !== undefined && input.to_year !== undefined) {
    const a = parseSingle(String(input.from_year));
    const b = parseSingle(String(input.to_year));
    if (a && b && a.from <= b.to) result = { from: a.from, to: b.to };
  } else if (input.date !== undefined) {
    result = parseSingle(String(input.date));
  } else if (input.year !== undefined) {
    result = parseSingle(String(input.year));
  }
  if (result && approximate) result = widen(result, APPROXIMATE_YEARS);
  return result;
}

/** Do two intervals share at least one day? */
export function intervalsOverlap(a: DayInterval, b: DayInterval): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Does any interval of one list overlap any of the other? */
export function anyOverlap(a: readonly DayInterval[], b: readonly DayInterval[]): boolean {
  for (const x of a) for (const y of b) if (intervalsOverlap(x, y)) return true;
  return false;
}
