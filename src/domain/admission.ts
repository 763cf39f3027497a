/**
 * Admission to a facility (STANDARDS A; MR7, ICPPED 17(3), BP12). Nobody is admitted
 * without a commitment order or a handover document naming the authority; every required
 * item is recorded, or recorded as "unknown, because …" with a follow-up task; placement
 * respects the separation of categories (MR11); capacity is respected unless a supervisor
 * overrides it with a reason.
 */
import { checkLikelyDuplicates } from './identity.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { admissionItemNames, newEvent, type AdmissionBasis, type AdmissionItems, type TaskOpened } from './events.ts';
import type { Facility } from './facility.ts';
import { checkVersion, type Person } from './person.ts';
import { legalStatuses, type LegalStatus } from './placement.ts';
import { placePerson } from './placing.ts';
import { isRejection, reject, type Rejection } from './rejection.ts';
import { openTask } from './task.ts';
import { isInstant, isIsoDate, isUnknown } from './values.ts';
import { localDay } from './local-day.ts';

export interface AdmitPerson {
  readonly admission_id: string;
  readonly person_id: string;
  readonly facility_id: string;
  readonly unit_id: string;
  readonly legal_status: LegalStatus;
  /** When the person came into this facility's custody (ISO 8601 with offset). */
  readonly admitted_at: string;
  readonly basis: AdmissionBasis;
  readonly items: AdmissionItems;
  /** Admit beyond capacity: only a supervisor, only with a reason. */
  readonly capacity_override?: { readonly reason: string };
  readonly expected_version?: number;
  /** Why the person is admitted while an open duplicate question says they may be another record (identity.ts). */
  readonly duplicate_reason?: string;
}

function checkBasis(basis: AdmissionBasis): Rejection | null {
  if (basis.kind !== 'commitment_order' && basis.kind !== 'handover_document') {
    return reject('missing_item', 'admission needs a commitment order or a handover document', '/basis/kind');
  }
  if (!filled(basis.reference)) return reject('missing_item', 'give the reference of the order or handover document', '/basis/reference');
  if (!filled(basis.issuing_authority)) return reject('missing_item', 'name the authority that issued the order or handover document', '/basis/issuing_authority');
  if (!isIsoDate(basis.issued_on)) return reject('invalid_value', 'issued_on is the date of the document, YYYY-MM-DD', '/basis/issued_on');
  return null;
}

/** Items whose known value still needs a field filled: they are checked by name. */
function checkItems(items: AdmissionItems, admittedAt: string): Rejection | null {
  for (const name of admissionItemNames) {
    const item = items[name];
    if (item === undefined || item === null) {
      return reject('missing_item', `${name.replace(/_/g, ' ')} is required: give it, or {"unknown_reason": "…"} to record why it is not known`, `/items/${name}`);
    }
    if (isUnknown(item) && !filled(item.unknown_reason)) {
      return reject('missing_item', 'an unknown item needs the reason it is not known', `/items/${name}/unknown_reason`);
    }
  }
  const { first_deprivation: first, ordering_authority: order, supervising_authority: supervisor, officials, property, emergency_contact: contact, health_record: health } = items;
  if (!isUnknown(first)) {
    if (!isInstant(first.at)) return reject('invalid_value', 'give the time as ISO 8601 with an offset, e.g. 2026-01-21T14:00:00+03:00', '/items/first_deprivation/at');
    if (Date.parse(first.at) > Date.parse(admittedAt)) return reject('invalid_value', 'the first deprivation of liberty cannot come after this admission', '/items/first_deprivation/at');
    if (!filled(first.place)) return reject('missing_item', 'give the place the person was first deprived of liberty', '/items/first_deprivation/place');
    if (!filled(first.authority)) return reject('missing_item', 'name the authority that first deprived the person of liberty', '/items/first_deprivation/authority');
  }
  if (!isUnknown(order)) {
    if (!filled(order.authority)) return reject('missing_item', 'name the authority that ordered the detention', '/items/ordering_authority/authority');
    if (!filled(order.law) || !filled(order.article)) return reject('missing_item', 'give the grounds: the law and the article', '/items/ordering_authority/law');
  }
  if (!isUnknown(supervisor) && !filled(supervisor.authority)) return reject('missing_item', 'name the authority supervising the detention', '/items/supervising_authority/authority');
  if (!isUnknown(officials) && !filled(officials.admitting)) return reject('missing_item', 'name the admitting official', '/items/officials/admitting');
  if (!isUnknown(property) && !filled(property.witnessed_by)) return reject('missing_item', 'name the official who witnessed the property inventory', '/items/property/witnessed_by');
  if (!isUnknown(contact) && (!filled(contact.name) || !filled(contact.contact))) return reject('missing_item', 'give the emergency contact’s name and how to reach them', '/items/emergency_contact');
  if (!isUnknown(health) && !filled(health.reference)) return reject('missing_item', 'give the reference of the health record (kept apart)', '/items/health_record/reference');
  return null;
}

