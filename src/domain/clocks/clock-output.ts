/**
 * The clocks as CLOCKS.md's output JSON: instants in UTC with `Z` to the second, findings by
 * the event they point at, and each clock's explanation in the words a renderer gives it.
 */
import { formatInstant } from './clock-time.ts';
import type { ClockEvaluation, ClockExplanation } from './evaluate-clocks.ts';

export interface ClockOutput {
  readonly now: string;
  readonly clocks: readonly { readonly rule: string; readonly status: string; readonly due: string | null; readonly since?: string; readonly explanation?: string }[];
  readonly held_without_valid_order: boolean;
  readonly unlawful_periods: readonly { readonly rule: string; readonly from: string; readonly to: string | null }[];
  readonly findings: readonly { readonly event: number; readonly code: string }[];
}

/** The output JSON; `explain` turns an explanation into text, and without it explanations are left out. */
export function clockOutput(evaluation: ClockEvaluation, explain?: (explanation: ClockExplanation) => string): ClockOutput {
  return {
    now: formatInstant(evaluation.now),
    clocks: evaluation.clocks.map((clock) => ({
      rule: clock.rule,
      status: clock.status,
      due: clock.due === null ? null : formatInstant(clock.due),
      ...(clock.since !== undefined ? { since: formatInstant(clock.since) } : {}),
      ...(explain ? { explanation: explain(clock.explanation) } : {}),
    })),
    held_without_valid_order: evaluation.held_without_valid_order,
    unlawful_periods: evaluation.unlawful_periods.map((p) => ({ rule: p.rule, from: formatInstant(p.from), to: p.to === null ? null : formatInstant(p.to) })),
    findings: evaluation.findings.map((f) => ({ event: f.ref, code: f.code })),
  };
}
