import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountRequestStatus,
  decideApproveAccountRequest,
  decideBootstrapAccount,
  decideRefuseAccountRequest,
  decideRequestAccount,
  decideRequestAccountChange,
  decideRequestAccountStanding,
  type AccountRequest,
  type AccountRequestState,
} from './account-request.ts';
import { defaultDeadlines } from './decision.ts';
import { isRejection } from './rejection.ts';

const now = '2026-03-10T09:00:00.000Z';
const ctx = (actor: string) => ({ now, newId: () => '00000000-0000-4000-8000-000000000001', deadlines: defaultDeadlines, actor });
const free: AccountRequestState = { account: null, pendingRequest: false, administrators: 3 };
const officer = (over: Partial<NonNullable<AccountRequestState['account']>> = {}): AccountRequestState => ({ account: { role: 'facility_officer', disabled: false, secondFactor: true, ...over }, pendingRequest: false, administrators: 3 });
const admin = (administrators: number, over: Partial<NonNullable<AccountRequestState['account']>> = {}): AccountRequestState => ({ account: { role: 'administrator', disabled: false, secondFactor: true, ...over }, pendingRequest: false, administrators });
const refusal = (decision: unknown) => {
  assert.ok(isRejection(decision), JSON.stringify(decision));
  return [decision.code, decision.field];
};
const waiting: AccountRequest = {
  id: 'q1', change: 'create', username: 'officer.new', role: 'facility_officer', scope: null, liaison_state: null,
  requested_by: 'admin.one', requested_at: now, approved_by: null, approved_at: null, refused_by: null, refused_at: null,
};
const deciding = (request: AccountRequest | null, state: AccountRequestState = free) => ({ ...state, request });

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
  assert.deepEqual(refusal(decideRequestAccount(officer(), input, ctx('admin.one'))), ['duplicate', '/username']);
  assert.deepEqual(refusal(decideRequestAccount({ ...free, pendingRequest: true }, input, ctx('admin.one'))), ['duplicate', '/username']);
  assert.deepEqual(refusal(decideRequestAccount(free, { ...input, liaison_state: 'FR' }, ctx('admin.one'))), ['invalid_value', '/liaison_state']);
});

test('an administrator cannot ask for a role or scope of their own', () => {
  assert.deepEqual(refusal(decideRequestAccountChange(admin(3), { username: 'admin.one', role: 'supervisor', scope: null }, ctx('admin.one'))), ['forbidden', '/role']);
  assert.deepEqual(refusal(decideRequestAccountChange(admin(3), { username: 'admin.one', role: null, scope: { all: true, facilities: [], courts: [] } }, ctx('admin.one'))), ['forbidden', '/scope']);
  assert.deepEqual(refusal(decideRequestAccountChange(free, { username: 'nobody', role: 'auditor', scope: null }, ctx('admin.one'))), ['not_found', '/username']);
});

test('disabling an administrator, or giving them another role, never leaves fewer than two enabled administrators', () => {
  const disable = { username: 'admin.three', change: 'disable' as const };
  assert.deepEqual(refusal(decideRequestAccountStanding(admin(2), disable, ctx('admin.one'))), ['too_few_administrators', '/disabled']);
  assert.deepEqual(refusal(decideRequestAccountChange(admin(2), { username: 'admin.three', role: 'auditor', scope: null }, ctx('admin.one'))), ['too_few_administrators', '/role']);
  // Three enabled: one may go; a disabled administrator counts for nothing; a new scope takes nobody away.
  assert.ok(!isRejection(decideRequestAccountStanding(admin(3), disable, ctx('admin.one'))));
  assert.ok(!isRejection(decideRequestAccountChange(admin(2), { username: 'admin.three', role: null, scope: { all: true, facilities: [], courts: [] } }, ctx('admin.one'))));
  assert.ok(!isRejection(decideRequestAccountChange(admin(2, { disabled: true }), { username: 'admin.three', role: 'auditor', scope: null }, ctx('admin.one'))));
  // The same rule at the approval, against the number of administrators then.
  const asked: AccountRequest = { ...waiting, change: 'disable', username: 'admin.three', role: null };
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding(asked, admin(2)), ctx('admin.two'))), ['too_few_administrators', '/request_id']);
  assert.ok(!isRejection(decideApproveAccountRequest(deciding(asked, admin(3)), ctx('admin.two'))));
  const demoted: AccountRequest = { ...waiting, change: 'change', username: 'admin.three', role: 'supervisor' };
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding(demoted, admin(2)), ctx('admin.two'))), ['too_few_administrators', '/request_id']);
});

