/**
 * Migrations: plain SQL files in migrations/, applied once each, in name order, by
 * `sijill migrate` and at start. Then the projections: created, or rebuilt from the log when
 * projections.sql has changed since they were built.
 *
 * Each applied migration is recorded with the SHA-256 of its file. A migration whose file no
 * longer has the recorded digest (edited after it was applied), or an applied migration whose
 * file is gone, is refused before anything is applied: the error names the file and nothing
 * is written. Databases migrated before digests were kept get them recorded on their next run.
 *
 * Why not a migration package: node-pg-migrate opens its own node-postgres connection from a
 * URL, which PGlite (in-process) cannot give; postgrator 8 checksums with MD5, wants files
 * named `NNN.do.name.sql` and its own version table (renaming ours would re-apply them on
 * every register), and runs each file outside our one transaction under an advisory lock;
 * umzug keeps no checksums at all. What is needed here is a few lines over `Database`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.ts';
import { projectionSchemaDigest } from './projections.ts';
import { rebuildProjections } from './replay.ts';

const defaultFolder = new URL('./migrations/', import.meta.url);

export interface MigrationReport {
  readonly applied: string[];
  /** Migrations applied before digests were kept, whose digest this run recorded. */
  readonly digestsRecorded: string[];
  readonly projectionsRebuilt: boolean;
}

export interface MigrateOptions {
  /** The folder of migration files (a URL ending in `/`); the register's own by default. Tests pass a copy. */
  readonly folder?: URL;
}

/** The database holds a migration that differs from (or is missing in) the migration files. */
export class MigrationMismatch extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'changed' | 'missing',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationMismatch';
  }
}

/** SHA-256 of a migration file's bytes, in hex. */
export function migrationDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bring the database schema up to date. Safe to run concurrently on a server (advisory lock). */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrationReport> {
  const folder = options.folder ?? defaultFolder;
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(new URL(name, folder));
      return { name, text: bytes.toString('utf8'), sha256: migrationDigest(bytes) };
    });
  const applied: string[] = [];
  const digestsRecorded: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7337001)');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await tx.exec('ALTER TABLE schema_migration ADD COLUMN IF NOT EXISTS sha256 text');
    const done = new Map((await tx.query<{ name: string; sha256: string | null }>('SELECT name, sha256 FROM schema_migration ORDER BY name')).rows.map((r) => [r.name, r.sha256]));
    const known = new Set(files.map((f) => f.name));
    for (const name of done.keys()) {
      if (!known.has(name)) {
        throw new MigrationMismatch(name, 'missing', `migration ${name} was applied to this database but is not among the migration files; this version of Sijill does not know that schema. Nothing was changed.`);
      }
    }
    for (const file of files) {
      if (!done.has(file.name)) continue;
      const recorded = done.get(file.name);
      if (recorded === null || recorded === undefined) {
        await tx.query('UPDATE schema_migration SET sha256 = $2 WHERE name = $1', [file.name, file.sha256]);
        digestsRecorded.push(file.name);
      } else if (recorded !== file.sha256) {
        throw new MigrationMismatch(
          file.name,
          'changed',
          `migration ${file.name} was changed after it was applied to this database (SHA-256 when applied ${recorded}, now ${file.sha256}); ` +
            'restore its text and put the change in a new migration. Nothing was changed.',
        );
      }
    }
    for (const file of files) {
      if (done.has(file.name)) continue;
      await tx.exec(file.text);
      await tx.query('INSERT INTO schema_migration (name, sha256) VALUES ($1, $2)', [file.name, file.sha256]);
      applied.push(file.name);
    }
  });
  const current = await db.query<{ digest: string }>('SELECT digest FROM projection_schema');
  const projectionsRebuilt = current.rows[0]?.digest !== projectionSchemaDigest;
  if (projectionsRebuilt) await rebuildProjections(db);
  return { applied, digestsRecorded, projectionsRebuilt };
}
