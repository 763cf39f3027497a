/**
 * Shared factories for fictional persons, facilities and admissions, with overrides.
 * Names are generated, never real people.
 */
import type { AdoptDisciplinaryRules } from '../../src/domain/disciplinary-rules.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AdmitPerson } from '../../src/domain/admission.ts';
import type { AdmissionItems, NameRecord } from '../../src/domain/events.ts';
import type { RegisterFacility } from '../../src/domain/facility.ts';
import type { RegisterPerson } from '../../src/domain/person.ts';
import { registerNumberFromBytes } from '../../src/domain/register-number.ts';

export function aName(overrides: Partial<NameRecord> = {}): NameRecord {
  return { id: randomUUID(), script: 'Arab', full: 'سالم حميد ناصر العبيدي', parts: { given: 'سالم', father: 'حميد' }, source: 'handover_list', confidence: 0.8, ...overrides };
}

export function aPerson(overrides: Partial<RegisterPerson> = {}): RegisterPerson {
  return {
    person_id: randomUUID(),
    register_number: registerNumberFromBytes(randomBytes(5)),
    names: [aName(), aName({ script: 'Latn', full: 'Salim Hamid Nasir al-Ubaidi' })],
    sex: 'male',
    gender: 'man',
    dob: { kind: 'year', year: 1990 },
    nationalities: ['IQ'],
    languages: ['ar'],
    documents: [],
    biometric_refs: [],
    ...overrides,
  };
}

export function aFacility(overrides: Partial<RegisterFacility> = {}): RegisterFacility {
  return {
    facility_id: randomUUID(),
    name: 'Fictional Central Prison',
    kind: 'prison',
    authority: 'Ministry of Justice',
    country: 'IQ',
    timezone: 'Asia/Baghdad',
    capacity: { men_untried: 100, women_untried: 20, boys_untried: 10 },
    units: [
      { id: randomUUID(), name: 'Block A', category: 'men_untried' },
      { id: randomUUID(), name: 'Block W', category: 'women_untried' },
      { id: randomUUID(), name: 'Juvenile wing', category: 'boys_untried' },
    ],
    ...overrides,
  };
}

export function allItems(overrides: Partial<AdmissionItems> = {}): AdmissionItems {
  return {
    first_deprivation: { at: '2025-12-01T10:00:00+03:00', place: 'Fictional checkpoint 7', authority: 'Border guard' },
    ordering_authority: { authority: 'Investigative court, fictional district', law: 'Code of Criminal Procedure', article: '109' },
    supervising_authority: { authority: 'Public prosecution' },
    injuries: { visible_injuries: null, ill_treatment_complaint: null },
    property: { items: [{ description: 'watch', quantity: 1 }], signed_by_detainee: true, witnessed_by: 'Officer K. Fictional' },
    family: { members: [{ relation: 'wife', name: 'فاطمة', age: 30, whereabouts: 'Fictional town', cared_for_by: null }] },
    emergency_contact: { name: 'Hamid (father)', relation: 'father', contact: '+964 700 000 0000' },
    health_record: { reference: 'HR-0001' },
    officials: { arresting: ['Officer A'], admitting: 'Officer B' },
    ...overrides,
  };
}

export function anAdmission(personId: string, facility: RegisterFacility, overrides: Partial<AdmitPerson> = {}): AdmitPerson {
  return {
    admission_id: randomUUID(),
    person_id: personId,
    facility_id: facility.facility_id,
    unit_id: facility.units[0]!.id,
    legal_status: 'untried',
    admitted_at: '2026-01-21T14:00:00+03:00',
    basis: { kind: 'handover_document', reference: 'HD-2026-001', issuing_authority: 'Fictional sending authority', issued_on: '2026-01-20' },
    items: allItems(),
    ...overrides,
  };
}

/**
 * A facility's disciplinary rules as an official adopts them (MR37): damage to property and theft,
 * each with the sanctions it may bring and for how long, from a local day.
 */
export function aRulebook(effective_from = '2026-01-01', overrides: Partial<AdoptDisciplinaryRules> = {}): Omit<AdoptDisciplinaryRules, 'facility_id'> {
  const authority = 'The director of the facility (fictional)';
  return {
    effective_from,
    legal_basis: 'Fictional Correctional Facilities Regulation 2026, chapter 4',
    offences: [
      { code: 'damage_to_property', rule: 'FR-3', title: 'إتلاف الممتلكات', conduct: 'Damaging property of the facility or of another on purpose', sanctions: [{ kind: 'warning' }, { kind: 'loss_of_privileges', max_days: 14 }, { kind: 'solitary_confinement', max_days: 10 }], authority },
      { code: 'theft', rule: 'FR-8', title: 'السرقة', conduct: 'Taking what belongs to another without leave', sanctions: [{ kind: 'warning' }, { kind: 'loss_of_privileges', max_days: 14 }], authority },
    ],
    ...overrides,
  };
}
