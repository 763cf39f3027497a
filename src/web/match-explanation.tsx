/**
 * Why the register thinks two records may be one person, in the reader's language: the
 * matcher's explanation (src/match: the prior odds, then each field's weight in log2 odds, the
 * probability they come to) as a waterfall chart with the same figures as a list beside it.
 */
import { h, Fragment, type Html } from './jsx.ts';
import { EvidenceWaterfall } from './charts.tsx';
import { localeInfo } from './i18n.ts';
import type { View } from './view.ts';

/** One field's weight, as the matcher's explanation gives it. */
export interface MatchWeight {
  readonly field: string;
  readonly level: string;
  readonly weight: number;
  readonly note?: string;
}

/** The part of a matcher's explanation the waterfall draws. */
export interface MatchEvidenceView {
  readonly priorWeight: number;
  readonly weights: readonly MatchWeight[];
  readonly probability: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The weights of a stored explanation (an event's `unknown` payload), or null when it has none (older events). */
export function matchEvidence(explanation: unknown): MatchEvidenceView | null {
  if (explanation === null || typeof explanation !== 'object') return null;
  const e = explanation as Record<string, unknown>;
  if (!isNumber(e['priorWeight']) || !isNumber(e['probability']) || !Array.isArray(e['weights'])) return null;
  const weights: MatchWeight[] = [];
  for (const w of e['weights'] as unknown[]) {
    if (w === null || typeof w !== 'object') return null;
    const { field, level, weight, note } = w as Record<string, unknown>;
    if (typeof field !== 'string' || typeof level !== 'string' || !isNumber(weight)) return null;
    weights.push({ field, level, weight, ...(typeof note === 'string' ? { note } : {}) });
  }
  return { priorWeight: e['priorWeight'], weights, probability: e['probability'] };
}

/** A weight with its sign, to one decimal, in the reader's digits and the reader's way of writing a sign (Arabic puts a letter mark before it). */
function signed(view: View, weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  return new Intl.NumberFormat(localeInfo[view.t.locale].intl, { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(rounded === 0 ? 0 : rounded);
}

/** A probability as a whole percentage, never above 100 or below 0. */
export function percent(view: View, probability: number): string {
  return view.t('match.percent', { value: Math.round(Math.min(1, Math.max(0, probability)) * 100) });
}

/** The waterfall and its figures as a list. */
export function MatchWaterfall(props: { view: View; evidence: MatchEvidenceView }): Html {
  const { view, evidence } = props;
  const { t } = view;
  const steps = evidence.weights.map((w) => ({ label: t.of('match_field', w.field), weight: w.weight, text: signed(view, w.weight) }));
  return (
    <figure class="match-waterfall">
      <EvidenceWaterfall
        prior={{ label: t('match.prior'), weight: evidence.priorWeight, text: signed(view, evidence.priorWeight) }}
        steps={steps}
        total={t('match.total', { percent: percent(view, evidence.probability) })}
        dir={t.dir}
        title={t('match.chart_title')}
      />
      <figcaption>
        <p class="muted">{t('match.chart_hint')}</p>
        <ul class="plain">
          {evidence.weights.map((w) => (
            <li>
              {t.of('match_field', w.field)}: {t.of('match_level', w.level)} ({signed(view, w.weight)})
              {/* The matcher's notes are in English: shown to English readers only (no English on other pages). */}
              {w.note && t.locale === 'en' ? <> — {w.note}</> : null}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
