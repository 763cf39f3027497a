/**
 * The arithmetic of the legal clocks (CLOCKS.md "Time"): instants are milliseconds since the
 * epoch; local time is a fixed offset from UTC (configuration). Days of an order end at local
 * midnight; months and years keep the local clock time and fall back to the month's last day;
 * hours are exact.
 */
const minute = 60_000;
const day = 86_400_000;

const instantPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An ISO 8601 instant with its offset (`Z` or ±hh:mm) as milliseconds, or null when it is not
 * one or names no real time (30 February, hour 24, an offset beyond ±14:00).
 */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = instantPattern.exec(text);
  if (!m) return null;
  const [year, month, dayOfMonth, hours, minutes] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const seconds = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return null;
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  let offset = 0;
  const zone = m[8]!;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (om > 59 || oh * 60 + om > 14 * 60) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, dayOfMonth, hours, minutes, seconds, millis) - offset * minute;
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

/** An instant as UTC with `Z`, truncated to the second. */
export function formatInstant(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

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
  return Date.UTC(year, month, dayOfMonth) + timeOfDay - offsetMinutes * minute;
}

/** Local midnight starting the day a person born on `dob` turns `years` (29 February: 1 March in common years). */
export function birthday(dob: readonly [number, number, number], years: number, offsetMinutes: number): number {
  const [y, m, d] = dob;
  const year = y + years;
  const utcMidnight = d > daysInMonth(year, m) ? Date.UTC(year, m - 1, daysInMonth(year, m)) + day : Date.UTC(year, m - 1, d);
  return utcMidnight - offsetMinutes * minute;
}
