/**
 * Login (password, then a second factor where one is in use or required: a code, second-factor.ts,
 * or a security key, security-keys.ts and routes/security-keys.ts), setting one's password with an enrolment token (enrolment-token.ts), enrolling a second factor,
 * logout, and "who am I". Accounts are administered in accounts.ts.
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
import { can, permissions } from '../../domain/permissions.ts';
import { createSession, endSession, pendingLoginMinutes, revokeSessions, verifyLogin, type Account, type SessionAccount, type SessionStage } from '../accounts.ts';
import { enrolWithToken } from '../enrolment-token.ts';
import { secondFactorRequired } from '../../domain/permissions.ts';
import { beginEnrolment, checkCode, confirmEnrolment, factorState, pendingEnrolment, recoveryCodesLeft, secondFactorInUse, useRecoveryCode } from '../second-factor.ts';
import { securityKeyRoutes } from './security-keys.ts';
import { beginLoginAttempt, loginSucceeded, passwordRight, secondsUntil } from '../login-lockout.ts';
import { sessionCookie } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { closed, LoginBody, minPasswordLength, oneOfStrings, SessionResponse, problemResponses, usernamePattern } from '../schemas.ts';

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
const EnrolWithTokenBody = closed({
  username: Type.String({ pattern: usernamePattern }),
  token: Type.String({ minLength: 1, maxLength: 64, description: 'the enrolment token an administrator handed you (five groups of five letters and digits; dashes and spaces are ignored)' }),
  password: Type.String({ minLength: minPasswordLength, maxLength: 1024, description: `your new password, ${minPasswordLength} characters at least` }),
});

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
    async function admitAddress(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const address = await failuresFrom(request, { increment: false });
      if (!address.isAllowed && address.remaining === 0 && address.ttlInSeconds > 0) throw tooManyAttempts(reply, address.ttlInSeconds, 'too many failed logins from this address');
    }
    async function admitAttempt(request: FastifyRequest, reply: FastifyReply, username: string, now: Date): Promise<void> {
      await admitAddress(request, reply);
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
        return passwordAccepted(request, reply, account, now);
      },
    );

    /**
     * The password was right (or has just been set): a complete login, or a session that can do
     * its next step only (the code, or enrolling a second factor) for a few minutes.
     */
    async function passwordAccepted(request: FastifyRequest, reply: FastifyReply, account: Account, now: Date) {
      // A new session id at every login: whatever session the browser came with ends here.
      const before = request.cookies[sessionCookie];
      if (before) await endSession(ctx.db, before);
      const step: SessionStage = (await secondFactorInUse(ctx.db, account.id)) ? 'second_factor' : ctx.requireSecondFactor && secondFactorRequired(account.role) ? 'enrolment' : 'signed_in';
      if (step === 'signed_in') {
        await loginSucceeded(ctx.db, account.username);
        return startSession(reply, account, now);
      }
      // The login is not complete. Failed logins are forgotten only once the code is right too,
      // so wrong codes count against the account as wrong passwords do.
      if (step === 'enrolment') await loginSucceeded(ctx.db, account.username);
      else await passwordRight(ctx.db, account.username);
      const pending = await createSession(ctx.db, account.id, { now, minutes: pendingLoginMinutes, stage: step });
      reply.setCookie(sessionCookie, pending.token, { ...cookieOptions, expires: pending.expiresAt });
      return reply.code(202).send({ next: step, expires_at: pending.expiresAt.toISOString() });
    }

    scope.post<{ Body: Static<typeof EnrolWithTokenBody> }>(
      '/api/enrolment',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['session'],
          summary:
            'Set your password with the enrolment token an administrator handed you (a new account, or a reset password): accepted once, before it expires (401 `invalid_token`; 410 `token_expired` or `token_used`, at `/token`). Then as a login: 200 signed in, or 202 with the step that follows (enrolling the second factor your role requires). Wrong tokens count against the client address as failed logins do',
          body: EnrolWithTokenBody,
          response: { 200: SessionResponse, 202: LoginNextStep, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { username, token, password } = request.body;
        const now = ctx.clock();
        await admitAddress(request, reply);
        const enrolled = await enrolWithToken(ctx.db, username, token, password, { now, cost: ctx.passwordCost });
        if (!enrolled.ok) {
          if (enrolled.reason === 'invalid') {
            await failuresFrom(request);
            throw new ApiProblem('invalid_token', 'this token is not one issued to this username: check both, or ask an administrator for a new token', '/token');
          }
          throw enrolled.reason === 'expired'
            ? new ApiProblem('token_expired', 'this token has expired: ask an administrator for a new one', '/token')
            : new ApiProblem('token_used', 'this token was used already: a token sets a password once; if you did not use it, tell an administrator at once', '/token');
        }
        request.log.info({ account: username }, 'password set with an enrolment token');
        return passwordAccepted(request, reply, enrolled.account, now);
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
}
