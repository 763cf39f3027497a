/**
 * The legal clocks at an instant (CLOCKS.md "Rules" and "Output"): each rule's status, limit
 * and, on a breach, since when; every interval in which a limit was breached; the findings;
 * and for each clock the facts that produced it (its explanation, rendered in the reader's
 * language by whoever shows it).
 */
import { penaltyMonths, sentenceMonths } from './clock-event.ts';
import { coverGapStart, type ClockFinding, type ClockHistory, type Mark, type Period } from './clock-history.ts';
import { addMonths, birthday } from './clock-time.ts';
import { alertWindow, clockRuleIds, type ClockRuleId, type ClockRules } from './rules.ts';

export const clockStatuses = ['not_applicable', 'running', 'due_soon', 'met', 'met_late', 'breached'] as const;
export type ClockStatus = (typeof clockStatuses)[number];

/** Every explanation key, `<rule>.<status or reason>`: the message catalogues hold one text for each. */
export const clockExplanationKeys = [
  'coming_of_age.adult',
  'coming_of_age.dob_unknown',
  'coming_of_age.due_soon',
  'coming_of_age.met',
  'coming_of_age.released',
  'coming_of_age.running',
  'detention_order.before_appearance',
  'detention_order.other_regime',
  'detention_order.breached',
  'detention_order.breached_no_order',
  'detention_order.due_soon',
  'detention_order.met',
  'detention_order.met_late',
  'detention_order.running',
  'first_appearance.breached',
  'first_appearance.other_regime',
  'first_appearance.due_soon',
  'first_appearance.met',
  'first_appearance.met_late',
  'first_appearance.released.met',
  'first_appearance.released.met_late',
  'first_appearance.running',
  'pretrial_cap.before_order',
  'pretrial_cap.other_regime',
  'pretrial_cap.breached',
  'pretrial_cap.death_penalty',
  'pretrial_cap.due_soon',
  'pretrial_cap.life_penalty',
  'pretrial_cap.met',
  'pretrial_cap.met_late',
  'pretrial_cap.running',
  'release_date.before_sentence',
  'release_date.breached',
  'release_date.death_sentence',
  'release_date.due_soon',
  'release_date.met',
  'release_date.met_late',
  'release_date.running',
  'segregation.breached',
  'segregation.due_soon',
  'segregation.met',
  'segregation.met_late',
  'segregation.none',
  'segregation.running',
] as const;
export type ClockExplanationKey = (typeof clockExplanationKeys)[number];

/** The values of an explanation that are instants (milliseconds); the rest are numbers. */
export const explanationInstants: ReadonlySet<string> = new Set(['start', 'due', 'done', 'since', 'appearance']);

/** The facts behind a clock: a message key for the reader's language, its numbers and instants, and the events it rests on. */
export interface ClockExplanation {
  readonly key: ClockExplanationKey;
  readonly values: Readonly<Record<string, number | string>>;
  readonly refs: readonly number[];
}

export interface Clock {
  readonly rule: ClockRuleId;
  readonly status: ClockStatus;
  readonly due: number | null;
  readonly since?: number;
  readonly explanation: ClockExplanation;
}

export interface UnlawfulPeriod extends Period {
  readonly rule: ClockRuleId;
}

export interface ClockEvaluation {
  readonly now: number;
  readonly clocks: readonly Clock[];
  readonly held_without_valid_order: boolean;
  readonly unlawful_periods: readonly UnlawfulPeriod[];
  readonly findings: readonly ClockFinding[];
}

const hour = 3_600_000;

interface RuleResult {
  readonly clock: Clock;
  readonly periods: readonly Period[];
  readonly findings?: readonly ClockFinding[];
}

/** Status of a limit still pending at `now`: running, due soon inside the window (closed at both ends), breached once past. */
function pending(now: number, due: number, window: number): 'running' | 'due_soon' | 'breached' {
  if (now > due) return 'breached';
  return now >= due - window ? 'due_soon' : 'running';
}

function explain(key: string, values: Record<string, number | string | null | undefined>, refs: readonly (number | null | undefined)[]): ClockExplanation {
  const kept: Record<string, number | string> = {};
  for (const name in values) {
    const value = values[name];
    if (value !== null && value !== undefined) kept[name] = value;
  }
  const kept_refs: number[] = [];
  for (const r of refs) if (typeof r === 'number') kept_refs.push(r);
  return { key: key as ClockExplanationKey, values: kept, refs: kept_refs };
}

function notApplicable(rule: ClockRuleId, reason: string, refs: readonly (number | null | undefined)[] = []): RuleResult {
  return { clock: { rule, status: 'not_applicable', due: null, explanation: explain(`${rule}.${reason}`, {}, refs) }, periods: [] };
}

/**
 * A limit that one event meets (`done`): met or met late once done, otherwise pending at
 * `now`; a breach runs from `due` to the event, or stays open.
 */
