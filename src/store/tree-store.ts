/**
 * The Merkle tree over the event log, kept in `log_subtree`: only complete subtrees, each
 * written once by the transaction that appends its last leaf (RFC 6962 hashing and the
 * proof plans live in ledger/rfc6962.ts; this file only moves hashes in and out of SQL).
 *
 * Every read is one round trip: a root, an inclusion proof, a consistency proof or a hash
 * tile asks for exactly the complete subtrees it needs in one query. A server answers proofs
 * through a {@link TreeReader}, which keeps the hashes of level 8 and above (one per 256
 * leaves and fewer) in memory, so that query asks only for the few hashes below level 8.
 */
import {
  appendLeaves,
  assembleProof,
  assembleRoot,
  HASH_SIZE,
  MissingSubtreeError,
  planAppend,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
  requiredSubtrees,
  subtreeKey,
  type AppendResult,
  type AsyncSubtreeHashes,
  type ProofPlan,
  type SubtreeCoord,
  type SubtreeHashMap,
  type SubtreeRecord,
} from '../ledger/rfc6962.ts';
import { encodeEntryBundle, encodeTextEntryBundle, TILE_HEIGHT, TILE_WIDTH, type EntryBundle, type HashTile } from '../ledger/tiles.ts';
import { sqlState, type Database, type Queryable } from './database.ts';

/** A stored hash as it comes back from SQL: hex text, which PGlite decodes several times faster than bytea. */
const hashHex = (hex: string): Buffer => Buffer.from(hex, 'hex');

/**
 * A request the log cannot answer: sizes or indexes it does not hold yet (`beyond`), or
 * arguments no proof exists for, such as a consistency proof from the empty tree (`invalid`).
 */
export class LogRangeError extends Error {
  constructor(
    readonly reason: 'beyond' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'LogRangeError';
  }
}

/** The stored tree is not what an append-only tree can be (a hash is missing where one must be). */
export class TreeIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TreeIntegrityError';
  }
}

/** Complete-subtree hashes read from `log_subtree`, one query per batch. */
export class TreeStore implements AsyncSubtreeHashes {
  constructor(private readonly q: Queryable) {}

  async getSubtrees(coords: readonly SubtreeCoord[]): Promise<SubtreeHashMap> {
    const found = new Map<string, Uint8Array>();
    for (const s of await selectSubtrees(this.q, coords)) found.set(subtreeKey(s.level, s.index), s.hash);
    return found;
  }
}

/** The stored subtrees among `coords`, in one query. */
async function selectSubtrees(q: Queryable, coords: readonly SubtreeCoord[]): Promise<SubtreeRecord[]> {
  if (coords.length === 0) return [];
  const { rows } = await q.query<{ level: number; idx: number; hash: string }>(
    `SELECT s.level, s.idx, encode(s.hash, 'hex') AS hash
       FROM unnest($1::smallint[], $2::bigint[]) AS c(level, idx)
       JOIN log_subtree s ON s.level = c.level AND s.idx = c.idx`,
    [coords.map((c) => c.level), coords.map((c) => c.index)],
  );
  return rows.map((row) => ({ level: row.level, index: row.idx, hash: hashHex(row.hash) }));
}

/** Number of leaves in the stored tree (one more than its last leaf's index). */
export async function treeSize(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ size: number }>('SELECT coalesce(max(idx) + 1, 0) AS size FROM log_subtree WHERE level = 0');
  return rows[0]!.size;
}

/** Number of complete-subtree hashes stored. */
export async function storedSubtreeCount(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*) AS n FROM log_subtree');
  return rows[0]!.n;
}

async function insertSubtrees(tx: Queryable, subtrees: readonly SubtreeRecord[]): Promise<void> {
  if (subtrees.length === 0) return;
  // One bytea holding every hash back to back, cut by ordinal: the one array form of bytes
  // that node-postgres and PGlite pass the same way.
  await tx.query(
    `INSERT INTO log_subtree (level, idx, hash)
     SELECT t.level, t.idx, substring($3::bytea FROM (t.n - 1)::int * 32 + 1 FOR 32)
       FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS t(level, idx, n)`,
    [subtrees.map((s) => s.level), subtrees.map((s) => s.index), Buffer.concat(subtrees.map((s) => s.hash))],
  );
}

