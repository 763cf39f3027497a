import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeadlines } from './decision.ts';
import { decideAdoptRules, rulesInForce, type AdoptDisciplinaryRules, type DisciplinaryRules } from './disciplinary-rules.ts';
import {
  decideAppealSanction,
  decideChargeDiscipline,
  decideEndSanction,
  decideHearDiscipline,
  decideImposeSanction,
  decideSanctionAppeal,
  evolveDiscipline,
  solitaryOf,
  type ChargeSubject,
  type DisciplinaryCase,
  type DisciplineEventKind,
} from './discipline.ts';
import type { EventData } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { isRejection } from './rejection.ts';
import type { SegregationSubject } from './segregation.ts';

const now = '2026-03-20T09:00:00.000Z';
const ctx = (actor: string, role = 'supervisor') => ({ now, newId: () => '00000000-0000-4000-8000-0000000000c1', deadlines: defaultDeadlines, actor, role });
const personId = '00000000-0000-4000-8000-0000000000aa';
const facility = '00000000-0000-4000-8000-0000000000f1';
const held = { id: personId, custody: { status: 'in_custody', facility_id: facility } } as Person;
const stay = { from: '2026-02-01T09:00:00.000Z', to: null };
const none = { solitary: [], segregatedSince: null };
const apart: SegregationSubject = { person: held, stay, open: null, lastEnded: null };

const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};
const fold = (c: DisciplinaryCase | null, decision: unknown): DisciplinaryCase => {
  assert.ok(!isRejection(decision), JSON.stringify(decision));
  return (decision as { kind: string; person_id: string; data: EventData[DisciplineEventKind] }[])
    .filter((e) => e.kind.startsWith('discipline.'))
    .reduce<DisciplinaryCase | null>((acc, e) => evolveDiscipline(acc, e as { kind: DisciplineEventKind; person_id: string; data: EventData[DisciplineEventKind] }), c)!;
};
const kinds = (decision: unknown) => {
  assert.ok(!isRejection(decision), JSON.stringify(decision));
  return (decision as { kind: string }[]).map((e) => e.kind);
};

/** The facility's rules as they stood from 1 March, and as amended from 10 March (damage to property no longer an offence of its own; insolence added). */
const firstRules: DisciplinaryRules = {
  id: '00000000-0000-4000-8000-00000000e001', facility_id: facility, effective_from: '2026-03-01', legal_basis: 'Fictional Prisons Regulation 2026, part 4', adopted_by: 'sup.one', adopted_at: '2026-02-20T09:00:00.000Z',
  offences: [
    { code: 'damage_to_property', rule: 'FR-3', title: 'إتلاف الممتلكات', conduct: 'Damaging the facility’s or another person’s property on purpose', sanctions: [{ kind: 'warning', max_days: null }, { kind: 'loss_of_privileges', max_days: 14 }, { kind: 'solitary_confinement', max_days: 10 }], authority: 'The facility director' },
    { code: 'theft', rule: 'FR-8', title: 'السرقة', conduct: 'Taking what belongs to another', sanctions: [{ kind: 'warning', max_days: null }], authority: 'The facility director' },
  ],
};
const amended: DisciplinaryRules = {
  ...firstRules, id: '00000000-0000-4000-8000-00000000e002', effective_from: '2026-03-10', adopted_at: '2026-03-05T09:00:00.000Z',
  offences: [firstRules.offences[1]!, { code: 'insolence', rule: 'FR-9', title: 'الإساءة اللفظية', conduct: 'Insulting an official', sanctions: [{ kind: 'warning', max_days: null }], authority: 'The facility director' }],
};
const subject = (rules: readonly DisciplinaryRules[] = [firstRules, amended]): ChargeSubject => ({ person: held, stay, timeZone: 'Asia/Baghdad', rules });

