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
import { auditAccount } from './second-factor.ts';
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
 * Write an account whose password is hashed already (an approved request, account-requests.ts),
 * with its scope. The caller has checked the input.
 */
export async function insertAccount(db: Queryable, input: Omit<NewAccount, 'password'> & { readonly passwordHash: string }, now: Date): Promise<Account> {
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

/** The state a liaison account is bound to (null: none, or not a liaison account). */
export async function liaisonStateOf(db: Queryable, accountId: string): Promise<string | null> {
  const { rows } = await db.query<{ liaison_state: string | null }>('SELECT liaison_state FROM account WHERE id = $1', [accountId]);
  return rows[0]?.liaison_state ?? null;
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
 * username costs the same hash as a wrong password, so timing does not reveal which
 * usernames exist.
 */
export async function verifyLogin(db: Queryable, name: string, password: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow & { password_hash: string }>(
    'SELECT id, username, display_name, role, created_at, password_hash FROM account WHERE username = $1 AND disabled_at IS NULL',
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

/** SHA-256 of the token's 32 bytes; null when the cookie value is not a token at all. */
function tokenHash(token: string): Buffer | null {
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

/** End every session of an account (its password or role changed, it was disabled, its factor removed). */
export async function revokeSessions(db: Queryable, accountId: string): Promise<number> {
  const { rows } = await db.query('DELETE FROM session WHERE account_id = $1 RETURNING account_id', [accountId]);
  return rows.length;
}

/** What an administrator may change on an account. */
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

/** An account as an administrator sees it: with its failed logins and any lock (src/api/login-lockout.ts). */
export interface AccountStatus extends Account {
  readonly disabled: boolean;
  /** Failed logins since the last success (0 when none). */
  readonly failed_logins: number;
  /** Until when logins are refused, when the account is locked now; otherwise null. */
  readonly locked_until: string | null;
}

/** Every account, by username, with its failed logins and lock as of `now`. */
export async function accountStatuses(db: Queryable, now: Date): Promise<AccountStatus[]> {
  const { rows } = await db.query<AccountRow & { disabled_at: Date | null; failures: number | null; locked_until: Date | null }>(
    `SELECT a.id, a.username, a.display_name, a.role, a.created_at, a.disabled_at, f.failures,
            CASE WHEN f.locked_until > $1 THEN f.locked_until END AS locked_until
       FROM account a LEFT JOIN login_failure f ON f.username = a.username ORDER BY a.username`,
    [now.toISOString()],
  );
  return rows.map((r) => ({
    ...presentAccount(r),
    disabled: r.disabled_at !== null,
    failed_logins: r.failures ?? 0,
    locked_until: r.locked_until ? new Date(r.locked_until).toISOString() : null,
  }));
}
