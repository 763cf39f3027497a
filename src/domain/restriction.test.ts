import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideApproveRestriction, decideRequestRestriction, restrictionInForce, restrictionsFor, type Restriction } from './restriction.ts';
import { defaultDeadlines } from './decision.ts';
import { isRejection } from './rejection.ts';
import type { Person } from './person.ts';

const now = '2026-03-10T09:00:00.000Z';
const ctx = (actor: string, at = now) => ({ now: at, newId: () => '00000000-0000-4000-8000-000000000001', deadlines: defaultDeadlines, actor });
const person = { id: '00000000-0000-4000-8000-0000000000aa' } as Person;
const input = {
  person_id: person.id,
  items: ['whereabouts' as const],
  legal_basis: 'Code of Criminal Procedure, art. 57',
  judicial_reference: 'decision 2026/311',
  applies_to: ['parent' as const],
  expires_at: '2026-03-20T09:00:00.000Z',
};
const approved: Restriction = { ...input, id: 'r1', requested_by: 'info.one', requested_at: now, approved_by: 'sup.two', approved_at: now };

const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};

test('a restriction without a judicial reference, or without an expiry, is refused by name', () => {
  assert.deepEqual(refusal(decideRequestRestriction(person, { ...input, judicial_reference: ' ' }, ctx('info.one'))), ['judicial_reference_required', '/judicial_reference']);
  assert.deepEqual(refusal(decideRequestRestriction(person, { ...input, expires_at: '' }, ctx('info.one'))), ['expiry_required', '/expires_at']);
});

test('a restriction is never applied to judges or to the independent visiting body', () => {
  assert.deepEqual(refusal(decideRequestRestriction(person, { ...input, applies_to: ['judicial_authority'] }, ctx('info.one'))), ['restriction_not_applicable', '/applies_to/0']);
  assert.deepEqual(refusal(decideRequestRestriction(person, { ...input, applies_to: ['counsel', 'visiting_body'] }, ctx('info.one'))), ['restriction_not_applicable', '/applies_to/1']);
  // A restriction in force that names them (as a stored one never should) still reaches neither: only the guard excludes them.
  const naming: Restriction = { ...approved, applies_to: ['parent', 'judicial_authority', 'visiting_body'] };
  assert.deepEqual(restrictionsFor([naming], 'parent', now), [naming]);
  assert.deepEqual(restrictionsFor([naming], 'judicial_authority', now), []);
  assert.deepEqual(restrictionsFor([naming], 'visiting_body', now), []);
});

test('the official who requested a restriction may not approve it; another may', () => {
  const requested: Restriction = { ...approved, approved_by: null, approved_at: null };
  assert.deepEqual(refusal(decideApproveRestriction(requested, ctx('info.one'))), ['same_official', '/approved_by']);
  const ok = decideApproveRestriction(requested, ctx('sup.two'));
  assert.ok(!isRejection(ok));
  assert.deepEqual(ok.map((e) => [e.kind, e.data]), [['restriction.approved', { restriction_id: 'r1', approved_by: 'sup.two' }]]);
});

test('an expired restriction lifts at the instant of expiry; one not approved is not in force', () => {
  assert.equal(restrictionInForce(approved, '2026-03-20T08:59:59.999Z'), true);
  assert.equal(restrictionInForce(approved, '2026-03-20T09:00:00.000Z'), false);
  assert.equal(restrictionInForce({ ...approved, approved_by: null }, now), false);
});
