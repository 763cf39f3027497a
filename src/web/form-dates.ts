/**
 * Dates as a clerk types them: day/month/year in the page's digits — Latin, Arabic-Indic
 * (٠-٩) or Eastern Arabic-Indic (۰-۹) — separated by / - or . (a four-digit year first is read
 * too: 1990-01-21), a time after a space as hours:minutes. Read to ISO 8601 for the API, or to
 * what is wrong with it in the clerk's words: missing, not written as a date, no such month, no
 * such day in that month, no such time. Shown back in the same form and the page's digits.
 */
import { localeInfo, type Translator } from './i18n.ts';

/** Latin digits for Arabic-Indic and Eastern Arabic-Indic ones. */
export function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Direction marks a right-to-left keyboard or a paste may leave in a date. */
const marks = /[\u061c\u200e\u200f\u2066-\u2069\u202a-\u202e]/g;

export type DateProblem =
  | { readonly kind: 'missing' }
  | { readonly kind: 'format' }
  | { readonly kind: 'month'; readonly month: number }
  | { readonly kind: 'day'; readonly day: number; readonly month: number; readonly year: number; readonly days: number }
  | { readonly kind: 'time' };

export type DateReading = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly problem: DateProblem };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const sep = '\\s*[/.\\-]\\s*';
const dayFirst = new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{4})$`);
const yearFirst = new RegExp(`^(\\d{4})${sep}(\\d{1,2})${sep}(\\d{1,2})$`);

function cleaned(text: string | undefined): string {
  return latinDigits((text ?? '').replace(marks, '')).trim();
}

function dayOf(text: string): DateReading {
  const m = dayFirst.exec(text);
  const y = yearFirst.exec(text);
  if (!m && !y) return { ok: false, problem: { kind: 'format' } };
  const [day, month, year] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(y![3]), Number(y![2]), Number(y![1])];
  if (year < 1) return { ok: false, problem: { kind: 'format' } };
  if (month < 1 || month > 12) return { ok: false, problem: { kind: 'month', month } };
  const days = daysIn(year, month);
  if (day < 1 || day > days) return { ok: false, problem: { kind: 'day', day, month, year, days } };
  return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** A day typed as day/month/year: its ISO date (YYYY-MM-DD). */
export function readDate(text: string | undefined): DateReading {
  const s = cleaned(text);
  return s ? dayOf(s) : { ok: false, problem: { kind: 'missing' } };
}

/** A day and a time typed as day/month/year hours:minutes: ISO without offset (YYYY-MM-DDTHH:MM), the register's local time. */
export function readDateTime(text: string | undefined): DateReading {
  const s = cleaned(text);
  if (!s) return { ok: false, problem: { kind: 'missing' } };
  const m = /^(.+?)(?:\s+|\s*T\s*)(\d{1,2})\s*:\s*(\d{2})$/.exec(s);
  if (!m) return { ok: false, problem: { kind: 'format' } };
  const day = dayOf(m[1]!.trim());
  if (!day.ok) return day;
  const [hour, minute] = [Number(m[2]), Number(m[3])];
  if (hour > 23 || minute > 59) return { ok: false, problem: { kind: 'time' } };
  return { ok: true, iso: `${day.iso}T${pad(hour)}:${pad(minute)}` };
}

/** A year typed in any of the three digit sets: the number, or what is wrong. */
export function readYear(text: string | undefined): { readonly ok: true; readonly year: number } | { readonly ok: false; readonly problem: DateProblem } {
  const s = cleaned(text);
  if (!s) return { ok: false, problem: { kind: 'missing' } };
  return /^\d{4}$/.test(s) ? { ok: true, year: Number(s) } : { ok: false, problem: { kind: 'format' } };
}

/** Two digits at least, in the page's digits. */
function digits(t: Translator) {
  const two = new Intl.NumberFormat(localeInfo[t.locale].intl, { minimumIntegerDigits: 2, useGrouping: false });
  return (n: number) => two.format(n);
}

/** An ISO date (or local date and time) as the form shows it: day/month/year [hours:minutes] in the page's digits. */
export function dateValue(t: Translator, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const d = digits(t);
  const day = `${d(Number(m[3]))}/${d(Number(m[2]))}/${t.plain(Number(m[1]))}`;
  return m[4] === undefined ? day : `${day} ${d(Number(m[4]))}:${d(Number(m[5]))}`;
}

/** How the date is written, in the page's words, laid out left to right like the digits typed under it (marks keep the words in that order on right-to-left pages). */
export function datePattern(t: Translator, withTime: boolean): string {
  const lrm = '\u200e';
  const day = [t('form_date.day'), t('form_date.month'), t('form_date.year')].join(`${lrm}/${lrm}`);
  return withTime ? `${day}${lrm} ${lrm}${t('form_date.hours')}${lrm}:${lrm}${t('form_date.minutes')}` : day;
}

/** The example under a date control: 21/01/1990, or 21/01/2026 14:30, in the page's digits. */
export const dateExample = (t: Translator, withTime: boolean): string => dateValue(t, withTime ? '2026-01-21T14:30' : '1990-01-21');

/** What is wrong with a date, in the reader's words, naming the control. */
export function dateProblemMessage(t: Translator, field: string, problem: DateProblem, withTime = false): string {
  switch (problem.kind) {
    case 'missing':
      return t('form.missing', { field });
    case 'format':
      return withTime ? t('form_date.not_a_date_time', { field, example: dateExample(t, true) }) : t('form_date.not_a_date', { field, example: dateExample(t, false) });
    case 'month':
      return t('form_date.no_such_month', { field, month: t.plain(problem.month) });
    case 'day': {
      const monthName = new Intl.DateTimeFormat(`${localeInfo[t.locale].intl}-u-ca-gregory`, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(problem.year, problem.month - 1, 1));
      return t('form_date.no_such_day', { field, day: t.plain(problem.day), month: monthName, year: t.plain(problem.year), days: t.plain(problem.days) });
    }
    case 'time':
      return t('form_date.no_such_time', { field });
  }
}

/**
 * What can be wrong with a date, for a page that checks it in the browser before sending it
 * (the admission form's steps): each message of dateProblemMessage, the figures of the typed
 * date left as {month}, {month_name}, {year}, {days} and {day} for the browser to fill in the
 * page's digits. The server still reads the date and says the same when it is wrong.
 */
export function dateProblemPatterns(t: Translator, field: string, withTime: boolean): Readonly<Record<DateProblem['kind'], string>> {
  return {
    missing: dateProblemMessage(t, field, { kind: 'missing' }, withTime),
    format: dateProblemMessage(t, field, { kind: 'format' }, withTime),
    month: t('form_date.no_such_month', { field, month: '{month}' }),
    day: t('form_date.no_such_day', { field, day: '{day}', month: '{month_name}', year: '{year}', days: '{days}' }),
    time: dateProblemMessage(t, field, { kind: 'time' }, withTime),
  };
}
