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

test('member names that read as array indexes keep UTF-16 order, not numeric order', () => {
  assert.equal(canonicalJson({ b: [{ 10: 'x', 9: 'y', a: 1 }], a: { 2: true, 1: false } }), '{"a":{"1":false,"2":true},"b":[{"10":"x","9":"y","a":1}]}');
});

test('a member named __proto__ is written as any other member', () => {
  const value = JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}');
  assert.equal(canonicalJson(value), '{"__proto__":{"a":1,"b":2},"z":1}');
});

test('undefined members are left out; undefined, functions and Infinity anywhere else are refused', () => {
  assert.equal(canonicalJson({ b: undefined, a: [1, 'x', null, { d: undefined, c: -0 }] }), '{"a":[1,"x",null,{"c":0}]}');
  assert.throws(() => canonicalJson({ a: [undefined] }), /undefined/);
  assert.throws(() => canonicalJson({ a: { b: () => 1 } }), /function/);
  assert.throws(() => canonicalJson([Number.POSITIVE_INFINITY]), /Infinity/);
  assert.throws(() => canonicalJson({ 1: 'reordered names first', a: Number.NaN }), /NaN/);
});

test('strings are escaped as RFC 8785 says: quote, backslash and controls; a lone surrogate as \\u escape', () => {
  const s = 'quote " backslash \\ tab \t nul \u0000 line \u2028 lone \uD800 pair \u{1F600} é';
  const written = String.raw`"quote \" backslash \\ tab \t nul \u0000 line ` + '\u2028' + String.raw` lone \ud800 pair ` + '\u{1F600} é"';
  assert.equal(canonicalJson({ s, t: [s] }), `{"s":${written},"t":[${written}]}`);
});
