/**
 * Where a test runs the `sijill` command as a child process: an environment naming a fresh
 * database (PGlite in a temporary data folder, or a scratch database on the PostgreSQL
 * server when the run has one) and a way to throw it away afterwards.
 */
import { spawn } from 'node:child_process';
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

/** What a child process printed, and how it ended. */
export interface ChildResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const root = new URL('../..', import.meta.url).pathname;
/** The `sijill` command of this checkout. */
export const sijillBin = join(root, 'bin/sijill.js');

/**
 * Run Node with `args` from the checkout's root, asynchronously (a server the child talks to
 * may run in this process); `input` is its standard input, and a child still running after
 * `timeout` ms is ended and fails.
 */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv, options: { input?: string; timeout?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { env, cwd: root, ...(options.timeout ? { timeout: options.timeout } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Run `sijill <args>` as a child process (see runNode). */
export function runSijill(args: readonly string[], env: NodeJS.ProcessEnv, options: { input?: string; timeout?: number } = {}): Promise<ChildResult> {
  return runNode([sijillBin, ...args], env, options);
}