function singleLimit(rule: ClockRuleId, due: number, done: Mark | null, now: number, rules: ClockRules, key: string, values: Record<string, number | string | null | undefined>, refs: (number | null | undefined)[]): RuleResult {
  // `values` and `refs` are the caller's own, made for this call: completed in place.
  values.due = due;
  if (done) {
    values.done = done.at;
    refs.push(done.ref);
    if (done.at <= due) return { clock: { rule, status: 'met', due, explanation: explain(`${key}.met`, values, refs) }, periods: [] };
    return { clock: { rule, status: 'met_late', due, since: due, explanation: explain(`${key}.met_late`, values, refs) }, periods: [{ from: due, to: done.at }] };
  }
  const status = pending(now, due, alertWindow(rules, rule));
  const explanation = explain(`${key}.${status}`, values, refs);
  if (status !== 'breached') return { clock: { rule, status, due, explanation }, periods: [] };
  return { clock: { rule, status, due, since: due, explanation }, periods: [{ from: due, to: null }] };
}

function firstAppearance(h: ClockHistory, now: number, rules: ClockRules): RuleResult {
  const start = h.custodyStart!;
  const extended = h.appearanceExtension?.counts === true;
  const hours = rules.firstAppearanceHours + (extended ? rules.firstAppearanceExtensionHours : 0);
  const due = start.at + hours * hour;
  const done = h.appearance ?? h.released;
  const key = h.appearance || !h.released ? 'first_appearance' : 'first_appearance.released';
  return singleLimit('first_appearance', due, done, now, rules, key, { start: start.at, hours }, [start.ref, extended ? h.appearanceExtension?.ref : null]);
}

function detentionOrder(h: ClockHistory, now: number, rules: ClockRules): RuleResult {
  const rule = 'detention_order' as const;
  if (!h.appearance) return notApplicable(rule, 'before_appearance');
  const o = h.orders;
  const stop = h.firstSentence ?? h.released;
  const refs = [h.appearance.ref, o.coverRef, stop?.ref];
  const gaps = o.gaps;
  const last = gaps.at(-1);
  if (stop) {
    if (!last) return { clock: { rule, status: 'met', due: null, explanation: explain(`${rule}.met`, { appearance: h.appearance.at, done: stop.at, orders: o.count }, refs) }, periods: [] };
    return {
      clock: { rule, status: 'met_late', due: null, since: last.from, explanation: explain(`${rule}.met_late`, { appearance: h.appearance.at, done: stop.at, orders: o.count, gaps: gaps.length, since: last.from }, refs) },
      periods: gaps,
    };
  }
  if (o.coverEnd !== null && now <= o.coverEnd) {
    const status = pending(now, o.coverEnd, alertWindow(rules, rule));
    return { clock: { rule, status, due: o.coverEnd, explanation: explain(`${rule}.${status}`, { due: o.coverEnd, orders: o.count }, refs) }, periods: gaps };
  }
  const since = coverGapStart(h)!;
  const key = o.count === 0 ? `${rule}.breached_no_order` : `${rule}.breached`;
  return { clock: { rule, status: 'breached', due: null, since, explanation: explain(key, { since, appearance: h.appearance.at, orders: o.count }, refs) }, periods: [...gaps, { from: since, to: null }] };
}

/**
 * The pre-trial cap as it ran in time: the earlier of the months of the rule and the quarter of
 * the penalty, replaced by each court extension; an extension after the cap had passed is a
 * finding, and the time until it an unlawful period (`breachFrom` when the breach goes on).
 */
export function pretrialLimit(h: ClockHistory, penalty: number, rules: ClockRules) {
  const start = h.custodyStart!;
  const quarter = Math.floor(penalty / rules.pretrialPenaltyDivisor);
  const quarterLimit = addMonths(start.at, quarter, rules.utcOffsetMinutes);
  let due = Math.min(addMonths(start.at, rules.pretrialCapMonths, rules.utcOffsetMinutes), quarterLimit);
  let breachFrom: number | null = null;
  let extensionRef: number | null = null;
  const periods: Period[] = [];
  const findings: ClockFinding[] = [];
  for (const extension of h.courtExtensions) {
    const limit = Math.min(extension.until, quarterLimit);
    extensionRef = extension.ref;
    if (breachFrom === null && extension.at <= due) {
      due = limit;
      continue;
    }
    findings.push({ ref: extension.ref, code: 'extension_after_limit' });
    const from: number = breachFrom ?? due;
    due = limit;
    if (limit >= extension.at) {
      periods.push({ from, to: extension.at });
      breachFrom = null;
    } else {
      breachFrom = from;
    }
  }
  return { quarter, due, breachFrom, periods, findings, extensionRef };
}

