/**
 * Small value types the register is made of: countries, partial dates of birth, and
 * "known, or unknown because …" items. Pure validation, no I/O.
 */
import { reject, type Rejection } from './rejection.ts';

/** ISO 3166-1 alpha-2 codes (249 officially assigned). */
export const iso3166: ReadonlySet<string> = new Set(
  ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
    'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
    'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
    'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
    'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '),
);

/** A country code: ISO 3166-1 alpha-2. */
export function isCountryCode(value: string): boolean {
  return iso3166.has(value);
}

/** A nationality: an ISO 3166-1 alpha-2 code, or `stateless`, or `unknown`. */
export function isNationality(value: string): boolean {
  return value === 'stateless' || value === 'unknown' || iso3166.has(value);
}

/** Check a list of nationalities; `stateless` and `unknown` stand alone. */
export function checkNationalities(values: readonly string[], field: string): Rejection | null {
  for (const [i, value] of values.entries()) {
    if (!isNationality(value)) {
      return reject('invalid_value', `"${value}" is not a nationality: give an ISO 3166-1 alpha-2 code such as IQ or SY, or "stateless", or "unknown"`, `${field}/${i}`);
    }
  }
  if (values.length === 0) return reject('missing_item', 'give at least one nationality, or "unknown"', field);
  if (values.length > 1 && values.some((v) => v === 'stateless' || v === 'unknown')) {
    return reject('invalid_value', '"stateless" and "unknown" cannot be combined with other nationalities', field);
  }
  if (new Set(values).size !== values.length) return reject('invalid_value', 'a nationality is listed twice', field);
  return null;
}

/**
 * A date of birth as the sources give it: an exact day, a year only, a range, or unknown
 * with a reason. Every form is an interval of possible days.
 */
export type DateOfBirth =
  | { readonly kind: 'exact'; readonly date: string }
  | { readonly kind: 'year'; readonly year: number }
  | { readonly kind: 'range'; readonly from: string; readonly to: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day in ISO 8601 form (YYYY-MM-DD). */
export function isIsoDate(value: string): boolean {
  const m = isoDate.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The earliest and latest possible day of birth, or null when unknown. */
export function dateOfBirthInterval(dob: DateOfBirth): { earliest: string; latest: string } | null {
  switch (dob.kind) {
    case 'exact':
      return { earliest: dob.date, latest: dob.date };
    case 'year':
      return { earliest: `${dob.year}-01-01`, latest: `${dob.year}-12-31` };
    case 'range':
      return { earliest: dob.from, latest: dob.to };
    case 'unknown':
      return null;
  }
}

/** Validate a date of birth against today (given by the caller: the domain has no clock). */
export function checkDateOfBirth(dob: DateOfBirth, today: string, field: string): Rejection | null {
  const notFuture = (d: string, f: string) =>
    d > today ? reject('invalid_value', `a date of birth cannot be in the future (${d} is after ${today})`, f) : null;
  switch (dob.kind) {
    case 'exact':
      if (!isIsoDate(dob.date)) return reject('invalid_value', 'give the date as YYYY-MM-DD, a real calendar day', `${field}/date`);
      return notFuture(dob.date, `${field}/date`);
    case 'year':
      if (!Number.isInteger(dob.year) || dob.year < 1900) return reject('invalid_value', 'give a four-digit year from 1900 on', `${field}/year`);
      return notFuture(`${dob.year}-01-01`, `${field}/year`);
    case 'range':
      if (!isIsoDate(dob.from)) return reject('invalid_value', 'give the start of the range as YYYY-MM-DD', `${field}/from`);
      if (!isIsoDate(dob.to)) return reject('invalid_value', 'give the end of the range as YYYY-MM-DD', `${field}/to`);
      if (dob.from > dob.to) return reject('invalid_value', 'the range starts after it ends', `${field}/to`);
      return notFuture(dob.from, `${field}/from`);
    case 'unknown':
      return dob.reason.trim() ? null : reject('missing_item', 'an unknown date of birth needs a reason', `${field}/reason`);
  }
}

/** Age in whole years on a given day, counted from a day of birth (both YYYY-MM-DD). */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) >= birth.slice(5) ? years : years - 1;
}

/**
 * The youngest age a recorded date of birth allows on a day (counted from the latest possible
 * day of birth, so that whoever may be a minor is treated as one), or null when it is unknown.
 */
export function youngestAgeOn(dob: DateOfBirth, day: string): number | null {
  const interval = dateOfBirthInterval(dob);
  return interval === null ? null : ageOn(interval.latest, day);
}

/**
 * An item the law requires the record to hold: either its value, or the reason it is not
 * known yet. A silent blank is not allowed (STANDARDS A); an unknown creates a follow-up task.
 */
export type Known<T> = T | { readonly unknown_reason: string };

/** Whether a required item was given as "unknown, because …". */
export function isUnknown<T>(item: Known<T>): item is { readonly unknown_reason: string } {
  return typeof item === 'object' && item !== null && 'unknown_reason' in item;
}

/** Whether a string is a UUID in its usual printed form. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date and time with an offset (Z or ±hh:mm). */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && isoInstant.test(value) && !Number.isNaN(Date.parse(value));
}

/** When something happened: an ISO 8601 time with an offset, not in the future (five minutes of clock drift allowed). */
export function checkOccurredAt(occurredAt: string, now: string): Rejection | null {
  if (!isInstant(occurredAt)) return reject('invalid_value', 'occurred_at is ISO 8601 with an offset, e.g. 2026-03-01T06:00:00+03:00', '/occurred_at');
  if (Date.parse(occurredAt) > Date.parse(now) + 5 * 60_000) return reject('invalid_value', 'occurred_at cannot be in the future', '/occurred_at');
  return null;
}
