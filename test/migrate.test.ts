/**
 * Migrations are kept with the SHA-256 of their file: a migration edited after it was applied
 * (or gone from the folder) is refused, naming the file, and nothing is changed; databases
 * migrated before digests were kept get them recorded on their next run. On both backends,
 * through `migrate` over a copy of the migrations folder, and through `sijill migrate`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Database } from '../src/store/database.ts';
import { migrate, MigrationMismatch } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { scratchServerDatabase } from './support/backends.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const migrations = join(root, 'src/store/migrations');
const names = readdirSync(migrations).filter((f) => f.endsWith('.sql')).sort();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** An empty database, not migrated, and (for the server) its URL. */
interface Empty {
  readonly db: Database;
  readonly url?: string;
  close(): Promise<void>;
}

const serverUrl = process.env.SIJILL_TEST_DATABASE_URL;
const emptyDatabases: { name: string; open(): Promise<Empty> }[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openPglite();
      return { db, close: () => db.close() };
    },
  },
  ...(serverUrl
    ? [
        {
          name: 'postgres',
          async open() {
            const scratch = await scratchServerDatabase();
            const db = openPostgres(scratch.url);
            return {
              db,
              url: scratch.url,
              async close() {
                await db.close();
                await scratch.drop();
              },
            };
          },
        },
      ]
    : []),
];

/** A copy of the register's migrations in a temporary folder, as a folder URL. */
function copyOfMigrations(): { folder: URL; path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'sijill-migrations-'));
  cpSync(migrations, path, { recursive: true });
  return { folder: pathToFileURL(`${path}/`), path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

async function recorded(db: Database): Promise<{ name: string; sha256: string | null }[]> {
  return (await db.query<{ name: string; sha256: string | null }>('SELECT name, sha256 FROM schema_migration ORDER BY name')).rows;
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  return (await db.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table])).rows[0]!.found;
}

for (const backend of emptyDatabases) {
  describe(`migrations with digests (${backend.name})`, () => {
    test('each applied migration is recorded with the SHA-256 of its file; a second run applies nothing', async () => {
      const empty = await backend.open();
      try {
        const first = await migrate(empty.db);
        assert.deepEqual(first.applied, names);
        assert.deepEqual(first.digestsRecorded, []);
        assert.deepEqual(await recorded(empty.db), names.map((name) => ({ name, sha256: sha256(join(migrations, name)) })));
        const second = await migrate(empty.db);
        assert.deepEqual(second.applied, []);
        assert.deepEqual(second.digestsRecorded, []);
      } finally {
        await empty.close();
      }
    });

    test('a migration edited after it was applied is refused, naming the file, and nothing is changed', async () => {
      const empty = await backend.open();
      const copy = copyOfMigrations();
      try {
        await migrate(empty.db, { folder: copy.folder });
        const before = await recorded(empty.db);
        appendFileSync(join(copy.path, '0002-merkle-tree.sql'), '\n-- edited after it was applied\n');
        // A new migration waiting behind it must not be applied either.
        writeFileSync(join(copy.path, '0999-new-table.sql'), 'CREATE TABLE migration_test_new (id int);\n');
        await assert.rejects(migrate(empty.db, { folder: copy.folder }), (error: unknown) => {
          assert.ok(error instanceof MigrationMismatch);
          assert.equal(error.file, '0002-merkle-tree.sql');
          assert.equal(error.reason, 'changed');
          assert.match(error.message, /^migration 0002-merkle-tree\.sql was changed after it was applied to this database/);
          return true;
        });
        assert.deepEqual(await recorded(empty.db), before);
        assert.equal(await tableExists(empty.db, 'migration_test_new'), false);
      } finally {
        copy.remove();
        await empty.close();
      }
    });

    test('an applied migration whose file is gone is refused, naming it', async () => {
      const empty = await backend.open();
      const copy = copyOfMigrations();
      try {
        await migrate(empty.db, { folder: copy.folder });
        const before = await recorded(empty.db);
        unlinkSync(join(copy.path, '0003-account-language.sql'));
        await assert.rejects(migrate(empty.db, { folder: copy.folder }), (error: unknown) => {
          assert.ok(error instanceof MigrationMismatch);
          assert.equal(error.file, '0003-account-language.sql');
          assert.equal(error.reason, 'missing');
          assert.match(error.message, /^migration 0003-account-language\.sql was applied to this database but is not among the migration files/);
          return true;
        });
        assert.deepEqual(await recorded(empty.db), before);
      } finally {
        copy.remove();
        await empty.close();
      }
    });

    test('a database migrated before digests were kept gets them recorded on its next run, then checked', async () => {
      const empty = await backend.open();
      const copy = copyOfMigrations();
      try {
        await migrate(empty.db, { folder: copy.folder });
        // The bookkeeping table as earlier versions made it: a name and a time, no digest.
        await empty.db.exec('ALTER TABLE schema_migration DROP COLUMN sha256');
        const upgrade = await migrate(empty.db, { folder: copy.folder });
        assert.deepEqual(upgrade.applied, []);
        assert.deepEqual(upgrade.digestsRecorded, names);
        assert.deepEqual(await recorded(empty.db), names.map((name) => ({ name, sha256: sha256(join(migrations, name)) })));
        appendFileSync(join(copy.path, '0001-event-log.sql'), '\n-- edited\n');
        await assert.rejects(migrate(empty.db, { folder: copy.folder }), /^MigrationMismatch: migration 0001-event-log\.sql was changed/);
      } finally {
        copy.remove();
        await empty.close();
      }
    });

    test('`sijill migrate` on a register whose migration changed exits non-zero and names the file', async () => {
      const empty = await backend.open();
      const dataDir = mkdtempSync(join(tmpdir(), 'sijill-migrate-cli-'));
      try {
        let db = empty.db;
        if (!empty.url) {
          // The embedded register lives in a folder the command can open.
          await empty.db.close();
          db = await openPglite(join(dataDir, 'pglite'));
        }
        await migrate(db);
        // As if 0001-event-log.sql had been edited since: the digest kept for it differs.
        await db.query("UPDATE schema_migration SET sha256 = repeat('0', 64) WHERE name = '0001-event-log.sql'");
        const before = await recorded(db);
        if (!empty.url) await db.close();
        const env: NodeJS.ProcessEnv = { ...process.env, SIJILL_DATA_DIR: dataDir };
        if (empty.url) env.DATABASE_URL = empty.url;
        else delete env.DATABASE_URL;
        const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
          const child = spawn(process.execPath, [join(root, 'bin/sijill.js'), 'migrate'], { cwd: root, env });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
          child.on('error', reject);
          child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
        });
        assert.equal(result.code, 1, result.stdout + result.stderr);
        assert.match(result.stderr, /migration 0001-event-log\.sql was changed after it was applied to this database/);
        if (!empty.url) db = await openPglite(join(dataDir, 'pglite'));
        assert.deepEqual(await recorded(db), before);
        if (!empty.url) await db.close();
      } finally {
        if (empty.url) await empty.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
