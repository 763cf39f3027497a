/**
 * A person's legal clocks as the register keeps them: the clock events of their current
 * custody, read from their events in the log, in time order, and the history folded from
 * them (`clock-history.ts`). One register event at a time; an event recorded late (an order
 * entered days after it was issued) is put in its place in time and the custody refolded, so
 * the result never depends on the order in which facts reached the register. An event the
 * clocks cannot take in its place (a second open segregation) is kept and passed over by
 * every fold alike; the write path refuses those before they are written.
 */
import type { ClockEvent, Penalty, Sentence } from './clock-event.ts';
import { applyClockEvent, clockEventProblem, emptyClockHistory, foldClockEvents, type ClockHistory } from './clock-history.ts';
import { parseDate, parseInstant } from './clock-time.ts';
import type { ClockRuleId, ClockRules } from './rules.ts';
import { evaluateClocks, type ClockEvaluation, type ClockExplanationKey } from './evaluate-clocks.ts';
import { clockDeadlines, type ClockDeadline } from './clock-deadlines.ts';

/** An event of the log as the clocks read it. */
export interface RegisterEvent {
  readonly idx: number;
  readonly kind: string;
  readonly occurred_at: string;
  readonly data: unknown;
}

/** An order waiting for a judge's confirmation: it counts from its issue once confirmed. */
type PendingOrder = ClockEvent & { readonly kind: 'detention_order' | 'court_extension' };

/**
 * Under which law the current custody is held, from the legal status at admission: an untried
 * person is held under criminal procedure (every clock); a person not charged (a camp's
 * residents) or admitted already convicted is not, and the first appearance, detention-order
 * and pre-trial clocks do not apply to them — segregation, coming of age and the release date do.
 */
export type CustodyRegime = 'criminal' | 'other';

/** The clocks that run only under criminal procedure. */
export const criminalProcedureRules: readonly ClockRuleId[] = ['first_appearance', 'detention_order', 'pretrial_cap'];

export interface PersonClocks {
  readonly dob: readonly [number, number, number] | null;
  /** Whether a custody is open: the clocks run only inside one. */
  readonly inCustody: boolean;
  readonly regime: CustodyRegime;
  /** The current custody's clock events, ordered by time and then by log index. */
  readonly events: readonly ClockEvent[];
  readonly pending: Readonly<Record<string, PendingOrder>>;
  readonly history: ClockHistory;
}

export const emptyPersonClocks: PersonClocks = { dob: null, inCustody: false, regime: 'criminal', events: [], pending: {}, history: emptyClockHistory };

/** The events that end a custody: for the clocks, each is `released`. */
const custodyEnds = new Set(['person.released', 'person.handed_over', 'person.died', 'person.escaped', 'person.transferred_out_of_register']);

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
}

function instant(data: unknown, name: string, fallback?: string): number | null {
  return parseInstant(field(data, name) ?? fallback);
}

function dobOf(data: unknown): PersonClocks['dob'] | undefined {
  const dob = field(data, 'dob') as { kind?: string; date?: string } | undefined;
  if (!dob) return undefined;
  return dob.kind === 'exact' ? parseDate(dob.date) : null;
}

/** The clock event of an order, or null for orders the clocks do not read (release, production, transfer). */
function orderEvent(event: RegisterEvent): PendingOrder | null {
  const d = event.data;
  const at = instant(d, 'issued_at');
  if (at === null) return null;
  if (field(d, 'order') === 'detention') {
    return { kind: 'detention_order', ref: event.idx, at, days: field(d, 'days') as number, max_penalty: field(d, 'max_penalty') as Penalty };
  }
  if (field(d, 'order') === 'court_extension') {
    const until = instant(d, 'until');
    return until === null ? null : { kind: 'court_extension', ref: event.idx, at, until };
  }
  return null;
}

/** Fold events in order; an event that cannot come where it stands is passed over. */
function fold(dob: PersonClocks['dob'], events: readonly ClockEvent[], rules: ClockRules): ClockHistory {
  return foldClockEvents({ ...emptyClockHistory, dob }, events, rules);
}

const before = (a: ClockEvent, b: ClockEvent) => a.at < b.at || (a.at === b.at && a.ref < b.ref);

