#!/usr/bin/env node
// `npm run screenshots`: refresh docs/screenshots/. Runs the browser tests
// (test/e2e/web.test.ts) with SIJILL_SCREENSHOT_DIR set to a temporary folder and, only when
// every one of them passed, copies the pictures they took into docs/screenshots/. `npm test`
// never writes there: its screenshots go to a temporary folder that is removed afterwards.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const target = join(root, 'docs/screenshots');
const taken = mkdtempSync(join(tmpdir(), 'sijill-screenshots-'));

function run(args, env = process.env) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
}

let code = await run([join(root, 'scripts/ensure-chromium.mjs')]);
if (code === 0) {
  code = await run(['--import', 'tsx', '--test', '--test-reporter=spec', 'test/e2e/web.test.ts'], { ...process.env, SIJILL_SCREENSHOT_DIR: taken });
}
if (code === 0) {
  mkdirSync(target, { recursive: true });
  const pictures = readdirSync(taken).filter((f) => f.endsWith('.png')).sort();
  for (const name of pictures) copyFileSync(join(taken, name), join(target, name));
  console.log(`${pictures.length} screenshots written to docs/screenshots/`);
} else {
  console.error('The browser tests failed; docs/screenshots/ is left as it was.');
}
rmSync(taken, { recursive: true, force: true });
process.exit(code);
