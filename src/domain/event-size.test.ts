import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkList, jsonByteLength } from './event-size.ts';

test('a list that fits is one chunk, in order', () => {
  assert.deepEqual(chunkList([1, 2, 3], 10), [[1, 2, 3]]);
  assert.deepEqual(chunkList([], 10), [[]]);
});

test('chunks hold at most the given number of items, in order, and lose none', () => {
  const items = Array.from({ length: 1001 }, (_, i) => i);
  const chunks = chunkList(items, 250);
  assert.deepEqual(chunks.map((c) => c.length), [250, 250, 250, 250, 1]);
  assert.deepEqual(chunks.flat(), items);
});

test('the JSON of each chunk stays within the byte budget, counting UTF-8 bytes of Arabic names', () => {
  // 2 + 30 * 2 bytes of UTF-8 for each Arabic letter, quotes included: 62 bytes a name.
  const name = 'م'.repeat(30);
  assert.equal(jsonByteLength(name), 62);
  const chunks = chunkList(Array.from({ length: 100 }, () => name), 1000, 200);
  // [a,b,c] = 2 + 3 * 62 + 2 commas = 190 ≤ 200; a fourth would make 253.
  assert.deepEqual(chunks.map((c) => c.length).slice(0, 2), [3, 3]);
  for (const c of chunks) assert.ok(Buffer.byteLength(JSON.stringify(c)) <= 200);
  assert.equal(chunks.flat().length, 100);
});

test('an item larger than the budget on its own is a chunk alone (the write path refuses it)', () => {
  assert.deepEqual(chunkList(['a', 'x'.repeat(50), 'b'], 10, 20), [['a'], ['x'.repeat(50)], ['b']]);
});
