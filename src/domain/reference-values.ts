/**
 * Reference values: the words a register records as keywords in fields otherwise written
 * freely — a relative's relation, an item of property, a whereabouts not known — so that every
 * reader sees them in their own language (src/web/reference-labels.ts). Anything else written
 * in these fields is shown as it was written.
 */

/** How a relative or contact is related to the person. */
export const relations = [
  'mother', 'father', 'brother', 'sister', 'son', 'daughter', 'husband', 'wife',
  'grandfather', 'grandmother', 'uncle', 'aunt', 'cousin', 'guardian', 'other_relative',
] as const;

/** Kinds of property taken into safekeeping at admission (MR67). */
export const propertyItems = [
  'clothing', 'shoes', 'belt', 'watch', 'ring', 'phone', 'money', 'identity_document', 'glasses', 'bag', 'medication',
] as const;

/** A relative's whereabouts recorded as a keyword. */
export const whereaboutsKeywords = ['unknown'] as const;

/** The keyword a written value stands for, if it is one of `values` (case and surrounding space ignored). */
export function keywordOf<T extends string>(values: readonly T[], written: string): T | null {
  const folded = written.trim().toLowerCase();
  return (values as readonly string[]).includes(folded) ? (folded as T) : null;
}
