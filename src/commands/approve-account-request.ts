import {
  decideApproveAccountRequest,
  decideBootstrapAccount,
  decideRefuseAccountRequest,
  type AccountRequestDecisionState,
  type AccountRequestState,
  type RequestAccount,
} from '../domain/account-request.ts';
import { accountRequestState, accountRequestUsername, loadAccountRequest, lockAccountUsername } from '../store/account-requests.ts';
import type { Queryable } from '../store/database.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

type Decided = { request_id: string; username: string; events: ReturnType<typeof eventSummary> };

async function lockRequest(tx: Queryable, input: { readonly request_id: string }): Promise<void> {
  const username = await accountRequestUsername(tx, input.request_id);
  if (username) await lockAccountUsername(tx, username);
}

/** The request, and its username's account and the administrators' number as they are now. */
async function loadDecision(tx: Queryable, input: { readonly request_id: string }): Promise<AccountRequestDecisionState> {
  const request = await loadAccountRequest(tx, input.request_id);
  if (!request) return { request: null, account: null, pendingRequest: false, administrators: 0 };
  return { request, ...(await accountRequestState(tx, request.username)) };
}

/**
 * Approve an account request: a second administrator, neither the one who asked nor the account
 * it is about. What it grants or takes away is written by the `effect` the API gives (an account
 * is made there, with its enrolment token, which the log never holds).
 */
export const approveAccountRequest: CommandDefinition<{ readonly request_id: string }, AccountRequestDecisionState, Decided> = {
  kind: 'approve-account-request',
  lock: lockRequest,
  load: loadDecision,
  decide: (state, _input, ctx) => decideApproveAccountRequest(state, ctx),
  respond: (events, input, state) => ({ request_id: input.request_id, username: state.request!.username, events: eventSummary(events) }),
};

/** Refuse an account request, or withdraw one's own: nothing it asked takes effect. */
export const refuseAccountRequest: CommandDefinition<{ readonly request_id: string }, AccountRequestDecisionState, Decided> = {
  kind: 'refuse-account-request',
  lock: lockRequest,
  load: loadDecision,
  decide: (state, _input, ctx) => decideRefuseAccountRequest(state.request, ctx),
  respond: (events, input, state) => ({ request_id: input.request_id, username: state.request!.username, events: eventSummary(events) }),
};

/**
 * An account made at the console while the register has fewer than two administrators
 * (account-request.ts). It locks its username as a request does, so that a pending request for
 * the same username and the console's account never both succeed.
 */
export const bootstrapAccount: CommandDefinition<RequestAccount, AccountRequestState, { username: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'bootstrap-account',
  lock: (tx, input) => lockAccountUsername(tx, input.username),
  load: (tx, input) => accountRequestState(tx, input.username),
  decide: (state, input, ctx) => decideBootstrapAccount(state, input, ctx),
  respond: (events, input) => ({ username: input.username, events: eventSummary(events) }),
};
