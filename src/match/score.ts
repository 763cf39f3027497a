/**
 * Scoring one name against another: token similarity (on phonetic keys across scripts,
 * plus spelling within a script), an order-tolerant best assignment of tokens, and
 * IDF-like weights so that agreeing on a rare name counts more than agreeing on
 * Muhammad or Ali.
 */
import { compoundPartKeys, edgeVowels, formKeys, shapeKey } from './keys.ts';
import { jaroWinkler } from './similarity.ts';
import type { NameToken, TokenRole } from './tokenize.ts';

/** A token prepared for scoring: its canonical form, keys and role. */
export interface ScoringToken {
  form: string;
  script: NameToken['script'];
  role: TokenRole;
  keys: string[];
  /** Keys of the distinctive part of a compound (Rahman in Abd al-Rahman). */
  partKeys: string[];
  /** Vowel at the start / end of the word (see {@link edgeVowels}). */
  startV: boolean;
  /** null when either reading is usual (Arabic final ه). */
  endV: boolean | null;
  /** For names of at most one consonant: main key with edge vowels ("VlV"), else ''. */
  shape: string;
}

/** One aligned pair in an explanation. */
export interface TokenAlignment {
  /** Query token (canonical form). */
  query: string;
  /** Gallery token it was aligned with, or null when none was close enough. */
  matched: string | null;
  /** Similarity of the pair in [0, 1]. */
  similarity: number;
  /** Weight of the query token (rarer names weigh more). */
  weight: number;
}

/** Result of comparing two tokenised names. */
export interface NameComparison {
  /** In [0, 1]. */
  score: number;
  alignments: TokenAlignment[];
  /** Gallery tokens left without a partner. */
  unmatched: string[];
}

/** Weight multiplier by role: titles and the Abu/Umm marker say little about who it is. */
export const ROLE_FACTOR: Record<TokenRole, number> = { name: 1, title: 0.1, kunya: 0.35, initial: 0.3 };

/** Pairs below this similarity count as not aligned at all. */
export const MIN_PAIR_SIMILARITY = 0.72;

/** Build a scoring token from a tokenizer token. */
export function scoringToken(t: NameToken): ScoringToken {
  const keys = formKeys(t.form, t.script);
  const edges = edgeVowels(t.form, t.script);
  const main = keys[0] ?? '';
  const shape = main.length <= 1 && t.role === 'name' && (t.script === 'latin' || t.script === 'arabic') ? shapeKey(main, edges) : '';
  return { form: t.form, script: t.script, role: t.role, keys, partKeys: compoundPartKeys(t), startV: edges.start, endV: edges.end, shape };
}

function equalKeyScore(len: number): number {
  // Equal keys of one consonant ("l" for Ali, Ela, Eli) say less than equal long keys.
  return len >= 2 ? 1 : len === 1 ? 0.93 : 0.8;
}

function keySimilarity(a: readonly string[], b: readonly string[]): number {
  for (const x of a) for (const y of b) if (x === y) return equalKeyScore(x.length);
  // Near misses: compare each side's main reading with all readings of the other.
  const a0 = a[0];
  const b0 = b[0];
  if (a0 === undefined || b0 === undefined) return 0;
  let best = keyJw(a0, b0);
  if (b.length > 1) best = Math.max(best, keyJw(a0, b[1] as string));
  if (a.length > 1) best = Math.max(best, keyJw(a[1] as string, b0));
  return best;
}

function keyJw(x: string, y: string): number {
  const s = jaroWinkler(x, y);
  return Math.max(x.length, y.length) <= 2 ? s * 0.85 : s;
}

/**
 * Similarity of two tokens in [0, 1]. Across scripts only the phonetic keys can be
 * compared; within one script the spelling counts as much as the keys, so that "Ali"
 * and "Eli" (same key) are close but not identical.
 */
