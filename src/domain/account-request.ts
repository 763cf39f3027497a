/**
 * Separation of duties for accounts (issue 14): nobody gives a role alone. A new account, and
 * every change of an account's role or scope, is a request of one administrator that takes
 * effect only when a second administrator approves it. Both steps are events in the log, which
 * name the username, the role, the scope, who asked and who approved — never a password.
 *
 * Refused by name, nothing written: a request about one's own account (`forbidden`, at `/role`
 * or `/scope`); a username that is taken, or that already has a request waiting (`duplicate`);
 * a state for a role not bound to one (`invalid_value`, `/liaison_state`); an approval by the
 * administrator who asked, or by the account the request is about (`same_official`,
 * `/approved_by`); an approval of a request approved already (`invalid_transition`).
 *
 * The first administrators come from the console (`sijill user add`, `account.bootstrapped`)
 * while the register has fewer than two: with one, nobody could approve anything.
 */
import type { Decision, DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import { isRole, stateBoundRoles, type Role } from './permissions.ts';
import { reject } from './rejection.ts';

export const accountRequestChanges = ['create', 'change'] as const;
export type AccountRequestChange = (typeof accountRequestChanges)[number];

/** A scope as it is granted (src/domain/scope.ts ScopeAssignment): the whole register, facilities (ids), courts (names). */
export interface AccountScopeGrant {
  readonly all: boolean;
  readonly facilities: readonly string[];
  readonly courts: readonly string[];
}

/** Ask for a new account. The password and display name stay out of the log (the API keeps them apart until approval). */
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
}

/** What a request is decided against: whether the username has an account, and whether a request for it is waiting. */
export interface AccountRequestState {
  readonly accountExists: boolean;
  readonly pendingRequest: boolean;
}

type Ctx = DecisionContext & { readonly actor: string };

export function decideRequestAccount(state: AccountRequestState, input: RequestAccount, ctx: Ctx): Decision {
  if (!isRole(input.role)) return reject('invalid_value', `unknown role "${input.role}"`, '/role');
  if (input.liaison_state !== null && !stateBoundRoles.includes(input.role)) return reject('invalid_value', `only a ${stateBoundRoles.join(' or ')} account is bound to a state`, '/liaison_state');
  if (state.accountExists) return reject('duplicate', 'this username is taken', '/username');
  if (state.pendingRequest) return reject('duplicate', 'an account with this username is requested already and awaits approval', '/username');
  return [
    newEvent('account.requested', null, ctx.now, {
      request_id: ctx.newId(),
      change: 'create',
      username: input.username,
      role: input.role,
      scope: input.scope,
      liaison_state: input.liaison_state,
      requested_by: ctx.actor,
    }),
  ];
}

export function decideRequestAccountChange(state: AccountRequestState, input: RequestAccountChange, ctx: Ctx): Decision {
  const field = input.role !== null ? '/role' : '/scope';
  if (input.role === null && input.scope === null) return reject('invalid_value', 'give role or scope', '/role');
  if (input.role !== null && !isRole(input.role)) return reject('invalid_value', `unknown role "${input.role}"`, '/role');
  // An administrator does not widen their own powers, not even with another's approval.
  if (input.username === ctx.actor) return reject('forbidden', 'an administrator cannot change their own role or scope: another administrator must ask', field);
  if (!state.accountExists) return reject('not_found', 'no account with this username', '/username');
  if (state.pendingRequest) return reject('duplicate', 'a change of this account awaits approval already', field);
  return [
    newEvent('account.requested', null, ctx.now, {
      request_id: ctx.newId(),
      change: 'change',
      username: input.username,
      role: input.role,
      scope: input.scope,
      liaison_state: null,
      requested_by: ctx.actor,
    }),
  ];
}

export function decideApproveAccountRequest(request: AccountRequest | null, ctx: Ctx): Decision {
  if (!request) return reject('not_found', 'no account request with this id', '/request_id');
  if (request.approved_by !== null) return reject('invalid_transition', 'this request is approved already', '/request_id');
  if (request.requested_by === ctx.actor) return reject('same_official', 'the administrator who asked may not approve: a second administrator must', '/approved_by');
  if (request.username === ctx.actor) return reject('same_official', 'an administrator may not approve a request about their own account', '/approved_by');
  return [newEvent('account.approved', null, ctx.now, { request_id: request.id, username: request.username, approved_by: ctx.actor })];
}

/** The first administrators, made at the console (see the head of this file). */
export function decideBootstrapAccount(state: { readonly administrators: number; readonly accountExists: boolean }, input: RequestAccount, ctx: Ctx): Decision {
  if (state.administrators >= 2) return reject('forbidden', 'this register has two administrators: accounts are requested by one administrator and approved by another (POST /api/accounts)', '/username');
  if (!isRole(input.role)) return reject('invalid_value', `unknown role "${input.role}"`, '/role');
  if (input.liaison_state !== null && !stateBoundRoles.includes(input.role)) return reject('invalid_value', `only a ${stateBoundRoles.join(' or ')} account is bound to a state`, '/liaison_state');
  if (state.accountExists) return reject('duplicate', 'this username is taken', '/username');
  return [newEvent('account.bootstrapped', null, ctx.now, { username: input.username, role: input.role, scope: input.scope, liaison_state: input.liaison_state, created_by: ctx.actor })];
}
