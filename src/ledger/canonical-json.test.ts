import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.ts';

test('object members are ordered by UTF-16 code units, not by code points', () => {
  // U+1F600 (surrogate pair D83D DE00) sorts before U+FB33 in UTF-16 order.
  assert.equal(canonicalJson({ '\uFB33': 1, '\u{1F600}': 2, a: 3 }), '{"a":3,"\u{1F600}":2,"\uFB33":1}');
});

test('NaN cannot be canonicalised', () => {
  assert.throws(() => canonicalJson({ x: Number.NaN }), /NaN/);
});
