/**
 * A new PGlite data folder, made in a worker thread. Making one runs initdb (bootstrapping
 * PostgreSQL's catalogue in WebAssembly: the better part of a fresh start's time) and then
 * starts and stops the new cluster, all in the worker, while this thread goes on with other
 * work (the server loads its modules meanwhile). The cluster is made beside the folder it is
 * for and renamed into place once closed, so a folder holding a cluster always holds a whole
 * one; opening it afterwards is an ordinary reopening.
 *
 * The worker is plain JavaScript (it loads PGlite only) and its folder is the caller's: the
 * caller holds the data folder's lock (data-folder-lock.ts) while it runs.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** The worker: PGlite makes the cluster (initdb), starts it, and closes it cleanly. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.pglite)
  .then(async ({ PGlite }) => {
    const db = await PGlite.create(workerData.dir);
    await db.close();
    parentPort.postMessage({ ok: true });
  })
  .catch((error) => parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }));
`;

/** Make a new, empty cluster at `dir` (which must not hold one), in a worker thread. */
export async function createPgliteCluster(dir: string): Promise<void> {
  const aside = `${dir}.new`;
  // A cluster left half-made by a start that died: the caller holds the lock, nobody else uses it.
  rmSync(aside, { recursive: true, force: true });
  const worker = new Worker(workerSource, { eval: true, workerData: { pglite: import.meta.resolve('@electric-sql/pglite'), dir: aside } });
  try {
    const outcome = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`making the database stopped (worker exit ${code})`)));
    });
    if (!outcome.ok) throw new Error(`making the database failed: ${outcome.message}`);
  } finally {
    await worker.terminate();
  }
  // An empty folder where the cluster goes (made by an earlier version, or by hand) is replaced.
  if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
  renameSync(aside, dir);
}
