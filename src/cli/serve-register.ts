/**
 * What `sijill serve` does: build the server while the register opens, then load the demo
 * register when asked (an empty register only) and create the demo accounts, fold the legal
 * clocks, build the identity index, and listen — only once all of that is done, so the first
 * answer of /api/health comes from a register ready to use.
 *
 * The server (its routes' schemas compiled, the better part of a second) is built before the
 * register is open, so that on a first start this thread builds it while a worker thread makes
 * the database: its database and identity index are the register's, reached through a
 * database that waits for the opening ({@link lateDatabase}) and a register whose identity
 * index is set once built. Nothing answers before it listens.
 */
import { refreshClocks } from '../store/clock-projection.ts';
import { cookiesSecureFor, secondFactorRequiredBy, type Config } from '../config.ts';
import { loggerOptions } from '../api/server.ts';
import { buildApp } from '../app.ts';
import { createAccount, hashPassword } from '../api/accounts.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { demoAccounts, demoPassword, demoScope } from '../demo/demo-accounts.ts';
import { bindDemoVisitors } from '../demo/demo-visits.ts';
import type { IdentityLookup, Register } from '../commands/execute.ts';
import type { Database } from '../store/database.ts';
import type { OpenedRegister } from './open-register.ts';
import { IdentityIndex } from '../queries/identity-index.ts';
import { startCheckpointer } from '../transparency/checkpointer.ts';
import { openLogKey } from '../transparency/log-key.ts';
import { openSecondFactorKey } from '../api/second-factor.ts';

/** The demo accounts that are missing, made (with `hashes`, one per demo account in order, when made beforehand). */
async function ensureDemoAccounts(register: Register, hashes: readonly Promise<string>[] | null): Promise<void> {
  const { rows } = await register.db.query<{ username: string }>('SELECT username FROM account');
  const existing = new Set(rows.map((r) => r.username));
  const facilities = (await register.db.query<{ id: string; kind: string }>('SELECT id, kind FROM facility ORDER BY id')).rows;
  await Promise.all(
    demoAccounts.flatMap((a, i) =>
      existing.has(a.username)
        ? []
        : [createAccount(register.db, { username: a.username, displayName: a.displayName, role: a.role, password: demoPassword, scope: demoScope(a.reach, facilities), ...(a.liaisonState ? { liaisonState: a.liaisonState } : {}) }, hashes?.[i] ? { passwordHash: hashes[i] } : {})],
    ),
  );
  await bindDemoVisitors(register.db);
}

/**
 * A database reached once `opening` gives it: each call waits for it, then goes to it. The
 * server is built with this before the register is open; nothing calls it before it listens.
 */
function lateDatabase(kind: Database['kind'], opening: Promise<Database>): Database {
  const db = () => opening;
  return {
    kind,
    query: async (sql, params) => (await db()).query(sql, params),
    exec: async (sql) => (await db()).exec(sql),
    transaction: async (work) => (await db()).transaction(work),
    close: async () => (await db()).close(),
  };
}

/** Serve the register `opening` gives (with the demo register and accounts when `demo`), until SIGINT or SIGTERM. */
export async function serveRegister(opening: Promise<OpenedRegister>, config: Config, demo: boolean): Promise<void> {
  const openedDb = opening.then((o) => o.db);
  openedDb.catch(() => undefined); // a failed opening is heard below, where it is awaited
  const db = lateDatabase(config.databaseUrl ? 'postgres' : 'pglite', openedDb);
  // The identity index is built once the demo (if any) is loaded, then follows the log.
  let identity: IdentityLookup | undefined;
  const register: Register = {
    db,
    get identity() {
      return identity;
    },
  };
  const app = buildApp({
    db,
    register,
    demo,
    secureCookies: cookiesSecureFor(config, demo),
    sessionHours: config.sessionHours,
    sessionIdleMinutes: config.sessionIdleMinutes,
    enrolmentTokenHours: config.enrolmentTokenHours,
    // The demo's accounts have a published password; a second factor is never required there.
    requireSecondFactor: secondFactorRequiredBy(config, demo),
    secondFactorKey: openSecondFactorKey(config.secondFactorKeyFile),
    webAuthn: config.webAuthn,
    witnessKeys: config.logWitnessKeys,
    logger: loggerOptions(config.logLevel),
  });
  await app.ready();
  const opened = await opening;
  if (demo) {
    // A new register's demo accounts have their passwords hashed (argon2, on the thread pool) while the demo loads.
    const hashes = opened.created ? demoAccounts.map(() => hashPassword(demoPassword)) : null;
    for (const h of hashes ?? []) h.catch(() => undefined);
    const seeded = await seedDemo(opened);
    await ensureDemoAccounts(opened, hashes);
    if (seeded.seeded) console.error(`demo register loaded: ${seeded.persons} persons in ${seeded.facilities} facilities`);
  }
  // The clocks are folded in full once at start, with the rules configured now.
  const refolded = await refreshClocks(opened.db);
  if (refolded) console.error(`legal clocks: ${refolded} persons' clocks refolded with the configured rules`);
  identity = await IdentityIndex.build(opened.db);
  // Sign a checkpoint every few seconds while the log grows (the key is made on first start).
  const stopCheckpointer = startCheckpointer(opened.db, openLogKey(config.logKeyFile, config.logKeyName), config.logCheckpointIntervalMs, {
    origin: config.logOrigin,
    onError: (error) => app.log.error({ err: error }, 'signing a checkpoint failed'),
  });
  const stop = async () => {
    await stopCheckpointer();
    await app.close();
    await opened.db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = await app.listen({ port: config.port, host: config.host });
  // Commands run meanwhile on the same data folder are told where to ask instead.
  opened.lock?.announceUrl(address);
  console.error(`Sijill is serving on ${address}`);
}
