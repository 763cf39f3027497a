import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  EMPTY_ROOT,
  MemoryTree,
  MissingSubtreeError,
  appendLeaves,
  assembleProof,
  assembleRoot,
  consistencyProof,
  consistencyProofAsync,
  inclusionProof,
  inclusionProofAsync,
  leafHash,
  merkleRoot,
  nodeHash,
  planAppend,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
  requiredSubtrees,
  rootHashAsync,
  storedHashCount,
  subtreeKey,
  TreeFrontier,
  verifyConsistency,
  verifyInclusion,
} from './rfc6962.ts';
import type { AsyncSubtreeHashes, SubtreeCoord, SubtreeHashMap } from './rfc6962.ts';
import { b64, hex, vectors } from './testdata/vectors.ts';
import type { ConsistencyVector, InclusionVector } from './testdata/vectors.ts';

const toHex = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('hex'));
const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

function treeOf(leafHashes: readonly Uint8Array[]): MemoryTree {
  const tree = new MemoryTree();
  for (const leaf of leafHashes) tree.append(leaf);
  return tree;
}

const classic = vectors.rfc6962_classic_8_leaf_tree;
const classicTree = treeOf(classic.leaf_inputs_hex.map((h) => leafHash(hex(h))));

// The plants tree: 130 leaves, leaf input i is the single byte i.
const plants = vectors.plants_mtc_accumulated_vectors;
const plantsLeaves = Array.from({ length: 130 }, (_, i) => leafHash(Buffer.from([i])));
const plantsTree = treeOf(plantsLeaves);

function checkInclusionVector(tree: MemoryTree, v: InclusionVector): void {
  assert.deepEqual(toHex(tree.inclusionProof(v.index, v.size)), v.proof, `generated proof ${v.index}/${v.size}`);
  assert.equal(tree.get(0, v.index).toString('hex'), v.leafHash);
  assert.equal(tree.root(v.size).toString('hex'), v.root);
  assert.ok(verifyInclusion(v.index, v.size, hex(v.leafHash), v.proof.map(hex), hex(v.root)), `verify ${v.index}/${v.size}`);
}

function checkConsistencyVector(tree: MemoryTree, v: ConsistencyVector): void {
  assert.deepEqual(toHex(tree.consistencyProof(v.size1, v.size2)), v.proof, `generated proof ${v.size1}→${v.size2}`);
  assert.equal(tree.root(v.size1).toString('hex'), v.root1);
  assert.equal(tree.root(v.size2).toString('hex'), v.root2);
  assert.ok(verifyConsistency(v.size1, v.size2, v.proof.map(hex), hex(v.root1), hex(v.root2)), `verify ${v.size1}→${v.size2}`);
}

test('hash primitives match transparency-dev/merkle and Go sumdb', () => {
  for (const v of vectors.rfc6962_hasher_primitives.vectors) {
    const got =
      v.op === 'empty_root'
        ? EMPTY_ROOT
        : v.op === 'leaf_hash'
          ? leafHash(v.input_hex !== undefined ? hex(v.input_hex) : Buffer.from(v.input_ascii ?? '', 'ascii'))
          : nodeHash(Buffer.from(v.left_ascii ?? '', 'ascii'), Buffer.from(v.right_ascii ?? '', 'ascii'));
    assert.equal(got.toString('hex'), v.want, v.desc);
  }
  for (const v of vectors.rfc6962_hasher_primitives.also) {
    assert.equal(leafHash(Buffer.from(v.input_ascii, 'ascii')).toString('base64'), v.want_base64, v.desc);
  }
});

test('the classic 8-leaf tree stores exactly its published node hashes', () => {
  classic.node_hashes_by_level.forEach((hashes, level) => {
    hashes.forEach((want, index) => assert.equal(classicTree.get(level, index).toString('hex'), want, `${level}/${index}`));
  });
  assert.throws(() => classicTree.get(3, 1), MissingSubtreeError);
  assert.throws(() => classicTree.get(4, 0), MissingSubtreeError);
});

