/**
 * Login (password, then a second factor where one is in use or required: a code, second-factor.ts,
 * or a security key, security-keys.ts and routes/security-keys.ts), enrolling a second factor, logout, "who am I", and accounts: creation by an administrator,
 * changes of role, password and disabling (each ends the account's sessions), removing a lost
 * second factor, and the list of accounts with their failed logins and locks, which an
 * administrator can lift.
 *
 * Password guessing is held back twice (see config.ts `LoginThrottle`): per client address by
 * @fastify/rate-limit, which counts failed logins from an address across all accounts (the
 * address is the client's, behind trusted proxies too: SIJILL_TRUST_PROXY), and per account
 * by a lock with back-off kept in the database (login-lockout.ts). The web login form sends its
 * request here with the browser's address, so both limits hold for it as well. A refusal is a
 * 429 `too_many_attempts` problem with Retry-After.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type, type Static } from '@sinclair/typebox';
import { can, permissions, roles } from '../../domain/permissions.ts';
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext } from '../../commands/execute.ts';
import { requestAccountChange } from '../../commands/request-account.ts';
import { accountRequestChanges, type AccountRequest } from '../../domain/account-request.ts';
import { checkForeignState } from '../../domain/state-profile.ts';
import { approverMadeByRequester, listAccountRequests, loadAccountRequest } from '../../store/account-requests.ts';
import { approveAccountRequestGranting, requestAccountWith } from '../account-requests.ts';
import { answer } from '../run-command.ts';
import {
  accountStatuses,
  changeAccount,
  createSession,
  hashPassword,
  endSession,
  pendingLoginMinutes,
  revokeSessions,
  verifyLogin,
  type Account,
  type SessionAccount,
  type SessionStage,
} from '../accounts.ts';
import { secondFactorRequired } from '../../domain/permissions.ts';
import { auditAccount, beginEnrolment, checkCode, confirmEnrolment, factorState, pendingEnrolment, recoveryCodesLeft, removeFactor, secondFactorInUse, useRecoveryCode } from '../second-factor.ts';
import { securityKeyRoutes } from './security-keys.ts';
import { beginLoginAttempt, clearLoginFailures, loginSucceeded, passwordRight, secondsUntil } from '../login-lockout.ts';
import { sessionCookie } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { AccountScopeBody, closed, CreateAccountBody, LoginBody, minPasswordLength, oneOfStrings, SessionResponse, problemResponses, usernamePattern } from '../schemas.ts';
import { assignmentOf, checkAssignedFacilities } from '../scope.ts';

const AccountsResponse = closed({
  accounts: Type.Array(
    closed({
      id: Type.String({ format: 'uuid' }),
      username: Type.String(),
      display_name: Type.String(),
      role: oneOfStrings(roles),
      created_at: Type.String(),
      disabled: Type.Boolean(),
      failed_logins: Type.Integer({ description: 'failed logins since the last success' }),
      locked_until: Type.Union([Type.String(), Type.Null()], { description: 'until when logins are refused, when locked now' }),
    }),
  ),
});
const UsernameParams = closed({ username: Type.String({ pattern: usernamePattern }) });

const totpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'the six digits the authenticator shows now' });
const SecondStepBody = closed({
  code: Type.Optional(totpCode),
  recovery_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'one of the recovery codes given at enrolment' })),
});
const CodeBody = closed({ code: totpCode });
const EnrolmentResponse = closed({
  secret: Type.String({ description: 'the secret in base32, to type into an authenticator' }),
  otpauth_uri: Type.String({ description: 'the otpauth:// URI (RFC 6238 TOTP, SHA-1, 6 digits, 30 s)' }),
  qr_svg: Type.String({ description: 'the URI as a QR code, an SVG image' }),
});
const FactorResponse = closed({
  enrolled: Type.Boolean({ description: 'whether the account has a second factor in use: its authenticator app, or a security key' }),
  authenticator_app: Type.Boolean({ description: 'whether the account’s authenticator app (TOTP) is in use' }),
  security_keys: Type.Integer({ description: 'how many security keys the account has (GET /api/account/security-keys)' }),
  required: Type.Boolean({ description: 'whether the account’s role must log in with a second factor on this register' }),
  pending: Type.Union([EnrolmentResponse, Type.Null()], { description: 'an enrolment begun and not yet confirmed' }),
  recovery_codes_left: Type.Integer(),
});
const ConfirmationResponse = closed({
  recovery_codes: Type.Array(Type.String(), { description: 'ten single-use codes, shown only now' }),
  session: SessionResponse,
  completed_login: Type.Boolean({ description: 'the login that was waiting for this enrolment is now complete' }),
});
const LoginNextStep = closed({
  next: oneOfStrings(['second_factor', 'enrolment'] as const),
  expires_at: Type.String({ description: 'when this half-finished login ends' }),
});
const ChangeAccountBody = closed({
  role: Type.Optional(oneOfStrings(roles)),
  scope: Type.Optional(AccountScopeBody),
  password: Type.Optional(Type.String({ minLength: minPasswordLength, maxLength: 1024 })),
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

const AccountRequestedResponse = closed({
  request_id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  status: Type.Literal('awaiting_approval', { description: 'in effect once a second administrator approves' }),
});
const scopeGrant = closed({ all: Type.Boolean(), facilities: Type.Array(Type.String()), courts: Type.Array(Type.String()) });
const AccountRequestView = closed({
  request_id: Type.String({ format: 'uuid' }),
  change: oneOfStrings(accountRequestChanges),
  username: Type.String(),
  role: Type.Union([oneOfStrings(roles), Type.Null()], { description: 'the role asked for; null: unchanged' }),
  scope: Type.Union([scopeGrant, Type.Null()], { description: 'the scope asked for; null: none given, or unchanged' }),
  liaison_state: Type.Union([Type.String(), Type.Null()]),
  requested_by: Type.String(),
  requested_at: Type.String(),
  approved_by: Type.Union([Type.String(), Type.Null()]),
  approved_at: Type.Union([Type.String(), Type.Null()]),
});
const AccountRequestsResponse = closed({ requests: Type.Array(AccountRequestView) });
const RequestParams = closed({ id: Type.String({ format: 'uuid' }) });

function presentRequest(r: AccountRequest): Static<typeof AccountRequestView> {
  return {
    request_id: r.id, change: r.change, username: r.username, role: r.role, scope: r.scope ? { all: r.scope.all, facilities: [...r.scope.facilities], courts: [...r.scope.courts] } : null, liaison_state: r.liaison_state,
    requested_by: r.requested_by, requested_at: r.requested_at, approved_by: r.approved_by, approved_at: r.approved_at,
  };
}

/** Refuse with 429 and Retry-After. */
function tooManyAttempts(reply: FastifyReply, seconds: number, detail: string): ApiProblem {
  reply.header('retry-after', String(seconds));
  return new ApiProblem('too_many_attempts', `${detail}: try again in ${seconds} second${seconds === 1 ? '' : 's'}`);
}

