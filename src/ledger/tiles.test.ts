import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { MemoryTree, leafHash, merkleRoot } from './rfc6962.ts';
import {
  TileError,
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTextEntryBundle,
  formatTileIndex,
  isTileWithin,
  parseTileIndex,
  parseTilePath,
  readTile,
  readTileAsync,
  tileLayout,
  tilePath,
} from './tiles.ts';
import type { HashTile, Tile, TileLevelLayout } from './tiles.ts';
import { vectors } from './testdata/vectors.ts';

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function treeOf(count: number, entry: (i: number) => Buffer): MemoryTree {
  const tree = new MemoryTree();
  for (let i = 0; i < count; i++) tree.append(leafHash(entry(i)));
  return tree;
}

test('tile index encoding follows the C2SP example', () => {
  const { N, path_elements } = vectors.tlog_tiles.tile_index_encoding_example;
  assert.equal(formatTileIndex(N), path_elements);
  assert.equal(parseTileIndex(path_elements), N);
  assert.equal(formatTileIndex(0), '000');
  assert.equal(formatTileIndex(1000), 'x001/000');
});

test('Go sumdb tile paths, with their height dropped, parse as C2SP tile paths', () => {
  // Go writes tile/<H>/<L>/<N> and tile/<H>/data/<N>; C2SP fixes H = 8 and writes tile/<L>/<N>, tile/entries/<N>.
  for (const v of vectors.go_sumdb_tlog.tile_path_vectors_go_format) {
    const [, , level, ...rest] = v.path.split('/');
    const c2spPath = `tile/${level === 'data' ? 'entries' : level}/${rest.join('/')}`;
    if (v.invalid) {
      assert.throws(() => parseTilePath(c2spPath), TileError, c2spPath);
      continue;
    }
    const full = v.W === 2 ** (v.H ?? 0);
    const width = full ? 256 : (v.W as number);
    const want: Tile =
      v.L === -1 ? { kind: 'entries', index: v.N as number, width } : { kind: 'hashes', level: v.L as number, index: v.N as number, width };
    const path = full ? c2spPath.replace(/\.p\/[0-9]+$/, '') : c2spPath;
    assert.deepEqual(parseTilePath(path), want, path);
    assert.equal(tilePath(want), path);
  }
});

test('tile paths that are not canonical are refused', () => {
  const bad = [
    'tile/00/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/0/x000/001',
    'tile/0/1',
    'tile/0/0001',
    'tile/0/x001',
    'tile/0/x001/x002',
    'tile/0/001/002',
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/05',
    'tile/0/000.p/',
    'tile/data/000',
    'tile/entries/000.p/300',
    'tile/0/000/',
    '/tile/0/000',
  ];
  for (const path of bad) assert.throws(() => parseTilePath(path), TileError, path);
  assert.throws(() => tilePath({ kind: 'hashes', level: 64, index: 0, width: 1 }), TileError);
  assert.throws(() => tilePath({ kind: 'hashes', level: 0, index: 0, width: 0 }), TileError);
});

test('tile paths round-trip for any level, index and width', () => {
  const tiles = fc.oneof(
    fc.record({
      kind: fc.constant('hashes' as const),
      level: fc.integer({ min: 0, max: 63 }),
      index: fc.maxSafeNat(),
      width: fc.integer({ min: 1, max: 256 }),
    }),
    fc.record({ kind: fc.constant('entries' as const), index: fc.maxSafeNat(), width: fc.integer({ min: 1, max: 256 }) }),
  );
  fc.assert(fc.property(tiles, (tile) => assert.deepEqual(parseTilePath(tilePath(tile)), { ...tile })));
});

test('tile layout matches the C2SP examples for sizes 70,000 and 256', () => {
  // Read the expectation from the example prose: "<n> full level-<l> tile(s)", "partial level-<l> [tile of ]width <w>".
  const layoutFromProse = (prose: string): TileLevelLayout[] => {
    const levels = new Map<number, { fullTiles: number; partialWidth: number }>();
    const at = (level: number): { fullTiles: number; partialWidth: number } => {
      const found = levels.get(level) ?? { fullTiles: 0, partialWidth: 0 };
      levels.set(level, found);
      return found;
    };
    for (const m of prose.matchAll(/(\d+) full level-(\d+) tiles?/g)) at(Number(m[2])).fullTiles = Number(m[1]);
    for (const m of prose.matchAll(/partial level-(\d+) (?:tile of )?width (\d+)/g)) at(Number(m[1])).partialWidth = Number(m[2]);
    return [...levels].sort(([a], [b]) => a - b).map(([level, counts]) => ({ level, ...counts }));
  };
  assert.deepEqual(tileLayout(70000), layoutFromProse(vectors.tlog_tiles.example_size_70000));
  assert.deepEqual(tileLayout(256), layoutFromProse(vectors.tlog_tiles.example_size_256));
  assert.deepEqual(tileLayout(0), []);
});

