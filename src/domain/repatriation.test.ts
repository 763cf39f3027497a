import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultDeadlines } from './decision.ts';
import type { NewEvent } from './events.ts';
import type { Person } from './person.ts';
import { isRejection, type Rejection } from './rejection.ts';
import type { RepatriationAssessment } from './repatriation-assessment.ts';
import {
  courtBlockers,
  decideOpenRepatriation,
  decideRepatriation,
  evolveRepatriation,
  repatriationStatuses,
  repatriationTransitions,
  type Assurance,
  type CourtCaseOnRecord,
  type RepatriationCase,
  type RepatriationCommand,
  type RepatriationEvent,
  type RepatriationStatus,
  type RepatriationSubject,
} from './repatriation.ts';
import { decideRecordStateProfile, type StateProfile } from './state-profile.ts';

let n = 0;
const now = '2026-03-10T09:00:00.000Z';
const ctx = (actor = 'officer.a', role = 'facility_officer') => ({ now, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, deadlines: defaultDeadlines, actor, role });

const person = (over: Partial<Person> = {}, nationalities = ['FR']): Person => ({
  id: 'p1',
  register_number: '0000-0001-1',
  details: { sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 }, nationalities, languages: ['fr'], documents: [], biometric_refs: [] },
  names: [],
  custody: { status: 'in_custody', facility_id: 'f1', unit_id: 'u1', legal_status: 'untried', category: 'men_untried' },
  frozen: false,
  merged_into: null,
  version: 3,
  ...over,
});

const france: StateProfile = { state: 'FR', consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [] };
const deathPenaltyState: StateProfile = { ...france, applies_death_penalty: true };

function assertRefused(decision: readonly NewEvent[] | Rejection, code: string, field?: string): void {
  assert.ok(isRejection(decision), `expected a refusal ${code}, got ${JSON.stringify(decision)}`);
  assert.equal(decision.code, code, decision.message);
  if (field !== undefined) assert.equal(decision.field, field, decision.message);
}

function events(decision: readonly NewEvent[] | Rejection): readonly NewEvent[] {
  assert.ok(!isRejection(decision), `refused: ${JSON.stringify(decision)}`);
  return decision;
}

const assessment = (over: Partial<Record<'torture' | 'death_penalty' | 'persecution' | 'unfair_trial', 'real_risk' | 'no_real_risk'>> = {}): RepatriationAssessment => ({
  risks: {
    torture: { finding: over.torture ?? 'no_real_risk', reasoning: 'country reports, the person’s profile' },
    death_penalty: { finding: over.death_penalty ?? 'no_real_risk', reasoning: 'abolished in law' },
    persecution: { finding: over.persecution ?? 'no_real_risk', reasoning: 'no group at risk' },
    unfair_trial: { finding: over.unfair_trial ?? 'no_real_risk', reasoning: 'independent courts' },
  },
  heard: { at: '2026-03-05T10:00:00+03:00', summary: 'wishes to see his family', counsel: { name: 'Counsel L. Fictional' }, interpreter: { name: 'Interpreter I. Fictional', language: 'fr' } },
  wishes: { wish: 'wishes_to_return', statement: 'I want to go home' },
});

const deathPenaltyAssurance: Assurance = { against: 'death_penalty', text: 'the death penalty will not be sought nor carried out', given_by: 'Ministry of Justice', given_at: '2026-03-06T10:00:00+03:00', reference: 'NV-2026-17' };

