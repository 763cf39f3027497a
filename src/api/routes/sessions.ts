/** Login, logout, "who am I", and account creation by an administrator. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { can, permissions } from '../../domain/permissions.ts';
import { sqlState } from '../../store/database.ts';
import { createAccount, createSession, endSession, verifyLogin, type SessionAccount } from '../accounts.ts';
import { sessionCookie } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { AccountResponse, CreateAccountBody, LoginBody, SessionResponse, problemResponses } from '../schemas.ts';

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

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/session',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Log in: sets the session cookie',
        body: LoginBody,
        response: { 200: SessionResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const account = await verifyLogin(ctx.db, request.body.username, request.body.password);
      if (!account) throw new ApiProblem('invalid_credentials', 'the username or password is wrong');
      const { token, expiresAt } = await createSession(ctx.db, account.id, { now: ctx.clock(), hours: ctx.sessionHours });
      reply.setCookie(sessionCookie, token, { ...cookieOptions, expires: expiresAt });
      return presentSession({ ...account, expires_at: expiresAt.toISOString() });
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
}
