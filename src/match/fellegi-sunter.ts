/**
 * The evidence model (Fellegi–Sunter, as Splink uses it): each field of a query compared
 * with a register entry falls in one level of agreement; each level has an m probability
 * (how often two records of one person compare so) and a u probability (how often two
 * records of different people do). The level's weight is the log2 Bayes factor
 * log2(m / u); the candidate's log2 odds of being the query's person is the prior plus the
 * sum of the weights, and its score is the probability those odds make.
 *
 * A field unknown on either side has weight 0: missing evidence neither helps nor hurts.
 * m and u are estimated without labels from the register's own records
 * ({@link estimateEm}); until then {@link DEFAULT_PARAMETERS} are stated below.
 */
import type { DayInterval } from './dates.ts';

/** The fields that weigh in a candidate's score. */
export type EvidenceField = 'name' | 'dob' | 'nationality' | 'sex' | 'mother' | 'other_names';

/** One field's contribution to a candidate's score. */
export interface EvidenceWeight {
  field: EvidenceField;
  /** The level of agreement: 'exact', 'same_key', 'close', 'partial', 'none', 'same_year', 'conflict', 'unknown'… */
  level: string;
  /** log2 Bayes factor this field contributed. */
  weight: number;
  /** Why, when it needs saying (e.g. why evidence was treated as unknown). */
  note?: string;
}

/** Levels of the name score, best first, with the score at which each begins. */
export const NAME_LEVELS = ['exact', 'same_key', 'close', 'partial', 'none'] as const;
export type NameLevel = (typeof NAME_LEVELS)[number];
/**
 * Name score at which each name level begins ({@link NAME_LEVELS} order). A level's weight
 * is the weight at its edge; between two edges the weight rises linearly to the next
 * level's, so that of two names in one level the better still ranks first. The exact
 * level's edge is a perfect score (1); scores from 0.985 on are called exact.
 */
export const NAME_EDGES: Readonly<Record<NameLevel, number>> = { exact: 1, same_key: 0.9, close: 0.75, partial: 0.45, none: 0 };
/** Name score from which the level is called exact (the scorer's perfect pair credit). */
export const NAME_EXACT_FROM = 0.985;
/**
 * Name levels whose u is adjusted to the query's own names (term frequency, as Splink
 * adjusts u for common values): a rare name agreeing says more than Muhammad Ali agreeing.
 */
export const TF_LEVELS: ReadonlySet<NameLevel> = new Set(['exact', 'same_key', 'close', 'partial']);

/** Least rise of the weight from one name level to the next better one (so that a better name never ties a worse). */
export const LEVEL_STEP = 0.05;

export const DOB_LEVELS = ['exact', 'same_year', 'one_year', 'two_to_five', 'conflict'] as const;
export type DobLevel = (typeof DOB_LEVELS)[number];
export const AGREE_LEVELS = ['agree', 'conflict'] as const;
export type AgreeLevel = (typeof AGREE_LEVELS)[number];

/** The level sets of the fields estimated by EM. */
export const FIELD_LEVELS = {
  name: NAME_LEVELS,
  dob: DOB_LEVELS,
  nationality: AGREE_LEVELS,
  sex: AGREE_LEVELS,
  mother: AGREE_LEVELS,
} as const;
export type ModelField = keyof typeof FIELD_LEVELS;
export const MODEL_FIELDS = Object.keys(FIELD_LEVELS) as ModelField[];

/** m and u of every level of every field, with where they came from. */
export interface MatchParameters {
  /** Changes whenever the numbers change: stored with every explanation's source. */
  version: string;
  /**
   * The prior: the share of searches whose person is on the register at all; each entry's
   * prior is that share over the number of entries, against the rest of the register as a
   * search sees it (see {@link priorWeight}).
   */
  priorShare: number;
  m: { [F in ModelField]: Record<(typeof FIELD_LEVELS)[F][number], number> };
  u: { [F in ModelField]: Record<(typeof FIELD_LEVELS)[F][number], number> };
  /** How they were obtained ('stated', or 'em' with the pairs used). */
  source: string;
}

/**
 * The stated prior: a person searched for is as likely as not already on the register.
 * The prior of one entry follows from it ({@link priorWeight}).
 */
export const PRIOR_SHARE = 0.5;