const charge = { person_id: personId, offence: 'damage_to_property', act: 'broke the window of cell 4', act_at: '2026-03-09T08:00:00+03:00', charged_at: '2026-03-10T12:00:00+03:00' };
const hearing = { person_id: personId, case_id: '00000000-0000-4000-8000-0000000000c1', held_at: '2026-03-12T10:00:00+03:00', detainee_statement: 'the window was cracked already', finding: 'proven' as const, reasons: 'two officers saw it' };
const charged = fold(null, decideChargeDiscipline(subject(), charge, ctx('officer.one', 'facility_officer')));
const proven = fold(charged, decideHearDiscipline(charged, hearing, ctx('sup.two')));
const sanction = { person_id: personId, case_id: charged.id, kind: 'loss_of_privileges', days: 7, starts_at: '2026-03-13T00:00:00+03:00' };
const sanctionSubject = (c: DisciplinaryCase, segregation: SegregationSubject = apart) => ({ case: c, history: none, offence: firstRules.offences[0]!, segregation });
const sanctioned = fold(proven, decideImposeSanction(sanctionSubject(proven), sanction, ctx('sup.two')));
const appeal = { person_id: personId, case_id: charged.id, appellant: 'detainee' as const, grounds: 'I was not at the window', lodged_at: '2026-03-14T09:00:00+03:00' };
const appealed = fold(sanctioned, decideAppealSanction(sanctioned, appeal, ctx('officer.one', 'facility_officer')));
const decision = { person_id: personId, case_id: charged.id, outcome: 'quashed' as const, reasons: 'no one saw the act itself', decided_at: '2026-03-18T09:00:00+03:00' };

