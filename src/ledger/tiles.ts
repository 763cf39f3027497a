/**
 * C2SP tlog-tiles v0.1.0: the log served as static, cacheable resources.
 *
 * A hash tile at level L, index N holds up to 256 consecutive hashes, each the root of
 * a complete subtree of 256^L leaves: entry i of the tile is the complete subtree at
 * Merkle level 8L with index N·256 + i. Level-0 tiles hold leaf hashes. Entry bundles
 * hold the leaves themselves, each prefixed with its length as a big-endian uint16.
 *
 * Paths: `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, where N is written in
 * 3-digit groups, all but the last prefixed with `x` (1234067 → `x001/x234/067`), and
 * `.p/<W>` marks a partial tile of W < 256 entries.
 */
import { HASH_SIZE, MissingSubtreeError, subtreeKey } from './rfc6962.ts';
import type { AsyncSubtreeHashes, SubtreeCoord, SubtreeHashes, SubtreeHashMap } from './rfc6962.ts';

/** Entries in a full tile. */
export const TILE_WIDTH = 256;

/** Merkle levels a tile spans (256 = 2^8). */
export const TILE_HEIGHT = 8;

/** Highest tile level a path may name. */
export const MAX_TILE_LEVEL = 63;

/** Largest leaf an entry bundle can carry (uint16 length prefix). */
export const MAX_ENTRY_SIZE = 0xffff;

/** A tile of Merkle hashes. `width` is 256 for a full tile, 1–255 for a partial one. */
export interface HashTile {
  readonly kind: 'hashes';
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** An entry bundle: the leaves under the level-0 tile of the same index and width. */
export interface EntryBundle {
  readonly kind: 'entries';
  readonly index: number;
  readonly width: number;
}

/** Any resource under `tile/`. */
export type Tile = HashTile | EntryBundle;

/** A tile path that does not follow the specification. */
export class TileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TileError';
  }
}

/** A leaf longer than an entry bundle can carry: `position` is its place in the bundle (0–255). */
export class EntryTooLargeError extends TileError {
  constructor(
    readonly position: number,
    readonly size: number,
  ) {
    super(`an entry bundle cannot carry an entry of ${size} bytes (entry ${position} of the bundle; at most ${MAX_ENTRY_SIZE})`);
    this.name = 'EntryTooLargeError';
  }
}