function presentSession(account: SessionAccount): Static<typeof SessionResponse> {
  return {
    username: account.username,
    display_name: account.display_name,
    role: account.role,
    permissions: permissions.filter((p) => can(account.role, p)),
    expires_at: account.expires_at,
  };
}

/** Register the session and account routes. */
export function sessionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: ctx.secureCookies } as const;

  const throttle = ctx.loginThrottle;
  // In a scope of its own, so that the rate limiter is loaded before the login route is added.
  app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    const failuresFrom = scope.createRateLimit({ max: throttle.addressFailures, timeWindow: throttle.addressWindowSeconds * 1000 });
    /**
     * Whether a login step (a password, or a second-factor code) may be tried at all: the
     * address first — a client that has failed too often is refused before any work — then the
     * account's lock. A refusal counts against the address.
     */
    async function admitAttempt(request: FastifyRequest, reply: FastifyReply, username: string, now: Date): Promise<void> {
      const address = await failuresFrom(request, { increment: false });
      if (!address.isAllowed && address.remaining === 0 && address.ttlInSeconds > 0) throw tooManyAttempts(reply, address.ttlInSeconds, 'too many failed logins from this address');
      const attempt = await beginLoginAttempt(ctx.db, username, now, throttle);
      if (!attempt.allowed) {
        await failuresFrom(request);
        throw tooManyAttempts(reply, secondsUntil(attempt.lockedUntil, now), 'this account is locked after too many failed logins');
      }
    }
    scope.post<{ Body: Static<typeof LoginBody> }>(
      '/api/session',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['session'],
          summary:
            'Log in: sets the session cookie. 200: logged in. 202: the password is right and a second step is needed — the code of the account’s authenticator app or a recovery code (POST /api/session/second-factor), or its security key (POST /api/session/security-key/options, then /api/session/security-key), or enrolling one (/api/account/second-factor, /api/account/security-keys); until then the session can do nothing else, and ends in 5 minutes. Failed logins and wrong codes are limited per account and per client address (429 with Retry-After)',
          body: LoginBody,
          response: { 200: SessionResponse, 202: LoginNextStep, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const now = ctx.clock();
        await admitAttempt(request, reply, username, now);
        const account = await verifyLogin(ctx.db, username, password);
        if (!account) {
          await failuresFrom(request);
          throw new ApiProblem('invalid_credentials', 'the username or password is wrong');
        }
        // A new session id at every login: whatever session the browser came with ends here.
        const before = request.cookies[sessionCookie];
        if (before) await endSession(ctx.db, before);
        const step: SessionStage = (await secondFactorInUse(ctx.db, account.id)) ? 'second_factor' : ctx.requireSecondFactor && secondFactorRequired(account.role) ? 'enrolment' : 'signed_in';
        if (step === 'signed_in') {
          await loginSucceeded(ctx.db, username);
          return startSession(reply, account, now);
        }
        // The password was right, the login is not complete: a session that can do its next step
        // only, for a few minutes. Failed logins are forgotten only once the code is right too,
        // so wrong codes count against the account as wrong passwords do.
        if (step === 'enrolment') await loginSucceeded(ctx.db, username);
        else await passwordRight(ctx.db, username);
        const pending = await createSession(ctx.db, account.id, { now, minutes: pendingLoginMinutes, stage: step });
        reply.setCookie(sessionCookie, pending.token, { ...cookieOptions, expires: pending.expiresAt });
        return reply.code(202).send({ next: step, expires_at: pending.expiresAt.toISOString() });
      },
    );

    scope.post<{ Body: Static<typeof SecondStepBody> }>(
      '/api/session/second-factor',
      {
        config: { permission: 'second_factor' },
        schema: {
          tags: ['session'],
          summary: 'The second step of a login: the code of the account’s authenticator (accepted once), or one of its recovery codes (each once). Sets the session cookie',
          body: SecondStepBody,
          response: { 200: SessionResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { account } = request.login!;
        const { code, recovery_code } = request.body;
        if ((code === undefined) === (recovery_code === undefined)) throw new ApiProblem('invalid_request', 'give either code or recovery_code', code === undefined ? '/code' : '/recovery_code');
        const now = ctx.clock();
        await admitAttempt(request, reply, account.username, now);
        const key = ctx.secondFactorKey();
        const right = code !== undefined ? await checkCode(ctx.db, key, account.id, code, now) : await useRecoveryCode(ctx.db, key, account.id, recovery_code!, now);
        if (!right) {
          await failuresFrom(request);
          throw new ApiProblem('invalid_code', code !== undefined ? 'the code is wrong, or was used already: wait for the next one' : 'the recovery code is wrong, or was used already', code !== undefined ? '/code' : '/recovery_code');
        }
        if (recovery_code !== undefined) request.log.warn({ account: account.username }, 'logged in with a recovery code');
        await loginSucceeded(ctx.db, account.username);
        await endSession(ctx.db, request.cookies[sessionCookie]!);
        return startSession(reply, account, now);
      },
    );

    // Security keys: their login step shares this throttle.
    securityKeyRoutes(scope, ctx, { admitAttempt, failed: (request) => failuresFrom(request).then(() => undefined), startSession });
  });

  /** A complete login: a new session, its cookie, and who is logged in. */
  async function startSession(reply: FastifyReply, account: Account, now: Date) {
    const { token, expiresAt } = await createSession(ctx.db, account.id, { now, hours: ctx.sessionHours });
    reply.setCookie(sessionCookie, token, { ...cookieOptions, expires: expiresAt });
    return presentSession({ ...account, expires_at: expiresAt.toISOString() });
  }

  app.get(
    '/api/account/second-factor',
    {
      config: { permission: 'enrolment' },
      schema: {
        tags: ['session'],
        summary: 'The account’s second factor: whether one is in use (its authenticator app, its security keys), and an enrolment of the app begun and not yet confirmed (its secret, otpauth:// URI and QR code)',
        response: { 200: FactorResponse, ...problemResponses },
      },
    },
    async (request) => {
      const { account } = request.login!;
      const state = await factorState(ctx.db, account.id);
      const enrolled = await secondFactorInUse(ctx.db, account.id);
      const keys = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM security_key WHERE account_id = $1', [account.id]);
      return {
        enrolled,
        authenticator_app: state === 'confirmed',
        security_keys: keys.rows[0]?.n ?? 0,
        required: ctx.requireSecondFactor && secondFactorRequired(account.role),
        pending: state === 'pending' ? await pendingEnrolment(ctx.db, ctx.secondFactorKey(), account) : null,
        recovery_codes_left: enrolled ? await recoveryCodesLeft(ctx.db, account.id) : 0,
      };
    },
  );

  app.post(
    '/api/account/second-factor',
    {
      config: { permission: 'enrolment' },
      schema: {
        tags: ['session'],
        summary: 'Begin enrolling an authenticator app (TOTP) as a second factor: a new secret, shown as text, as an otpauth:// URI and as a QR code; confirm it with its first code (a security key: /api/account/security-keys)',
        response: { 201: EnrolmentResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { account } = request.login!;
      const enrolment = await beginEnrolment(ctx.db, ctx.secondFactorKey(), account, ctx.clock());
      if (!enrolment) throw new ApiProblem('duplicate', 'this account has a second factor already: an administrator removes it before another is enrolled');
      return reply.code(201).send(enrolment);
    },
  );

  app.post<{ Body: Static<typeof CodeBody> }>(
    '/api/account/second-factor/confirmation',
    {
      config: { permission: 'enrolment' },
      schema: {
        tags: ['session'],
        summary: 'Confirm the enrolment with the first code: the factor is in use from now; answers the ten recovery codes, shown this once. A login that was waiting for the enrolment is complete (a new session cookie)',
        body: CodeBody,
        response: { 200: ConfirmationResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { account, stage } = request.login!;
      const now = ctx.clock();
      if ((await factorState(ctx.db, account.id)) !== 'pending') throw new ApiProblem('not_found', 'no enrolment has been begun: POST /api/account/second-factor first', '/code');
      const codes = await confirmEnrolment(ctx.db, ctx.secondFactorKey(), account.id, request.body.code, now);
      if (!codes) throw new ApiProblem('invalid_code', 'the code is wrong: check the time on the phone, and give the code it shows now', '/code');
      request.log.info({ account: account.username }, 'second factor enrolled');
      // Every other session of the account ends; this one goes on under a new id.
      await revokeSessions(ctx.db, account.id);
      const session = await startSession(reply, account, now);
      return { recovery_codes: codes, session, completed_login: stage === 'enrolment' };
    },
  );

  app.get(
    '/api/session',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['session'], summary: 'Who is logged in', response: { 200: SessionResponse, ...problemResponses } },
    },
    async (request) => presentSession(request.account!),
  );

  app.delete(
    '/api/session',
    {
      // Public so that logging out always clears the cookie, even of an expired session.
      config: { permission: 'public' },
      schema: { tags: ['session'], summary: 'Log out: ends the session and clears the cookie', response: { 204: Type.Null({ description: 'Logged out' }), ...problemResponses } },
    },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (token) await endSession(ctx.db, token);
      reply.clearCookie(sessionCookie, cookieOptions);
      return reply.code(204).send();
    },
  );

  /**
   * Who runs an account command: the administrator, under the request's Idempotency-Key (a new
   * one when none is sent). The request a retry is recognised by leaves the password out: its
   * hash is kept with the command, and a password must not be testable against it.
   */
  function accountCommandContext(request: FastifyRequest): CommandContext {
    const key = request.headers['idempotency-key'];
    const { password: _password, ...body } = (request.body ?? {}) as Record<string, unknown>;
    return {
      actor: request.account!.username,
      role: request.account!.role,
      idempotencyKey: typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : randomUUID(),
      request: { route: `${request.method} ${request.routeOptions.url ?? ''}`, params: request.params ?? {}, body },
    };
  }

  app.post<{ Body: Static<typeof CreateAccountBody> }>(
    '/api/accounts',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Ask for an official’s account (separation of duties): it is made when a second administrator approves the request (POST /api/account-requests/{id}/approval). The request is an event in the log, with the username, role and scope — never the password',
        body: CreateAccountBody,
        response: { 202: AccountRequestedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { username, display_name, role, password, scope, liaison_state } = request.body;
      if (!display_name.trim()) throw new ApiProblem('invalid_value', 'give the account a display name', '/display_name');
      if (liaison_state !== undefined) {
        const bad = checkForeignState(liaison_state, '/liaison_state');
        if (bad) throw new ApiProblem('invalid_value', bad.message, '/liaison_state');
      }
      const assignment = scope && assignmentOf(scope);
      if (assignment) await checkAssignedFacilities(ctx.db, assignment.facilities, '/scope/facilities');
      const passwordHash = await hashPassword(password, ctx.passwordCost);
      const outcome = await execute(
        ctx.register,
        requestAccountWith({ displayName: display_name, passwordHash }),
        { username, role, scope: assignment ?? null, liaison_state: liaison_state ?? null },
        accountCommandContext(request),
      );
      const requested = answer(outcome, reply);
      request.log.info({ account: username, role, by: request.account!.username }, 'account requested');
      return reply.code(202).send({ request_id: requested.request_id, username, status: 'awaiting_approval' });
    },
  );

  app.get(
    '/api/account-requests',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Requests for accounts and for changes of role or scope: those awaiting a second administrator’s approval first, then the latest',
        response: { 200: AccountRequestsResponse, ...problemResponses },
      },
    },
    async () => ({ requests: (await listAccountRequests(ctx.db)).map(presentRequest) }),
  );

  app.post<{ Params: Static<typeof RequestParams> }>(
    '/api/account-requests/:id/approval',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary:
          'Approve a request: a second administrator, neither the one who asked (403 `same_official` at `/approved_by`) nor the account it is about. The account, or its new role or scope, is in effect from now; a new role ends the account’s sessions. An event in the log',
        params: RequestParams,
        response: { 200: AccountRequestView, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (await approverMadeByRequester(ctx.db, request.params.id, request.account!.username)) {
        throw new ApiProblem('same_official', 'your account, or its role, was asked for by the administrator who asked for this (or by an account they asked for): another administrator must approve', '/approved_by');
      }
      const approved = answer(await execute(ctx.register, approveAccountRequestGranting, { request_id: request.params.id }, accountCommandContext(request)), reply, { '/request_id': '/params/id' });
      request.log.info({ account: approved.username, by: request.account!.username }, 'account request approved');
      return presentRequest((await loadAccountRequest(ctx.db, approved.request_id))!);
    },
  );

  app.get(
    '/api/accounts',
    {
      config: { permission: 'account.manage' },
      schema: { tags: ['accounts'], summary: 'Every account, with its failed logins and whether logins are locked now', response: { 200: AccountsResponse, ...problemResponses } },
    },
    async () => ({ accounts: await accountStatuses(ctx.db, ctx.clock()) }),
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
      const exists = await ctx.db.query('SELECT 1 FROM account WHERE username = $1', [username]);
      if (!exists.rows.length) throw new ApiProblem('not_found', 'no account with this username', '/params/username');
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
          'Change an account’s password, or disable or enable it (at once: every session of the account ends); or ask for a new role or scope (202: in effect when a second administrator approves the request, POST /api/account-requests/{id}/approval)',
        params: UsernameParams,
        body: ChangeAccountBody,
        response: { 200: ChangedAccountResponse, 202: AccountRequestedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.role === undefined && body.password === undefined && body.disabled === undefined && body.scope === undefined) throw new ApiProblem('invalid_request', 'give role, scope, password or disabled', '');
      const { rows: targets } = await ctx.db.query<{ role: string }>('SELECT role FROM account WHERE username = $1', [request.params.username]);
      const target = targets[0];
      if (!target) throw new ApiProblem('not_found', 'no account with this username', '/params/username');
      // Separation of duties: an administrator does not widen their own powers.
      if (request.params.username === request.account!.username && (body.role !== undefined || body.scope !== undefined)) {
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
        const requested = answer(outcome, reply, { '/username': '/params/username' });
        request.log.info({ account: request.params.username, by: request.account!.username }, 'change of role or scope requested');
        return reply.code(202).send({ request_id: requested.request_id, username: request.params.username, status: 'awaiting_approval' });
      }
      // Another administrator's password is never set by an administrator: whoever set it could
      // log in as that administrator and approve their own requests. Its owner changes it.
      if (body.password !== undefined && request.params.username !== request.account!.username && can(target.role, 'account.manage')) {
        throw new ApiProblem('forbidden', 'an administrator’s password is changed by its owner only: a second administrator’s approval could otherwise be forged', '/password');
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

  app.delete<{ Params: Static<typeof UsernameParams> }>(
    '/api/accounts/:username/second-factor',
    {
      config: { permission: 'account.manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Remove an account’s second factors — its authenticator app and its security keys — and its recovery codes (a lost phone or key): it enrols again at its next login; every session of the account ends',
        params: UsernameParams,
        response: { 204: Type.Null({ description: 'Removed (or there was none)' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { rows } = await ctx.db.query<{ id: string }>('SELECT id FROM account WHERE username = $1', [request.params.username]);
      const target = rows[0];
      if (!target) throw new ApiProblem('not_found', 'no account with this username', '/params/username');
      if (await removeFactor(ctx.db, target.id, request.account!.id, ctx.clock())) {
        await revokeSessions(ctx.db, target.id);
        request.log.info({ account: request.params.username, by: request.account!.username }, 'second factor removed');
      }
      return reply.code(204).send();
    },
  );
}