export function tokenSimilarity(a: ScoringToken, b: ScoringToken): number {
  if (a.form === b.form && a.script === b.script) return 1;
  if (a.role === 'initial' || b.role === 'initial') {
    if (a.script !== 'latin' || b.script !== 'latin') return 0;
    return a.form[0] === b.form[0] ? 0.8 : 0;
  }
  if ((a.role === 'title') !== (b.role === 'title')) return 0;
  const k = keySimilarity(a.keys, b.keys);
  // Within a script, spelling counts half; with keys this far apart the pair cannot
  // reach MIN_PAIR_SIMILARITY anyway, so spare the work.
  let whole = a.script === b.script ? (k < 0.44 ? 0.5 * k : 0.5 * k + 0.5 * spellingSimilarity(a.form, b.form)) : k;
  if (a.script !== b.script) {
    // Across scripts the written edge vowels must agree too (Sayf is not Yusuf).
    if (a.startV !== b.startV) whole *= EDGE_MISMATCH;
    if (a.endV !== null && b.endV !== null && a.endV !== b.endV) whole *= EDGE_MISMATCH;
  }
  // Abbas and Abbasi, Ahmad and Ahmadi: a nisba ending makes a different (family) name.
  if (a.script === 'latin' && b.script === 'latin' && nisbaEnd(a.form) !== nisbaEnd(b.form)) {
    whole = Math.min(whole, NISBA_MISMATCH);
  }
  if (a.partKeys.length === 0 && b.partKeys.length === 0) return whole;
  // One side names only the distinctive part of the other's compound (Kader, Abdelkader).
  const part = PART_FACTOR * Math.max(keySimilarity(a.partKeys, b.keys), keySimilarity(a.keys, b.partKeys));
  return Math.max(whole, part);
}

/** Factor for each word edge where one script has a vowel and the other not. */
export const EDGE_MISMATCH = 0.9;

/** Ends like a nisba: consonant + i/y/ee/ie (Abbasi, Ahmady). */
function nisbaEnd(form: string): boolean {
  const n = form.length;
  const last = form[n - 1];
  if (last !== 'i' && last !== 'y' && last !== 'e') return false;
  let i = n - 1;
  if (last === 'e') {
    const prev = form[n - 2];
    if (prev !== 'e' && prev !== 'i') return false;
    i = n - 2;
  }
  const c = form[i - 1];
  return c !== undefined && !'aeiouy'.includes(c);
}
/** Best similarity of two Latin tokens that differ by a nisba ending (-i). */
export const NISBA_MISMATCH = 0.9;

/** Spelling similarity, ignoring an article glued to either side (Alhusseini, Husayni). */
function spellingSimilarity(a: string, b: string): number {
  let s = jaroWinkler(a, b);
  const ga = GLUED_ARTICLE.test(a);
  const gb = GLUED_ARTICLE.test(b);
  if (ga !== gb) s = Math.max(s, jaroWinkler(ga ? a.slice(2) : a, gb ? b.slice(2) : b));
  return s;
}
const GLUED_ARTICLE = /^(?:al|el)[^aeiou]..../;

/** Similarity of a token to a compound of which it is the distinctive part, at best. */
export const PART_FACTOR = 0.88;

/** Two adjacent tokens read as one word (Wali Jan = Walijan). */
export function joinTokens(a: ScoringToken, b: ScoringToken): ScoringToken {
  const keys: string[] = [];
  for (const x of a.keys.slice(0, 2)) {
    for (const y of b.keys.slice(0, 2)) {
      let k = x + y;
      if (x !== '' && y !== '' && x[x.length - 1] === y[0]) k = x + y.slice(1);
      if (!keys.includes(k)) keys.push(k);
    }
  }
  return { form: a.form + b.form, script: a.script, role: 'name', keys, partKeys: [], startV: a.startV, endV: b.endV, shape: '' };
}

/** How much a pair of a given similarity counts towards the name score. */
export function pairCredit(similarity: number): number {
  if (similarity >= 0.985) return 1;
  if (similarity < MIN_PAIR_SIMILARITY) return 0;
  const x = (similarity - MIN_PAIR_SIMILARITY) / (1 - MIN_PAIR_SIMILARITY);
  return x * x * (3 - 2 * x) * 0.95; // smooth step: near-misses count, weak pairs barely
}

/** Share of the score that rewards covering the query (the rest rewards covering the gallery name). */
export const QUERY_COVERAGE_SHARE = 0.65;