test('roots of the classic tree for sizes 0 to 8', () => {
  const leaves = classic.leaf_inputs_hex.map((h) => leafHash(hex(h)));
  classic.roots_by_size_0_to_8.forEach((want, size) => {
    assert.equal(classicTree.root(size).toString('hex'), want, `tree root ${size}`);
    assert.equal(merkleRoot(leaves.slice(0, size)).toString('hex'), want, `list root ${size}`);
  });
});

test('classic inclusion and consistency proofs, published and derived, are reproduced and verify', () => {
  for (const v of classic.inclusion_proofs) checkInclusionVector(classicTree, v);
  for (const v of classic.consistency_proofs) checkConsistencyVector(classicTree, v);
});

test('transparency-dev golden inclusion probes are accepted or rejected as marked', () => {
  for (const p of vectors.transparency_dev_golden_probes.inclusion) {
    const ok = verifyInclusion(p.leafIdx, p.treeSize, b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root));
    assert.equal(ok, !p.wantErr, `${p.file}: ${p.desc}`);
  }
});

test('transparency-dev golden consistency probes are accepted or rejected as marked', () => {
  for (const p of vectors.transparency_dev_golden_probes.consistency) {
    const ok = verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), b64(p.root1), b64(p.root2));
    assert.equal(ok, !p.wantErr, `${p.file}: ${p.desc}`);
  }
});

test('roots for sizes 0 to 130 match the derived list and its digest', () => {
  const derived = plants.derived_restricted_to_plain_log;
  let lines = '';
  derived.roots_by_size_0_to_130.forEach((want, size) => {
    const root = plantsTree.root(size).toString('hex');
    assert.equal(root, want, `root ${size}`);
    assert.equal(merkleRoot(plantsLeaves.slice(0, size)).toString('hex'), want);
    lines += `[0, ${size}) ${root}\n`;
  });
  assert.equal(sha256Hex(lines), derived.roots_digest.want);
});

test('all 8,515 inclusion proofs up to size 130 reproduce the digest and verify', () => {
  const derived = plants.derived_restricted_to_plain_log;
  let lines = '';
  let count = 0;
  for (let size = 1; size <= 130; size++) {
    const root = plantsTree.root(size);
    for (let index = 0; index < size; index++) {
      const proof = plantsTree.inclusionProof(index, size);
      assert.ok(verifyInclusion(index, size, plantsLeaves[index] as Buffer, proof, root), `${index}/${size}`);
      lines += `${index} [0, ${size})${toHex(proof).map((h) => ` ${h}`).join('')}\n`;
      count++;
    }
  }
  assert.equal(count, derived.inclusion_digest.count);
  assert.equal(sha256Hex(lines), derived.inclusion_digest.want);
});

test('all 8,515 consistency proofs up to size 130 reproduce the digest and verify', () => {
  const derived = plants.derived_restricted_to_plain_log;
  let lines = '';
  let count = 0;
  for (let size2 = 1; size2 <= 130; size2++) {
    const root2 = plantsTree.root(size2);
    for (let size1 = 1; size1 <= size2; size1++) {
      const proof = plantsTree.consistencyProof(size1, size2);
      assert.ok(verifyConsistency(size1, size2, proof, plantsTree.root(size1), root2), `${size1}→${size2}`);
      lines += `[0, ${size1}) ${size2}${toHex(proof).map((h) => ` ${h}`).join('')}\n`;
      count++;
    }
  }
  assert.equal(count, derived.consistency_digest.count);
  assert.equal(sha256Hex(lines), derived.consistency_digest.want);
});

test('spot proofs on the 130-leaf tree are reproduced and verify', () => {
  const derived = plants.derived_restricted_to_plain_log;
  for (const v of derived.spot_inclusion_proofs_size_130) checkInclusionVector(plantsTree, v);
  for (const v of derived.spot_consistency_proofs) checkConsistencyVector(plantsTree, v);
});

