/**
 * Enrolment tokens (issue 14): nobody but the official chooses their password. When a second
 * administrator approves a new account, and when an administrator resets another account's
 * password, the register issues a single-use token — 125 random bits, written as five groups of
 * five letters of Crockford's base32 so that it can be printed on a slip and typed back — which
 * the administrator hands to the official out of band. With it the official sets their own
 * password (and then enrols a second factor where their role requires one, as at any login).
 * Until then the account has no password and cannot sign in.
 *
 * Only the token's SHA-256 is kept (`enrolment_token`, migration 0010): its 125 bits need no slow
 * hash, and a copy of the table gives nobody a token. A token is accepted once, until its expiry
 * (SIJILL_ENROLMENT_TOKEN_HOURS, 72 h by default); issuing another for the same account
 * withdraws any earlier one not used. What happens to tokens is written to `account_audit`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../store/database.ts';
import { hashPassword, revokeSessions, type Account, type PasswordCost } from './accounts.ts';
import { auditAccount } from './second-factor.ts';

/** Why a token was issued. */
export type EnrolmentPurpose = 'new_account' | 'password_reset';

/** How long a token is accepted by default, in hours. */
export const defaultEnrolmentTokenHours = 72;

/** Crockford's base32: no I, L, O, U. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const letters = 25;

/** A token as typed: upper case, without spaces or dashes, O read as 0 and I/L as 1. */
export function normaliseEnrolmentToken(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** A new token: 25 letters (125 bits) in five groups of five. */
function newToken(): string {
  const bytes = randomBytes(16);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let text = '';
  for (let i = 0; i < letters; i++) text = alphabet[Number(bits & 31n)]! + text, (bits >>= 5n);
  return text.match(/.{5}/g)!.join('-');
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(`sijill enrolment token\n${normaliseEnrolmentToken(token)}`).digest();
}

/** A token as issued: shown once, to the administrator who hands it over. */
export interface IssuedToken {
  readonly token: string;
  readonly expires_at: string;
}

/**
 * Issue a token for an account (in the caller's transaction): any earlier token of it not yet
 * used is withdrawn. `by` is the administrator's account id.
 */
export async function issueEnrolmentToken(
  tx: Queryable,
  accountId: string,
  options: { purpose: EnrolmentPurpose; by: string | null; now: Date; hours: number },
): Promise<IssuedToken> {
  const token = newToken();
  const expiresAt = new Date(options.now.getTime() + options.hours * 3_600_000);
  await tx.query('DELETE FROM enrolment_token WHERE account_id = $1 AND used_at IS NULL', [accountId]);
  await tx.query('INSERT INTO enrolment_token (token_hash, account_id, purpose, issued_by, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    tokenHash(token),
    accountId,
    options.purpose,
    options.by,
    options.now.toISOString(),
    expiresAt.toISOString(),
  ]);
  await auditAccount(tx, accountId, `enrolment_token_issued:${options.purpose}`, options.by, options.now);
  return { token, expires_at: expiresAt.toISOString() };
}

/**
 * An administrator resets another account's password: the password stops working at once, every
 * session of the account ends, and a token is issued for the official to set a new one.
 */
export async function resetPassword(tx: Queryable, accountId: string, options: { by: string; now: Date; hours: number }): Promise<IssuedToken & { sessions_ended: number }> {
  await tx.query('UPDATE account SET password_hash = NULL WHERE id = $1', [accountId]);
  await auditAccount(tx, accountId, 'password_reset', options.by, options.now);
  const ended = await revokeSessions(tx, accountId);
  return { ...(await issueEnrolmentToken(tx, accountId, { purpose: 'password_reset', by: options.by, now: options.now, hours: options.hours })), sessions_ended: ended };
}

/** What became of a token given at enrolment. */
export type Enrolment = { readonly ok: true; readonly account: Account } | { readonly ok: false; readonly reason: 'invalid' | 'expired' | 'used' };

interface TokenRow {
  account_id: string;
  expires_at: Date;
  used_at: Date | null;
  username: string;
  display_name: string;
  role: Account['role'];
  created_at: Date;
}

/**
 * The official sets their password with their token: accepted once, before its expiry, for the
 * username it was issued to (any other username is told the token is wrong, as for a token that
 * does not exist). The password is set, the token used, every session of the account ended and
 * the enrolment audited, in one transaction; a token raced by two requests is taken by one only.
 */
export async function enrolWithToken(db: Database, username: string, token: string, password: string, options: { now: Date; cost?: PasswordCost }): Promise<Enrolment> {
  const digest = tokenHash(token);
  const find = (q: Queryable) =>
    q.query<TokenRow>(
      `SELECT t.account_id, t.expires_at, t.used_at, a.username, a.display_name, a.role, a.created_at
         FROM enrolment_token t JOIN account a ON a.id = t.account_id
        WHERE t.token_hash = $1 AND a.username = $2 AND a.disabled_at IS NULL`,
      [digest, username],
    );
  const verdict = (row: TokenRow | undefined): 'invalid' | 'expired' | 'used' | null =>
    !row ? 'invalid' : row.used_at !== null ? 'used' : new Date(row.expires_at).getTime() <= options.now.getTime() ? 'expired' : null;
  // Checked before the (slow) hash, and again in the transaction that takes the token.
  const early = verdict((await find(db)).rows[0]);
  if (early) return { ok: false, reason: early };
  const passwordHash = await hashPassword(password, options.cost);
  return db.transaction(async (tx) => {
    const row = (await find(tx)).rows[0];
    const late = verdict(row);
    if (late) return { ok: false, reason: late };
    const taken = await tx.query('UPDATE enrolment_token SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING account_id', [digest, options.now.toISOString()]);
    if (!taken.rows.length) return { ok: false, reason: 'used' };
    await tx.query('UPDATE account SET password_hash = $2 WHERE id = $1', [row!.account_id, passwordHash]);
    await revokeSessions(tx, row!.account_id);
    await auditAccount(tx, row!.account_id, 'password_set_with_token', null, options.now);
    return {
      ok: true,
      account: { id: row!.account_id, username: row!.username, display_name: row!.display_name, role: row!.role, created_at: new Date(row!.created_at).toISOString() },
    };
  });
}
