/**
 * Security keys over HTTP (the ceremonies are src/api/security-keys.ts): an official enrols keys
 * (options, then the browser's answer with the name they give the key), lists and removes their
 * own; a login whose account has a key gives, after the password, an assertion of one of them
 * instead of a TOTP code. Registered by sessionRoutes in the scope of the login throttle, so a
 * refused assertion counts against the account and the address as a wrong code does.
 *
 * What the browser sends is the WebAuthn JSON of the credential (the base64url encoding of
 * PublicKeyCredential.toJSON()), checked field by field here before the library reads it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { secondFactorRequired } from '../../domain/permissions.ts';
import { endSession, revokeSessions, tokenHash, type Account } from '../accounts.ts';
import { sessionCookie } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { sqlState } from '../../store/database.ts';
import { closed, oneOfStrings, problemResponses, SessionResponse } from '../schemas.ts';
import { loginSucceeded } from '../login-lockout.ts';
import { factorState, issueRecoveryCodes } from '../second-factor.ts';
import {
  authenticationOptions,
  checkAssertion,
  listSecurityKeys,
  maxKeyName,
  maxSecurityKeys,
  registerSecurityKey,
  registrationOptions,
  removeSecurityKey,
  securityKeyTransports,
  SecurityKeyRefused,
} from '../security-keys.ts';

/** What the login's routes (sessions.ts) lend these: its throttle and how it completes a login. */
export interface LoginStep {
  /** Refuse the attempt while the client's address or the account is held back; else count it. */
  admitAttempt(request: FastifyRequest, reply: FastifyReply, username: string, now: Date): Promise<void>;
  /** Count a failed attempt against the client's address. */
  failed(request: FastifyRequest): Promise<void>;
  /** A complete login: a new session and its cookie; answers who is logged in. */
  startSession(reply: FastifyReply, account: Account, now: Date): Promise<Static<typeof SessionResponse>>;
}

const base64url = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$', description: `${description}, base64url without padding` });
const credentialId = base64url(1366, 'the credential id (at most 1,023 bytes)');
const clientDataJSON = base64url(4096, 'the client data the browser made (JSON)');
const clientExtensionResults = closed(
  { credProps: Type.Optional(closed({ rk: Type.Optional(Type.Boolean()) })) },
  { description: 'getClientExtensionResults(): only credProps is known here' },
);
const authenticatorAttachment = Type.Optional(oneOfStrings(['platform', 'cross-platform'] as const));

const RegistrationCredential = closed(
  {
    id: credentialId,
    rawId: credentialId,
    type: Type.Literal('public-key'),
    response: closed({
      clientDataJSON,
      attestationObject: base64url(32_768, 'the attestation object (CBOR)'),
      transports: Type.Optional(Type.Array(oneOfStrings(securityKeyTransports), { maxItems: securityKeyTransports.length, uniqueItems: true, description: 'getTransports()' })),
      authenticatorData: Type.Optional(base64url(16_384, 'the authenticator data')),
      publicKey: Type.Optional(base64url(2048, 'the public key (SubjectPublicKeyInfo)')),
      publicKeyAlgorithm: Type.Optional(Type.Integer({ minimum: -65_536, maximum: 65_535, description: 'its COSE algorithm' })),
    }),
    clientExtensionResults,
    authenticatorAttachment,
  },
  { description: 'The PublicKeyCredential navigator.credentials.create gave (RegistrationResponseJSON)' },
);

const AuthenticationCredential = closed(
  {
    id: credentialId,
    rawId: credentialId,
    type: Type.Literal('public-key'),
    response: closed({
      clientDataJSON,
      authenticatorData: base64url(16_384, 'the authenticator data'),
      signature: base64url(1024, 'the signature over the authenticator data and the client data’s hash'),
      userHandle: Type.Optional(base64url(88, 'the user handle (at most 64 bytes)')),
    }),
    clientExtensionResults,
    authenticatorAttachment,
  },
  { description: 'The PublicKeyCredential navigator.credentials.get gave (AuthenticationResponseJSON)' },
);

const RegisterKeyBody = closed({
  name: Type.String({ minLength: 1, maxLength: maxKeyName, description: 'what the official calls the key (its colour, a mark on it)' }),
  response: RegistrationCredential,
});
const AssertionBody = closed({ response: AuthenticationCredential });
const KeyParams = closed({ id: Type.String({ format: 'uuid' }) });

