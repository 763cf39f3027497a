/**
 * Security keys as a second factor (WebAuthn Level 2: a FIDO2 or U2F key, or any other
 * authenticator the browser offers), beside TOTP (second-factor.ts). The ceremonies are
 * prepared and verified by @simplewebauthn/server — never our own cryptography:
 *
 * - Registration: options (a new challenge, the keys the account has already excluded, no
 *   attestation asked for), then the browser's answer is verified — the challenge given to this
 *   session, the register's origin and RP id, the signature of a `none` or verifiable
 *   attestation — and the credential's id, public key (COSE), signature counter and transports
 *   are kept with the name the official gave it (`security_key`, migration 0009).
 * - Authentication, the login's second step after the password: options naming the account's
 *   keys, then an assertion signed by one of them over the challenge given to this half-finished
 *   login. A counter that does not grow (where the key keeps one) is refused: a cloned key.
 *
 * A challenge is bound to the session that asked for it (`security_key_challenge`: one at a
 * time per session, a new request replacing the old), lives {@link challengeSeconds} seconds,
 * and is taken in the same transaction that accepts the answer, so it is used once; an answer
 * refused leaves nothing written. The user is asked for presence, not verification (a PIN or a
 * finger): the password was the first factor. Enrolment, use and removal of a key are written
 * to `account_audit`.
 */
import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import type { WebAuthnSettings } from '../config.ts';
import type { Queryable } from '../store/database.ts';
import { auditAccount, secondFactorInUse } from './second-factor.ts';

/** The transports WebAuthn names (how the browser reaches a key): kept as hints for the next login. */
export const securityKeyTransports = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const satisfies readonly AuthenticatorTransportFuture[];
/** How long a ceremony's challenge is answered, in seconds (the browser's timeout too). */
export const challengeSeconds = 120;
/** The most keys one account may have. */
export const maxSecurityKeys = 10;
/** The longest name of a key. */
export const maxKeyName = 60;
/** What the browser shows as the register's name. */
const rpName = 'Sijill';
/** ES256, EdDSA and RS256: what security keys sign with. */
const algorithms = [-7, -8, -257];

/** A key as its owner sees it: never its public key or credential id. */
export interface SecurityKeyView {
  readonly id: string;
  readonly name: string;
  readonly transports: readonly string[];
  readonly created_at: string;
  readonly last_used_at: string | null;
}

/**
 * Why an answer or a request was refused: `invalid` (the key's answer does not verify, or no
 * challenge awaits it), `duplicate` (the key is registered already), `limit` (the account has
 * {@link maxSecurityKeys} keys), `last_factor` (removing it would leave an account that must have
 * a second factor without one). `field` is the JSON pointer of the request it concerns.
 */
export class SecurityKeyRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'duplicate' | 'limit' | 'last_factor',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecurityKeyRefused';
  }
}

type Purpose = 'registration' | 'authentication';

interface KeyRow {
  id: string;
  name: string;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
}

const present = (row: KeyRow): SecurityKeyView => ({
  id: row.id,
  name: row.name,
  transports: [...row.transports],
  created_at: new Date(row.created_at).toISOString(),
  last_used_at: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
});

/** The account's keys, oldest first. */
export async function listSecurityKeys(db: Queryable, accountId: string): Promise<SecurityKeyView[]> {
  const { rows } = await db.query<KeyRow>('SELECT id, name, transports, created_at, last_used_at FROM security_key WHERE account_id = $1 ORDER BY created_at, id', [accountId]);
  return rows.map(present);
}

interface Credential {
  id: string;
  credential_id: Uint8Array;
  public_key: Uint8Array;
  counter: number;
  transports: string[];
}

async function credentialsOf(db: Queryable, accountId: string): Promise<Credential[]> {
  const { rows } = await db.query<Credential>('SELECT id, credential_id, public_key, counter::float8 AS counter, transports FROM security_key WHERE account_id = $1 ORDER BY created_at, id', [accountId]);
  return rows;
}

const knownTransports = (values: readonly string[] | undefined): AuthenticatorTransportFuture[] =>
  (values ?? []).filter((t): t is AuthenticatorTransportFuture => (securityKeyTransports as readonly string[]).includes(t));

const descriptor = (c: Credential) => ({ id: Buffer.from(c.credential_id).toString('base64url'), transports: knownTransports(c.transports) });

