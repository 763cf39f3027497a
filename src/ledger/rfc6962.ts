/**
 * RFC 6962 / RFC 9162 Merkle tree: hashing, proof generation and proof verification.
 *
 * Proofs are generated from complete-subtree hashes only. A complete subtree at
 * `level` L and `index` i covers leaves [i·2^L, (i+1)·2^L); a log of n leaves has
 * exactly 2n − popcount(n) of them, and they never change once written, so a database
 * can store them append-only. Any hash a proof needs over the incomplete right edge
 * is folded from complete subtrees on the fly.
 *
 * Two ways to read those hashes:
 * - synchronously from a {@link SubtreeHashes} source (for example {@link MemoryTree});
 * - in one batch: plan the proof ({@link planInclusionProof}, {@link planConsistencyProof},
 *   {@link planRoot}), ask {@link requiredSubtrees} which hashes it needs, fetch them in
 *   one round trip, then {@link assembleProof} / {@link assembleRoot}. The `*Async`
 *   functions do exactly that against an {@link AsyncSubtreeHashes} source.
 *
 * Sizes and indexes are JavaScript numbers and must be safe integers (< 2^53), which
 * no log of this register will reach.
 */
import { createHash, hash, timingSafeEqual } from 'node:crypto';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  // Two hashes: one-shot hashing of a reused 65-byte buffer, a third faster than a Hash object
  // (a tree of n leaves costs n − 1 of these).
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/**
 * Merkle Tree Hash (RFC 6962 section 2.1) of a list of leaf hashes, computed directly
 * from the list: split at the largest power of two strictly below n.
 */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return Buffer.from(EMPTY_ROOT);
  const mth = (start: number, end: number): Buffer => {
    if (end - start === 1) return Buffer.from(leafHashes[start] as Uint8Array);
    const k = largestPowerOfTwoBelow(end - start);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth(0, leafHashes.length);
}

// ---------------------------------------------------------------------------
// Complete subtrees and their sources
// ---------------------------------------------------------------------------

/** Coordinates of a complete subtree: leaves [index·2^level, (index+1)·2^level). */
export interface SubtreeCoord {
  readonly level: number;
  readonly index: number;
}

/** A complete subtree with its hash, as a store writes it. */
export interface SubtreeRecord extends SubtreeCoord {
  readonly hash: Buffer;
}

/** Synchronous source of complete-subtree hashes. `get` throws if the subtree is unknown. */
export interface SubtreeHashes {
  get(level: number, index: number): Uint8Array;
}

/** Fetched hashes, keyed by {@link subtreeKey}. */
export type SubtreeHashMap = ReadonlyMap<string, Uint8Array>;

/**
 * Asynchronous, batched source of complete-subtree hashes (a database). It is asked
 * once per proof for every coordinate the proof needs and answers with a map keyed
 * by {@link subtreeKey}; a missing entry makes assembly fail with
 * {@link MissingSubtreeError}.
 */
export interface AsyncSubtreeHashes {
  getSubtrees(coords: readonly SubtreeCoord[]): Promise<SubtreeHashMap>;
}

/** Map key of a complete subtree in a {@link SubtreeHashMap}: `"<level>/<index>"`. */
export function subtreeKey(level: number, index: number): string {
  return `${level}/${index}`;
}

/** Thrown when a proof or root needs a complete-subtree hash the source does not have. */
export class MissingSubtreeError extends Error {
  readonly level: number;
  readonly index: number;
  constructor(level: number, index: number) {
    super(`complete subtree ${subtreeKey(level, index)} is not available`);
    this.name = 'MissingSubtreeError';
    this.level = level;
    this.index = index;
  }
}

/**
 * The complete subtrees that make up the leaf range [start, end), largest first.
 * `start` must be a multiple of a power of two at least `end − start`, which holds for
 * every range RFC 6962's recursion produces.
 */
export function rangeSubtrees(start: number, end: number): SubtreeCoord[] {
  const coords: SubtreeCoord[] = [];
  let position = start;
  for (let width = highestPowerOfTwoAtMost(end - start); width >= 1; width /= 2) {
    if (position + width <= end) {
      if (position % width !== 0) throw new RangeError(`leaf range [${start}, ${end}) is not aligned to complete subtrees`);
      coords.push({ level: log2(width), index: position / width });
      position += width;
    }
  }
  return coords;
}