test('a charge names an offence of the rules in force at the facility on the local day of the act, and the rule it breaks; any other is refused by name', () => {
  assert.deepEqual([charged.status, charged.offence, charged.title, charged.rules_id, charged.rule, charged.facility_id, charged.charged_by], ['charged', 'damage_to_property', 'إتلاف الممتلكات', firstRules.id, 'FR-3', facility, 'officer.one']);
  assert.deepEqual(refusal(decideChargeDiscipline(subject(), { ...charge, offence: 'disrespect' }, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  assert.deepEqual(refusal(decideChargeDiscipline(subject(), { ...charge, offence: 'constructor' }, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  // 22:30 UTC on 9 March is 01:30 on 10 March in Baghdad: the amended rules apply, which no longer define damage to property.
  const late = { ...charge, act_at: '2026-03-09T22:30:00Z' };
  assert.deepEqual(refusal(decideChargeDiscipline(subject(), late, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  const insolence = fold(null, decideChargeDiscipline(subject(), { ...late, offence: 'insolence' }, ctx('officer.one')));
  assert.deepEqual([insolence.rules_id, insolence.rule], [amended.id, 'FR-9']);
  // Insolence on 9 March, before the amendment took effect, was no offence.
  assert.deepEqual(refusal(decideChargeDiscipline(subject(), { ...charge, offence: 'insolence' }, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  // A facility with no rules in force on the day defines no offence at all.
  assert.deepEqual(refusal(decideChargeDiscipline(subject([amended]), charge, ctx('officer.one'))), ['offence_not_defined', '/offence']);
  assert.deepEqual(refusal(decideChargeDiscipline(subject(), { ...charge, act: ' ' }, ctx('officer.one'))), ['missing_item', '/act']);
  assert.deepEqual(refusal(decideChargeDiscipline(subject(), { ...charge, charged_at: '2026-03-09T07:00:00+03:00' }, ctx('officer.one'))), ['invalid_value', '/charged_at']);
  const released = { ...held, custody: { ...held.custody, status: 'released', facility_id: null } } as Person;
  assert.deepEqual(refusal(decideChargeDiscipline({ ...subject(), person: released }, charge, ctx('officer.one'))), ['not_in_custody', '/person_id']);
});

test('the version in force on a day: the latest date of effect on or before it, of one day the one recorded last', () => {
  const again = { ...amended, id: 'again' };
  assert.equal(rulesInForce([firstRules, amended, again], '2026-02-28'), null);
  assert.equal(rulesInForce([firstRules, amended, again], '2026-03-09')?.id, firstRules.id);
  assert.equal(rulesInForce([firstRules, amended, again], '2026-03-10')?.id, 'again');
  // Recorded later but in force from earlier: the version of 10 March still governs from then on.
  assert.equal(rulesInForce([firstRules, amended, { ...firstRules, id: 'late-recorded' }], '2026-03-12')?.id, amended.id);
});

test('rules are adopted whole: each offence with its conduct, sanctions and competent authority; what the law forbids no rules may permit', () => {
  const place = { id: facility } as Facility;
  const offence = { code: 'theft', rule: 'FR-8', title: 'السرقة', conduct: 'Taking what belongs to another', sanctions: [{ kind: 'warning' }, { kind: 'loss_of_privileges', max_days: 14 }], authority: 'The facility director' };
  const input: AdoptDisciplinaryRules = { facility_id: facility, effective_from: '2026-04-01', legal_basis: 'Fictional Prisons Regulation 2026', offences: [offence] };
  const adopted = decideAdoptRules(place, input, ctx('sup.one'));
  assert.deepEqual(kinds(adopted), ['facility.disciplinary_rules_adopted']);
  assert.deepEqual((adopted as unknown as { data: { offences: unknown } }[])[0]!.data.offences, [{ ...offence, sanctions: [{ kind: 'warning', max_days: null }, { kind: 'loss_of_privileges', max_days: 14 }] }]);
  assert.deepEqual(refusal(decideAdoptRules(null, input, ctx('sup.one'))), ['not_found', '/facility_id']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, effective_from: '2026-02-30' }, ctx('sup.one'))), ['invalid_value', '/effective_from']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, legal_basis: ' ' }, ctx('sup.one'))), ['missing_item', '/legal_basis']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [] }, ctx('sup.one'))), ['missing_item', '/offences']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [offence, offence] }, ctx('sup.one'))), ['duplicate', '/offences/1/code']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, code: 'Theft!' }] }, ctx('sup.one'))), ['invalid_value', '/offences/0/code']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, conduct: '' }] }, ctx('sup.one'))), ['missing_item', '/offences/0/conduct']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, authority: '' }] }, ctx('sup.one'))), ['missing_item', '/offences/0/authority']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, sanctions: [] }] }, ctx('sup.one'))), ['missing_item', '/offences/0/sanctions']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, sanctions: [{ kind: 'corporal_punishment' }] }] }, ctx('sup.one'))), ['prohibited_sanction', '/offences/0/sanctions/0/kind']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, sanctions: [{ kind: 'solitary_confinement', max_days: 16 }] }] }, ctx('sup.one'))), ['prohibited_sanction', '/offences/0/sanctions/0/max_days']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, sanctions: [{ kind: 'solitary_confinement' }] }] }, ctx('sup.one'))), ['prohibited_sanction', '/offences/0/sanctions/0/max_days']);
  assert.deepEqual(refusal(decideAdoptRules(place, { ...input, offences: [{ ...offence, sanctions: [{ kind: 'warning', max_days: 3 }] }] }, ctx('sup.one'))), ['invalid_value', '/offences/0/sanctions/0/max_days']);
});

test('no sanction without a hearing where the person was heard', () => {
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(charged), sanction, ctx('sup.two'))), ['hearing_required', '/case_id']);
  assert.deepEqual(refusal(decideHearDiscipline(charged, { ...hearing, detainee_statement: '  ' }, ctx('sup.two'))), ['missing_item', '/detainee_statement']);
  assert.deepEqual(proven.hearing, { held_at: hearing.held_at, held_by: 'sup.two', detainee_statement: 'the window was cracked already', interpreter: null, counsel: null, finding: 'proven', reasons: 'two officers saw it' });
  const dismissed = fold(charged, decideHearDiscipline(charged, { ...hearing, finding: 'not_proven' }, ctx('sup.two')));
  assert.equal(dismissed.status, 'dismissed');
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(dismissed), sanction, ctx('sup.two'))), ['invalid_transition', '/case_id']);
});