/**
 * Bits per unit of the combined name score above 1 (a perfect name whose entry's other
 * names agree too): the weight goes on rising there, so that it stays monotone in the
 * combined score (see {@link combinedNameWeight}).
 */
export const OTHER_NAMES_BITS = 10;

/**
 * Parameters used before any estimate, stated from how registers' records behave: one
 * person's records mostly agree on the date of birth (exact or within the year), share a
 * nationality and a sex; different people's dates are spread over some sixty years, and a
 * large register holds a few dozen nationalities.
 */
export const DEFAULT_PARAMETERS: MatchParameters = {
  version: 'fs-1-stated',
  priorShare: PRIOR_SHARE,
  m: {
    name: { exact: 0.35, same_key: 0.25, close: 0.2, partial: 0.1, none: 0.1 },
    dob: { exact: 0.6, same_year: 0.25, one_year: 0.1, two_to_five: 0.04, conflict: 0.01 },
    nationality: { agree: 0.95, conflict: 0.05 },
    sex: { agree: 0.99, conflict: 0.01 },
    mother: { agree: 0.9, conflict: 0.1 },
  },
  u: {
    name: { exact: 0.0001, same_key: 0.0005, close: 0.002, partial: 0.03, none: 0.9674 },
    dob: { exact: 0.0001, same_year: 0.03, one_year: 0.04, two_to_five: 0.13, conflict: 0.7999 },
    nationality: { agree: 0.15, conflict: 0.85 },
    sex: { agree: 0.5, conflict: 0.5 },
    mother: { agree: 0.01, conflict: 0.99 },
  },
  source: 'stated',
};

/**
 * log2 prior odds that one given entry of a register of `entries` is the person searched for,
 * against the other ways the search can end, as a search has seen them.
 *
 * A search ends in one of: the person is this entry (prior share / entries), is another entry,
 * or is not on the register (1 − share). The posterior of this entry is then
 *
 *   (share/n) · BF / ((share/n) · BF + (1 − share) + (share/n) · Σ_{others} BF_j),
 *
 * BF the Bayes factor of the comparison with this entry (2^Σ weights). Taking each other
 * entry's BF at its mean over pairs of different people — which is 1, the expectation of m/u
 * under u — gives the plain odds q / (1 − q), q = share / n (`restWeight` 0). But a search
 * has compared the query with every entry, and nearly all of them are not met by the name at
 * all: the index finds no part of the query in them, the name's `none` level, whose Bayes
 * factor is 2^weight(none) (about a fifth with the register's estimate). `restWeight` is that
 * weight, and the others are counted at it: (share/n) · (n − 1) · 2^restWeight. The entries
 * the search did find are not counted at their own, higher, factors: two entries of a register
 * may be the same person (the duplicates it is searched for), so that one entry being the
 * person does not exclude another; each candidate is weighed as if the rest of the register
 * were what it is to most searches.
 */
export function priorWeight(params: MatchParameters, entries: number, restWeight = 0): number {
  const share = Math.min(Math.max(params.priorShare, 1e-6), 1 - 1e-6);
  const n = Math.max(1, entries);
  const q = share / n;
  return Math.log2(q) - Math.log2(1 - share + share * ((n - 1) / n) * 2 ** restWeight);
}

/** The probability of log2 odds. */
export function probabilityOf(log2Odds: number): number {
  return 1 / (1 + 2 ** -log2Odds);
}

/** log2 Bayes factor of a level, m and u floored so that no level is infinitely sure. */
export function levelWeight(m: number, u: number): number {
  return Math.log2(Math.max(m, 1e-6) / Math.max(u, 1e-9));
}

/** The name level of a name score. */
export function nameLevel(score: number): NameLevel {
  if (score >= NAME_EXACT_FROM) return 'exact';
  if (score >= NAME_EDGES.same_key) return 'same_key';
  if (score >= NAME_EDGES.close) return 'close';
  if (score >= NAME_EDGES.partial) return 'partial';
  return 'none';
}

