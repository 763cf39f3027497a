import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
import { vectors } from './testdata/vectors.ts';

test('object members are ordered by UTF-16 code units, not by code points', () => {
  // U+1F600 (surrogate pair D83D DE00) sorts before U+FB33 in UTF-16 order.
  assert.equal(canonicalJson({ '\uFB33': 1, '\u{1F600}': 2, a: 3 }), '{"a":3,"\u{1F600}":2,"\uFB33":1}');
});

test('NaN cannot be canonicalised', () => {
  assert.throws(() => canonicalJson({ x: Number.NaN }), /NaN/);
});

test('RFC 8785 reference vectors (cyberphone/json-canonicalization) canonicalise byte for byte', () => {
  for (const v of vectors.jcs_rfc8785.vectors) {
    const bytes = canonicalJsonBytes(JSON.parse(v.input_text));
    assert.equal(bytes.toString('utf8'), v.canonical_output_utf8, v.name);
    assert.equal(bytes.toString('hex'), v.canonical_output_hex, v.name);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), v.canonical_output_sha256, v.name);
  }
});
