/**
 * Configuration from environment variables, validated once at start; defaults work on a
 * laptop. Every variable is documented here and in README.md.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultClockRules, type ClockRules } from './domain/clocks/rules.ts';
import { defaultResponseClockRules, type ResponseClockRules } from './domain/response-clock.ts';
import { cosignatureVerifier } from './ledger/cosignature.ts';
import { isValidKeyName } from './ledger/signed-note.ts';

export interface Config {
  /** DATABASE_URL: postgres://… to use a PostgreSQL server; unset for embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** SIJILL_DATA_DIR: where PGlite and the log's keys live (default ./data). */
  readonly dataDir: string;
  /** PORT (default 8080) and HOST (default 127.0.0.1) the server listens on. */
  readonly port: number;
  readonly host: string;
  /** SIJILL_LOG_LEVEL: fatal, error, warn, info (default), debug. */
  readonly logLevel: string;
  /** SIJILL_COOKIE_SECURE: send the session cookie over HTTPS only; null when not set (then: Secure outside demo mode, cookiesSecureFor). */
  readonly cookieSecure: boolean | null;
  /**
   * SIJILL_LOG_ORIGIN: the transparency log's origin, the first line of every checkpoint —
   * by convention the log's URL without the scheme (default `sijill.example/log`; set it
   * before the first checkpoint is published, since monitors pin it).
   */
  readonly logOrigin: string;
  /** SIJILL_LOG_KEY_NAME: name of the log's signing key in signed notes (default: the origin). */
  readonly logKeyName: string;
  /**
   * SIJILL_LOG_KEY_FILE: the log's Ed25519 signer key, created with mode 0600 on first start
   * (default `<SIJILL_DATA_DIR>/log-key`). Whoever holds it can sign checkpoints.
   */
  readonly logKeyFile: string;
  /**
   * SIJILL_LOG_WITNESS_KEYS: verifier keys (tlog-cosignature, type 0x04) of the witnesses whose
   * cosignatures the server accepts and serves, separated by commas or white space (default none).
   */
  readonly logWitnessKeys: readonly string[];
  /** SIJILL_LOG_CHECKPOINT_INTERVAL_MS: how often the server signs a checkpoint while the log grows (default 2000). */
  readonly logCheckpointIntervalMs: number;
  /** SIJILL_TRUST_PROXY: which proxies' X-Forwarded-For names the client (Fastify `trustProxy`; default none). */
  readonly trustProxy: TrustProxy;
  /** SIJILL_LOGIN_*: how password guessing is held back, per account and per client address. */
  readonly loginThrottle: LoginThrottle;
  /**
   * SIJILL_CLOCK_RULES: a JSON file that sets any of the legal clocks' numbers
   * (`domain/clocks/rules.ts`: hours to the first appearance, the longest order, the pre-trial
   * cap, alert windows, local time's offset …); unset, the defaults of CLOCKS.md.
   */
  readonly clockRules: ClockRules;
  /**
   * SIJILL_RESPONSE_CLOCKS: a JSON file that sets any of the hours within which a request or
   * complaint is answered and a referral of ill-treatment is taken up, the days after which a
   * state's unanswered repatriation request is reminded and escalated, and their alert windows
   * (`domain/response-clock.ts`); unset, the defaults there.
   */
  readonly responseClockRules: ResponseClockRules;
  /** SIJILL_MATCH_LIKELY and SIJILL_MATCH_POSSIBLE: the identity matcher's thresholds (see {@link MatchThresholds}). */
  readonly matchThresholds: MatchThresholds;
  /** SIJILL_SESSION_HOURS (default 12) and SIJILL_SESSION_IDLE_MINUTES (default 30): a login's absolute lifetime and idle timeout. */
  readonly sessionHours: number;
  readonly sessionIdleMinutes: number;
  /**
   * SIJILL_SECOND_FACTOR: `required` (default) — accounts of roles that change custody, approve,
   * sign off, decide or administer accounts log in with a second factor (TOTP or a security key) and must enrol
   * one first; `optional` — nobody must, those who enrolled still give their code. In demo mode
   * (`serve --demo`) it is never required.
   */
  readonly secondFactor: 'required' | 'optional';
  /** SIJILL_SECOND_FACTOR_KEY_FILE: the key that seals second-factor secrets (default `<SIJILL_DATA_DIR>/second-factor-key`). */
  readonly secondFactorKeyFile: string;
  /** SIJILL_WEBAUTHN_RP_ID and SIJILL_WEBAUTHN_ORIGINS: where security keys are used (see {@link WebAuthnSettings}). */
  readonly webAuthn: WebAuthnSettings;
  /** SIJILL_ENROLMENT_TOKEN_HOURS (default 72, at most 720): how long the token with which an official sets their password is accepted. */
  readonly enrolmentTokenHours: number;
}

