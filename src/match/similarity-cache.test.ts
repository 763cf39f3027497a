import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimilarityCache } from './similarity-cache.ts';

test('an unknown pair reads as NaN; a kept one reads back as the 32-bit float it was stored as', () => {
  const cache = new SimilarityCache();
  assert.ok(Number.isNaN(cache.get(0, 0)));
  cache.set(3, 5, 0.1);
  assert.equal(cache.get(3, 5), Math.fround(0.1));
  assert.ok(Number.isNaN(cache.get(3, 6)));
  assert.ok(Number.isNaN(cache.get(5, 3)));
  cache.set(3, 5, 0.75);
  assert.equal(cache.get(3, 5), 0.75);
  assert.equal(cache.size, 1);
});

test('every value kept reads back after the table has grown many times, and none other does', () => {
  const cache = new SimilarityCache();
  const kept = new Map<string, number>();
  let seed = 7;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let k = 0; k < 50_000; k++) {
    const row = next(3000);
    const column = next(1_000_000);
    const value = Math.fround(next(1000) / 1000);
    cache.set(row, column, value);
    kept.set(`${row}:${column}`, value);
  }
  assert.equal(cache.size, kept.size);
  for (const [key, value] of kept) {
    const [row, column] = key.split(':').map(Number) as [number, number];
    assert.equal(cache.get(row, column), value);
  }
  let unknown = 0;
  for (let row = 3000; row < 3100; row++) if (Number.isNaN(cache.get(row, row))) unknown++;
  assert.equal(unknown, 100);
});

test('past its size the cache says so, and clearing forgets every value', () => {
  const cache = new SimilarityCache(2);
  cache.set(0, 0, 0.5);
  cache.set(0, 64, 0.5);
  assert.equal(cache.full, false);
  cache.set(1, 0, 0.25);
  assert.equal(cache.full, true);
  cache.clear();
  assert.equal(cache.full, false);
  assert.equal(cache.size, 0);
  assert.ok(Number.isNaN(cache.get(0, 0)));
  assert.ok(Number.isNaN(cache.get(1, 0)));
});
