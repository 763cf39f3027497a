/**
 * `sijill states report` on both backends, as a child process, on the demo register: per state
 * with a profile (France, Germany and Tunisia), the nationals held and the cases by stage as the
 * register's own rows count them, the requests left unanswered past the reminder's 30 days (the
 * demo has one for France and one for Tunisia), as JSON and as text, which agree; a bad format is refused. While another process holds an
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
  unanswered: number;
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
        const report = JSON.parse(json.stdout) as { at: string; unanswered_after_days: number; states: Row[] };
        assert.equal(report.unanswered_after_days, 30, 'the reminder clock’s default days');
        assert.deepEqual(report.states.map((s) => s.state), ['DE', 'FR', 'TN']);
        // The register's own rows, read after the command ended (the embedded register is one process's at a time).
        const db = await openDatabase({ databaseUrl: where.env.DATABASE_URL || undefined, dataDir: where.env.SIJILL_DATA_DIR! });
        let held: Map<string, number>;
        const cases = new Map<string, Record<string, number>>();
        try {
          const { rows } = await db.query<{ state: string; n: number }>(
            `SELECT n.state, count(*)::int AS n FROM person p, unnest(p.nationalities) AS n(state)
              WHERE p.custody_status IN ('in_custody', 'in_transit') AND p.merged_into IS NULL AND n.state IN ('DE', 'FR', 'TN') GROUP BY n.state`,
          );
          held = new Map(rows.map((r) => [r.state, r.n]));
          const byStatus = await db.query<{ state: string; status: string; n: number }>("SELECT state, status, count(*)::int AS n FROM repatriation_case WHERE state IN ('DE', 'FR', 'TN') GROUP BY state, status");
          for (const r of byStatus.rows) cases.set(r.state, { ...(cases.get(r.state) ?? {}), [r.status]: r.n });
        } finally {
          await db.close();
        }
        for (const row of report.states) {
          assert.equal(row.held.men + row.held.women + row.held.children + row.held.other, held.get(row.state), `${row.state}: every national held counted once`);
          // Cases by stage as the register's own rows count them; accepted: every case the state accepted and that has gone on since (not declined, refused, withdrawn or closed).
          const open = Object.fromEntries(Object.entries(row.cases).filter(([, n]) => n > 0));
          const counted = cases.get(row.state) ?? {};
          assert.deepEqual(open, counted, row.state);
          const since = ['accepted', 'nationality_confirmed', 'safeguards_assessed', 'reviewed', 'approved', 'suspended', 'returned', 'followed_up'];
          assert.equal(row.accepted, since.reduce((sum, k) => sum + (counted[k] ?? 0), 0), `${row.state}: accepted and on since`);
          assert.ok(Object.keys(counted).length >= 3, `${row.state}: the demo has cases at several stages`);
          // The demo's French request past its reminder (42 days) and Tunisian one past its escalation (55 days); Germany has none awaiting.
          assert.equal(row.unanswered, { DE: 0, FR: 1, TN: 1 }[row.state], `${row.state}: unanswered past 30 days`);
        }

        const text = await runSijill(['states', 'report'], where.env, { timeout: 120_000 });
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /^States desk at \d{4}-\d\d-\d\dT/);
        assert.match(text.stdout, /States with a profile: 3\n/);
        assert.match(text.stdout, /Unanswered: requests awaiting the state's answer more than 30 days\n/);
        for (const row of report.states) {
          const line = text.stdout.split('\n').find((l) => l.startsWith(`${row.state} `));
          assert.ok(line, `${row.state} has its line`);
          const numbers = line.trim().split(/\s+/).slice(1).map(Number);
          const awaiting = (cases.get(row.state)?.request_sent ?? 0) + (cases.get(row.state)?.no_answer ?? 0);
          assert.deepEqual(numbers, [row.held.men, row.held.women, row.held.children, row.held.other, awaiting, row.unanswered, row.accepted, cases.get(row.state)?.returned ?? 0, row.notifications.sent, row.notifications.owed, row.notifications.overdue]);
          const stages = text.stdout.split('\n').find((l) => l.startsWith(`  ${row.state}: `));
          assert.ok(stages, `${row.state} has its cases by stage`);
          for (const [status, n] of Object.entries(cases.get(row.state) ?? {})) assert.ok(stages.includes(`${status} ${n}`), `${row.state}: ${status} ${n} in "${stages}"`);
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