/** Give the session a challenge for `purpose`, replacing any it had. */
async function keepChallenge(db: Queryable, session: Buffer, purpose: Purpose, challenge: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO security_key_challenge (session_token_hash, purpose, challenge, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (session_token_hash) DO UPDATE SET purpose = EXCLUDED.purpose, challenge = EXCLUDED.challenge, expires_at = EXCLUDED.expires_at`,
    [session, purpose, challenge, new Date(now.getTime() + challengeSeconds * 1000).toISOString()],
  );
}

/** The challenge the session was given for `purpose`, while it may still be answered. */
async function awaitedChallenge(db: Queryable, session: Buffer, purpose: Purpose, now: Date): Promise<string> {
  const { rows } = await db.query<{ challenge: string; purpose: Purpose; expires_at: Date }>('SELECT challenge, purpose, expires_at FROM security_key_challenge WHERE session_token_hash = $1', [session]);
  const row = rows[0];
  if (!row || row.purpose !== purpose) throw new SecurityKeyRefused('invalid', '/response', `no ${purpose} with a security key was begun in this session, or its challenge was used: ask for new options first`);
  if (new Date(row.expires_at).getTime() <= now.getTime()) throw new SecurityKeyRefused('invalid', '/response', `the challenge expired (it is answered within ${challengeSeconds} seconds): ask for new options and try again`);
  return row.challenge;
}

/** Take the challenge once: false when another request took it first. */
async function takeChallenge(db: Queryable, session: Buffer, purpose: Purpose, challenge: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM security_key_challenge WHERE session_token_hash = $1 AND purpose = $2 AND challenge = $3 RETURNING purpose', [session, purpose, challenge]);
  return rows.length > 0;
}

const clientDataField = '/response/response/clientDataJSON';

/**
 * Read the client data the browser signed over and check what it says before the library does
 * (so the refusal names what is wrong): the ceremony, the challenge of this session, and an
 * origin of the register, not in a frame of another site.
 */
function checkClientData(encoded: string, type: 'webauthn.create' | 'webauthn.get', challenge: string, origins: readonly string[]): void {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64url')));
  } catch {
    throw new SecurityKeyRefused('invalid', clientDataField, 'clientDataJSON is not base64url-encoded JSON text');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SecurityKeyRefused('invalid', clientDataField, 'clientDataJSON is not a JSON object');
  const client = data as Record<string, unknown>;
  if (client.type !== type) throw new SecurityKeyRefused('invalid', clientDataField, `clientDataJSON is of another ceremony: its type must be ${type}`);
  if (client.challenge !== challenge) throw new SecurityKeyRefused('invalid', clientDataField, 'the key answered another challenge than the one this session was given (an old or a replayed answer): ask for new options');
  if (typeof client.origin !== 'string' || !origins.includes(client.origin)) {
    throw new SecurityKeyRefused('invalid', clientDataField, `the answer was made on a page of another origin than this register's (${origins.join(', ')})`);
  }
  if (client.crossOrigin === true) throw new SecurityKeyRefused('invalid', clientDataField, 'the answer was made in a frame of another site');
}

/** Where a verification error of the library points in the request. */
function refusalOf(error: unknown, ceremony: 'registration' | 'authentication'): SecurityKeyRefused {
  if (error instanceof SecurityKeyRefused) return error;
  const message = error instanceof Error ? error.message : String(error);
  const field =
    /clientData|challenge|origin|tokenBinding|response type/i.test(message) ? clientDataField
    : ceremony === 'registration' ? '/response/response/attestationObject'
    : /signature/i.test(message) ? '/response/response/signature'
    : '/response/response/authenticatorData';
  const why = /RP ID|rpIdHash/i.test(message) ? 'the key answered for another site (its RP id is not this register’s)' : message;
  return new SecurityKeyRefused('invalid', field, `the security key’s answer does not verify: ${why}`);
}

/** One DER INTEGER at `at` (a positive integer in its shortest form): where it ends, or -1. */
function derInteger(bytes: Buffer, at: number): number {
  if (bytes[at] !== 0x02) return -1;
  const length = bytes[at + 1] ?? 0;
  const start = at + 2;
  if (length < 1 || length > 0x7f || start + length > bytes.length) return -1;
  if (bytes[start]! & 0x80) return -1; // negative
  if (length > 1 && bytes[start] === 0 && !(bytes[start + 1]! & 0x80)) return -1; // a zero that need not be there
  return start + length;
}

/**
 * Whether an ES256/384/512 signature is exactly one DER ECDSA-Sig-Value (SEQUENCE of INTEGER r,
 * INTEGER s, each in its shortest form) and nothing more. The library reads the structure and
 * ignores what follows it, so a signature with bytes appended would pass as the same signature:
 * refused here, so that an answer has one encoding.
 */
