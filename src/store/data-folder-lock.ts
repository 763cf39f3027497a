/**
 * The exclusive lock on an embedded (PGlite) data folder. PGlite is PostgreSQL in one
 * process, with no shared memory between processes: two processes that open the same folder
 * each believe they own it, and their writes corrupt it. So every process takes this lock
 * before PGlite opens the folder, and a second process is refused, told who holds it.
 *
 * Why a lock file of our own, and not another mechanism:
 * - An OS lock (flock/fcntl) would die with its process, which is the best kind, but Node has
 *   none built in, and the packages that add one (fs-ext, os-lock) are native addons that
 *   node-gyp compiles at install, fetching Node's headers from outside the npm registry.
 * - `proper-lockfile` judges a lock stale by its age (mtime refreshed on a timer, 10 s by
 *   default). PGlite runs queries synchronously on the main thread, so a long check or a
 *   rebuild blocks the timer, and the lock would be taken from a live process — the very
 *   corruption this file prevents. A SIGKILLed holder would also block everyone until the lock
 *   ages out.
 * - So: `pglite.lock` next to the `pglite` folder, created atomically (written whole to a
 *   private file, then hard-linked into place, which fails if the lock exists), holding the
 *   holder's pid, host, boot id and process start time (from /proc on Linux), the command
 *   and since when. A lock is stale only when we can prove its holder is gone: same host,
 *   and the pid is not alive, or it is alive but is another process (another start time, or
 *   another boot). A lock from another host is never broken: we cannot see its processes.
 *
 * The lock is released when the database is closed, and at process exit (normal exit, an
 * uncaught error, SIGINT, SIGTERM, SIGHUP). A SIGKILLed holder leaves the file behind; the
 * next process finds it stale and takes it over.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';

/** Who holds a data folder, as written in its lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** Linux boot id and the process's start time in clock ticks since boot: a reused pid differs. */
  readonly boot_id: string | null;
  readonly start_ticks: string | null;
  /** What the holder runs, e.g. `sijill serve`; never its arguments, which may hold names. */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** Where the holder serves the register over HTTP, once it does. */
  readonly url?: string;
  /** A random token: this holder's lock, not another's written at the same path later. */
  readonly token: string;
}

/** The data folder is held by another process that is alive (or cannot be shown dead). */
export class DataFolderBusy extends Error {
  constructor(
    readonly folder: string,
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(`the register in ${folder} is in use by ${describeHolder(holder)}`);
    this.name = 'DataFolderBusy';
  }
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another process (its lock file cannot be read)';
  const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
  return `process ${holder.pid}${where} (${holder.command}), since ${holder.since}${holder.url ? `, serving on ${holder.url}` : ''}`;
}

export interface DataFolderLock {
  readonly folder: string;
  readonly file: string;
  readonly holder: LockHolder;
  /** Record where this process serves the register, for the message others get. */
  announceUrl(url: string): void;
  /** Remove the lock, if it is still ours. Idempotent. */
  release(): void;
}

export const lockFileName = 'pglite.lock';

/** `/proc/<pid>/stat` field 22 (start time in ticks since boot), or null off Linux. */
function startTicks(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** `sijill check`, `sijill log verify`: the command words, no option or value (they may hold names). */
export function commandOfThisProcess(): string {
  const script = process.argv[1] ? basename(process.argv[1]) : 'node';
  if (!/^(sijill(\.js)?|main\.ts)$/.test(script)) return script;
  const words: string[] = [];
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith('-') || !/^[a-z]+$/.test(arg) || words.length === 2) break;
    words.push(arg);
  }
  return ['sijill', ...words].join(' ');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True only when the holder is shown to be gone. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  const boot = bootId();
  if (holder.boot_id && boot && holder.boot_id !== boot) return true;
  if (!alive(holder.pid)) return true;
  const ticks = startTicks(holder.pid);
  return Boolean(holder.start_ticks && ticks && holder.start_ticks !== ticks);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.token === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The holder named in a folder's lock file, if there is one. */
export function readLockHolder(folder: string): LockHolder | undefined {
  try {
    return parseHolder(readFileSync(join(folder, lockFileName), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write `content` as a private file, then link it into `path` (fails with EEXIST if taken). */
function createWhole(path: string, content: string): void {
  const scratch = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(scratch, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(scratch, path);
  } finally {
    unlinkSync(scratch);
  }
}

/** Replace our own lock's content atomically. */
function rewrite(path: string, content: string): void {
  const scratch = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(scratch, content, { mode: 0o600, flag: 'wx' });
  renameSync(scratch, path);
}

const held = new Set<DataFolderLock>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function releaseAll(): void {
  for (const lock of [...held]) lock.release();
}

/**
 * On a signal nobody else handles, release and die of the same signal; when the program has
 * its own handler (the server stops gracefully, closing the database), leave it to that.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', releaseAll);
  for (const s of signals) process.on(s, onSignal);
}

function uninstall(): void {
  process.off('exit', releaseAll);
  for (const s of signals) process.off(s, onSignal);
}

/**
 * Take the lock on `folder` (created if missing), or throw `DataFolderBusy` naming the holder.
 * A stale lock (its holder shown gone) is taken over.
 */
export function lockDataFolder(folder: string, options: { command?: string } = {}): DataFolderLock {
  const file = join(folder, lockFileName);
  let holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    boot_id: bootId(),
    start_ticks: startTicks('self'),
    command: options.command ?? commandOfThisProcess(),
    since: new Date().toISOString(),
    token: randomBytes(16).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      createWhole(file, `${JSON.stringify(holder)}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 5) continue; // released meanwhile
      throw error;
    }
    const other = parseHolder(text);
    // Our own pid in a lock this process does not hold: a leftover from a process before ours.
    const leftOver = other?.pid === process.pid && other.host === hostname() && ![...held].some((l) => l.file === file);
    if (!other || !(leftOver || isStale(other)) || attempt >= 5) throw new DataFolderBusy(folder, file, other);
    // Take the stale lock aside under a name of our own; if what we moved is not the stale
    // lock we judged (its holder replaced it meanwhile), put it back and give way.
    const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = parseHolder(readFileSync(aside, 'utf8'));
    if (moved?.token !== other.token) {
      try {
        linkSync(aside, file);
      } finally {
        unlinkSync(aside);
      }
      throw new DataFolderBusy(folder, file, moved);
    }
    unlinkSync(aside);
  }
  const ours = (): boolean => {
    try {
      return parseHolder(readFileSync(file, 'utf8'))?.token === holder.token;
    } catch {
      return false;
    }
  };
  const lock: DataFolderLock = {
    folder,
    file,
    get holder() {
      return holder;
    },
    announceUrl(url: string) {
      if (!held.has(lock) || !ours()) return;
      holder = { ...holder, url };
      rewrite(file, `${JSON.stringify(holder)}\n`);
    },
    release() {
      if (!held.delete(lock)) return;
      if (held.size === 0) uninstall();
      if (ours()) unlinkSync(file);
    },
  };
  if (held.size === 0) install();
  held.add(lock);
  return lock;
}