test('published subtree hash and subtree inclusion digests (draft-ietf-plants) are reproduced', () => {
  // Subtree [start, end) of the 130-leaf tree is valid when start is aligned to bit_ceil(end − start).
  const bitCeil = (n: number): number => {
    let p = 1;
    while (p < n) p *= 2;
    return p;
  };
  const valid = (start: number, end: number): boolean => start === 0 || start === end || start % bitCeil(end - start) === 0;
  let hashLines = '';
  let inclusionLines = '';
  for (let end = 0; end <= 130; end++) {
    for (let start = 0; start <= end; start++) {
      if (!valid(start, end)) continue;
      const slice = plantsLeaves.slice(start, end);
      hashLines += `[${start}, ${end}) ${merkleRoot(slice).toString('hex')}\n`;
      if (start === end) continue;
      const subtree = treeOf(slice);
      for (let index = start; index < end; index++) {
        inclusionLines += `${index} [${start}, ${end})${toHex(subtree.inclusionProof(index - start)).map((h) => ` ${h}`).join('')}\n`;
      }
    }
  }
  assert.equal(sha256Hex(hashLines), plants.published.subtree_hash_digest.want);
  assert.equal(sha256Hex(inclusionLines), plants.published.subtree_inclusion_digest.want);
});

test('generation refuses impossible requests', () => {
  assert.throws(() => classicTree.inclusionProof(8, 8), RangeError);
  assert.throws(() => classicTree.inclusionProof(0, 0), RangeError);
  assert.throws(() => classicTree.consistencyProof(0, 8), RangeError);
  assert.throws(() => classicTree.consistencyProof(5, 4), RangeError);
  assert.throws(() => classicTree.root(9), RangeError);
  assert.throws(() => planInclusionProof(-1, 4), RangeError);
  assert.throws(() => planRoot(1.5), RangeError);
});

test('a batched source that lacks a hash makes assembly fail, naming the subtree', async () => {
  const forgetful: AsyncSubtreeHashes = {
    async getSubtrees(coords: readonly SubtreeCoord[]): Promise<SubtreeHashMap> {
      const all = await classicTree.getSubtrees(coords);
      return new Map([...all].filter(([key]) => key !== subtreeKey(2, 1)));
    },
  };
  await assert.rejects(inclusionProofAsync(forgetful, 0, 8), (error: unknown) => {
    return error instanceof MissingSubtreeError && error.level === 2 && error.index === 1;
  });
  assert.equal((await rootHashAsync(forgetful, 0)).toString('hex'), classic.roots_by_size_0_to_8[0]);
});

// ---------------------------------------------------------------------------
// Properties over trees up to 2,000 leaves
// ---------------------------------------------------------------------------

const MAX = 2000;
const bigLeaves = Array.from({ length: MAX }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const bigTree = treeOf(bigLeaves);
const bigRoots = Array.from({ length: MAX + 1 }, (_, size) => bigTree.root(size));
const runs = { numRuns: 300 };

const popcount = (n: number): number => [...n.toString(2)].filter((bit) => bit === '1').length;

const leafInTree = fc
  .integer({ min: 1, max: MAX })
  .chain((size) => fc.record({ size: fc.constant(size), index: fc.integer({ min: 0, max: size - 1 }) }));
const sizePair = fc
  .integer({ min: 1, max: MAX })
  .chain((size2) => fc.record({ size1: fc.integer({ min: 1, max: size2 }), size2: fc.constant(size2) }));

function flipBit(hash: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(hash);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

test('a log of n leaves stores exactly 2n − popcount(n) hashes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 700 }), (n) => {
      const tree = treeOf(bigLeaves.slice(0, n));
      assert.equal(tree.storedHashCount, 2 * n - popcount(n));
      assert.equal(storedHashCount(n), 2 * n - popcount(n));
    }),
    { numRuns: 60 },
  );
  assert.equal(bigTree.storedHashCount, 2 * MAX - popcount(MAX));
});

test('roots from stored subtrees equal the root computed from the leaf list', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: MAX }), (size) => {
      assert.deepEqual(bigRoots[size], merkleRoot(bigLeaves.slice(0, size)));
    }),
    { numRuns: 100 },
  );
});

