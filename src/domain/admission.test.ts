import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAdmission, type AdmitPerson } from './admission.ts';
import { defaultDeadlines, type DecisionContext } from './decision.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { isRejection } from './rejection.ts';
import type { NewEvent } from './events.ts';
import { checkTransition, custodyTransitions } from './custody.ts';

let n = 0;
const ctx: DecisionContext = { now: '2026-02-01T12:00:00.000Z', newId: () => `id-${++n}`, deadlines: defaultDeadlines };

const person = (over: Partial<Person['details']> = {}): Person => ({
  id: 'p1',
  register_number: '0000-0001-1',
  details: { sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 }, nationalities: ['IQ'], languages: ['ar'], documents: [], biometric_refs: [], ...over },
  names: [],
  custody: { status: 'registered', facility_id: null, unit_id: null, legal_status: null, category: null },
  frozen: false,
  merged_into: null,
  version: 1,
});

const facility: Facility = {
  id: 'f1', name: 'Fictional prison', kind: 'prison', authority: 'MoJ', country: 'IQ', timezone: 'Asia/Baghdad',
  capacity: { men_untried: 2, boys_untried: 5 },
  units: [{ id: 'u-men', name: 'A', category: 'men_untried' }, { id: 'u-boys', name: 'J', category: 'boys_untried' }, { id: 'u-women', name: 'W', category: 'women_untried' }],
  occupancy: { men_untried: 1 },
  version: 1,
};

const known = {
  first_deprivation: { at: '2025-12-01T10:00:00+03:00', place: 'checkpoint', authority: 'border guard' },
  ordering_authority: { authority: 'court', law: 'CPC', article: '109' },
  supervising_authority: { authority: 'prosecution' },
  injuries: { visible_injuries: null, ill_treatment_complaint: null },
  property: { items: [], signed_by_detainee: true, witnessed_by: 'officer' },
  family: { members: [] },
  emergency_contact: { name: 'brother', relation: 'brother', contact: '+964' },
  health_record: { reference: 'HR-1' },
  officials: { arresting: ['a'], admitting: 'b' },
};

const admission = (over: Partial<AdmitPerson> = {}): AdmitPerson => ({
  admission_id: 'a1', person_id: 'p1', facility_id: 'f1', unit_id: 'u-men', legal_status: 'untried', admitted_at: '2026-02-01T10:00:00+03:00',
  basis: { kind: 'commitment_order', reference: 'CO-1', issuing_authority: 'court', issued_on: '2026-01-31' },
  items: known, ...over,
});

const code = (d: unknown) => (isRejection(d) ? `${d.code} ${d.field}` : 'accepted');

test('nobody is admitted without an order or handover document naming the authority', () => {
  assert.equal(code(decideAdmission(person(), facility, admission({ basis: { kind: 'commitment_order', reference: 'CO-1', issuing_authority: ' ', issued_on: '2026-01-31' } }), ctx, false)), 'missing_item /basis/issuing_authority');
  assert.equal(code(decideAdmission(person(), facility, admission({ basis: { kind: 'verbal' as never, reference: 'x', issuing_authority: 'y', issued_on: '2026-01-31' } }), ctx, false)), 'missing_item /basis/kind');
});

test('every STANDARDS A item is required: a silent blank is refused, naming the item', () => {
  for (const item of Object.keys(known)) {
    const items = { ...known, [item]: undefined } as never;
    assert.equal(code(decideAdmission(person(), facility, admission({ items }), ctx, false)), `missing_item /items/${item}`);
  }
});

test('an unknown item needs a reason, and then opens a follow-up task', () => {
  assert.equal(code(decideAdmission(person(), facility, admission({ items: { ...known, family: { unknown_reason: '' } } }), ctx, false)), 'missing_item /items/family/unknown_reason');
  const events = decideAdmission(person(), facility, admission({ items: { ...known, family: { unknown_reason: 'declined to answer' } } }), ctx, false) as NewEvent[];
  const tasks = (events[0] as NewEvent<'person.admitted'>).data.tasks;
  assert.ok(tasks.some((t) => t.task === 'complete_admission_item' && t.reason === 'family: declined to answer'));
});

test('injuries at admission open a referral; a foreign national a consular notification', () => {
  const events = decideAdmission(person({ nationalities: ['FR'] }), facility, admission({ items: { ...known, injuries: { visible_injuries: 'bruised wrist', ill_treatment_complaint: null } } }), ctx, false) as NewEvent[];
  const kinds = (events[0] as NewEvent<'person.admitted'>).data.tasks.map((t) => t.task).sort();
  assert.deepEqual(kinds, ['ill_treatment_referral', 'medical_examination', 'notify_consular_post', 'notify_family']);
});

test('placement that breaks the separation of categories is refused (MR11)', () => {
  assert.equal(code(decideAdmission(person(), facility, admission({ unit_id: 'u-women' }), ctx, false)), 'separation_violation /unit_id');
  // Born in 2010: a minor on the day of admission, refused in an adult unit.
  assert.equal(code(decideAdmission(person({ dob: { kind: 'year', year: 2010 } }), facility, admission(), ctx, false)), 'separation_violation /unit_id');
  assert.equal(code(decideAdmission(person({ dob: { kind: 'year', year: 2010 } }), facility, admission({ unit_id: 'u-boys' }), ctx, false)), 'accepted');
  // A range that may still make him 17 protects him as a minor.
  assert.equal(code(decideAdmission(person({ dob: { kind: 'range', from: '2000-01-01', to: '2009-01-01' } }), facility, admission(), ctx, false)), 'separation_violation /unit_id');
});

test('capacity is respected unless a supervisor overrides it with a reason', () => {
  const full = { ...facility, occupancy: { men_untried: 2 } };
  assert.equal(code(decideAdmission(person(), full, admission(), ctx, false)), 'capacity_exceeded /unit_id');
  assert.equal(code(decideAdmission(person(), full, admission({ capacity_override: { reason: 'overnight stop' } }), ctx, false)), 'forbidden /capacity_override');
  assert.equal(code(decideAdmission(person(), full, admission({ capacity_override: { reason: 'overnight stop' } }), ctx, true)), 'accepted');
});

test('the first deprivation of liberty cannot come after the admission', () => {
  const items = { ...known, first_deprivation: { ...known.first_deprivation, at: '2026-02-02T10:00:00+03:00' } };
  assert.equal(code(decideAdmission(person(), facility, admission({ items }), ctx, false)), 'invalid_value /items/first_deprivation/at');
});

test('final custody states allow no move; every listed move is allowed', () => {
  for (const [from, next] of Object.entries(custodyTransitions)) {
    for (const to of next) assert.equal(checkTransition(from as never, to), null);
  }
  assert.equal(checkTransition('deceased', 'in_custody')?.code, 'invalid_transition');
  assert.equal(checkTransition('handed_over', 'released')?.code, 'invalid_transition');
  assert.equal(checkTransition('registered', 'released')?.code, 'invalid_transition');
});
