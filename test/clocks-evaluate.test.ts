/**
 * Every worked case of ../shared/data/clocks/dev-cases.jsonl (computed by an independent
 * implementation of CLOCKS.md) through `sijill clocks evaluate --case FILE`, compared as the
 * page says: status, due and since of each clock, unlawful periods and findings (explanations
 * ignored); an invalid file exits 2 with the error's event and field. SIJILL_CLOCK_CASES names
 * another file of cases of the same form to run instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSijill } from './support/process-targets.ts';

const casesFile = process.env.SIJILL_CLOCK_CASES ?? new URL('../../shared/data/clocks/dev-cases.jsonl', import.meta.url).pathname;
const cases = readFileSync(casesFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { name: string; case: unknown; expected: Record<string, unknown> });

/** What the comparison looks at: everything but explanations and messages. */
function compared(output: Record<string, unknown>): unknown {
  if ('error' in output) {
    const error = output.error as { event: unknown; field: unknown };
    return { error: { event: error.event, field: error.field } };
  }
  const clocks = (output.clocks as Record<string, unknown>[]).map(({ explanation: _, ...clock }) => clock);
  return { ...output, clocks };
}

test(`every case of ${casesFile.split('/').pop()} through sijill clocks evaluate`, async () => {
  assert.ok(cases.length >= 30, `expected the worked cases, found ${cases.length}`);
  const dir = mkdtempSync(join(tmpdir(), 'sijill-clocks-'));
  const failures: string[] = [];
  try {
    const queue = cases.map((c, i) => ({ ...c, i }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const file = join(dir, `case-${next.i}.json`);
        writeFileSync(file, JSON.stringify(next.case));
        const result = await runSijill(['clocks', 'evaluate', '--case', file, '--language', 'en'], process.env, { timeout: 60_000 });
        const wantError = 'error' in next.expected;
        if (result.status !== (wantError ? 2 : 0)) {
          failures.push(`${next.name}: exit ${result.status}, expected ${wantError ? 2 : 0}; ${result.stderr.slice(0, 300)}`);
          continue;
        }
        const got = JSON.parse(result.stdout) as Record<string, unknown>;
        if (!wantError) {
          for (const clock of got.clocks as { explanation?: unknown }[]) if (typeof clock.explanation !== 'string' || !clock.explanation) failures.push(`${next.name}: a clock without its explanation`);
        }
        try {
          assert.deepStrictEqual(compared(got), compared(next.expected));
        } catch (error) {
          failures.push(`${next.name}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepStrictEqual(failures, []);
});

test('a file that is not there, or not JSON, is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-clocks-'));
  try {
    const missing = await runSijill(['clocks', 'evaluate', '--case', join(dir, 'none.json')], process.env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read/);
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"now": ');
    const broken = await runSijill(['clocks', 'evaluate', '--case', file], process.env);
    assert.equal(broken.status, 2);
    assert.deepStrictEqual(JSON.parse(broken.stdout).error.event, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
