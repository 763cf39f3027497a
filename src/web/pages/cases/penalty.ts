/** How a maximum penalty and a sentence read, in the reader's language. */
import type { Translator } from '../../i18n.ts';

/** A maximum penalty as recorded: "death", "life", {"years": Y} or {"months": M}. */
export function penaltyText(t: Translator, penalty: unknown): string {
  if (penalty === 'death') return t('case.penalty_death');
  if (penalty === 'life') return t('case.penalty_life');
  const p = penalty as { years?: number; months?: number } | null;
  if (typeof p?.years === 'number') return t('case.penalty_years', { count: p.years });
  if (typeof p?.months === 'number') return t('case.penalty_months', { count: p.months });
  return '—';
}

/** A sentence as recorded: "life", "death" or {"years": Y, "months": M}. */
export function sentenceText(t: Translator, sentence: unknown): string {
  if (sentence === 'death') return t('case.sentence_death');
  if (sentence === 'life') return t('case.sentence_life');
  const s = sentence as { years?: number; months?: number } | null;
  if (s && typeof s === 'object') return t('case.sentence_term', { years: s.years ?? 0, months: s.months ?? 0 });
  return '—';
}
