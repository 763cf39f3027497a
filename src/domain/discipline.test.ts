import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeadlines } from './decision.ts';
import {
  decideAppealSanction,
  decideChargeDiscipline,
  decideHearDiscipline,
  decideImposeSanction,
  decideSanctionAppeal,
  evolveDiscipline,
  solitaryOf,
  type DisciplinaryCase,
  type DisciplineEventKind,
} from './discipline.ts';
import type { EventData } from './events.ts';
import type { Person } from './person.ts';
import { isRejection } from './rejection.ts';

const now = '2026-03-20T09:00:00.000Z';
const ctx = (actor: string, role = 'supervisor') => ({ now, newId: () => '00000000-0000-4000-8000-0000000000c1', deadlines: defaultDeadlines, actor, role });
const personId = '00000000-0000-4000-8000-0000000000aa';
const facility = '00000000-0000-4000-8000-0000000000f1';
const held = { id: personId, custody: { status: 'in_custody', facility_id: facility } } as Person;
const stay = { from: '2026-02-01T09:00:00.000Z', to: null };
const none = { solitary: [], segregatedSince: null };

const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};
const fold = (c: DisciplinaryCase | null, decision: unknown): DisciplinaryCase => {
  assert.ok(!isRejection(decision), JSON.stringify(decision));
  return (decision as { kind: DisciplineEventKind; person_id: string; data: EventData[DisciplineEventKind] }[]).reduce<DisciplinaryCase | null>((acc, e) => evolveDiscipline(acc, e), c)!;
};

const charge = { person_id: personId, offence: 'damage_to_property', act: 'broke the window of cell 4', act_at: '2026-03-10T08:00:00+03:00', charged_at: '2026-03-10T12:00:00+03:00' };
const hearing = { person_id: personId, case_id: '00000000-0000-4000-8000-0000000000c1', held_at: '2026-03-12T10:00:00+03:00', detainee_statement: 'the window was cracked already', finding: 'proven' as const, reasons: 'two officers saw it' };
const charged = fold(null, decideChargeDiscipline({ person: held, stay }, charge, ctx('officer.one', 'facility_officer')));
const proven = fold(charged, decideHearDiscipline(charged, hearing, ctx('sup.two')));
const sanction = { person_id: personId, case_id: charged.id, kind: 'loss_of_privileges', days: 7, starts_at: '2026-03-13T00:00:00+03:00' };
const sanctioned = fold(proven, decideImposeSanction({ case: proven, history: none }, sanction, ctx('sup.two')));
const appeal = { person_id: personId, case_id: charged.id, appellant: 'detainee' as const, grounds: 'I was not at the window', lodged_at: '2026-03-14T09:00:00+03:00' };
const appealed = fold(sanctioned, decideAppealSanction(sanctioned, appeal, ctx('officer.one', 'facility_officer')));
const decision = { person_id: personId, case_id: charged.id, outcome: 'quashed' as const, reasons: 'no one saw the act itself', decided_at: '2026-03-18T09:00:00+03:00' };

