import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkHeldAt,
  decideAppealDecision,
  decideInterrogation,
  decideOpenCase,
  decideSentence,
  decideStageChange,
  decideVerdict,
  mostSeriousPenalty,
  normaliseSentence,
  stageTransitions,
  type CaseSubject,
  type Charge,
  type CourtCase,
} from './case.ts';
import { decideConfirmOrder, decideRecordOrder, type OrderSubject, type RecordOrder } from './case-order.ts';
import { decideHearingOutcome, needsInterpreter, type RecordHearingOutcome } from './case-hearing.ts';
import { decideSegregation } from './segregation.ts';
import { defaultDeadlines } from './decision.ts';
import type { NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { isRejection } from './rejection.ts';

let n = 0;
const now = '2026-03-10T09:00:00.000Z';
const ctx = (role = 'court_clerk', actor = 'court.clerk') => ({ now, newId: () => `id-${++n}`, deadlines: defaultDeadlines, role, actor });

const person = (over: Partial<Person> = {}, languages: string[] = ['ar']): Person => ({
  id: 'p1',
  register_number: '0000-0001-1',
  details: { sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 }, nationalities: ['IQ'], languages, documents: [], biometric_refs: [] },
  names: [],
  custody: { status: 'in_custody', facility_id: 'f1', unit_id: 'u1', legal_status: 'untried', category: 'men_untried' },
  frozen: false,
  merged_into: null,
  version: 4,
  ...over,
});

const aCase = (over: Partial<CourtCase> = {}): CourtCase => ({
  id: 'c1',
  person_id: 'p1',
  reference: 'INV/1',
  court: 'First Karkh Investigative Court',
  stage: 'investigation',
  charges: [{ law: 'Anti-Terrorism Law No. 13 of 2005', article: '4', max_penalty: 'death' }],
  counsel_ids: [],
  verdict: null,
  appeal: null,
  ...over,
});

const stay = { from: '2026-03-01T07:00:00.000Z', to: null };
const subject = (over: Partial<CourtCase> = {}, p: Person = person()): CaseSubject => ({ case: aCase(over), person: p, stay });

function refusal(decision: unknown): [string, string | undefined] {
  assert.ok(isRejection(decision), `expected a refusal, got ${JSON.stringify(decision)}`);
  return [decision.code, decision.field];
}

function only<K extends NewEvent['kind']>(decision: unknown, kind: K): NewEvent<K>['data'] {
  assert.ok(!isRejection(decision), JSON.stringify(decision));
  const events = decision as readonly NewEvent[];
  assert.equal(events.length, 1);
  assert.equal(events[0]!.kind, kind);
  assert.equal(events[0]!.person_id, 'p1', 'every case event is on the person’s chain');
  return events[0]!.data as NewEvent<K>['data'];
}

test('the most serious charge: death above life above any term; terms compared in months, years and months alike', () => {
  const charge = (max_penalty: Charge['max_penalty']): Charge => ({ law: 'L', article: '1', max_penalty });
  assert.deepEqual(mostSeriousPenalty([charge({ years: 15 }), charge('life'), charge({ months: 200 })]), 'life');
  assert.deepEqual(mostSeriousPenalty([charge('life'), charge('death')]), 'death');
  assert.deepEqual(mostSeriousPenalty([charge({ years: 15 }), charge({ months: 181 })]), { months: 181 });
  assert.deepEqual(mostSeriousPenalty([charge({ years: 15 }), charge({ months: 180 })]), { years: 15 });
});

test('held at an instant: from the start of custody to its end, both included, whatever the offset it is written in', () => {
  const ended = { from: '2026-03-01T07:00:00.000Z', to: '2026-03-08T07:00:00.000Z' };
  assert.equal(checkHeldAt('2026-03-01T10:00:00+03:00', ended, '/at'), null);
  assert.equal(checkHeldAt('2026-03-01T07:00:00Z', ended, '/at'), null);
  assert.deepEqual(refusal(checkHeldAt('2026-03-01T09:59:59+03:00', ended, '/at')), ['before_custody', '/at']);
  assert.equal(checkHeldAt('2026-03-08T10:00:00+03:00', ended, '/at'), null);
  assert.deepEqual(refusal(checkHeldAt('2026-03-08T07:00:01Z', ended, '/at')), ['not_in_custody', '/at']);
  assert.deepEqual(refusal(checkHeldAt('2026-03-08T07:00:00Z', null, '/issued_at')), ['not_in_custody', '/issued_at']);
});

