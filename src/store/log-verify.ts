/**
 * `sijill log verify`: the transparency log checks itself from the stored bytes up.
 *
 * Every leaf hash is recomputed from the event bytes and compared with the event's recorded
 * leaf hash and with the tree's leaf; the whole tree is recomputed from its leaves and every
 * stored complete-subtree hash compared; the number of stored hashes must be 2n − popcount(n);
 * every event must fit an entry bundle (65,535 bytes);
 * every stored checkpoint must carry the log's valid signature and the root of the events as
 * they are stored now; every stored cosignature must verify. Each finding says what failed
 * and where, so an operator can tell an edited row from a deleted one, a swap, a replaced
 * hash or a rolled-back log.
 *
 * It streams: memory stays bounded by the chunk size, whatever the length of the log.
 */
import { openCheckpoint } from '../ledger/checkpoint.ts';
import { appendLeaves, EMPTY_ROOT, planAppend, storedHashCount, subtreeKey, type SubtreeHashMap, type SubtreeRecord } from '../ledger/rfc6962.ts';
import { openNote, parseNote, parseSignatureLine, type NoteVerifier } from '../ledger/signed-note.ts';
import { allCheckpoints, type StoredCheckpoint } from './checkpoints.ts';
import type { Queryable } from './database.ts';
import { leafHash } from './event-log.ts';
import { MAX_ENTRY_SIZE, TILE_WIDTH } from '../ledger/tiles.ts';
import { storedSubtreeCount, treeSize } from './tree-store.ts';

/** What failed. */
/** `oversized`: an event longer than an entry bundle carries (C2SP tlog-tiles, 16-bit length), so monitors cannot read it. */
export type LogFindingKind = 'leaf' | 'order' | 'missing' | 'tree' | 'size' | 'oversized' | 'checkpoint' | 'signature' | 'cosignature';

export interface LogFinding {
  readonly check: LogFindingKind;
  readonly message: string;
}

export interface LogVerifyReport {
  readonly ok: boolean;
  /** Events in the log (log head). */
  readonly size: number;
  readonly treeSize: number;
  readonly storedHashes: number;
  readonly checkpoints: number;
  readonly cosignatures: number;
  readonly findings: readonly LogFinding[];
}

export interface LogVerifyOptions {
  /** The log's own key: every checkpoint must verify with it. Without it, signatures are not checked (and that is a finding). */
  readonly verifier?: NoteVerifier;
  /** The log's origin: every checkpoint must name it. */
  readonly origin?: string;
  /** Configured witnesses: their stored cosignatures must verify. */
  readonly witnesses?: readonly NoteVerifier[];
  /** Leaves per round trip (default 20,000). */
  readonly chunk?: number;
  /** Stop listing findings after this many (default 1,000); the count still says there were more. */
  readonly maxFindings?: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A running tree: the frontier of the first `size` leaves. */
class Frontier {
  size = 0;
  hashes: SubtreeHashMap = new Map();