/** Decide an admission. */
export function decideAdmission(person: Person | null, facility: Facility | null, input: AdmitPerson, ctx: DecisionContext, mayOverrideCapacity: boolean, likelyDuplicates: readonly string[] = []): Decision {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (!facility) return reject('not_found', 'no facility with this id is registered', '/facility_id');
  const stale = checkVersion(person, input.expected_version);
  if (stale) return stale;
  if (person.custody.status === 'in_custody' || person.custody.status === 'in_transit') {
    return reject('already_in_custody', `this person is already ${person.custody.status.replace('_', ' ')}; admit only after release, escape or arrival`, '/person_id');
  }
  if (person.custody.status !== 'registered' && person.custody.status !== 'released' && person.custody.status !== 'escaped') {
    return reject('invalid_transition', `a person who is ${person.custody.status.replace(/_/g, ' ')} cannot be admitted`, '/person_id');
  }
  if (!isInstant(input.admitted_at)) return reject('invalid_value', 'admitted_at is ISO 8601 with an offset, e.g. 2026-01-21T14:00:00+03:00', '/admitted_at');
  if (Date.parse(input.admitted_at) > Date.parse(ctx.now) + 5 * 60_000) return reject('invalid_value', 'admitted_at cannot be in the future', '/admitted_at');
  const bad = checkBasis(input.basis) ?? checkItems(input.items, input.admitted_at);
  if (bad) return bad;
  if (!legalStatuses.includes(input.legal_status)) return reject('invalid_value', `legal_status must be one of: ${legalStatuses.join(', ')}`, '/legal_status');

  const unit = facility.units.find((u) => u.id === input.unit_id);
  if (!unit) return reject('not_found', 'no unit with this id in the facility', '/unit_id');
  const placement = placePerson(person, facility, unit, input.legal_status, localDay(input.admitted_at, ctx.utcOffsetMinutes), input.capacity_override, mayOverrideCapacity);
  if (isRejection(placement)) return placement;
  const category = placement.category;
  // Asked last, once the rest of the admission holds: settle the open duplicate question, or say why not.
  const duplicate = checkLikelyDuplicates(likelyDuplicates, input.duplicate_reason, 'admit');
  if (duplicate) return duplicate;

  const at = input.admitted_at;
  const d = ctx.deadlines;
  const tasks: TaskOpened[] = [];
  for (const name of admissionItemNames) {
    const item = input.items[name];
    if (isUnknown(item)) tasks.push(openTask(ctx, 'complete_admission_item', `${name}: ${item.unknown_reason}`, d.followUpHours, at));
  }
  tasks.push(openTask(ctx, 'medical_examination', 'examination after admission (MR30)', d.medicalExaminationHours, at));
  const injuries = input.items.injuries;
  if (!isUnknown(injuries) && (filled(injuries.visible_injuries) || filled(injuries.ill_treatment_complaint))) {
    tasks.push(openTask(ctx, 'ill_treatment_referral', 'injuries or a complaint of ill-treatment recorded at admission (MR30, MR34)', d.referralHours, at));
  }
  tasks.push(openTask(ctx, 'notify_family', 'family told of the admission (MR68, BP16)', d.familyNotificationHours, at));
  const foreign = person.details.nationalities.filter((n) => n !== facility.country && n !== 'stateless' && n !== 'unknown');
  if (foreign.length) tasks.push(openTask(ctx, 'notify_consular_post', `consular post of ${foreign.join(', ')}, on the detainee’s request (VCCR 36)`, d.consularNotificationHours, at));
  if (!placement.ageKnown) tasks.push(openTask(ctx, 'age_assessment', 'date of birth unknown: assess whether the person is a minor (MR11)', d.followUpHours, at));
  const { expected_version: _seen, person_id, duplicate_reason, ...recorded } = input;
  // The reason for admitting over an open duplicate question is kept with the admission; one given with no question open says nothing.
  const despite = likelyDuplicates.length && filled(duplicate_reason) ? { duplicate_reason: duplicate_reason.trim() } : {};
  return [newEvent('person.admitted', person_id, at, { ...recorded, ...despite, category, tasks })];
}