/**
 * The weights of the name levels for one query, made non-decreasing from the worst level
 * to the best (each at least {@link LEVEL_STEP} above the one below).
 *
 * u of a level in {@link TF_LEVELS} — the chance that a name of someone else reaches it for
 * this query — is the larger of two estimates:
 * - the model's: the query's parts taken as independent (Splink's term-frequency
 *   adjustment over the parts of a name), a random name holds all of them with probability
 *   Π f_i, f_i the share of the register's names holding part i; `information` is
 *   −log2 Π f_i, in bits. The name score is the query's share of agreement, each part
 *   weighed by its rarity (an IDF), so a name that reaches a level's edge agrees on about
 *   that share of the information: u = 2^(−edge × information). A rare full name is then
 *   rightly strong though the register holds it once;
 * - the count: the share of the register's `entries` other than the candidate whose names
 *   reach the level for this query (`reaching[l]` counts the candidate too). Names are not
 *   independent across parts (families and tribes repeat whole chains), and when the
 *   register shows that others do hold the name, that count wins.
 * The partial level is also never below the register-wide u (the count is cut short where
 * a search scores few names), and no level's u is below {@link TF_MIN_U}.
 */
/**
 * The least u of a name level (Splink's `tf_minimum_u_value`): the chance that someone else
 * bears the query's name is never taken below one in ten million. The people a register
 * holds come from a country's population (Iraq's is some 45 million, 2^25); the frequencies
 * of the parts of a name are measured on the register, a sample, in which names foreign to
 * it (or a clan's own chain of names) look far rarer than they are in the population. An
 * exact name can then weigh at most log2(m / 1e-7), about 22 bits with m near one half:
 * enough to outweigh the prior of a register of millions, not enough to outweigh both a
 * date of birth years apart and another nationality.
 */
export const TF_MIN_U = 1e-7;

export function nameLevelWeights(params: MatchParameters, reaching: Readonly<Record<NameLevel, number>>, entries: number, information: number): Record<NameLevel, number> {
  const out = {} as Record<NameLevel, number>;
  let floor = -Infinity;
  const bits = Number.isFinite(information) && information > 0 ? information : 0;
  for (let i = NAME_LEVELS.length - 1; i >= 0; i--) {
    const level = NAME_LEVELS[i] as NameLevel;
    let u = params.u.name[level];
    if (TF_LEVELS.has(level)) u = Math.max((reaching[level] - 1) / Math.max(1, entries), 2 ** (-NAME_EDGES[level] * bits), TF_MIN_U);
    if (level === 'partial') u = Math.max(u, params.u.name.partial);
    floor = Math.max(floor + LEVEL_STEP, levelWeight(params.m.name[level], u));
    out[level] = floor;
  }
  return out;
}

/** The name's weight at a score: linear between the levels' edges (see {@link NAME_EDGES}). */
export function nameWeight(score: number, weights: Readonly<Record<NameLevel, number>>): number {
  if (score >= 1) return weights.exact;
  for (let i = 1; i < NAME_LEVELS.length; i++) {
    const level = NAME_LEVELS[i] as NameLevel;
    const above = NAME_LEVELS[i - 1] as NameLevel;
    const edge = NAME_EDGES[level];
    if (score >= edge) {
      const x = (score - edge) / (NAME_EDGES[above] - edge);
      return weights[level] + x * (weights[above] - weights[level]);
    }
  }
  return weights.none;
}

/**
 * The name's weight at a combined name score (the best name's score plus what the entry's
 * other names add, as candidates were ranked by name before the evidence model): the
 * weight of {@link nameWeight} up to 1, rising by {@link OTHER_NAMES_BITS} per unit above.
 * One increasing function of one number, so that with no other evidence the order of
 * candidates is the order of their combined name scores, ties and near-ties included.
 */
export function combinedNameWeight(combined: number, weights: Readonly<Record<NameLevel, number>>): number {
  if (combined <= 1) return nameWeight(combined, weights);
  return weights.exact + OTHER_NAMES_BITS * (combined - 1);
}

const DAY_YEAR = 365.25;

/**
 * The level of agreement of two dates of birth (intervals of days; several per side, the
 * closest pair counts): the same single day; overlapping (a partial, approximate or
 * ranged date that allows the other); at most a year apart; two to five years; more.
 * `null` when either side has no date.
 */
export function dobLevel(a: readonly DayInterval[], b: readonly DayInterval[]): DobLevel | null {
  if (a.length === 0 || b.length === 0) return null;
  let best: DobLevel = 'conflict';
  let rank = 4;
  for (const x of a) {
    for (const y of b) {
      const gap = Math.max(0, y.from - x.to, x.from - y.to);
      let r: number;
      if (gap === 0) r = x.from === x.to && y.from === y.to ? 0 : 1;
      else if (gap <= DAY_YEAR + 1) r = 2;
      else if (gap <= 5 * DAY_YEAR + 1) r = 3;
      else r = 4;
      if (r < rank) {
        rank = r;
        best = DOB_LEVELS[r] as DobLevel;
      }
    }
  }
  return best;
}