export function strictEcdsaDer(bytes: Buffer): boolean {
  if (bytes[0] !== 0x30 || bytes.length < 8) return false;
  const long = bytes[1] === 0x81;
  const length = long ? bytes[2]! : bytes[1]!;
  const body = long ? 3 : 2;
  if ((long && length < 0x80) || (!long && length > 0x7f) || body + length !== bytes.length) return false;
  const afterR = derInteger(bytes, body);
  return afterR > 0 && derInteger(bytes, afterR) === bytes.length;
}

/** The COSE key type of a public key: 2 for elliptic curves (EC2), or null when it cannot be read. */
function coseKeyType(publicKey: Uint8Array): number | null {
  try {
    const kty = decodeCredentialPublicKey(new Uint8Array(publicKey)).get(1);
    return typeof kty === 'number' ? kty : null;
  } catch {
    return null;
  }
}

/** The WebAuthn user handle of an account: its id's 16 bytes (nothing personal). */
const userHandle = (accountId: string) => Buffer.from(accountId.replace(/-/g, ''), 'hex');

/**
 * Begin registering a key: the options for `navigator.credentials.create`, with a new challenge
 * bound to `session` (the SHA-256 the session table keeps). Refused when the account has the
 * most keys it may.
 */
export async function registrationOptions(
  db: Queryable,
  settings: WebAuthnSettings,
  account: { readonly id: string; readonly username: string; readonly display_name: string },
  session: Buffer,
  now: Date,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await credentialsOf(db, account.id);
  if (existing.length >= maxSecurityKeys) throw new SecurityKeyRefused('limit', '', `an account has at most ${maxSecurityKeys} security keys: remove one first`);
  const options = await generateRegistrationOptions({
    rpName,
    rpID: settings.rpId,
    userName: account.username,
    userID: userHandle(account.id),
    userDisplayName: account.display_name,
    timeout: challengeSeconds * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map(descriptor),
    authenticatorSelection: { residentKey: 'discouraged', requireResidentKey: false, userVerification: 'discouraged' },
    supportedAlgorithmIDs: algorithms,
  });
  await keepChallenge(db, session, 'registration', options.challenge, now);
  return options;
}

/** What a registration gave: the key, and whether it is the account's first second factor. */
export interface Registered {
  readonly key: SecurityKeyView;
  readonly first: boolean;
}

/**
 * Verify the browser's answer to the registration options this session was given, and keep the
 * key under `name`. Run it in a transaction: the challenge is taken, the key written and the
 * enrolment audited together, or nothing is.
 */
