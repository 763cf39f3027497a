/**
 * Separation of categories (Nelson Mandela Rules 11 and 112): men and women, minors and
 * adults, untried and convicted are held apart. Every unit of a facility houses exactly one
 * category; a `family` unit (camps and rehabilitation centres only) holds women with minors.
 */
import { youngestAgeOn, type DateOfBirth } from './values.ts';

export const legalStatuses = ['untried', 'convicted', 'not_charged'] as const;
export type LegalStatus = (typeof legalStatuses)[number];

export const groups = ['men', 'women', 'boys', 'girls', 'family'] as const;
export type Group = (typeof groups)[number];

/** A placement category: a group and a legal status, e.g. `men_untried`. */
export type Category = `${Group}_${LegalStatus}`;

export const categories: readonly Category[] = groups.flatMap((g) => legalStatuses.map((s) => `${g}_${s}` as Category));

export function isCategory(value: string): value is Category {
  return (categories as readonly string[]).includes(value);
}

export type Sex = 'male' | 'female' | 'unknown';

/**
 * The group a person belongs to on a given day. Age is counted from the latest possible
 * day of birth: when a partial date leaves it open whether someone is a minor, they are
 * protected as one. An unknown date of birth places by sex and calls for an age assessment.
 */
export function personGroup(sex: Sex, dob: DateOfBirth, on: string): { group: Exclude<Group, 'family'>; ageKnown: boolean } | null {
  if (sex === 'unknown') return null;
  const age = youngestAgeOn(dob, on);
  const minor = age !== null && age < 18;
  const group = sex === 'male' ? (minor ? 'boys' : 'men') : minor ? 'girls' : 'women';
  return { group, ageKnown: age !== null };
}

/** Whether a unit of the given category may hold a person of this group and legal status. */
export function unitAccepts(unit: Category, group: Exclude<Group, 'family'>, status: LegalStatus): boolean {
  const [unitGroup, unitStatus] = splitCategory(unit);
  if (unitStatus !== status) return false;
  return unitGroup === group || (unitGroup === 'family' && group !== 'men');
}

export function splitCategory(category: Category): [Group, LegalStatus] {
  const cut = category.indexOf('_');
  return [category.slice(0, cut) as Group, category.slice(cut + 1) as LegalStatus];
}