/** Add one clock event in its place in time: folded on when it comes last, refolded otherwise. */
function withEvent(clocks: PersonClocks, event: ClockEvent, rules: ClockRules): PersonClocks {
  const last = clocks.events.at(-1);
  if (!last || before(last, event)) {
    const history = clockEventProblem(clocks.history, event) ? clocks.history : applyClockEvent(clocks.history, event, rules);
    return { ...clocks, events: [...clocks.events, event], history };
  }
  const events = [...clocks.events];
  events.splice(events.findIndex((e) => before(event, e)), 0, event);
  return { ...clocks, events, history: fold(clocks.dob, events, rules) };
}

/**
 * A fact recorded after the custody ended but dated within it (an order entered late): it
 * belongs to that custody, and is put in its place there. The write path accepts acts dated
 * within the person's last custody.
 */
function withinEnded(h: ClockHistory, at: number): boolean {
  return h.released !== null && h.custodyStart !== null && at >= h.custodyStart.at && at <= h.released.at;
}

/** What one register event does to a person's clocks, whatever they hold. */
type Effect =
  | { readonly type: 'dob'; readonly dob: PersonClocks['dob'] }
  | { readonly type: 'admit'; readonly event: ClockEvent; readonly regime: CustodyRegime }
  | { readonly type: 'event'; readonly event: ClockEvent }
  | { readonly type: 'pending'; readonly id: string; readonly order: PendingOrder }
  | { readonly type: 'confirm'; readonly id: string }
  | { readonly type: 'release'; readonly event: ClockEvent };

/** The register's event kinds the clocks read (`effectOf`): every other kind leaves them as they are. */
export const clockReadKinds: ReadonlySet<string> = new Set([
  'person.registered', 'person.corrected', 'person.admitted', 'person.released', 'person.handed_over', 'person.died', 'person.escaped', 'person.transferred_out_of_register',
  'person.segregation_started', 'person.segregation_ended',
  'case.brought_before_judge', 'case.first_appearance_extended', 'case.order_recorded', 'case.order_confirmed', 'case.sentence_recorded', 'case.appeal_decided',
]);

const stepKinds = {
  'case.brought_before_judge': 'brought_before_judge',
  'case.first_appearance_extended': 'first_appearance_extended',
  'person.segregation_started': 'segregation_start',
  'person.segregation_ended': 'segregation_end',
} as const;

/** The effect of a register event on the clocks, or null for an event they do not read. */
function effectOf(event: RegisterEvent): Effect | null {
  const d = event.data;
  switch (event.kind) {
    case 'person.registered':
      return { type: 'dob', dob: dobOf(d) ?? null };
    case 'person.corrected': {
      const dob = dobOf(field(d, 'changes'));
      return dob === undefined ? null : { type: 'dob', dob };
    }
    case 'person.admitted': {
      const at = parseInstant(event.occurred_at);
      return at === null ? null : { type: 'admit', event: { kind: 'custody_start', ref: event.idx, at }, regime: field(d, 'legal_status') === 'untried' ? 'criminal' : 'other' };
    }
    case 'case.brought_before_judge':
    case 'case.first_appearance_extended':
    case 'person.segregation_started':
    case 'person.segregation_ended': {
      const at = instant(d, 'at', event.occurred_at);
      return at === null ? null : { type: 'event', event: { kind: stepKinds[event.kind], ref: event.idx, at } };
    }
    case 'case.order_recorded': {
      const order = orderEvent(event);
      if (!order) return null;
      return field(d, 'confirmation') === 'pending' ? { type: 'pending', id: String(field(d, 'order_id')), order } : { type: 'event', event: order };
    }
    case 'case.order_confirmed':
      return { type: 'confirm', id: String(field(d, 'order_id')) };
    case 'case.sentence_recorded':
    case 'case.appeal_decided': {
      const sentence = field(d, 'sentence') as Sentence | undefined;
      const at = instant(d, 'at', event.occurred_at);
      return sentence === undefined || at === null ? null : { type: 'event', event: { kind: 'sentenced', ref: event.idx, at, sentence } };
    }
    default: {
      if (!custodyEnds.has(event.kind)) return null;
      const at = parseInstant(event.occurred_at);
      return at === null ? null : { type: 'release', event: { kind: 'released', ref: event.idx, at } };
    }
  }
}

