/** Facilities: prisons, camps, hospitals, court holding — where people are held, and in which units. */
import { filled, type DecisionContext, type Decision } from './decision.ts';
import { facilityKinds, newEvent, type EventData } from './events.ts';
import { isCategory, type Category, splitCategory } from './placement.ts';
import { reject } from './rejection.ts';
import { isCountryCode } from './values.ts';

/** A facility as the decisions see it: what was registered, and who is held there now. */
export interface Facility extends Omit<EventData['facility.registered'], 'facility_id'> {
  readonly id: string;
  /** People held now, by category. */
  readonly occupancy: Readonly<Partial<Record<Category, number>>>;
  readonly version: number;
}

export type RegisterFacility = EventData['facility.registered'];

/** Whether a time zone name is one the runtime knows (IANA). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Register a facility with its units and capacity per category. */
export function decideFacilityRegistration(input: RegisterFacility, existing: boolean, ctx: DecisionContext): Decision {
  if (existing) return reject('duplicate', 'a facility with this id is already registered', '/facility_id');
  if (!filled(input.name)) return reject('missing_item', 'give the facility a name', '/name');
  if (!facilityKinds.includes(input.kind)) return reject('invalid_value', `kind must be one of: ${facilityKinds.join(', ')}`, '/kind');
  if (!filled(input.authority)) return reject('missing_item', 'name the authority that controls the facility', '/authority');
  if (!isCountryCode(input.country)) return reject('invalid_value', 'country must be an ISO 3166-1 alpha-2 code such as IQ', '/country');
  if (!isTimeZone(input.timezone)) return reject('invalid_value', 'timezone must be an IANA time zone such as Asia/Baghdad', '/timezone');
  for (const [category, places] of Object.entries(input.capacity)) {
    if (!isCategory(category)) return reject('invalid_value', `"${category}" is not a category; use group_status, e.g. men_untried`, `/capacity/${category}`);
    if (!Number.isInteger(places) || places < 0) return reject('invalid_value', 'capacity is a whole number of places, 0 or more', `/capacity/${category}`);
  }
  if (input.units.length === 0) return reject('missing_item', 'a facility needs at least one unit', '/units');
  const ids = new Set<string>();
  for (const [i, unit] of input.units.entries()) {
    if (ids.has(unit.id)) return reject('invalid_value', 'two units share one id', `/units/${i}/id`);
    ids.add(unit.id);
    if (!filled(unit.name)) return reject('missing_item', 'give the unit a name', `/units/${i}/name`);
    if (!isCategory(unit.category)) return reject('invalid_value', 'unit category must be group_status, e.g. women_untried', `/units/${i}/category`);
    if (splitCategory(unit.category)[0] === 'family' && input.kind !== 'camp' && input.kind !== 'rehabilitation_centre') {
      return reject('separation_violation', 'family units exist only in camps and rehabilitation centres (MR11)', `/units/${i}/category`);
    }
  }
  return [newEvent('facility.registered', null, ctx.now, input)];
}
