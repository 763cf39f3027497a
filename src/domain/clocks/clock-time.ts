/**
 * The arithmetic of the legal clocks (CLOCKS.md "Time"): instants are milliseconds since the
 * epoch; local time is a fixed offset from UTC (configuration). Days of an order end at local
 * midnight; months and years keep the local clock time and fall back to the month's last day;
 * hours are exact.
 */
const minute = 60_000;
const day = 86_400_000;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return monthDays[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The number written by `count` ASCII digits at `from`, or -1 when any is not a digit. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * An ISO 8601 instant with its offset (`Z` or ±hh:mm) as milliseconds, or null when it is not
 * one or names no real time (30 February, hour 24, an offset beyond ±14:00). Read character by
 * character: the full evaluation reads millions.
 */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string' || text.length < 17 || text.length > 40) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const dayOfMonth = digits(text, 8, 2);
  const hours = digits(text, 11, 2);
  const minutes = digits(text, 14, 2);
  if (year < 0 || month < 1 || dayOfMonth < 1 || hours < 0 || minutes < 0) return null;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return null;
  let i = 16;
  let seconds = 0;
  let millis = 0;
  if (text[i] === ':') {
    seconds = digits(text, i + 1, 2);
    if (seconds < 0) return null;
    i += 3;
    if (text[i] === '.') {
      const from = ++i;
      while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const count = i - from;
      if (count < 1) return null;
      millis = Math.floor(digits(text, from, Math.min(count, 3)) * 10 ** (3 - Math.min(count, 3)));
    }
  }
  if (month > 12 || dayOfMonth > daysInMonth(year, month) || hours > 23 || minutes > 59 || seconds > 59) return null;
  let offset = 0;
  if (text[i] === 'Z' && i + 1 === text.length) {
    offset = 0;
  } else if ((text[i] === '+' || text[i] === '-') && i + 6 === text.length && text[i + 3] === ':') {
    const oh = digits(text, i + 1, 2);
    const om = digits(text, i + 4, 2);
    if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60) return null;
    offset = (text[i] === '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return null;
  }
  return utc(year, month, dayOfMonth, hours, minutes, seconds, millis) - offset * minute;
}

/** Milliseconds of a UTC date and time; years 0–99 are those years, not 1900–1999 as Date.UTC reads them. */
function utc(year: number, month: number, dayOfMonth: number, hours = 0, minutes = 0, seconds = 0, millis = 0): number {
  const ms = Date.UTC(year, month - 1, dayOfMonth, hours, minutes, seconds, millis);
  if (year >= 100) return ms;
  const date = new Date(ms);
  date.setUTCFullYear(year);
  return date.getTime();
}

/** A calendar date `YYYY-MM-DD` as [year, month, day], or null when it is not a real day. */
export function parseDate(text: unknown): readonly [number, number, number] | null {
  if (typeof text !== 'string') return null;
  const m = datePattern.exec(text);
  if (!m) return null;
  const [year, month, dayOfMonth] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return null;
  return [year, month, dayOfMonth];
}

/** An instant as UTC with `Z`, truncated to the second (years 0–9999: the case file's range). */
export function formatInstant(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** The latest instant a clock can name: the end of the year 9999 (what four digits of a year can write). */
export const lastInstant = Date.UTC(9999, 11, 31, 23, 59, 59);

/** Local midnight starting the local day on which `ms` falls, `plusDays` days later. */
export function localMidnight(ms: number, offsetMinutes: number, plusDays = 0): number {
  const local = ms + offsetMinutes * minute;
  return (Math.floor(local / day) + plusDays) * day - offsetMinutes * minute;
}

/** The end of an order of `days` days issued at `ms`: the day of issue is day 1; it runs until local midnight ending day `days`. */
export function orderEnd(ms: number, days: number, offsetMinutes: number): number {
  return localMidnight(ms, offsetMinutes, days);
}

/** `months` calendar months after `ms`, at the same local clock time; a day the month lacks becomes its last day. */
export function addMonths(ms: number, months: number, offsetMinutes: number): number {
  const local = new Date(ms + offsetMinutes * minute);
  const total = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const dayOfMonth = Math.min(local.getUTCDate(), daysInMonth(year, month + 1));
  const timeOfDay = ms + offsetMinutes * minute - Math.floor((ms + offsetMinutes * minute) / day) * day;
  return utc(year, month + 1, dayOfMonth) + timeOfDay - offsetMinutes * minute;
}

/** Local midnight starting the day a person born on `dob` turns `years` (29 February: 1 March in common years). */
export function birthday(dob: readonly [number, number, number], years: number, offsetMinutes: number): number {
  const [y, m, d] = dob;
  const year = y + years;
  const utcMidnight = d > daysInMonth(year, m) ? utc(year, m, daysInMonth(year, m)) + day : utc(year, m, d);
  return utcMidnight - offsetMinutes * minute;
}