const descriptor = closed({ id: Type.String(), type: Type.Literal('public-key'), transports: Type.Optional(Type.Array(Type.String())) });
const CreationOptions = closed(
  {
    challenge: Type.String(),
    rp: closed({ name: Type.String(), id: Type.Optional(Type.String()) }),
    user: closed({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
    pubKeyCredParams: Type.Array(closed({ alg: Type.Integer(), type: Type.Literal('public-key') })),
    timeout: Type.Optional(Type.Integer()),
    attestation: Type.Optional(Type.String()),
    excludeCredentials: Type.Optional(Type.Array(descriptor)),
    authenticatorSelection: Type.Optional(
      closed({
        authenticatorAttachment: Type.Optional(Type.String()),
        residentKey: Type.Optional(Type.String()),
        requireResidentKey: Type.Optional(Type.Boolean()),
        userVerification: Type.Optional(Type.String()),
      }),
    ),
    extensions: Type.Optional(closed({ credProps: Type.Optional(Type.Boolean()) })),
    hints: Type.Optional(Type.Array(Type.String())),
  },
  { description: 'PublicKeyCredentialCreationOptionsJSON: for navigator.credentials.create, its base64url fields decoded' },
);
const RequestOptions = closed(
  {
    challenge: Type.String(),
    rpId: Type.Optional(Type.String()),
    allowCredentials: Type.Optional(Type.Array(descriptor)),
    timeout: Type.Optional(Type.Integer()),
    userVerification: Type.Optional(Type.String()),
    hints: Type.Optional(Type.Array(Type.String())),
  },
  { description: 'PublicKeyCredentialRequestOptionsJSON: for navigator.credentials.get, its base64url fields decoded' },
);
const KeyView = closed({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  transports: Type.Array(Type.String()),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
});
const KeysResponse = closed({ keys: Type.Array(KeyView), most: Type.Integer({ description: 'the most keys an account may have' }) });
const RegisteredResponse = closed({
  key: KeyView,
  recovery_codes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'ten single-use codes, shown only now, when this key is the account’s first second factor; otherwise null (the codes it has stand)' }),
  session: Type.Union([SessionResponse, Type.Null()], { description: 'the new session, when this key completed a login or was the account’s first second factor (every other session ended)' }),
  completed_login: Type.Boolean({ description: 'the login that was waiting for an enrolment is now complete' }),
});
const MethodsResponse = closed({
  authenticator_app: Type.Boolean({ description: 'a code of the account’s authenticator app (TOTP) is accepted' }),
  security_key: Type.Boolean({ description: 'the account has a security key: POST /api/session/security-key/options' }),
});

/** The session-table digest of the request's session (the access check found it open). */
function sessionOf(request: FastifyRequest): Buffer {
  const digest = tokenHash(request.cookies[sessionCookie] ?? '');
  if (!digest) throw new ApiProblem('unauthenticated', 'log in first: POST /api/session');
  return digest;
}