test('a case is opened on a live record, with its file number and court as the register compares them', () => {
  const input = { person_id: 'p1', reference: ' INV/7 ', court: '  First   Karkh Court ', charges: aCase().charges, judge: '', prosecutor: null };
  const data = only(decideOpenCase(person(), false, input, ctx()), 'case.opened');
  assert.deepEqual([data.reference, data.court, data.judge, data.prosecutor, data.stage], ['INV/7', 'First Karkh Court', null, null, 'investigation']);
  assert.deepEqual(refusal(decideOpenCase(person(), true, input, ctx())), ['duplicate', '/reference']);
  assert.deepEqual(refusal(decideOpenCase(person({ merged_into: 'p2' }), false, input, ctx())), ['invalid_value', '/person_id']);
  assert.deepEqual(refusal(decideOpenCase(person(), false, { ...input, charges: [] }, ctx())), ['missing_item', '/charges']);
  assert.deepEqual(refusal(decideOpenCase(person(), false, { ...input, charges: [{ law: 'L', article: '1', max_penalty: { years: 0 } }] }, ctx())), ['invalid_value', '/charges/0/max_penalty']);
});

test('stages: the clerk moves a case along its transitions; verdict and appeal come only with their facts; an undecided appeal holds the case', () => {
  assert.deepEqual(refusal(decideStageChange(subject(), { case_id: 'c1', stage: 'trial' }, ctx())), ['invalid_transition', '/stage']);
  assert.equal(only(decideStageChange(subject(), { case_id: 'c1', stage: 'referred_to_trial' }, ctx()), 'case.stage_changed').stage, 'referred_to_trial');
  assert.deepEqual(refusal(decideStageChange(subject({ stage: 'trial' }), { case_id: 'c1', stage: 'verdict' }, ctx())), ['invalid_value', '/stage']);
  assert.deepEqual(refusal(decideStageChange(subject({ stage: 'verdict' }), { case_id: 'c1', stage: 'appeal' }, ctx())), ['invalid_value', '/stage']);
  assert.deepEqual(refusal(decideStageChange(subject({ stage: 'appeal', appeal: { decided: false } }), { case_id: 'c1', stage: 'final' }, ctx())), ['invalid_transition', '/stage']);
  assert.equal(only(decideStageChange(subject({ stage: 'appeal', appeal: { decided: true } }), { case_id: 'c1', stage: 'trial' }, ctx()), 'case.stage_changed').stage, 'trial');
  assert.deepEqual(stageTransitions.final, []);
});

test('verdict, sentence and appeal decision: a judge’s account; a sentence only on a standing conviction, once, not before the verdict', () => {
  const judge = ctx('judge', 'judge.one');
  const verdict = { case_id: 'c1', at: '2026-03-09T13:00:00+03:00', outcome: 'convicted' as const, judge: 'Judge V.' };
  assert.deepEqual(refusal(decideVerdict(subject({ stage: 'trial' }), verdict, ctx())), ['forbidden', '/']);
  assert.deepEqual(refusal(decideVerdict(subject({ stage: 'referred_to_trial' }), verdict, judge)), ['invalid_transition', '/case_id']);
  assert.deepEqual(refusal(decideVerdict(subject({ stage: 'trial' }), { ...verdict, judge: ' ' }, judge)), ['judge_required', '/judge']);
  const decided = decideVerdict(subject({ stage: 'trial' }), verdict, judge);
  assert.deepEqual((decided as NewEvent[]).map((e) => e.kind), ['case.verdict_recorded', 'case.stage_changed']);

  const sentence = { case_id: 'c1', at: '2026-03-09T14:00:00+03:00', sentence: { years: 2 }, judge: 'Judge V.' };
  const convicted = { outcome: 'convicted' as const, at: verdict.at, sentenced: false };
  assert.deepEqual(refusal(decideSentence(subject({ stage: 'verdict' }), sentence, judge)), ['not_convicted', '/sentence']);
  assert.deepEqual(refusal(decideSentence(subject({ stage: 'verdict', verdict: { ...convicted, outcome: 'acquitted' } }), sentence, judge)), ['not_convicted', '/sentence']);
  assert.deepEqual(refusal(decideSentence(subject({ stage: 'verdict', verdict: { ...convicted, sentenced: true } }), sentence, judge)), ['invalid_transition', '/sentence']);
  assert.deepEqual(refusal(decideSentence(subject({ stage: 'verdict', verdict: convicted }), { ...sentence, at: '2026-03-09T12:59:00+03:00' }, judge)), ['invalid_value', '/at']);
  assert.deepEqual(only(decideSentence(subject({ stage: 'verdict', verdict: convicted }), sentence, judge), 'case.sentence_recorded').sentence, { years: 2, months: 0 });

  const appeal = { case_id: 'c1', at: '2026-03-10T10:00:00+03:00' };
  const underAppeal = subject({ stage: 'appeal', verdict: { ...convicted, sentenced: true }, appeal: { decided: false } });
  assert.deepEqual(refusal(decideAppealDecision(underAppeal, { ...appeal, outcome: 'sentence_changed' }, judge)), ['missing_item', '/sentence']);
  assert.deepEqual(refusal(decideAppealDecision(underAppeal, { ...appeal, outcome: 'upheld', sentence: 'life' }, judge)), ['invalid_value', '/sentence']);
  assert.deepEqual(refusal(decideAppealDecision(subject({ stage: 'appeal', appeal: { decided: true } }), { ...appeal, outcome: 'upheld' }, judge)), ['invalid_transition', '/case_id']);
  assert.deepEqual(only(decideAppealDecision(underAppeal, { ...appeal, outcome: 'sentence_changed', sentence: 'life' }, judge), 'case.appeal_decided').sentence, 'life');
});