export async function registerSecurityKey(
  db: Queryable,
  settings: WebAuthnSettings,
  accountId: string,
  session: Buffer,
  input: { readonly name: string; readonly response: RegistrationResponseJSON },
  now: Date,
): Promise<Registered> {
  const name = input.name.trim();
  if (!name) throw new SecurityKeyRefused('invalid', '/name', 'give the key a name, such as the colour or the mark on it');
  const challenge = await awaitedChallenge(db, session, 'registration', now);
  checkClientData(input.response.response.clientDataJSON, 'webauthn.create', challenge, settings.origins);
  let credential;
  try {
    const verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: [...settings.origins],
      expectedRPID: settings.rpId,
      requireUserPresence: true,
      requireUserVerification: false,
      supportedAlgorithmIDs: algorithms,
    });
    if (!verified.verified) throw new Error('the attestation statement does not verify');
    credential = verified.registrationInfo.credential;
  } catch (error) {
    throw refusalOf(error, 'registration');
  }
  if (credential.id !== input.response.id) throw new SecurityKeyRefused('invalid', '/response/id', 'the credential id is not the one in the authenticator data');
  const credentialId = Buffer.from(credential.id, 'base64url');
  const taken = await db.query('SELECT 1 FROM security_key WHERE credential_id = $1', [credentialId]);
  if (taken.rows.length) throw new SecurityKeyRefused('duplicate', '/response/id', 'this security key is registered already');
  const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM security_key WHERE account_id = $1', [accountId]);
  if ((count.rows[0]?.n ?? 0) >= maxSecurityKeys) throw new SecurityKeyRefused('limit', '', `an account has at most ${maxSecurityKeys} security keys: remove one first`);
  const first = !(await secondFactorInUse(db, accountId));
  if (!(await takeChallenge(db, session, 'registration', challenge))) throw new SecurityKeyRefused('invalid', '/response', 'the challenge was used already');
  const transports = knownTransports(input.response.response.transports);
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO security_key (id, account_id, credential_id, public_key, counter, transports, name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, name, transports, created_at, last_used_at`,
    [randomUUID(), accountId, credentialId, Buffer.from(credential.publicKey), credential.counter, transports, name, now.toISOString()],
  );
  await auditAccount(db, accountId, 'security_key_enrolled', null, now);
  return { key: present(rows[0]!), first };
}

/**
 * Begin the login's second step with a key: the options for `navigator.credentials.get`
 * naming the account's keys, with a new challenge bound to `session`. Null when the account has
 * no key.
 */
export async function authenticationOptions(db: Queryable, settings: WebAuthnSettings, accountId: string, session: Buffer, now: Date): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const keys = await credentialsOf(db, accountId);
  if (!keys.length) return null;
  const options = await generateAuthenticationOptions({ rpID: settings.rpId, allowCredentials: keys.map(descriptor), userVerification: 'discouraged', timeout: challengeSeconds * 1000 });
  await keepChallenge(db, session, 'authentication', options.challenge, now);
  return options;
}

/**
 * Verify an assertion of one of the account's keys over the challenge this session was given.
 * Run it in a transaction: the challenge is taken, the counter moved on and the use audited
 * together. Returns the key used; throws {@link SecurityKeyRefused} otherwise.
 */
export async function checkAssertion(db: Queryable, settings: WebAuthnSettings, accountId: string, session: Buffer, response: AuthenticationResponseJSON, now: Date): Promise<SecurityKeyView> {
  const challenge = await awaitedChallenge(db, session, 'authentication', now);
  checkClientData(response.response.clientDataJSON, 'webauthn.get', challenge, settings.origins);
  const id = Buffer.from(response.id, 'base64url');
  const key = (await credentialsOf(db, accountId)).find((c) => Buffer.from(c.credential_id).equals(id));
  if (!key) throw new SecurityKeyRefused('invalid', '/response/id', 'this is not one of the account’s security keys');
  if (coseKeyType(key.public_key) === 2 && !strictEcdsaDer(Buffer.from(response.response.signature, 'base64url'))) {
    throw new SecurityKeyRefused('invalid', '/response/response/signature', 'the signature is not one DER-encoded ECDSA signature and nothing more');
  }
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...settings.origins],
      expectedRPID: settings.rpId,
      credential: { id: response.id, publicKey: new Uint8Array(key.public_key), counter: key.counter, transports: knownTransports(key.transports) },
      requireUserVerification: false,
    });
    if (!verified.verified) throw new SecurityKeyRefused('invalid', '/response/response/signature', 'the signature is not the key’s');
    newCounter = verified.authenticationInfo.newCounter;
  } catch (error) {
    throw refusalOf(error, 'authentication');
  }
  if (!(await takeChallenge(db, session, 'authentication', challenge))) throw new SecurityKeyRefused('invalid', '/response', 'the challenge was used already');
  // The counter moves on only forward (a key without a counter always says 0): a key whose
  // answer raced this one with the same count is refused here, as the library refused a lower one.
  const moved = await db.query(
    'UPDATE security_key SET counter = $2, last_used_at = $3 WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0)) RETURNING name, transports, created_at, last_used_at, id',
    [key.id, newCounter, now.toISOString()],
  );
  if (!moved.rows.length) throw new SecurityKeyRefused('invalid', '/response/response/authenticatorData', 'the key’s signature counter did not move forward: the key may have been copied');
  await auditAccount(db, accountId, 'security_key_used', null, now);
  return present(moved.rows[0] as unknown as KeyRow);
}

/**
 * The account removes one of its keys. Refused (`last_factor`) when it is the account's last
 * second factor and `mustKeepOne` (its role needs one on this register): it enrols another
 * first. When it was the last factor of an account that may go without, the recovery codes go
 * too. False when the account has no such key. Run it in a transaction: a refusal is thrown
 * after the key's row was deleted, and must undo it.
 */
export async function removeSecurityKey(db: Queryable, accountId: string, keyId: string, mustKeepOne: boolean, now: Date): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM security_key WHERE id = $1 AND account_id = $2 RETURNING id', [keyId, accountId]);
  if (!rows.length) return false;
  if (!(await secondFactorInUse(db, accountId))) {
    if (mustKeepOne) throw new SecurityKeyRefused('last_factor', '/params/id', 'this is your last second factor and your role must log in with one: add another key or an authenticator app first');
    await db.query('DELETE FROM recovery_code WHERE account_id = $1', [accountId]);
  }
  await auditAccount(db, accountId, 'security_key_removed', null, now);
  return true;
}