test('inclusion proofs from MemoryTree verify, and every single tampering is rejected', () => {
  fc.assert(
    fc.property(leafInTree, fc.nat(), fc.nat(255), fc.integer({ min: 1, max: MAX }), ({ size, index }, pick, bit, other) => {
      const leaf = bigLeaves[index] as Buffer;
      const root = bigRoots[size] as Buffer;
      const proof = bigTree.inclusionProof(index, size);
      assert.ok(verifyInclusion(index, size, leaf, proof, root));

      // A changed hash: the leaf, the root or one proof element.
      const target = pick % (proof.length + 2);
      if (target === proof.length) assert.ok(!verifyInclusion(index, size, flipBit(leaf, bit), proof, root));
      else if (target === proof.length + 1) assert.ok(!verifyInclusion(index, size, leaf, proof, flipBit(root, bit)));
      else {
        const changed = proof.map((h, i) => (i === target ? flipBit(h, bit) : h));
        assert.ok(!verifyInclusion(index, size, leaf, changed, root));
      }
      // An extra hash anywhere, or a missing one.
      const extra = [...proof];
      extra.splice(pick % (proof.length + 1), 0, randomBytes(32));
      assert.ok(!verifyInclusion(index, size, leaf, extra, root));
      if (proof.length > 0) {
        assert.ok(!verifyInclusion(index, size, leaf, proof.filter((_, i) => i !== pick % proof.length), root));
      }
      // Another index in the same tree, or the same index in another tree (with that tree's root).
      const otherIndex = other % size;
      if (otherIndex !== index) assert.ok(!verifyInclusion(otherIndex, size, leaf, proof, root));
      if (other !== size && index < other) assert.ok(!verifyInclusion(index, other, leaf, proof, bigRoots[other] as Buffer));
      assert.ok(!verifyInclusion(size, size, leaf, proof, root));
    }),
    runs,
  );
});

test('consistency proofs from MemoryTree verify, and every single tampering is rejected', () => {
  fc.assert(
    fc.property(sizePair, fc.nat(), fc.nat(255), fc.integer({ min: 1, max: MAX }), ({ size1, size2 }, pick, bit, other) => {
      const root1 = bigRoots[size1] as Buffer;
      const root2 = bigRoots[size2] as Buffer;
      const proof = bigTree.consistencyProof(size1, size2);
      assert.ok(verifyConsistency(size1, size2, proof, root1, root2));

      const target = pick % (proof.length + 2);
      if (target === proof.length) assert.ok(!verifyConsistency(size1, size2, proof, flipBit(root1, bit), root2));
      else if (target === proof.length + 1) assert.ok(!verifyConsistency(size1, size2, proof, root1, flipBit(root2, bit)));
      else {
        const changed = proof.map((h, i) => (i === target ? flipBit(h, bit) : h));
        assert.ok(!verifyConsistency(size1, size2, changed, root1, root2));
      }
      const extra = [...proof];
      extra.splice(pick % (proof.length + 1), 0, randomBytes(32));
      assert.ok(!verifyConsistency(size1, size2, extra, root1, root2));
      if (proof.length > 0) {
        assert.ok(!verifyConsistency(size1, size2, proof.filter((_, i) => i !== pick % proof.length), root1, root2));
      }
      // Other sizes, each with its own true root.
      if (other !== size1 && other <= size2) assert.ok(!verifyConsistency(other, size2, proof, bigRoots[other] as Buffer, root2));
      if (other !== size2 && other >= size1) assert.ok(!verifyConsistency(size1, other, proof, root1, bigRoots[other] as Buffer));
      assert.ok(!verifyConsistency(0, size2, proof, EMPTY_ROOT, root2));
    }),
    runs,
  );
});

