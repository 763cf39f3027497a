/**
 * Configuration from environment variables, validated once at start; defaults work on a
 * laptop. Every variable is documented here and in README.md.
 */
import { resolve } from 'node:path';

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
  /** SIJILL_COOKIE_SECURE: send the session cookie over HTTPS only (default false for localhost). */
  readonly cookieSecure: boolean;
}

export class ConfigError extends Error {}

/** Read and validate the configuration; a bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const logLevel = env.SIJILL_LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw new ConfigError('SIJILL_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  const secure = env.SIJILL_COOKIE_SECURE ?? 'false';
  if (!['true', 'false'].includes(secure)) throw new ConfigError('SIJILL_COOKIE_SECURE must be true or false');
  return {
    databaseUrl,
    dataDir: resolve(env.SIJILL_DATA_DIR ?? 'data'),
    port,
    host: env.HOST ?? '127.0.0.1',
    logLevel,
    cookieSecure: secure === 'true',
  };
}