/** One pair's comparison: a level index per field ({@link MODEL_FIELDS} order), -1 when unknown. */
export type ComparisonVector = readonly number[];

/** Options of {@link estimateEm}. */
export interface EmOptions {
  /** Start values (default {@link DEFAULT_PARAMETERS}'s m and u). */
  start?: Pick<MatchParameters, 'm' | 'u'>;
  /** Start share of matches among the pairs (default 0.1). */
  lambda?: number;
  /** Fields whose u stays fixed (estimated elsewhere, from random pairs). */
  fixU?: ReadonlySet<ModelField>;
  /** Fields whose m stays fixed. */
  fixM?: ReadonlySet<ModelField>;
  /**
   * Fields left out (as if unknown): the field that chose the pairs, whose agreement there
   * says nothing of match status; its m and u stay as they started.
   */
  ignore?: ReadonlySet<ModelField>;
  iterations?: number;
}

/** What EM found. */
export interface EmResult {
  m: MatchParameters['m'];
  u: MatchParameters['u'];
  lambda: number;
  iterations: number;
}

type Table = Record<string, Record<string, number>>;

function copyTable(t: Table): Table {
  return Object.fromEntries(Object.entries(t).map(([f, levels]) => [f, { ...levels }]));
}

/**
 * Expectation–maximisation of m, u and the share of matches over comparison vectors of
 * unlabelled pairs, fields taken as independent given match status. Levels a field never
 * shows keep a small share; unknown fields (-1) are left out of that field's counts.
 */
export function estimateEm(vectors: readonly ComparisonVector[], options: EmOptions = {}): EmResult {
  const start = options.start ?? DEFAULT_PARAMETERS;
  const m = copyTable(start.m as unknown as Table);
  const u = copyTable(start.u as unknown as Table);
  let lambda = options.lambda ?? 0.1;
  const maxIterations = options.iterations ?? 200;
  const fields = MODEL_FIELDS;
  const ignored = fields.map((f) => options.ignore?.has(f) ?? false);
  const levels = fields.map((f) => FIELD_LEVELS[f] as readonly string[]);
  let iterations = 0;
  const post = new Float64Array(vectors.length);
  for (; iterations < maxIterations; iterations++) {
    // E: each pair's probability of being a match.
    let sumPost = 0;
    for (let p = 0; p < vectors.length; p++) {
      const v = vectors[p] as ComparisonVector;
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let f = 0; f < fields.length; f++) {
        const l = v[f] as number;
        if (l < 0 || ignored[f]) continue;
        const level = (levels[f] as readonly string[])[l] as string;
        const field = fields[f] as string;
        lm += Math.log(Math.max((m[field] as Record<string, number>)[level] as number, 1e-12));
        lu += Math.log(Math.max((u[field] as Record<string, number>)[level] as number, 1e-12));
      }
      const w = 1 / (1 + Math.exp(lu - lm));
      post[p] = w;
      sumPost += w;
    }
    // M: shares weighted by those probabilities.
    let change = Math.abs(sumPost / Math.max(1, vectors.length) - lambda);
    lambda = Math.min(Math.max(sumPost / Math.max(1, vectors.length), 1e-6), 1 - 1e-6);
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f] as ModelField;
      if (ignored[f]) continue;
      const ls = levels[f] as readonly string[];
      const cm = new Array<number>(ls.length).fill(0);
      const cu = new Array<number>(ls.length).fill(0);
      for (let p = 0; p < vectors.length; p++) {
        const l = (vectors[p] as ComparisonVector)[f] as number;
        if (l < 0) continue;
        cm[l]! += post[p] as number;
        cu[l]! += 1 - (post[p] as number);
      }
      const tm = cm.reduce((a, b) => a + b, 0);
      const tu = cu.reduce((a, b) => a + b, 0);
      // A field nobody knows keeps its start values.
      const smooth = 1e-4;
      if (tm > 0 && !options.fixM?.has(field)) {
        for (let l = 0; l < ls.length; l++) {
          const next = (cm[l]! + smooth) / (tm + smooth * ls.length);
          const row = m[field] as Record<string, number>;
          change = Math.max(change, Math.abs(next - (row[ls[l] as string] as number)));
          row[ls[l] as string] = next;
        }
      }
      if (tu > 0 && !options.fixU?.has(field)) {
        for (let l = 0; l < ls.length; l++) {
          const next = (cu[l]! + smooth) / (tu + smooth * ls.length);
          const row = u[field] as Record<string, number>;
          change = Math.max(change, Math.abs(next - (row[ls[l] as string] as number)));
          row[ls[l] as string] = next;
        }
      }
    }
    if (change < 1e-7) {
      iterations++;
      break;
    }
  }
  return { m: m as unknown as MatchParameters['m'], u: u as unknown as MatchParameters['u'], lambda, iterations };
}

