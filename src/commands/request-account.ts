import {
  decideRequestAccount,
  decideRequestAccountChange,
  decideRequestAccountStanding,
  type AccountRequestState,
  type RequestAccount,
  type RequestAccountChange,
  type RequestAccountStanding,
} from '../domain/account-request.ts';
import { accountRequestState, lockAccountUsername } from '../store/account-requests.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

type Requested = { request_id: string; events: ReturnType<typeof eventSummary> };
const requestId = (events: Parameters<CommandDefinition<unknown, unknown, Requested>['respond']>[0]) => (events[0]!.data as { request_id: string }).request_id;

/** Ask for a new account: it is made when a second administrator approves (approve-account-request.ts). */
export const requestAccount: CommandDefinition<RequestAccount, AccountRequestState, Requested> = {
  kind: 'request-account',
  lock: (tx, input) => lockAccountUsername(tx, input.username),
  load: (tx, input) => accountRequestState(tx, input.username),
  decide: (state, input, ctx) => decideRequestAccount(state, input, ctx),
  respond: (events) => ({ request_id: requestId(events), events: eventSummary(events) }),
};

/** Ask for a new role or scope for an account: in effect when a second administrator approves. */
export const requestAccountChange: CommandDefinition<RequestAccountChange, AccountRequestState, Requested> = {
  kind: 'request-account-change',
  lock: (tx, input) => lockAccountUsername(tx, input.username),
  load: (tx, input) => accountRequestState(tx, input.username),
  decide: (state, input, ctx) => decideRequestAccountChange(state, input, ctx),
  respond: (events) => ({ request_id: requestId(events), events: eventSummary(events) }),
};

/** Ask to disable or enable an administrator's account, or to remove an account's second factor: in effect when a second administrator approves. */
export const requestAccountStanding: CommandDefinition<RequestAccountStanding, AccountRequestState, Requested> = {
  kind: 'request-account-standing',
  lock: (tx, input) => lockAccountUsername(tx, input.username),
  load: (tx, input) => accountRequestState(tx, input.username),
  decide: (state, input, ctx) => decideRequestAccountStanding(state, input, ctx),
  respond: (events) => ({ request_id: requestId(events), events: eventSummary(events) }),
};