/** Number of complete subtrees a log of `size` leaves stores: 2n − popcount(n). */
export function storedHashCount(size: number): number {
  assertSize(size, 'size');
  return 2 * size - popcount(size);
}

// ---------------------------------------------------------------------------
// Proof generation, synchronous (straight RFC 6962 recursion)
// ---------------------------------------------------------------------------

/** Root hash of the first `size` leaves, from complete-subtree hashes. */
export function rootHash(source: SubtreeHashes, size: number): Buffer {
  assertSize(size, 'size');
  return size === 0 ? Buffer.from(EMPTY_ROOT) : rangeHash(source, 0, size);
}

/**
 * Inclusion proof (RFC 6962 PATH, RFC 9162 section 2.1.3.1) for leaf `index` in the
 * tree of `size` leaves, deepest sibling first.
 */
export function inclusionProof(source: SubtreeHashes, index: number, size: number): Buffer[] {
  assertInclusionArgs(index, size);
  const path = (m: number, start: number, n: number): Buffer[] => {
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...path(m, start, k), rangeHash(source, start + k, start + n)]
      : [...path(m - k, start + k, n - k), rangeHash(source, start, start + k)];
  };
  return path(index, 0, size);
}

/**
 * Consistency proof (RFC 6962 PROOF, RFC 9162 section 2.1.4.1) from the tree of `size1`
 * leaves to the tree of `size2` leaves. Equal sizes give an empty proof; size1 = 0 is
 * refused because no verifier accepts a proof from the empty tree.
 */
export function consistencyProof(source: SubtreeHashes, size1: number, size2: number): Buffer[] {
  assertConsistencyArgs(size1, size2);
  const subproof = (m: number, start: number, n: number, whole: boolean): Buffer[] => {
    if (m === n) return whole ? [] : [rangeHash(source, start, start + n)];
    const k = largestPowerOfTwoBelow(n);
    return m <= k
      ? [...subproof(m, start, k, whole), rangeHash(source, start + k, start + n)]
      : [...subproof(m - k, start + k, n - k, false), rangeHash(source, start, start + k)];
  };
  return subproof(size1, 0, size2, true);
}

function rangeHash(source: SubtreeHashes, start: number, end: number): Buffer {
  const width = end - start;
  if (isPowerOfTwo(width)) return Buffer.from(readSubtree(source, log2(width), start / width));
  const k = largestPowerOfTwoBelow(width);
  return nodeHash(rangeHash(source, start, start + k), rangeHash(source, start + k, end));
}

function readSubtree(source: SubtreeHashes, level: number, index: number): Uint8Array {
  const hash = source.get(level, index);
  if (hash.length !== HASH_SIZE) throw new MissingSubtreeError(level, index);
  return hash;
}

// ---------------------------------------------------------------------------
// Proof generation, batched: plan → requiredSubtrees → fetch → assemble
// ---------------------------------------------------------------------------

/** A leaf range [start, end) whose Merkle Tree Hash is one element of a proof. */
export type LeafRange = readonly [start: number, end: number];

/**
 * What a proof or root consists of: one Merkle Tree Hash per range, in proof order.
 * Plans hold no hashes, so they can be computed before touching storage.
 */
export interface ProofPlan {
  readonly ranges: readonly LeafRange[];
}

/** Plan of the root hash of the first `size` leaves (no ranges for the empty tree). */
export function planRoot(size: number): ProofPlan {
  assertSize(size, 'size');
  return { ranges: size === 0 ? [] : [[0, size]] };
}

/** Plan of the inclusion proof of leaf `index` in the tree of `size` leaves. */
export function planInclusionProof(index: number, size: number): ProofPlan {
  assertInclusionArgs(index, size);
  const ranges: LeafRange[] = [];
  let m = index;
  let start = 0;
  let n = size;
  // Walk down from the root; collecting siblings top-down, then reversing, gives RFC order.
  while (n > 1) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      ranges.push([start + k, start + n]);
      n = k;
    } else {
      ranges.push([start, start + k]);
      m -= k;
      start += k;
      n -= k;
    }
  }
  return { ranges: ranges.reverse() };
}

