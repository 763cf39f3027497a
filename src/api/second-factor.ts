/**
 * The second factor: a time-based one-time password (TOTP, RFC 6238: HMAC-SHA-1, 6 digits,
 * 30-second steps) computed and checked by otplib (@otplib/totp), security keys (WebAuthn,
 * security-keys.ts), and ten single-use recovery codes. An account has a second factor in use
 * when its TOTP secret is confirmed or it has a security key; the recovery codes stand for either.
 *
 * - A code is accepted for the current time step or one step either side, and once: the last
 *   step accepted is kept per account, and a code of that step or an earlier one is refused
 *   (the update that records the step is conditional, so two requests racing with the same
 *   code cannot both pass).
 * - The secret is sealed at rest with AES-256-GCM (the account's id as associated data, so a
 *   sealed secret cannot be moved to another account) under a key derived from the register's
 *   second-factor key file (SIJILL_SECOND_FACTOR_KEY_FILE, default
 *   `<SIJILL_DATA_DIR>/second-factor-key`: 32 random bytes made with mode 0600 on first use, kept
 *   beside the log and receipt keys, never in the database). A database dump alone therefore
 *   gives neither the secrets nor a way to test guesses at recovery codes.
 * - Recovery codes (80 random bits each) are shown once, at enrolment, and kept only as
 *   HMAC-SHA-256 under a second key derived from the same file, with the account's id.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import QRCode from 'qrcode';
import { verify } from '@otplib/totp';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { ScureBase32Plugin } from '@otplib/plugin-base32-scure';
import { generateTOTP } from '@otplib/uri';
import type { Queryable } from '../store/database.ts';

const crypto = new NodeCryptoPlugin();
const base32 = new ScureBase32Plugin();

/** RFC 6238's step, in seconds. */
export const totpStepSeconds = 30;
/** How many recovery codes an enrolment gives. */
export const recoveryCodeCount = 10;
/** What the authenticator app shows as the account's issuer. */
const issuer = 'Sijill';

/** The register's second-factor key: one key to seal secrets, one to hash recovery codes. */
export interface SecondFactorKey {
  readonly seal: Buffer;
  readonly recovery: Buffer;
}

export class SecondFactorKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecondFactorKeyError';
  }
}

/** Both working keys from the key file's 32 bytes (HKDF-SHA-256, one label each). */
export function secondFactorKeyFrom(bytes: Uint8Array): SecondFactorKey {
  if (bytes.length !== 32) throw new SecondFactorKeyError('the second-factor key is 32 bytes');
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), `sijill second factor: ${label}`, 32));
  return { seal: derive('seal TOTP secrets'), recovery: derive('hash recovery codes') };
}

/**
 * Open the key file (64 hex digits), creating it with mode 0600 on first use. A file that
 * other users can read is refused, as the log's and the receipts' keys are.
 */
export function openSecondFactorKey(path: string): SecondFactorKey {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (mode === undefined) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    mode = statSync(path).mode;
  }
  if ((mode & 0o077) !== 0) {
    throw new SecondFactorKeyError(`the second-factor key ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it, and consider it exposed`);
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new SecondFactorKeyError(`${path} does not hold a second-factor key (64 hex digits)`);
  return secondFactorKeyFrom(Buffer.from(text, 'hex'));
}

const sealVersion = 1;

/** AES-256-GCM: version byte, 12-byte nonce, 16-byte tag, ciphertext; the account's id is associated data. */
export function sealSecret(key: SecondFactorKey, accountId: string, secret: Uint8Array): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.seal, nonce);
  cipher.setAAD(Buffer.from(accountId));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([Buffer.of(sealVersion), nonce, cipher.getAuthTag(), body]);
}

export function openSecret(key: SecondFactorKey, accountId: string, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  if (bytes[0] !== sealVersion) throw new SecondFactorKeyError('a sealed second-factor secret of an unknown version');
  const decipher = createDecipheriv('aes-256-gcm', key.seal, bytes.subarray(1, 13));
  decipher.setAAD(Buffer.from(accountId));
  decipher.setAuthTag(bytes.subarray(13, 29));
  return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]);
}

/** What an official is shown to enrol: the secret as text, as an otpauth:// URI, and that URI as a QR code. */
export interface Enrolment {
  readonly secret: string;
  readonly otpauth_uri: string;
  readonly qr_svg: string;
}

