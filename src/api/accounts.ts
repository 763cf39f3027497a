/**
 * Accounts of the officials who use the register, and their login sessions. Passwords are
 * kept as argon2id hashes; a session is a random 32-byte token held by the browser in an
 * HttpOnly cookie, and the database keeps only its SHA-256, so a copy of the session table
 * lets nobody log in.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { argon2id, hash, verify } from 'argon2';
import { isRole, stateBoundRoles, type Role } from '../domain/permissions.ts';
import type { ScopeAssignment } from '../domain/scope.ts';
import { checkForeignState } from '../domain/state-profile.ts';
import type { Queryable } from '../store/database.ts';
import { assignScope } from './scope.ts';
import { auditAccount, secondFactorInUseSql } from './second-factor.ts';
import { minPasswordLength, usernamePattern } from './schemas.ts';

/** argon2id parameters. */
export interface PasswordCost {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 0.1 s per hash on a laptop. */
export const defaultPasswordCost: PasswordCost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** An official's account, as the API shows it. Never carries the password hash. */
export interface Account {
  readonly id: string;
  readonly username: string;
  readonly display_name: string;
  readonly role: Role;
  readonly created_at: string;
}

export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password: string;
  /** What the account reaches (src/domain/scope.ts): nothing beyond its role's own reach until assigned. */
  readonly scope?: ScopeAssignment;
  /** A liaison account's state (ISO 3166-1 alpha-2): the only state whose repatriation cases it sees. Only for a state-bound role. */
  readonly liaisonState?: string;
}

/** An assignment to the whole register. */
export const wholeRegister: ScopeAssignment = { all: true, facilities: [], courts: [] };

const username = new RegExp(usernamePattern);

/**
 * Create an account at once. Only the console's bootstrap (`sijill user add`), the demo's
 * fictional accounts and tests do so: through the API an account is requested by one
 * administrator and made when a second approves (account-requests.ts). Throws a RangeError for an invalid username, role or password (the
 * API validates these first), and the database's unique violation for a taken username.
 * `cost` may be lowered by tests; anything else keeps the default. `passwordHash` is the
 * password's hash when the caller started making it earlier (the demo's accounts, hashed while
 * the demo register loads).
 */
export async function createAccount(db: Queryable, input: NewAccount, options: { cost?: PasswordCost; now?: Date; passwordHash?: Promise<string> } = {}): Promise<Account> {
  if (!username.test(input.username)) throw new RangeError(`a username is 2 to 64 of a-z, 0-9, ".", "_", "-"`);
  if (!isRole(input.role)) throw new RangeError(`unknown role "${input.role}"`);
  if (input.password.length < minPasswordLength) throw new RangeError(`a password has at least ${minPasswordLength} characters`);
  if (!input.displayName.trim()) throw new RangeError('give the account a display name');
  if (input.liaisonState !== undefined) {
    if (!stateBoundRoles.includes(input.role)) throw new RangeError(`only a ${stateBoundRoles.join(' or ')} account is bound to a state`);
    const bad = checkForeignState(input.liaisonState, '/liaison_state');
    if (bad) throw new RangeError(bad.message);
  }
  const passwordHash = await (options.passwordHash ?? hashPassword(input.password, options.cost));
  return insertAccount(db, { ...input, passwordHash }, options.now ?? new Date());
}

/** The argon2id hash of a password, at the register's cost (tests may lower it). */
export function hashPassword(password: string, cost?: PasswordCost): Promise<string> {
  return hash(password, { type: argon2id, ...(cost ?? defaultPasswordCost) });
}

/**
 * Write an account, with its scope: its password hashed already, or none (an approved request,
 * account-requests.ts: its official sets one with an enrolment token). The caller has checked the input.
 */
