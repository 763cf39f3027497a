/**
 * The two database backends every integration test runs on: PGlite always, and the
 * PostgreSQL server when `npm test` found one (SIJILL_TEST_DATABASE_URL). Each call gives a
 * fresh, migrated, empty database of its own.
 */
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import { openPostgres } from '../../src/store/postgres-database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../src/store/scratch-database.ts';

export interface Backend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh migrated database; closing it also drops it (server). */
  open(): Promise<Database>;
  /** The URL of a fresh server database (for child processes), and how to drop it. */
}

const serverUrl = process.env.SIJILL_TEST_DATABASE_URL;

/** Create a scratch database on the test run's server; returns its URL and a function that drops it. */
export async function scratchServerDatabase(): Promise<ScratchDatabase> {
  if (!serverUrl) throw new Error('no PostgreSQL server for this test run');
  return createScratchDatabase(serverUrl, 'sijill_t');
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openPglite();
      await migrate(db);
      return db;
    },
  },
  ...(serverUrl
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const scratch = await scratchServerDatabase();
            const db = openPostgres(scratch.url);
            await migrate(db);
            return {
              ...db,
              kind: db.kind,
              query: db.query,
              exec: db.exec,
              transaction: db.transaction,
              async close() {
                await db.close();
                await scratch.drop();
              },
            } satisfies Database;
          },
        },
      ]
    : []),
];