/**
 * The share of each level of each field, counted over compared pairs of one kind: pairs taken at
 * random (nearly all different people: u), or a person's recorded name against their other
 * recorded names (one person: m of the name, {@link MIN_ALIAS_PAIRS}). Fields no pair knows are
 * left out.
 */
export function levelShares(vectors: readonly ComparisonVector[]): Partial<MatchParameters['u']> {
  const out: Table = {};
  MODEL_FIELDS.forEach((field, f) => {
    const ls = FIELD_LEVELS[field] as readonly string[];
    const c = new Array<number>(ls.length).fill(0);
    for (const v of vectors) if ((v[f] as number) >= 0) c[v[f] as number]!++;
    const total = c.reduce((a, b) => a + b, 0);
    // Half a pair for a level never seen: rare, not impossible.
    if (total > 0) out[field] = Object.fromEntries(ls.map((l, i) => [l, (c[i]! + 0.5) / (total + 0.5 * ls.length)]));
  });
  return out as Partial<MatchParameters['u']>;
}

/**
 * Least number of the register's own pairs of names of one person (an entry's name against its
 * other names) from which m of the name levels is counted rather than left to EM. An entry's
 * names are the spellings, scripts and aliases the register recorded for one person — labelled
 * pairs that cost nothing — and a search meets a person's name the same way, as one spelling
 * against the names recorded. EM over pairs born the same day must instead tell the two classes
 * apart, and on names it finds an optimum where one person's names agree exactly far more often
 * than the register's own entries show.
 */
export const MIN_ALIAS_PAIRS = 50;

/**
 * Why an estimate cannot be the register's parameters, or null when it can. EM finds a local
 * optimum, and on a register of few distinct names (many namesakes) it may find one where the
 * "match" class is not the same person at all. An estimate is taken only if it says what any
 * record-linkage model must. For the date of birth, nationality, sex and mother's name: along
 * the levels, from the best agreement to the worst, the weight never rises; the best level is
 * evidence for the same person (weight > 0) and the worst against (weight < 0). For the name,
 * whose level weights are made to rise with the score whatever m is (and whose u is the query's
 * own term frequency, {@link nameLevelWeights}): names that do not agree at all are evidence
 * against, and one person's records agree on the name (exactly or in sound) more often than not at all.
 */
export function implausibility(params: Pick<MatchParameters, 'm' | 'u'>): string | null {
  if (levelWeight(params.m.name.none, params.u.name.none) >= 0) return 'name: none is not evidence against';
  if (params.m.name.exact + params.m.name.same_key <= params.m.name.none) return "name: one person's records agree on the name less often than not at all";
  for (const field of MODEL_FIELDS) {
    if (field === 'name') continue;
    const levels = FIELD_LEVELS[field] as readonly string[];
    const m = params.m[field] as Record<string, number>;
    const u = params.u[field] as Record<string, number>;
    const weights = levels.map((l) => levelWeight(m[l] ?? 0, u[l] ?? 0));
    for (let i = 1; i < weights.length; i++) {
      if ((weights[i] as number) > (weights[i - 1] as number)) return `${field}: ${levels[i]} weighs more than ${levels[i - 1]}`;
    }
    if ((weights[0] as number) <= 0) return `${field}: ${levels[0]} is not evidence for the same person`;
    if ((weights[weights.length - 1] as number) >= 0) return `${field}: ${levels[levels.length - 1]} is not evidence against`;
  }
  return null;
}
