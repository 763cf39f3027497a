import { decideApproveAccountRequest, decideBootstrapAccount, type AccountRequest, type RequestAccount } from '../domain/account-request.ts';
import { accountRequestState, accountRequestUsername, administratorCount, loadAccountRequest, lockAccountUsername } from '../store/account-requests.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/**
 * Approve an account request: a second administrator, neither the one who asked nor the account
 * it is about. The account, or its new role or scope, is written by the `effect` the API gives
 * (it holds the password hash, which the log never does).
 */
export const approveAccountRequest: CommandDefinition<{ readonly request_id: string }, AccountRequest | null, { request_id: string; username: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'approve-account-request',
  async lock(tx, input) {
    const username = await accountRequestUsername(tx, input.request_id);
    if (username) await lockAccountUsername(tx, username);
  },
  load: (tx, input) => loadAccountRequest(tx, input.request_id),
  decide: (request, _input, ctx) => decideApproveAccountRequest(request, ctx),
  respond: (events, input, request) => ({ request_id: input.request_id, username: request!.username, events: eventSummary(events) }),
};

/** An account made at the console while the register has fewer than two administrators (account-request.ts). */
export const bootstrapAccount: CommandDefinition<RequestAccount, { administrators: number; accountExists: boolean }, { username: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'bootstrap-account',
  // One bootstrap at a time: two consoles cannot both make "the second" administrator.
  lock: (tx) => lockAccountUsername(tx, '\0administrators'),
  load: async (tx, input) => ({ administrators: await administratorCount(tx), accountExists: (await accountRequestState(tx, input.username)).accountExists }),
  decide: (state, input, ctx) => decideBootstrapAccount(state, input, ctx),
  respond: (events, input) => ({ username: input.username, events: eventSummary(events) }),
};
