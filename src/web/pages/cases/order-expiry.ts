/**
 * When a detention order runs out, as the clocks count it (CLOCKS.md "Time"): the day of issue
 * is day 1 and the order is valid until local midnight at the end of day N; above the maximum
 * the order is kept as issued and the clock counts it for the maximum. Shown before an order
 * is saved and beside every order on the case's page, with the same arithmetic and the same
 * configured rules as the clocks themselves.
 */
import { orderEnd, parseInstant } from '../../../domain/clocks/clock-time.ts';
import type { ClockRules } from '../../../domain/clocks/rules.ts';
import { localDay } from '../../../domain/local-day.ts';

export interface DetentionExpiry {
  readonly days: number;
  /** Local midnight ending day `days`. */
  readonly until: string;
  /** The local date of the order's last day (YYYY-MM-DD). */
  readonly lastDay: string;
  /** The most days the clock counts an order for. */
  readonly maximum: number;
  /** Set when `days` is above the maximum: until when the clock counts it. */
  readonly countedUntil: string | null;
}

/** The local date on which the instant just before `ms` falls: the last day an order ending at `ms` covers. */
function dayBefore(ms: number, offsetMinutes: number): string {
  return localDay(ms - 1, offsetMinutes);
}

/** The expiry of a detention order issued at `issuedAt` for `days` days, or null when either is unreadable. */
export function detentionExpiry(issuedAt: string, days: number, rules: ClockRules): DetentionExpiry | null {
  const issued = parseInstant(issuedAt);
  if (issued === null || !Number.isInteger(days) || days < 1) return null;
  const end = orderEnd(issued, days, rules.utcOffsetMinutes);
  const counted = days > rules.maxOrderDays ? orderEnd(issued, rules.maxOrderDays, rules.utcOffsetMinutes) : null;
  return {
    days,
    until: new Date(end).toISOString(),
    lastDay: dayBefore(end, rules.utcOffsetMinutes),
    maximum: rules.maxOrderDays,
    countedUntil: counted === null ? null : new Date(counted).toISOString(),
  };
}
