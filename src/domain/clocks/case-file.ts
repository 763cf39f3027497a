/**
 * A case file (CLOCKS.md "Input"): `now`, the person's date of birth, and the events of one
 * custody. Read strictly: anything the page does not allow is an error naming the event's
 * index (0-based; null for `now`, `person.dob` and `events`) and the field — never a guess.
 */
import { clockEventKinds, type ClockEvent, type ClockEventKind, type Penalty, type Sentence } from './clock-event.ts';
import { applyClockEvent, emptyClockHistory, segregationProblem, sequenceProblem, type ClockHistory } from './clock-history.ts';
import { parseDate, parseInstant } from './clock-time.ts';
import type { ClockRules } from './rules.ts';

export interface CaseFileError {
  readonly event: number | null;
  readonly field: string;
  readonly message: string;
}

export interface CaseFile {
  readonly now: number;
  readonly history: ClockHistory;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The largest number of years or months a case file may give: beyond, no instant of the calendar the page uses (years to 9999) is reached. */
const largestYears = 1000;

function isCount(value: unknown, most = largestYears * 12): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= most;
}

function readPenalty(value: unknown): Penalty | null {
  if (value === 'death' || value === 'life') return value;
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  if (keys[0] === 'years' && isCount(value.years, largestYears)) return { years: value.years };
  if (keys[0] === 'months' && isCount(value.months)) return { months: value.months };
  return null;
}

function readSentence(value: unknown): Sentence | null {
  if (value === 'death' || value === 'life') return value;
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  // Either part may be 0 or absent (both absent: no time at all).
  if (keys.some((k) => k !== 'years' && k !== 'months')) return null;
  if ((value.years !== undefined && !isCount(value.years, largestYears)) || (value.months !== undefined && !isCount(value.months))) return null;
  return { ...(value.years !== undefined ? { years: value.years as number } : {}), ...(value.months !== undefined ? { months: value.months as number } : {}) };
}

type Fields = { readonly event: ClockEvent } | { readonly field: string; readonly message: string };

/** The kind-specific fields of an event. */
function readFields(raw: Record<string, unknown>, kind: ClockEventKind, ref: number, at: number): Fields {
  switch (kind) {
    case 'detention_order': {
      if (typeof raw.days !== 'number' || !Number.isSafeInteger(raw.days) || raw.days < 1 || raw.days > 3_000_000) return { field: 'days', message: 'days must be a whole number, 1 or more (and fewer than the calendar holds)' };
      const max_penalty = readPenalty(raw.max_penalty);
      if (!max_penalty) return { field: 'max_penalty', message: 'max_penalty must be "death", "life", {"years": Y} or {"months": M}' };
      return { event: { kind, ref, at, days: raw.days, max_penalty } };
    }
    case 'court_extension': {
      const until = parseInstant(raw.until);
      if (until === null) return { field: 'until', message: 'until must be an ISO 8601 instant with its offset' };
      return { event: { kind, ref, at, until } };
    }
    case 'sentenced': {
      const sentence = readSentence(raw.sentence);
      if (!sentence) return { field: 'sentence', message: 'sentence must be "death", "life" or {"years": Y, "months": M}' };
      return { event: { kind, ref, at, sentence } };
    }
    default:
      return { event: { kind, ref, at } as ClockEvent };
  }
}

/** Read a case file; on the first thing wrong, the error that names it. */
export function readCaseFile(input: unknown, rules: ClockRules): CaseFile | { readonly error: CaseFileError } {
  const fail = (event: number | null, field: string, message: string) => ({ error: { event, field, message } });
  if (!isRecord(input)) return fail(null, 'events', 'a case file is a JSON object with now, person and events');
  const now = parseInstant(input.now);
  if (now === null) return fail(null, 'now', 'now must be an ISO 8601 instant with its offset, e.g. 2026-03-01T12:00:00+03:00');
  if (input.person !== undefined && input.person !== null && !isRecord(input.person)) return fail(null, 'person.dob', 'person must be an object, with dob when it is known');
  const rawDob = isRecord(input.person) ? input.person.dob : undefined;
  const dob = rawDob === undefined || rawDob === null ? null : parseDate(rawDob);
  if (rawDob !== undefined && rawDob !== null && dob === null) return fail(null, 'person.dob', 'dob must be a real day written YYYY-MM-DD, or absent when unknown');
  if (!Array.isArray(input.events) || input.events.length === 0) return fail(null, 'events', 'events must be a list that starts with custody_start');
  let history: ClockHistory = { ...emptyClockHistory, dob };
  for (const [index, raw] of input.events.entries()) {
    if (!isRecord(raw) || typeof raw.kind !== 'string' || !(clockEventKinds as readonly string[]).includes(raw.kind)) {
      return fail(index, 'kind', `kind must be one of ${clockEventKinds.join(', ')}`);
    }
    const kind = raw.kind as ClockEventKind;
    const at = parseInstant(raw.at);
    if (at === null) return fail(index, 'at', 'at must be an ISO 8601 instant with its offset, e.g. 2026-03-01T12:00:00+03:00');
    const sequence = sequenceProblem(history, kind, at);
    if (sequence) return fail(index, sequence.field, sequence.message);
    if (at > now) return fail(index, 'at', 'an event cannot be later than now');
    const fields = readFields(raw, kind, index, at);
    if ('field' in fields) return fail(index, fields.field, fields.message);
    const segregation = segregationProblem(history, kind);
    if (segregation) return fail(index, segregation.field, segregation.message);
    history = applyClockEvent(history, fields.event, rules);
  }
  return { now, history };
}