export function securityKeyRoutes(app: FastifyInstance, ctx: ApiContext, login: LoginStep): void {
  app.get(
    '/api/session/second-factor',
    {
      config: { permission: 'second_factor' },
      schema: {
        tags: ['session'],
        summary: 'Which second factors a login awaiting its second step may give: the authenticator app’s code, a security key, or both (a recovery code always)',
        response: { 200: MethodsResponse, ...problemResponses },
      },
    },
    async (request) => {
      const { account } = request.login!;
      const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM security_key WHERE account_id = $1', [account.id]);
      return { authenticator_app: (await factorState(ctx.db, account.id)) === 'confirmed', security_key: (rows[0]?.n ?? 0) > 0 };
    },
  );

  app.post(
    '/api/session/security-key/options',
    {
      config: { permission: 'second_factor' },
      schema: {
        tags: ['session'],
        summary: `The second step of a login with a security key, begun: options for navigator.credentials.get naming the account’s keys, with a challenge for this login only, answered within its timeout (single use). 404 when the account has no key`,
        response: { 200: RequestOptions, ...problemResponses },
      },
    },
    async (request) => {
      const { account } = request.login!;
      const options = await authenticationOptions(ctx.db, ctx.webAuthn, account.id, sessionOf(request), ctx.clock());
      if (!options) throw new ApiProblem('not_found', 'this account has no security key: give the authenticator app’s code or a recovery code');
      return options;
    },
  );

  app.post<{ Body: Static<typeof AssertionBody> }>(
    '/api/session/security-key',
    {
      config: { permission: 'second_factor' },
      schema: {
        tags: ['session'],
        summary:
          'The second step of a login with a security key: the assertion navigator.credentials.get gave over this login’s challenge. Its signature, origin, RP id and counter are checked; a refusal counts as a wrong code (the login lock). Sets the session cookie',
        body: AssertionBody,
        response: { 200: SessionResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { account } = request.login!;
      const now = ctx.clock();
      await login.admitAttempt(request, reply, account.username, now);
      const session = sessionOf(request);
      try {
        await ctx.db.transaction((tx) => checkAssertion(tx, ctx.webAuthn, account.id, session, request.body.response as AuthenticationResponseJSON, now));
      } catch (error) {
        if (!(error instanceof SecurityKeyRefused)) throw error;
        await login.failed(request);
        request.log.warn({ account: account.username, why: error.message }, 'security key refused at login');
        throw new ApiProblem('security_key_refused', error.message, error.field);
      }
      // The login is complete: the failures counted are forgotten, and the half-finished session gives way to a new one.
      await loginSucceeded(ctx.db, account.username);
      await endSession(ctx.db, request.cookies[sessionCookie]!);
      return login.startSession(reply, account, now);
    },
  );

  app.get(
    '/api/account/security-keys',
    {
      config: { permission: 'enrolment' },
      schema: { tags: ['session'], summary: 'The account’s own security keys, oldest first', response: { 200: KeysResponse, ...problemResponses } },
    },
    async (request) => ({ keys: await listSecurityKeys(ctx.db, request.login!.account.id), most: maxSecurityKeys }),
  );

  app.post(
    '/api/account/security-keys/options',
    {
      config: { permission: 'enrolment' },
      schema: {
        tags: ['session'],
        summary: `Begin enrolling a security key: options for navigator.credentials.create (no attestation asked for; the account’s keys excluded), with a challenge for this session only, answered within its timeout. 409 when the account has ${maxSecurityKeys} keys`,
        response: { 200: CreationOptions, ...problemResponses },
      },
    },
    async (request) => {
      const { account } = request.login!;
      try {
        return await registrationOptions(ctx.db, ctx.webAuthn, account, sessionOf(request), ctx.clock());
      } catch (error) {
        throw registrationProblem(error);
      }
    },
  );

  app.post<{ Body: Static<typeof RegisterKeyBody> }>(
    '/api/account/security-keys',
    {
      config: { permission: 'enrolment' },
      schema: {
        tags: ['session'],
        summary:
          'Enrol the security key: the credential navigator.credentials.create gave for this session’s options, and its name. Its origin, RP id, challenge and attestation are checked; the key is a second factor from now. The account’s first second factor also gives ten recovery codes (shown this once) and ends its other sessions; a login that was waiting for the enrolment is complete (a new session cookie)',
        body: RegisterKeyBody,
        response: { 201: RegisteredResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { account, stage } = request.login!;
      const now = ctx.clock();
      const session = sessionOf(request);
      let registered;
      try {
        registered = await ctx.db.transaction(async (tx) => {
          const done = await registerSecurityKey(tx, ctx.webAuthn, account.id, session, { name: request.body.name, response: request.body.response as RegistrationResponseJSON }, now);
          return { ...done, codes: done.first ? await issueRecoveryCodes(tx, ctx.secondFactorKey(), account.id, now) : null };
        });
      } catch (error) {
        throw registrationProblem(error);
      }
      request.log.info({ account: account.username }, 'security key enrolled');
      // The first factor, or a login waiting for it: every other session ends, this one goes on under a new id.
      let fresh = null;
      if (registered.first || stage === 'enrolment') {
        await revokeSessions(ctx.db, account.id);
        fresh = await login.startSession(reply, account, now);
      }
      return reply.code(201).send({ key: registered.key, recovery_codes: registered.codes, session: fresh, completed_login: stage === 'enrolment' });
    },
  );

  app.delete<{ Params: Static<typeof KeyParams> }>(
    '/api/account/security-keys/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['session'],
        summary:
          'Remove one of the account’s own security keys; every other session of the account ends. Refused (409) when it is the last second factor of an account whose role must log in with one: enrol another first',
        params: KeyParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const account = request.account!;
      const mustKeepOne = ctx.requireSecondFactor && secondFactorRequired(account.role);
      let removed: boolean;
      try {
        removed = await ctx.db.transaction((tx) => removeSecurityKey(tx, account.id, request.params.id, mustKeepOne, ctx.clock()));
      } catch (error) {
        if (error instanceof SecurityKeyRefused) throw new ApiProblem('invalid_transition', error.message, error.field);
        throw error;
      }
      if (!removed) throw new ApiProblem('not_found', 'you have no security key with this id', '/params/id');
      await revokeSessions(ctx.db, account.id, request.cookies[sessionCookie]);
      request.log.info({ account: account.username }, 'security key removed');
      return reply.code(204).send();
    },
  );
}

/** A refusal while enrolling a key, as a problem naming its field. */
function registrationProblem(error: unknown): unknown {
  // The same key enrolled by two requests at once: the second meets the unique credential id.
  if (sqlState(error) === '23505') return new ApiProblem('duplicate', 'this security key is registered already', '/response/id');
  if (!(error instanceof SecurityKeyRefused)) return error;
  if (error.reason === 'duplicate') return new ApiProblem('duplicate', error.message, error.field);
  if (error.reason === 'limit') return new ApiProblem('invalid_transition', error.message, error.field);
  return new ApiProblem('invalid_value', error.message, error.field);
}