test('sentences: life, death, or a term of at least a month in years and months', () => {
  assert.deepEqual(normaliseSentence({ months: 18 }, '/sentence'), { years: 0, months: 18 });
  assert.equal(normaliseSentence('death', '/sentence'), 'death');
  assert.deepEqual(refusal(normaliseSentence({ years: 0, months: 0 }, '/sentence')), ['invalid_value', '/sentence']);
  assert.deepEqual(refusal(normaliseSentence({ years: 1.5 }, '/sentence')), ['invalid_value', '/sentence/years']);
});

test('an interrogation session ends after it starts, while the person is held; its time is the start', () => {
  const input = { case_id: 'c1', start: '2026-03-04T10:00:00+03:00', end: '2026-03-04T10:00:00+03:00', place: 'Room 2', present: ['Investigator I.'], interpreter: ' ', lawyer: 'Counsel L.' };
  const data = only(decideInterrogation(subject(), input, ctx()), 'case.interrogation_recorded');
  assert.deepEqual([data.interpreter, data.lawyer], [null, 'Counsel L.']);
  assert.deepEqual(refusal(decideInterrogation(subject(), { ...input, end: '2026-03-04T09:59:00+03:00' }, ctx())), ['invalid_value', '/end']);
  assert.deepEqual(refusal(decideInterrogation(subject(), { ...input, start: '2026-02-28T10:00:00+03:00' }, ctx())), ['before_custody', '/start']);
  assert.deepEqual(refusal(decideInterrogation(subject(), { ...input, present: [] }, ctx())), ['missing_item', '/present']);
});

const aFacility = (id: string, kind: Facility['kind'], timezone = 'Asia/Baghdad'): Facility => ({
  id, name: `Fictional ${kind}`, kind, authority: 'MoJ', country: 'IQ', timezone, capacity: { men_untried: 10 }, units: [{ id: `${id}-u`, name: 'A', category: 'men_untried' }], occupancy: {}, version: 1,
});
const prison = aFacility('f1', 'prison');
const holding = aFacility('f9', 'court_holding');
const orderSubject = (over: Partial<OrderSubject> = {}, c: Partial<CourtCase> = {}): OrderSubject => ({ ...subject(c), referenceTaken: false, toFacility: holding, heldAt: prison, ...over });
const detention: RecordOrder = { case_id: 'c1', order: 'detention', reference: 'DO/1', issued_at: '2026-03-02T10:00:00+03:00', judge: 'Judge F.', days: 15 };