test('a sanction the law prohibits is refused by name at the domain; one permitted is imposed once', () => {
  for (const kind of ['collective_punishment', 'reduction_of_food_or_water', 'restraints', 'prohibition_of_family_contact']) {
    assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...sanction, kind }, ctx('sup.two'))), ['prohibited_sanction', '/kind'], kind);
  }
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...sanction, kind: 'solitary_confinement', days: 16 }, ctx('sup.two'))), ['prohibited_sanction', '/days']);
  assert.deepEqual(sanctioned.sanction, { kind: 'loss_of_privileges', days: 7, starts_at: '2026-03-13T00:00:00+03:00', imposed_by: 'sup.two', ended_at: null });
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(sanctioned), sanction, ctx('sup.two'))), ['invalid_transition', '/case_id']);
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...sanction, starts_at: '2026-03-11T00:00:00+03:00' }, ctx('sup.two'))), ['invalid_value', '/starts_at']);
});

test('a sanction is one the rules it was charged under permit for the offence, and for no longer', () => {
  const theft = { ...proven, offence: 'theft' };
  assert.deepEqual(refusal(decideImposeSanction({ ...sanctionSubject(theft), offence: firstRules.offences[1]! }, sanction, ctx('sup.two'))), ['invalid_value', '/kind']);
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...sanction, days: 15 }, ctx('sup.two'))), ['invalid_value', '/days']);
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...sanction, kind: 'solitary_confinement', days: 11, starts_at: '2026-03-19T00:00:00+03:00' }, ctx('sup.two'))), ['invalid_value', '/days']);
});

test('solitary confinement is segregation: it opens a period with its clock, or continues the open one; its end, or its quashing, ends the period', () => {
  const solitary = { ...sanction, kind: 'solitary_confinement', days: 5, starts_at: '2026-03-19T08:00:00+03:00' };
  const opened = decideImposeSanction(sanctionSubject(proven), solitary, ctx('sup.two'));
  assert.deepEqual(kinds(opened), ['discipline.sanctioned', 'person.segregation_started']);
  const started = (opened as unknown as { occurred_at: string; data: { at: string; facility_id: string; authorised_by: string } }[])[1]!;
  assert.deepEqual([started.occurred_at, started.data.at, started.data.facility_id, started.data.authorised_by], ['2026-03-19T08:00:00+03:00', '2026-03-19T08:00:00+03:00', facility, 'sup.two']);
  // Already segregated: the sanction continues that period (and its clock), counted in the consecutive days.
  const segregated = { ...apart, open: { at: '2026-03-18T08:00:00+03:00', facility_id: facility } };
  assert.deepEqual(kinds(decideImposeSanction({ ...sanctionSubject(proven, segregated), history: { solitary: [], segregatedSince: '2026-03-18T08:00:00+03:00' } }, solitary, ctx('sup.two'))), ['discipline.sanctioned']);
  // Recorded when the person is placed apart, never ahead.
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...solitary, starts_at: '2026-03-21T08:00:00+03:00' }, ctx('sup.two'))), ['invalid_value', '/starts_at']);

  const served = fold(proven, opened);
  const openNow = { ...apart, open: { at: '2026-03-19T08:00:00+03:00', facility_id: facility } };
  const end = { person_id: personId, case_id: served.id, ended_at: '2026-03-20T08:00:00+03:00', reason: 'ended early by the director' };
  const ended = decideEndSanction({ case: served, segregation: openNow }, end, ctx('officer.one', 'facility_officer'));
  assert.deepEqual(kinds(ended), ['discipline.sanction_ended', 'person.segregation_ended']);
  assert.equal((ended as unknown as { data: { at?: string } }[])[1]!.data.at, '2026-03-20T08:00:00+03:00');
  const after = fold(served, ended);
  assert.equal(after.sanction?.ended_at, '2026-03-20T08:00:00+03:00');
  assert.deepEqual(refusal(decideEndSanction({ case: after, segregation: apart }, end, ctx('officer.one'))), ['invalid_transition', '/case_id']);
  assert.deepEqual(refusal(decideEndSanction({ case: served, segregation: openNow }, { ...end, ended_at: '2026-03-19T07:00:00+03:00' }, ctx('officer.one'))), ['invalid_value', '/ended_at']);
  assert.deepEqual(refusal(decideEndSanction({ case: served, segregation: openNow }, { ...end, reason: '' }, ctx('officer.one'))), ['missing_item', '/reason']);
  const warned = fold(proven, decideImposeSanction(sanctionSubject(proven), { ...sanction, kind: 'warning', days: null }, ctx('sup.two')));
  assert.deepEqual(refusal(decideEndSanction({ case: warned, segregation: apart }, end, ctx('officer.one'))), ['invalid_transition', '/case_id']);
  // Quashed on appeal while the person is still apart: the period ends at the decision.
  const underAppeal = fold(served, decideAppealSanction(served, { ...appeal, lodged_at: '2026-03-19T09:00:00+03:00' }, ctx('officer.one')));
  const quashed = decideSanctionAppeal({ case: underAppeal, segregation: openNow }, { ...decision, decided_at: '2026-03-19T12:00:00+03:00' }, ctx('oversight.one', 'oversight'));
  assert.deepEqual(kinds(quashed), ['discipline.appeal_decided', 'person.segregation_ended']);
  assert.deepEqual(kinds(decideSanctionAppeal({ case: underAppeal, segregation: openNow }, { ...decision, outcome: 'confirmed', decided_at: '2026-03-19T12:00:00+03:00' }, ctx('oversight.one', 'oversight'))), ['discipline.appeal_decided']);
});

