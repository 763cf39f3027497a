/**
 * An in-memory name index for finding register entries by name across scripts.
 *
 * Every name of every entry is tokenised and keyed; an inverted index maps each
 * phonetic key to the names that have it. A search looks up the query's keys, rarest
 * first, skips keys so common that they would list a large part of the gallery, ranks
 * the names found by the weight of the keys they share, and scores the best of them in
 * full. An entry's score is its best name's score plus the evidence (date of birth,
 * nationality, sex, mother's name) that agrees or conflicts. Every candidate comes
 * with an explanation.
 *
 * The register keeps the index current per event with {@link NameIndex.add} and
 * {@link NameIndex.remove}; removal marks names dead and the postings are compacted
 * when dead names pile up.
 */
import { parseDateOfBirth } from './dates.ts';
import type { DateOfBirth, DayInterval } from './dates.ts';
import type { NameScript } from './normalise.ts';
import { normaliseName } from './normalise.ts';
import { deletionKeys } from './keys.ts';
import { alignTokens, compareNames, lastOrderAgreement, lastQueryCredits, joinable, MAX_ALIGN_TOKENS, similarityToJoined, joinTokens, ROLE_FACTOR, round, scoringToken, tokenSimilarity } from './score.ts';
import type { ScoringToken, TokenAlignment } from './score.ts';
import { SimilarityCache } from './similarity-cache.ts';
import {
  AGREE_LEVELS, DEFAULT_PARAMETERS, DOB_LEVELS, FIELD_LEVELS, MODEL_FIELDS, NAME_EDGES, NAME_EXACT_FROM, NAME_LEVELS,
  combinedNameWeight, levelShares, dobLevel, MIN_ALIAS_PAIRS, estimateEm, implausibility, levelWeight, nameLevel, nameLevelWeights, nameWeight, priorWeight, probabilityOf,
} from './fellegi-sunter.ts';
import type { ComparisonVector, DobLevel, EvidenceWeight, MatchParameters, NameLevel } from './fellegi-sunter.ts';
import { readNationalities } from './nationality.ts';
import { tokenizeNormalised } from './tokenize.ts';
import type { NameToken } from './tokenize.ts';

export type { EvidenceWeight, MatchParameters } from './fellegi-sunter.ts';

/** Most tokens of one name that are indexed and scored. */
export const MAX_TOKENS_PER_NAME = 24;

/** Evidence other than the name, as the register holds it. All optional. */
export interface MatchEvidence {
  /** Dates of birth; partial dates and ranges are intervals. */
  dob?: readonly DateOfBirth[];
  /** Nationalities: ISO 3166-1 alpha-2 codes or country names (see nationality.ts); others count as unknown. */
  nationalities?: readonly string[];
  /** 'male' / 'female' (also 'm' / 'f'); anything else counts as unknown. */
  sex?: string;
  /** Mother's full name(s). */
  motherNames?: readonly string[];
}

/** A search request. */
export interface NameQuery {
  name: string;
  dob?: readonly DateOfBirth[] | DateOfBirth;
  nationalities?: readonly string[];
  sex?: string;
  motherName?: string;
}

/** Options of {@link NameIndex.search}. */
export interface SearchOptions {
  /** How many entries to return (default 10). */
  top?: number;
  /**
   * Build explanations (default true; turn off for bulk evaluation). `'later'` builds none
   * but answers, for each candidate, a function that builds its explanation: for callers
   * that keep few of many candidates. It must be called before the index changes.
   */
  explain?: boolean | 'later';
}

/** One piece of non-name evidence in an explanation. */
export interface EvidenceNote {
  kind: 'dob' | 'nationality' | 'sex' | 'mother';
  outcome: 'agree' | 'conflict' | 'unknown';
  /** Its weight: the log2 Bayes factor it added to (or took from) the candidate's log2 odds. */
  delta: number;
  detail: string;
}

/** Why a candidate was proposed and how it scored. */
export interface Explanation {
  /** The gallery name that matched best. */
  name: string;
  /** Score of that name alone, in [0, 1]. */
  nameScore: number;
  /** Each query token and the gallery token it aligned with. */
  tokens: TokenAlignment[];
  /** Tokens of the gallery name that nothing in the query matched. */
  unmatched: string[];
  /**
   * Added because other names of the entry matched too: a share of the second-best name's
   * score ({@link SECOND_NAME_SHARE}) and of the query words that only its other names
   * hold ({@link UNION_SHARE}).
   */
  otherNamesDelta: number;
  evidence: EvidenceNote[];
  /** log2 prior odds that this entry is the person searched for (see fellegi-sunter.ts). */
  priorWeight: number;
  /** Each field's contribution, in log2 Bayes factors: the waterfall from the prior to the score. */
  weights: EvidenceWeight[];
  /** The candidate's score: log2(p / (1 − p)) = priorWeight + Σ weights. */
  probability: number;
  /** The version of the parameters that weighed the evidence. */
  parameters: string;
}

/** A proposed entry. */
export interface Candidate {
  id: string;
  score: number;
  explanation?: Explanation;
}

/** What became of the query name before searching. */
export interface QueryReport {
  normalised: string;
  script: NameScript;
  /** The name was longer than the limit and was cut. */
  capped: boolean;
  /** Invalid UTF-16 (lone surrogates) was removed. */
  repaired: boolean;
  tokens: Array<{ form: string; role: string; keys: string[]; weight: number }>;
  /** Keys too common to list (they still count in scoring). */
  skippedKeys: string[];
  /** Why nothing could be searched, when that is the case. */
  problem?: 'empty-name' | 'no-letters';
}

/** The answer of {@link NameIndex.search}. */
export interface SearchResult {
  query: QueryReport;
  candidates: Candidate[];
  /** With `explain: 'later'`: what builds each candidate's explanation, in the same order. */
  explainers?: Array<() => Explanation>;
}

/** What {@link NameIndex.add} did with each name. */
export interface AddReport {
  indexed: number;
  skipped: Array<{ name: string; reason: 'empty-name' | 'no-letters' | 'not-a-string' }>;
  capped: number;
}

/** Tuning of candidate search. */
export interface NameIndexOptions {
  /** Keys listing more names than this are not listed (default: max(2000, 0.5% of names)). */
  maxPostings?: number;
  /** Most postings visited per query (default 30 000). */
  postingBudget?: number;
  /** Names scored in full per query (default 100). */
  scoredNames?: number;
  /**
   * Another index whose names count, with this one's, in how common each name is: a small
   * index of people not yet on the register (the rest of an intake batch) then weighs
   * Muhammad and Ali as the register does, so its scores compare with the register's.
   */
  frequenciesFrom?: NameIndex;
  /** The evidence model's m and u (default: the stated {@link DEFAULT_PARAMETERS}; see {@link NameIndex.estimateParameters}). */
  parameters?: MatchParameters;
}

interface EntryRecord {
  slot: number;
  names: number[];
  dob: DayInterval[];
  /** Dates of birth that could not be read (kept to say so). */
  dobUnread: number;
  /** ISO codes. */
  nationalities: Set<string>;
  nationalitiesUnread: string[];
  sex: 'male' | 'female' | undefined;
  mothers: PreparedName[];
}

interface PreparedName {
  tokens: ScoringToken[];
  /** The name as given (what its tokens were prepared from). */
  name: string;
}

/**
 * Mothers' names compared lately, by the two names as given: few distinct mothers' names
 * recur across a list, and each comparison is made again for every candidate holding one.
 * Dropped whole when full.
 */
const motherScores = new Map<string, number>();
const MAX_MOTHER_SCORES = 100_000;