/** Cached similarities of one token to two adjacent tokens of the other side read as one. */
export interface JoinedSimilarities {
  /** Query token i against gallery tokens j and j+1 joined. */
  gallery: (i: number, j: number) => number;
  /** Query tokens i and i+1 joined against gallery token j. */
  query: (i: number, j: number) => number;
}

/** Can these two adjacent tokens be one word written apart? */
export function joinable(a: ScoringToken | undefined, b: ScoringToken | undefined): boolean {
  return a !== undefined && b !== undefined && a.script === b.script && a.role === 'name' && b.role === 'name';
}

/**
 * Similarity of `single` to `first` and `second` read as one word (0 when the lengths
 * cannot match, to spare the work).
 */
export function joinedSimilarity(single: ScoringToken | undefined, first: ScoringToken | undefined, second: ScoringToken | undefined): number {
  if (!single || !first || !second) return 0;
  const len = (first.keys[0]?.length ?? 0) + (second.keys[0]?.length ?? 0);
  if (Math.abs((single.keys[0]?.length ?? 0) - len) > 2) return 0;
  return tokenSimilarity(single, joinTokens(first, second));
}

/**
 * {@link joinedSimilarity} with the two words already joined by {@link joinTokens}
 * (`mainLength` = the sum of the two words' main key lengths), for callers that
 * compare one joined pair with many tokens.
 */
export function similarityToJoined(single: ScoringToken, joined: ScoringToken, mainLength: number): number {
  if (Math.abs((single.keys[0]?.length ?? 0) - mainLength) > 2) return 0;
  return tokenSimilarity(single, joined);
}

/** Most tokens per side that the allocation-free aligner handles (longer names are cut by the caller). */
export const MAX_ALIGN_TOKENS = 32;
const MAX_UNITS = MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS * 3;
// Scratch space of the aligner: candidate pairings and the assignment found.
const unitS = new Float64Array(MAX_UNITS);
const unitQi = new Int32Array(MAX_UNITS);
const unitQn = new Int32Array(MAX_UNITS);
const unitGj = new Int32Array(MAX_UNITS);
const unitGn = new Int32Array(MAX_UNITS);
const unitOrder = new Int32Array(MAX_UNITS);
/** After {@link alignTokens}: gallery start of each query token's partner (-1 when none). */
const alignQMatch = new Int32Array(MAX_ALIGN_TOKENS);
/** After {@link alignTokens}: width of that partner (2 when two gallery words read as one). */
const alignQSpan = new Int32Array(MAX_ALIGN_TOKENS);
/** After {@link alignTokens}: whether the partnership joined two words on either side. */
const alignQJoin = new Uint8Array(MAX_ALIGN_TOKENS);
const alignQSim = new Float64Array(MAX_ALIGN_TOKENS);
const alignGMatch = new Int32Array(MAX_ALIGN_TOKENS);
const alignGSim = new Float64Array(MAX_ALIGN_TOKENS);

function unitBefore(a: number, b: number): boolean {
  // Greedy by similarity; among equals, single pairs and earlier tokens first.
  const d = (unitS[b] as number) - (unitS[a] as number);
  if (d !== 0) return d < 0;
  const w = (unitQn[a] as number) + (unitGn[a] as number) - ((unitQn[b] as number) + (unitGn[b] as number));
  if (w !== 0) return w < 0;
  if (unitQi[a] !== unitQi[b]) return (unitQi[a] as number) < (unitQi[b] as number);
  return (unitGj[a] as number) < (unitGj[b] as number);
}

/**
 * The alignment of {@link compareNames} on flat arrays, without allocating: `sim[i * ng + j]`
 * is the similarity of query token i and gallery token j; `gJoin[i * ng + j]` that of query
 * token i and gallery tokens j and j+1 read as one (0 when they cannot be); `qJoin[i * ng + j]`
 * that of query tokens i and i+1 read as one and gallery token j. Returns the name score;
 * the assignment stays in module scratch space until the next call.
 */