/**
 * Appends leaf hashes to a tree of `size` leaves, inside the caller's transaction (the one
 * appending the events): reads the right frontier, computes the new complete subtrees and
 * inserts them in one statement. A tree left behind the log (a log from before the tree
 * existed) is first caught up from the event table.
 */
export async function growTree(tx: Queryable, size: number, leafHashes: readonly Uint8Array[]): Promise<AppendResult> {
  const frontier = planAppend(size);
  let found = await new TreeStore(tx).getSubtrees(frontier);
  if (found.size < frontier.length) {
    const have = await treeSize(tx);
    if (have >= size) throw new TreeIntegrityError(`the tree has ${have} leaves but lacks hashes of its right edge at ${size}: run sijill log verify`);
    await extendFromEvents(tx, have, size);
    found = await new TreeStore(tx).getSubtrees(frontier);
  }
  const result = appendLeaves(size, found, leafHashes);
  await insertSubtrees(tx, result.subtrees);
  return result;
}

/** Adds leaves [from, to) to the tree from the stored events' leaf hashes. */
async function extendFromEvents(tx: Queryable, from: number, to: number): Promise<void> {
  const chunk = 20_000;
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    const { rows } = await tx.query<{ idx: number; leaf_hash: Uint8Array }>('SELECT idx, leaf_hash FROM event WHERE idx >= $1 AND idx < $2 ORDER BY idx', [start, end]);
    rows.forEach((row, i) => {
      if (row.idx !== start + i) throw new TreeIntegrityError(`event ${start + i} is missing from the log: the tree cannot be built past it`);
    });
    if (rows.length !== end - start) throw new TreeIntegrityError(`events ${start + rows.length}–${end - 1} are missing from the log: the tree cannot be built past them`);
    await growTree(tx, start, rows.map((r) => r.leaf_hash));
  }
}

/**
 * Brings the tree up to the log's size, for a log written before the tree existed (the
 * migration cannot hash in SQL). Run at migrate and start; appends also catch up inline.
 * Works in transactions of bounded size, each holding the log head so no append interleaves.
 */
export async function catchUpTree(db: Database): Promise<{ from: number; to: number }> {
  const before = await treeSize(db);
  const head = (await db.query<{ size: number }>('SELECT size FROM log_head')).rows[0]!.size;
  if (before >= head) return { from: before, to: before };
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const size = (await tx.query<{ size: number }>('SELECT size FROM log_head FOR UPDATE')).rows[0]!.size;
      const have = await treeSize(tx);
      if (have >= size) return true;
      await extendFromEvents(tx, have, Math.min(size, have + 50_000));
      return false;
    });
    if (done) return { from: before, to: await treeSize(db) };
  }
}

/** Subtrees a plan needs, plus the leaf that proves the tree reaches `size`. */
async function fetchPlanned(q: Queryable, size: number, ...plans: readonly ProofPlan[]): Promise<SubtreeHashMap> {
  const coords = requiredSubtrees(...plans);
  if (size > 0) coords.push({ level: 0, index: size - 1 });
  const found = await new TreeStore(q).getSubtrees(coords);
  if (size > 0 && !found.has(subtreeKey(0, size - 1))) {
    throw new LogRangeError('beyond', `the log has ${await treeSize(q)} entries; size ${size} is beyond it`);
  }
  return found;
}

function assembled<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof MissingSubtreeError) throw new TreeIntegrityError(`${what}: ${error.message} although the tree reaches that size: run sijill log verify`);
    throw error;
  }
}

function checkedArgs<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RangeError) throw new LogRangeError('invalid', error.message);
    throw error;
  }
}

/** RFC 6962 root of the first `size` leaves, from the stored tree. */
export async function rootAt(q: Queryable, size: number): Promise<Buffer> {
  const plan = checkedArgs(() => planRoot(size));
  const hashes = await fetchPlanned(q, size, plan);
  return assembled(`root of ${size}`, () => assembleRoot(plan, hashes));
}

