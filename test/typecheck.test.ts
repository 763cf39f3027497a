/**
 * Type checking is part of the tests: `tsc --noEmit` over everything tsconfig.json includes
 * (src, test, bench, scripts). `npm test` starts this file first, so it runs alongside the
 * others; a type error fails the run and is counted in its closing line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function typecheck(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

test('the code base type-checks (tsc --noEmit)', async () => {
  const { code, output } = await typecheck(join(root, 'tsconfig.json'));
  assert.equal(code, 0, `tsc --noEmit found type errors:\n${output}`);
});

test('a type error fails the check and is named by file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-typecheck-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { types: [] }, include: [], files: ['wrong.ts'] }));
    writeFileSync(join(dir, 'wrong.ts'), 'export const count: number = "three";\n');
    const { code, output } = await typecheck(join(dir, 'tsconfig.json'));
    assert.notEqual(code, 0);
    assert.match(output, /wrong\.ts\(1,14\): error TS2322/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
