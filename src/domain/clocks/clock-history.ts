/**
 * The legal clocks' memory of one custody: what the evaluation needs of the events so far,
 * folded one event at a time. The register keeps it per person and applies each new event
 * (incremental); `sijill check` folds every event again and compares (full). It is plain
 * JSON, so it is stored as it is.
 */
import type { ClockEvent, Penalty, Sentence } from './clock-event.ts';
import { orderEnd } from './clock-time.ts';
import type { ClockRules } from './rules.ts';

export interface Mark {
  readonly at: number;
  readonly ref: number;
}

export interface Period {
  readonly from: number;
  readonly to: number | null;
}

export const clockFindingCodes = ['order_exceeds_maximum', 'extension_after_limit', 'second_extension'] as const;

export interface ClockFinding {
  readonly ref: number;
  readonly code: (typeof clockFindingCodes)[number];
}

export interface ClockHistory {
  /** The date of birth when known to the day. */
  readonly dob: readonly [number, number, number] | null;
  readonly custodyStart: Mark | null;
  /** The first extension of the first appearance, and whether it was in time to count. */
  readonly appearanceExtension: (Mark & { readonly counts: boolean }) | null;
  readonly appearance: Mark | null;
  /** Detention orders: how many, the latest one's penalty, the end of the cover so far, the gaps closed so far. */
  readonly orders: {
    readonly count: number;
    readonly latest: (Mark & { readonly maxPenalty: Penalty; readonly end: number }) | null;
    readonly coverEnd: number | null;
    /** The order whose end is `coverEnd`. */
    readonly coverRef: number | null;
    readonly gaps: readonly Period[];
  };
  /** Court extensions of pre-trial detention issued before the first sentence, in order. */
  readonly courtExtensions: readonly (Mark & { readonly until: number })[];
  readonly firstSentence: Mark | null;
  readonly lastSentence: (Mark & { readonly sentence: Sentence }) | null;
  readonly released: Mark | null;
  /** Periods of segregation in order; `end` null while open (a release closes it). */
  readonly segregations: readonly { readonly start: Mark; readonly end: Mark | null }[];
  /** Findings known from the events alone (court extensions after the cap are found at evaluation). */
  readonly findings: readonly ClockFinding[];
  /** The latest instant seen: events come in time order. */
  readonly lastAt: number | null;
}

export const emptyClockHistory: ClockHistory = {
  dob: null,
  custodyStart: null,
  appearanceExtension: null,
  appearance: null,
  orders: { count: 0, latest: null, coverEnd: null, coverRef: null, gaps: [] },
  courtExtensions: [],
  firstSentence: null,
  lastSentence: null,
  released: null,
  segregations: [],
  findings: [],
  lastAt: null,
};

/** Why an event cannot follow the history: the field at fault and what is wrong. */
export interface ClockEventProblem {
  readonly field: 'kind' | 'at';
  readonly message: string;
}

/** The first instant at which nothing covers the person after their first appearance: the later of the cover's end and the appearance. */
export function coverGapStart(history: ClockHistory): number | null {
  if (!history.appearance) return null;
  const end = history.orders.coverEnd;
  return end === null ? history.appearance.at : Math.max(end, history.appearance.at);
}

/** Whether the detention-order clock has stopped: the first sentence or the release. */
function detentionStopped(history: ClockHistory): boolean {
  return history.firstSentence !== null || history.released !== null;
}

/** The event cannot come next in time: one custody start first, nothing after the release, time order. */
export function sequenceProblem(history: ClockHistory, kind: ClockEvent['kind'], at: number): ClockEventProblem | null {
  if (history.custodyStart === null && kind !== 'custody_start') return { field: 'kind', message: 'the first event must be custody_start' };
  if (history.custodyStart !== null && kind === 'custody_start') return { field: 'kind', message: 'custody_start comes once, first' };
  if (history.released !== null) return { field: 'at', message: 'no event can follow released: custody ended' };
  if (history.lastAt !== null && at < history.lastAt) return { field: 'at', message: 'events must be in time order: this one is earlier than the one before it' };
  return null;
}

/** Segregation is opened before it is closed, and once at a time. */
export function segregationProblem(history: ClockHistory, kind: ClockEvent['kind']): ClockEventProblem | null {
  const open = history.segregations.at(-1)?.end === null;
  if (kind === 'segregation_start' && open) return { field: 'kind', message: 'a period of segregation is already open' };
  if (kind === 'segregation_end' && !open) return { field: 'kind', message: 'no period of segregation is open' };
  return null;
}

