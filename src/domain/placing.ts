/**
 * Placing a person in a unit of a facility, at admission or on arrival: the unit must hold
 * the person's category (MR11), and the facility must have room for that category unless a
 * supervisor overrides with a reason.
 */
import { filled } from './decision.ts';
import type { FacilityUnit } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { personGroup, unitAccepts, type Category, type LegalStatus } from './placement.ts';
import { reject, type Rejection } from './rejection.ts';

export interface Placement {
  readonly unit: FacilityUnit;
  readonly category: Category;
  /** False when the date of birth is unknown: an age assessment is due. */
  readonly ageKnown: boolean;
}

/** Decide where a person may be placed on a day, or why not. */
export function placePerson(
  person: Person,
  facility: Facility,
  unit: FacilityUnit,
  legalStatus: LegalStatus,
  on: string,
  override: { readonly reason: string } | undefined,
  mayOverrideCapacity: boolean,
): Placement | Rejection {
  const group = personGroup(person.details.sex, person.details.dob, on);
  if (!group) return reject('separation_violation', 'record the person’s sex before placement: men and women are held apart (MR11)', '/person_id');
  if (!unitAccepts(unit.category, group.group, legalStatus)) {
    return reject('separation_violation', `unit ${unit.name} holds ${unit.category.replace('_', ', ')}; this person is ${group.group}, ${legalStatus} (MR11)`, '/unit_id');
  }
  const category = unit.category;
  const capacity = facility.capacity[category] ?? 0;
  const occupied = facility.occupancy[category] ?? 0;
  if (occupied + 1 > capacity) {
    if (!override) return reject('capacity_exceeded', `${facility.name} is full for ${category} (${occupied} of ${capacity}); a supervisor may override with a reason`, '/unit_id');
    if (!mayOverrideCapacity) return reject('forbidden', 'only a supervisor may place a person beyond capacity', '/capacity_override');
    if (!filled(override.reason)) return reject('missing_item', 'an override needs a reason', '/capacity_override/reason');
  }
  return { unit, category, ageKnown: group.ageKnown };
}
