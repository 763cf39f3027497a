import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.ts';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.ts';
import { createPgliteCluster } from './pglite-cluster.ts';
import { openPglite } from './pglite-database.ts';
import { openPostgres } from './postgres-database.ts';

export interface OpenOptions {
  /** postgres://… for a PostgreSQL server; else PGlite under `dataDir` (or in memory). */
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string | undefined;
  /**
   * May an empty folder (or a database with no migrations) become a new register? Only the
   * commands that make one (serve, migrate, demo, the first account) say yes; anything else
   * pointed at the wrong place is refused with `NoRegister`, creating nothing.
   */
  readonly create?: boolean;
  /** What this process is, for the message a second process gets (default: from its arguments). */
  readonly command?: string;
}

/** The place given holds no register, and this opening may not create one. */
export class NoRegister extends Error {
  constructor(readonly where: string) {
    super(`${where} holds no register; check SIJILL_DATA_DIR or DATABASE_URL, or create a register with sijill serve, sijill migrate or sijill demo`);
    this.name = 'NoRegister';
  }
}

export interface OpenedDatabase {
  readonly db: Database;
  /** True when this opening made a new, empty register. */
  readonly created: boolean;
  /** The embedded data folder's lock, held until `db.close()` (none for a server or in memory). */
  readonly lock: DataFolderLock | undefined;
}

const schemaPresent = async (db: Database) =>
  (await db.query<{ present: boolean }>("SELECT to_regclass('schema_migration') IS NOT NULL AS present")).rows[0]!.present;

/**
 * Open the register's database. A data folder is locked before PGlite opens it, so that no
 * two processes ever open it together (`DataFolderBusy` names the holder); the lock goes with
 * `db.close()` or the process. A PostgreSQL server serves many clients and needs no lock.
 */
export async function openDatabaseWith(options: OpenOptions): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const db = openPostgres(options.databaseUrl);
    try {
      const present = await schemaPresent(db);
      // The URL is not repeated: it may carry a password.
      if (!present && !options.create) throw new NoRegister('the database at DATABASE_URL');
      return { db, created: !present, lock: undefined };
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
  }
  if (!options.dataDir) return { db: await openPglite(), created: true, lock: undefined };
  const folder = options.dataDir;
  const dir = join(folder, 'pglite');
  const registerThere = () => existsSync(join(dir, 'PG_VERSION'));
  if (!options.create && !existsSync(folder)) throw new NoRegister(folder);
  mkdirSync(folder, { recursive: true });
  const lock = lockDataFolder(folder, options.command ? { command: options.command } : {});
  try {
    const created = !registerThere();
    if (created && !options.create) throw new NoRegister(folder);
    // A new cluster is made in a worker thread (see pglite-cluster.ts), unless the folder it
    // goes in already holds files, which PGlite then makes it among, as it always did.
    if (created && (!existsSync(dir) || readdirSync(dir).length === 0)) await createPgliteCluster(dir);
    mkdirSync(dir, { recursive: true });
    const db = await openPglite(dir);
    return {
      db: {
        ...db,
        async close() {
          try {
            await db.close();
          } finally {
            lock.release();
          }
        },
      },
      created,
      lock,
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** `openDatabaseWith`, for callers that need the database alone. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  return (await openDatabaseWith(options)).db;
}
