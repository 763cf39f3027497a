/**
 * Separation of duties for accounts (issue 14): nobody gives a role alone, nor takes an
 * administrator's away alone. A new account; every change of an account's role or scope; and,
 * for an administrator's account, disabling or enabling it; and removing any account's second
 * factor — each is a request of one administrator that takes effect only when a second
 * administrator approves it, or ends when one refuses it. Every step is an event in the log,
 * which names the username, the role, the scope, who asked and who approved or refused — never
 * a password, a hash, an enrolment token or a display name.
 *
 * A request moves `awaiting_approval` → `approved` or `refused` (docs/state-machines.md), once.
 * The requester may withdraw their own request (a refusal by them); the account a request is
 * about may neither approve nor refuse it.
 *
 * Refused by name, nothing written: a request about one's own account (`forbidden`, at `/role`,
 * `/scope`, `/disabled` or `/username`); a username that is taken, or that already has a request
 * waiting (`duplicate`); a state for a role not bound to one (`invalid_value`, `/liaison_state`);
 * disabling what is disabled, enabling what is enabled, removing a second factor that is not
 * there (`invalid_transition`); anything that would leave fewer than two enabled administrators
 * (`too_few_administrators`); an approval or refusal by the administrator who asked, or by the
 * account the request is about (`same_official`); a second decision on a request (`invalid_transition`).
 *
 * The first administrators come from the console (`sijill user add`, `account.bootstrapped`)
 * while the register has fewer than two: with one, nobody could approve anything. A username
 * requested through the API and awaiting approval is not the console's to take.
 */