/** The clocks after one more event of the person's chain; the same object when the event changes nothing. */
export function applyRegisterEvent(clocks: PersonClocks, event: RegisterEvent, rules: ClockRules): PersonClocks {
  const effect = effectOf(event);
  if (!effect) return clocks;
  switch (effect.type) {
    case 'dob':
      return { ...clocks, dob: effect.dob, history: { ...clocks.history, dob: effect.dob } };
    case 'admit':
      if (clocks.inCustody) return clocks;
      return withEvent({ dob: clocks.dob, inCustody: true, regime: effect.regime, events: [], pending: {}, history: { ...emptyClockHistory, dob: clocks.dob } }, effect.event, rules);
    case 'event':
      return clocks.inCustody || withinEnded(clocks.history, effect.event.at) ? withEvent(clocks, effect.event, rules) : clocks;
    case 'pending':
      return clocks.inCustody ? { ...clocks, pending: { ...clocks.pending, [effect.id]: effect.order } } : clocks;
    case 'confirm': {
      const order = clocks.pending[effect.id];
      if (!order || !clocks.inCustody) return clocks;
      const { [effect.id]: _, ...pending } = clocks.pending;
      return withEvent({ ...clocks, pending }, order, rules);
    }
    case 'release':
      return clocks.inCustody ? { ...withEvent(clocks, effect.event, rules), inCustody: false, pending: {} } : clocks;
  }
}

/**
 * A person's clocks from all their events at once (the full evaluation): the same result as
 * applying them one at a time (person-clocks.test.ts), with the custody's events sorted and
 * folded once.
 */
export function personClocksFrom(events: Iterable<RegisterEvent>, rules: ClockRules): PersonClocks {
  let dob: PersonClocks['dob'] = null;
  let inCustody = false;
  let regime: CustodyRegime = 'criminal';
  let startedAt: number | null = null;
  let releasedAt: number | null = null;
  let custody: ClockEvent[] = [];
  let pending: Record<string, PendingOrder> = {};
  for (const event of events) {
    const effect = effectOf(event);
    if (!effect) continue;
    switch (effect.type) {
      case 'dob':
        dob = effect.dob;
        break;
      case 'admit':
        if (!inCustody) {
          inCustody = true;
          releasedAt = null;
          startedAt = effect.event.at;
          regime = effect.regime;
          custody = [effect.event];
          pending = {};
        }
        break;
      case 'event':
        if (inCustody || (releasedAt !== null && startedAt !== null && effect.event.at >= startedAt && effect.event.at <= releasedAt)) custody.push(effect.event);
        break;
      case 'pending':
        if (inCustody) pending[effect.id] = effect.order;
        break;
      case 'confirm': {
        const order = pending[effect.id];
        if (order && inCustody) {
          delete pending[effect.id];
          custody.push(order);
        }
        break;
      }
      case 'release':
        if (inCustody) {
          custody.push(effect.event);
          releasedAt = effect.event.at;
          inCustody = false;
          pending = {};
        }
        break;
    }
  }
  custody.sort((a, b) => a.at - b.at || a.ref - b.ref);
  return { dob, inCustody, regime, events: custody, pending, history: fold(dob, custody, rules) };
}

/** The same clocks folded again from their events (after the rules changed, or to check). */
export function refoldPersonClocks(clocks: PersonClocks, rules: ClockRules): PersonClocks {
  return { ...clocks, history: fold(clocks.dob, clocks.events, rules) };
}

/**
 * The clocks of the register's person at `now` (null before any custody): the evaluation of
 * CLOCKS.md, with the criminal-procedure clocks not applicable to a custody held under another
 * regime, and their unlawful periods and findings left out.
 */
export function evaluatePersonClocks(clocks: PersonClocks, now: number, rules: ClockRules): ClockEvaluation | null {
  if (!clocks.history.custodyStart) return null;
  const evaluation = evaluateClocks(clocks.history, now, rules);
  if (clocks.regime === 'criminal') return evaluation;
  const other = (rule: ClockRuleId) => criminalProcedureRules.includes(rule);
  return {
    now: evaluation.now,
    clocks: evaluation.clocks.map((c) => (other(c.rule) ? { rule: c.rule, status: 'not_applicable', due: null, explanation: { key: `${c.rule}.other_regime` as ClockExplanationKey, values: {}, refs: [clocks.history.custodyStart!.ref] } } : c)),
    held_without_valid_order: false,
    unlawful_periods: evaluation.unlawful_periods.filter((p) => !other(p.rule)),
    // every finding belongs to a clock of criminal procedure
    findings: [],
  };
}

/** The pending limits the register stores for a person (none outside a custody; none of criminal procedure under another regime). */
export function personDeadlines(clocks: PersonClocks, rules: ClockRules): ClockDeadline[] {
  if (!clocks.inCustody) return [];
  const all = clockDeadlines(clocks.history, rules);
  return clocks.regime === 'criminal' ? all : all.filter((d) => !criminalProcedureRules.includes(d.rule));
}