/** How alike two mothers' names are: the name score of one against the other, role weights only. */
function motherScore(query: PreparedName, mother: PreparedName): number {
  const key = `${query.name}\u0000${mother.name}`;
  let score = motherScores.get(key);
  if (score === undefined) {
    const q = query.tokens;
    const m = mother.tokens;
    score = compareNames(q, q.map((t) => ROLE_FACTOR[t.role]), m, m.map((t) => ROLE_FACTOR[t.role]), (i, j) => tokenSimilarity(q[i] as ScoringToken, m[j] as ScoringToken), false).score;
    if (motherScores.size >= MAX_MOTHER_SCORES) motherScores.clear();
    motherScores.set(key, score);
  }
  return score;
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class GrowableUint8 {
  data = new Uint8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Split "X (Y; Z)" and "X; Y" into the alternative names they list. */
export function splitAlternatives(name: string): string[] {
  if (!/[();]/.test(name)) return [name];
  return name
    .split(/[();]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function normaliseSex(sex: string | undefined): 'male' | 'female' | undefined {
  const s = sex?.trim().toLowerCase();
  if (s === 'male' || s === 'm') return 'male';
  if (s === 'female' || s === 'f') return 'female';
  return undefined;
}

/** A name normalised and tokenised (read-only: prepared names are shared). */
interface Prepared {
  readonly tokens: readonly NameToken[];
  readonly capped: boolean;
  readonly repaired: boolean;
  readonly script: NameScript;
  readonly text: string;
  /** The tokens prepared for scoring, made when first asked for. */
  scoring?: readonly ScoringToken[];
}

/**
 * Names prepared lately: a name is prepared for the register's search, for the search among
 * the rows of its batch, for adding it to the batch and, once committed, to the register (a
 * list's rows likewise: matched within the list, then in the register). Kept in two
 * generations: when the newer is full it becomes the older and the one before is dropped,
 * so the names in use are not all forgotten at once.
 */
let prepared = new Map<string, Prepared>();
let preparedBefore = new Map<string, Prepared>();
const MAX_PREPARED = 10_000;

function prepare(name: string): Prepared {
  let p = prepared.get(name);
  if (p !== undefined) return p;
  p = preparedBefore.get(name);
  if (p === undefined) {
    const n = normaliseName(name);
    const t = tokenizeNormalised(n);
    p = { tokens: Object.freeze(t.tokens.slice(0, MAX_TOKENS_PER_NAME)), capped: n.capped, repaired: n.repaired, script: n.script, text: n.text };
  }
  if (prepared.size >= MAX_PREPARED) {
    preparedBefore = prepared;
    prepared = new Map();
  }
  prepared.set(name, p);
  return p;
}

/** A prepared name's tokens ready for scoring. */
function scoringTokens(p: Prepared): readonly ScoringToken[] {
  p.scoring ??= Object.freeze(p.tokens.map(scoringToken));
  return p.scoring;
}

/** Prefix of near-miss (one deleted letter) keys in the postings. */
const FUZZY = '~';
/** A query token is looked up by near misses only when its exact keys list fewer names. */
const FUZZY_WHEN_FEWER_THAN = 50;
/** Prefix of shape keys (edge vowels + one consonant) in the postings. */
const SHAPE = '=';
/**
 * Share of a query token's weight added to a name's support when the name holds the
 * token spelt exactly so: among names that share a token's sound, those that share its
 * spelling are likelier to score well.
 */
const SPELLING_BONUS = 0.3;

/**
 * Readings of two adjacent words joined that a name is listed under: the first two, so that
 * a word whose final h may be silent on its own but is said inside a compound ("Allah Dad",
 * read l-d or l-h-d) meets the glued spelling "Allahdad" (l-h-d).
 */
const JOINED_POSTING_KEYS = 2;

/** Keys whose document frequency weighs tokens: each token's readings. */
function dfKeys(tokens: readonly ScoringToken[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    for (const k of t.keys) if (k !== '') out.add(k);
    if (t.shape !== '') out.add(SHAPE + t.shape);
  }
  return out;
}


/**
 * Everything a name is listed under: its tokens' keys, the distinctive parts of
 * compounds, adjacent tokens read as one word, and one-letter deletions of each
 * token's main key (so that one wrong, missing or extra consonant still meets).
 */
function postingKeys(tokens: readonly ScoringToken[]): Set<string> {
  const out = dfKeys(tokens);
  for (const t of tokens) {
    for (const k of t.partKeys) out.add(k);
    const main = t.keys[0] ?? '';
    if (t.role === 'name' && main.length >= 3) for (const d of deletionKeys(main)) out.add(FUZZY + d);
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i] as ScoringToken;
    const b = tokens[i + 1] as ScoringToken;
    if (a.role !== 'name' || b.role !== 'name' || a.script !== b.script) continue;
    const keys = joinTokens(a, b).keys;
    for (let x = 0; x < keys.length && x < JOINED_POSTING_KEYS; x++) if ((keys[x] as string).length >= 3) out.add(keys[x] as string);
  }
  return out;
}

/** Near-miss lookups for a query token: its main key against gallery deletions, and its deletions against both. */
function fuzzyQueryKeys(t: ScoringToken): string[] {
  if (t.role !== 'name') return [];
  const out: string[] = [];
  for (const k of t.keys.slice(0, 2)) {
    // A two-consonant key may be a longer gallery key with one consonant lost (Cheade, Chehade).
    if (k.length === 2) out.push(FUZZY + k);
    if (k.length < 3) continue;
    out.push(FUZZY + k);
    for (const d of deletionKeys(k)) {
      if (d.length >= 2) out.push(d);
      out.push(FUZZY + d);
    }
  }
  return [...new Set(out)];
}

/**
 * Russian-style patronymics (Alimovich, Akhmadovna), which official lists give for people
 * of the former Soviet Union and their other names often leave out: they weigh less.
 */
const PATRONYMIC = /^.{3,}(?:ovich|evich|ovych|evych|ovna|evna|ivna)$/;
const PATRONYMIC_FACTOR = 0.5;

/**
 * What a name loses when its words come in another order than the query's: lists write
 * the family name first or last by their own convention, so the same order is a (weak)
 * sign of the same source and the same writing of the name.
 */
export const ORDER_SHARE = 0.02;

/**
 * Most query tokens a name index tells apart in its similarity caches (query tokens meet
 * the same gallery tokens again and again); past these, or past the caches' own size, all
 * kept similarities are dropped and the caches start anew.
 */
const MAX_QUERY_IDS = 100_000;

/**
 * What a token's similarity to any other depends on: its script, role and form, and the
 * compound part it was read with (see {@link scoringToken}).
 */
function similarityKey(t: ScoringToken): string {
  let key = similarityKeys.get(t);
  if (key === undefined) {
    key = `${t.script}\u0000${t.role}\u0000${t.form}\u0000${t.partKeys.join('\u0001')}`;
    similarityKeys.set(t, key);
  }
  return key;
}

/** Each token's {@link similarityKey}, made once (prepared names share their tokens between searches). */
const similarityKeys = new WeakMap<ScoringToken, string>();

/** What a token's weight is made of, apart from how common its key is. */
interface TokenFactors {
  /** The key its frequency is counted under. */
  readonly key: string;
  readonly role: number;
  readonly short: number;
  readonly patronymic: number;
}

function tokenFactors(t: ScoringToken): TokenFactors {
  return {
    // Names of one consonant are counted by their shape (Ali "VlV" apart from Wael "Vl").
    key: t.shape !== '' ? SHAPE + t.shape : (t.keys[0] ?? ''),
    role: ROLE_FACTOR[t.role],
    // A short name is less distinctive than its frequency alone suggests (spelling noise).
    short: t.shape !== '' ? 0.75 : 1,
    patronymic: t.script === 'latin' && PATRONYMIC.test(t.form) ? PATRONYMIC_FACTOR : 1,
  };
}

/** Most names of one entry scored in full per query. */
const NAMES_SCORED_PER_ENTRY = 3;

/** Share of an entry's second-best name added to its best: several of a person's names agreeing with the query is evidence too. */
export const SECOND_NAME_SHARE = 0.05;

/**
 * Share of the query words found only in the entry's other names, added to its score: a
 * person listed as "Harith Nuri Khafaji" and as "Abu Harith al-Zubaydi" answers the query
 * "Harith Nuri Zubaydi" better than someone holding only the first name. Words are
 * weighed as in the query coverage of a name; only the names scored count.
 */
export const UNION_SHARE = 0.5;

/** An entry's best name, its score and query coverage, the second-best name score, and each query token's best credit over the names scored. */
interface EntryScore {
  nameId: number;
  score: number;
  second: number;
  /** Where each query token's best credit starts in the index's `unionPool` (nq values). */
  unionAt: number;
  bestCov: number;
}

/** A query's evidence, read once per search. */
interface QueryEvidence {
  dob: DayInterval[];
  /** ISO codes. */
  nat: Set<string>;
  /** The codes by their numbers in this index. */
  natIds: number[];
  sex: 'male' | 'female' | undefined;
  mother: PreparedName;
  /** Why a piece of evidence given could not be used. */
  notes: Partial<Record<'dob' | 'nationality' | 'sex' | 'mother', string>>;
  /** Is any piece of evidence usable? */
  known: boolean;
}

/** The weights of one search (log2 Bayes factors by level). */
interface Weighing {
  prior: number;
  name: Record<NameLevel, number>;
  dob: number[];
  nationality: number[];
  sex: number[];
  mother: number[];
}

const DAY_YEAR = 365.25;
/** Mothers' names this alike agree; below {@link MOTHER_CONFLICT} they conflict; in between they say nothing. */
const MOTHER_AGREE = 0.85;
const MOTHER_CONFLICT = 0.5;

const DOB_DETAIL: Record<DobLevel, string> = {
  exact: 'born the same day',
  same_year: 'the dates of birth overlap',
  one_year: 'dates of birth at most a year apart',
  two_to_five: 'dates of birth two to five years apart',
  conflict: 'dates of birth more than five years apart',
};

/** A date of birth read, or null for anything that cannot be (never a throw). */
function safeDate(d: unknown): DayInterval | null {
  if (typeof d !== 'string' && (typeof d !== 'object' || d === null || Array.isArray(d))) return null;
  try {
    const i = parseDateOfBirth(d as DateOfBirth);
    return i && Number.isFinite(i.from) && Number.isFinite(i.to) ? i : null;
  } catch {
    return null;
  }
}

/** A day number as YYYY-MM-DD. */
function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** A short hash of numbers (parameters' version). */
function hashNumbers(xs: readonly number[]): string {
  let h = 2166136261;
  for (const x of xs) {
    for (const c of x.toPrecision(6)) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The name index. Not safe for concurrent mutation during a search (single-threaded JS). */
export class NameIndex {
  // Token table: every distinct (script, role, form) once, with its keys.
  private readonly tokenIds = new Map<string, number>();
  private readonly tokenInfo: ScoringToken[] = [];
  // Names: token ids in a flat pool.
  private readonly nameStart = new GrowableInt32();
  private readonly nameLength = new GrowableInt32();
  private readonly nameEntry = new GrowableInt32();
  /** 1 while the name is live, 0 once removed. */
  private readonly nameAlive = new GrowableUint8();
  private readonly nameText: string[] = [];
  private readonly pool = new GrowableInt32();
  // Per pool position: the id of the word's pair with the next word of its name (-1 when
  // they cannot be read as one), the pairs numbered once per index.
  private readonly pairAt = new GrowableInt32();
  private readonly galleryPairIds: (Map<number, number> | undefined)[] = [];
  private galleryPairCount = 0;
  // Per pair: the length of the two words' main keys together.
  private readonly pairLength = new GrowableInt32();
  // Per token id: the length of the token's main key, and what its weight is made of.
  private readonly tokenMainLength: number[] = [];
  private readonly tokenFactors: TokenFactors[] = [];
  // Per token id: the names holding the token (dead ones too, until compacted).
  private readonly tokenNames: number[][] = [];
  // Entries.
  private readonly entries = new Map<string, EntryRecord>();
  private readonly entrySlotId: (string | undefined)[] = [];
  private readonly entrySlotRecord: (EntryRecord | undefined)[] = [];
  // Each entry's evidence by slot, flat, so that ranking weighs it without reaching for the
  // record: the date of birth when it is one interval, the sex, the nationality when it is
  // one (by its number in `nationalityIds`), and whether a mother's name is known. Entries
  // with several dates or nationalities are weighed from their record.
  private slotDobFrom = new Float64Array(1024);
  private slotDobTo = new Float64Array(1024);
  /** 0: no date; 1: one, in slotDobFrom/To; 2: several. */
  private slotDobCount = new Uint8Array(1024);
  /** 0: unknown; 1: male; 2: female. */
  private slotSex = new Uint8Array(1024);
  /** -1: none; -2: several; else the one nationality's number. */
  private slotNationality = new Int32Array(1024);
  private slotMothers = new Uint8Array(1024);
  private readonly nationalityIds = new Map<string, number>();
  // Inverted index and document frequencies (live names per key).
  private readonly postings = new Map<string, number[]>();
  private readonly keyDf = new Map<string, number>();
  private liveNames = 0;
  // Token weights depend on document frequencies; cached until the next add or remove.
  private dfVersion = 0;
  private readonly weightCache: number[] = [];
  private readonly weightVersion: number[] = [];
  private deadNames = 0;
  private readonly options: Required<Omit<NameIndexOptions, 'frequenciesFrom' | 'parameters'>>;
  private params: MatchParameters;
  private readonly base: NameIndex | undefined;
  // Scratch space for searches, grown with the name count.
  private acc = new Float32Array(0);
  private stamp = new Int32Array(0);
  private hits = new Uint8Array(0);
  private stampCounter = 0;
  // Per name, the spelt query tokens it holds (bits), valid where `heldAt` is the search's first stamp.
  private held = new Int32Array(0);
  private heldAt = new Int32Array(0);
  // Scratch space for scoring: per-token similarity rows of the current search.
  private simStamp = new Int32Array(0);
  private simSlot = new Int32Array(0);
  private qJoinSlot = new Int32Array(0);
  private simCounter = 0;
  private simPool = new Float32Array(4096);
  private readonly alignSim = new Float64Array(MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS);
  private readonly alignGJoin = new Float64Array(MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS);
  private readonly alignQJoin = new Float64Array(MAX_ALIGN_TOKENS * MAX_ALIGN_TOKENS);
  private readonly alignGWeights = new Float64Array(MAX_ALIGN_TOKENS);
  private readonly credits = new Float64Array(MAX_ALIGN_TOKENS);
  // Per entry scored in the current search: each query token's best credit over its names.
  private unionPool = new Float64Array(0);
  // Scratch space for ranking candidate names: each spelt token's place (plus one) by token id, and supports.
  private speltAt = new Int32Array(0);
  private support = new Float64Array(0);
  // Similarities kept across searches (they depend on the two tokens only, never on the
  // index's contents): query tokens and joined query pairs by id, then per id the gallery
  // token (or adjacent gallery pair) → similarity. Dropped whole when they grow too large.
  private readonly queryIds = new Map<string, number>();
  // Joined pairs of query tokens by the two tokens' ids (first · 2^17 + second), ids drawn with queryIds'.
  private readonly joinedQueryIds = new Map<number, number>();
  private readonly tokenSimilarities = new SimilarityCache();
  private readonly pairSimilarities = new SimilarityCache();
  private pairStamp = new Int32Array(0);
  private pairSlot = new Int32Array(0);

  constructor(options: NameIndexOptions = {}) {
    this.options = {
      maxPostings: options.maxPostings ?? 0,
      postingBudget: options.postingBudget ?? 30_000,
      scoredNames: options.scoredNames ?? 70,
    };
    this.base = options.frequenciesFrom;
    this.params = options.parameters ?? DEFAULT_PARAMETERS;
  }

  /** The evidence model's parameters in use. */
  get parameters(): MatchParameters {
    return this.params;
  }

  /** Weigh evidence with these parameters from now on. */
  setParameters(parameters: MatchParameters): void {
    this.params = parameters;
  }

  /** Number of entries in the index. */
  get size(): number {
    return this.entries.size;
  }

  /** Is this entry in the index? */
  has(entryId: string): boolean {
    return this.entries.has(entryId);
  }

  /** Number of live names in the index. */
  get nameCount(): number {
    return this.liveNames;
  }

  private internToken(t: NameToken): number {
    const key = `${t.script}\u0000${t.role}\u0000${t.form}`;
    let id = this.tokenIds.get(key);
    if (id === undefined) {
      id = this.tokenInfo.length;
      const info = scoringToken(t);
      this.tokenInfo.push(info);
      this.tokenFactors.push(tokenFactors(info));
      this.tokenMainLength.push(info.keys[0]?.length ?? 0);
      this.tokenNames.push([]);
      this.tokenIds.set(key, id);
    }
    return id;
  }

  /**
   * Add an entry with its names and evidence; an entry already present is replaced.
   * Empty names or names without letters are skipped and reported, never thrown.
   */
  add(entryId: string, names: readonly string[], evidence: MatchEvidence = {}): AddReport {
    if (typeof entryId !== 'string' || entryId === '') throw new TypeError('entryId must be a non-empty string');
    if (this.entries.has(entryId)) this.remove(entryId);
    const report: AddReport = { indexed: 0, skipped: [], capped: 0 };
    const slot = this.entrySlotId.length;
    this.entrySlotId.push(entryId);
    this.entrySlotRecord.push(undefined);
    const nat = readNationalities(evidence.nationalities ?? []);
    const record: EntryRecord = {
      slot,
      names: [],
      dob: [],
      dobUnread: 0,
      nationalities: nat.codes,
      nationalitiesUnread: nat.unread,
      sex: normaliseSex(evidence.sex),
      mothers: [],
    };
    for (const d of Array.isArray(evidence.dob) ? evidence.dob : []) {
      const i = safeDate(d);
      if (i) record.dob.push(i);
      else record.dobUnread++;
    }
    for (const m of evidence.motherNames ?? []) {
      if (typeof m !== 'string') continue;
      const p = prepare(m);
      if (p.tokens.length > 0) record.mothers.push({ tokens: [...scoringTokens(p)], name: m });
    }
    for (const raw of names) {
      if (typeof raw !== 'string') {
        report.skipped.push({ name: String(raw), reason: 'not-a-string' });
        continue;
      }
      for (const name of splitAlternatives(raw)) {
        const p = prepare(name);
        if (p.capped) report.capped++;
        if (p.tokens.length === 0) {
          report.skipped.push({ name, reason: p.text === '' && name.trim() === '' ? 'empty-name' : 'no-letters' });
          continue;
        }
        const nameId = this.nameEntry.length;
        this.nameStart.push(this.pool.length);
        this.nameLength.push(p.tokens.length);
        this.nameEntry.push(slot);
        this.nameAlive.push(1);
        this.nameText.push(name);
        const tids: number[] = [];
        for (const t of p.tokens) {
          const tid = this.internToken(t);
          this.pool.push(tid);
          tids.push(tid);
          (this.tokenNames[tid] as number[]).push(nameId);
        }
        const infos = tids.map((tid) => this.tokenInfo[tid] as ScoringToken);
        // Each word's pair with the next, when the two may be one word written apart.
        for (let j = 0; j < tids.length; j++) {
          this.pairAt.push(j + 1 < tids.length && joinable(infos[j], infos[j + 1]) ? this.pairId(tids[j] as number, tids[j + 1] as number) : -1);
        }
        for (const k of dfKeys(infos)) this.keyDf.set(k, (this.keyDf.get(k) ?? 0) + 1);
        this.dfVersion++;
        for (const k of postingKeys(infos)) {
          let list = this.postings.get(k);
          if (!list) {
            list = [];
            this.postings.set(k, list);
          }
          list.push(nameId);
        }
        record.names.push(nameId);
        this.liveNames++;
        report.indexed++;
      }
    }
    this.entries.set(entryId, record);
    this.entrySlotRecord[slot] = record;
    this.flattenEvidence(slot, record);
    return report;
  }

  /** Keep an entry's evidence in the flat per-slot arrays. */
  private flattenEvidence(slot: number, record: EntryRecord): void {
    if (slot >= this.slotDobFrom.length) {
      const size = Math.max(slot + 1, this.slotDobFrom.length * 2);
      const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const next = make(size);
        next.set(a);
        return next;
      };
      this.slotDobFrom = grow(this.slotDobFrom, (n) => new Float64Array(n));
      this.slotDobTo = grow(this.slotDobTo, (n) => new Float64Array(n));
      this.slotDobCount = grow(this.slotDobCount, (n) => new Uint8Array(n));
      this.slotSex = grow(this.slotSex, (n) => new Uint8Array(n));
      this.slotNationality = grow(this.slotNationality, (n) => new Int32Array(n));
      this.slotMothers = grow(this.slotMothers, (n) => new Uint8Array(n));
    }
    const dob = record.dob;
    this.slotDobCount[slot] = Math.min(dob.length, 2);
    if (dob.length === 1) {
      this.slotDobFrom[slot] = (dob[0] as DayInterval).from;
      this.slotDobTo[slot] = (dob[0] as DayInterval).to;
    }
    this.slotSex[slot] = record.sex === 'male' ? 1 : record.sex === 'female' ? 2 : 0;
    let nationality = -1;
    if (record.nationalities.size > 1) nationality = -2;
    else {
      for (const n of record.nationalities) {
        nationality = this.nationalityIds.get(n) ?? this.nationalityIds.size;
        this.nationalityIds.set(n, nationality);
      }
    }
    this.slotNationality[slot] = nationality;
    this.slotMothers[slot] = record.mothers.length > 0 ? 1 : 0;
  }

  /**
   * Remove every entry, as if the index were new. What it learnt of tokens (their table, word
   * pairs, kept similarities) stays, so that an index refilled with similar names (the rows of
   * one intake batch after another) answers sooner; answers are those of a new index.
   */
  clear(): void {
    for (const g of [this.nameStart, this.nameLength, this.nameEntry, this.pool, this.pairAt]) g.length = 0;
    this.nameAlive.length = 0;
    for (const names of this.tokenNames) names.length = 0;
    this.nameText.length = 0;
    this.entries.clear();
    this.entrySlotId.length = 0;
    this.entrySlotRecord.length = 0;
    this.postings.clear();
    this.keyDf.clear();
    this.liveNames = 0;
    this.deadNames = 0;
    // Token weights cached under an earlier version must not be taken for current.
    this.dfVersion++;
  }

  /** Remove an entry and all its names. Returns false when it was not there. */
  remove(entryId: string): boolean {
    const record = this.entries.get(entryId);
    if (!record) return false;
    for (const nameId of record.names) {
      this.nameAlive.data[nameId] = 0;
      const infos = Array.from(this.nameTokenIds(nameId), (tid) => this.tokenInfo[tid] as ScoringToken);
      for (const k of dfKeys(infos)) this.keyDf.set(k, (this.keyDf.get(k) ?? 1) - 1);
      this.dfVersion++;
      this.liveNames--;
      this.deadNames++;
    }
    this.entries.delete(entryId);
    this.entrySlotId[record.slot] = undefined;
    this.entrySlotRecord[record.slot] = undefined;
    if (this.deadNames > 1000 && this.deadNames > this.liveNames) this.compact();
    return true;
  }

  /** Drop dead names from the postings. */
  private compact(): void {
    for (const [k, list] of this.postings) {
      const kept = list.filter((n) => this.nameAlive.data[n] === 1);
      if (kept.length === 0) this.postings.delete(k);
      else this.postings.set(k, kept);
    }
    for (let tid = 0; tid < this.tokenNames.length; tid++) this.tokenNames[tid] = (this.tokenNames[tid] as number[]).filter((n) => this.nameAlive.data[n] === 1);
    for (const [k, df] of this.keyDf) if (df <= 0) this.keyDf.delete(k);
    this.deadNames = 0;
  }

  private nameTokenIds(nameId: number): Int32Array {
    const start = this.nameStart.data[nameId] ?? 0;
    const len = this.nameLength.data[nameId] ?? 0;
    return this.pool.data.subarray(start, start + len);
  }

  /** Weight of an interned token, cached. */
  private tokenWeight(tid: number): number {
    // Both counters only grow, so their sum changes whenever either index changes.
    const version = this.dfVersion + (this.base?.dfVersion ?? 0);
    if (this.weightVersion[tid] === version) return this.weightCache[tid] as number;
    const f = this.tokenFactors[tid] as TokenFactors;
    const w = this.weighKey(f.key, f.role, f.short, f.patronymic);
    this.weightCache[tid] = w;
    this.weightVersion[tid] = version;
    return w;
  }

  /** IDF-like weight of a token: rare keys weigh more. */
  private weight(t: ScoringToken): number {
    const f = tokenFactors(t);
    return this.weighKey(f.key, f.role, f.short, f.patronymic);
  }

  /** The weight of a token counted under `key`, with its factors (see {@link tokenFactors}). */
  private weighKey(key: string, role: number, short: number, patronymic: number): number {
    const base = this.base;
    const total = this.liveNames + (base?.liveNames ?? 0);
    const df = key === '' ? total : (this.keyDf.get(key) ?? 0) + (base?.keyDf.get(key) ?? 0);
    const idf = Math.log(1 + (total + 1) / (df + 1));
    return idf * role * short * patronymic;
  }

  private maxPostings(): number {
    return this.options.maxPostings > 0 ? this.options.maxPostings : Math.max(2000, Math.floor(this.liveNames * 0.005));
  }

  /** Search by name and optional evidence; best candidates first, scored by probability. */
  search(query: NameQuery, options: SearchOptions = {}): SearchResult {
    const top = Math.max(0, Math.floor(options.top ?? 10));
    const explain = options.explain ?? true;
    if (query === null || typeof query !== 'object' || typeof query.name !== 'string') {
      throw new TypeError('query.name must be a string');
    }
    const p = prepare(query.name);
    const qTokens = [...scoringTokens(p)];
    const qWeights = qTokens.map((t) => this.weight(t));
    const report: QueryReport = {
      normalised: p.text,
      script: p.script,
      capped: p.capped,
      repaired: p.repaired,
      tokens: qTokens.map((t, i) => ({ form: t.form, role: t.role, keys: [...t.keys], weight: round(qWeights[i] ?? 0) })),
      skippedKeys: [],
    };
    if (qTokens.length === 0) {
      report.problem = p.text === '' ? 'empty-name' : 'no-letters';
      return { query: report, candidates: [] };
    }
    if (top === 0) return { query: report, candidates: [] };

    const names = this.gatherCandidates(qTokens, qWeights, report);
    const best = this.scoreNames(names, qTokens, qWeights);

    const q = this.readQueryEvidence(query);
    const weigh = this.weighing(best, q, qTokens);

    // The best `top` by log2 odds (then id), kept in order as they come: a total order, so the
    // same list a full sort would begin with; probabilities only for those.
    const scored: Array<{ id: string; logit: number; nameId: number; nameScore: number; otherNamesDelta: number; slot: number }> = [];
    const before = (x: { id: string; logit: number }, y: { id: string; logit: number }): boolean => x.logit > y.logit || (x.logit === y.logit && x.id < y.id);
    const nq = Math.min(qTokens.length, MAX_ALIGN_TOKENS);
    let qTotal = 0;
    for (let i = 0; i < nq; i++) qTotal += qWeights[i] ?? 0;
    for (const [slot, b] of best) {
      const id = this.entrySlotId[slot];
      if (id === undefined) continue;
      let unionCov = 0;
      for (let i = 0; i < nq; i++) unionCov += (qWeights[i] ?? 0) * (this.unionPool[b.unionAt + i] as number);
      unionCov = qTotal > 0 ? unionCov / qTotal : 0;
      const otherNamesDelta = SECOND_NAME_SHARE * b.second + UNION_SHARE * Math.max(0, unionCov - b.bestCov);
      let logit = weigh.prior + combinedNameWeight(b.score + otherNamesDelta, weigh.name);
      if (q.known) logit += this.weighSlotEvidence(slot, q, weigh);
      const item = { id, logit, nameId: b.nameId, nameScore: b.score, otherNamesDelta, slot };
      if (scored.length === top && !before(item, scored[top - 1] as typeof item)) continue;
      let at = scored.length === top ? top - 1 : scored.length;
      while (at > 0 && before(item, scored[at - 1] as typeof item)) {
        scored[at] = scored[at - 1] as typeof item;
        at--;
      }
      scored[at] = item;
    }
    const candidates: Candidate[] = [];
    const explainers: Array<() => Explanation> = [];
    for (const s of scored) {
      const score = probabilityOf(s.logit);
      const c: Candidate = { id: s.id, score };
      const explainer = (): Explanation => {
        const evidence: EvidenceNote[] = [];
        // The name's weight is one function of the combined name score; the waterfall shows
        // the best name's part and what the other names add to it.
        const own = nameWeight(s.nameScore, weigh.name);
        const weights: EvidenceWeight[] = [{ field: 'name', level: nameLevel(s.nameScore), weight: own, note: `name score ${round(s.nameScore)}` }];
        if (s.otherNamesDelta > 0) {
          weights.push({ field: 'other_names', level: 'agree', weight: combinedNameWeight(s.nameScore + s.otherNamesDelta, weigh.name) - own, note: `the entry's other names add ${round(s.otherNamesDelta)} to the name score` });
        }
        this.weighEvidence(this.entrySlotRecord[s.slot] as EntryRecord, q, weigh, weights, evidence);
        const ex = this.explain(s.nameId, s.nameScore, s.otherNamesDelta, qTokens, qWeights, evidence);
        return { ...ex, priorWeight: weigh.prior, weights, probability: score, parameters: this.params.version };
      };
      if (explain === true) c.explanation = explainer();
      else if (explain === 'later') explainers.push(explainer);
      candidates.push(c);
    }
    return explain === 'later' ? { query: report, candidates, explainers } : { query: report, candidates };
  }

  /**
   * Score candidate names in full and keep each entry's best (and second-best) name score.
   * Similarities of each query token to a gallery token, alone or joined with its
   * neighbour, are computed once per search and kept in flat scratch arrays.
   */
  private scoreNames(names: readonly number[], qTokens: ScoringToken[], qWeights: number[]): Map<number, EntryScore> {
    const nq = Math.min(qTokens.length, MAX_ALIGN_TOKENS);
    const tokenCount = this.tokenInfo.length;
    if (this.simStamp.length < tokenCount) {
      const size = Math.max(tokenCount, this.simStamp.length * 2, 1024);
      const stamp = new Int32Array(size);
      stamp.set(this.simStamp);
      const slot = new Int32Array(size);
      slot.set(this.simSlot);
      const qj = new Int32Array(size);
      qj.set(this.qJoinSlot);
      this.simStamp = stamp;
      this.simSlot = slot;
      this.qJoinSlot = qj;
    }
    const searchStamp = ++this.simCounter;
    if (this.tokenSimilarities.full || this.pairSimilarities.full || this.queryIds.size + this.joinedQueryIds.size > MAX_QUERY_IDS) this.dropSimilarities();
    const qIds: number[] = [];
    const qMainLength: number[] = [];
    for (let i = 0; i < nq; i++) {
      qIds.push(this.queryId(similarityKey(qTokens[i] as ScoringToken)));
      qMainLength.push((qTokens[i] as ScoringToken).keys[0]?.length ?? 0);
    }
    // Adjacent query words read as one, joined once per search.
    const joinedQuery: (ScoringToken | undefined)[] = [];
    const joinedQueryLength: number[] = [];
    const joinedQueryIds: number[] = [];
    for (let i = 0; i + 1 < nq; i++) {
      const a = qTokens[i] as ScoringToken;
      const b = qTokens[i + 1] as ScoringToken;
      const join = joinable(a, b);
      joinedQuery.push(join ? joinTokens(a, b) : undefined);
      joinedQueryLength.push((a.keys[0]?.length ?? 0) + (b.keys[0]?.length ?? 0));
      joinedQueryIds.push(join ? this.joinedQueryId(qIds[i] as number, qIds[i + 1] as number) : -1);
    }
    let poolUsed = 0;
    const rowOf = (tid: number, join: boolean): number => {
      const slots = join ? this.qJoinSlot : this.simSlot;
      if (this.simStamp[tid] !== searchStamp) {
        this.simStamp[tid] = searchStamp;
        this.simSlot[tid] = -1;
        this.qJoinSlot[tid] = -1;
      }
      let off = slots[tid] as number;
      if (off >= 0) return off;
      off = poolUsed;
      poolUsed += nq;
      if (this.simPool.length < poolUsed) {
        const next = new Float32Array(Math.max(poolUsed, this.simPool.length * 2));
        next.set(this.simPool);
        this.simPool = next;
      }
      const g = this.tokenInfo[tid] as ScoringToken;
      const pool = this.simPool;
      if (join) {
        pool[off + nq - 1] = 0;
        for (let i = 0; i + 1 < nq; i++) {
          const jq = joinedQuery[i];
          if (!jq) {
            pool[off + i] = 0;
            continue;
          }
          // Lengths too far apart to be one word (as similarityToJoined finds).
          if (Math.abs((this.tokenMainLength[tid] as number) - (joinedQueryLength[i] as number)) > 2) {
            pool[off + i] = 0;
            continue;
          }
          const q = joinedQueryIds[i] as number;
          let s = this.tokenSimilarities.get(q, tid);
          if (s !== s) {
            s = similarityToJoined(g, jq, joinedQueryLength[i] as number);
            this.tokenSimilarities.set(q, tid, s);
          }
          pool[off + i] = s;
        }
      } else {
        for (let i = 0; i < nq; i++) {
          const q = qIds[i] as number;
          let s = this.tokenSimilarities.get(q, tid);
          if (s !== s) {
            s = tokenSimilarity(qTokens[i] as ScoringToken, g);
            this.tokenSimilarities.set(q, tid, s);
          }
          pool[off + i] = s;
        }
      }
      slots[tid] = off;
      return off;
    };
    // Two adjacent gallery words read as one, per (first, second) token pair: the row's
    // offset in the scratch pool.
    const galleryJoinRow = (pair: number, a: number, b: number): number => {
      if (this.pairStamp.length <= pair) {
        const size = Math.max(pair + 1, this.pairStamp.length * 2, 1024);
        const stamp = new Int32Array(size);
        stamp.set(this.pairStamp);
        const slot = new Int32Array(size);
        slot.set(this.pairSlot);
        this.pairStamp = stamp;
        this.pairSlot = slot;
      }
      if (this.pairStamp[pair] === searchStamp) return this.pairSlot[pair] as number;
      const off = poolUsed;
      poolUsed += nq;
      if (this.simPool.length < poolUsed) {
        const next = new Float32Array(Math.max(poolUsed, this.simPool.length * 2));
        next.set(this.simPool);
        this.simPool = next;
      }
      const row = this.simPool;
      let joined: ScoringToken | undefined;
      let len = 0;
      const pairLength = this.pairLength.data[pair] as number;
      for (let i = 0; i < nq; i++) {
        // Lengths too far apart to be one word (as similarityToJoined finds).
        if (Math.abs((qMainLength[i] as number) - pairLength) > 2) {
          row[off + i] = 0;
          continue;
        }
        const q = qIds[i] as number;
        let s = this.pairSimilarities.get(q, pair);
        if (s !== s) {
          if (joined === undefined) {
            const ta = this.tokenInfo[a] as ScoringToken;
            const tb = this.tokenInfo[b] as ScoringToken;
            joined = joinTokens(ta, tb);
            len = (ta.keys[0]?.length ?? 0) + (tb.keys[0]?.length ?? 0);
          }
          s = similarityToJoined(qTokens[i] as ScoringToken, joined, len);
          this.pairSimilarities.set(q, pair, s);
        }
        row[off + i] = s;
      }
      this.pairStamp[pair] = searchStamp;
      this.pairSlot[pair] = off;
      return off;
    };
    const sim = this.alignSim;
    const gJoin = this.alignGJoin;
    const qJoin = this.alignQJoin;
    const gWeights = this.alignGWeights;
    const starts = this.nameStart.data;
    const lengths = this.nameLength.data;
    const pool = this.pool;
    const pairAt = this.pairAt.data;
    const best = new Map<number, EntryScore>();
    const credits = this.credits;
    if (this.unionPool.length < names.length * nq) this.unionPool = new Float64Array(Math.max(names.length * nq, this.unionPool.length * 2));
    const union = this.unionPool;
    let unionUsed = 0;
    let qTotal = 0;
    for (let i = 0; i < nq; i++) qTotal += qWeights[i] ?? 0;
    for (const nameId of names) {
      const start = starts[nameId] as number;
      const ng = Math.min(lengths[nameId] as number, MAX_ALIGN_TOKENS);
      const tids = pool.data;
      const joins = nq + ng > 2;
      for (let j = 0; j < ng; j++) {
        const tid = tids[start + j] as number;
        gWeights[j] = this.tokenWeight(tid);
        const off = rowOf(tid, false);
        const sp = this.simPool;
        for (let i = 0; i < nq; i++) sim[i * ng + j] = sp[off + i] as number;
        if (!joins) continue;
        if (nq > 1) {
          const qo = rowOf(tid, true);
          const qp = this.simPool;
          for (let i = 0; i < nq; i++) qJoin[i * ng + j] = qp[qo + i] as number;
        } else {
          qJoin[j] = 0;
        }
        const pair = pairAt[start + j] as number;
        if (j + 1 < ng && pair >= 0) {
          const go = galleryJoinRow(pair, tid, tids[start + j + 1] as number);
          const gp = this.simPool;
          for (let i = 0; i < nq; i++) gJoin[i * ng + j] = gp[go + i] as number;
        } else {
          for (let i = 0; i < nq; i++) gJoin[i * ng + j] = 0;
        }
      }
      const score = alignTokens(nq, ng, sim, joins ? gJoin : null, joins ? qJoin : null, qWeights, gWeights)
        - ORDER_SHARE * (1 - lastOrderAgreement(nq));
      lastQueryCredits(nq, credits);
      let cov = 0;
      for (let i = 0; i < nq; i++) cov += (qWeights[i] ?? 0) * (credits[i] as number);
      cov = qTotal > 0 ? cov / qTotal : 0;
      const slot = this.nameEntry.data[nameId] ?? 0;
      const prev = best.get(slot);
      if (!prev) {
        for (let i = 0; i < nq; i++) union[unionUsed + i] = credits[i] as number;
        best.set(slot, { nameId, score, second: 0, unionAt: unionUsed, bestCov: cov });
        unionUsed += nq;
      } else {
        const at = prev.unionAt;
        for (let i = 0; i < nq; i++) if ((credits[i] as number) > (union[at + i] as number)) union[at + i] = credits[i] as number;
        if (score > prev.score) {
          prev.second = prev.score;
          prev.score = score;
          prev.nameId = nameId;
          prev.bestCov = cov;
        } else if (score > prev.second) prev.second = score;
      }
    }
    return best;
  }

  /** The id of two adjacent gallery tokens. */
  private pairId(a: number, b: number): number {
    let pairs = this.galleryPairIds[a];
    if (pairs === undefined) {
      pairs = new Map();
      this.galleryPairIds[a] = pairs;
    }
    let pair = pairs.get(b);
    if (pair === undefined) {
      pair = this.galleryPairCount++;
      pairs.set(b, pair);
      this.pairLength.push((this.tokenMainLength[a] as number) + (this.tokenMainLength[b] as number));
    }
    return pair;
  }

  /** The id of a query token (or of a joined pair of them) in the similarity caches. */
  private queryId(key: string): number {
    let id = this.queryIds.get(key);
    if (id === undefined) {
      id = this.queryIds.size + this.joinedQueryIds.size;
      this.queryIds.set(key, id);
    }
    return id;
  }

  /** The id of two adjacent query tokens read as one, by their ids (both below 2^17: see MAX_QUERY_IDS). */
  private joinedQueryId(first: number, second: number): number {
    const key = first * 131_072 + second;
    let id = this.joinedQueryIds.get(key);
    if (id === undefined) {
      id = this.queryIds.size + this.joinedQueryIds.size;
      this.joinedQueryIds.set(key, id);
    }
    return id;
  }

  /** Forget every kept similarity (between searches only: ids change). */
  private dropSimilarities(): void {
    this.queryIds.clear();
    this.joinedQueryIds.clear();
    this.tokenSimilarities.clear();
    this.pairSimilarities.clear();
  }

  /** Candidate names from the inverted index, best-supported first. */
  private gatherCandidates(qTokens: ScoringToken[], qWeights: number[], report: QueryReport): number[] {
    const total = this.nameEntry.length;
    if (this.acc.length < total) {
      const size = Math.max(total, this.acc.length * 2, 1024);
      this.acc = new Float32Array(size);
      this.stamp = new Int32Array(size);
      this.hits = new Uint8Array(size);
      this.held = new Int32Array(size);
      this.heldAt = new Int32Array(size);
      this.stampCounter = 0;
    }
    const acc = this.acc;
    const stamp = this.stamp;
    const hits = this.hits;
    const alive = this.nameAlive.data;
    // Names met in this search, live ones in the order first met (the order ranking keeps among equals).
    let touched = 0;
    const live: number[] = [];
    const cap = this.maxPostings();
    let budget = this.options.postingBudget;
    // Rarest tokens first, so the budget goes to the keys that tell most.
    const order = qTokens.map((_, i) => i).sort((a, b) => (qWeights[b] ?? 0) - (qWeights[a] ?? 0));
    const firstStamp = this.stampCounter + 1;
    const skipped: Array<{ key: string; token: number }> = [];
    const visit = (key: string, w: number, tokenStamp: number, token: number): number => {
      const list = this.postings.get(key);
      if (!list) return 0;
      if (list.length > cap || list.length > budget) {
        if (key[0] !== FUZZY) skipped.push({ key, token });
        return list.length;
      }
      budget -= list.length;
      for (let x = 0; x < list.length; x++) {
        const n = list[x] as number;
        const st = stamp[n] as number;
        if (st === tokenStamp) continue; // this token already credited this name
        if (st < firstStamp) {
          acc[n] = 0;
          hits[n] = 0;
          touched++;
          if (alive[n] === 1) live.push(n);
        }
        stamp[n] = tokenStamp;
        acc[n] = (acc[n] as number) + w;
        hits[n] = (hits[n] as number) + 1;
      }
      return list.length;
    };
    const stamps = qTokens.map(() => ++this.stampCounter);
    const exactHits = qTokens.map(() => 0);
    // Exact keys of every token first, then near misses: a name found exactly is not
    // credited again, and the budget goes to exact keys first.
    for (const i of order) {
      const t = qTokens[i] as ScoringToken;
      if (t.role === 'title') continue;
      let hits = 0;
      if (t.shape !== '') hits += visit(SHAPE + t.shape, qWeights[i] ?? 0, stamps[i] ?? 0, i);
      for (const k of t.keys) if (k !== '') hits += visit(k, qWeights[i] ?? 0, stamps[i] ?? 0, i);
      exactHits[i] = hits;
    }
    for (const i of order) {
      const t = qTokens[i] as ScoringToken;
      if (t.role === 'title') continue;
      const w = qWeights[i] ?? 0;
      for (const k of t.partKeys) visit(k, w * 0.8, stamps[i] ?? 0, i);
      // Near misses matter for rare or misspelt names; a name many gallery names share
      // exactly gains little from them and would cost a lot.
      if ((exactHits[i] ?? 0) < FUZZY_WHEN_FEWER_THAN) for (const k of fuzzyQueryKeys(t)) visit(k, w * 0.5, stamps[i] ?? 0, i);
    }

    // Two adjacent query words that a gallery name writes as one (and vice versa).
    for (let i = 0; i + 1 < qTokens.length; i++) {
      const a = qTokens[i] as ScoringToken;
      const b = qTokens[i + 1] as ScoringToken;
      if (a.role !== 'name' || b.role !== 'name' || a.script !== b.script) continue;
      const tokenStamp = ++this.stampCounter;
      for (const k of joinTokens(a, b).keys) if (k.length >= 3) visit(k, 0.5 * ((qWeights[i] ?? 0) + (qWeights[i + 1] ?? 0)), tokenStamp, i);
    }
    if (touched === 0 && skipped.length > 0) {
      // Only common keys: take the first postings of the rarest of them.
      skipped.sort((a, b) => (this.postings.get(a.key)?.length ?? 0) - (this.postings.get(b.key)?.length ?? 0));
      const first = skipped[0] as { key: string; token: number };
      const list = this.postings.get(first.key) ?? [];
      const tokenStamp = ++this.stampCounter;
      for (let x = 0; x < list.length && x < this.options.postingBudget; x++) {
        const n = list[x] as number;
        if (stamp[n] !== tokenStamp) {
          stamp[n] = tokenStamp;
          acc[n] = qWeights[first.token] ?? 0;
          // This search's count, not one left by an earlier search: the same query ranks alike whatever came before.
          hits[n] = 1;
          if (alive[n] === 1) live.push(n);
        }
      }
    }
    report.skippedKeys = [...new Set(skipped.map((s) => s.key))];
    // Keep the best-supported live names.
    const limit = this.options.scoredNames;
    if (live.length <= limit) return live;
    // Support weighed like the final score: a name whose other words the query does
    // not mention is less likely to win (gallery coverage).
    const lengths = this.nameLength.data;
    // Query tokens spelt exactly as some gallery token, by token id.
    const spelt: number[] = [];
    const speltWeight: number[] = [];
    for (let i = 0; i < qTokens.length; i++) {
      const t = qTokens[i] as ScoringToken;
      if (t.role !== 'name') continue;
      const tid = this.tokenIds.get(`${t.script}\u0000${t.role}\u0000${t.form}`);
      if (tid !== undefined && !spelt.includes(tid)) {
        spelt.push(tid);
        speltWeight.push((qWeights[i] ?? 0) * SPELLING_BONUS);
      }
    }
    // Which spelt tokens each name met here holds (bit x for `spelt[x]`): from the names
    // holding each spelt token, or from the tokens of each name met, whichever is fewer reads.
    const held = this.held;
    const heldAt = this.heldAt;
    let holding = 0;
    for (const tid of spelt) holding += (this.tokenNames[tid] as number[]).length;
    if (holding <= (live.length * this.pool.length) / Math.max(1, this.nameEntry.length)) {
      for (let x = 0; x < spelt.length; x++) {
        const holders = this.tokenNames[spelt[x] as number] as number[];
        const bit = 1 << x;
        for (let y = 0; y < holders.length; y++) {
          const n = holders[y] as number;
          if ((stamp[n] as number) < firstStamp) continue;
          if (heldAt[n] !== firstStamp) {
            heldAt[n] = firstStamp;
            held[n] = bit;
          } else held[n] = (held[n] as number) | bit;
        }
      }
    } else if (spelt.length > 0) {
      const tokenCount = this.tokenInfo.length;
      if (this.speltAt.length < tokenCount) this.speltAt = new Int32Array(Math.max(tokenCount, this.speltAt.length * 2, 1024));
      const speltAt = this.speltAt;
      // Where each spelt token stands in `spelt`, plus one (0: not spelt).
      for (let x = 0; x < spelt.length; x++) speltAt[spelt[x] as number] = x + 1;
      const starts = this.nameStart.data;
      const poolData = this.pool.data;
      for (let v = 0; v < live.length; v++) {
        const n = live[v] as number;
        const start = starts[n] as number;
        const end = start + (lengths[n] as number);
        let bits = 0;
        for (let y = start; y < end; y++) {
          const at = speltAt[poolData[y] as number] as number;
          if (at !== 0) bits |= 1 << (at - 1);
        }
        heldAt[n] = firstStamp;
        held[n] = bits;
      }
      for (const tid of spelt) speltAt[tid] = 0;
    }
    if (this.support.length < live.length) this.support = new Float64Array(Math.max(live.length, this.support.length * 2));
    const support = this.support;
    for (let v = 0; v < live.length; v++) {
      const n = live[v] as number;
      let sum = acc[n] as number;
      if (spelt.length > 0 && heldAt[n] === firstStamp) {
        // The spelt tokens the name holds, added in the order of `spelt`.
        for (let x = 0, h = held[n] as number; h !== 0; x++, h >>>= 1) if ((h & 1) !== 0) sum += speltWeight[x] as number;
      }
      support[v] = sum * (0.65 + 0.35 * Math.min(1, (hits[n] as number) / ((lengths[n] as number) || 1)));
    }
    const ranked = topBy(live, support, limit * 3);
    // At most three names per entry: the entry's score is its best name (plus a little
    // of the others), so more of its names would only crowd out other entries.
    const perEntry = new Map<number, number>();
    const out: number[] = [];
    for (const n of ranked) {
      const slot = this.nameEntry.data[n] as number;
      const c = perEntry.get(slot) ?? 0;
      if (c >= NAMES_SCORED_PER_ENTRY) continue;
      perEntry.set(slot, c + 1);
      out.push(n);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The query's evidence read once per search; what could not be read is noted. */
  private readQueryEvidence(query: NameQuery): QueryEvidence {
    const notes: Partial<Record<'dob' | 'nationality' | 'sex' | 'mother', string>> = {};
    const rawDob: unknown[] = Array.isArray(query.dob) ? query.dob : query.dob === undefined || query.dob === null ? [] : [query.dob];
    const dob: DayInterval[] = [];
    const unreadDob: string[] = [];
    for (const d of rawDob) {
      const i = safeDate(d);
      if (i) dob.push(i);
      else unreadDob.push(typeof d === 'string' ? d.slice(0, 40) : JSON.stringify(d)?.slice(0, 60) ?? String(d));
    }
    if (unreadDob.length > 0) notes.dob = `date could not be read: ${unreadDob.join('; ')}`;
    const nat = readNationalities(query.nationalities ?? []);
    if (nat.unread.length > 0) notes.nationality = `not a known nationality: ${nat.unread.join('; ')}`;
    const sex = typeof query.sex === 'string' ? normaliseSex(query.sex) : undefined;
    if (typeof query.sex === 'string' && query.sex.trim() !== '' && sex === undefined) notes.sex = `sex not recognised: ${query.sex.slice(0, 20)}`;
    const mother: PreparedName = typeof query.motherName === 'string' ? { tokens: [...scoringTokens(prepare(query.motherName))], name: query.motherName } : { tokens: [], name: '' };
    // The query's nationalities by their numbers here (one no entry holds cannot agree).
    const natIds: number[] = [];
    for (const n of nat.codes) {
      const id = this.nationalityIds.get(n);
      if (id !== undefined) natIds.push(id);
    }
    return { dob, nat: nat.codes, natIds, sex, mother, notes, known: dob.length > 0 || nat.codes.size > 0 || sex !== undefined || mother.tokens.length > 0 };
  }

  /** The weights of one search: the prior, the name levels for this query, each evidence level. */
  private weighing(best: Map<number, EntryScore>, q: QueryEvidence, qTokens: readonly ScoringToken[]): Weighing {
    const p = this.params;
    const entries = this.size + (this.base?.size ?? 0);
    const reaching: Record<NameLevel, number> = { exact: 0, same_key: 0, close: 0, partial: 0, none: 0 };
    for (const b of best.values()) {
      if (b.score >= NAME_EXACT_FROM) reaching.exact++;
      if (b.score >= NAME_EDGES.same_key) reaching.same_key++;
      if (b.score >= NAME_EDGES.close) reaching.close++;
      if (b.score >= NAME_EDGES.partial) reaching.partial++;
    }
    const table = <L extends string>(field: 'dob' | 'nationality' | 'sex' | 'mother', levels: readonly L[]): number[] =>
      levels.map((l) => levelWeight((p.m[field] as Record<string, number>)[l] as number, (p.u[field] as Record<string, number>)[l] as number));
    void q;
    const name = nameLevelWeights(p, reaching, entries, this.nameInformation(qTokens));
    return {
      // The other entries counted as names that do not agree (see priorWeight).
      prior: priorWeight(p, entries, name.none),
      name,
      dob: table('dob', DOB_LEVELS),
      nationality: table('nationality', AGREE_LEVELS),
      sex: table('sex', AGREE_LEVELS),
      mother: table('mother', AGREE_LEVELS),
    };
  }

  /**
   * The information in a query's name, in bits: −log2 Π f_i over its parts (those scored),
   * f_i the share of the register's names holding part i's key (half a name for a part none
   * holds). See {@link nameLevelWeights}.
   */
  private nameInformation(qTokens: readonly ScoringToken[]): number {
    const base = this.base;
    const total = this.liveNames + (base?.liveNames ?? 0);
    let bits = 0;
    const n = Math.min(qTokens.length, MAX_ALIGN_TOKENS);
    for (let i = 0; i < n; i++) {
      const key = tokenFactors(qTokens[i] as ScoringToken).key;
      if (key === '') continue;
      const df = (this.keyDf.get(key) ?? 0) + (base?.keyDf.get(key) ?? 0);
      bits -= Math.log2(Math.min(1, (df + 0.5) / (total + 1)));
    }
    return bits;
  }

  /** The date of birth's level against the entry at `slot` (index in DOB_LEVELS), -1 when unknown. */
  private slotDobLevel(slot: number, qDob: readonly DayInterval[]): number {
    const dobCount = this.slotDobCount[slot] as number;
    if (qDob.length === 0 || dobCount === 0) return -1;
    if (dobCount > 1) return DOB_LEVELS.indexOf(dobLevel(qDob, (this.entrySlotRecord[slot] as EntryRecord).dob) as DobLevel);
    const from = this.slotDobFrom[slot] as number;
    const to = this.slotDobTo[slot] as number;
    let rank = 4;
    for (const x of qDob) {
      const gap = Math.max(0, from - x.to, x.from - to);
      const r = gap === 0 ? (x.from === x.to && from === to ? 0 : 1) : gap <= DAY_YEAR + 1 ? 2 : gap <= 5 * DAY_YEAR + 1 ? 3 : 4;
      if (r < rank) rank = r;
    }
    return rank;
  }

  /** The nationality's level against the entry at `slot` (0 agree, 1 conflict), -1 when unknown. */
  private slotNationalityLevel(slot: number, q: QueryEvidence): number {
    const nationality = this.slotNationality[slot] as number;
    if (q.nat.size === 0 || nationality === -1) return -1;
    if (nationality >= 0) return q.natIds.includes(nationality) ? 0 : 1;
    const held = (this.entrySlotRecord[slot] as EntryRecord).nationalities;
    for (const n of q.nat) if (held.has(n)) return 0;
    return 1;
  }

  /** The sex's level against the entry at `slot`, -1 when unknown. */
  private slotSexLevel(slot: number, q: QueryEvidence): number {
    const sex = this.slotSex[slot] as number;
    if (q.sex === undefined || sex === 0) return -1;
    return (q.sex === 'male' ? 1 : 2) === sex ? 0 : 1;
  }

  /** The mother's name's level against a record (0 agree, 1 conflict), -1 when unknown or in between; and the similarity. */
  private motherLevel(record: EntryRecord, q: QueryEvidence): { level: number; similarity: number } {
    if (q.mother.tokens.length === 0 || record.mothers.length === 0) return { level: -1, similarity: 0 };
    let bestScore = 0;
    for (const m of record.mothers) bestScore = Math.max(bestScore, motherScore(q.mother, m));
    return { level: bestScore >= MOTHER_AGREE ? 0 : bestScore < MOTHER_CONFLICT ? 1 : -1, similarity: bestScore };
  }

  /**
   * The evidence other than the name, for ranking: the sum of its weights, from the flat
   * evidence of the entry at `slot` (a mother's name is read from the record). The same
   * numbers, added in the same order, as {@link weighEvidence}.
   */
  private weighSlotEvidence(slot: number, q: QueryEvidence, w: Weighing): number {
    let sum = 0;
    const d = this.slotDobLevel(slot, q.dob);
    if (d >= 0) sum += w.dob[d] as number;
    const n = this.slotNationalityLevel(slot, q);
    if (n >= 0) sum += w.nationality[n] as number;
    const x = this.slotSexLevel(slot, q);
    if (x >= 0) sum += w.sex[x] as number;
    if (q.mother.tokens.length > 0 && this.slotMothers[slot] === 1) {
      const m = this.motherLevel(this.entrySlotRecord[slot] as EntryRecord, q).level;
      if (m >= 0) sum += w.mother[m] as number;
    }
    return sum;
  }

  /** {@link weighSlotEvidence} with each field's weight and note written out. */
  private weighEvidence(record: EntryRecord, q: QueryEvidence, w: Weighing, weights: EvidenceWeight[], notes: EvidenceNote[]): void {
    const slot = record.slot;
    const d = this.slotDobLevel(slot, q.dob);
    if (d >= 0) {
      const level = DOB_LEVELS[d] as DobLevel;
      const weight = w.dob[d] as number;
      weights.push({ field: 'dob', level, weight });
      notes.push({ kind: 'dob', outcome: d <= 1 ? 'agree' : d === 4 ? 'conflict' : 'unknown', delta: weight, detail: DOB_DETAIL[level] });
    } else {
      const why = q.notes.dob ?? (q.dob.length > 0 && record.dobUnread > 0 ? 'the register\'s date of birth could not be read' : undefined);
      if (why || (q.dob.length > 0) !== (record.dob.length > 0)) weights.push({ field: 'dob', level: 'unknown', weight: 0, note: why ?? (q.dob.length > 0 ? 'no date of birth on the register' : 'no date of birth searched for') });
      if (why) notes.push({ kind: 'dob', outcome: 'unknown', delta: 0, detail: why });
    }
    const n = this.slotNationalityLevel(slot, q);
    if (n >= 0) {
      const weight = w.nationality[n] as number;
      const shared = [...q.nat].filter((c) => record.nationalities.has(c));
      weights.push({ field: 'nationality', level: AGREE_LEVELS[n] as string, weight });
      notes.push({ kind: 'nationality', outcome: n === 0 ? 'agree' : 'conflict', delta: weight, detail: n === 0 ? `shared: ${shared.join(', ')}` : 'no nationality in common' });
    } else if (q.notes.nationality || (q.nat.size > 0 && record.nationalitiesUnread.length > 0)) {
      const why = q.notes.nationality ?? `the register's nationality is not a known one: ${record.nationalitiesUnread.join('; ')}`;
      weights.push({ field: 'nationality', level: 'unknown', weight: 0, note: why });
      notes.push({ kind: 'nationality', outcome: 'unknown', delta: 0, detail: why });
    }
    const x = this.slotSexLevel(slot, q);
    if (x >= 0) {
      const weight = w.sex[x] as number;
      weights.push({ field: 'sex', level: AGREE_LEVELS[x] as string, weight });
      notes.push({ kind: 'sex', outcome: x === 0 ? 'agree' : 'conflict', delta: weight, detail: x === 0 ? `both ${q.sex}` : `${q.sex} vs ${record.sex}` });
    } else if (q.notes.sex) weights.push({ field: 'sex', level: 'unknown', weight: 0, note: q.notes.sex });
    if (q.mother.tokens.length > 0 && record.mothers.length > 0) {
      const { level, similarity } = this.motherLevel(record, q);
      const weight = level >= 0 ? (w.mother[level] as number) : 0;
      weights.push({ field: 'mother', level: level >= 0 ? (AGREE_LEVELS[level] as string) : 'unknown', weight, note: `mother's name similarity ${round(similarity)}` });
      notes.push({ kind: 'mother', outcome: level === 0 ? 'agree' : level === 1 ? 'conflict' : 'unknown', delta: weight, detail: `mother's name similarity ${round(similarity)}` });
    }
  }

  /**
   * How a query compares with one entry, field by field: the levels EM counts (indices in
   * each field's levels, -1 when unknown, in {@link MODEL_FIELDS} order). Null when the
   * entry is not here or no name of it meets the query at all.
   */
  compare(query: NameQuery, entryId: string): ComparisonVector | null {
    const record = this.entries.get(entryId);
    if (!record || typeof query?.name !== 'string') return null;
    const p = prepare(query.name);
    const qTokens = [...scoringTokens(p)];
    if (qTokens.length === 0) return null;
    const qWeights = qTokens.map((t) => this.weight(t));
    const live = record.names.filter((n) => this.nameAlive.data[n] === 1);
    const b = this.scoreNames(live, qTokens, qWeights).get(record.slot);
    const nameScore = b?.score ?? 0;
    const q = this.readQueryEvidence(query);
    return [
      NAME_LEVELS.indexOf(nameLevel(nameScore)),
      this.slotDobLevel(record.slot, q.dob),
      this.slotNationalityLevel(record.slot, q),
      this.slotSexLevel(record.slot, q),
      this.motherLevel(record, q).level,
    ];
  }

  /**
   * Estimate the evidence model's m and u from the entries held here, without labels
   * (Fellegi–Sunter by expectation–maximisation, as Splink does), and use them from now on.
   *
   * - u of dates, nationalities, sex and mothers' names: counted over random pairs of entries
   *   (nearly all of them different people); u of the name levels: the same, with each
   *   entry's first name as the query.
   * - m of dates, nationalities, sex and mothers' names: EM over the pairs the index itself
   *   proposes (each sampled entry's first name searched, its best other entries), where
   *   those fields did not choose the pairs.
   * - m of the name levels: counted over the sampled entries that hold several names, one
   *   name against the entry's others (one person's names, as a search meets them); where
   *   fewer than {@link MIN_ALIAS_PAIRS} entries do, EM over pairs that agree on a date of
   *   birth to the day (chosen by the date, so the names are free to show how one person's
   *   names compare).
   *
   * At most `sample` entries searched (default 3,000) and `datePairs` pairs born the same day
   * (default 5,000): the cost stops growing with the register.
   *
   * Deterministic for a given index and `seed`. Returns the parameters (also in use).
   */
  estimateParameters(options: { sample?: number; candidates?: number; seed?: number; priorShare?: number; datePairs?: number } = {}): MatchParameters {
    const sample = options.sample ?? 3000;
    const datePairs = options.datePairs ?? 5000;
    const perEntry = options.candidates ?? 3;
    let seed = (options.seed ?? 12) >>> 0;
    const random = (): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const ids = [...this.entries.keys()];
    const queryOf = (id: string): NameQuery | null => {
      const r = this.entries.get(id) as EntryRecord;
      const first = r.names.find((n) => this.nameAlive.data[n] === 1);
      if (first === undefined) return null;
      return {
        name: this.nameText[first] ?? '',
        dob: r.dob.map((i) => ({ from: isoDay(i.from), to: isoDay(i.to) })),
        nationalities: [...r.nationalities],
        sex: r.sex,
        motherName: r.mothers[0]?.name,
      };
    };
    const picked = ids.length <= sample ? ids : Array.from({ length: sample }, () => ids[Math.floor(random() * ids.length)] as string);
    // Random pairs: u.
    const randomPairs: ComparisonVector[] = [];
    for (let i = 0; i < Math.min(20_000, ids.length * 4) && ids.length > 1; i++) {
      const a = ids[Math.floor(random() * ids.length)] as string;
      const b = ids[Math.floor(random() * ids.length)] as string;
      if (a === b) continue;
      const q = queryOf(a);
      const v = q && (i < 4000 ? this.compare(q, b) : this.compareEvidence(q, b));
      if (v) randomPairs.push(v);
    }
    const u = { ...this.params.u, ...levelShares(randomPairs) } as MatchParameters['u'];
    // Pairs the index proposes by name: m of the other fields.
    const byName: ComparisonVector[] = [];
    const seen = new Set<string>();
    for (const id of picked) {
      const q = queryOf(id);
      if (!q) continue;
      for (const c of this.search({ name: q.name }, { top: perEntry + 1, explain: false }).candidates) {
        if (c.id === id) continue;
        const key = id < c.id ? `${id}\u0000${c.id}` : `${c.id}\u0000${id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const v = this.compare(q, c.id);
        if (v) byName.push(v);
      }
    }
    const allU = new Set(MODEL_FIELDS);
    // u here is learnt too (names that sound alike come from the same countries, so these
    // pairs agree on nationality more often than random ones), but scoring keeps the random pairs' u.
    // The name chose these pairs, but how well they agree on it still tells the two classes
    // apart (with two fields alone EM cannot): it is kept, its m and u learnt and dropped.
    const first = estimateEm(byName, { start: { m: this.params.m, u }, lambda: 0.05 });
    // Pairs that agree on a date of birth to the day: m of the name levels.
    const byDay = new Map<number, string[]>();
    for (const id of ids) {
      const r = this.entries.get(id) as EntryRecord;
      for (const i of r.dob) {
        if (i.from !== i.to) continue;
        let list = byDay.get(i.from);
        if (!list) byDay.set(i.from, (list = []));
        if (list.length < 20) list.push(id);
      }
    }
    // At most `datePairs` of them, from days taken in a seeded random order (a large
    // register has far more than EM needs, and each costs a full name comparison).
    const byDob: ComparisonVector[] = [];
    const days = [...byDay.values()].filter((list) => list.length > 1);
    for (let i = days.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [days[i], days[j]] = [days[j] as string[], days[i] as string[]];
    }
    pairs: for (const list of days) {
      for (let a = 0; a < list.length; a++) {
        const q = queryOf(list[a] as string);
        for (let b = a + 1; b < list.length; b++) {
          if (byDob.length >= datePairs) break pairs;
          const v = q && this.compare(q, list[b] as string);
          if (v) byDob.push(v);
        }
      }
    }
    const second = estimateEm(byDob, { start: { m: first.m, u }, fixU: allU, ignore: new Set(['dob']), lambda: 0.1 });
    // m of the name: counted from the entries' own names where enough entries hold several.
    const aliasPairs = this.aliasComparisons(picked, random);
    const counted = aliasPairs.length >= MIN_ALIAS_PAIRS ? levelShares(aliasPairs).name : undefined;
    const m = { ...first.m, name: counted ?? second.m.name };
    const version = `fs-1-em-${this.size}-${byName.length}-${byDob.length}-${hashNumbers([...Object.values(m), ...Object.values(u)].flatMap((t) => Object.values(t as Record<string, number>)))}`;
    const estimated: MatchParameters = {
      version,
      priorShare: options.priorShare ?? this.params.priorShare,
      m,
      u,
      source: `em: ${byName.length} pairs proposed by name (λ ${first.lambda.toFixed(3)}), ${byDob.length} pairs born the same day (λ ${second.lambda.toFixed(3)}${counted ? ', name levels set aside' : ''}), ${randomPairs.length} random pairs; ${aliasPairs.length} pairs of one person's names${counted ? ' (m of the name)' : ` (fewer than ${MIN_ALIAS_PAIRS}: m of the name by EM)`}`,
    };
    // An estimate that contradicts what agreement means is EM's wrong optimum: keep the stated parameters, and say why.
    const wrong = implausibility(estimated);
    if (wrong) {
      this.params = { ...this.params, source: `${this.params.source}; the register's estimate was set aside (${wrong}): ${estimated.source}` };
      return this.params;
    }
    this.params = estimated;
    return estimated;
  }

  /**
   * For each entry of `entries` that holds several names, one of them (chosen by `random`)
   * compared with the entry's other names, as a search compares a spelling with a person's
   * recorded names: the name level of one person's pair (the other fields left unknown).
   */
  private aliasComparisons(entries: readonly string[], random: () => number): ComparisonVector[] {
    const out: ComparisonVector[] = [];
    for (const id of new Set(entries)) {
      const record = this.entries.get(id);
      if (!record) continue;
      const live = record.names.filter((n) => this.nameAlive.data[n] === 1);
      if (live.length < 2) continue;
      const own = live[Math.floor(random() * live.length)] as number;
      const qTokens = [...scoringTokens(prepare(this.nameText[own] ?? ''))];
      if (qTokens.length === 0) continue;
      const qWeights = qTokens.map((t) => this.weight(t));
      const b = this.scoreNames(live.filter((n) => n !== own), qTokens, qWeights).get(record.slot);
      out.push([NAME_LEVELS.indexOf(nameLevel(b?.score ?? 0)), -1, -1, -1, -1]);
    }
    return out;
  }

  /** {@link compare} without the name (random pairs beyond those whose names are compared). */
  private compareEvidence(query: NameQuery, entryId: string): ComparisonVector | null {
    const record = this.entries.get(entryId);
    if (!record) return null;
    const q = this.readQueryEvidence(query);
    return [-1, this.slotDobLevel(record.slot, q.dob), this.slotNationalityLevel(record.slot, q), this.slotSexLevel(record.slot, q), this.motherLevel(record, q).level];
  }

  private explain(nameId: number, nameScore: number, otherNamesDelta: number, qTokens: ScoringToken[], qWeights: number[], evidence: EvidenceNote[]): Omit<Explanation, 'priorWeight' | 'weights' | 'probability' | 'parameters'> {
    const tids = this.nameTokenIds(nameId);
    const gTokens = Array.from(tids, (tid) => this.tokenInfo[tid] as ScoringToken);
    const cmp = compareNames(qTokens, qWeights, gTokens, gTokens.map((t) => this.weight(t)),
      (i, j) => tokenSimilarity(qTokens[i] as ScoringToken, gTokens[j] as ScoringToken), true);
    return {
      name: this.nameText[nameId] ?? '',
      nameScore: round(nameScore),
      tokens: cmp.alignments,
      unmatched: cmp.unmatched,
      otherNamesDelta: round(otherNamesDelta),
      evidence,
    };
  }
}

/**
 * The `k` items with the highest score (`scores[i]` is the score of `items[i]`), best first
 * (a bounded min-heap; among equal scores, those met first are kept).
 */
/** Scratch space of {@link topBy}, grown as needed (searches run one at a time). */
let topHeap = new Int32Array(256);
let topScores = new Float64Array(256);
let topOrder = new Int32Array(256);
let topSpare = new Int32Array(256);

function topBy(items: readonly number[], scores: Float64Array, k: number): number[] {
  const size = Math.min(k, items.length);
  if (topHeap.length < size) {
    topHeap = new Int32Array(size);
    topScores = new Float64Array(size);
    topOrder = new Int32Array(size);
    topSpare = new Int32Array(size);
  }
  const heap = topHeap;
  const hs = topScores;
  let length = 0;
  for (let v = 0; v < items.length; v++) {
    const x = items[v] as number;
    const s = scores[v] as number;
    if (length < k) {
      // Sift up.
      let i = length++;
      heap[i] = x;
      hs[i] = s;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if ((hs[p] as number) <= (hs[i] as number)) break;
        const h = heap[p] as number;
        heap[p] = heap[i] as number;
        heap[i] = h;
        const t = hs[p] as number;
        hs[p] = hs[i] as number;
        hs[i] = t;
        i = p;
      }
    } else if (s > (hs[0] as number)) {
      heap[0] = x;
      hs[0] = s;
      // Sift down.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < length && (hs[l] as number) < (hs[m] as number)) m = l;
        if (r < length && (hs[r] as number) < (hs[m] as number)) m = r;
        if (m === i) break;
        const h = heap[m] as number;
        heap[m] = heap[i] as number;
        heap[i] = h;
        const t = hs[m] as number;
        hs[m] = hs[i] as number;
        hs[i] = t;
        i = m;
      }
    }
  }
  // Best first; among equal scores in heap order (a stable merge sort of heap positions).
  let order = topOrder;
  let spare = topSpare;
  for (let i = 0; i < length; i++) order[i] = i;
  for (let width = 1; width < length; width *= 2) {
    for (let lo = 0; lo < length; lo += 2 * width) {
      const mid = Math.min(lo + width, length);
      const hi = Math.min(lo + 2 * width, length);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        const x = order[a] as number;
        const y = order[b] as number;
        if ((hs[y] as number) > (hs[x] as number)) {
          spare[o++] = y;
          b++;
        } else {
          spare[o++] = x;
          a++;
        }
      }
      while (a < mid) spare[o++] = order[a++] as number;
      while (b < hi) spare[o++] = order[b++] as number;
    }
    const swap = order;
    order = spare;
    spare = swap;
  }
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(heap[order[i] as number] as number);
  return out;
}
