/** What the routes are given: the database, the write path, the clock and settings. */
import type { Register } from '../commands/execute.ts';
import type { Database } from '../store/database.ts';
import type { LoginThrottle, WebAuthnSettings } from '../config.ts';
import type { PasswordCost } from './accounts.ts';
import type { SecondFactorKey } from './second-factor.ts';

export interface ApiContext {
  readonly db: Database;
  readonly register: Register;
  readonly clock: () => Date;
  /** The server holds demonstration data (fictional persons); pages say so. */
  readonly demo: boolean;
  /** Set the Secure attribute on the session cookie (behind HTTPS). */
  readonly secureCookies: boolean;
  /** A login's absolute lifetime, in hours. */
  readonly sessionHours: number;
  /** A session unused for this many minutes ends. */
  readonly sessionIdleMinutes: number;
  /** Whether roles that need a second factor (domain/permissions.ts secondFactorRequired) must log in with one. */
  readonly requireSecondFactor: boolean;
  /** The key that seals second-factor secrets and hashes recovery codes. */
  readonly secondFactorKey: () => SecondFactorKey;
  readonly passwordCost: PasswordCost;
  /** How long an enrolment token is accepted, in hours (enrolment-token.ts). */
  readonly enrolmentTokenHours: number;
  /** Limits on failed logins per account and per client address. */
  readonly loginThrottle: LoginThrottle;
  /** Where security keys are used: the relying party id and the register's origins (config.ts). */
  readonly webAuthn: WebAuthnSettings;
}
