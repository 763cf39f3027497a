import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classificationReviewClock,
  decideAssessClassification,
  decideClassificationContest,
  decideContestClassification,
  evolveClassification,
  supersede,
  type Classification,
  type ClassificationEventKind,
} from './classification.ts';
import { defaultDeadlines } from './decision.ts';
import type { EventData } from './events.ts';
import type { Person } from './person.ts';
import { isRejection } from './rejection.ts';

const now = '2026-03-20T09:00:00.000Z';
const ctx = (actor: string) => ({ now, newId: () => '00000000-0000-4000-8000-0000000000c2', deadlines: defaultDeadlines, actor });
const personId = '00000000-0000-4000-8000-0000000000aa';
const facility = '00000000-0000-4000-8000-0000000000f1';
const held = { id: personId, custody: { status: 'in_custody', facility_id: facility } } as Person;
const stay = { from: '2026-02-01T09:00:00.000Z', to: null };

const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};
const fold = (c: Classification | null, decision: unknown): Classification => {
  assert.ok(!isRejection(decision), JSON.stringify(decision));
  return (decision as { kind: ClassificationEventKind; person_id: string; data: EventData[ClassificationEventKind] }[]).reduce<Classification | null>((acc, e) => evolveClassification(acc, e), c)!;
};

const assess = { person_id: personId, category: 'medium' as const, risk: 'medium' as const, reasons: 'two fights in the yard in February', assessed_at: '2026-03-01T10:00:00.000Z', review_due: '2026-04-01T10:00:00.000Z' };
const assessed = fold(null, decideAssessClassification({ person: held, stay, current: null }, assess, ctx('assessor.one')));
const contest = { person_id: personId, classification_id: assessed.id, contestant: 'detainee' as const, grounds: 'the fights were attacks on me', lodged_at: '2026-03-05T10:00:00.000Z' };
const contested = fold(assessed, decideContestClassification(assessed, contest, ctx('officer.two')));
const decide = { person_id: personId, classification_id: assessed.id, outcome: 'upheld' as const, reasons: 'the incident reports name him as the one attacked', decided_at: '2026-03-08T10:00:00.000Z' };

test('an assessment holds category, risk, reasons, the assessor and the review date', () => {
  assert.deepEqual(assessed, {
    id: '00000000-0000-4000-8000-0000000000c2',
    person_id: personId,
    facility_id: facility,
    category: 'medium',
    risk: 'medium',
    reasons: 'two fights in the yard in February',
    assessed_at: '2026-03-01T10:00:00.000Z',
    assessed_by: 'assessor.one',
    review_due: '2026-04-01T10:00:00.000Z',
    status: 'current',
    superseded_at: null,
    contest: null,
  });
});

test('an assessment without reasons, with a review not after it, or of someone not held is refused at its field', () => {
  const s = { person: held, stay, current: null };
  assert.deepEqual(refusal(decideAssessClassification(s, { ...assess, reasons: ' ' }, ctx('a'))), ['missing_item', '/reasons']);
  assert.deepEqual(refusal(decideAssessClassification(s, { ...assess, review_due: assess.assessed_at }, ctx('a'))), ['invalid_value', '/review_due']);
  assert.deepEqual(refusal(decideAssessClassification(s, { ...assess, review_due: 'soon' }, ctx('a'))), ['invalid_value', '/review_due']);
  assert.deepEqual(refusal(decideAssessClassification(s, { ...assess, category: 'dangerous' as never }, ctx('a'))), ['invalid_value', '/category']);
  assert.deepEqual(refusal(decideAssessClassification(s, { ...assess, assessed_at: '2026-01-20T10:00:00.000Z' }, ctx('a'))), ['before_custody', '/assessed_at']);
  const released = { ...held, custody: { ...held.custody, status: 'released', facility_id: null } } as Person;
  assert.deepEqual(refusal(decideAssessClassification({ ...s, person: released }, assess, ctx('a'))), ['not_in_custody', '/person_id']);
});

test('the detainee contests with grounds; only once, and only the current assessment', () => {
  assert.deepEqual(contested.contest, { contestant: 'detainee', grounds: 'the fights were attacks on me', lodged_at: '2026-03-05T10:00:00.000Z', recorded_by: 'officer.two', decision: null });
  assert.deepEqual(refusal(decideContestClassification(assessed, { ...contest, grounds: '' }, ctx('officer.two'))), ['missing_item', '/grounds']);
  assert.deepEqual(refusal(decideContestClassification(contested, contest, ctx('officer.two'))), ['invalid_transition', '/classification_id']);
  assert.deepEqual(refusal(decideContestClassification(supersede(assessed, '2026-03-03T10:00:00.000Z'), contest, ctx('officer.two'))), ['invalid_transition', '/classification_id']);
  assert.deepEqual(refusal(decideContestClassification(assessed, { ...contest, person_id: '00000000-0000-4000-8000-0000000000bb' }, ctx('officer.two'))), ['not_found', '/classification_id']);
});

