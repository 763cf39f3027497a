/**
 * Accounts, for administrators (account.manage): the list (role, scope, second factor, whether the
 * official has set a password yet, failed logins and locks) and one account; requests that a
 * second administrator approves or refuses (domain/account-request.ts) — a new account, a new role
 * or scope, disabling or enabling an administrator, removing a second factor — and their queue;
 * at once: disabling or enabling an account that is not an administrator's, an administrator's own
 * password, resetting another account's password (an enrolment token, never a password someone
 * else chose: enrolment-token.ts), and lifting a login lock.
 *
 * An approval of a new account answers its enrolment token, once: the approver hands it to the
 * official, who sets their own password with it (POST /api/enrolment). The token is in neither the
 * log nor the command's saved response.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import { roles } from '../../domain/permissions.ts';
import { execute, type CommandContext, type CommandOutcome } from '../../commands/execute.ts';
import { requestAccountChange, requestAccountStanding } from '../../commands/request-account.ts';
import { accountRequestChanges, accountRequestStates, accountRequestStatus, type AccountRequest, type AccountStandingChange } from '../../domain/account-request.ts';
import { checkForeignState } from '../../domain/state-profile.ts';
import { approverMadeByRequester, listAccountRequests, loadAccountRequest } from '../../store/account-requests.ts';
import { approveAccountRequestGranting, refuseAccountRequestDropping, requestAccountWith } from '../account-requests.ts';
import { accountStatuses, changeAccount, type AccountStatus } from '../accounts.ts';
import { resetPassword, type IssuedToken } from '../enrolment-token.ts';
import { clearLoginFailures } from '../login-lockout.ts';
import { answer } from '../run-command.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { AccountScopeBody, closed, CreateAccountBody, minPasswordLength, oneOfStrings, problemResponses, usernamePattern } from '../schemas.ts';
import { assignmentOf, checkAssignedFacilities } from '../scope.ts';

const scopeGrant = closed({ all: Type.Boolean(), facilities: Type.Array(Type.String()), courts: Type.Array(Type.String()) });
export const AccountView = closed({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  display_name: Type.String(),
  role: oneOfStrings(roles),
  created_at: Type.String(),
  disabled: Type.Boolean(),
  scope: scopeGrant,
  second_factor: Type.Boolean({ description: 'a second factor is in use' }),
  enrolled: Type.Boolean({ description: 'its official has set a password; false: waiting for them to use their enrolment token' }),
  enrolment_expires_at: Type.Union([Type.String(), Type.Null()], { description: 'until when its enrolment token not yet used is accepted (or was)' }),
  failed_logins: Type.Integer({ description: 'failed logins since the last success' }),
  locked_until: Type.Union([Type.String(), Type.Null()], { description: 'until when logins are refused, when locked now' }),
});
export const AccountsResponse = closed({ accounts: Type.Array(AccountView), total: Type.Integer({ description: 'how many accounts there are in all' }) });
const UsernameParams = closed({ username: Type.String({ pattern: usernamePattern }) });
const offsetQuery = Type.Optional(Type.String({ pattern: '^(?:0|[1-9][0-9]{0,5})$', description: 'how many to skip (default 0)' }));
const limitQuery = Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$', description: 'how many to list, 1–500 (default 100)' }));
const AccountsQuery = closed({ offset: offsetQuery, limit: limitQuery });

const ChangeAccountBody = closed({
  role: Type.Optional(oneOfStrings(roles)),
  scope: Type.Optional(AccountScopeBody),
  password: Type.Optional(Type.String({ minLength: minPasswordLength, maxLength: 1024, description: 'your own account’s new password only' })),
  disabled: Type.Optional(Type.Boolean()),
});
const ChangedAccountResponse = closed({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  display_name: Type.String(),
  role: oneOfStrings(roles),
  created_at: Type.String(),
  disabled: Type.Boolean(),
  sessions_ended: Type.Integer(),
});
const PasswordResetResponse = closed({
  username: Type.String(),
  enrolment_token: Type.String({ description: 'shown only now: hand it to the official, who sets their password with it (POST /api/enrolment)' }),
  expires_at: Type.String(),
  sessions_ended: Type.Integer(),
});

const AccountRequestedResponse = closed({
  request_id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  status: Type.Literal('awaiting_approval', { description: 'in effect once a second administrator approves' }),
});
export const AccountRequestView = closed({
  request_id: Type.String({ format: 'uuid' }),
  change: oneOfStrings(accountRequestChanges),
  status: oneOfStrings(accountRequestStates),
  username: Type.String(),
  role: Type.Union([oneOfStrings(roles), Type.Null()], { description: 'the role asked for; null: unchanged' }),
  scope: Type.Union([scopeGrant, Type.Null()], { description: 'the scope asked for; null: none given, or unchanged' }),
  liaison_state: Type.Union([Type.String(), Type.Null()]),
  requested_by: Type.String(),
  requested_at: Type.String(),
  approved_by: Type.Union([Type.String(), Type.Null()]),
  approved_at: Type.Union([Type.String(), Type.Null()]),
  refused_by: Type.Union([Type.String(), Type.Null()], { description: 'who refused it (the one who asked: withdrawn)' }),
  refused_at: Type.Union([Type.String(), Type.Null()]),
});
export const AccountDetailResponse = closed({ account: AccountView, pending_request: Type.Union([AccountRequestView, Type.Null()]) });
export const AccountRequestsResponse = closed({ requests: Type.Array(AccountRequestView), total: Type.Integer() });
const AccountRequestsQuery = closed({ status: Type.Optional(oneOfStrings(accountRequestStates)), offset: offsetQuery, limit: limitQuery });
export const ApprovalResponse = closed({
  ...AccountRequestView.properties,
  enrolment: Type.Union([closed({ token: Type.String(), expires_at: Type.String() }), Type.Null()], {
    description: 'a new account’s enrolment token, shown only in this answer (null on a retry, and for other requests): hand it to the official',
  }),
});
const RequestParams = closed({ id: Type.String({ format: 'uuid' }) });

export function presentRequest(r: AccountRequest): Static<typeof AccountRequestView> {
  return {
    request_id: r.id, change: r.change, status: accountRequestStatus(r), username: r.username, role: r.role,
    scope: r.scope ? { all: r.scope.all, facilities: [...r.scope.facilities], courts: [...r.scope.courts] } : null, liaison_state: r.liaison_state,
    requested_by: r.requested_by, requested_at: r.requested_at, approved_by: r.approved_by, approved_at: r.approved_at, refused_by: r.refused_by ?? null, refused_at: r.refused_at ?? null,
  };
}

function presentAccount(a: AccountStatus): Static<typeof AccountView> {
  return { ...a, scope: { all: a.scope.all, facilities: [...a.scope.facilities], courts: [...a.scope.courts] } };
}

const page = (query: { offset?: string; limit?: string }) => ({ offset: Number(query.offset ?? 0), limit: Number(query.limit ?? 100) });

/** Register the account routes. */
export function accountRoutes(app: FastifyInstance, ctx: ApiContext): void {
  /**
   * Who runs an account command: the administrator, under the request's Idempotency-Key (a new
   * one when none is sent).
   */
  function accountCommandContext(request: FastifyRequest): CommandContext {
    const key = request.headers['idempotency-key'];
    return {
      actor: request.account!.username,
      role: request.account!.role,
      idempotencyKey: typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : randomUUID(),
      request: { route: `${request.method} ${request.routeOptions.url ?? ''}`, params: request.params ?? {}, body: request.body ?? {} },
    };
  }

  async function targetOf(username: string): Promise<{ id: string; role: string; disabled: boolean; enrolled: boolean }> {
    const { rows } = await ctx.db.query<{ id: string; role: string; disabled: boolean; enrolled: boolean }>(
      'SELECT id, role, disabled_at IS NOT NULL AS disabled, password_hash IS NOT NULL AS enrolled FROM account WHERE username = $1',
      [username],
    );
    if (!rows[0]) throw new ApiProblem('not_found', 'no account with this username', '/params/username');
    return rows[0];
  }

  /** A request asked for (or its refusal as a problem): 202, in effect once a second administrator approves. */
  function awaitingApproval(
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: CommandOutcome<{ request_id: string }>,
    username: string,
    log: { readonly message: string; readonly fields?: Record<string, unknown>; readonly fromPath?: Record<string, string> },
  ) {
    const requested = answer(outcome, reply, log.fromPath);
    request.log.info({ account: username, ...log.fields, by: request.account!.username }, log.message);
    return reply.code(202).send({ request_id: requested.request_id, username, status: 'awaiting_approval' });
  }

  async function requestStanding(request: FastifyRequest, reply: FastifyReply, username: string, change: AccountStandingChange) {
    const outcome = await execute(ctx.register, requestAccountStanding, { username, change }, accountCommandContext(request));
    return awaitingApproval(request, reply, outcome, username, { message: 'account change requested', fields: { change }, fromPath: { '/username': '/params/username' } });
  }

  app.post<{ Body: Static<typeof CreateAccountBody> }>(
    '/api/accounts',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Ask for an official’s account (separation of duties): it is made when a second administrator approves the request (POST /api/account-requests/{id}/approval), which answers the enrolment token with which the official sets their own password. The request is an event in the log, with the username, role and scope — nobody gives the new account a password',
        body: CreateAccountBody,
        response: { 202: AccountRequestedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { username, display_name, role, scope, liaison_state } = request.body;
      if (!display_name.trim()) throw new ApiProblem('invalid_value', 'give the account a display name', '/display_name');
      if (liaison_state !== undefined) {
        const bad = checkForeignState(liaison_state, '/liaison_state');
        if (bad) throw new ApiProblem('invalid_value', bad.message, '/liaison_state');
      }
      const assignment = scope && assignmentOf(scope);
      if (assignment) await checkAssignedFacilities(ctx.db, assignment.facilities, '/scope/facilities');
      const outcome = await execute(
        ctx.register,
        requestAccountWith({ displayName: display_name }),
        { username, role, scope: assignment ?? null, liaison_state: liaison_state ?? null },
        accountCommandContext(request),
      );
      return awaitingApproval(request, reply, outcome, username, { message: 'account requested', fields: { role } });
    },
  );

  app.get<{ Querystring: Static<typeof AccountRequestsQuery> }>(
    '/api/account-requests',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Requests about accounts (new accounts, roles and scopes, disabling or enabling administrators, removing second factors): those awaiting a second administrator’s decision first, then the latest; one status only with `status`; a page with `offset` and `limit`',
        querystring: AccountRequestsQuery,
        response: { 200: AccountRequestsResponse, ...problemResponses },
      },
    },
    async (request) => {
      const found = await listAccountRequests(ctx.db, { ...(request.query.status ? { status: request.query.status } : {}), ...page(request.query) });
      return { requests: found.requests.map(presentRequest), total: found.total };
    },
  );

  app.post<{ Params: Static<typeof RequestParams> }>(
    '/api/account-requests/:id/approval',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Approve a request: a second administrator, neither the one who asked (403 `same_official` at `/approved_by`) nor the account it is about. What it asked is in effect from now (a new role, disabling, a second factor removed: the account’s sessions end); a new account’s enrolment token is in this answer only. Refused with 409 `too_few_administrators` when it would leave fewer than two enabled administrators. An event in the log',
        params: RequestParams,
        response: { 200: ApprovalResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (await approverMadeByRequester(ctx.db, request.params.id, request.account!.username)) {
        throw new ApiProblem('same_official', 'your account, or its role, was asked for by the administrator who asked for this (or by an account they asked for): another administrator must approve', '/approved_by');
      }
      let issued: IssuedToken | null = null;
      const command = approveAccountRequestGranting({ tokenHours: ctx.enrolmentTokenHours, issued: (token) => (issued = token) });
      const approved = answer(await execute(ctx.register, command, { request_id: request.params.id }, accountCommandContext(request)), reply, { '/request_id': '/params/id' });
      request.log.info({ account: approved.username, by: request.account!.username }, 'account request approved');
      const token = issued as IssuedToken | null;
      return { ...presentRequest((await loadAccountRequest(ctx.db, approved.request_id))!), enrolment: token ? { token: token.token, expires_at: token.expires_at } : null };
    },
  );

  app.post<{ Params: Static<typeof RequestParams> }>(
    '/api/account-requests/:id/refusal',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Refuse a request (or, by the administrator who asked, withdraw it): nothing it asked takes effect. Not by the account it is about (403 `same_official`). An event in the log',
        params: RequestParams,
        response: { 200: AccountRequestView, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = answer(await execute(ctx.register, refuseAccountRequestDropping, { request_id: request.params.id }, accountCommandContext(request)), reply, { '/request_id': '/params/id' });
      request.log.info({ account: refused.username, by: request.account!.username }, 'account request refused');
      return presentRequest((await loadAccountRequest(ctx.db, refused.request_id))!);
    },
  );

  app.get<{ Querystring: Static<typeof AccountsQuery> }>(
    '/api/accounts',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Accounts by username, a page at a time (`offset`, `limit`): role, scope, second factor, whether the official has set a password, failed logins and any lock now',
        querystring: AccountsQuery,
        response: { 200: AccountsResponse, ...problemResponses },
      },
    },
    async (request) => {
      const found = await accountStatuses(ctx.db, ctx.clock(), page(request.query));
      return { accounts: found.accounts.map(presentAccount), total: found.total };
    },
  );

  app.get<{ Params: Static<typeof UsernameParams> }>(
    '/api/accounts/:username',
    {
      config: { permission: 'account.manage' },
      schema: { tags: ['accounts'], summary: 'One account, and the request about it awaiting a decision, if any', params: UsernameParams, response: { 200: AccountDetailResponse, ...problemResponses } },
    },
    async (request) => {
      const found = (await accountStatuses(ctx.db, ctx.clock(), { username: request.params.username })).accounts[0];
      if (!found) throw new ApiProblem('not_found', 'no account with this username', '/params/username');
      const { rows: pending } = await ctx.db.query<{ record: AccountRequest }>("SELECT record FROM account_request WHERE username = $1 AND status = 'awaiting_approval'", [found.username]);
      return { account: presentAccount(found), pending_request: pending[0] ? presentRequest(pending[0].record) : null };
    },
  );

  app.delete<{ Params: Static<typeof UsernameParams> }>(
    '/api/accounts/:username/lock',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Lift an account’s login lock and forget its failed logins',
        params: UsernameParams,
        response: { 204: Type.Null({ description: 'Unlocked (or was not locked)' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      await targetOf(username);
      if (await clearLoginFailures(ctx.db, username)) request.log.info({ account: username, by: request.account!.username }, 'login lock lifted');
      return reply.code(204).send();
    },
  );

  app.patch<{ Params: Static<typeof UsernameParams>; Body: Static<typeof ChangeAccountBody> }>(
    '/api/accounts/:username',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Ask for a new role or scope, or to disable or enable an administrator (202: in effect when a second administrator approves, POST /api/account-requests/{id}/approval; never below two enabled administrators); disable or enable any other account at once (every session of the account ends); change your own password. Another account’s password is reset with a token (POST /api/accounts/{username}/password-reset)',
        params: UsernameParams,
        body: ChangeAccountBody,
        response: { 200: ChangedAccountResponse, 202: AccountRequestedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const self = request.params.username === request.account!.username;
      if (body.role === undefined && body.password === undefined && body.disabled === undefined && body.scope === undefined) throw new ApiProblem('invalid_request', 'give role, scope, password or disabled', '');
      const target = await targetOf(request.params.username);
      // Separation of duties: an administrator does not widen their own powers.
      if (self && (body.role !== undefined || body.scope !== undefined)) {
        throw new ApiProblem('forbidden', 'an administrator cannot change their own role or scope: another administrator must', body.role !== undefined ? '/role' : '/scope');
      }
      if (body.role !== undefined || body.scope !== undefined) {
        // A new role or scope is a request that a second administrator approves.
        if (body.password !== undefined || body.disabled !== undefined) {
          throw new ApiProblem('invalid_request', 'a new role or scope is a request a second administrator approves: send a password or disabled apart', body.password !== undefined ? '/password' : '/disabled');
        }
        const scope = body.scope && assignmentOf(body.scope);
        if (scope) await checkAssignedFacilities(ctx.db, scope.facilities, '/scope/facilities');
        const outcome = await execute(ctx.register, requestAccountChange, { username: request.params.username, role: body.role ?? null, scope: scope ?? null }, accountCommandContext(request));
        return awaitingApproval(request, reply, outcome, request.params.username, { message: 'change of role or scope requested', fromPath: { '/username': '/params/username' } });
      }
      // Nobody chooses another official's password: it is reset with a token its official uses.
      if (body.password !== undefined && !self) {
        throw new ApiProblem('forbidden', `another account’s password is never set by an administrator: reset it (POST /api/accounts/${request.params.username}/password-reset) and hand its official the token`, '/password');
      }
      // An administrator's account is disabled or enabled only with a second administrator's approval.
      if (body.disabled !== undefined && target.role === 'administrator') {
        if (body.password !== undefined) throw new ApiProblem('invalid_request', 'disabling or enabling an administrator is a request a second administrator approves: send a password apart', '/password');
        return requestStanding(request, reply, request.params.username, body.disabled ? 'disable' : 'enable');
      }
      const changed = await ctx.db.transaction((tx) =>
        changeAccount(
          tx,
          request.params.username,
          { ...(body.password === undefined ? {} : { password: body.password }), ...(body.disabled === undefined ? {} : { disabled: body.disabled }) },
          { by: request.account!.id, now: ctx.clock(), cost: ctx.passwordCost },
        ),
      );
      if (!changed) throw new ApiProblem('not_found', 'no account with this username', '/params/username');
      request.log.info({ account: changed.username, by: request.account!.username, sessions_ended: changed.sessions_ended }, 'account changed');
      return changed;
    },
  );

  app.post<{ Params: Static<typeof UsernameParams> }>(
    '/api/accounts/:username/password-reset',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Reset another account’s password: the password stops working, every session of the account ends, and an enrolment token (shown only in this answer) lets its official set a new one. Also gives a new token to an account whose official has not yet used theirs. An administrator’s password is reset by nobody (its owner changes it), except an administrator who never set one, by an administrator other than the one who asked for the account',
        params: UsernameParams,
        response: { 201: PasswordResetResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      const target = await targetOf(username);
      if (username === request.account!.username) throw new ApiProblem('forbidden', 'change your own password with PATCH /api/accounts/{username} and your password', '/params/username');
      if (target.disabled) throw new ApiProblem('invalid_transition', 'this account is disabled: a token for it could not be used', '/params/username');
      if (target.role === 'administrator') {
        // Whoever held an administrator's token could approve as them: only one that never set a
        // password gets a new token, and not from the administrator who asked for it.
        const { rows } = await ctx.db.query<{ requested_by: string }>("SELECT record->>'requested_by' AS requested_by FROM account_request WHERE username = $1 AND record->>'change' = 'create' AND status = 'approved'", [username]);
        if (target.enrolled || rows.some((r) => r.requested_by === request.account!.username)) {
          throw new ApiProblem('forbidden', 'an administrator’s password is changed by its owner only; a new token for one who never set a password is given by an administrator other than the one who asked for the account', '/params/username');
        }
      }
      const reset = await ctx.db.transaction((tx) => resetPassword(tx, target.id, { by: request.account!.id, now: ctx.clock(), hours: ctx.enrolmentTokenHours }));
      request.log.info({ account: username, by: request.account!.username, sessions_ended: reset.sessions_ended }, 'password reset: enrolment token issued');
      return reply.code(201).send({ username, enrolment_token: reset.token, expires_at: reset.expires_at, sessions_ended: reset.sessions_ended });
    },
  );

  app.delete<{ Params: Static<typeof UsernameParams> }>(
    '/api/accounts/:username/second-factor',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Ask to remove an account’s second factors — its authenticator app and its security keys — and its recovery codes (a lost phone or key): 202, in effect when a second administrator approves (POST /api/account-requests/{id}/approval); then every session of the account ends and it enrols again at its next login. On the register’s machine, `sijill user remove-second-factor` does it at once (the last administrators’ included)',
        params: UsernameParams,
        response: { 202: AccountRequestedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      await targetOf(request.params.username);
      return requestStanding(request, reply, request.params.username, 'second_factor_reset');
    },
  );
}
