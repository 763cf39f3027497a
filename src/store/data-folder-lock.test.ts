import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderBusy, lockDataFolder, lockFileName, type LockHolder } from './data-folder-lock.ts';

const lockModule = new URL('./data-folder-lock.ts', import.meta.url).href;

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'sijill-lock-unit-'));
}

function holderIn(dir: string): LockHolder {
  return JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')) as LockHolder;
}

function writeHolder(dir: string, holder: Partial<LockHolder>): void {
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const full = { pid: 1, host: hostname(), boot_id: bootId, start_ticks: null, command: 'sijill serve', since: '2026-01-01T00:00:00.000Z', token: 'theirs', ...holder };
  writeFileSync(join(dir, lockFileName), JSON.stringify(full));
}

/** A process that takes the lock, says so, and waits to be killed. */
function holderProcess(dir: string) {
  const code = `const { lockDataFolder } = await import(${JSON.stringify(lockModule)}); lockDataFolder(${JSON.stringify(dir)}, { command: 'test holder' }); console.log('locked'); setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, signal) => resolve({ code: c, signal })));
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && resolve());
    void exited.then((e) => reject(new Error(`the holder exited before locking: ${JSON.stringify(e)}`)));
  });
  return { child, exited, locked };
}

function busy(dir: string): DataFolderBusy {
  try {
    lockDataFolder(dir).release();
  } catch (error) {
    assert.ok(error instanceof DataFolderBusy, String(error));
    return error;
  }
  assert.fail('the lock was taken');
}

describe('the data folder lock', () => {
  test('a second taker in the same process is refused, named; release frees the folder', () => {
    const dir = folder();
    try {
      const lock = lockDataFolder(dir, { command: 'sijill serve' });
      const refusal = busy(dir);
      assert.equal(refusal.holder?.pid, process.pid);
      assert.equal(refusal.holder?.command, 'sijill serve');
      assert.match(refusal.message, new RegExp(`in use by process ${process.pid} \\(sijill serve\\), since \\d{4}-`));
      lock.announceUrl('http://127.0.0.1:8080');
      assert.match(busy(dir).message, /serving on http:\/\/127\.0\.0\.1:8080/);
      lock.release();
      assert.equal(existsSync(join(dir, lockFileName)), false);
      lockDataFolder(dir).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a live holder in another process is refused; SIGTERM releases; a SIGKILLed holder leaves a stale lock that is taken over', async () => {
    const dir = folder();
    try {
      const first = holderProcess(dir);
      await first.locked;
      const refusal = busy(dir);
      assert.equal(refusal.holder?.pid, first.child.pid);
      assert.equal(refusal.holder?.command, 'test holder');
      first.child.kill('SIGTERM');
      assert.deepEqual(await first.exited, { code: null, signal: 'SIGTERM' });
      assert.equal(existsSync(join(dir, lockFileName)), false, 'released on SIGTERM');

      const second = holderProcess(dir);
      await second.locked;
      second.child.kill('SIGKILL');
      assert.equal((await second.exited).signal, 'SIGKILL');
      assert.equal(holderIn(dir).pid, second.child.pid, 'a SIGKILLed holder leaves its lock');
      const lock = lockDataFolder(dir);
      assert.equal(holderIn(dir).pid, process.pid);
      lock.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an uncaught error releases the lock on the way out', () => {
    const dir = folder();
    try {
      const code = `const { lockDataFolder } = await import(${JSON.stringify(lockModule)}); lockDataFolder(${JSON.stringify(dir)}); throw new Error('boom');`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
      assert.equal(child.status, 1);
      assert.match(child.stderr, /boom/);
      assert.equal(existsSync(join(dir, lockFileName)), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a lock whose pid is now another process (other start time, or another boot) is stale', () => {
    const dir = folder();
    try {
      // The parent of this process is alive, but did not start at tick 1 of this boot.
      writeHolder(dir, { pid: process.ppid, start_ticks: '1' });
      lockDataFolder(dir).release();
      writeHolder(dir, { pid: process.ppid, boot_id: 'another boot' });
      lockDataFolder(dir).release();
      // Alive, and no start time recorded to tell otherwise: refused.
      writeHolder(dir, { pid: process.ppid });
      assert.equal(busy(dir).holder?.pid, process.ppid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a dead pid is stale; a lock from another host, or one that cannot be read, is never broken', () => {
    const dir = folder();
    try {
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      writeHolder(dir, { pid: gone });
      lockDataFolder(dir).release();
      writeHolder(dir, { pid: gone, host: 'another-host.example' });
      assert.equal(busy(dir).holder?.host, 'another-host.example');
      writeFileSync(join(dir, lockFileName), 'not json');
      assert.equal(busy(dir).holder, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('release leaves alone a lock that is no longer ours', () => {
    const dir = folder();
    try {
      const lock = lockDataFolder(dir);
      writeHolder(dir, { pid: process.ppid, token: 'someone else' });
      lock.release();
      assert.equal(holderIn(dir).token, 'someone else');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