test('who stands behind an order: a judge’s account at once, a clerk with the signed scan at once, a clerk alone pending', () => {
  const scan = { reference: 'SCAN-1', sha256: 'AB'.repeat(32) };
  assert.equal(only(decideRecordOrder(orderSubject(), detention, ctx('judge', 'judge.one')), 'case.order_recorded').confirmation, 'judge_account');
  const scanned = only(decideRecordOrder(orderSubject(), { ...detention, scan }, ctx()), 'case.order_recorded');
  assert.deepEqual([scanned.confirmation, scanned.scan?.sha256, scanned.entered_by], ['signed_scan', 'ab'.repeat(32), 'court.clerk']);
  assert.equal(only(decideRecordOrder(orderSubject(), detention, ctx()), 'case.order_recorded').confirmation, 'pending');
  assert.deepEqual(refusal(decideRecordOrder(orderSubject(), { ...detention, scan: { ...scan, sha256: 'xyz' } }, ctx())), ['invalid_value', '/scan/sha256']);

  const order = (confirmation: 'pending' | 'confirmed' | 'judge_account') => ({ ...subject(), order: { order_id: 'o1', confirmation } });
  assert.deepEqual(refusal(decideConfirmOrder(order('pending'), { case_id: 'c1', order_id: 'o1' }, ctx())), ['forbidden', '/']);
  assert.equal(only(decideConfirmOrder(order('pending'), { case_id: 'c1', order_id: 'o1' }, ctx('judge', 'judge.one')), 'case.order_confirmed').judge_account, 'judge.one');
  for (const done of ['confirmed', 'judge_account'] as const) assert.deepEqual(refusal(decideConfirmOrder(order(done), { case_id: 'c1', order_id: 'o1' }, ctx('judge'))), ['invalid_transition', '/order_id']);
});

test('an order carries what its kind needs and nothing else; a detention order the maximum penalty of the most serious charge as the charges stand', () => {
  const charges: Charge[] = [{ law: 'L', article: '1', max_penalty: { years: 10 } }, { law: 'L', article: '2', max_penalty: { months: 150 } }];
  assert.deepEqual(only(decideRecordOrder(orderSubject({}, { charges }), detention, ctx()), 'case.order_recorded').max_penalty, { months: 150 });
  assert.deepEqual(refusal(decideRecordOrder(orderSubject(), { ...detention, order: 'release' }, ctx())), ['invalid_value', '/days']);
  assert.deepEqual(refusal(decideRecordOrder(orderSubject(), { ...detention, days: undefined }, ctx())), ['missing_item', '/days']);
  assert.deepEqual(refusal(decideRecordOrder(orderSubject(), { ...detention, days: 2.5 }, ctx())), ['invalid_value', '/days']);
  const production: RecordOrder = { case_id: 'c1', order: 'production', reference: 'PO/1', issued_at: '2026-03-09T10:00:00+03:00', judge: 'Judge F.', to_facility_id: 'f9', produce_at: '2026-03-12T09:00:00+03:00' };
  const data = only(decideRecordOrder(orderSubject({ heldAt: holding }), production, ctx()), 'case.order_recorded');
  assert.deepEqual([data.to_facility_id, data.produce_at, data.days, data.max_penalty], ['f9', '2026-03-12T09:00:00+03:00', undefined, undefined]);
  assert.deepEqual(refusal(decideRecordOrder(orderSubject(), { ...production, produce_at: '2026-03-09T09:00:00+03:00' }, ctx())), ['invalid_value', '/produce_at']);
  assert.deepEqual(refusal(decideRecordOrder(orderSubject({ toFacility: null }), production, ctx())), ['not_found', '/to_facility_id']);
  assert.deepEqual(refusal(decideRecordOrder(orderSubject({ toFacility: prison }), production, ctx())), ['invalid_value', '/to_facility_id'], 'produced at a court holding facility, not a prison');
  assert.ok(!isRejection(decideRecordOrder(orderSubject({ toFacility: prison }), { ...detention, order: 'transfer', days: undefined, to_facility_id: 'f1' }, ctx())), 'a transfer order goes to any facility');
  assert.equal(only(decideRecordOrder(orderSubject(), { ...detention, court: ' Criminal  Court ' }, ctx()), 'case.order_recorded').court, 'Criminal Court');
});