/**
 * Where the register's security keys (WebAuthn, src/api/security-keys.ts) are used. A key is
 * bound to the relying party id `rpId` (SIJILL_WEBAUTHN_RP_ID: the register's host name, or a
 * domain it is under, never an IP address; default `localhost`), and its answers are accepted
 * only from the pages of `origins` (SIJILL_WEBAUTHN_ORIGINS: the register's addresses as the
 * browser shows them, `https://host[:port]`, separated by commas; plain `http://` only for
 * localhost; default `http://localhost:<PORT>`). Each origin's host is the RP id or under it.
 * Changing the RP id later orphans every key enrolled under the old one.
 */
export interface WebAuthnSettings {
  readonly rpId: string;
  readonly origins: readonly string[];
}

const domainName = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The security keys' relying party from SIJILL_WEBAUTHN_RP_ID and SIJILL_WEBAUTHN_ORIGINS (PORT for the default origin). */
export function loadWebAuthn(env: NodeJS.ProcessEnv = process.env): WebAuthnSettings {
  const rpId = env.SIJILL_WEBAUTHN_RP_ID?.trim() || 'localhost';
  if (!domainName.test(rpId) || /^[0-9.]+$/.test(rpId)) throw new ConfigError(`SIJILL_WEBAUTHN_RP_ID must be a host name in lower case (the register's, or a domain it is under), not an address or "${rpId}"`);
  const given = (env.SIJILL_WEBAUTHN_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean);
  const origins = given.length ? given : [`http://localhost:${env.PORT?.trim() || '8080'}`];
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`SIJILL_WEBAUTHN_ORIGINS: "${origin}" is not an origin such as https://sijill.example`);
    }
    if (url.origin === 'null') throw new ConfigError(`SIJILL_WEBAUTHN_ORIGINS: "${origin}" is not an origin such as https://sijill.example`);
    if (url.origin !== origin) throw new ConfigError(`SIJILL_WEBAUTHN_ORIGINS: "${origin}" must be an origin alone, scheme://host[:port], written as ${url.origin}`);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === 'localhost')) throw new ConfigError(`SIJILL_WEBAUTHN_ORIGINS: "${origin}" must be https:// (browsers offer security keys to plain http:// on localhost only)`);
    if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) throw new ConfigError(`SIJILL_WEBAUTHN_ORIGINS: the host of "${origin}" must be SIJILL_WEBAUTHN_RP_ID (${rpId}) or under it`);
  }
  return { rpId, origins };
}

/**
 * What the register makes of a candidate's probability of being the same person: from
 * `likely` (SIJILL_MATCH_LIKELY, default 0.8) a duplicate review is opened; from `possible`
 * (SIJILL_MATCH_POSSIBLE, default 0.4) it is shown as possibly the same person. Each in [0, 1],
 * possible not above likely.
 */
export interface MatchThresholds {
  readonly likely: number;
  readonly possible: number;
}

export const defaultMatchThresholds: MatchThresholds = { likely: 0.8, possible: 0.4 };

function probability(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^(?:0(?:\.[0-9]+)?|1(?:\.0*)?|\.[0-9]+)$/.test(raw) || !(value >= 0 && value <= 1)) throw new ConfigError(`${name} must be a probability from 0 to 1, such as 0.8, not "${raw}"`);
  return value;
}

