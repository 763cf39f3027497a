import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSharingPolicy, fieldsShared, minimalSharingPolicy, policyInForce } from './sharing-policy.ts';
import { decideRecordStateProfile } from './state-profile.ts';
import { defaultDeadlines } from './decision.ts';
import { isRejection } from './rejection.ts';

const ctx = { now: '2026-03-10T09:00:00.000Z', newId: () => '00000000-0000-4000-8000-000000000001', deadlines: defaultDeadlines, actor: 'sup.one' };
const profile = { state: 'FR', consular_notification: 'on_request' as const, applies_death_penalty: false, liaison_contacts: [] };

const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};

test('a state without a recorded policy is shown register numbers only, on no claimed legal basis', () => {
  assert.deepEqual(policyInForce(null), { fields: [], legal_basis: null });
  assert.deepEqual(policyInForce({ sharing_policy: null }), minimalSharingPolicy);
  assert.deepEqual(fieldsShared(minimalSharingPolicy), ['register_number']);
});

test('a policy lists fields of the closed list, each once, and names its legal basis', () => {
  assert.deepEqual(refusal(checkSharingPolicy({ fields: ['names', 'religion'], legal_basis: 'an agreement' }, '/sharing_policy')), ['invalid_value', '/sharing_policy/fields/1']);
  assert.deepEqual(refusal(checkSharingPolicy({ fields: ['names', 'sex', 'names'], legal_basis: 'an agreement' }, '/sharing_policy')), ['invalid_value', '/sharing_policy/fields/2']);
  assert.deepEqual(refusal(checkSharingPolicy({ fields: [], legal_basis: ' ' }, '/sharing_policy')), ['missing_item', '/sharing_policy/legal_basis']);
  assert.deepEqual(refusal(checkSharingPolicy({ fields: [], legal_basis: null }, '/sharing_policy')), ['missing_item', '/sharing_policy/legal_basis']);
  assert.deepEqual(refusal(checkSharingPolicy({ fields: [], legal_basis: 'x'.repeat(1001) }, '/sharing_policy')), ['invalid_value', '/sharing_policy/legal_basis']);
  assert.equal(checkSharingPolicy({ fields: ['case_stage', 'names'], legal_basis: 'VCCR art. 36' }, '/sharing_policy'), null);
});

test('the profile records the policy in the closed list’s order, its basis trimmed; a recording without one leaves the minimum', () => {
  const decided = decideRecordStateProfile({ ...profile, sharing_policy: { fields: ['case_stage', 'facility', 'names'], legal_basis: '  Agreement of 2025, art. 4 ' } }, ctx);
  assert.ok(Array.isArray(decided));
  assert.deepEqual(decided[0]!.data.sharing_policy, { fields: ['names', 'facility', 'case_stage'], legal_basis: 'Agreement of 2025, art. 4' });
  const without = decideRecordStateProfile(profile, ctx);
  assert.ok(Array.isArray(without));
  assert.equal('sharing_policy' in without[0]!.data, false);
  assert.deepEqual(refusal(decideRecordStateProfile({ ...profile, sharing_policy: { fields: ['religion' as 'names'], legal_basis: 'x' } }, ctx)), ['invalid_value', '/sharing_policy/fields/0']);
});