const outcome = (present: Partial<RecordHearingOutcome['present']> = {}, over: Partial<RecordHearingOutcome> = {}): RecordHearingOutcome => ({
  case_id: 'c1', hearing_id: 'h1', at: '2026-03-05T10:00:00+03:00', outcome: 'held', present: { judge: 'Judge F.', prosecutor: null, counsel: null, interpreter: null, ...present }, ...over,
});
const atHearing = (c: Partial<CourtCase> = {}, languages: string[] = ['ar']) => ({ ...subject(c, person({}, languages)), hearing: { hearing_id: 'h1', status: 'scheduled' as const } });

test('hearing flags: counsel at trial stages or once assigned; an interpreter when asked for or when the record’s languages hold no Arabic', () => {
  const flags = (s: ReturnType<typeof atHearing>, o: RecordHearingOutcome) => only(decideHearingOutcome(s, o, ctx()), 'case.hearing_held').flags;
  assert.deepEqual(flags(atHearing(), outcome()), []);
  assert.deepEqual(flags(atHearing({ counsel_ids: ['k1'] }), outcome()), ['no_counsel']);
  for (const stage of ['referred_to_trial', 'trial', 'verdict', 'appeal'] as const) assert.deepEqual(flags(atHearing({ stage }), outcome()), ['no_counsel'], stage);
  assert.deepEqual(flags(atHearing({ stage: 'trial' }), outcome({ counsel: 'Counsel L.' })), []);
  assert.deepEqual(flags(atHearing({}, ['en', 'fr']), outcome()), ['no_interpreter']);
  assert.deepEqual(flags(atHearing({}, ['fr', 'ar-IQ']), outcome()), []);
  assert.deepEqual(flags(atHearing(), outcome({}, { interpreter_required: true })), ['no_interpreter']);
  // The clerk cannot lift what the record requires.
  const lifted = only(decideHearingOutcome(atHearing({}, ['ru']), outcome({}, { interpreter_required: false }), ctx()), 'case.hearing_held');
  assert.deepEqual([lifted.interpreter_required, lifted.flags], [true, ['no_interpreter']]);
  assert.equal(needsInterpreter([]), false, 'no language recorded: nothing to go by');
  assert.deepEqual(refusal(decideHearingOutcome(atHearing(), outcome({ judge: '' }), ctx())), ['judge_required', '/present/judge']);
  assert.deepEqual(refusal(decideHearingOutcome(atHearing(), outcome({}, { outcome: 'adjourned' }), ctx())), ['missing_item', '/adjourned_reason']);
  assert.deepEqual(refusal(decideHearingOutcome({ ...atHearing(), hearing: { hearing_id: 'h1', status: 'held' } }, outcome(), ctx())), ['invalid_transition', '/hearing_id']);
});

test('segregation: one open period at a time, at the facility holding the person; its end at that facility, not before its start', () => {
  const input = { person_id: 'p1', action: 'start' as const, at: '2026-03-05T10:00:00+03:00', reason: 'threat to others', authorised_by: 'Warden W.' };
  assert.equal(only(decideSegregation({ person: person(), stay, open: null }, input, ctx()), 'person.segregation_started').facility_id, 'f1');
  const open = { at: '2026-03-05T07:00:00.000Z', facility_id: 'f1' };
  assert.deepEqual(refusal(decideSegregation({ person: person(), stay, open }, input, ctx())), ['invalid_transition', '/action']);
  assert.deepEqual(refusal(decideSegregation({ person: person(), stay, open: null }, { ...input, action: 'end' }, ctx())), ['invalid_transition', '/action']);
  const moved = person({ custody: { ...person().custody, facility_id: 'f2' } });
  assert.equal(only(decideSegregation({ person: moved, stay, open }, { ...input, action: 'end', at: '2026-03-06T10:00:00+03:00' }, ctx()), 'person.segregation_ended').facility_id, 'f1');
  assert.deepEqual(refusal(decideSegregation({ person: person(), stay, open }, { ...input, action: 'end', at: '2026-03-05T09:59:00+03:00' }, ctx())), ['invalid_value', '/at']);
  const inTransit = person({ custody: { status: 'in_transit', facility_id: null, unit_id: null, legal_status: 'untried', category: null } });
  assert.deepEqual(refusal(decideSegregation({ person: inTransit, stay, open: null }, input, ctx())), ['not_in_custody', '/person_id']);
  assert.deepEqual(refusal(decideSegregation({ person: person(), stay, open: null }, { ...input, at: '2026-03-11T10:00:00+03:00' }, ctx())), ['invalid_value', '/at']);
});