const steps = {
  request: { kind: 'send_request', sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-2026-01' },
  accepted: { kind: 'record_answer', answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-FR-9' },
  nationality: { kind: 'confirm_nationality', state: 'FR', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'NV-FR-10' },
  assess: { kind: 'assess_safeguards', assessment: assessment() },
  review: { kind: 'review', outcome: 'concurs', notes: 'sources sufficient, person heard with counsel' },
  approve: { kind: 'decide', outcome: 'approved', assurances: [] },
  close: { kind: 'close', reason: 'travel arranged through the transfer' },
} as const satisfies Record<string, RepatriationCommand>;

/** Who takes each step by default: officers manage and assess, another officer reviews, a supervisor decides. */
const actorOf = (command: RepatriationCommand) =>
  command.kind === 'assess_safeguards' ? ctx('officer.a') : command.kind === 'review' ? ctx('officer.b') : command.kind === 'decide' ? ctx('supervisor.c', 'supervisor') : ctx('officer.m');

function opened(state: StateProfile | null = france): RepatriationCase {
  const [e] = events(decideOpenRepatriation({ person: person(), profile: state, openCaseId: null }, { person_id: 'p1', state: 'FR', reason: 'French national held since the transfer' }, ctx()));
  return evolveRepatriation(null, e as RepatriationEvent);
}

const subjectOf = (c: RepatriationCase, over: Partial<RepatriationSubject> = {}): RepatriationSubject => ({ case: c, person: person(), profile: france, courtCases: [], ...over });

/** Take steps one after another, each by its default official unless given; returns the case after them. */
function walk(c: RepatriationCase, commands: readonly (RepatriationCommand | [RepatriationCommand, ReturnType<typeof ctx>])[], over: Partial<RepatriationSubject> = {}): RepatriationCase {
  for (const item of commands) {
    const [command, context] = Array.isArray(item) ? item : [item, actorOf(item)];
    for (const e of events(decideRepatriation(subjectOf(c, over), command, context))) c = evolveRepatriation(c, e as RepatriationEvent);
  }
  return c;
}

const toReviewed = [steps.request, steps.accepted, steps.nationality, steps.assess, steps.review];

test('the transitions name only states of a case, a closed case goes nowhere, and every state is reachable from identified', () => {
  for (const [from, tos] of Object.entries(repatriationTransitions)) for (const to of tos) assert.ok(repatriationStatuses.includes(to), `${from} → ${to}`);
  assert.deepEqual(repatriationTransitions.closed, []);
  assert.deepEqual(repatriationTransitions.refused, ['closed']);
  assert.deepEqual(repatriationTransitions.person_refused, ['closed']);
  const seen = new Set<RepatriationStatus>(['identified']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const from of [...seen]) for (const to of repatriationTransitions[from]) if (!seen.has(to)) (seen.add(to), (grew = true));
  }
  assert.deepEqual([...seen].sort(), [...repatriationStatuses].sort());
});

test('a state’s profile: a foreign state’s ISO code, a known policy, contacts in full', () => {
  const profile = { state: 'TN', consular_notification: 'mandatory', applies_death_penalty: true, liaison_contacts: [{ name: 'Officer T. Fictional', post: 'Embassy in Baghdad', contact: '+964 700 000 0002' }] } as const;
  const [e] = events(decideRecordStateProfile(profile, ctx()));
  assert.equal(e!.kind, 'state.profile_recorded');
  assert.deepEqual(e!.data, profile);
  assertRefused(decideRecordStateProfile({ ...profile, state: 'XX' }, ctx()), 'invalid_value', '/state');
  assertRefused(decideRecordStateProfile({ ...profile, state: 'fr' }, ctx()), 'invalid_value', '/state');
  assertRefused(decideRecordStateProfile({ ...profile, state: 'IQ' }, ctx()), 'invalid_value', '/state');
  assertRefused(decideRecordStateProfile({ ...profile, consular_notification: 'sometimes' as 'mandatory' }, ctx()), 'invalid_value', '/consular_notification');
  assertRefused(decideRecordStateProfile({ ...profile, liaison_contacts: [{ name: 'X', post: ' ', contact: 'y' }] }, ctx()), 'missing_item', '/liaison_contacts/0/post');
});

test('a case is opened for a registered national of a state whose profile is recorded, one open case at a time', () => {
  const input = { person_id: 'p1', state: 'FR', reason: 'French national' };
  const subject = { person: person(), profile: france, openCaseId: null };
  const [e] = events(decideOpenRepatriation(subject, input, ctx()));
  assert.equal(e!.kind, 'repatriation.opened');
  assert.equal(e!.person_id, 'p1');
  assert.equal((e!.data as { state: string }).state, 'FR');
  assertRefused(decideOpenRepatriation({ ...subject, person: null }, input, ctx()), 'not_found', '/person_id');
  assertRefused(decideOpenRepatriation({ ...subject, person: person({ merged_into: 'p9' }) }, input, ctx()), 'invalid_value', '/person_id');
  assertRefused(decideOpenRepatriation({ ...subject, person: person({ frozen: true }) }, input, ctx()), 'record_frozen', '/person_id');
  assertRefused(decideOpenRepatriation(subject, { ...input, state: 'ZZ' }, ctx()), 'invalid_value', '/state');
  assertRefused(decideOpenRepatriation({ ...subject, person: person({}, ['IQ']) }, { ...input, state: 'IQ' }, ctx()), 'invalid_value', '/state');
  assertRefused(decideOpenRepatriation({ ...subject, person: person({}, ['TN']) }, input, ctx()), 'invalid_value', '/state');
  assertRefused(decideOpenRepatriation({ ...subject, profile: null }, input, ctx()), 'not_found', '/state');
  assertRefused(decideOpenRepatriation({ ...subject, openCaseId: 'r0' }, input, ctx()), 'duplicate', '/person_id');
  assertRefused(decideOpenRepatriation(subject, { ...input, reason: ' ' }, ctx()), 'missing_item', '/reason');
});

test('from identified to approved and closed, each step moving the case as drawn', () => {
  let c = opened();
  assert.equal(c.status, 'identified');
  const expected: RepatriationStatus[] = ['request_sent', 'accepted', 'nationality_confirmed', 'safeguards_assessed', 'reviewed', 'approved', 'closed'];
  for (const [i, command] of [...toReviewed, steps.approve, steps.close].entries()) {
    c = walk(c, [command]);
    assert.equal(c.status, expected[i], command.kind);
  }
  assert.equal(c.assessment?.assessed_by, 'officer.a');
  assert.equal(c.review?.reviewed_by, 'officer.b');
  assert.equal(c.decision?.decided_by, 'supervisor.c');
  assert.equal(c.requests_sent, 1);
  assertRefused(decideRepatriation(subjectOf(c), steps.close, ctx()), 'invalid_transition', '/case_id');
  assertRefused(decideRepatriation(subjectOf(c), steps.request, ctx()), 'invalid_transition', '/case_id');
});

test('the state’s answers: verification and declines send the request again, no answer may be answered late', () => {
  const sent = walk(opened(), [steps.request]);
  for (const answer of ['declined', 'verification_requested', 'no_answer'] as const) {
    const c = walk(sent, [{ ...steps.accepted, answer }]);
    assert.equal(c.status, answer);
    const again = walk(c, [{ ...steps.request, sent_at: '2026-03-04T10:00:00+03:00', reference: 'NV-2026-02' }]);
    assert.equal(again.status, 'request_sent');
    assert.equal(again.requests_sent, 2);
  }
  assert.equal(walk(sent, [{ ...steps.accepted, answer: 'no_answer', reference: null }, steps.accepted]).status, 'accepted');
  // Only a request is answered; an answer before its request, or without the state's reference, is refused.
  assertRefused(decideRepatriation(subjectOf(opened()), steps.accepted, ctx()), 'invalid_transition', '/case_id');
  assertRefused(decideRepatriation(subjectOf(sent), { ...steps.accepted, answered_at: '2026-03-01T10:00:00+03:00' }, ctx()), 'invalid_value', '/answered_at');
  assertRefused(decideRepatriation(subjectOf(sent), { ...steps.accepted, reference: '' }, ctx()), 'missing_item', '/reference');
  assertRefused(decideRepatriation(subjectOf(sent), { ...steps.accepted, answer: 'maybe' as 'accepted' }, ctx()), 'invalid_value', '/answer');
  assertRefused(decideRepatriation(subjectOf(opened()), { ...steps.request, channel: 'pigeon' as 'embassy' }, ctx()), 'invalid_value', '/channel');
  assertRefused(decideRepatriation(subjectOf(opened()), { ...steps.request, sent_at: '2026-04-01T10:00:00+03:00' }, ctx()), 'invalid_value', '/sent_at');
  assertRefused(decideRepatriation(subjectOf(opened()), { ...steps.request, reference: ' ' }, ctx()), 'missing_item', '/reference');
});

test('the nationality is confirmed after acceptance, by the case’s state, for a person of that nationality', () => {
  const accepted = walk(opened(), [steps.request, steps.accepted]);
  assertRefused(decideRepatriation(subjectOf(walk(opened(), [steps.request])), steps.nationality, ctx()), 'invalid_transition', '/case_id');
  assertRefused(decideRepatriation(subjectOf(accepted), { ...steps.nationality, state: 'TN' }, ctx()), 'invalid_value', '/state');
  assertRefused(decideRepatriation(subjectOf(accepted, { person: person({}, ['TN']) }), steps.nationality, ctx()), 'invalid_value', '/state');
  assertRefused(decideRepatriation(subjectOf(accepted), { ...steps.nationality, evidence: 'rumour' as 'interview' }, ctx()), 'invalid_value', '/evidence');
  assert.equal(walk(accepted, [steps.nationality]).nationality?.evidence, 'state_confirmation');
});

test('an assessment covers the four risks with reasoning, the hearing with counsel and interpreter (or why not), and the person’s wishes', () => {
  const confirmed = walk(opened(), [steps.request, steps.accepted, steps.nationality]);
  const refuse = (a: unknown, code: string, field: string) => assertRefused(decideRepatriation(subjectOf(confirmed), { kind: 'assess_safeguards', assessment: a as RepatriationAssessment }, ctx()), code, field);
  const a = assessment();
  const { unfair_trial: _u, ...threeRisks } = a.risks;
  refuse({ ...a, risks: threeRisks }, 'invalid_value', '/assessment/risks/unfair_trial/finding');
  refuse({ ...a, risks: { ...a.risks, torture: { finding: 'no_real_risk', reasoning: '' } } }, 'missing_item', '/assessment/risks/torture/reasoning');
  refuse({ ...a, heard: { ...a.heard, at: '2026-05-01T10:00:00+03:00' } }, 'invalid_value', '/assessment/heard/at');
  refuse({ ...a, heard: { ...a.heard, summary: '' } }, 'missing_item', '/assessment/heard/summary');
  refuse({ ...a, heard: { ...a.heard, counsel: { absent_reason: ' ' } } }, 'missing_item', '/assessment/heard/counsel');
  refuse({ ...a, heard: { ...a.heard, interpreter: { not_needed_reason: '' } } }, 'missing_item', '/assessment/heard/interpreter');
  refuse({ ...a, heard: { ...a.heard, interpreter: { name: 'I', language: '' } } }, 'missing_item', '/assessment/heard/interpreter/language');
  refuse({ ...a, wishes: { wish: 'wishes_to_return', statement: '' } }, 'missing_item', '/assessment/wishes/statement');
  // Heard without counsel, with the reason; no interpreter needed, with the reason: recorded.
  const without = { ...a, heard: { ...a.heard, counsel: { absent_reason: 'declined counsel' }, interpreter: { not_needed_reason: 'speaks Arabic' } } };
  assert.equal(walk(confirmed, [{ kind: 'assess_safeguards', assessment: without }]).status, 'safeguards_assessed');
  assertRefused(decideRepatriation(subjectOf(walk(opened(), [steps.request, steps.accepted])), steps.assess, ctx()), 'invalid_transition', '/case_id');
});

test('the review is a second official’s: the assessor cannot review; a review that does not concur returns the case for a new assessment', () => {
  const assessed = walk(opened(), [steps.request, steps.accepted, steps.nationality, steps.assess]);
  assertRefused(decideRepatriation(subjectOf(assessed), steps.review, ctx('officer.a')), 'same_official', '/outcome');
  assertRefused(decideRepatriation(subjectOf(assessed), { ...steps.review, notes: '' }, ctx('officer.b')), 'missing_item', '/notes');
  const returned = walk(assessed, [[{ kind: 'review', outcome: 'returned', notes: 'the person was heard without an interpreter' }, ctx('officer.b')]]);
  assert.equal(returned.status, 'nationality_confirmed');
  assert.equal(returned.assessment, null);
  assertRefused(decideRepatriation(subjectOf(returned), steps.approve, ctx('supervisor.c', 'supervisor')), 'safeguards_required', '/outcome');
  assertRefused(decideRepatriation(subjectOf(walk(opened(), [steps.request, steps.accepted, steps.nationality])), steps.review, ctx('officer.b')), 'safeguards_required', '/outcome');
});

test('approval is refused by name: no assessment, no review, by the assessor, an open Iraqi case without the court’s permission, a real risk, a death penalty without assurance', () => {
  const supervisor = ctx('supervisor.c', 'supervisor');
  const approve = (c: RepatriationCase, over: Partial<RepatriationSubject> = {}, command: RepatriationCommand = steps.approve, context = supervisor) => decideRepatriation(subjectOf(c, over), command, context);
  assertRefused(approve(opened()), 'safeguards_required', '/outcome');
  assertRefused(approve(walk(opened(), [steps.request, steps.accepted, steps.nationality])), 'safeguards_required', '/outcome');
  assertRefused(approve(walk(opened(), [steps.request, steps.accepted, steps.nationality, steps.assess])), 'review_required', '/outcome');
  const reviewed = walk(opened(), toReviewed);
  assertRefused(approve(reviewed, {}, steps.approve, ctx('officer.a', 'supervisor')), 'same_official', '/outcome');

  const investigation: CourtCaseOnRecord = { id: 'k1', reference: 'INV/1', court: 'First Karkh Investigative Court', stage: 'investigation' };
  assertRefused(approve(reviewed, { courtCases: [investigation] }), 'court_blocker', '/outcome');
  assertRefused(approve(reviewed, { courtCases: [{ ...investigation, stage: 'final' }, { ...investigation, id: 'k2', stage: 'trial' }] }), 'court_blocker', '/outcome');
  // A case that is final blocks nothing; the court's permission, from a judge's account, lifts the block.
  assert.equal(walk(reviewed, [steps.approve], { courtCases: [{ ...investigation, stage: 'final' }] }).status, 'approved');
  const permission = { kind: 'record_court_permission', court_case_id: 'k1', reference: 'TP/1', judge: 'Judge F. Fictional', issued_at: '2026-03-08T10:00:00+03:00' } as const;
  assertRefused(decideRepatriation(subjectOf(reviewed, { courtCases: [investigation] }), permission, ctx('officer.m')), 'forbidden');
  const permitted = walk(reviewed, [[permission, ctx('judge.one', 'judge')]], { courtCases: [investigation] });
  assert.deepEqual(courtBlockers({ case: permitted, courtCases: [investigation] }), []);
  assert.equal(walk(permitted, [steps.approve], { courtCases: [investigation] }).status, 'approved');

  for (const risk of ['torture', 'persecution', 'unfair_trial'] as const) {
    const risky = walk(opened(), [steps.request, steps.accepted, steps.nationality, { kind: 'assess_safeguards', assessment: assessment({ [risk]: 'real_risk' }) }, steps.review]);
    assertRefused(approve(risky), 'refoulement_risk', '/outcome');
  }

  assertRefused(approve(reviewed, { profile: deathPenaltyState }), 'assurance_required', '/assurances');
  assertRefused(approve(reviewed, { profile: null }), 'assurance_required', '/assurances');
  assertRefused(approve(reviewed, { profile: deathPenaltyState }, { ...steps.approve, assurances: [{ ...deathPenaltyAssurance, against: 'torture' }] }), 'assurance_required', '/assurances');
  const deathRisk = walk(opened(), [steps.request, steps.accepted, steps.nationality, { kind: 'assess_safeguards', assessment: assessment({ death_penalty: 'real_risk' }) }, steps.review]);
  assertRefused(approve(deathRisk), 'assurance_required', '/assurances');
  assertRefused(approve(reviewed, { profile: deathPenaltyState }, { ...steps.approve, assurances: [{ ...deathPenaltyAssurance, reference: '' }] }), 'missing_item', '/assurances/0/reference');
  const approved = walk(reviewed, [{ ...steps.approve, assurances: [deathPenaltyAssurance] }], { profile: deathPenaltyState });
  assert.equal(approved.status, 'approved');
  assert.deepEqual(approved.decision?.assurances, [deathPenaltyAssurance]);
});

test('a refusal and a suspension give their reasons; a suspended case may be decided again, a refused one only closed', () => {
  const reviewed = walk(opened(), toReviewed);
  const supervisor = ctx('supervisor.c', 'supervisor');
  assertRefused(decideRepatriation(subjectOf(reviewed), { kind: 'decide', outcome: 'refused' }, supervisor), 'missing_item', '/reasons');
  assertRefused(decideRepatriation(subjectOf(reviewed), { kind: 'decide', outcome: 'suspended', reasons: ' ' }, supervisor), 'missing_item', '/reasons');
  const refused = walk(reviewed, [{ kind: 'decide', outcome: 'refused', reasons: 'the state cannot guarantee consular access' }]);
  assert.equal(refused.status, 'refused');
  assertRefused(decideRepatriation(subjectOf(refused), steps.approve, supervisor), 'invalid_transition', '/outcome');
  assertRefused(decideRepatriation(subjectOf(refused), { kind: 'record_return_refusal', refused_at: '2026-03-09T10:00:00+03:00', statement: 'no' }, ctx()), 'invalid_transition');
  const suspended = walk(reviewed, [{ kind: 'decide', outcome: 'suspended', reasons: 'until the state answers on detention conditions' }]);
  assertRefused(decideRepatriation(subjectOf(suspended), { kind: 'decide', outcome: 'suspended', reasons: 'again' }, supervisor), 'invalid_transition', '/outcome');
  assert.equal(walk(suspended, [steps.approve]).status, 'approved');
  assertRefused(decideRepatriation(subjectOf(walk(reviewed, [steps.approve])), steps.approve, supervisor), 'invalid_transition', '/outcome');
});

test('the person may refuse return and the state may withdraw its acceptance; what stood on the acceptance falls with it', () => {
  const approved = walk(opened(), [...toReviewed, steps.approve]);
  const refusal = { kind: 'record_return_refusal', refused_at: '2026-03-09T10:00:00+03:00', statement: 'I will not go back' } as const;
  const refusedByPerson = walk(approved, [refusal]);
  assert.equal(refusedByPerson.status, 'person_refused');
  assert.equal(refusedByPerson.person_refusal?.statement, 'I will not go back');
  assertRefused(decideRepatriation(subjectOf(refusedByPerson), refusal, ctx()), 'invalid_transition');
  assertRefused(decideRepatriation(subjectOf(refusedByPerson), steps.approve, ctx('supervisor.c', 'supervisor')), 'invalid_transition', '/outcome');
  assert.equal(walk(refusedByPerson, [steps.close]).status, 'closed');
  assert.equal(walk(opened(), [refusal]).status, 'person_refused');

  const withdrawal = { kind: 'record_acceptance_withdrawn', withdrawn_at: '2026-03-09T10:00:00+03:00', reference: 'NV-FR-12', note: 'no reason given' } as const;
  const withdrawn = walk(approved, [withdrawal]);
  assert.equal(withdrawn.status, 'acceptance_withdrawn');
  assert.deepEqual([withdrawn.assessment, withdrawn.review, withdrawn.decision], [null, null, null]);
  assertRefused(decideRepatriation(subjectOf(withdrawn), steps.approve, ctx('supervisor.c', 'supervisor')), 'safeguards_required', '/outcome');
  // Only an acceptance is withdrawn.
  assertRefused(decideRepatriation(subjectOf(walk(opened(), [steps.request])), withdrawal, ctx()), 'invalid_transition');
  assert.equal(walk(withdrawn, [{ ...steps.request, sent_at: '2026-03-09T12:00:00+03:00' }]).status, 'request_sent');
  assertRefused(decideRepatriation(subjectOf(withdrawn), { ...withdrawal, reference: '' }, ctx()), 'invalid_transition');
  assertRefused(decideRepatriation(subjectOf(approved), { ...withdrawal, note: '' }, ctx()), 'missing_item', '/note');
});

test('a court’s permission names an open case of the person, its judge and reference, once', () => {
  const c = walk(opened(), [steps.request]);
  const judge = ctx('judge.one', 'judge');
  const open: CourtCaseOnRecord = { id: 'k1', reference: 'INV/1', court: 'Court', stage: 'trial' };
  const permission = { kind: 'record_court_permission', court_case_id: 'k1', reference: 'TP/1', judge: 'Judge F. Fictional', issued_at: '2026-03-08T10:00:00+03:00' } as const;
  assertRefused(decideRepatriation(subjectOf(c), permission, judge), 'not_found', '/court_case_id');
  assertRefused(decideRepatriation(subjectOf(c, { courtCases: [{ ...open, stage: 'final' }] }), permission, judge), 'invalid_value', '/court_case_id');
  assertRefused(decideRepatriation(subjectOf(c, { courtCases: [open] }), { ...permission, judge: '' }, judge), 'judge_required', '/judge');
  const permitted = walk(c, [[permission, judge]], { courtCases: [open] });
  assert.equal(permitted.status, 'request_sent');
  assertRefused(decideRepatriation(subjectOf(permitted, { courtCases: [open] }), permission, judge), 'duplicate', '/court_case_id');
  assertRefused(decideRepatriation(subjectOf(c), { kind: 'close', reason: '' }, ctx()), 'missing_item', '/reason');
  assertRefused(decideRepatriation(subjectOf(c, { case: null }), steps.close, ctx()), 'not_found', '/case_id');
});

// ---------------------------------------------------------------- property: random sequences of commands

const officials = [ctx('officer.a'), ctx('officer.b'), ctx('supervisor.c', 'supervisor'), ctx('judge.one', 'judge')];

/** Commands at random, the steps of the way forward more often than those that end or undo it, so that many sequences reach a decision. */
const arbitraryCommand: fc.Arbitrary<RepatriationCommand> = fc.oneof(
  { weight: 30, arbitrary: fc.constant<RepatriationCommand>(steps.request) },
  { weight: 30, arbitrary: fc.constantFrom(...(['accepted', 'accepted', 'accepted', 'declined', 'verification_requested', 'no_answer'] as const)).map<RepatriationCommand>((answer) => ({ ...steps.accepted, answer })) },
  { weight: 30, arbitrary: fc.constant<RepatriationCommand>(steps.nationality) },
  { weight: 30, arbitrary: fc.constantFrom<RepatriationCommand>(steps.assess, steps.assess, { kind: 'assess_safeguards', assessment: assessment({ torture: 'real_risk' }) }, { kind: 'assess_safeguards', assessment: assessment({ death_penalty: 'real_risk' }) }) },
  { weight: 30, arbitrary: fc.constantFrom<RepatriationCommand>(steps.review, steps.review, { kind: 'review', outcome: 'returned', notes: 'assess again' }) },
  {
    weight: 30,
    arbitrary: fc.constantFrom<RepatriationCommand>(
      steps.approve,
      { ...steps.approve, assurances: [deathPenaltyAssurance] },
      { ...steps.approve, assurances: [deathPenaltyAssurance] },
      { kind: 'decide', outcome: 'refused', reasons: 'r' },
      { kind: 'decide', outcome: 'suspended', reasons: 's' },
    ),
  },
  { weight: 10, arbitrary: fc.constant<RepatriationCommand>({ kind: 'record_court_permission', court_case_id: 'k1', reference: 'TP/1', judge: 'Judge F. Fictional', issued_at: '2026-03-08T10:00:00+03:00' }) },
  { weight: 1, arbitrary: fc.constant<RepatriationCommand>({ kind: 'record_return_refusal', refused_at: '2026-03-09T10:00:00+03:00', statement: 'no' }) },
  { weight: 1, arbitrary: fc.constant<RepatriationCommand>({ kind: 'record_acceptance_withdrawn', withdrawn_at: '2026-03-09T10:00:00+03:00', reference: 'W', note: 'n' }) },
  { weight: 1, arbitrary: fc.constant<RepatriationCommand>(steps.close) },
);

test('property: no sequence of commands reaches approval without an assessment and another official’s review, nor past an open Iraqi case without the court’s permission; every move is one drawn', () => {
  let approvals = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(arbitraryCommand, fc.nat(officials.length - 1)), { minLength: 40, maxLength: 100 }),
      fc.constantFrom<readonly CourtCaseOnRecord[]>([], [{ id: 'k1', reference: 'INV/1', court: 'Court', stage: 'investigation' }], [{ id: 'k1', reference: 'INV/1', court: 'Court', stage: 'final' }]),
      fc.constantFrom(france, deathPenaltyState, null),
      (commands, courtCases, profile) => {
        let c = opened();
        for (const [command, who] of commands) {
          const context = officials[who]!;
          const decision = decideRepatriation({ case: c, person: person(), profile, courtCases }, command, context);
          if (isRejection(decision)) continue;
          const before = c;
          for (const e of decision) c = evolveRepatriation(c, e as RepatriationEvent);
          if (c.status !== before.status) assert.ok(repatriationTransitions[before.status].includes(c.status), `${before.status} → ${c.status}`);
          if (decision.some((e) => e.kind === 'repatriation.decided' && (e.data as { outcome: string }).outcome === 'approved')) {
            approvals++;
            assert.ok(before.assessment, 'approved without an assessment');
            assert.ok(before.review, 'approved without a review');
            assert.notEqual(before.review.reviewed_by, before.assessment.assessed_by, 'reviewed by the assessor');
            assert.notEqual(context.actor, before.assessment.assessed_by, 'approved by the assessor');
            const open = courtCases.filter((k) => k.stage !== 'final');
            for (const k of open) assert.ok(before.court_permissions.some((p) => p.court_case_id === k.id), 'approved past an open Iraqi case');
            assert.equal(before.assessment.risks.torture.finding, 'no_real_risk');
            if (profile?.applies_death_penalty !== false || before.assessment.risks.death_penalty.finding === 'real_risk') {
              assert.ok(c.decision?.assurances.some((s) => s.against === 'death_penalty'), 'approved without an assurance against the death penalty');
            }
          }
        }
      },
    ),
    { numRuns: 1000 },
  );
  // The sequences reach approvals: the checks above were exercised, not vacuous.
  assert.ok(approvals > 40, `only ${approvals} approvals in 1000 sequences`);
});