export async function insertAccount(db: Queryable, input: Omit<NewAccount, 'password'> & { readonly passwordHash: string | null }, now: Date): Promise<Account> {
  const account: Account = {
    id: randomUUID(),
    username: input.username,
    display_name: input.displayName,
    role: input.role,
    created_at: now.toISOString(),
  };
  await db.query('INSERT INTO account (id, username, display_name, role, password_hash, created_at, liaison_state) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    account.id,
    account.username,
    account.display_name,
    account.role,
    input.passwordHash,
    account.created_at,
    input.liaisonState ?? null,
  ]);
  if (input.scope) await assignScope(db, account.id, input.scope, now);
  return account;
}

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  created_at: Date;
}

function presentAccount(row: AccountRow): Account {
  return { id: row.id, username: row.username, display_name: row.display_name, role: row.role, created_at: new Date(row.created_at).toISOString() };
}

let decoy: Promise<string> | undefined;

/**
 * The account whose username and password these are, or null. An unknown or disabled
 * username, or an account whose official has not yet set a password (enrolment-token.ts), costs
 * the same hash as a wrong password, so timing does not reveal which usernames exist.
 */
export async function verifyLogin(db: Queryable, name: string, password: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow & { password_hash: string }>(
    'SELECT id, username, display_name, role, created_at, password_hash FROM account WHERE username = $1 AND disabled_at IS NULL AND password_hash IS NOT NULL',
    [name],
  );
  const row = rows[0];
  if (!row) {
    decoy ??= hash(randomBytes(16).toString('hex'), { type: argon2id, ...defaultPasswordCost });
    await verify(await decoy, password);
    return null;
  }
  return (await verify(row.password_hash, password)) ? presentAccount(row) : null;
}

/** A logged-in account and when its session ends. */
export interface SessionAccount extends Account {
  readonly expires_at: string;
}

/**
 * How far a login has got: `signed_in` is a complete login; `second_factor` (the password was
 * right, the code is awaited) and `enrolment` (the password was right, the account must enrol
 * a second factor first) can do that one thing only, and end within minutes.
 */
export type SessionStage = 'signed_in' | 'second_factor' | 'enrolment';

/** A session found by its token: the account, and how far its login has got. */
export interface FoundSession {
  readonly account: SessionAccount;
  readonly stage: SessionStage;
}

/** How long sessions last: absolute lifetime, idle timeout, and a half-finished login's lifetime. */
export interface SessionPolicy {
  readonly hours: number;
  readonly idleMinutes: number;
}

/** A half-finished login (password right, second step not done) ends after this long. */
export const pendingLoginMinutes = 5;

/** SHA-256 of the token's 32 bytes (what the session table keeps); null when the cookie value is not a token at all. */
export function tokenHash(token: string): Buffer | null {
  const bytes = Buffer.from(token, 'base64url');
  return bytes.length === 32 && bytes.toString('base64url') === token ? createHash('sha256').update(bytes).digest() : null;
}

/**
 * Open a session; returns the token for the cookie. Only its hash is stored. The token is
 * always new (32 random bytes): a login never takes over a value the browser sent before it.
 */
export async function createSession(
  db: Queryable,
  accountId: string,
  options: { now: Date; hours?: number; minutes?: number; stage?: SessionStage },
): Promise<{ token: string; expiresAt: Date }> {
  const bytes = randomBytes(32);
  const lifetime = options.minutes !== undefined ? options.minutes * 60_000 : (options.hours ?? 12) * 3_600_000;
  const expiresAt = new Date(options.now.getTime() + lifetime);
  await db.query('INSERT INTO session (token_hash, account_id, created_at, expires_at, stage, last_seen_at) VALUES ($1, $2, $3, $4, $5, $3)', [
    createHash('sha256').update(bytes).digest(),
    accountId,
    options.now.toISOString(),
    expiresAt.toISOString(),
    options.stage ?? 'signed_in',
  ]);
  return { token: bytes.toString('base64url'), expiresAt };
}

/**
 * The session behind a token, if it is open — before its absolute end, used within the idle
 * timeout, its account enabled — and marks it as used now.
 */
