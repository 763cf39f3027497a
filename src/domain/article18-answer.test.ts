import { test } from 'node:test';
import assert from 'node:assert/strict';
import { article18Answer, withheldWithRestrictions } from './article18-answer.ts';
import { article18Items, type Restriction } from './restriction.ts';

const facilities = new Map([['f1', { name: 'Fictional Karkh Prison', authority: 'Ministry of Justice' }]]);
const admitted = {
  kind: 'person.admitted',
  occurred_at: '2026-01-21T14:00:00+03:00',
  data: {
    facility_id: 'f1',
    basis: { kind: 'handover_document', reference: 'HD-1', issuing_authority: 'Fictional authority', issued_on: '2026-01-20' },
    items: {
      first_deprivation: { unknown_reason: 'the sending list does not say where he was captured' },
      ordering_authority: { authority: 'Investigative court', law: 'CCP', article: '109' },
      supervising_authority: { unknown_reason: 'not yet assigned' },
      health_record: { unknown_reason: 'no examination yet' },
    },
    tasks: [{ task_id: 't1', task: 'medical_examination' }],
  },
};

test('an item the register does not hold is stated as not recorded, with the reason recorded, never left out', () => {
  const answer = article18Answer('R1', [admitted], facilities, [], '2026-03-10T09:00:00Z');
  assert.deepEqual(Object.keys(answer.items), [...article18Items]);
  assert.deepEqual(answer.items.detention_began, { status: 'not_recorded', reason: 'the sending list does not say where he was captured' });
  assert.deepEqual(answer.items.supervising_authority, { status: 'not_recorded', reason: 'not yet assigned' });
  assert.deepEqual(answer.items.health, { status: 'not_recorded', reason: 'no examination yet' });
  assert.deepEqual(answer.items.release, { status: 'given', facts: { released: false } });
});

test('a person with no events of custody: every item is there, not recorded', () => {
  const answer = article18Answer('R2', [], facilities, [], '2026-03-10T09:00:00Z');
  for (const item of ['ordering_authority', 'detention_began', 'admission', 'supervising_authority', 'whereabouts'] as const) assert.equal(answer.items[item].status, 'not_recorded', item);
});

test('the last medical examination done counts toward the state of health', () => {
  const done = { kind: 'person.task_completed', occurred_at: '2026-01-22T09:00:00+03:00', data: { task_id: 't1', outcome: 'no injuries; fit for detention', done_by: 'dr' } };
  const answer = article18Answer('R1', [admitted, done], facilities, [], '2026-03-10T09:00:00Z');
  assert.deepEqual(answer.items.health, { status: 'given', facts: { health_record: null, last_examination: { at: '2026-01-22T09:00:00+03:00', outcome: 'no injuries; fit for detention' } } });
});

test('an answer that withholds an item says so, naming the restriction', () => {
  const r: Restriction = {
    id: 'r1', person_id: 'p', items: ['whereabouts'], legal_basis: 'CCP art. 57', judicial_reference: '2026/311', applies_to: ['parent'], expires_at: '2026-03-20T09:00:00Z',
    requested_by: 'a', requested_at: '2026-03-01T09:00:00Z', approved_by: 'b', approved_at: '2026-03-01T10:00:00Z',
  };
  const answer = article18Answer('R1', [admitted], facilities, [r], '2026-03-10T09:00:00Z');
  assert.deepEqual(answer.items.whereabouts, { status: 'withheld', restriction_id: 'r1', legal_basis: 'CCP art. 57', judicial_reference: '2026/311', expires_at: '2026-03-20T09:00:00Z' });
  assert.deepEqual(withheldWithRestrictions(answer), [{ item: 'whereabouts', restriction_id: 'r1', legal_basis: 'CCP art. 57', judicial_reference: '2026/311', expires_at: '2026-03-20T09:00:00Z' }]);
});
