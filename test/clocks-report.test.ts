/**
 * `sijill clocks report` on both backends, as a child process: the demo register (its untried
 * persons' court stories recorded through the write path) reports who is held without a valid
 * order and every clock due soon or breached, as JSON and as text; `--at` evaluates at another
 * instant and a malformed one is refused.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { processTargets, runSijill } from './support/process-targets.ts';

for (const target of processTargets) {
  describe(`sijill clocks report on ${target.name}`, () => {
    test('the demo register: the person whose order lapsed is held without a valid order; breaches first; text and JSON agree', async () => {
      const where = await target.make();
      try {
        const demo = await runSijill(['demo', '--persons', '400'], where.env, { timeout: 240_000 });
        assert.equal(demo.status, 0, demo.stderr);
        const json = await runSijill(['clocks', 'report', '--format', 'json'], where.env, { timeout: 120_000 });
        assert.equal(json.status, 0, json.stderr);
        const report = JSON.parse(json.stdout) as { held_without_valid_order: number; alerts: { rule: string; status: string; since: string | null; owner_role: string; register_number: string }[] };
        // One in 72 of the demo's 400 persons is untried (6), and the fifth story lets its order lapse.
        assert.equal(report.held_without_valid_order, 1);
        const held = report.alerts.filter((a) => a.rule === 'detention_order' && a.status === 'breached');
        assert.equal(held.length, 1);
        assert.equal(held[0]!.owner_role, 'supervisor');
        const firstDueSoon = report.alerts.findIndex((a) => a.status === 'due_soon');
        assert.ok(report.alerts.slice(firstDueSoon === -1 ? report.alerts.length : firstDueSoon).every((a) => a.status === 'due_soon'), 'breaches come first');

        const text = await runSijill(['clocks', 'report'], where.env, { timeout: 120_000 });
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /Held without a valid order: 1\n/);
        assert.ok(text.stdout.includes(held[0]!.register_number));

        // A year on, every order has lapsed; an earlier instant than now cannot be answered from the register.
        const later = await runSijill(['clocks', 'report', '--format', 'json', '--at', new Date(Date.now() + 365 * 24 * 3_600_000).toISOString()], where.env, { timeout: 120_000 });
        assert.equal(later.status, 0, later.stderr);
        assert.ok(JSON.parse(later.stdout).held_without_valid_order > report.held_without_valid_order);
        assert.equal(JSON.parse(later.stdout).alerts[0].name, undefined, 'names stay in the audited reads');
        const before = await runSijill(['clocks', 'report', '--at', '2020-01-01T00:00:00+03:00'], where.env, { timeout: 120_000 });
        assert.equal(before.status, 2);
        assert.match(before.stderr, /now or later/);

        const bad = await runSijill(['clocks', 'report', '--at', '2026-02-30T10:00:00Z'], where.env);
        assert.notEqual(bad.status, 0);
        assert.match(bad.stderr, /ISO 8601 instant with its offset/);
      } finally {
        await where.cleanup();
      }
    });
  });
}