test('proofs planned, fetched in one batch and assembled equal the in-memory ones', async () => {
  let batches = 0;
  const counting: AsyncSubtreeHashes = {
    getSubtrees(coords) {
      batches++;
      return bigTree.getSubtrees(coords);
    },
  };
  await fc.assert(
    fc.asyncProperty(leafInTree, sizePair, async ({ size, index }, { size1, size2 }) => {
      batches = 0;
      assert.deepEqual(await inclusionProofAsync(counting, index, size), inclusionProof(bigTree, index, size));
      assert.deepEqual(await consistencyProofAsync(counting, size1, size2), consistencyProof(bigTree, size1, size2));
      assert.deepEqual(await rootHashAsync(counting, size), bigRoots[size]);
      assert.ok(batches <= 3, 'one round trip per proof');

      // Several plans share one fetch.
      const plans = [planConsistencyProof(size1, size2), planRoot(size2), planInclusionProof(index, size)] as const;
      const fetched = await bigTree.getSubtrees(requiredSubtrees(...plans));
      assert.deepEqual(assembleProof(plans[0], fetched), consistencyProof(bigTree, size1, size2));
      assert.deepEqual(assembleRoot(plans[1], fetched), bigRoots[size2]);
      assert.deepEqual(assembleProof(plans[2], fetched), inclusionProof(bigTree, index, size));
    }),
    { numRuns: 200 },
  );
});

test('appending in batches against a stored frontier writes exactly the MemoryTree subtrees', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }), (batchSizes) => {
      const stored = new Map<string, Buffer>();
      let size = 0;
      for (const count of batchSizes) {
        const frontier = new Map<string, Buffer>();
        for (const { level, index } of planAppend(size)) {
          const key = subtreeKey(level, index);
          frontier.set(key, stored.get(key) as Buffer);
        }
        const result = appendLeaves(size, frontier, bigLeaves.slice(size, size + count));
        for (const { level, index, hash } of result.subtrees) {
          const key = subtreeKey(level, index);
          assert.ok(!stored.has(key), `subtree ${key} written twice`);
          stored.set(key, hash);
        }
        size = result.size;
        assert.deepEqual(result.root, bigRoots[size]);
      }
      assert.equal(stored.size, 2 * size - popcount(size));
      for (const [key, hash] of stored) {
        const [level, index] = key.split('/').map(Number) as [number, number];
        assert.deepEqual(hash, bigTree.get(level, index));
      }
    }),
    { numRuns: 100 },
  );
});

test('node hashes equal SHA-256(0x01 ‖ left ‖ right), call after call', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 80 }), (left, right, other) => {
      const want = createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
      const first = nodeHash(left, right);
      // A second pair in between must not change the first answer or the next one.
      nodeHash(right, left);
      assert.deepEqual(first, want);
      assert.deepEqual(nodeHash(left, right), want);
      // Inputs that are not 32 bytes are hashed the same way.
      assert.deepEqual(nodeHash(other, left), createHash('sha256').update(Buffer.from([1])).update(other).update(left).digest());
    }),
    { numRuns: 200 },
  );
});

test('a tree frontier grown a leaf at a time has the roots and frontier appendLeaves has, also when resumed from a saved frontier', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 }), (batchSizes) => {
      let frontier = new TreeFrontier();
      assert.deepEqual(frontier.root(), EMPTY_ROOT);
      for (const count of batchSizes) {
        const size = frontier.size;
        if (size + count > MAX) break;
        for (const leaf of bigLeaves.slice(size, size + count)) frontier.append(leaf);
        assert.equal(frontier.size, size + count);
        assert.deepEqual(frontier.root(), bigRoots[size + count]);
        const saved = frontier.subtrees();
        assert.deepEqual(
          saved.map(({ level, index }) => ({ level, index })),
          planAppend(size + count),
        );
        for (const { level, index, hash } of saved) assert.deepEqual(hash, bigTree.get(level, index));
        // A monitor's next run starts from the saved frontier alone.
        frontier = new TreeFrontier(size + count, new Map(saved.map((s) => [subtreeKey(s.level, s.index), s.hash])));
        assert.deepEqual(frontier.root(), bigRoots[size + count]);
      }
    }),
    { numRuns: 100 },
  );
  assert.throws(() => new TreeFrontier(5, new Map()), MissingSubtreeError);
  assert.throws(() => new TreeFrontier().append(Buffer.alloc(31)), RangeError);
});
