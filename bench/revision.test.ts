import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRevision, revisionMarkdown } from './revision.ts';

function scratchRepo(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-revision-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Bench Test', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  mkdirSync(join(dir, 'docs'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src', 'b.ts'), 'export const b = 1;\n');
  writeFileSync(join(dir, 'docs', 'BENCHMARKS.md'), '# Benchmarks\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  return { dir, git };
}

test('a clean checkout: the commit git names, no changed paths', () => {
  const { dir, git } = scratchRepo();
  try {
    const head = git('rev-parse', 'HEAD').trim();
    const revision = readRevision(dir);
    assert.deepEqual(revision, { commit: head, changed: [] });
    const line = revisionMarkdown(revision, revision);
    assert.ok(line.includes(head), line);
    assert.match(line, /clean working tree/);
    assert.doesNotMatch(line, /dirty|changed during/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('changed, deleted, renamed and untracked files make the tree dirty; the report itself does not', () => {
  const { dir, git } = scratchRepo();
  try {
    writeFileSync(join(dir, 'docs', 'BENCHMARKS.md'), '# Benchmarks, rewritten by the last run\n');
    assert.deepEqual(readRevision(dir).changed, []);
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
    git('mv', 'src/b.ts', 'src/c d.ts');
    writeFileSync(join(dir, 'src', 'new.ts'), 'export {};\n');
    const revision = readRevision(dir);
    assert.deepEqual(revision.changed, ['src/a.ts', 'src/c d.ts', 'src/new.ts']);
    const line = revisionMarkdown(revision, revision);
    assert.match(line, /dirty working tree \(3 paths differ from the commit: `src\/a\.ts`, `src\/c d\.ts`, `src\/new\.ts`\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkout that changes during the run is reported as such', () => {
  const { dir, git } = scratchRepo();
  try {
    const atStart = readRevision(dir);
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 3;\n');
    git('commit', '-q', '-am', 'second');
    const atEnd = readRevision(dir);
    assert.notEqual(atEnd.commit, atStart.commit);
    const line = revisionMarkdown(atStart, atEnd);
    assert.ok(line.includes(atStart.commit!) && line.includes(atEnd.commit!), line);
    assert.match(line, /changed during the run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outside a git checkout the commit is unknown, and the report says so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-revision-none-'));
  try {
    const revision = readRevision(dir);
    assert.deepEqual(revision, { commit: null, changed: [] });
    assert.match(revisionMarkdown(revision, revision), /unknown/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
