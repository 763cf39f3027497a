/**
 * The limits still ahead of (or passed by) a custody, as rows a database can query at any
 * instant without folding anything again: for each clock that is still pending, its limit,
 * the start of its alert window, what it becomes once the limit passes and since when a
 * breach counts. `deadlineStatus` is the rule the dashboard's SQL applies; it agrees with
 * `evaluateClocks` at every instant from the last event on (clocks.test.ts).
 */
import { penaltyMonths } from './clock-event.ts';
import { coverGapStart, type ClockHistory } from './clock-history.ts';
import { addMonths, birthday } from './clock-time.ts';
import { pretrialLimit } from './evaluate-clocks.ts';
import { alertWindow, type ClockRuleId, type ClockRules } from './rules.ts';
import { sentenceMonths } from './clock-event.ts';

export interface ClockDeadline {
  readonly rule: ClockRuleId;
  /** The limit; null when nothing covers the person now (a detention order that never was). */
  readonly due: number | null;
  readonly alertFrom: number | null;
  /** What the clock is once `due` has passed: a breach, or (coming of age) simply met. */
  readonly afterDue: 'breached' | 'met';
  /** When a breach began, once there is one. */
  readonly since: number | null;
}

const hour = 3_600_000;

function deadline(rule: ClockRuleId, due: number | null, rules: ClockRules, since: number | null = due, afterDue: 'breached' | 'met' = 'breached'): ClockDeadline {
  return { rule, due, alertFrom: due === null ? null : due - alertWindow(rules, rule), afterDue, since };
}

/** The clocks of a custody still pending after its last event. */
export function clockDeadlines(h: ClockHistory, rules: ClockRules): ClockDeadline[] {
  const start = h.custodyStart;
  if (!start) return [];
  const found: ClockDeadline[] = [];
  const released = h.released !== null;
  if (!h.appearance && !released) {
    const extended = h.appearanceExtension?.counts === true;
    found.push(deadline('first_appearance', start.at + (rules.firstAppearanceHours + (extended ? rules.firstAppearanceExtensionHours : 0)) * hour, rules));
  }
  const stopped = released || h.firstSentence !== null;
  if (h.appearance && !stopped) found.push(deadline('detention_order', h.orders.coverEnd, rules, coverGapStart(h)));
  const penalty = h.orders.latest ? penaltyMonths(h.orders.latest.maxPenalty) : null;
  if (penalty !== null && !stopped) {
    const { due, breachFrom } = pretrialLimit(h, penalty, rules);
    found.push(deadline('pretrial_cap', due, rules, breachFrom ?? due));
  }
  const segregation = h.segregations.at(-1);
  if (segregation && segregation.end === null) found.push(deadline('segregation', segregation.start.at + rules.segregationHours * hour, rules));
  if (h.dob && !released) {
    const due = birthday(h.dob, rules.majorityYears, rules.utcOffsetMinutes);
    if (due > start.at) found.push(deadline('coming_of_age', due, rules, null, 'met'));
  }
  const sentence = h.lastSentence;
  if (sentence && sentence.sentence !== 'death' && !released) {
    const months = sentence.sentence === 'life' ? rules.lifeSentenceYears * 12 : sentenceMonths(sentence.sentence)!;
    found.push(deadline('release_date', addMonths(start.at, months, rules.utcOffsetMinutes), rules));
  }
  return found;
}

/** A pending clock's status at `now` (the rule written in SQL in store/clock-projection.ts). */
export function deadlineStatus(d: ClockDeadline, now: number): 'running' | 'due_soon' | 'breached' | 'met' {
  if (d.due === null || now > d.due) return d.afterDue;
  return now >= d.alertFrom! ? 'due_soon' : 'running';
}
