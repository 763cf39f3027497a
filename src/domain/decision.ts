/**
 * What a domain decision is given and what it returns. The domain has no clock and no
 * randomness of its own: the caller passes the time and a source of fresh ids.
 */
import type { NewEvent } from './events.ts';
import type { Rejection } from './rejection.ts';

/** Legal and operational time limits, in hours (STANDARDS E); configurable, these are defaults. */
export interface Deadlines {
  readonly medicalExaminationHours: number;
  readonly familyNotificationHours: number;
  readonly consularNotificationHours: number;
  readonly followUpHours: number;
  readonly referralHours: number;
  /** An information request is answered within this (ICPPED 18: promptly); alerts from `informationAlertHours` before. */
  readonly informationAnswerHours: number;
  readonly informationAlertHours: number;
}

export const defaultDeadlines: Deadlines = {
  medicalExaminationHours: 24,
  familyNotificationHours: 24,
  consularNotificationHours: 72,
  followUpHours: 72,
  referralHours: 24,
  informationAnswerHours: 72,
  informationAlertHours: 24,
};

export interface DecisionContext {
  /** When the command is decided (ISO 8601, UTC). */
  readonly now: string;
  readonly newId: () => string;
  readonly deadlines: Deadlines;
  /**
   * The register's local time, minutes from UTC (the clocks' configured offset): the day of an
   * instant is taken there (local-day.ts). Baghdad's when not given.
   */
  readonly utcOffsetMinutes?: number;
}

export type Decision = readonly NewEvent[] | Rejection;

/** An ISO instant some hours after another. */
export function hoursAfter(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

/** Non-empty after trimming. */
export function filled(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