/** Plan of the consistency proof from `size1` leaves to `size2` leaves. */
export function planConsistencyProof(size1: number, size2: number): ProofPlan {
  assertConsistencyArgs(size1, size2);
  const ranges: LeafRange[] = [];
  let m = size1;
  let start = 0;
  let n = size2;
  let whole = true;
  while (m !== n) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      ranges.push([start + k, start + n]);
      n = k;
    } else {
      ranges.push([start, start + k]);
      m -= k;
      start += k;
      n -= k;
      whole = false;
    }
  }
  if (!whole) ranges.push([start, start + n]);
  return { ranges: ranges.reverse() };
}

/**
 * Every complete subtree the given plans need, each once. Pass several plans (say a
 * consistency proof and the new root) to fetch everything in one round trip.
 */
export function requiredSubtrees(...plans: readonly ProofPlan[]): SubtreeCoord[] {
  const seen = new Map<string, SubtreeCoord>();
  for (const plan of plans) {
    for (const [start, end] of plan.ranges) {
      for (const coord of rangeSubtrees(start, end)) seen.set(subtreeKey(coord.level, coord.index), coord);
    }
  }
  return [...seen.values()];
}

/** Builds the proof a plan describes from fetched complete-subtree hashes. */
export function assembleProof(plan: ProofPlan, hashes: SubtreeHashMap): Buffer[] {
  return plan.ranges.map(([start, end]) => foldRange(start, end, hashes));
}

/** Builds the root a {@link planRoot} plan describes from fetched complete-subtree hashes. */
export function assembleRoot(plan: ProofPlan, hashes: SubtreeHashMap): Buffer {
  const [range, ...rest] = plan.ranges;
  if (range === undefined) return Buffer.from(EMPTY_ROOT);
  if (rest.length > 0) throw new TypeError('assembleRoot expects a plan from planRoot');
  return foldRange(range[0], range[1], hashes);
}

function foldRange(start: number, end: number, hashes: SubtreeHashMap): Buffer {
  const parts = rangeSubtrees(start, end).map(({ level, index }) => {
    const hash = hashes.get(subtreeKey(level, index));
    if (hash === undefined || hash.length !== HASH_SIZE) throw new MissingSubtreeError(level, index);
    return hash;
  });
  // The right edge is folded right to left, as MTH splits off the largest left subtree first.
  let acc: Buffer = Buffer.from(parts[parts.length - 1] as Uint8Array);
  for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(parts[i] as Uint8Array, acc);
  return acc;
}

/** Root hash of the first `size` leaves, read from the source in one batch. */
export async function rootHashAsync(source: AsyncSubtreeHashes, size: number): Promise<Buffer> {
  const plan = planRoot(size);
  return assembleRoot(plan, await fetchFor(source, plan));
}

/** Inclusion proof of leaf `index` in the tree of `size` leaves, read in one batch. */
export async function inclusionProofAsync(source: AsyncSubtreeHashes, index: number, size: number): Promise<Buffer[]> {
  const plan = planInclusionProof(index, size);
  return assembleProof(plan, await fetchFor(source, plan));
}

/** Consistency proof from `size1` to `size2` leaves, read in one batch. */
export async function consistencyProofAsync(source: AsyncSubtreeHashes, size1: number, size2: number): Promise<Buffer[]> {
  const plan = planConsistencyProof(size1, size2);
  return assembleProof(plan, await fetchFor(source, plan));
}

async function fetchFor(source: AsyncSubtreeHashes, plan: ProofPlan): Promise<SubtreeHashMap> {
  const coords = requiredSubtrees(plan);
  return coords.length === 0 ? new Map() : source.getSubtrees(coords);
}

// ---------------------------------------------------------------------------
// Appending
// ---------------------------------------------------------------------------

/**
 * The complete subtrees a store must read before appending to a log of `size` leaves:
 * the right frontier, one subtree per set bit of `size`.
 */
export function planAppend(size: number): SubtreeCoord[] {
  assertSize(size, 'size');
  return size === 0 ? [] : rangeSubtrees(0, size);
}

/** What appending leaves produced: the subtrees to store and the new root. */
export interface AppendResult {
  /** Every complete subtree that the new leaves completed, level-0 leaves included. */
  readonly subtrees: SubtreeRecord[];
  readonly size: number;
  readonly root: Buffer;
}

/**
 * Appends leaf hashes to a log of `size` leaves whose frontier ({@link planAppend}) was
 * fetched into `frontier`. Returns exactly the new complete subtrees, so a store can
 * insert them in one statement.
 */