test('the appeal is decided by the independent authority alone; a quashed solitary sanction no longer counts', () => {
  assert.deepEqual(refusal(decideAppealSanction(proven, appeal, ctx('officer.one'))), ['invalid_transition', '/case_id']);
  assert.deepEqual(refusal(decideAppealSanction(sanctioned, { ...appeal, grounds: '' }, ctx('officer.one'))), ['missing_item', '/grounds']);
  assert.equal(appealed.status, 'under_appeal');
  for (const role of ['supervisor', 'facility_officer', 'administrator']) {
    assert.deepEqual(refusal(decideSanctionAppeal({ case: appealed, segregation: apart }, decision, ctx('sup.two', role))), ['independent_authority_only', '/case_id'], role);
  }
  const quashed = fold(appealed, decideSanctionAppeal({ case: appealed, segregation: apart }, decision, ctx('oversight.one', 'oversight')));
  assert.deepEqual([quashed.status, quashed.appeal?.decision?.decided_by], ['quashed', 'oversight.one']);
  assert.deepEqual(refusal(decideSanctionAppeal({ case: quashed, segregation: apart }, decision, ctx('oversight.one', 'oversight'))), ['invalid_transition', '/case_id']);
  const solitary = { ...quashed, sanction: { kind: 'solitary_confinement' as const, days: 10, starts_at: '2026-03-13T00:00:00+03:00', imposed_by: 'sup.two', ended_at: null } };
  assert.deepEqual(solitaryOf([solitary]), []);
  assert.deepEqual(solitaryOf([{ ...solitary, status: 'sanctioned' }]), [{ starts_at: '2026-03-13T00:00:00+03:00', days: 10 }]);
});

test('a charge, hearing or sanction on another person’s case is not found', () => {
  const other = '00000000-0000-4000-8000-0000000000bb';
  assert.deepEqual(refusal(decideHearDiscipline(charged, { ...hearing, person_id: other }, ctx('sup.two'))), ['not_found', '/case_id']);
  assert.deepEqual(refusal(decideImposeSanction(sanctionSubject(proven), { ...sanction, person_id: other }, ctx('sup.two'))), ['not_found', '/case_id']);
});