import type { Decision, DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import { isRole, stateBoundRoles, type Role } from './permissions.ts';
import { reject } from './rejection.ts';

/**
 * What a request asks: `create` a new account; `change` its role and/or scope; `disable` or
 * `enable` it; `second_factor_reset`: remove its second factor (it enrols again at its next login).
 */
export const accountRequestChanges = ['create', 'change', 'disable', 'enable', 'second_factor_reset'] as const;
export type AccountRequestChange = (typeof accountRequestChanges)[number];

/** A change of an account's standing, asked without a role or scope. */
export type AccountStandingChange = Extract<AccountRequestChange, 'disable' | 'enable' | 'second_factor_reset'>;

export const accountRequestStates = ['awaiting_approval', 'approved', 'refused'] as const;
export type AccountRequestStatus = (typeof accountRequestStates)[number];

/** The register always keeps this many enabled administrators: one asks, another approves. */
export const minimumAdministrators = 2;

/** A scope as it is granted (src/domain/scope.ts ScopeAssignment): the whole register, facilities (ids), courts (names). */
export interface AccountScopeGrant {
  readonly all: boolean;
  readonly facilities: readonly string[];
  readonly courts: readonly string[];
}

/** Ask for a new account. Its display name stays out of the log (the API keeps it apart until approval); nobody chooses its password but its official. */
export interface RequestAccount {
  readonly username: string;
  readonly role: Role;
  readonly scope: AccountScopeGrant | null;
  readonly liaison_state: string | null;
}

/** Ask for a new role and/or scope for an existing account. */
export interface RequestAccountChange {
  readonly username: string;
  readonly role: Role | null;
  readonly scope: AccountScopeGrant | null;
}

/** Ask to disable or enable an account, or to remove its second factor. */
export interface RequestAccountStanding {
  readonly username: string;
  readonly change: AccountStandingChange;
}

/** A request as the projection keeps it. */
export interface AccountRequest {
  readonly id: string;
  readonly change: AccountRequestChange;
  readonly username: string;
  readonly role: Role | null;
  readonly scope: AccountScopeGrant | null;
  readonly liaison_state: string | null;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly approved_by: string | null;
  readonly approved_at: string | null;
  readonly refused_by: string | null;
  readonly refused_at: string | null;
}

/** Where a request stands. */
export function accountRequestStatus(request: AccountRequest): AccountRequestStatus {
  return request.approved_by !== null ? 'approved' : request.refused_by !== null ? 'refused' : 'awaiting_approval';
}

/** The account a username names, as far as requests about it are concerned. */
export interface AccountStanding {
  readonly role: Role;
  readonly disabled: boolean;
  /** It has a second factor (enrolled, or begun). */
  readonly secondFactor: boolean;
}

/** What a request is decided against: the username's account (null: none), whether a request about it waits, and how many administrators are enabled. */
export interface AccountRequestState {
  readonly account: AccountStanding | null;
  readonly pendingRequest: boolean;
  readonly administrators: number;
}

type Ctx = DecisionContext & { readonly actor: string };

/** Whether taking this account out of the administrators' number would leave too few. */
function lastAdministrators(state: AccountRequestState): boolean {
  return state.account !== null && state.account.role === 'administrator' && !state.account.disabled && state.administrators - 1 < minimumAdministrators;
}

const tooFew = (field: string) =>
  reject('too_few_administrators', `the register keeps at least ${minimumAdministrators} enabled administrators: ask for another administrator's account first`, field);

function requested(ctx: Ctx, data: { change: AccountRequestChange; username: string; role: Role | null; scope: AccountScopeGrant | null; liaison_state: string | null }) {
  return [newEvent('account.requested', null, ctx.now, { request_id: ctx.newId(), ...data, requested_by: ctx.actor })];
}

export function decideRequestAccount(state: AccountRequestState, input: RequestAccount, ctx: Ctx): Decision {
  if (!isRole(input.role)) return reject('invalid_value', `unknown role "${input.role}"`, '/role');
  if (input.liaison_state !== null && !stateBoundRoles.includes(input.role)) return reject('invalid_value', `only a ${stateBoundRoles.join(' or ')} account is bound to a state`, '/liaison_state');
  if (state.account) return reject('duplicate', 'this username is taken', '/username');
  if (state.pendingRequest) return reject('duplicate', 'an account with this username is requested already and awaits approval', '/username');
  return requested(ctx, { change: 'create', username: input.username, role: input.role, scope: input.scope, liaison_state: input.liaison_state });
}

export function decideRequestAccountChange(state: AccountRequestState, input: RequestAccountChange, ctx: Ctx): Decision {
  const field = input.role !== null ? '/role' : '/scope';
  if (input.role === null && input.scope === null) return reject('invalid_value', 'give role or scope', '/role');
  if (input.role !== null && !isRole(input.role)) return reject('invalid_value', `unknown role "${input.role}"`, '/role');
  // An administrator does not widen their own powers, not even with another's approval.
  if (input.username === ctx.actor) return reject('forbidden', 'an administrator cannot change their own role or scope: another administrator must ask', field);
  if (!state.account) return reject('not_found', 'no account with this username', '/username');
  if (state.pendingRequest) return reject('duplicate', 'a change of this account awaits approval already', field);
  if (input.role !== null && input.role !== 'administrator' && lastAdministrators(state)) return tooFew('/role');
  return requested(ctx, { change: 'change', username: input.username, role: input.role, scope: input.scope, liaison_state: null });
}

/** Where a refusal of a standing change points: the control that asked for it. */
const standingField = (change: AccountStandingChange) => (change === 'second_factor_reset' ? '/username' : '/disabled');

/** Why an account cannot have this change of standing now, if it cannot (the same at the request and at its approval). */
function standingRefusal(state: AccountRequestState, change: AccountStandingChange, field: string): ReturnType<typeof reject> | null {
  const account = state.account;
  if (!account) return reject('not_found', 'no account with this username', '/username');
  if (change === 'disable' && account.disabled) return reject('invalid_transition', 'this account is disabled already', field);
  if (change === 'enable' && !account.disabled) return reject('invalid_transition', 'this account is enabled already', field);
  if (change === 'second_factor_reset' && !account.secondFactor) return reject('invalid_transition', 'this account has no second factor to remove', field);
  if (change === 'disable' && lastAdministrators(state)) return tooFew(field);
  return null;
}

export function decideRequestAccountStanding(state: AccountRequestState, input: RequestAccountStanding, ctx: Ctx): Decision {
  const field = standingField(input.change);
  if (input.username === ctx.actor) return reject('forbidden', 'an administrator does not ask about their own account: another administrator must ask', field);
  const refused = standingRefusal(state, input.change, field);
  if (refused) return refused;
  if (state.pendingRequest) return reject('duplicate', 'a change of this account awaits approval already', field);
  return requested(ctx, { change: input.change, username: input.username, role: null, scope: null, liaison_state: null });
}

/** What an approval or a refusal is decided against: the request, and the state of its username now. */
export interface AccountRequestDecisionState extends AccountRequestState {
  readonly request: AccountRequest | null;
}

/** The refusals common to approving and refusing: no such request, decided already, the account concerned deciding. */
function decisionRefusal(request: AccountRequest | null, ctx: Ctx, field: string): ReturnType<typeof reject> | null {
  if (!request) return reject('not_found', 'no account request with this id', '/request_id');
  const status = accountRequestStatus(request);
  if (status !== 'awaiting_approval') return reject('invalid_transition', `this request is ${status === 'approved' ? 'approved' : 'refused'} already`, '/request_id');
  if (request.username === ctx.actor) return reject('same_official', 'an administrator may not decide a request about their own account', field);
  return null;
}

export function decideApproveAccountRequest(state: AccountRequestDecisionState, ctx: Ctx): Decision {
  const { request } = state;
  const refused = decisionRefusal(request, ctx, '/approved_by');
  if (refused) return refused;
  if (request!.requested_by === ctx.actor) return reject('same_official', 'the administrator who asked may not approve: a second administrator must', '/approved_by');
  // What may have changed since the request: the rules of the request hold again at its approval.
  if (request!.change === 'create' && state.account) return reject('duplicate', 'an account with this username exists already', '/request_id');
  if (request!.change !== 'create' && !state.account) return reject('not_found', 'the account of this request is not on the register', '/request_id');
  if (request!.change === 'change' && request!.role !== null && request!.role !== 'administrator' && lastAdministrators(state)) return tooFew('/request_id');
  if (request!.change === 'disable' || request!.change === 'enable' || request!.change === 'second_factor_reset') {
    const standing = standingRefusal(state, request!.change, '/request_id');
    if (standing) return standing;
  }
  return [newEvent('account.approved', null, ctx.now, { request_id: request!.id, username: request!.username, approved_by: ctx.actor })];
}

/** Refuse a request — or, by the administrator who asked, withdraw it. Nothing it asked takes effect. */
export function decideRefuseAccountRequest(request: AccountRequest | null, ctx: Ctx): Decision {
  const refused = decisionRefusal(request, ctx, '/refused_by');
  if (refused) return refused;
  return [newEvent('account.request_refused', null, ctx.now, { request_id: request!.id, username: request!.username, refused_by: ctx.actor })];
}

/** The first administrators, made at the console (see the head of this file). */
export function decideBootstrapAccount(state: AccountRequestState, input: RequestAccount, ctx: Ctx): Decision {
  if (state.administrators >= minimumAdministrators) return reject('forbidden', 'this register has two administrators: accounts are requested by one administrator and approved by another (POST /api/accounts)', '/username');
  if (!isRole(input.role)) return reject('invalid_value', `unknown role "${input.role}"`, '/role');
  if (input.liaison_state !== null && !stateBoundRoles.includes(input.role)) return reject('invalid_value', `only a ${stateBoundRoles.join(' or ')} account is bound to a state`, '/liaison_state');
  if (state.account) return reject('duplicate', 'this username is taken', '/username');
  if (state.pendingRequest) return reject('duplicate', 'an account with this username is requested through the API and awaits approval', '/username');
  return [newEvent('account.bootstrapped', null, ctx.now, { username: input.username, role: input.role, scope: input.scope, liaison_state: input.liaison_state, created_by: ctx.actor })];
}