export async function findSession(db: Queryable, token: string, now: Date, idleMinutes = 30): Promise<FoundSession | null> {
  const digest = tokenHash(token);
  if (!digest) return null;
  const { rows } = await db.query<AccountRow & { expires_at: Date; stage: SessionStage }>(
    `UPDATE session s SET last_seen_at = $2
       FROM account a
      WHERE s.token_hash = $1 AND a.id = s.account_id AND a.disabled_at IS NULL
        AND s.expires_at > $2 AND coalesce(s.last_seen_at, s.created_at) > $2::timestamptz - make_interval(mins => $3)
     RETURNING a.id, a.username, a.display_name, a.role, a.created_at, s.expires_at, s.stage`,
    [digest, now.toISOString(), idleMinutes],
  );
  const row = rows[0];
  return row ? { account: { ...presentAccount(row), expires_at: new Date(row.expires_at).toISOString() }, stage: row.stage } : null;
}

/** End a session (logout). Unknown tokens are ignored: logging out twice is not an error. */
export async function endSession(db: Queryable, token: string): Promise<void> {
  const digest = tokenHash(token);
  if (digest) await db.query('DELETE FROM session WHERE token_hash = $1', [digest]);
}

/**
 * End every session of an account (its password or role changed, it was disabled, its factor
 * removed) — but the one of `except`, a token, when given (the account removed one of its own security keys).
 */
export async function revokeSessions(db: Queryable, accountId: string, except?: string): Promise<number> {
  const kept = except === undefined ? null : tokenHash(except);
  const { rows } = await db.query('DELETE FROM session WHERE account_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2) RETURNING account_id', [accountId, kept]);
  return rows.length;
}

/** What may change on an account: through the API, a password only its owner's (others are reset with a token: enrolment-token.ts). */
export interface AccountChange {
  readonly role?: Role;
  readonly password?: string;
  readonly disabled?: boolean;
  /** What the account reaches from now on (src/domain/scope.ts); its sessions go on, each request looks the scope up. */
  readonly scope?: ScopeAssignment;
}

/**
 * Change an account's role, password, scope or whether it is disabled, each recorded in the
 * account audit; a change of role or password, or disabling, ends every session of the account.
 * Null when there is no such account. `by` is the administrator's account id. Give a
 * transaction when several things change, so that they change together.
 */
export async function changeAccount(
  db: Queryable,
  name: string,
  change: AccountChange,
  options: { by: string; now: Date; cost?: PasswordCost },
): Promise<(Account & { readonly disabled: boolean; readonly sessions_ended: number }) | null> {
  if (change.role !== undefined && !isRole(change.role)) throw new RangeError(`unknown role "${change.role}"`);
  if (change.password !== undefined && change.password.length < minPasswordLength) throw new RangeError(`a password has at least ${minPasswordLength} characters`);
  const passwordHash = change.password === undefined ? null : await hash(change.password, { type: argon2id, ...(options.cost ?? defaultPasswordCost) });
  const { rows } = await db.query<AccountRow & { disabled_at: Date | null }>(
    `UPDATE account SET role = coalesce($2, role), password_hash = coalesce($3, password_hash),
            disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN coalesce(disabled_at, $5::timestamptz) ELSE NULL END
      WHERE username = $1
     RETURNING id, username, display_name, role, created_at, disabled_at`,
    [name, change.role ?? null, passwordHash, change.disabled ?? null, options.now.toISOString()],
  );
  const row = rows[0];
  if (!row) return null;
  const what = [
    change.role !== undefined ? `role_changed:${change.role}` : null,
    change.password !== undefined ? 'password_changed' : null,
    change.disabled === true ? 'disabled' : change.disabled === false ? 'enabled' : null,
  ].filter((w): w is string => w !== null);
  if (change.scope) await assignScope(db, row.id, change.scope, options.now);
  for (const w of [...what, ...(change.scope ? ['scope_changed'] : [])]) await auditAccount(db, row.id, w, options.by, options.now);
  const ended = what.length ? await revokeSessions(db, row.id) : 0;
  return { ...presentAccount(row), disabled: row.disabled_at !== null, sessions_ended: ended };
}

