import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { processTargets } from './support/process-targets.ts';
import { openDatabase } from '../src/store/open-database.ts';

const root = new URL('..', import.meta.url).pathname;
const sijill = join(root, 'bin/sijill.js');

const targets = processTargets;

function runCli(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [sijill, ...args], { env, encoding: 'utf8', timeout: 120_000 });
}

for (const target of targets) {
  describe(`crash and tampering on ${target.name}`, () => {
    test('a bulk intake killed with SIGKILL part-way leaves no partial admission, and check passes after restart', async () => {
      const t = await target.make();
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/bulk-intake-child.ts')], { env: t.env, cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        let commits = 0;
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            commits += chunk.toString().split('\n').filter((l) => l.startsWith('committed')).length;
            // Kill while the next batch is being written, a few commits in.
            if (commits >= 3) setTimeout(() => child.kill('SIGKILL'), 40);
          });
          child.on('exit', () => resolve());
          child.on('error', reject);
        });
        assert.ok(commits >= 3, 'the writer committed some batches before it was killed');
        const check = runCli(['check'], t.env);
        assert.equal(check.status, 0, check.stderr);
        const db = await openDatabase({ databaseUrl: t.env.DATABASE_URL || undefined, dataDir: t.env.SIJILL_DATA_DIR });
        try {
          const { rows } = await db.query<{ persons: number; admissions: number; registered_only: number }>(
            "SELECT (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM admission) AS admissions, (SELECT count(*) FROM person WHERE custody_status = 'registered') AS registered_only",
          );
          const { persons, admissions, registered_only } = rows[0]!;
          assert.equal(persons % 100, 0, `whole batches only, found ${persons} persons`);
          assert.ok(persons >= 300);
          assert.equal(admissions, persons);
          assert.equal(registered_only, 0);
        } finally {
          await db.close();
        }
      } finally {
        await t.cleanup();
      }
    });

    test('an event whose bytes were changed in the database is reported by check, naming the event', async () => {
      const t = await target.make();
      try {
        assert.equal(runCli(['demo', '--persons', '40'], t.env).status, 0);
        const db = await openDatabase({ databaseUrl: t.env.DATABASE_URL || undefined, dataDir: t.env.SIJILL_DATA_DIR });
        try {
          const victim = (await db.query<{ idx: number; event_id: string }>("SELECT idx, event_id FROM event WHERE kind = 'person.admitted' AND convert_from(bytes, 'UTF8') LIKE '%\"untried\"%' ORDER BY idx LIMIT 1")).rows[0]!;
          // As the database owner would: switch the guard off, rewrite, switch it on.
          await db.exec('ALTER TABLE event DISABLE TRIGGER event_append_only');
          await db.query("UPDATE event SET bytes = convert_to(replace(convert_from(bytes, 'UTF8'), 'untried', 'convicted'), 'UTF8') WHERE idx = $1", [victim.idx]);
          await db.exec('ALTER TABLE event ENABLE TRIGGER event_append_only');
          await db.close();
          const check = runCli(['check'], t.env);
          assert.equal(check.status, 1);
          assert.match(check.stderr, new RegExp(`event ${victim.idx} \\(${victim.event_id}\\): leaf hash does not recompute`));
        } catch (error) {
          await db.close().catch(() => {});
          throw error;
        }
      } finally {
        await t.cleanup();
      }
    });

    test('a deleted event leaves a gap in the log and breaks its person’s chain, and check says where', async () => {
      const t = await target.make();
      try {
        assert.equal(runCli(['demo', '--persons', '20'], t.env).status, 0);
        const db = await openDatabase({ databaseUrl: t.env.DATABASE_URL || undefined, dataDir: t.env.SIJILL_DATA_DIR });
        const victim = (await db.query<{ idx: number; person_id: string }>("SELECT idx, person_id FROM event WHERE kind = 'person.registered' ORDER BY idx LIMIT 1")).rows[0]!;
        await db.exec('ALTER TABLE event DISABLE TRIGGER event_append_only');
        await db.query('DELETE FROM event WHERE idx = $1', [victim.idx]);
        await db.exec('ALTER TABLE event ENABLE TRIGGER event_append_only');
        await db.close();
        const check = runCli(['check'], t.env);
        assert.equal(check.status, 1);
        assert.match(check.stderr, new RegExp(`person ${victim.person_id}'s chain is broken`));
        assert.match(check.stderr, /FAIL log: events .* are missing/);
      } finally {
        await t.cleanup();
      }
    });
  });
}
