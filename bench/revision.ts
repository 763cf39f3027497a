/**
 * Which code a benchmark run measured: the commit checked out and whether the working tree
 * differed from it. docs/BENCHMARKS.md says so at its top, so a figure can be traced to the
 * code that produced it, and a stale file can be seen to be stale.
 */
import { execFileSync } from 'node:child_process';

export interface Revision {
  /** `git rev-parse HEAD`, or null when the folder is not a git checkout. */
  readonly commit: string | null;
  /** Paths that differ from the commit (changed, added, deleted, untracked), as git names them. */
  readonly changed: readonly string[];
}

/** Files whose changes do not move a figure: the report the run writes. */
const ignored = new Set(['docs/BENCHMARKS.md']);

const git = (dir: string, args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** The commit and the working tree's changes of the checkout at `dir`. */
export function readRevision(dir: string): Revision {
  let commit: string;
  try {
    commit = git(dir, ['rev-parse', 'HEAD']).trim();
  } catch {
    return { commit: null, changed: [] };
  }
  // -z: paths exactly as stored, NUL-separated, no quoting; renames carry their old path after.
  const entries = git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all']).split('\0');
  const changed: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const path = entry.slice(3);
    if (entry[0] === 'R' || entry[0] === 'C') i++; // skip the rename's source path
    if (!ignored.has(path)) changed.push(path);
  }
  return { commit, changed: changed.sort() };
}

const shown = 10;

/** One line of Markdown saying what a run measured. */
export function revisionMarkdown(atStart: Revision, atEnd: Revision): string {
  if (!atStart.commit) return 'Commit: unknown (not run from a git checkout).';
  const tree = (r: Revision) =>
    r.changed.length === 0
      ? 'a clean working tree'
      : `a dirty working tree (${r.changed.length} path${r.changed.length === 1 ? '' : 's'} differ from the commit: ${r.changed.slice(0, shown).map((p) => `\`${p}\``).join(', ')}${r.changed.length > shown ? ', …' : ''})`;
  const same = atEnd.commit === atStart.commit && atEnd.changed.join('\0') === atStart.changed.join('\0');
  return `Commit measured: \`${atStart.commit}\` with ${tree(atStart)}${same ? '' : `; **the checkout changed during the run** (at the end: \`${atEnd.commit ?? 'unknown'}\` with ${tree(atEnd)}), so the figures may mix two versions`}.`;
}
