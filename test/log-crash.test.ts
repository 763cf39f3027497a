import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { processTargets, runSijill } from './support/process-targets.ts';
import { loadConfig } from '../src/config.ts';
import { signLatestCheckpoint } from '../src/store/checkpoints.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { openLogKey } from '../src/transparency/log-key.ts';

const root = new URL('..', import.meta.url).pathname;

const targets = processTargets;


for (const target of targets) {
  describe(`log crash safety on ${target.name}`, () => {
    test('a writer killed with SIGKILL mid-batch, while checkpoints are signed every 10 ms, leaves no checkpoint beyond what was committed and no second root for a size', async () => {
      const t = await target.make();
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/checkpointing-writer-child.ts')], { env: t.env, cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        let commits = 0;
        let signed = 0;
        let killing = false;
        const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            const lines = chunk.toString().split('\n');
            commits += lines.filter((l) => l.startsWith('committed')).length;
            signed += lines.filter((l) => l.startsWith('signed')).length;
            // Kill while the next batch and, likely, a signing are in flight.
            if (commits >= 4 && signed >= 3 && !killing) {
              killing = true;
              setTimeout(() => child.kill('SIGKILL'), 25);
            }
          });
          child.on('exit', (_code, killedBy) => resolve(killedBy));
          child.on('error', reject);
        });
        assert.equal(signal, 'SIGKILL', 'the writer was killed, not finished');
        assert.ok(commits >= 4 && signed >= 3, `the writer committed (${commits}) and signed (${signed}) before it was killed`);

        // Every stored checkpoint is within the log, and its root is the root of the events as stored.
        const verify = await runSijill(['log', 'verify'], t.env);
        assert.equal(verify.status, 0, verify.stderr);
        const report = JSON.parse(verify.stdout) as { checkpoints: number; size: number; tree_size: number };
        assert.ok(report.checkpoints >= 3);
        assert.equal(report.tree_size, report.size);
        const db = await openDatabase({ databaseUrl: t.env.DATABASE_URL || undefined, dataDir: t.env.SIJILL_DATA_DIR });
        try {
          const { rows } = await db.query<{ beyond: number; sizes: number; distinct_sizes: number }>(
            'SELECT count(*) FILTER (WHERE size > (SELECT size FROM log_head)) AS beyond, count(*) AS sizes, count(DISTINCT size) AS distinct_sizes FROM log_checkpoint',
          );
          assert.equal(rows[0]!.beyond, 0);
          assert.equal(rows[0]!.sizes, rows[0]!.distinct_sizes);
          // After the restart the log goes on: a checkpoint for the committed size.
          const config = loadConfig(t.env);
          const { checkpoint } = await signLatestCheckpoint(db, openLogKey(config.logKeyFile, config.logKeyName).signer, config.logOrigin);
          assert.equal(checkpoint.size, report.size);
        } finally {
          await db.close();
        }
      } finally {
        await t.cleanup();
      }
    });
  });
}