async function enrolmentOf(username: string, secret: Uint8Array): Promise<Enrolment> {
  const text = base32.encode(secret, { padding: false } as never);
  const uri = generateTOTP({ issuer, label: username, secret: text });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: text, otpauth_uri: uri, qr_svg: svg };
}

/** Where an account stands: no factor, one begun but not confirmed, or one in use. */
export type FactorState = 'none' | 'pending' | 'confirmed';

export async function factorState(db: Queryable, accountId: string): Promise<FactorState> {
  const { rows } = await db.query<{ confirmed_at: Date | null }>('SELECT confirmed_at FROM second_factor WHERE account_id = $1', [accountId]);
  return !rows[0] ? 'none' : rows[0].confirmed_at ? 'confirmed' : 'pending';
}

/**
 * A second factor in use, as SQL: whether the account whose id is the expression `accountId`
 * (a parameter such as `$1`, or a column) has a confirmed TOTP secret or a security key. The one
 * definition, for the queries that ask it of one account or of a list.
 */
export const secondFactorInUseSql = (accountId: string): string =>
  `(EXISTS (SELECT 1 FROM second_factor sf WHERE sf.account_id = ${accountId} AND sf.confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM security_key sk WHERE sk.account_id = ${accountId}))`;

/** Whether the account has a second factor in use: a confirmed TOTP secret, or a security key. */
export async function secondFactorInUse(db: Queryable, accountId: string): Promise<boolean> {
  const { rows } = await db.query<{ used: boolean }>(`SELECT ${secondFactorInUseSql('$1')} AS used`, [accountId]);
  return rows[0]?.used === true;
}

/** Record something that happened to an account (append-only). `by` is the administrator, or null for the account itself. */
export async function auditAccount(db: Queryable, accountId: string, what: string, by: string | null, now: Date): Promise<void> {
  await db.query('INSERT INTO account_audit (account_id, what, by_account_id, at) VALUES ($1, $2, $3, $4)', [accountId, what, by, now.toISOString()]);
}

/**
 * Begin an enrolment: a new 20-byte secret (RFC 4226's recommended length), sealed, replacing
 * any enrolment begun and not confirmed. Null when the account has a confirmed factor already.
 */
export async function beginEnrolment(db: Queryable, key: SecondFactorKey, account: { id: string; username: string }, now: Date): Promise<Enrolment | null> {
  const secret = randomBytes(20);
  const { rows } = await db.query(
    `INSERT INTO second_factor (account_id, secret_sealed, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, created_at = EXCLUDED.created_at, last_step = NULL
     WHERE second_factor.confirmed_at IS NULL
     RETURNING account_id`,
    [account.id, sealSecret(key, account.id, secret), now.toISOString()],
  );
  return rows.length ? enrolmentOf(account.username, secret) : null;
}

/** The enrolment begun and not yet confirmed, to show again; null when there is none. */
export async function pendingEnrolment(db: Queryable, key: SecondFactorKey, account: { id: string; username: string }): Promise<Enrolment | null> {
  const { rows } = await db.query<{ secret_sealed: Uint8Array }>('SELECT secret_sealed FROM second_factor WHERE account_id = $1 AND confirmed_at IS NULL', [account.id]);
  return rows[0] ? enrolmentOf(account.username, openSecret(key, account.id, rows[0].secret_sealed)) : null;
}

/**
 * Check a code against the account's secret (confirmed or, with `pending`, the one being
 * enrolled): the current step ±1, and only a step later than the last accepted. On success the
 * step is recorded in the same statement that checks it is still later, so a code is accepted once.
 */