export function alignTokens(
  nq: number,
  ng: number,
  sim: ArrayLike<number>,
  gJoin: ArrayLike<number> | null,
  qJoin: ArrayLike<number> | null,
  queryWeights: ArrayLike<number>,
  galleryWeights: ArrayLike<number>,
): number {
  if (nq > MAX_ALIGN_TOKENS) nq = MAX_ALIGN_TOKENS;
  if (ng > MAX_ALIGN_TOKENS) ng = MAX_ALIGN_TOKENS;
  let n = 0;
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < ng; j++) {
      const s = sim[i * ng + j] as number;
      if (s >= MIN_PAIR_SIMILARITY) {
        unitS[n] = s; unitQi[n] = i; unitQn[n] = 1; unitGj[n] = j; unitGn[n] = 1; n++;
      }
    }
  }
  if (nq + ng > 2) {
    if (gJoin) {
      for (let j = 0; j + 1 < ng; j++) {
        for (let i = 0; i < nq; i++) {
          const s = gJoin[i * ng + j] as number;
          if (s >= MIN_PAIR_SIMILARITY) {
            unitS[n] = s; unitQi[n] = i; unitQn[n] = 1; unitGj[n] = j; unitGn[n] = 2; n++;
          }
        }
      }
    }
    if (qJoin) {
      for (let i = 0; i + 1 < nq; i++) {
        for (let j = 0; j < ng; j++) {
          const s = qJoin[i * ng + j] as number;
          if (s >= MIN_PAIR_SIMILARITY) {
            unitS[n] = s; unitQi[n] = i; unitQn[n] = 2; unitGj[n] = j; unitGn[n] = 1; n++;
          }
        }
      }
    }
  }
  // Insertion sort of the (few) units into greedy order.
  for (let k = 0; k < n; k++) {
    let x = k;
    while (x > 0 && unitBefore(k, unitOrder[x - 1] as number)) {
      unitOrder[x] = unitOrder[x - 1] as number;
      x--;
    }
    unitOrder[x] = k;
  }
  alignQMatch.fill(-1, 0, nq);
  alignQSim.fill(0, 0, nq);
  alignQJoin.fill(0, 0, nq);
  alignGMatch.fill(-1, 0, ng);
  alignGSim.fill(0, 0, ng);
  for (let k = 0; k < n; k++) {
    const u = unitOrder[k] as number;
    const qi = unitQi[u] as number;
    const qn = unitQn[u] as number;
    const gj = unitGj[u] as number;
    const gn = unitGn[u] as number;
    let free = true;
    for (let a = qi; a < qi + qn; a++) if (alignQMatch[a] !== -1) free = false;
    for (let b = gj; b < gj + gn; b++) if (alignGMatch[b] !== -1) free = false;
    if (!free) continue;
    const s = unitS[u] as number;
    const join = qn > 1 || gn > 1 ? 1 : 0;
    for (let a = qi; a < qi + qn; a++) {
      alignQMatch[a] = gj;
      alignQSpan[a] = gn;
      alignQJoin[a] = join;
      alignQSim[a] = s;
    }
    for (let b = gj; b < gj + gn; b++) {
      alignGMatch[b] = qi;
      alignGSim[b] = s;
    }
  }
  let qTotal = 0;
  let qGot = 0;
  let gTotal = 0;
  let gGot = 0;
  for (let i = 0; i < nq; i++) {
    const w = queryWeights[i] ?? 0;
    qTotal += w;
    if (alignQMatch[i] !== -1) qGot += w * pairCredit(alignQSim[i] as number);
  }
  for (let j = 0; j < ng; j++) {
    const w = galleryWeights[j] ?? 0;
    gTotal += w;
    if (alignGMatch[j] !== -1) gGot += w * pairCredit(alignGSim[j] as number);
  }
  const qCov = qTotal > 0 ? qGot / qTotal : 0;
  const gCov = gTotal > 0 ? gGot / gTotal : 0;
  return QUERY_COVERAGE_SHARE * qCov + (1 - QUERY_COVERAGE_SHARE) * gCov;
}

/**
 * After {@link alignTokens}: how far the aligned words keep the query's order, in [0, 1]:
 * the share of pairs of aligned query words whose partners come in the same order (1 when
 * fewer than two words aligned). A list writing "KIM Song Chol" and one writing "Song Chol
 * KIM" differ only here.
 */