/** The matcher's thresholds from SIJILL_MATCH_LIKELY and SIJILL_MATCH_POSSIBLE. */
export function loadMatchThresholds(env: NodeJS.ProcessEnv = process.env): MatchThresholds {
  const likely = probability(env, 'SIJILL_MATCH_LIKELY', defaultMatchThresholds.likely);
  const possible = probability(env, 'SIJILL_MATCH_POSSIBLE', defaultMatchThresholds.possible);
  if (possible > likely) throw new ConfigError(`SIJILL_MATCH_POSSIBLE (${possible}) must not be above SIJILL_MATCH_LIKELY (${likely})`);
  return { likely, possible };
}

let matchThresholdsRead: MatchThresholds | undefined;
/** The thresholds of this process's environment, read once (the start has validated them through {@link loadConfig}). */
export function matchThresholds(): MatchThresholds {
  return (matchThresholdsRead ??= loadMatchThresholds(process.env));
}

/**
 * Fastify's `trustProxy`: false (the connection's address is the client), true (trust every
 * proxy: only when the server is reachable through proxies alone), a number of proxy hops, or
 * the proxies' addresses and CIDR ranges.
 */
export type TrustProxy = boolean | number | readonly string[];

/**
 * Limits on login attempts. An account (any username, known or not, so that a lockout says
 * nothing about which usernames exist) may fail `accountFreeFailures` times; then every
 * further failure locks it for `accountLockSeconds`, doubling with each failure, up to
 * `accountLockMaxSeconds`; during a lock even the right password is refused. A client address
 * may fail `addressFailures` times in `addressWindowSeconds` across all accounts. With the
 * defaults (5 free, 60 s doubling, at most 1 h) an account can be guessed at most 10 times in
 * any hour: 5 at once, then after 1, 2, 4, 8 and 16 minutes; the 11th comes after 63 minutes.
 */
export interface LoginThrottle {
  readonly accountFreeFailures: number;
  readonly accountLockSeconds: number;
  readonly accountLockMaxSeconds: number;
  readonly addressFailures: number;
  readonly addressWindowSeconds: number;
}

export const defaultLoginThrottle: LoginThrottle = { accountFreeFailures: 5, accountLockSeconds: 60, accountLockMaxSeconds: 3600, addressFailures: 20, addressWindowSeconds: 900 };