async function acceptCode(db: Queryable, key: SecondFactorKey, accountId: string, code: string, now: Date, pending: boolean): Promise<boolean> {
  if (!/^[0-9]{6}$/.test(code)) return false;
  const { rows } = await db.query<{ secret_sealed: Uint8Array; last_step: string | null }>(
    `SELECT secret_sealed, last_step FROM second_factor WHERE account_id = $1 AND (confirmed_at IS ${pending ? '' : 'NOT '}NULL)`,
    [accountId],
  );
  const row = rows[0];
  if (!row) return false;
  const secret = openSecret(key, accountId, row.secret_sealed);
  const epoch = Math.floor(now.getTime() / 1000);
  const last = row.last_step === null ? undefined : Number(row.last_step);
  // A last step beyond the window (a clock moved back) cannot be passed to otplib; nothing is accepted until time catches up.
  if (last !== undefined && last >= Math.floor(epoch / totpStepSeconds) + 1) return false;
  const result = await verify({ secret, crypto, token: code, epoch, period: totpStepSeconds, epochTolerance: totpStepSeconds, ...(last === undefined ? {} : { afterTimeStep: last }) });
  if (!result.valid) return false;
  const recorded = await db.query(
    `UPDATE second_factor SET last_step = $2${pending ? ', confirmed_at = $3' : ''}
      WHERE account_id = $1 AND (last_step IS NULL OR last_step < $2) AND confirmed_at IS ${pending ? '' : 'NOT '}NULL RETURNING account_id`,
    pending ? [accountId, result.timeStep, now.toISOString()] : [accountId, result.timeStep],
  );
  return recorded.rows.length > 0;
}

/** A code from the account's authenticator at login: true once per time step. */
export function checkCode(db: Queryable, key: SecondFactorKey, accountId: string, code: string, now: Date): Promise<boolean> {
  return acceptCode(db, key, accountId, code, now, false);
}

/** The letters of recovery codes: Crockford's base32 (no I, L, O, U). */
const recoveryAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A recovery code as typed: upper case, without spaces or dashes, O read as 0 and I/L as 1. */
export function normaliseRecoveryCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function recoveryHash(key: SecondFactorKey, accountId: string, code: string): Buffer {
  return createHmac('sha256', key.recovery).update(`${accountId}\n${normaliseRecoveryCode(code)}`).digest();
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10); // 80 bits: 16 letters of 5 bits
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let text = '';
  for (let i = 0; i < 16; i++) text = recoveryAlphabet[Number(bits & 31n)]! + text, (bits >>= 5n);
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}-${text.slice(12)}`;
}

/** Ten new recovery codes for the account, replacing any earlier ones: returned to be shown once, kept only as keyed hashes. */
export async function issueRecoveryCodes(db: Queryable, key: SecondFactorKey, accountId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  await db.query('DELETE FROM recovery_code WHERE account_id = $1', [accountId]);
  for (const c of codes) {
    await db.query('INSERT INTO recovery_code (account_id, code_hash, created_at) VALUES ($1, $2, $3)', [accountId, recoveryHash(key, accountId, c), now.toISOString()]);
  }
  return codes;
}

/**
 * Confirm an enrolment with its first code: the factor is in use from now, and ten recovery
 * codes replace any earlier ones. Returns the codes (shown once), or null when the code is wrong.
 */
export async function confirmEnrolment(db: Queryable, key: SecondFactorKey, accountId: string, code: string, now: Date): Promise<string[] | null> {
  if (!(await acceptCode(db, key, accountId, code, now, true))) return null;
  const codes = await issueRecoveryCodes(db, key, accountId, now);
  await auditAccount(db, accountId, 'second_factor_enrolled', null, now);
  return codes;
}

/** A recovery code at login: true the first time it is given, and its use is audited. */
export async function useRecoveryCode(db: Queryable, key: SecondFactorKey, accountId: string, code: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE recovery_code SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL
       AND ${secondFactorInUseSql('$1')}
     RETURNING account_id`,
    [accountId, recoveryHash(key, accountId, code), now.toISOString()],
  );
  if (!rows.length) return false;
  await auditAccount(db, accountId, 'recovery_code_used', null, now);
  return true;
}

/** Recovery codes not yet used. */
export async function recoveryCodesLeft(db: Queryable, accountId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM recovery_code WHERE account_id = $1 AND used_at IS NULL', [accountId]);
  return rows[0]?.n ?? 0;
}

/**
 * An administrator (`by`; null from the command line on the register's machine) removes an
 * account's second factors (a lost phone or key): its TOTP secret, its security keys and its
 * recovery codes; it must enrol again. True when there was any.
 */
export async function removeFactor(db: Queryable, accountId: string, by: string | null, now: Date): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM second_factor WHERE account_id = $1 RETURNING account_id', [accountId]);
  const keys = await db.query('DELETE FROM security_key WHERE account_id = $1 RETURNING id', [accountId]);
  await db.query('DELETE FROM recovery_code WHERE account_id = $1', [accountId]);
  const removed = rows.length > 0 || keys.rows.length > 0;
  if (removed) await auditAccount(db, accountId, 'second_factor_removed', by, now);
  return removed;
}
