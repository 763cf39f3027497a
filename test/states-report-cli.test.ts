/**
 * `sijill states report` on both backends, as a child process, on the demo register: per state
 * with a profile (France and Tunisia), the nationals held as the register's own rows count them,
 * the demo's cases at their stages (a request unanswered, an acceptance, a review, an approval),
 * as JSON and as text, which agree; a bad format is refused. While another process holds an
 * embedded register the command is refused naming it (test/process-lock.test.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { processTargets, runSijill } from './support/process-targets.ts';
import { openDatabase } from '../src/store/open-database.ts';

interface Row {
  state: string;
  held: { men: number; women: number; children: number; other: number };
  cases: Record<string, number>;
  notifications: { sent: number; owed: number; overdue: number; refused: number };
  accepted: number;
}

for (const target of processTargets) {
  describe(`sijill states report on ${target.name}`, () => {
    test('the demo register: France, Germany and Tunisia, their nationals held and their cases by stage; text and JSON agree', async () => {
      const where = await target.make();
      try {
        const demo = await runSijill(['demo', '--persons', '400'], where.env, { timeout: 240_000 });
        assert.equal(demo.status, 0, demo.stderr);
        const json = await runSijill(['states', 'report', '--format', 'json'], where.env, { timeout: 120_000 });
        assert.equal(json.status, 0, json.stderr);
        const report = JSON.parse(json.stdout) as { at: string; states: Row[] };
        assert.deepEqual(report.states.map((s) => s.state), ['DE', 'FR', 'TN']);
        // The register's own rows, read after the command ended (the embedded register is one process's at a time).
        const db = await openDatabase({ databaseUrl: where.env.DATABASE_URL || undefined, dataDir: where.env.SIJILL_DATA_DIR! });
        let held: Map<string, number>;
        try {
          const { rows } = await db.query<{ state: string; n: number }>(
            `SELECT n.state, count(*)::int AS n FROM person p, unnest(p.nationalities) AS n(state)
              WHERE p.custody_status IN ('in_custody', 'in_transit') AND p.merged_into IS NULL AND n.state IN ('DE', 'FR', 'TN') GROUP BY n.state`,
          );
          held = new Map(rows.map((r) => [r.state, r.n]));
        } finally {
          await db.close();
        }
        for (const row of report.states) {
          assert.equal(row.held.men + row.held.women + row.held.children + row.held.other, held.get(row.state), `${row.state}: every national held counted once`);
          // The demo takes each state's first four adults in custody with no court case through four stages (demo-repatriations.ts).
          const open = Object.fromEntries(Object.entries(row.cases).filter(([, n]) => n > 0));
          assert.deepEqual(open, { request_sent: 1, accepted: 1, reviewed: 1, approved: 1 }, row.state);
          assert.equal(row.accepted, 3, `${row.state}: accepted, reviewed and approved`);
        }

        const text = await runSijill(['states', 'report'], where.env, { timeout: 120_000 });
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /^States desk at \d{4}-\d\d-\d\dT/);
        assert.match(text.stdout, /States with a profile: 2\n/);
        for (const row of report.states) {
          const line = text.stdout.split('\n').find((l) => l.startsWith(`${row.state} `));
          assert.ok(line, `${row.state} has its line`);
          const numbers = line.trim().split(/\s+/).slice(1).map(Number);
          assert.deepEqual(numbers, [row.held.men, row.held.women, row.held.children, row.held.other, 1, 3, 0, row.notifications.sent, row.notifications.owed, row.notifications.overdue]);
          assert.ok(text.stdout.includes(`  ${row.state}: request_sent 1, accepted 1, reviewed 1, approved 1`), text.stdout);
        }

        const bad = await runSijill(['states', 'report', '--format', 'xml'], where.env);
        assert.notEqual(bad.status, 0);
        assert.match(bad.stderr, /give text or json/);
      } finally {
        await where.cleanup();
      }
    });
  });
}
