import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNames, pairCredit, scoringToken, tokenSimilarity } from './score.ts';
import type { ScoringToken } from './score.ts';
import { tokenize } from './tokenize.ts';

const tok = (s: string): ScoringToken => {
  const t = tokenize(s).tokens[0];
  assert.ok(t, s);
  return scoringToken(t);
};
const toks = (s: string): ScoringToken[] => tokenize(s).tokens.map(scoringToken);

function compare(q: string, g: string): number {
  const a = toks(q);
  const b = toks(g);
  return compareNames(a, a.map(() => 1), b, b.map(() => 1), (i, j) => tokenSimilarity(a[i] as ScoringToken, b[j] as ScoringToken), false).score;
}

test('token similarity: equal, respelled, cross-script, unrelated', () => {
  assert.equal(tokenSimilarity(tok('Khalid'), tok('Khalid')), 1);
  assert.ok(tokenSimilarity(tok('Khalid'), tok('Khaled')) > 0.9);
  assert.ok(tokenSimilarity(tok('خالد'), tok('Khaled')) > 0.9);
  assert.ok(tokenSimilarity(tok('Khalid'), tok('Nasser')) < 0.6);
  // Same consonants, different written vowels at the edges: Sayf is not Yusuf.
  assert.ok(tokenSimilarity(tok('يوسف'), tok('Sayf')) < tokenSimilarity(tok('سيف'), tok('Sayf')));
  // A nisba ending makes a different family name.
  assert.ok(tokenSimilarity(tok('Abbasi'), tok('Abbas')) < tokenSimilarity(tok('Abbas'), tok('Abas')));
});

test('token similarity: a compound and its distinctive part are close but not equal', () => {
  const s = tokenSimilarity(tok('Kader'), tok('Abdelkader'));
  assert.ok(s > 0.75 && s < 1, String(s));
});

test('name comparison is order-tolerant', () => {
  assert.equal(compare('Nasser Karim', 'Karim Nasser'), 1);
  assert.equal(compare('Karim Nasser', 'كريم ناصر'), 1);
});

test('a glued name meets its two-word spelling', () => {
  assert.ok(compare('Walijan Nuri', 'Wali Jan Nuri') > 0.9);
});

test('pair credit is monotone and zero for weak pairs', () => {
  assert.equal(pairCredit(1), 1);
  assert.equal(pairCredit(0.5), 0);
  assert.ok(pairCredit(0.9) > pairCredit(0.8));
});
