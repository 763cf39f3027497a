/**
 * The per-account half of holding back password guessing (the per-address half is
 * @fastify/rate-limit, in routes/sessions.ts). Each attempt at a username is counted before
 * its password is checked, in one statement, so parallel guesses cannot slip past the count;
 * once the username has failed `accountFreeFailures` times, every further failure locks it for
 * twice as long as the one before, up to `accountLockMaxSeconds`. While it is locked every
 * attempt is refused unchecked — the right password too — and the lock is not lengthened. A
 * successful login, or an administrator, clears the count. The count lives in the database
 * (`login_failure`, migration 0004), so it holds across processes and restarts.
 */
import type { LoginThrottle } from '../config.ts';
import type { Queryable } from '../store/database.ts';
import { usernamePattern } from './schemas.ts';

const username = new RegExp(usernamePattern);

export type LoginAttempt = { readonly allowed: true } | { readonly allowed: false; readonly lockedUntil: Date };

/**
 * Count an attempt at `name` before its password is checked, or refuse it while the name is
 * locked. A name that cannot be a username is never counted (it can never log in).
 */
export async function beginLoginAttempt(db: Queryable, name: string, now: Date, policy: LoginThrottle): Promise<LoginAttempt> {
  if (!username.test(name)) return { allowed: true };
  // Failures beyond the free ones lock for lock × 2^(beyond), capped; the exponent is capped so the power cannot overflow.
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_failure AS f (username, failures, last_failed_at, locked_until)
     VALUES ($1, 1, $2, CASE WHEN 1 >= $3 THEN $2::timestamptz + make_interval(secs => $4) END)
     ON CONFLICT (username) DO UPDATE SET
       failures = f.failures + 1,
       last_failed_at = $2,
       locked_until = CASE WHEN f.failures + 1 >= $3
                           THEN $2::timestamptz + make_interval(secs => least($5::float8, $4::float8 * power(2::float8, least(f.failures + 1 - $3, 40))))
                      END
     WHERE f.locked_until IS NULL OR f.locked_until <= $2
     RETURNING failures`,
    [name, now.toISOString(), policy.accountFreeFailures, policy.accountLockSeconds, policy.accountLockMaxSeconds],
  );
  if (rows.length) return { allowed: true };
  const locked = await db.query<{ locked_until: Date }>('SELECT locked_until FROM login_failure WHERE username = $1', [name]);
  const until = locked.rows[0]?.locked_until;
  // Cleared in between (a success, an administrator): the attempt may go on, uncounted.
  return until ? { allowed: false, lockedUntil: new Date(until) } : { allowed: true };
}

/** The password was right: the failures counted so far are forgotten. */
export async function loginSucceeded(db: Queryable, name: string): Promise<void> {
  await db.query('DELETE FROM login_failure WHERE username = $1', [name]);
}

/**
 * The password was right and a second step follows (the code of a second factor): this
 * attempt was not a failure, so it is taken off the count (and any lock it set lifted: one
 * set before had expired, or the attempt would have been refused) — but the failures before it
 * stay, until the whole login succeeds. So a wrong code counts as a wrong password does, and
 * giving the right password again does not wipe out the wrong codes.
 */
export async function passwordRight(db: Queryable, name: string): Promise<void> {
  // Only this attempt counted: forget the row; else take this attempt off.
  const { rows } = await db.query('DELETE FROM login_failure WHERE username = $1 AND failures <= 1 RETURNING username', [name]);
  if (!rows.length) await db.query('UPDATE login_failure SET failures = failures - 1, locked_until = NULL WHERE username = $1', [name]);
}

/** An administrator lifts a lock (and forgets the failures); true when there was anything to clear. */
export async function clearLoginFailures(db: Queryable, name: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM login_failure WHERE username = $1 RETURNING username', [name]);
  return rows.length > 0;
}

/** Whole seconds until `until`, at least 1: the Retry-After of a refusal. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