  /** Appends leaves; returns the new complete subtrees and the root. */
  append(leaves: readonly Uint8Array[]): { subtrees: SubtreeRecord[]; root: Buffer } {
    const result = appendLeaves(this.size, this.hashes, leaves);
    const known = new Map<string, Uint8Array>(this.hashes);
    for (const s of result.subtrees) known.set(subtreeKey(s.level, s.index), s.hash);
    this.hashes = new Map(planAppend(result.size).map(({ level, index }) => [subtreeKey(level, index), known.get(subtreeKey(level, index))!]));
    this.size = result.size;
    return { subtrees: result.subtrees, root: result.root };
  }
}

/** Verify the tree, the leaves under it, the checkpoints and cosignatures. */
export async function verifyLog(q: Queryable, options: LogVerifyOptions = {}): Promise<LogVerifyReport> {
  const chunk = options.chunk ?? 20_000;
  const maxFindings = options.maxFindings ?? 1000;
  const findings: LogFinding[] = [];
  let dropped = 0;
  const add = (check: LogFindingKind, message: string) => {
    if (findings.length < maxFindings) findings.push({ check, message });
    else dropped++;
  };

  const logSize = (await q.query<{ size: number }>('SELECT size FROM log_head')).rows[0]!.size;
  const tree = await treeSize(q);
  const eventEnd = (await q.query<{ end: number }>('SELECT coalesce(max(idx) + 1, 0) AS end FROM event')).rows[0]!.end;
  const end = Math.max(logSize, tree, eventEnd);
  if (tree !== logSize) add('size', `the tree holds ${tree} leaves but the log head says ${logSize} events`);
  if (eventEnd > logSize) add('size', `events exist up to index ${eventEnd - 1}, beyond the log head (${logSize} events)`);

  // Leaves whose event hashes to something other than the tree's leaf at the same place,
  // kept to tell a swap of two rows from a replaced row.
  const misplaced = new Map<number, { own: string; tree: string }>();
  const truth = new Frontier();
  const storedTree = new Frontier();
  const checkpointPages = allCheckpoints(q);
  let pending: StoredCheckpoint[] = [];
  let checkpointsDone = false;
  let checkpointCount = 0;
  const nextCheckpoints = async (upTo: number): Promise<StoredCheckpoint[]> => {
    const due: StoredCheckpoint[] = [];
    for (;;) {
      while (pending.length && pending[0]!.size <= upTo) due.push(pending.shift()!);
      if (pending.length || checkpointsDone) return due;
      const page = await checkpointPages.next();
      if (page.done) checkpointsDone = true;
      else pending = page.value;
    }
  };
  const checkCheckpoint = (checkpoint: StoredCheckpoint, root: Buffer) => {
    checkpointCount++;
    if (!checkpoint.root.equals(root)) {
      add(
        'checkpoint',
        `the checkpoint of size ${checkpoint.size} signed root ${hex(checkpoint.root)}, but the first ${checkpoint.size} events as stored now have root ${hex(root)}: the log was changed after it was signed, or rolled back and regrown (a fork)`,
      );
    }
  };
  for (const checkpoint of await nextCheckpoints(0)) checkCheckpoint(checkpoint, EMPTY_ROOT);

  for (let start = 0; start < end; start += chunk) {
    const stop = Math.min(end, start + chunk);
    const events = await q.query<{ idx: number; event_id: string; bytes: Uint8Array; leaf_hash: Uint8Array }>('SELECT idx, event_id, bytes, leaf_hash FROM event WHERE idx >= $1 AND idx < $2 ORDER BY idx', [start, stop]);
    const leaves = await q.query<{ idx: number; hash: Uint8Array }>('SELECT idx, hash FROM log_subtree WHERE level = 0 AND idx >= $1 AND idx < $2 ORDER BY idx', [start, stop]);
    const eventAt = new Map(events.rows.map((r) => [r.idx, r]));
    const leafAt = new Map(leaves.rows.map((r) => [r.idx, Buffer.from(r.hash)]));
    const truthLeaves: Buffer[] = [];
    const storedLeaves: Buffer[] = [];
    for (let i = start; i < stop; i++) {
      const event = eventAt.get(i);
      const leaf = leafAt.get(i);
      const own = event && leafHash(event.bytes);
      if (!event && leaf) add('missing', `event ${i} is missing from the log, but the tree holds its leaf ${hex(leaf)}: the row was deleted`);
      if (!event && !leaf) add('missing', `event ${i} is missing from both the log and the tree`);
      if (event && own && !own.equals(event.leaf_hash)) {
        add('leaf', `event ${i}: its stored bytes hash to ${hex(own)}, not to the leaf hash recorded when it was logged (${hex(event.leaf_hash)}): the bytes were edited`);
      } else if (own && leaf && !own.equals(leaf)) {
        misplaced.set(i, { own: hex(own), tree: hex(leaf) });
      }
      if (event && !leaf && i < tree) add('tree', `event ${i} has no leaf in the tree`);
      if (event && event.bytes.length > MAX_ENTRY_SIZE) {
        add('oversized', `event ${i} (${event.event_id}) takes ${event.bytes.length} bytes, more than an entry bundle carries (${MAX_ENTRY_SIZE}): monitors cannot read entry bundle ${Math.floor(i / TILE_WIDTH)}, only the leaf's hash`);
      }
      const fallback = Buffer.from(EMPTY_ROOT);
      truthLeaves.push(own ?? leaf ?? fallback);
      storedLeaves.push(leaf ?? own ?? fallback);
    }

    // The stored tree against a recomputation from its own leaves: a replaced interior hash
    // shows up alone, since the recomputation never reads stored interior hashes.
    const { subtrees } = storedTree.append(storedLeaves);
    const interior = subtrees.filter((s) => s.level > 0);
    const stored = await storedInterior(q, interior);
    for (const s of interior) {
      const found = stored.get(subtreeKey(s.level, s.index));
      const first = s.index * 2 ** s.level;
      if (found === undefined) add('tree', `the hash of subtree ${s.level}/${s.index} (leaves ${first}–${first + 2 ** s.level - 1}) is missing`);
      else if (!s.hash.equals(found)) {
        add('tree', `the stored hash of subtree ${s.level}/${s.index} (leaves ${first}–${first + 2 ** s.level - 1}) is ${hex(found)}, but the leaves under it give ${hex(s.hash)}: a stored hash was replaced`);
      }
    }

    // Roots of the events as stored, at every size a checkpoint was signed for.
    let from = start;
    for (const checkpoint of await nextCheckpoints(stop)) {
      if (checkpoint.size > from) {
        truth.append(truthLeaves.slice(from - start, checkpoint.size - start));
        from = checkpoint.size;
      }
      checkCheckpoint(checkpoint, rootOf(truth));
    }
    if (from < stop) truth.append(truthLeaves.slice(from - start));
  }

  // Checkpoints beyond every event: signed for leaves that are not there.
  for (const checkpoint of await nextCheckpoints(Number.MAX_SAFE_INTEGER)) {
    checkpointCount++;
    add('checkpoint', `a checkpoint of size ${checkpoint.size} was signed, but the log holds only ${end} events: the log was rolled back`);
  }

  describeMisplaced(misplaced, add);

  const storedHashes = await storedSubtreeCount(q);
  const expected = storedHashCount(tree);
  if (storedHashes !== expected) add('tree', `${storedHashes} subtree hashes are stored, but a tree of ${tree} leaves has exactly ${expected} (2n − popcount(n))`);

  await verifySignatures(q, options, add);
  const cosignatures = await verifyCosignatures(q, options, add);

  if (dropped) findings.push({ check: findings[findings.length - 1]!.check, message: `… and ${dropped} more findings` });
  return { ok: findings.length === 0, size: logSize, treeSize: tree, storedHashes, checkpoints: checkpointCount, cosignatures, findings };
}

function rootOf(frontier: Frontier): Buffer {
  return appendLeaves(frontier.size, frontier.hashes, []).root;
}

/** Stored interior hashes for a chunk's subtrees: one index range scan per level. */
async function storedInterior(q: Queryable, subtrees: readonly SubtreeRecord[]): Promise<Map<string, Buffer>> {
  const ranges = new Map<number, { lo: number; hi: number }>();
  for (const s of subtrees) {
    const r = ranges.get(s.level);
    if (r) {
      r.lo = Math.min(r.lo, s.index);
      r.hi = Math.max(r.hi, s.index);
    } else ranges.set(s.level, { lo: s.index, hi: s.index });
  }
  const found = new Map<string, Buffer>();
  if (ranges.size === 0) return found;
  const levels = [...ranges.keys()];
  const { rows } = await q.query<{ level: number; idx: number; hash: Uint8Array }>(
    `SELECT s.level, s.idx, s.hash FROM unnest($1::smallint[], $2::bigint[], $3::bigint[]) AS r(level, lo, hi)
       JOIN log_subtree s ON s.level = r.level AND s.idx BETWEEN r.lo AND r.hi`,
    [levels, levels.map((l) => ranges.get(l)!.lo), levels.map((l) => ranges.get(l)!.hi)],
  );
  for (const row of rows) found.set(subtreeKey(row.level, row.idx), Buffer.from(row.hash));
  return found;
}

/** Tells a swap (each row holds the other's leaf) from a row replaced or moved. */
function describeMisplaced(misplaced: Map<number, { own: string; tree: string }>, add: (check: LogFindingKind, message: string) => void): void {
  const byTreeLeaf = new Map<string, number>();
  for (const [i, m] of misplaced) byTreeLeaf.set(m.tree, i);
  const told = new Set<number>();
  for (const [i, m] of misplaced) {
    if (told.has(i)) continue;
    const j = byTreeLeaf.get(m.own);
    if (j !== undefined && j !== i) {
      const other = misplaced.get(j)!;
      if (other.own === m.tree) {
        add('order', `events ${i} and ${j} are swapped: each row holds the bytes of the other's leaf in the tree`);
      } else {
        add('order', `event ${i} holds the bytes of leaf ${j}: rows were moved`);
      }
      told.add(i).add(j);
      continue;
    }
    add('order', `event ${i}: its bytes hash to ${m.own}, but the tree's leaf ${i} is ${m.tree}: the row was replaced (bytes and leaf hash rewritten together)`);
    told.add(i);
  }
}

async function verifySignatures(q: Queryable, options: LogVerifyOptions, add: (check: LogFindingKind, message: string) => void): Promise<void> {
  if (!options.verifier) {
    const any = await q.query('SELECT 1 FROM log_checkpoint LIMIT 1');
    if (any.rows.length) add('signature', 'the log key is not available here, so checkpoint signatures were not checked');
    return;
  }
  for await (const page of allCheckpoints(q)) {
    for (const checkpoint of page) {
      try {
        const { checkpoint: parsed } = openCheckpoint(checkpoint.note, [options.verifier], options.origin === undefined ? {} : { origin: options.origin });
        if (parsed.size !== checkpoint.size || !parsed.rootHash.equals(checkpoint.root)) {
          add('signature', `the checkpoint stored for size ${checkpoint.size} signs size ${parsed.size} and root ${hex(parsed.rootHash)}: the row was altered`);
        }
      } catch (error) {
        add('signature', `the checkpoint of size ${checkpoint.size} does not carry a valid signature by the log key: ${(error as Error).message}`);
      }
    }
  }
}

async function verifyCosignatures(q: Queryable, options: LogVerifyOptions, add: (check: LogFindingKind, message: string) => void): Promise<number> {
  const { rows } = await q.query<{ size: number; witness: string; line: string; note: string }>(
    'SELECT c.size, c.witness, c.line, k.note FROM log_cosignature c JOIN log_checkpoint k USING (size) ORDER BY c.size, c.witness',
  );
  const witnesses = options.witnesses ?? [];
  for (const row of rows) {
    const line = parseSignatureLine(row.line.replace(/\n$/, ''));
    const verifier = witnesses.find((w) => w.name === line.name && w.keyId === line.keyId);
    if (!verifier) continue;
    try {
      openNote(`${parseNote(row.note).text}\n${row.line}`, [verifier]);
    } catch (error) {
      add('cosignature', `the cosignature by ${row.witness} on the checkpoint of size ${row.size} does not verify: ${(error as Error).message}`);
    }
  }
  return rows.length;
}
