import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { backends, scratchServerDatabase, type Backend } from './support/backends.ts';
import { aFacility } from './support/factories.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { openCheckpoint } from '../src/ledger/checkpoint.ts';
import { cosignatureVerifier, cosigner, cosignerVerifierKey, cosignCheckpoint } from '../src/ledger/cosignature.ts';
import { ed25519KeyPair } from '../src/ledger/ed25519.ts';
import { MemoryTree, storedHashCount, verifyConsistency, verifyInclusion } from '../src/ledger/rfc6962.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, ed25519VerifierKeyOf, generateEd25519NoteKey } from '../src/ledger/signed-note.ts';
import { CosignatureRefused, ForkError, servedCheckpoint, signLatestCheckpoint, storeCosignatures } from '../src/store/checkpoints.ts';
import type { Database, Queryable } from '../src/store/database.ts';
import { verifyLog } from '../src/store/log-verify.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { catchUpTree, consistencyAt, growTree, inclusionAt, LogRangeError, rootAt, storedSubtreeCount, TreeReader, treeSize } from '../src/store/tree-store.ts';

class RollBack extends Error {}

/** Run `work` in a transaction that is always rolled back, so each property run starts from an empty tree. */
async function inScratch(db: Database, work: (tx: Queryable) => Promise<void>): Promise<void> {
  await db
    .transaction(async (tx) => {
      await work(tx);
      throw new RollBack();
    })
    .catch((error) => {
      if (!(error instanceof RollBack)) throw error;
    });
}

const leafOf = (run: number, i: number) => createHash('sha256').update(`${run}/${i}`).digest();
const flip = (b: Buffer) => {
  const c = Buffer.from(b);
  c[0] = c[0]! ^ 1;
  return c;
};

const origin = 'test.example/log';

/**
 * A database opened twice, as by a server that reads and another process that appends: on
 * PostgreSQL two pools on one database; PGlite has one opener, so there both are the same.
 */
async function openedTwice(backend: Backend): Promise<{ reading: Database; writing: Database; close(): Promise<void> }> {
  if (backend.name === 'pglite') {
    const db = await backend.open();
    return { reading: db, writing: db, close: () => db.close() };
  }
  const scratch = await scratchServerDatabase();
  const reading = openPostgres(scratch.url);
  const writing = openPostgres(scratch.url);
  await migrate(writing);
  return {
    reading,
    writing,
    async close() {
      await reading.close();
      await writing.close();
      await scratch.drop();
    },
  };
}

/** The database with every statement counted: the same database, seen from outside. */
function counted(db: Database): { db: Database; statements(): number } {
  let n = 0;
  return {
    db: {
      ...db,
      kind: db.kind,
      query: (sql, params) => {
        n++;
        return db.query(sql, params);
      },
      exec: db.exec,
      transaction: db.transaction,
      close: db.close,
    },
    statements: () => n,
  };
}