/** Why the event cannot follow the history, or null. */
export function clockEventProblem(history: ClockHistory, event: ClockEvent): ClockEventProblem | null {
  return sequenceProblem(history, event.kind, event.at) ?? segregationProblem(history, event.kind);
}

type Draft = { -readonly [K in keyof ClockHistory]: ClockHistory[K] };

/**
 * The history with one more event. The event must be acceptable (`clockEventProblem` null);
 * the register checks that before it writes, a case file before it evaluates.
 */
export function applyClockEvent(history: ClockHistory, event: ClockEvent, rules: ClockRules): ClockHistory {
  const draft: Draft = { ...history };
  step(draft, event, rules);
  return draft;
}

/** Fold events onto a history in one pass; an event that cannot come where it stands is passed over. */
export function foldClockEvents(history: ClockHistory, events: Iterable<ClockEvent>, rules: ClockRules): ClockHistory {
  const draft: Draft = { ...history };
  for (const event of events) if (!clockEventProblem(draft, event)) step(draft, event, rules);
  return draft;
}

/** One event onto a draft: its fields are replaced, never the objects they share with earlier histories changed. */
function step(d: Draft, event: ClockEvent, rules: ClockRules): void {
  const mark = { at: event.at, ref: event.ref };
  d.lastAt = event.at;
  switch (event.kind) {
    case 'custody_start':
      d.custodyStart = mark;
      return;
    case 'first_appearance_extended': {
      if (d.appearanceExtension) {
        d.findings = [...d.findings, { ref: event.ref, code: 'second_extension' }];
        return;
      }
      const counts = event.at <= d.custodyStart!.at + rules.firstAppearanceHours * 3_600_000;
      d.appearanceExtension = { at: event.at, ref: event.ref, counts };
      if (!counts) d.findings = [...d.findings, { ref: event.ref, code: 'extension_after_limit' }];
      return;
    }
    case 'brought_before_judge':
      // The first one is the first appearance, whatever came before it.
      if (!d.appearance) d.appearance = mark;
      return;
    case 'detention_order': {
      const end = orderEnd(event.at, Math.min(event.days, rules.maxOrderDays), rules.utcOffsetMinutes);
      if (event.days > rules.maxOrderDays) d.findings = [...d.findings, { ref: event.ref, code: 'order_exceeds_maximum' }];
      const latest = { at: event.at, ref: event.ref, maxPenalty: event.max_penalty, end };
      const o = d.orders;
      if (d.firstSentence) {
        // The sentence stopped the detention and pre-trial clocks: a later order changes neither.
        d.orders = { count: o.count + 1, latest: o.latest, coverEnd: o.coverEnd, coverRef: o.coverRef, gaps: o.gaps };
        return;
      }
      const gapStart = coverGapStart(d);
      const gaps = gapStart !== null && event.at > gapStart ? [...o.gaps, { from: gapStart, to: event.at }] : o.gaps;
      const extends_ = o.coverEnd === null || end > o.coverEnd;
      d.orders = { count: o.count + 1, latest, coverEnd: extends_ ? end : o.coverEnd, coverRef: extends_ ? event.ref : o.coverRef, gaps };
      return;
    }
    case 'court_extension':
      if (!d.firstSentence) d.courtExtensions = [...d.courtExtensions, { at: event.at, ref: event.ref, until: event.until }];
      return;
    case 'segregation_start':
      d.segregations = [...d.segregations, { start: mark, end: null }];
      return;
    case 'segregation_end':
      d.segregations = closeSegregation(d, mark);
      return;
    case 'sentenced':
      if (!d.firstSentence) {
        d.orders = closeDetention(d, event.at);
        d.firstSentence = mark;
      }
      d.lastSentence = { at: event.at, ref: event.ref, sentence: event.sentence };
      return;
    case 'released':
      if (!detentionStopped(d)) d.orders = closeDetention(d, event.at);
      if (d.segregations.at(-1)?.end === null) d.segregations = closeSegregation(d, mark);
      d.released = mark;
      return;
  }
}

function closeSegregation(history: ClockHistory, end: Mark): ClockHistory['segregations'] {
  const last = history.segregations.at(-1)!;
  return [...history.segregations.slice(0, -1), { start: last.start, end }];
}

/** The detention-order clock stops at `at`: a gap open then is closed there. */
function closeDetention(history: ClockHistory, at: number): ClockHistory['orders'] {
  const gapStart = coverGapStart(history);
  if (gapStart === null || at <= gapStart) return history.orders;
  const o = history.orders;
  return { count: o.count, latest: o.latest, coverEnd: o.coverEnd, coverRef: o.coverRef, gaps: [...o.gaps, { from: gapStart, to: at }] };
}