/** Inclusion proof of leaf `index` in the tree of `size` leaves, with the leaf's hash. */
export async function inclusionAt(q: Queryable, index: number, size: number): Promise<{ leafHash: Buffer; hashes: Buffer[] }> {
  const plan = checkedArgs(() => planInclusionProof(index, size));
  const hashes = await fetchPlanned(q, size, plan, { ranges: [[index, index + 1]] });
  return assembled(`inclusion proof of ${index} in ${size}`, () => {
    const leaf = hashes.get(subtreeKey(0, index));
    if (leaf === undefined) throw new MissingSubtreeError(0, index);
    return { leafHash: Buffer.from(leaf), hashes: assembleProof(plan, hashes) };
  });
}

/** Consistency proof from the tree of `from` leaves to the tree of `to` leaves. */
export async function consistencyAt(q: Queryable, from: number, to: number): Promise<Buffer[]> {
  const plan = checkedArgs(() => planConsistencyProof(from, to));
  const hashes = await fetchPlanned(q, to, plan);
  return assembled(`consistency proof from ${from} to ${to}`, () => assembleProof(plan, hashes));
}

/**
 * Levels of the tree a {@link TreeReader} keeps in memory: level 8 (a subtree of 256 leaves,
 * an entry of a level-1 hash tile) and above, at most one hash per 128 leaves in all — 250 KB
 * for a million leaves.
 */
export const CACHED_LEVEL = TILE_HEIGHT;

/**
 * The tree as a server reads it to answer proofs: the same answers as {@link rootAt},
 * {@link inclusionAt} and {@link consistencyAt}, from one query that asks only for the hashes
 * below {@link CACHED_LEVEL} (at most eight for an inclusion proof, plus its leaf); the hashes
 * of level 8 and above are kept in memory once read.
 *
 * Keeping them is sound because a complete subtree's hash is written once, by the transaction
 * that appends its last leaf, and never changes (triggers refuse UPDATE, DELETE and TRUNCATE),
 * so the hash at (level, index) is the same in every tree that contains that subtree; and a
 * proof for size n only ever asks for subtrees that lie within the first n leaves. Hashes are
 * kept only from statements run on the database itself, outside any transaction, so each was
 * committed when read; a transaction can see its own rows before they commit, which is why
 * this reader takes a {@link Database} and never a transaction. What it keeps is checked
 * against nothing afterwards: a database owner who disables the triggers and rewrites stored
 * hashes must restart the server, as after restoring a backup.
 */
export class TreeReader {
  /** Hashes at level CACHED_LEVEL + i, by index. */
  readonly #levels: (Buffer | undefined)[][] = [];
  /** The committed tree is known to hold at least this many leaves (a tree never shrinks). */
  #knownSize = 0;

  constructor(private readonly db: Database) {}