test('disabling, enabling and removing a second factor are refused where there is nothing to change, about oneself, or twice at once', () => {
  const ask = (state: AccountRequestState, change: 'disable' | 'enable' | 'second_factor_reset', actor = 'admin.one') => decideRequestAccountStanding(state, { username: 'officer.x', change }, ctx(actor));
  assert.deepEqual(refusal(ask(officer({ disabled: true }), 'disable')), ['invalid_transition', '/disabled']);
  assert.deepEqual(refusal(ask(officer(), 'enable')), ['invalid_transition', '/disabled']);
  assert.deepEqual(refusal(ask(officer({ secondFactor: false }), 'second_factor_reset')), ['invalid_transition', '/username']);
  assert.deepEqual(refusal(ask(free, 'second_factor_reset')), ['not_found', '/username']);
  assert.deepEqual(refusal(ask({ ...officer(), pendingRequest: true }, 'second_factor_reset')), ['duplicate', '/username']);
  assert.deepEqual(refusal(decideRequestAccountStanding(admin(3), { username: 'admin.one', change: 'second_factor_reset' }, ctx('admin.one'))), ['forbidden', '/username']);
  const events = ask(officer(), 'second_factor_reset');
  assert.ok(!isRejection(events));
  assert.deepEqual(events.map((e) => e.data), [{ request_id: '00000000-0000-4000-8000-000000000001', change: 'second_factor_reset', username: 'officer.x', role: null, scope: null, liaison_state: null, requested_by: 'admin.one' }]);
});

test('the administrator who asked, or the account the request is about, cannot approve; a second administrator can, once', () => {
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding(waiting), ctx('admin.one'))), ['same_official', '/approved_by']);
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding({ ...waiting, change: 'change', username: 'admin.two', role: 'auditor' }, admin(3)), ctx('admin.two'))), ['same_official', '/approved_by']);
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding(null), ctx('admin.two'))), ['not_found', '/request_id']);
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding({ ...waiting, approved_by: 'admin.two', approved_at: now }), ctx('admin.three'))), ['invalid_transition', '/request_id']);
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding({ ...waiting, refused_by: 'admin.two', refused_at: now }), ctx('admin.three'))), ['invalid_transition', '/request_id']);
  // A username the console took meanwhile is not made twice.
  assert.deepEqual(refusal(decideApproveAccountRequest(deciding(waiting, officer()), ctx('admin.two'))), ['duplicate', '/request_id']);
  const approved = decideApproveAccountRequest(deciding(waiting), ctx('admin.two'));
  assert.ok(!isRejection(approved));
  assert.deepEqual(approved.map((e) => [e.kind, e.data]), [['account.approved', { request_id: 'q1', username: 'officer.new', approved_by: 'admin.two' }]]);
});

test('a request is refused by another administrator or withdrawn by the one who asked, never by the account it is about, and only while it waits', () => {
  const about: AccountRequest = { ...waiting, change: 'disable', username: 'admin.three', role: null };
  assert.deepEqual(refusal(decideRefuseAccountRequest(about, ctx('admin.three'))), ['same_official', '/refused_by']);
  assert.deepEqual(refusal(decideRefuseAccountRequest(null, ctx('admin.two'))), ['not_found', '/request_id']);
  assert.deepEqual(refusal(decideRefuseAccountRequest({ ...about, approved_by: 'admin.two', approved_at: now }, ctx('admin.two'))), ['invalid_transition', '/request_id']);
  for (const actor of ['admin.one', 'admin.two']) {
    const refused = decideRefuseAccountRequest(about, ctx(actor));
    assert.ok(!isRejection(refused));
    assert.deepEqual(refused.map((e) => [e.kind, e.data]), [['account.request_refused', { request_id: 'q1', username: 'admin.three', refused_by: actor }]]);
  }
  assert.equal(accountRequestStatus(waiting), 'awaiting_approval');
  assert.equal(accountRequestStatus({ ...waiting, refused_by: 'admin.two', refused_at: now }), 'refused');
  assert.equal(accountRequestStatus({ ...waiting, approved_by: 'admin.two', approved_at: now }), 'approved');
});

test('the console makes accounts only while the register has fewer than two administrators, and never a username requested through the API', () => {
  const input = { username: 'admin.one', role: 'administrator' as const, scope: null, liaison_state: null };
  for (const administrators of [0, 1]) assert.ok(!isRejection(decideBootstrapAccount({ ...free, administrators }, input, ctx('console'))));
  assert.deepEqual(refusal(decideBootstrapAccount({ ...free, administrators: 2 }, input, ctx('console'))), ['forbidden', '/username']);
  assert.deepEqual(refusal(decideBootstrapAccount({ ...admin(1) }, input, ctx('console'))), ['duplicate', '/username']);
  assert.deepEqual(refusal(decideBootstrapAccount({ ...free, administrators: 1, pendingRequest: true }, input, ctx('console'))), ['duplicate', '/username']);
});