test('property: an open Iraqi case without the court’s permission always blocks approval, whatever came before', () => {
  const open: CourtCaseOnRecord[] = [{ id: 'k1', reference: 'INV/1', court: 'Court', stage: 'referred_to_trial' }];
  let blocked = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(arbitraryCommand.filter((x) => x.kind !== 'record_court_permission'), fc.nat(officials.length - 1)), { minLength: 40, maxLength: 100 }), (commands) => {
      let c = opened();
      for (const [command, who] of commands) {
        const decision = decideRepatriation({ case: c, person: person(), profile: france, courtCases: open }, command, officials[who]!);
        if (isRejection(decision)) continue;
        assert.ok(!decision.some((e) => e.kind === 'repatriation.decided' && (e.data as { outcome: string }).outcome === 'approved'), 'approved past an open Iraqi case');
        for (const e of decision) c = evolveRepatriation(c, e as RepatriationEvent);
      }
      if (c.status === 'reviewed' || c.status === 'suspended') {
        const refusal = decideRepatriation({ case: c, person: person(), profile: france, courtCases: open }, { ...steps.approve, assurances: [deathPenaltyAssurance] }, ctx('supervisor.z', 'supervisor'));
        if (c.assessment?.risks.torture.finding === 'no_real_risk') {
          assertRefused(refusal, 'court_blocker', '/outcome');
          blocked++;
        }
      }
    }),
    { numRuns: 1000 },
  );
  assert.ok(blocked > 40, `only ${blocked} sequences reached a decision to block`);
});