function pretrialCap(h: ClockHistory, now: number, rules: ClockRules): RuleResult {
  const rule = 'pretrial_cap';
  const latest = h.orders.latest;
  if (!latest) return notApplicable(rule, 'before_order');
  const penalty = penaltyMonths(latest.maxPenalty);
  if (penalty === null) return notApplicable(rule, latest.maxPenalty === 'death' ? 'death_penalty' : 'life_penalty', [latest.ref]);
  const start = h.custodyStart!;
  const { quarter, due, breachFrom, periods, findings, extensionRef } = pretrialLimit(h, penalty, rules);
  const values = { start: start.at, months: rules.pretrialCapMonths, penalty_months: penalty, quarter_months: quarter };
  const refs = [start.ref, latest.ref, extensionRef];
  const stop = h.firstSentence ?? h.released;
  if (stop) {
    const from = breachFrom ?? (stop.at > due ? due : null);
    if (from !== null) periods.push({ from, to: stop.at });
    const last = periods.at(-1);
    const clock: Clock = last
      ? { rule, status: 'met_late', due, since: last.from, explanation: explain(`${rule}.met_late`, { ...values, due, done: stop.at }, [...refs, stop.ref]) }
      : { rule, status: 'met', due, explanation: explain(`${rule}.met`, { ...values, due, done: stop.at }, [...refs, stop.ref]) };
    return { clock, periods, findings };
  }
  if (breachFrom !== null) {
    periods.push({ from: breachFrom, to: null });
    return { clock: { rule, status: 'breached', due, since: breachFrom, explanation: explain(`${rule}.breached`, { ...values, due }, refs) }, periods, findings };
  }
  const status = pending(now, due, alertWindow(rules, rule));
  if (status === 'breached') periods.push({ from: due, to: null });
  const clock: Clock = { rule, status, due, explanation: explain(`${rule}.${status}`, { ...values, due }, refs), ...(status === 'breached' ? { since: due } : {}) };
  return { clock, periods, findings };
}

function segregation(h: ClockHistory, now: number, rules: ClockRules): RuleResult {
  const rule = 'segregation';
  if (h.segregations.length === 0) return notApplicable(rule, 'none');
  const periods: Period[] = [];
  let latest: RuleResult | null = null;
  for (const period of h.segregations) {
    const due = period.start.at + rules.segregationHours * hour;
    latest = singleLimit(rule, due, period.end, now, rules, rule, { start: period.start.at, hours: rules.segregationHours }, [period.start.ref]);
    periods.push(...latest.periods);
  }
  return { clock: latest!.clock, periods };
}

function comingOfAge(h: ClockHistory, now: number, rules: ClockRules): RuleResult {
  const rule = 'coming_of_age';
  if (!h.dob) return notApplicable(rule, 'dob_unknown');
  const due = birthday(h.dob, rules.majorityYears, rules.utcOffsetMinutes);
  const start = h.custodyStart!;
  if (due <= start.at) return notApplicable(rule, 'adult');
  const values = { due, years: rules.majorityYears };
  if (h.released && h.released.at <= due) return { clock: { rule, status: 'met', due, explanation: explain(`${rule}.released`, { ...values, done: h.released.at }, [h.released.ref]) }, periods: [] };
  const status = pending(now, due, alertWindow(rules, rule));
  const shown = status === 'breached' ? 'met' : status;
  return { clock: { rule, status: shown, due, explanation: explain(`${rule}.${shown}`, values, [start.ref]) }, periods: [] };
}

function releaseDate(h: ClockHistory, now: number, rules: ClockRules): RuleResult {
  const rule = 'release_date';
  const sentence = h.lastSentence;
  if (!sentence) return notApplicable(rule, 'before_sentence');
  if (sentence.sentence === 'death') return notApplicable(rule, 'death_sentence', [sentence.ref]);
  const start = h.custodyStart!;
  const months = sentence.sentence === 'life' ? rules.lifeSentenceYears * 12 : sentenceMonths(sentence.sentence)!;
  const due = addMonths(start.at, months, rules.utcOffsetMinutes);
  return singleLimit(rule, due, h.released, now, rules, rule, { start: start.at, months, life: sentence.sentence === 'life' ? 1 : 0 }, [start.ref, sentence.ref]);
}

const ruleOrder = new Map(clockRuleIds.map((rule, i) => [rule, i]));

/** Every clock of a custody at `now`. The history must hold a custody start. */
export function evaluateClocks(history: ClockHistory, now: number, rules: ClockRules): ClockEvaluation {
  const results: Record<ClockRuleId, RuleResult> = {
    first_appearance: firstAppearance(history, now, rules),
    detention_order: detentionOrder(history, now, rules),
    pretrial_cap: pretrialCap(history, now, rules),
    segregation: segregation(history, now, rules),
    coming_of_age: comingOfAge(history, now, rules),
    release_date: releaseDate(history, now, rules),
  };
  const unlawful: UnlawfulPeriod[] = [];
  const findings: ClockFinding[] = [...history.findings];
  for (const rule of clockRuleIds) {
    for (const period of results[rule].periods) unlawful.push({ rule, ...period });
    findings.push(...(results[rule].findings ?? []));
  }
  unlawful.sort((a, b) => a.from - b.from || ruleOrder.get(a.rule)! - ruleOrder.get(b.rule)!);
  findings.sort((a, b) => a.ref - b.ref || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    now,
    clocks: clockRuleIds.map((rule) => results[rule].clock),
    held_without_valid_order: results.detention_order.clock.status === 'breached',
    unlawful_periods: unlawful,
    findings,
  };
}
