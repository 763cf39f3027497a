/** A person's clocks as the API shows them: instants as ISO 8601 UTC, explanations as key, values and events. */
import type { Static } from '@sinclair/typebox';
import { explanationInstants as instants, type ClockEvaluation } from '../domain/clocks/evaluate-clocks.ts';
import type { PersonClocks } from '../domain/clocks/person-clocks.ts';
import type { ClocksResponse } from './clock-schemas.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function personClocksView(clocks: PersonClocks, evaluation: ClockEvaluation | null, at: Date, personId = ''): Static<typeof ClocksResponse> {
  return {
    person_id: personId,
    at: at.toISOString(),
    in_custody: clocks.inCustody,
    custody_start: clocks.history.custodyStart ? iso(clocks.history.custodyStart.at) : null,
    clocks: (evaluation?.clocks ?? []).map((c) => ({
      rule: c.rule,
      status: c.status,
      due: c.due === null ? null : iso(c.due),
      ...(c.since !== undefined ? { since: iso(c.since) } : {}),
      explanation: {
        key: c.explanation.key,
        values: Object.fromEntries(Object.entries(c.explanation.values).map(([k, v]) => [k, instants.has(k) && typeof v === 'number' ? iso(v) : v])),
        refs: [...c.explanation.refs],
      },
    })),
    held_without_valid_order: evaluation?.held_without_valid_order ?? false,
    unlawful_periods: (evaluation?.unlawful_periods ?? []).map((p) => ({ rule: p.rule, from: iso(p.from), to: p.to === null ? null : iso(p.to) })),
    findings: (evaluation?.findings ?? []).map((f) => ({ event: f.ref, code: f.code })),
    orders_awaiting_confirmation: Object.keys(clocks.pending).length,
  };
}