test('a charge names an act of the facility’s rules, and the rule it breaks; any other act is refused by name', () => {
  assert.deepEqual([charged.status, charged.offence, charged.rule, charged.facility_id, charged.charged_by], ['charged', 'damage_to_property', 'FR-3', facility, 'officer.one']);
  assert.deepEqual(refusal(decideChargeDiscipline({ person: held, stay }, { ...charge, offence: 'disrespect' }, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  assert.deepEqual(refusal(decideChargeDiscipline({ person: held, stay }, { ...charge, offence: 'constructor' }, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  assert.deepEqual(refusal(decideChargeDiscipline({ person: held, stay }, { ...charge, act: ' ' }, ctx('officer.one'))), ['missing_item', '/act']);
  assert.deepEqual(refusal(decideChargeDiscipline({ person: held, stay }, { ...charge, charged_at: '2026-03-10T07:00:00+03:00' }, ctx('officer.one'))), ['invalid_value', '/charged_at']);
  const released = { ...held, custody: { ...held.custody, status: 'released', facility_id: null } } as Person;
  assert.deepEqual(refusal(decideChargeDiscipline({ person: released, stay }, charge, ctx('officer.one'))), ['not_in_custody', '/person_id']);
});

test('no sanction without a hearing where the person was heard', () => {
  assert.deepEqual(refusal(decideImposeSanction({ case: charged, history: none }, sanction, ctx('sup.two'))), ['hearing_required', '/case_id']);
  assert.deepEqual(refusal(decideHearDiscipline(charged, { ...hearing, detainee_statement: '  ' }, ctx('sup.two'))), ['missing_item', '/detainee_statement']);
  assert.deepEqual(proven.hearing, { held_at: hearing.held_at, held_by: 'sup.two', detainee_statement: 'the window was cracked already', interpreter: null, counsel: null, finding: 'proven', reasons: 'two officers saw it' });
  const dismissed = fold(charged, decideHearDiscipline(charged, { ...hearing, finding: 'not_proven' }, ctx('sup.two')));
  assert.equal(dismissed.status, 'dismissed');
  assert.deepEqual(refusal(decideImposeSanction({ case: dismissed, history: none }, sanction, ctx('sup.two'))), ['invalid_transition', '/case_id']);
});

test('a sanction the law prohibits is refused by name at the domain; one permitted is imposed once', () => {
  for (const kind of ['collective_punishment', 'reduction_of_food_or_water', 'restraints', 'prohibition_of_family_contact']) {
    assert.deepEqual(refusal(decideImposeSanction({ case: proven, history: none }, { ...sanction, kind }, ctx('sup.two'))), ['prohibited_sanction', '/kind'], kind);
  }
  assert.deepEqual(refusal(decideImposeSanction({ case: proven, history: none }, { ...sanction, kind: 'solitary_confinement', days: 16 }, ctx('sup.two'))), ['prohibited_sanction', '/days']);
  assert.deepEqual(sanctioned.sanction, { kind: 'loss_of_privileges', days: 7, starts_at: '2026-03-13T00:00:00+03:00', imposed_by: 'sup.two' });
  assert.deepEqual(refusal(decideImposeSanction({ case: sanctioned, history: none }, sanction, ctx('sup.two'))), ['invalid_transition', '/case_id']);
  assert.deepEqual(refusal(decideImposeSanction({ case: proven, history: none }, { ...sanction, starts_at: '2026-03-11T00:00:00+03:00' }, ctx('sup.two'))), ['invalid_value', '/starts_at']);
});

test('the appeal is decided by the independent authority alone; a quashed solitary sanction no longer counts', () => {
  assert.deepEqual(refusal(decideAppealSanction(proven, appeal, ctx('officer.one'))), ['invalid_transition', '/case_id']);
  assert.deepEqual(refusal(decideAppealSanction(sanctioned, { ...appeal, grounds: '' }, ctx('officer.one'))), ['missing_item', '/grounds']);
  assert.equal(appealed.status, 'under_appeal');
  for (const role of ['supervisor', 'facility_officer', 'administrator']) {
    assert.deepEqual(refusal(decideSanctionAppeal(appealed, decision, ctx('sup.two', role))), ['independent_authority_only', '/case_id'], role);
  }
  const quashed = fold(appealed, decideSanctionAppeal(appealed, decision, ctx('oversight.one', 'oversight')));
  assert.deepEqual([quashed.status, quashed.appeal?.decision?.decided_by], ['quashed', 'oversight.one']);
  assert.deepEqual(refusal(decideSanctionAppeal(quashed, decision, ctx('oversight.one', 'oversight'))), ['invalid_transition', '/case_id']);
  const solitary = { ...quashed, sanction: { kind: 'solitary_confinement' as const, days: 10, starts_at: '2026-03-13T00:00:00+03:00', imposed_by: 'sup.two' } };
  assert.deepEqual(solitaryOf([solitary]), []);
  assert.deepEqual(solitaryOf([{ ...solitary, status: 'sanctioned' }]), [{ starts_at: '2026-03-13T00:00:00+03:00', days: 10 }]);
});

test('a charge, hearing or sanction on another person’s case is not found', () => {
  const other = '00000000-0000-4000-8000-0000000000bb';
  assert.deepEqual(refusal(decideHearDiscipline(charged, { ...hearing, person_id: other }, ctx('sup.two'))), ['not_found', '/case_id']);
  assert.deepEqual(refusal(decideImposeSanction({ case: proven, history: none }, { ...sanction, person_id: other }, ctx('sup.two'))), ['not_found', '/case_id']);
});