for (const backend of backends) {
  describe(`Merkle tree in the database on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.close();
    });

    test('proofs from the database equal proofs from an in-memory tree, for random growth up to a few thousand leaves', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 14 }),
          fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 25, maxLength: 25 }),
          async (batches, probes) => {
            run++;
            await inScratch(db, async (tx) => {
              const memory = new MemoryTree();
              for (const batch of batches) {
                const leaves = Array.from({ length: batch }, (_, i) => leafOf(run, memory.size + i));
                const result = await growTree(tx, memory.size, leaves);
                for (const leaf of leaves) memory.append(leaf);
                assert.deepEqual(result.root, memory.root());
                assert.equal(await storedSubtreeCount(tx), storedHashCount(memory.size), 'stored hashes = 2n − popcount(n)');
              }
              const n = memory.size;
              assert.equal(await treeSize(tx), n);
              for (const [a, b] of probes) {
                const size = 1 + (a % n);
                const index = b % size;
                const root = await rootAt(tx, size);
                assert.deepEqual(root, memory.root(size));
                const inclusion = await inclusionAt(tx, index, size);
                assert.deepEqual(inclusion.hashes, memory.inclusionProof(index, size));
                assert.deepEqual(inclusion.leafHash, leafOf(run, index));
                const from = 1 + (b % size);
                const consistency = await consistencyAt(tx, from, size);
                assert.deepEqual(consistency, memory.consistencyProof(from, size));
                // What the database serves verifies, and any single change is rejected.
                assert.ok(verifyInclusion(index, size, inclusion.leafHash, inclusion.hashes, root));
                assert.ok(verifyConsistency(from, size, consistency, memory.root(from), root));
                if (inclusion.hashes.length) {
                  const k = a % inclusion.hashes.length;
                  assert.ok(!verifyInclusion(index, size, inclusion.leafHash, inclusion.hashes.map((h, i) => (i === k ? flip(h) : h)), root), 'a changed hash');
                  assert.ok(!verifyInclusion(index, size, inclusion.leafHash, inclusion.hashes.filter((_, i) => i !== k), root), 'a missing hash');
                  // A changed size, with that size's true root.
                  if (size < n) assert.ok(!verifyInclusion(index, size + 1, inclusion.leafHash, inclusion.hashes, memory.root(size + 1)), 'a changed size');
                }
                assert.ok(!verifyInclusion(index, size, inclusion.leafHash, [...inclusion.hashes, root], root), 'an extra hash');
                if (size > 1) assert.ok(!verifyInclusion((index + 1) % size, size, inclusion.leafHash, inclusion.hashes, root), 'a changed index');
                if (consistency.length) assert.ok(!verifyConsistency(from, size, consistency.map((h, i) => (i === 0 ? flip(h) : h)), memory.root(from), root), 'a changed consistency hash');
              }
              await assert.rejects(rootAt(tx, n + 1), (e: unknown) => e instanceof LogRangeError && e.reason === 'beyond');
              await assert.rejects(consistencyAt(tx, 0, n), (e: unknown) => e instanceof LogRangeError && e.reason === 'invalid');
            });
          },
        ),
        { numRuns: 12 },
      );
    });

    test('the tree reader keeps levels 8 and up and answers as a tree computed from scratch: after more appends, by another process, and after an append rolled back', async () => {
      const { reading, writing, close } = await openedTwice(backend);
      try {
        const memory = new MemoryTree();
        const append = async (count: number) => {
          const leaves = Array.from({ length: count }, (_, i) => leafOf(-1, memory.size + i));
          await writing.transaction((tx) => growTree(tx, memory.size, leaves));
          for (const leaf of leaves) memory.append(leaf);
        };
        const watched = counted(reading);
        const reader = new TreeReader(watched.db);
        let seed = 11;
        const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
        /** Random proofs up to the tree's size, each equal to the in-memory tree's and to the uncached functions'. */
        const probe = async (count: number) => {
          const n = memory.size;
          for (let k = 0; k < count; k++) {
            const size = 1 + next(n);
            const index = next(size);
            const from = 1 + next(size);
            const inclusion = await reader.inclusion(index, size);
            assert.deepEqual(inclusion.hashes, memory.inclusionProof(index, size), `inclusion of ${index} in ${size}`);
            assert.deepEqual(inclusion.leafHash, memory.get(0, index));
            assert.deepEqual(inclusion, await inclusionAt(reading, index, size));
            assert.deepEqual(await reader.consistency(from, size), memory.consistencyProof(from, size), `consistency from ${from} to ${size}`);
            assert.deepEqual(await reader.consistency(from, size), await consistencyAt(reading, from, size));
            assert.deepEqual(await reader.root(size), memory.root(size));
            assert.ok(verifyInclusion(index, size, inclusion.leafHash, inclusion.hashes, memory.root(size)));
          }
        };

        // 3 × 256 + 100 leaves: three complete subtrees of level 8.
        await append(400);
        await append(468);
        await probe(60);

        // Read once, a hash of level 8 or more is not asked for again: a consistency proof
        // between two multiples of 256 within a size already seen takes no query at all, and
        // an inclusion proof one.
        await reader.consistency(512, 768);
        let before = watched.statements();
        assert.deepEqual(await reader.consistency(512, 768), memory.consistencyProof(512, 768));
        assert.equal(watched.statements(), before, 'no query for hashes already kept');
        before = watched.statements();
        assert.deepEqual((await reader.inclusion(700, 868)).hashes, memory.inclusionProof(700, 868));
        assert.equal(watched.statements(), before + 1, 'one query for an inclusion proof');

        // An append that completes the fourth level-8 subtree and is rolled back: while it is
        // open, and after, the reader holds none of it.
        let finish!: () => void;
        const held = new Promise<void>((resolve) => (finish = resolve));
        const other = Array.from({ length: 300 }, (_, i) => leafOf(-2, 868 + i));
        let started!: () => void;
        const opened = new Promise<void>((resolve) => (started = resolve));
        const discarded = writing
          .transaction(async (tx) => {
            await growTree(tx, 868, other);
            started();
            await held;
            throw new RollBack();
          })
          .catch((error) => {
            if (!(error instanceof RollBack)) throw error;
          });
        await opened;
        const beyond = (e: unknown) => e instanceof LogRangeError && e.reason === 'beyond';
        if (backend.name === 'postgres') {
          // Another connection: the uncommitted leaves are not there.
          await assert.rejects(reader.inclusion(0, 1024), beyond);
          await assert.rejects(reader.root(1168), beyond);
          finish();
        } else {
          // One connection: the reader waits for the transaction, which then rolls back.
          const asked = reader.inclusion(0, 1024);
          finish();
          await assert.rejects(asked, beyond);
        }
        await discarded;

        // The log grows differently over the same places, then further.
        await append(300);
        assert.deepEqual(await reader.root(1024), memory.root(1024));
        assert.deepEqual((await reader.inclusion(0, 1024)).hashes, memory.inclusionProof(0, 1024));
        assert.deepEqual(await reader.consistency(868, 1168), memory.consistencyProof(868, 1168));
        await probe(60);
        await append(700);
        await probe(60);
        assert.equal(await reader.holds(memory.size), true);
        assert.equal(await reader.holds(memory.size + 1), false);
        await assert.rejects(reader.consistency(0, 5), (e: unknown) => e instanceof LogRangeError && e.reason === 'invalid');
      } finally {
        await close();
      }
    });

    test('the tree catches up with a log written before it existed, at catch-up and inline in the next append', async () => {
      const ctx = () => ({ actor: 'tree.test', role: 'supervisor' as const, idempotencyKey: randomUUID() });
      for (let i = 0; i < 5; i++) assert.ok((await execute({ db }, registerFacility, aFacility(), ctx())).ok);
      const size = await treeSize(db);
      assert.equal(size, 5);
      const root = await rootAt(db, size);
      // As if the tree had not existed: drop it (the trigger must be bypassed to do so).
      await db.exec('ALTER TABLE log_subtree DISABLE TRIGGER log_subtree_append_only; DELETE FROM log_subtree; ALTER TABLE log_subtree ENABLE TRIGGER log_subtree_append_only');
      assert.equal(await treeSize(db), 0);
      assert.deepEqual(await catchUpTree(db), { from: 0, to: 5 });
      assert.deepEqual(await rootAt(db, 5), root);
      await db.exec('ALTER TABLE log_subtree DISABLE TRIGGER log_subtree_append_only; DELETE FROM log_subtree WHERE (idx + 1) * (1::bigint << level) > 2; ALTER TABLE log_subtree ENABLE TRIGGER log_subtree_append_only');
      assert.ok((await execute({ db }, registerFacility, aFacility(), ctx())).ok);
      assert.equal(await treeSize(db), 6);
      assert.equal(await storedSubtreeCount(db), storedHashCount(6));
      assert.deepEqual(await rootAt(db, 5), root);
      assert.equal((await verifyLog(db)).ok, true);
    });

    test('the tree refuses UPDATE and DELETE, and a checkpoint beyond the tree is refused by the database itself', async () => {
      await assert.rejects(db.query('UPDATE log_subtree SET hash = hash WHERE level = 0'), /append-only/);
      await assert.rejects(db.query('DELETE FROM log_subtree'), /append-only/);
      const size = await treeSize(db);
      await assert.rejects(db.query("INSERT INTO log_checkpoint (size, root, note) VALUES ($1, $2, 'x')", [size + 1, Buffer.alloc(32)]), /beyond the tree/);
    });

    test('checkpoints: one per size, signed for the committed tree, verified; cosignatures by configured witnesses only', async () => {
      const { signerKey } = generateEd25519NoteKey(origin);
      const signer = ed25519NoteSigner(signerKey);
      const verifier = ed25519NoteVerifier(ed25519VerifierKeyOf(signerKey));
      const first = await signLatestCheckpoint(db, signer, origin);
      assert.equal(first.created, true);
      const again = await signLatestCheckpoint(db, signer, origin);
      assert.equal(again.created, false);
      assert.equal(again.checkpoint.note, first.checkpoint.note);
      const opened = openCheckpoint(first.checkpoint.note, [verifier], { origin });
      assert.equal(opened.checkpoint.size, await treeSize(db));
      assert.deepEqual(opened.checkpoint.rootHash, await rootAt(db, opened.checkpoint.size));
      // Two signers racing for the same size end with one checkpoint.
      assert.ok((await execute({ db }, registerFacility, aFacility(), { actor: 't', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      const raced = await Promise.all([signLatestCheckpoint(db, signer, origin), signLatestCheckpoint(db, signer, origin)]);
      assert.equal(raced[0].checkpoint.note, raced[1].checkpoint.note);
      assert.equal(raced.filter((r) => r.created).length, 1);

      const seed = createHash('sha256').update('witness').digest();
      const witnessKey = cosignerVerifierKey('witness.test', ed25519KeyPair(seed).publicKey);
      const witness = cosigner('witness.test', seed, () => 1_700_000_000);
      const served = (await servedCheckpoint(db))!;
      const cosigned = cosignCheckpoint(served.text, witness);
      await assert.rejects(storeCosignatures(db, cosigned, []), (e: unknown) => e instanceof CosignatureRefused && e.code === 'no_witness_signature');
      const stored = await storeCosignatures(db, cosigned, [cosignatureVerifier(witnessKey)]);
      assert.deepEqual(stored, { size: served.checkpoint.size, stored: 1, witnesses: ['witness.test'] });
      const withCosignature = (await servedCheckpoint(db))!.text;
      assert.equal(withCosignature, cosigned);
      openCheckpoint(withCosignature, [verifier]);
      const forged = cosigned.replace(/— witness\.test (\S+)/, (_, sig: string) => {
        const bytes = Buffer.from(sig, 'base64');
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
        return `— witness.test ${bytes.toString('base64')}`;
      });
      await assert.rejects(storeCosignatures(db, forged, [cosignatureVerifier(witnessKey)]), (e: unknown) => e instanceof CosignatureRefused && e.code === 'invalid_signature');
      await assert.rejects(storeCosignatures(db, cosigned.replace(/\n\d+\n/, '\n99999\n'), [cosignatureVerifier(witnessKey)]), CosignatureRefused);
      assert.equal((await verifyLog(db, { verifier, origin, witnesses: [cosignatureVerifier(witnessKey)] })).ok, true);

      // A stored checkpoint whose root the tree no longer has: the signer refuses (a fork).
      const size = await treeSize(db);
      await db.exec('ALTER TABLE log_checkpoint DISABLE TRIGGER log_checkpoint_append_only');
      await db.query('UPDATE log_checkpoint SET root = $1 WHERE size = $2', [Buffer.alloc(32, 7), size]);
      await db.exec('ALTER TABLE log_checkpoint ENABLE TRIGGER log_checkpoint_append_only');
      await assert.rejects(signLatestCheckpoint(db, signer, origin), ForkError);
    });
  });
}
