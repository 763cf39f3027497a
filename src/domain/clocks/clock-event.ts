/**
 * What the legal clocks read: the facts of one custody, in time order (CLOCKS.md "Input").
 * The register derives them from a person's events (`register-clock-events.ts`); a case file
 * gives them directly (`case-file.ts`). Instants are milliseconds since the epoch; `ref`
 * names the event in the reader's terms (its index in a case file, its log index in the
 * register) and is what findings and explanations point at.
 */
export type Penalty = 'death' | 'life' | { readonly years: number } | { readonly months: number };
export type Sentence = 'death' | 'life' | { readonly years?: number; readonly months?: number };

export type ClockEvent = { readonly ref: number; readonly at: number } & (
  | { readonly kind: 'custody_start' }
  | { readonly kind: 'first_appearance_extended' }
  | { readonly kind: 'brought_before_judge' }
  | { readonly kind: 'detention_order'; readonly days: number; readonly max_penalty: Penalty }
  | { readonly kind: 'court_extension'; readonly until: number }
  | { readonly kind: 'segregation_start' }
  | { readonly kind: 'segregation_end' }
  | { readonly kind: 'sentenced'; readonly sentence: Sentence }
  | { readonly kind: 'released' }
);

export type ClockEventKind = ClockEvent['kind'];

export const clockEventKinds: readonly ClockEventKind[] = [
  'custody_start',
  'first_appearance_extended',
  'brought_before_judge',
  'detention_order',
  'court_extension',
  'segregation_start',
  'segregation_end',
  'sentenced',
  'released',
];

/** A penalty in whole months; null for death and life. */
export function penaltyMonths(penalty: Penalty): number | null {
  if (penalty === 'death' || penalty === 'life') return null;
  return 'years' in penalty ? penalty.years * 12 : penalty.months;
}

/** A sentence as one number of months (12·Y + M); null for death and life. */
export function sentenceMonths(sentence: Sentence): number | null {
  if (sentence === 'death' || sentence === 'life') return null;
  return (sentence.years ?? 0) * 12 + (sentence.months ?? 0);
}