/** Remember the language an official chose in the web application (a locale code such as "ar"). */
export async function setAccountLanguage(db: Queryable, accountId: string, language: string): Promise<void> {
  if (!/^[a-z]{2,3}$/.test(language)) throw new RangeError(`"${language}" is not a language code`);
  await db.query('UPDATE account SET language = $2 WHERE id = $1', [accountId, language]);
}

/** The language an official last chose, or null when they have not chosen one. */
export async function accountLanguage(db: Queryable, username: string): Promise<string | null> {
  const { rows } = await db.query<{ language: string | null }>('SELECT language FROM account WHERE username = $1', [username]);
  return rows[0]?.language ?? null;
}

/** An account as an administrator sees it: with its scope, second factor, enrolment, failed logins and any lock (src/api/login-lockout.ts). */
export interface AccountStatus extends Account {
  readonly disabled: boolean;
  /** What it was assigned (src/domain/scope.ts); what that comes to depends on its role. */
  readonly scope: ScopeAssignment;
  /** It has a second factor in use. */
  readonly second_factor: boolean;
  /** Its official has set a password (false: waiting for them to use their enrolment token). */
  readonly enrolled: boolean;
  /** Until when its enrolment token not yet used is accepted (or was, when past); null when it has none. */
  readonly enrolment_expires_at: string | null;
  /** Failed logins since the last success (0 when none). */
  readonly failed_logins: number;
  /** Until when logins are refused, when the account is locked now; otherwise null. */
  readonly locked_until: string | null;
}

/** Accounts by username (or the one of `username`), a page of them (`offset`, `limit`), each as of `now`; and how many there are. */
export async function accountStatuses(db: Queryable, now: Date, page: { offset?: number; limit?: number; username?: string } = {}): Promise<{ accounts: AccountStatus[]; total: number }> {
  const { rows } = await db.query<
    AccountRow & { disabled_at: Date | null; failures: number | null; locked_until: Date | null; factor: boolean; enrolled: boolean; token_expires: Date | null; scope: { kind: string; value: string }[]; total: number }
  >(
    `SELECT a.id, a.username, a.display_name, a.role, a.created_at, a.disabled_at, f.failures,
            CASE WHEN f.locked_until > $1 THEN f.locked_until END AS locked_until,
            ${secondFactorInUseSql('a.id')} AS factor,
            a.password_hash IS NOT NULL AS enrolled,
            (SELECT max(t.expires_at) FROM enrolment_token t WHERE t.account_id = a.id AND t.used_at IS NULL) AS token_expires,
            coalesce((SELECT jsonb_agg(jsonb_build_object('kind', s.kind, 'value', s.value) ORDER BY s.kind, s.value) FROM account_scope s WHERE s.account_id = a.id), '[]'::jsonb) AS scope,
            count(*) OVER ()::int AS total
       FROM account a LEFT JOIN login_failure f ON f.username = a.username
      WHERE $4::text IS NULL OR a.username = $4 ORDER BY a.username OFFSET $2 LIMIT $3`,
    [now.toISOString(), page.offset ?? 0, page.limit ?? 1000, page.username ?? null],
  );
  const total = rows[0]?.total ?? (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM account WHERE $1::text IS NULL OR username = $1', [page.username ?? null])).rows[0]!.n;
  return {
    total,
    accounts: rows.map((r) => ({
      ...presentAccount(r),
      disabled: r.disabled_at !== null,
      scope: {
        all: r.scope.some((x) => x.kind === 'all'),
        facilities: r.scope.filter((x) => x.kind === 'facility').map((x) => x.value),
        courts: r.scope.filter((x) => x.kind === 'court').map((x) => x.value),
      },
      second_factor: r.factor,
      enrolled: r.enrolled,
      enrolment_expires_at: r.token_expires ? new Date(r.token_expires).toISOString() : null,
      failed_logins: r.failures ?? 0,
      locked_until: r.locked_until ? new Date(r.locked_until).toISOString() : null,
    })),
  };
}
