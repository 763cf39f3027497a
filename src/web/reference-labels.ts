/**
 * Reference values in the reader's language: one function per kind, used wherever a value of
 * that kind is shown. A keyword of the register (src/domain/reference-values.ts) is translated;
 * anything else is what the clerk wrote, shown as written.
 */
import { keywordOf, propertyItems, relations, whereaboutsKeywords } from '../domain/reference-values.ts';
import type { Translator } from './i18n.ts';

/** A relative's or contact's relation to the person. */
export function relationLabel(t: Translator, written: string): string {
  const keyword = keywordOf(relations, written);
  return keyword ? t.of('relation', keyword) : written;
}

/** An item of property taken into safekeeping. */
export function propertyItemLabel(t: Translator, written: string): string {
  const keyword = keywordOf(propertyItems, written);
  return keyword ? t.of('property_item', keyword) : written;
}

/** Where a relative is. */
export function whereaboutsLabel(t: Translator, written: string): string {
  const keyword = keywordOf(whereaboutsKeywords, written);
  return keyword ? t.of('whereabouts', keyword) : written;
}