export function appendLeaves(size: number, frontier: SubtreeHashMap, newLeafHashes: readonly Uint8Array[]): AppendResult {
  const stack: SubtreeRecord[] = planAppend(size).map(({ level, index }) => {
    const hash = frontier.get(subtreeKey(level, index));
    if (hash === undefined || hash.length !== HASH_SIZE) throw new MissingSubtreeError(level, index);
    return { level, index, hash: Buffer.from(hash) };
  });
  const subtrees: SubtreeRecord[] = [];
  let next = size;
  for (const leaf of newLeafHashes) {
    if (leaf.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    let top: SubtreeRecord = { level: 0, index: next, hash: Buffer.from(leaf) };
    subtrees.push(top);
    let left = stack[stack.length - 1];
    while (left !== undefined && left.level === top.level) {
      stack.pop();
      top = { level: top.level + 1, index: left.index / 2, hash: nodeHash(left.hash, top.hash) };
      subtrees.push(top);
      left = stack[stack.length - 1];
    }
    stack.push(top);
    next += 1;
  }
  let root = stack.length === 0 ? Buffer.from(EMPTY_ROOT) : (stack[stack.length - 1] as SubtreeRecord).hash;
  for (let i = stack.length - 2; i >= 0; i--) root = nodeHash((stack[i] as SubtreeRecord).hash, root);
  return { subtrees, size: next, root };
}

/**
 * The right frontier of a tree that grows a leaf at a time (one complete-subtree hash per set
 * bit of its size), for a reader that needs the root after many leaves but not the subtrees
 * in between — a monitor catching up. {@link appendLeaves} gives the same roots and also
 * every new subtree, for a store that keeps them.
 */
export class TreeFrontier {
  /** Frontier hashes, largest (leftmost) subtree first. */
  readonly #stack: Buffer[];
  #size: number;

  /** The frontier of a tree of `size` leaves, from its {@link planAppend} subtrees. */
  constructor(size = 0, frontier: SubtreeHashMap = new Map()) {
    this.#stack = planAppend(size).map(({ level, index }) => {
      const found = frontier.get(subtreeKey(level, index));
      if (found === undefined || found.length !== HASH_SIZE) throw new MissingSubtreeError(level, index);
      return Buffer.from(found);
    });
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash. */
  append(leaf: Uint8Array): void {
    if (leaf.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    let top: Buffer = Buffer.from(leaf);
    // Each trailing set bit of the size is a subtree of the same height as the one growing.
    for (let n = this.#size; n % 2 === 1; n = (n - 1) / 2) top = nodeHash(this.#stack.pop() as Buffer, top);
    this.#stack.push(top);
    this.#size += 1;
  }

  /** The root of the tree as it stands (the empty tree's root for no leaves). */
  root(): Buffer {
    if (this.#stack.length === 0) return Buffer.from(EMPTY_ROOT);
    let root = this.#stack[this.#stack.length - 1] as Buffer;
    for (let i = this.#stack.length - 2; i >= 0; i--) root = nodeHash(this.#stack[i] as Buffer, root);
    return Buffer.from(root);
  }

  /** The frontier as complete subtrees, in {@link planAppend} order. */
  subtrees(): SubtreeRecord[] {
    return planAppend(this.#size).map(({ level, index }, i) => ({ level, index, hash: Buffer.from(this.#stack[i] as Buffer) }));
  }
}

// ---------------------------------------------------------------------------
// In-memory tree
// ---------------------------------------------------------------------------

/**
 * An append-only Merkle tree held in memory. It stores exactly the complete-subtree
 * hashes (2n − popcount(n) of them), the same layout a database uses, and serves as
 * both a synchronous and an asynchronous hash source.
 */
export class MemoryTree implements SubtreeHashes, AsyncSubtreeHashes {
  readonly #levels: Buffer[][] = [];
  #size = 0;

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Number of complete-subtree hashes held. */
  get storedHashCount(): number {
    return this.#levels.reduce((sum, level) => sum + level.length, 0);
  }

  /** Appends a leaf hash (not leaf data) and returns its index. */
  append(leaf: Uint8Array): number {
    if (leaf.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    const leafIndex = this.#size;
    let level = 0;
    let index = leafIndex;
    let hash: Buffer = Buffer.from(leaf);
    this.#levelArray(0).push(hash);
    while (index % 2 === 1) {
      hash = nodeHash(this.#levelArray(level)[index - 1] as Buffer, hash);
      level += 1;
      index = (index - 1) / 2;
      this.#levelArray(level).push(hash);
    }
    this.#size += 1;
    return leafIndex;
  }

  get(level: number, index: number): Buffer {
    const hash = this.#levels[level]?.[index];
    if (hash === undefined) throw new MissingSubtreeError(level, index);
    return hash;
  }

  async getSubtrees(coords: readonly SubtreeCoord[]): Promise<SubtreeHashMap> {
    const found = new Map<string, Buffer>();
    for (const { level, index } of coords) {
      const hash = this.#levels[level]?.[index];
      if (hash !== undefined) found.set(subtreeKey(level, index), hash);
    }
    return found;
  }

  /** Root of the first `size` leaves (default: all). */
  root(size: number = this.#size): Buffer {
    this.#assertWithin(size);
    return rootHash(this, size);
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves (default: all). */
  inclusionProof(index: number, size: number = this.#size): Buffer[] {
    this.#assertWithin(size);
    return inclusionProof(this, index, size);
  }

  /** Consistency proof from `size1` leaves to `size2` leaves (default: all). */
  consistencyProof(size1: number, size2: number = this.#size): Buffer[] {
    this.#assertWithin(size2);
    return consistencyProof(this, size1, size2);
  }

  #levelArray(level: number): Buffer[] {
    let hashes = this.#levels[level];
    if (hashes === undefined) {
      hashes = [];
      this.#levels[level] = hashes;
    }
    return hashes;
  }

  #assertWithin(size: number): void {
    if (size > this.#size) throw new RangeError(`tree has ${this.#size} leaves, not ${size}`);
  }
}

// ---------------------------------------------------------------------------
// Verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2)
// ---------------------------------------------------------------------------

/**
 * Verifies an inclusion proof (RFC 9162 section 2.1.3.2). Rejects an index outside the
 * tree (so any proof against the empty tree), a leaf hash, root or proof element that
 * is not 32 bytes, a proof of the wrong length, and any changed hash.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSafeCount(index) || !isSafeCount(size) || index >= size) return false;
  if (leaf.length !== HASH_SIZE || root.length !== HASH_SIZE || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashesEqual(r, root);
}

/**
 * Verifies a consistency proof (RFC 9162 section 2.1.4.2) from (`size1`, `root1`) to
 * (`size2`, `root2`).
 *
 * Policy, matching transparency-dev/merkle's golden probes: a proof from the empty tree
 * is rejected, even 0 → 0, because it proves nothing (it once verified against any
 * tree); equal sizes verify exactly when the proof is empty and the two roots are the
 * same bytes.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isSafeCount(size1) || !isSafeCount(size2) || size1 === 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && hashesEqual(root1, root2);
  if (proof.length === 0 || root1.length !== HASH_SIZE || root2.length !== HASH_SIZE || !proof.every(isHash)) {
    return false;
  }
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashesEqual(fr, root1) && hashesEqual(sr, root2);
}

// ---------------------------------------------------------------------------
// Integer helpers: plain arithmetic, because bitwise operators truncate to 32 bits.
// ---------------------------------------------------------------------------

function isSafeCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function assertSize(size: number, name: string): void {
  if (!isSafeCount(size)) throw new RangeError(`${name} must be a non-negative safe integer, got ${size}`);
}

function assertInclusionArgs(index: number, size: number): void {
  assertSize(index, 'index');
  assertSize(size, 'size');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
}

function assertConsistencyArgs(size1: number, size2: number): void {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  if (size1 === 0) throw new RangeError('no consistency proof exists from the empty tree');
  if (size1 > size2) throw new RangeError(`size1 ${size1} exceeds size2 ${size2}`);
}

function isHash(h: Uint8Array): boolean {
  return h.length === HASH_SIZE;
}

function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && highestPowerOfTwoAtMost(n) === n;
}

function highestPowerOfTwoAtMost(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

function largestPowerOfTwoBelow(n: number): number {
  return highestPowerOfTwoAtMost(n - 1);
}

function log2(powerOfTwo: number): number {
  let level = 0;
  for (let p = powerOfTwo; p > 1; p /= 2) level += 1;
  return level;
}

function popcount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = half(rest)) count += rest % 2;
  return count;
}
