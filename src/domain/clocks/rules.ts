/**
 * The numbers of the legal clocks (CLOCKS.md, STANDARDS E). Every number is configuration:
 * the defaults below are the rules as the register reads Iraqi procedure, and a deployment
 * may set others (src/config.ts `SIJILL_CLOCK_*`).
 */
export const clockRuleIds = ['first_appearance', 'detention_order', 'pretrial_cap', 'segregation', 'coming_of_age', 'release_date'] as const;
export type ClockRuleId = (typeof clockRuleIds)[number];

export interface ClockRules {
  /** Local time: a fixed offset from UTC in minutes (Asia/Baghdad: +180, no daylight saving since 2008). */
  readonly utcOffsetMinutes: number;
  /** Hours from custody start to the first appearance before a judge. */
  readonly firstAppearanceHours: number;
  /** Hours one extension of the first appearance adds. */
  readonly firstAppearanceExtensionHours: number;
  /** The longest detention order in days; a longer one counts for this many (a finding). */
  readonly maxOrderDays: number;
  /** The pre-trial cap in months, before any court extension. */
  readonly pretrialCapMonths: number;
  /** The cap never exceeds the maximum penalty divided by this (in whole months, rounded down). */
  readonly pretrialPenaltyDivisor: number;
  /** Hours one period of segregation may last. */
  readonly segregationHours: number;
  /** Years a life sentence counts for the release date. */
  readonly lifeSentenceYears: number;
  /** The age of majority in years. */
  readonly majorityYears: number;
  /** Alert windows: how long before each limit the clock is due soon. */
  readonly alertHours: Readonly<Record<Exclude<ClockRuleId, 'detention_order' | 'pretrial_cap' | 'segregation' | 'coming_of_age' | 'release_date'>, number>>;
  readonly alertDays: Readonly<Record<Exclude<ClockRuleId, 'first_appearance'>, number>>;
}

export const defaultClockRules: ClockRules = {
  utcOffsetMinutes: 180,
  firstAppearanceHours: 24,
  firstAppearanceExtensionHours: 24,
  maxOrderDays: 15,
  pretrialCapMonths: 6,
  pretrialPenaltyDivisor: 4,
  segregationHours: 360,
  lifeSentenceYears: 20,
  majorityYears: 18,
  alertHours: { first_appearance: 6 },
  alertDays: { detention_order: 3, pretrial_cap: 14, segregation: 2, coming_of_age: 30, release_date: 7 },
};

const hour = 3_600_000;

/** The alert window of a rule in milliseconds. */
export function alertWindow(rules: ClockRules, rule: ClockRuleId): number {
  return rule === 'first_appearance' ? rules.alertHours.first_appearance * hour : rules.alertDays[rule] * 24 * hour;
}