  /** RFC 6962 root of the first `size` leaves. */
  async root(size: number): Promise<Buffer> {
    const plan = checkedArgs(() => planRoot(size));
    const hashes = await this.#fetch(size, [], plan);
    return assembled(`root of ${size}`, () => assembleRoot(plan, hashes));
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves, with the leaf's hash. */
  async inclusion(index: number, size: number): Promise<{ leafHash: Buffer; hashes: Buffer[] }> {
    const plan = checkedArgs(() => planInclusionProof(index, size));
    const hashes = await this.#fetch(size, [{ level: 0, index }], plan);
    return assembled(`inclusion proof of ${index} in ${size}`, () => {
      const leaf = hashes.get(subtreeKey(0, index));
      if (leaf === undefined) throw new MissingSubtreeError(0, index);
      return { leafHash: Buffer.from(leaf), hashes: assembleProof(plan, hashes) };
    });
  }

  /** Consistency proof from the tree of `from` leaves to the tree of `to` leaves. */
  async consistency(from: number, to: number): Promise<Buffer[]> {
    const plan = checkedArgs(() => planConsistencyProof(from, to));
    const hashes = await this.#fetch(to, [], plan);
    return assembled(`consistency proof from ${from} to ${to}`, () => assembleProof(plan, hashes));
  }

  /** Whether the committed tree holds at least `size` leaves. */
  async holds(size: number): Promise<boolean> {
    if (size <= this.#knownSize) return true;
    this.#knownSize = Math.max(this.#knownSize, await treeSize(this.db));
    return size <= this.#knownSize;
  }

  /**
   * The hashes the plans need, plus `extra`, in one query for those not kept; the query also
   * asks for leaf `size − 1` unless the tree is already known to reach `size`.
   */
  async #fetch(size: number, extra: readonly SubtreeCoord[], ...plans: readonly ProofPlan[]): Promise<SubtreeHashMap> {
    const found = new Map<string, Uint8Array>();
    const wanted: SubtreeCoord[] = [];
    for (const coord of [...requiredSubtrees(...plans), ...extra]) {
      const kept = coord.level >= CACHED_LEVEL ? this.#levels[coord.level - CACHED_LEVEL]?.[coord.index] : undefined;
      if (kept) found.set(subtreeKey(coord.level, coord.index), kept);
      else wanted.push(coord);
    }
    const confirm = size > this.#knownSize;
    if (confirm) wanted.push({ level: 0, index: size - 1 });
    if (wanted.length === 0) return found;
    for (const { level, index, hash } of await selectSubtrees(this.db, wanted)) {
      found.set(subtreeKey(level, index), hash);
      if (level >= CACHED_LEVEL) {
        // A buffer of its own: a small Buffer is a view into a shared 8 KB pool, which one
        // kept hash would otherwise keep alive.
        const own = Buffer.allocUnsafeSlow(HASH_SIZE);
        own.set(hash);
        (this.#levels[level - CACHED_LEVEL] ??= [])[index] = own;
      }
    }
    if (confirm) {
      if (!found.has(subtreeKey(0, size - 1))) throw new LogRangeError('beyond', `the log has ${await treeSize(this.db)} entries; size ${size} is beyond it`);
      this.#knownSize = Math.max(this.#knownSize, size);
    }
    return found;
  }
}

const readers = new WeakMap<Database, TreeReader>();

/** The one {@link TreeReader} of a database in this process, so every request shares what it keeps. */
export function treeReader(db: Database): TreeReader {
  let reader = readers.get(db);
  if (reader === undefined) {
    reader = new TreeReader(db);
    readers.set(db, reader);
  }
  return reader;
}

/** A hash tile's bytes (C2SP tlog-tiles), or undefined if the tree does not hold all of it. */
export async function readHashTile(q: Queryable, tile: HashTile): Promise<Buffer | undefined> {
  const first = tile.index * TILE_WIDTH;
  // One value rather than 256 rows: a tile is read for every 256 leaves a monitor catches up on.
  // (level, idx) is the primary key, so `width` rows in the range are exactly the tile.
  const { rows } = await q.query<{ n: number; hashes: string | null }>(
    "SELECT count(*) AS n, encode(string_agg(hash, ''::bytea ORDER BY idx), 'hex') AS hashes FROM log_subtree WHERE level = $1 AND idx >= $2 AND idx < $3",
    [tile.level * TILE_HEIGHT, first, first + tile.width],
  );
  const { n, hashes } = rows[0]!;
  if (n !== tile.width || hashes === null || hashes.length !== tile.width * HASH_SIZE * 2) return undefined;
  return hashHex(hashes);
}

/**
 * An entry bundle: the stored bytes of the events under a level-0 tile. Served as stored,
 * even when rows are missing: hiding a gap would hide tampering from the monitors.
 */
export async function readEntryBundle(q: Queryable, bundle: EntryBundle): Promise<Buffer> {
  const first = bundle.index * TILE_WIDTH;
  const range = [first, first + bundle.width];
  try {
    // Event bytes are UTF-8 JSON, and as text they cross the wire at half the size of hex
    // bytea; valid UTF-8 round-trips exactly. Bytes that are not valid UTF-8 (tampered with)
    // make convert_from fail, and are then read as bytea, unchanged.
    // With each row's byte length, every text is encoded once, straight into the bundle.
    const { rows } = await q.query<{ length: number; text: string }>("SELECT length(bytes) AS length, convert_from(bytes, 'UTF8') AS text FROM event WHERE idx >= $1 AND idx < $2 ORDER BY idx", range);
    const bundle = encodeTextEntryBundle(rows);
    if (bundle) return bundle;
  } catch (error) {
    if (sqlState(error) === undefined) throw error;
  }
  const { rows } = await q.query<{ bytes: Uint8Array }>('SELECT bytes FROM event WHERE idx >= $1 AND idx < $2 ORDER BY idx', range);
  return encodeEntryBundle(rows.map((r) => r.bytes));
}