test('the assessor may not decide the contest of their own assessment; another official does, with the outcome', () => {
  assert.deepEqual(refusal(decideClassificationContest(contested, decide, ctx('assessor.one'))), ['same_official', '/classification_id']);
  assert.deepEqual(refusal(decideClassificationContest(assessed, decide, ctx('sup.three'))), ['invalid_transition', '/classification_id']);
  assert.deepEqual(refusal(decideClassificationContest(contested, { ...decide, reasons: '' }, ctx('sup.three'))), ['missing_item', '/reasons']);
  const upheld = fold(contested, decideClassificationContest(contested, decide, ctx('sup.three')));
  assert.equal(upheld.status, 'set_aside');
  assert.deepEqual(upheld.contest?.decision, { outcome: 'upheld', reasons: 'the incident reports name him as the one attacked', decided_at: '2026-03-08T10:00:00.000Z', decided_by: 'sup.three' });
  assert.deepEqual(refusal(decideClassificationContest(upheld, decide, ctx('sup.three'))), ['invalid_transition', '/classification_id']);
  const dismissed = fold(contested, decideClassificationContest(contested, { ...decide, outcome: 'dismissed' }, ctx('sup.three')));
  assert.equal(dismissed.status, 'current');
});

test('the review is a clock: running, due soon within the window, breached past the date, met by the next assessment', () => {
  const alert = 7 * 24;
  assert.deepEqual(classificationReviewClock(assessed, '2026-03-20T09:00:00.000Z', alert), { status: 'running', due: '2026-04-01T10:00:00.000Z' });
  assert.deepEqual(classificationReviewClock(assessed, '2026-03-25T10:00:00.000Z', alert), { status: 'due_soon', due: '2026-04-01T10:00:00.000Z' });
  assert.deepEqual(classificationReviewClock(assessed, '2026-04-01T10:00:00.000Z', alert), { status: 'due_soon', due: '2026-04-01T10:00:00.000Z' });
  assert.deepEqual(classificationReviewClock(assessed, '2026-04-01T10:00:01.000Z', alert), { status: 'breached', due: '2026-04-01T10:00:00.000Z' });
  assert.equal(classificationReviewClock(supersede(assessed, '2026-03-30T10:00:00.000Z'), '2026-04-05T00:00:00.000Z', alert).status, 'met');
  assert.equal(classificationReviewClock(supersede(assessed, '2026-04-02T10:00:00.000Z'), '2026-04-05T00:00:00.000Z', alert).status, 'met_late');
  // Set aside on contest: a new assessment is due at once.
  const upheld = fold(contested, decideClassificationContest(contested, decide, ctx('sup.three')));
  assert.deepEqual(classificationReviewClock(upheld, '2026-03-09T10:00:00.000Z', alert), { status: 'breached', due: '2026-03-08T10:00:00.000Z' });
});

test('a new assessment supersedes the current one, never dated before it', () => {
  const s = { person: held, stay, current: assessed };
  const next = decideAssessClassification(s, { ...assess, assessed_at: '2026-03-15T10:00:00.000Z' }, ctx('assessor.two'));
  assert.ok(!isRejection(next));
  assert.equal((next[0]!.data as EventData['classification.assessed']).supersedes, assessed.id);
  assert.deepEqual(refusal(decideAssessClassification(s, { ...assess, assessed_at: '2026-02-20T10:00:00.000Z' }, ctx('assessor.two'))), ['invalid_value', '/assessed_at']);
});

test('an assessment set aside on contest is superseded by the next one, which meets its clock late (it was due at the decision)', () => {
  const upheld = fold(contested, decideClassificationContest(contested, decide, ctx('sup.three')));
  const next = decideAssessClassification({ person: held, stay, current: upheld }, { ...assess, assessed_at: '2026-03-09T10:00:00.000Z' }, ctx('assessor.two'));
  assert.ok(!isRejection(next));
  assert.equal((next[0]!.data as EventData['classification.assessed']).supersedes, upheld.id);
  const replaced = supersede(upheld, '2026-03-09T10:00:00.000Z');
  assert.equal(replaced.status, 'set_aside');
  assert.deepEqual(classificationReviewClock(replaced, '2026-03-20T00:00:00.000Z', 7 * 24), { status: 'met_late', due: '2026-03-08T10:00:00.000Z' });
});