test('a child’s return: refused by name without a best-interests assessment; with a parent, joining one, or a reasoned separation by a named official', () => {
  // Born 2014: a minor on the decision's day (2026-03-10); born "2008" (latest 2008-12-31) is one too, protected as a minor.
  const child = person({ details: { ...person().details, sex: 'female', gender: 'woman', dob: { kind: 'exact', date: '2014-06-01' } } });
  const partialChild = person({ details: { ...person().details, dob: { kind: 'year', year: 2008 } } });
  const reviewedChild = walk(opened(), toReviewed, { person: child });
  const approve = [{ ...steps.approve }, ctx('supervisor.c', 'supervisor')] as const;
  assertRefused(decideRepatriation(subjectOf(reviewedChild, { person: child }), ...approve), 'best_interests_required', '/outcome');
  assertRefused(decideRepatriation(subjectOf(reviewedChild, { person: partialChild }), ...approve), 'best_interests_required', '/outcome');
  // An adult's case needs none (and takes none).
  events(decideRepatriation(subjectOf(reviewedChild), ...approve));
  const withParent = { kind: 'record_best_interests', assessed_at: '2026-03-07T10:00:00+03:00', official: 'Child protection officer K. Fictional', arrangement: 'travels_with_parent', parent_case_id: 'r-mother', guardian: null, reasoning: 'travels with her mother, her carer since birth', child_views: 'wants to stay with her mother' } as const;
  assertRefused(decideRepatriation(subjectOf(reviewedChild), withParent, ctx()), 'invalid_value', '/case_id');
  const record = (command: RepatriationCommand) => decideRepatriation(subjectOf(reviewedChild, { person: child }), command, ctx('officer.k'));
  // Each arrangement names what it rests on; a separation needs its reasons and who cares for the child.
  assertRefused(record({ ...withParent, parent_case_id: null }), 'missing_item', '/parent_case_id');
  assertRefused(record({ ...withParent, parent_case_id: reviewedChild.id }), 'invalid_value', '/parent_case_id');
  assertRefused(record({ ...withParent, official: ' ' }), 'missing_item', '/official');
  assertRefused(record({ ...withParent, arrangement: 'separated', parent_case_id: null, guardian: null }), 'missing_item', '/guardian');
  assertRefused(record({ ...withParent, arrangement: 'separated', parent_case_id: null, guardian: 'her grandmother in Lyon', reasoning: '' }), 'missing_item', '/reasoning');
  assertRefused(record({ ...withParent, arrangement: 'joins_parent_in_state', parent_case_id: null, guardian: 'her father in Lyon', child_views: ' ' }), 'missing_item', '/child_views');
  assertRefused(record({ ...withParent, arrangement: 'kept_apart' as 'separated' }), 'invalid_value', '/arrangement');
  // Recorded, the child's return may be approved; the assessment stands on the case.
  const [e] = events(record(withParent));
  assert.equal(e!.kind, 'repatriation.best_interests_recorded');
  const assessed = evolveRepatriation(reviewedChild, e as RepatriationEvent);
  assert.equal(assessed.best_interests?.arrangement, 'travels_with_parent');
  assert.equal(assessed.best_interests?.recorded_by, 'officer.k');
  assert.equal(events(decideRepatriation(subjectOf(assessed, { person: child }), ...approve))[0]!.kind, 'repatriation.decided');
  const separated = evolveRepatriation(reviewedChild, events(record({ ...withParent, arrangement: 'separated', parent_case_id: null, guardian: 'her grandmother in Lyon, who raised her', reasoning: 'her mother refuses return; the grandmother is her carer' }))[0] as RepatriationEvent);
  assert.equal(separated.best_interests?.parent_case_id, null);
  assert.equal(events(decideRepatriation(subjectOf(separated, { person: child }), ...approve))[0]!.kind, 'repatriation.decided');
});
