import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideApproveAccountRequest, decideBootstrapAccount, decideRequestAccount, decideRequestAccountChange, type AccountRequest } from './account-request.ts';
import { defaultDeadlines } from './decision.ts';
import { isRejection } from './rejection.ts';

const now = '2026-03-10T09:00:00.000Z';
const ctx = (actor: string) => ({ now, newId: () => '00000000-0000-4000-8000-000000000001', deadlines: defaultDeadlines, actor });
const free = { accountExists: false, pendingRequest: false };
const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};
const waiting: AccountRequest = {
  id: 'q1', change: 'create', username: 'officer.new', role: 'facility_officer', scope: null, liaison_state: null,
  requested_by: 'admin.one', requested_at: now, approved_by: null, approved_at: null,
};

test('a request for an account names the username, role, scope and who asked — nothing else', () => {
  const scope = { all: false, facilities: ['f1'], courts: [] };
  const events = decideRequestAccount(free, { username: 'officer.new', role: 'facility_officer', scope, liaison_state: null }, ctx('admin.one'));
  assert.ok(!isRejection(events));
  assert.deepEqual(events.map((e) => [e.kind, e.person_id, e.data]), [
    ['account.requested', null, { request_id: '00000000-0000-4000-8000-000000000001', change: 'create', username: 'officer.new', role: 'facility_officer', scope, liaison_state: null, requested_by: 'admin.one' }],
  ]);
});

test('a taken username, a username already requested, and a state for a role bound to none are refused by name', () => {
  const input = { username: 'officer.new', role: 'facility_officer' as const, scope: null, liaison_state: null };
  assert.deepEqual(refusal(decideRequestAccount({ accountExists: true, pendingRequest: false }, input, ctx('admin.one'))), ['duplicate', '/username']);
  assert.deepEqual(refusal(decideRequestAccount({ accountExists: false, pendingRequest: true }, input, ctx('admin.one'))), ['duplicate', '/username']);
  assert.deepEqual(refusal(decideRequestAccount(free, { ...input, liaison_state: 'FR' }, ctx('admin.one'))), ['invalid_value', '/liaison_state']);
});

test('an administrator cannot ask for a role or scope of their own', () => {
  const there = { accountExists: true, pendingRequest: false };
  assert.deepEqual(refusal(decideRequestAccountChange(there, { username: 'admin.one', role: 'supervisor', scope: null }, ctx('admin.one'))), ['forbidden', '/role']);
  assert.deepEqual(refusal(decideRequestAccountChange(there, { username: 'admin.one', role: null, scope: { all: true, facilities: [], courts: [] } }, ctx('admin.one'))), ['forbidden', '/scope']);
  assert.deepEqual(refusal(decideRequestAccountChange(free, { username: 'nobody', role: 'auditor', scope: null }, ctx('admin.one'))), ['not_found', '/username']);
});

test('the administrator who asked, or the account the request is about, cannot approve; a second administrator can, once', () => {
  assert.deepEqual(refusal(decideApproveAccountRequest(waiting, ctx('admin.one'))), ['same_official', '/approved_by']);
  assert.deepEqual(refusal(decideApproveAccountRequest({ ...waiting, username: 'admin.two' }, ctx('admin.two'))), ['same_official', '/approved_by']);
  assert.deepEqual(refusal(decideApproveAccountRequest(null, ctx('admin.two'))), ['not_found', '/request_id']);
  assert.deepEqual(refusal(decideApproveAccountRequest({ ...waiting, approved_by: 'admin.two', approved_at: now }, ctx('admin.three'))), ['invalid_transition', '/request_id']);
  const approved = decideApproveAccountRequest(waiting, ctx('admin.two'));
  assert.ok(!isRejection(approved));
  assert.deepEqual(approved.map((e) => [e.kind, e.data]), [['account.approved', { request_id: 'q1', username: 'officer.new', approved_by: 'admin.two' }]]);
});

test('the console makes accounts only while the register has fewer than two administrators', () => {
  const input = { username: 'admin.one', role: 'administrator' as const, scope: null, liaison_state: null };
  for (const administrators of [0, 1]) assert.ok(!isRejection(decideBootstrapAccount({ administrators, accountExists: false }, input, ctx('console'))));
  assert.deepEqual(refusal(decideBootstrapAccount({ administrators: 2, accountExists: false }, input, ctx('console'))), ['forbidden', '/username']);
  assert.deepEqual(refusal(decideBootstrapAccount({ administrators: 1, accountExists: true }, input, ctx('console'))), ['duplicate', '/username']);
});
