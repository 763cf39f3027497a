/**
 * Migrations: plain SQL files in migrations/, applied once each, in name order, by
 * `sijill migrate` and at start. Then the projections: created, or rebuilt from the log when
 * projections.sql has changed since they were built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.ts';
import { projectionSchemaDigest } from './projections.ts';
import { rebuildProjections } from './replay.ts';

const folder = new URL('./migrations/', import.meta.url);

export interface MigrationReport {
  readonly applied: string[];
  readonly projectionsRebuilt: boolean;
}

/** Bring the database schema up to date. Safe to run concurrently on a server (advisory lock). */
export async function migrate(db: Database): Promise<MigrationReport> {
  const files = readdirSync(folder).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7337001)');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migration')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(readFileSync(new URL(file, folder), 'utf8'));
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  const current = await db.query<{ digest: string }>('SELECT digest FROM projection_schema');
  const projectionsRebuilt = current.rows[0]?.digest !== projectionSchemaDigest;
  if (projectionsRebuilt) await rebuildProjections(db);
  return { applied, projectionsRebuilt };
}
