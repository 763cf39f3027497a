#!/usr/bin/env node
// The one test command (`npm test`): every unit, integration and end-to-end test, on
// PGlite always and on the PostgreSQL server at 127.0.0.1:5432 whenever it answers.
// With CI=true the server must answer: an unreachable server fails the run, never skips.
// Type checking is one of the tests (test/typecheck.test.ts: tsc --noEmit), started first so
// it runs alongside the rest; a type error fails the run and counts in the closing line.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const serverUrl = process.env.SIJILL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function serverReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    console.error(`PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${error.message}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function testFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const env = { ...process.env };
if (await serverReachable(serverUrl)) {
  env.SIJILL_TEST_DATABASE_URL = serverUrl;
  console.log('backends: pglite, postgres');
} else if (process.env.CI === 'true') {
  console.error('CI=true requires the PostgreSQL server; failing instead of skipping it.');
  console.log('0 passed, 1 failed');
  process.exit(1);
} else {
  delete env.SIJILL_TEST_DATABASE_URL;
  console.log('backends: pglite (no PostgreSQL server answered; CI would fail here)');
}

const only = process.argv.slice(2);
const typecheck = 'test/typecheck.test.ts';
const files = (only.length ? only : [...testFiles(join(root, 'src')), ...testFiles(join(root, 'test')), ...testFiles(join(root, 'bench'))])
  .map((f) => relative(root, f))
  .sort((a, b) => (a === typecheck ? -1 : b === typecheck ? 1 : a < b ? -1 : a > b ? 1 : 0));
const summaryDir = mkdtempSync(join(tmpdir(), 'sijill-test-'));
const summaryFile = join(summaryDir, 'summary.txt');
const args = [
  '--import', 'tsx',
  '--test',
  `--test-concurrency=${process.env.SIJILL_TEST_CONCURRENCY ?? 2}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts/slowest-reporter.mjs')}`, '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts/summary-reporter.mjs')}`, `--test-reporter-destination=${summaryFile}`,
  ...files,
];
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
let summary = '';
try {
  summary = readFileSync(summaryFile, 'utf8').trim();
} catch {
  summary = '0 passed, 1 failed';
}
rmSync(summaryDir, { recursive: true, force: true });
console.log(summary);
process.exit(code);