/** Encodes a tile index as path elements: 1234067 → `x001/x234/067`. */
export function formatTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new TileError(`tile index must be a non-negative safe integer, got ${index}`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

/** Decodes tile index path elements; only the canonical form (no leading `x000/`) is accepted. */
export function parseTileIndex(elements: string): number {
  const groups = elements.split('/');
  const last = groups.length - 1;
  let index = 0;
  groups.forEach((group, i) => {
    const match = (i < last ? /^x([0-9]{3})$/ : /^([0-9]{3})$/).exec(group);
    if (match === null) throw new TileError(`malformed tile index ${JSON.stringify(elements)}`);
    index = index * 1000 + Number(match[1]);
  });
  if (!Number.isSafeInteger(index) || formatTileIndex(index) !== elements) {
    throw new TileError(`malformed tile index ${JSON.stringify(elements)}`);
  }
  return index;
}

/** The path of a tile or entry bundle, relative to the log's prefix. */
export function tilePath(tile: Tile): string {
  assertWidth(tile.width);
  const levelPart = tile.kind === 'entries' ? 'entries' : String(checkedLevel(tile.level));
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  return `tile/${levelPart}/${formatTileIndex(tile.index)}${partial}`;
}

/** Parses a path such as `tile/1/x001/234.p/7` or `tile/entries/000`. */
export function parseTilePath(path: string): Tile {
  const match = /^tile\/(entries|0|[1-9][0-9]?)\/([x0-9/]+?)(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (match === null) throw new TileError(`malformed tile path ${JSON.stringify(path)}`);
  const [, levelPart, indexPart, widthPart] = match as unknown as [string, string, string, string | undefined];
  const index = parseTileIndex(indexPart);
  const width = widthPart === undefined ? TILE_WIDTH : Number(widthPart);
  if (widthPart !== undefined && width >= TILE_WIDTH) throw new TileError(`partial tile width must be 1–255, got ${width}`);
  if (levelPart === 'entries') return { kind: 'entries', index, width };
  return { kind: 'hashes', level: checkedLevel(Number(levelPart)), index, width };
}

/** Width of the partial tile at `level` for a tree of `size` leaves (0: none). */
export function partialTileWidth(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level) % TILE_WIDTH;
}

/** The tiles of one level for a tree size: how many are full, and the partial tile's width. */
export interface TileLevelLayout {
  readonly level: number;
  readonly fullTiles: number;
  readonly partialWidth: number;
}

/** Every level that has tiles for a tree of `size` leaves, lowest first. */
export function tileLayout(size: number): TileLevelLayout[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new TileError('tree size must be a non-negative safe integer');
  const layout: TileLevelLayout[] = [];
  for (let level = 0; TILE_WIDTH ** level <= size; level++) {
    const fullTiles = Math.floor(size / TILE_WIDTH ** (level + 1));
    layout.push({ level, fullTiles, partialWidth: partialTileWidth(level, size) });
  }
  return layout;
}

/** Whether a tree of `size` leaves has everything a tile or entry bundle covers. */
export function isTileWithin(tile: Tile, size: number): boolean {
  const level = tile.kind === 'entries' ? 0 : tile.level;
  return (tile.index * TILE_WIDTH + tile.width) * TILE_WIDTH ** level <= size;
}

/** The complete subtrees whose hashes make up a hash tile, in tile order. */
export function tileSubtrees(tile: HashTile): SubtreeCoord[] {
  assertWidth(tile.width);
  const level = checkedLevel(tile.level) * TILE_HEIGHT;
  return Array.from({ length: tile.width }, (_, i) => ({ level, index: tile.index * TILE_WIDTH + i }));
}

/** Builds a hash tile's bytes (width × 32) from fetched complete-subtree hashes. */
export function assembleTile(tile: HashTile, hashes: SubtreeHashMap): Buffer {
  return Buffer.concat(
    tileSubtrees(tile).map(({ level, index }) => {
      const hash = hashes.get(subtreeKey(level, index));
      if (hash === undefined || hash.length !== HASH_SIZE) throw new MissingSubtreeError(level, index);
      return hash;
    }),
  );
}

/** A hash tile's bytes, read from a synchronous source. */
export function readTile(source: SubtreeHashes, tile: HashTile): Buffer {
  return Buffer.concat(tileSubtrees(tile).map(({ level, index }) => source.get(level, index)));
}

/** A hash tile's bytes, read from a batched source in one round trip. */
export async function readTileAsync(source: AsyncSubtreeHashes, tile: HashTile): Promise<Buffer> {
  const coords = tileSubtrees(tile);
  return assembleTile(tile, await source.getSubtrees(coords));
}

/** Encodes leaves as an entry bundle: each as uint16 big-endian length, then its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const [position, entry] of entries.entries()) {
    if (entry.length > MAX_ENTRY_SIZE) throw new EntryTooLargeError(position, entry.length);
    total += 2 + entry.length;
  }
  const bundle = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const entry of entries) {
    offset = bundle.writeUInt16BE(entry.length, offset);
    bundle.set(entry, offset);
    offset += entry.length;
  }
  return bundle;
}

/**
 * Encodes an entry bundle from entries given as text with their UTF-8 byte lengths, each
 * encoded straight into its place; undefined if a text does not take exactly its length.
 */
export function encodeTextEntryBundle(entries: readonly { readonly text: string; readonly length: number }[]): Buffer | undefined {
  let total = 0;
  for (const [position, { length }] of entries.entries()) {
    if (length > MAX_ENTRY_SIZE) throw new EntryTooLargeError(position, length);
    total += 2 + length;
  }
  const bundle = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const { text, length } of entries) {
    offset = bundle.writeUInt16BE(length, offset);
    // write() stops at the end of the space given, so a longer text shows as a short count.
    if (bundle.write(text, offset, length, 'utf8') !== length || Buffer.byteLength(text, 'utf8') !== length) return undefined;
    offset += length;
  }
  return bundle;
}

/** Decodes an entry bundle; truncated input, or a count other than `expected`, is refused. */
export function decodeEntryBundle(bytes: Uint8Array, expected?: number): Buffer[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: Buffer[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + 2 > buffer.length) throw new TileError('entry bundle ends inside a length prefix');
    const length = buffer.readUInt16BE(offset);
    if (offset + 2 + length > buffer.length) throw new TileError('entry bundle ends inside an entry');
    entries.push(Buffer.from(buffer.subarray(offset + 2, offset + 2 + length)));
    offset += 2 + length;
  }
  if (expected !== undefined && entries.length !== expected) {
    throw new TileError(`entry bundle holds ${entries.length} entries, expected ${expected}`);
  }
  return entries;
}

function checkedLevel(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) throw new TileError(`tile level must be 0–${MAX_TILE_LEVEL}, got ${level}`);
  return level;
}

function assertWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new TileError(`tile width must be 1–${TILE_WIDTH}, got ${width}`);
}