export function lastOrderAgreement(nq: number): number {
  let same = 0;
  let pairs = 0;
  for (let a = 0; a < nq; a++) {
    const ga = alignQMatch[a] as number;
    if (ga < 0) continue;
    for (let b = a + 1; b < nq; b++) {
      const gb = alignQMatch[b] as number;
      if (gb < 0 || gb === ga) continue;
      pairs++;
      if (gb > ga) same++;
    }
  }
  return pairs === 0 ? 1 : same / pairs;
}

/**
 * After {@link alignTokens}: the credit each query token got from the last alignment
 * (0 when it found no partner), written into `out` (the first `nq` slots).
 */
export function lastQueryCredits(nq: number, out: Float64Array): void {
  for (let i = 0; i < nq; i++) out[i] = alignQMatch[i] === -1 ? 0 : pairCredit(alignQSim[i] as number);
}

// Scratch space of compareNames (filled afresh by each call; the similarity callbacks never compare names).
const compareSim = new Float64Array(MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS);
const compareGJoin = new Float64Array(MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS);
const compareQJoin = new Float64Array(MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS);

/**
 * Compare a query name with a gallery name. `sim(i, j)` gives the similarity of query
 * token i and gallery token j (the caller may cache it); weights are per token.
 * Tokens are aligned greedily by descending similarity, which for names of a few
 * tokens finds the best assignment in practice and is order-tolerant. Tokens left over
 * on both sides get a second chance as two adjacent words read as one (Wali Jan and
 * Walijan, Mohammad Reza and Mohammadreza).
 */
export function compareNames(
  queryTokens: readonly ScoringToken[],
  queryWeights: readonly number[],
  galleryTokens: readonly ScoringToken[],
  galleryWeights: readonly number[],
  sim: (i: number, j: number) => number,
  explain: boolean,
  joined?: JoinedSimilarities,
): NameComparison {
  const nq = Math.min(queryTokens.length, MAX_ALIGN_TOKENS);
  const ng = Math.min(galleryTokens.length, MAX_ALIGN_TOKENS);
  const m = compareSim;
  const gj2 = compareGJoin.fill(0, 0, nq * ng);
  const qj2 = compareQJoin.fill(0, 0, nq * ng);
  for (let i = 0; i < nq; i++) for (let j = 0; j < ng; j++) m[i * ng + j] = sim(i, j);
  if (nq + ng > 2) {
    const g2 = joined?.gallery ?? ((i: number, j: number) => joinedSimilarity(queryTokens[i], galleryTokens[j], galleryTokens[j + 1]));
    const q2 = joined?.query ?? ((i: number, j: number) => joinedSimilarity(galleryTokens[j], queryTokens[i], queryTokens[i + 1]));
    for (let j = 0; j + 1 < ng; j++) {
      if (!joinable(galleryTokens[j], galleryTokens[j + 1])) continue;
      for (let i = 0; i < nq; i++) gj2[i * ng + j] = g2(i, j);
    }
    for (let i = 0; i + 1 < nq; i++) {
      if (!joinable(queryTokens[i], queryTokens[i + 1])) continue;
      for (let j = 0; j < ng; j++) qj2[i * ng + j] = q2(i, j);
    }
  }
  const score = alignTokens(nq, ng, m, gj2, qj2, queryWeights, galleryWeights);
  if (!explain) return { score, alignments: [], unmatched: [] };
  const alignments: TokenAlignment[] = [];
  for (let i = 0; i < nq; i++) {
    const j = alignQMatch[i] as number;
    let matched: string | null = null;
    if (j >= 0) {
      const span = alignQJoin[i] === 1 ? (alignQSpan[i] as number) : 1;
      matched = galleryTokens.slice(j, j + span).map((t) => t.form).join(' ');
    }
    alignments.push({
      query: queryTokens[i]?.form ?? '',
      matched,
      similarity: round(alignQSim[i] as number),
      weight: round(queryWeights[i] ?? 0),
    });
  }
  const unmatched: string[] = [];
  for (let j = 0; j < ng; j++) if (alignGMatch[j] === -1) unmatched.push(galleryTokens[j]?.form ?? '');
  return { score, alignments, unmatched };
}

/** Round for display in explanations. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

