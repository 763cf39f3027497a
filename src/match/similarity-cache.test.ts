import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE, SimilarityCache } from './similarity-cache.ts';

test('an unknown pair reads as NaN; a kept one reads back as the 32-bit float it was stored as', () => {
  const cache = new SimilarityCache();
  assert.ok(Number.isNaN(cache.get(0, 0)));
  cache.set(3, 5, 0.1);
  assert.equal(cache.get(3, 5), Math.fround(0.1));
  assert.ok(Number.isNaN(cache.get(3, 6)));
  assert.ok(Number.isNaN(cache.get(2, 5)));
  // Columns far apart land on pages of their own.
  cache.set(3, 10 * PAGE + 7, 1);
  assert.equal(cache.get(3, 10 * PAGE + 7), 1);
  assert.equal(cache.size, 2);
});

test('past its size the cache says so, and clearing forgets every value', () => {
  const cache = new SimilarityCache(2);
  cache.set(0, 0, 0.5);
  cache.set(0, PAGE, 0.5);
  assert.equal(cache.full, false);
  cache.set(1, 0, 0.25);
  assert.equal(cache.full, true);
  cache.clear();
  assert.equal(cache.full, false);
  assert.equal(cache.size, 0);
  assert.ok(Number.isNaN(cache.get(0, 0)));
  assert.ok(Number.isNaN(cache.get(1, 0)));
});
