/**
 * The checkpointer: while the server runs, it signs a checkpoint whenever the tree has grown
 * since the last one, every `intervalMs` (2 s by default), so monitors never wait long for a
 * signed view of a new event. Signing reads only committed rows (store/checkpoints.ts), so
 * a writer that dies mid-batch never leaves a checkpoint beyond what was committed.
 */
import type { Database } from '../store/database.ts';
import { signLatestCheckpoint, type StoredCheckpoint } from '../store/checkpoints.ts';
import { catchUpTree, treeSize } from '../store/tree-store.ts';
import type { LogKey } from './log-key.ts';

/** What the checkpointer needs besides the database and the key. */
export interface CheckpointerOptions {
  /** The log's origin line (config.logOrigin). */
  readonly origin: string;
  /** Told of every failure (a fork, a lost database); the timer keeps going. */
  readonly onError?: (error: unknown) => void;
  /** Told of every checkpoint it signs. */
  readonly onSigned?: (checkpoint: StoredCheckpoint) => void;
}

/**
 * Starts signing checkpoints on a timer; the first one is signed at once, after bringing the
 * tree level with the log if it is behind (`catchUpTree`). Returns a stop function that
 * clears the timer and waits for a signing in progress to finish.
 */
export function startCheckpointer(db: Database, key: LogKey, intervalMs: number, options: CheckpointerOptions): () => Promise<void> {
  let lastSize = -1;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  let caughtUp = false;
  const tick = async () => {
    try {
      // A log from before the tree existed is hashed into it once, before the first signing.
      if (!caughtUp) {
        await catchUpTree(db);
        caughtUp = true;
      }
      // A cheap look first: most ticks find nothing new and should not open a transaction.
      if ((await treeSize(db)) === lastSize) return;
      const { checkpoint, created } = await signLatestCheckpoint(db, key.signer, options.origin);
      lastSize = checkpoint.size;
      if (created) options.onSigned?.(checkpoint);
    } catch (error) {
      options.onError?.(error);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    // The timer alone must not keep a process alive that has otherwise finished.
    timer.unref();
  };
  running = tick().finally(schedule);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
