/**
 * Login, logout, "who am I", and accounts: creation by an administrator, and the list of
 * accounts with their failed logins and locks, which an administrator can lift.
 *
 * Password guessing is held back twice (see config.ts `LoginThrottle`): per client address by
 * @fastify/rate-limit, which counts failed logins from an address across all accounts (the
 * address is the client's, behind trusted proxies too: SIJILL_TRUST_PROXY), and per account
 * by a lock with back-off kept in the database (login-lockout.ts). The web login form sends its
 * request here with the browser's address, so both limits hold for it as well. A refusal is a
 * 429 `too_many_attempts` problem with Retry-After.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type, type Static } from '@sinclair/typebox';
import { can, permissions, roles } from '../../domain/permissions.ts';
import { sqlState } from '../../store/database.ts';
import { accountStatuses, createAccount, createSession, endSession, verifyLogin, type SessionAccount } from '../accounts.ts';
import { beginLoginAttempt, clearLoginFailures, loginSucceeded, secondsUntil } from '../login-lockout.ts';
import { sessionCookie } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { AccountResponse, closed, CreateAccountBody, LoginBody, oneOfStrings, SessionResponse, problemResponses, usernamePattern } from '../schemas.ts';

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
    scope.post<{ Body: Static<typeof LoginBody> }>(
      '/api/session',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['session'],
          summary: 'Log in: sets the session cookie. Failed logins are limited per account and per client address (429 with Retry-After)',
          body: LoginBody,
          response: { 200: SessionResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        // The address first: a client that has failed too often is refused before any work.
        const address = await failuresFrom(request, { increment: false });
        if (!address.isAllowed && address.remaining === 0 && address.ttlInSeconds > 0) throw tooManyAttempts(reply, address.ttlInSeconds, 'too many failed logins from this address');
        const now = ctx.clock();
        const attempt = await beginLoginAttempt(ctx.db, username, now, throttle);
        if (!attempt.allowed) {
          await failuresFrom(request);
          throw tooManyAttempts(reply, secondsUntil(attempt.lockedUntil, now), 'this account is locked after too many failed logins');
        }
        const account = await verifyLogin(ctx.db, username, password);
        if (!account) {
          await failuresFrom(request);
          throw new ApiProblem('invalid_credentials', 'the username or password is wrong');
        }
        await loginSucceeded(ctx.db, username);
        const { token, expiresAt } = await createSession(ctx.db, account.id, { now, hours: ctx.sessionHours });
        reply.setCookie(sessionCookie, token, { ...cookieOptions, expires: expiresAt });
        return presentSession({ ...account, expires_at: expiresAt.toISOString() });
      },
    );
  });

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

  app.post<{ Body: Static<typeof CreateAccountBody> }>(
    '/api/accounts',
    {
      config: { permission: 'account.manage' },
      schema: { tags: ['accounts'], summary: 'Create an official’s account', body: CreateAccountBody, response: { 201: AccountResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const { username, display_name, role, password } = request.body;
      try {
        const account = await createAccount(ctx.db, { username, displayName: display_name, role, password }, { cost: ctx.passwordCost, now: ctx.clock() });
        request.log.info({ account: account.username, role, by: request.account!.username }, 'account created');
        return reply.code(201).send(account);
      } catch (error) {
        if (sqlState(error) === '23505') throw new ApiProblem('duplicate', 'this username is taken', '/username');
        // The schema has checked username, role and password; a blank display name is what is left.
        if (error instanceof RangeError) throw new ApiProblem('invalid_value', error.message, '/display_name');
        throw error;
      }
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
}