test('the partial level-0 tile of the 130-leaf tree hashes to the published digest, and so do its entries', async () => {
  const entries = Array.from({ length: 130 }, (_, i) => Buffer.from([i]));
  const tree = treeOf(130, (i) => entries[i] as Buffer);
  const tile: HashTile = { kind: 'hashes', level: 0, index: 0, width: 130 };
  const want = vectors.plants_mtc_accumulated_vectors.derived_restricted_to_plain_log.tile_0_000_p_130_sha256.want;
  assert.equal(tilePath(tile), 'tile/0/000.p/130');
  assert.equal(sha256Hex(readTile(tree, tile)), want);
  assert.equal(sha256Hex(await readTileAsync(tree, tile)), want);

  // Entries in the bundle hash, one by one, to the level-0 tile.
  const bundle = decodeEntryBundle(encodeEntryBundle(entries), 130);
  assert.equal(sha256Hex(Buffer.concat(bundle.map(leafHash))), want);
  assert.ok(isTileWithin(tile, 130));
  assert.ok(!isTileWithin(tile, 129));
  assert.ok(!isTileWithin({ kind: 'hashes', level: 0, index: 0, width: 256 }, 130));
});

test('a level-1 tile holds the roots of consecutive 256-leaf subtrees', () => {
  const leaves = Array.from({ length: 3 * 256 + 5 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  const tree = new MemoryTree();
  for (const leaf of leaves) tree.append(leaf);
  const tile = readTile(tree, { kind: 'hashes', level: 1, index: 0, width: 3 });
  assert.equal(tile.length, 3 * 32);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(tile.subarray(i * 32, (i + 1) * 32), merkleRoot(leaves.slice(i * 256, (i + 1) * 256)));
  }
  assert.throws(() => readTile(tree, { kind: 'hashes', level: 1, index: 0, width: 4 }));
});

test('entry bundles: length-prefixed entries round-trip; truncation and oversize entries are refused', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 256 }), (entries) => {
      const bundle = encodeEntryBundle(entries);
      assert.equal(bundle.length, entries.reduce((sum, e) => sum + 2 + e.length, 0));
      assert.deepEqual(decodeEntryBundle(bundle).map((e) => new Uint8Array(e)), entries);
    }),
    { numRuns: 100 },
  );
  assert.deepEqual(encodeEntryBundle([Buffer.from('ab'), Buffer.alloc(0)]), Buffer.from([0, 2, 0x61, 0x62, 0, 0]));
  assert.throws(() => decodeEntryBundle(Buffer.from([0])), TileError);
  assert.throws(() => decodeEntryBundle(Buffer.from([0, 3, 1, 2])), TileError);
  assert.throws(() => decodeEntryBundle(Buffer.from([0, 1, 1]), 2), TileError);
  assert.equal(encodeEntryBundle([Buffer.alloc(0xffff)]).length, 0x10001);
  assert.throws(() => encodeEntryBundle([Buffer.alloc(0x10000)]), TileError);
});

test('entry bundles from texts and their UTF-8 lengths are the bundles of the bytes; a text of another length is refused', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 120 }), { maxLength: 256 }), (texts) => {
      const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
      const bundle = encodeTextEntryBundle(texts.map((text, i) => ({ text, length: bytes[i]!.length })));
      assert.deepEqual(bundle, encodeEntryBundle(bytes));
    }),
    { numRuns: 100 },
  );
  const arabic = '{"name":"عبد الله"}';
  assert.deepEqual(encodeTextEntryBundle([{ text: arabic, length: Buffer.byteLength(arabic) }]), encodeEntryBundle([Buffer.from(arabic)]));
  // A length counted in characters rather than bytes, too short or too long, gives no bundle.
  assert.equal(encodeTextEntryBundle([{ text: arabic, length: arabic.length }]), undefined);
  assert.equal(encodeTextEntryBundle([{ text: 'abc', length: 4 }]), undefined);
  assert.throws(() => encodeTextEntryBundle([{ text: 'a'.repeat(0x10000), length: 0x10000 }]), TileError);
});
