/**
 * Where a test runs the `sijill` command as a child process: an environment naming a fresh
 * database (PGlite in a temporary data folder, or a scratch database on the PostgreSQL
 * server when the run has one) and a way to throw it away afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchServerDatabase } from './backends.ts';

export interface ProcessTarget {
  readonly env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export const processTargets: { readonly name: 'pglite' | 'postgres'; make(): Promise<ProcessTarget> }[] = [
  {
    name: 'pglite',
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'sijill-process-'));
      return { env: { ...process.env, DATABASE_URL: '', SIJILL_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(process.env.SIJILL_TEST_DATABASE_URL
    ? [
        {
          name: 'postgres' as const,
          async make() {
            // The data folder still holds what is not in the database, such as the log's key.
            const dir = mkdtempSync(join(tmpdir(), 'sijill-process-'));
            const scratch = await scratchServerDatabase();
            return {
              env: { ...process.env, DATABASE_URL: scratch.url, SIJILL_DATA_DIR: dir },
              async cleanup() {
                await scratch.drop();
                rmSync(dir, { recursive: true, force: true });
              },
            };
          },
        },
      ]
    : []),
];