export class ConfigError extends Error {}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number, ${min} or more${max < Number.MAX_SAFE_INTEGER ? ` and ${max} at most` : ''}, not "${raw}"`);
  }
  return value;
}

/** The login limits from SIJILL_LOGIN_* (see README's configuration table). */
export function loadLoginThrottle(env: NodeJS.ProcessEnv = process.env): LoginThrottle {
  const d = defaultLoginThrottle;
  const throttle: LoginThrottle = {
    accountFreeFailures: wholeNumber(env, 'SIJILL_LOGIN_ACCOUNT_FREE_FAILURES', d.accountFreeFailures, 1),
    accountLockSeconds: wholeNumber(env, 'SIJILL_LOGIN_ACCOUNT_LOCK_SECONDS', d.accountLockSeconds, 1),
    accountLockMaxSeconds: wholeNumber(env, 'SIJILL_LOGIN_ACCOUNT_LOCK_MAX_SECONDS', d.accountLockMaxSeconds, 1),
    addressFailures: wholeNumber(env, 'SIJILL_LOGIN_ADDRESS_FAILURES', d.addressFailures, 1),
    addressWindowSeconds: wholeNumber(env, 'SIJILL_LOGIN_ADDRESS_WINDOW_SECONDS', d.addressWindowSeconds, 1),
  };
  if (throttle.accountLockMaxSeconds < throttle.accountLockSeconds) throw new ConfigError('SIJILL_LOGIN_ACCOUNT_LOCK_MAX_SECONDS must not be shorter than SIJILL_LOGIN_ACCOUNT_LOCK_SECONDS');
  return throttle;
}

/** SIJILL_TRUST_PROXY: `false` (default), `true`, a number of hops, or proxies' addresses/CIDR ranges separated by commas. */
export function loadTrustProxy(env: NodeJS.ProcessEnv = process.env): TrustProxy {
  const raw = env.SIJILL_TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^[0-9]+$/.test(raw)) return Number(raw);
  const proxies = raw.split(/[\s,]+/).filter(Boolean);
  for (const p of proxies) {
    if (!/^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(p) && !['loopback', 'linklocal', 'uniquelocal'].includes(p)) {
      throw new ConfigError(`SIJILL_TRUST_PROXY must be true, false, a number of hops or proxy addresses (CIDR ranges allowed), not "${p}"`);
    }
  }
  return proxies;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The settings in the JSON file an environment variable names (one object), or null when it names none. */
function settingsFile(env: NodeJS.ProcessEnv, variable: string): Record<string, unknown> | null {
  const path = env[variable]?.trim();
  if (!path) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${variable}: "${path}" is not a readable JSON file: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new ConfigError(`${variable}: the file must hold one JSON object`);
  return raw;
}

/** The clocks' numbers: the defaults, with what the file of SIJILL_CLOCK_RULES sets. */
export function loadClockRules(env: NodeJS.ProcessEnv): ClockRules {
  const raw = settingsFile(env, 'SIJILL_CLOCK_RULES');
  if (!raw) return defaultClockRules;
  const merged: Record<string, unknown> = { ...defaultClockRules };
  for (const [name, value] of Object.entries(raw)) {
    const fallback = (defaultClockRules as unknown as Record<string, unknown>)[name];
    if (fallback === undefined) throw new ConfigError(`SIJILL_CLOCK_RULES: "${name}" is not a clock setting; the settings are ${Object.keys(defaultClockRules).join(', ')}`);
    if (isObject(fallback)) {
      if (!isObject(value)) throw new ConfigError(`SIJILL_CLOCK_RULES: "${name}" must be an object like ${JSON.stringify(fallback)}`);
      for (const [inner, n] of Object.entries(value)) {
        if (!(inner in fallback)) throw new ConfigError(`SIJILL_CLOCK_RULES: "${name}.${inner}" is not a clock setting`);
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ConfigError(`SIJILL_CLOCK_RULES: "${name}.${inner}" must be a whole number, 0 or more`);
      }
      merged[name] = { ...fallback, ...value };
    } else {
      const least = name === 'utcOffsetMinutes' ? -840 : 1;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < least || (name === 'utcOffsetMinutes' && value > 840)) {
        throw new ConfigError(`SIJILL_CLOCK_RULES: "${name}" must be a whole number${name === 'utcOffsetMinutes' ? ' from -840 to 840' : ', 1 or more'}`);
      }
      merged[name] = value;
    }
  }
  return merged as unknown as ClockRules;
}

/** The answer, referral and reminder clocks' numbers: the defaults, with what the file of SIJILL_RESPONSE_CLOCKS sets. */
export function loadResponseClockRules(env: NodeJS.ProcessEnv): ResponseClockRules {
  const raw = settingsFile(env, 'SIJILL_RESPONSE_CLOCKS');
  if (!raw) return defaultResponseClockRules;
  const merged: Record<string, number> = { ...defaultResponseClockRules };
  for (const [name, value] of Object.entries(raw)) {
    if (!(name in defaultResponseClockRules)) throw new ConfigError(`SIJILL_RESPONSE_CLOCKS: "${name}" is not a setting; the settings are ${Object.keys(defaultResponseClockRules).join(', ')}`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ConfigError(`SIJILL_RESPONSE_CLOCKS: "${name}" must be a whole number of ${name.endsWith('Days') ? 'days' : 'hours'}, 1 or more`);
    merged[name] = value;
  }
  return merged as unknown as ResponseClockRules;
}

function secondFactorSetting(env: NodeJS.ProcessEnv): 'required' | 'optional' {
  const raw = env.SIJILL_SECOND_FACTOR?.trim() || 'required';
  if (raw !== 'required' && raw !== 'optional') throw new ConfigError(`SIJILL_SECOND_FACTOR must be required or optional, not "${raw}"`);
  return raw;
}

/**
 * Whether the server requires a second factor of the roles that need one: as configured
 * (required by default), and never in demo mode, whose accounts have a published password.
 */
export function secondFactorRequiredBy(config: Pick<Config, 'secondFactor'>, demo: boolean): boolean {
  return !demo && config.secondFactor === 'required';
}

/**
 * Whether the session cookie is Secure (HTTPS only): as configured, and when not configured,
 * always outside demo mode; a demo served on plain http://localhost works without it.
 */
export function cookiesSecureFor(config: Pick<Config, 'cookieSecure'>, demo: boolean): boolean {
  return config.cookieSecure ?? !demo;
}

/** Read and validate the configuration; a bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const logLevel = env.SIJILL_LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw new ConfigError('SIJILL_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  const secure = env.SIJILL_COOKIE_SECURE?.trim() || null;
  if (secure !== null && !['true', 'false'].includes(secure)) throw new ConfigError('SIJILL_COOKIE_SECURE must be true or false');
  const dataDir = resolve(env.SIJILL_DATA_DIR ?? 'data');
  const logOrigin = env.SIJILL_LOG_ORIGIN?.trim() || 'sijill.example/log';
  // The origin is a checkpoint line: no control characters, nothing a parser could split.
  if (/[\u0000-\u001f]/.test(logOrigin)) throw new ConfigError('SIJILL_LOG_ORIGIN must be one line of text');
  const logKeyName = env.SIJILL_LOG_KEY_NAME?.trim() || logOrigin;
  if (!isValidKeyName(logKeyName)) throw new ConfigError(`SIJILL_LOG_KEY_NAME (or the origin it defaults to) must have no spaces and no plus sign, not "${logKeyName}"`);
  const logWitnessKeys = (env.SIJILL_LOG_WITNESS_KEYS ?? '').split(/[\s,]+/).filter((k) => k.length > 0);
  for (const key of logWitnessKeys) {
    try {
      cosignatureVerifier(key);
    } catch (error) {
      throw new ConfigError(`SIJILL_LOG_WITNESS_KEYS: "${key}" is not a witness (cosignature) verifier key: ${(error as Error).message}`);
    }
  }
  const interval = Number(env.SIJILL_LOG_CHECKPOINT_INTERVAL_MS ?? 2000);
  if (!Number.isInteger(interval) || interval < 100) throw new ConfigError('SIJILL_LOG_CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds, 100 or more');
  return {
    databaseUrl,
    dataDir,
    port,
    host: env.HOST ?? '127.0.0.1',
    logLevel,
    cookieSecure: secure === null ? null : secure === 'true',
    logOrigin,
    logKeyName,
    logKeyFile: resolve(env.SIJILL_LOG_KEY_FILE?.trim() || join(dataDir, 'log-key')),
    logWitnessKeys,
    logCheckpointIntervalMs: interval,
    trustProxy: loadTrustProxy(env),
    loginThrottle: loadLoginThrottle(env),
    clockRules: loadClockRules(env),
    responseClockRules: loadResponseClockRules(env),
    matchThresholds: loadMatchThresholds(env),
    sessionHours: wholeNumber(env, 'SIJILL_SESSION_HOURS', 12, 1),
    sessionIdleMinutes: wholeNumber(env, 'SIJILL_SESSION_IDLE_MINUTES', 30, 1),
    secondFactor: secondFactorSetting(env),
    secondFactorKeyFile: resolve(env.SIJILL_SECOND_FACTOR_KEY_FILE?.trim() || join(dataDir, 'second-factor-key')),
    webAuthn: loadWebAuthn(env),
    enrolmentTokenHours: wholeNumber(env, 'SIJILL_ENROLMENT_TOKEN_HOURS', 72, 1, 720),
  };
}
