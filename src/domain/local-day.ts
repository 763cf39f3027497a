/**
 * The register's local day of an instant: the calendar day (YYYY-MM-DD) on the clocks' local
 * time, a fixed offset from UTC (`ClockRules.utcOffsetMinutes`, configuration: SIJILL_CLOCK_RULES;
 * Asia/Baghdad, UTC+03:00, by default — CLOCKS.md "Time"). Whatever offset an instant was
 * written with, its day is the register's: 2026-03-10T22:30:00Z is 11 March in Baghdad, and so
 * is 2026-03-11T01:30:00+03:00. Ages, "today" and every day a rule counts are this day, never
 * the UTC day of `toISOString()` nor the day an instant happens to be written in.
 */
import { defaultClockRules } from './clocks/rules.ts';

/** The local day of `instant` at `utcOffsetMinutes` from UTC (the default clocks' offset when not given). */
export function localDay(instant: string | number | Date, utcOffsetMinutes: number = defaultClockRules.utcOffsetMinutes): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
