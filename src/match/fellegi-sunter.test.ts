import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_PARAMETERS, FIELD_LEVELS, MIN_ALIAS_PAIRS, MODEL_FIELDS, OTHER_NAMES_BITS, TF_MIN_U, combinedNameWeight, levelWeight, nameLevelWeights, dobLevel, estimateEm, implausibility, nameWeight, priorWeight, probabilityOf } from './fellegi-sunter.ts';
import type { ComparisonVector, MatchParameters } from './fellegi-sunter.ts';
import { NameIndex } from './name-index.ts';
import type { NameQuery } from './name-index.ts';
import { nationalityCode } from './nationality.ts';

const day = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

test('dates of birth: the same day, overlapping, a year, two to five years, more', () => {
  const d = (a: string, b = a) => ({ from: day(a), to: day(b) });
  assert.equal(dobLevel([d('1963-12-13')], [d('1963-12-13')]), 'exact');
  assert.equal(dobLevel([d('1963-12-13')], [d('1963-01-01', '1963-12-31')]), 'same_year');
  assert.equal(dobLevel([d('1963-01-01', '1963-12-31')], [d('1964-01-01', '1964-12-31')]), 'one_year');
  assert.equal(dobLevel([d('1960-06-01')], [d('1964-06-01')]), 'two_to_five');
  assert.equal(dobLevel([d('1960-06-01')], [d('1966-06-02')]), 'conflict');
  // The closest of several dates counts.
  assert.equal(dobLevel([d('1950-01-01'), d('1963-12-13')], [d('1963-12-13')]), 'exact');
  assert.equal(dobLevel([], [d('1963-12-13')]), null);
});

test('the prior of one entry: this entry, another entry or nobody, the others counted at the rest weight', () => {
  const half = { ...DEFAULT_PARAMETERS, priorShare: 0.5 };
  // Others at their mean factor over different people (1): the plain odds q / (1 − q), q = 0.5 / 4.
  assert.ok(Math.abs(priorWeight(half, 4) - Math.log2(1 / 7)) < 1e-12);
  assert.ok(Math.abs(priorWeight(half, 4, 0) - Math.log2(1 / 7)) < 1e-12);
  // Others at half a factor each: 0.125 / (0.5 + 0.5 · 3/4 · 0.5) = 2/11.
  assert.ok(Math.abs(priorWeight(half, 4, -1) - Math.log2(2 / 11)) < 1e-12);
  // One entry alone: no other, so the rest weight does not matter: 0.5 / 0.5.
  assert.equal(priorWeight(half, 1, -3), 0);
  // The less the others are like the query, the more this entry may be the person; never above share / (1 − share).
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 1_000_000 }), fc.double({ min: -20, max: 0, noNaN: true }), fc.double({ min: -20, max: 0, noNaN: true }), (n, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      assert.ok(priorWeight(half, n, lo) >= priorWeight(half, n, hi) - 1e-12);
      assert.ok(priorWeight(half, n, lo) <= Math.log2(0.5 / n / 0.5) + 1e-9);
    }),
  );
});

test('nationalities by code, English or Arabic name, or official long form; anything else names no country', () => {
  for (const [text, code] of [['IQ', 'IQ'], ['Iraq', 'IQ'], ['العراق', 'IQ'], ['Syrian Arab Republic', 'SY'], ['The Gambia', 'GM']] as const) assert.equal(nationalityCode(text), code, text);
  for (const text of ['XX', 'Atlantis', '', 'stateless', '   ']) assert.equal(nationalityCode(text), null, text);
});

test('the name weight rises with the name score, through each level\'s weight at its edge', () => {
  const w = { exact: 9, same_key: 6, close: 3, partial: 0, none: -3 };
  assert.equal(nameWeight(1, w), 9);
  assert.equal(nameWeight(0.9, w), 6);
  assert.equal(nameWeight(0.75, w), 3);
  assert.equal(nameWeight(0.45, w), 0);
  assert.equal(nameWeight(0, w), -3);
  assert.ok(Math.abs(nameWeight(0.95, w) - 7.5) < 1e-9);
  fc.assert(fc.property(fc.double({ min: 0, max: 1.1, noNaN: true }), fc.double({ min: 0, max: 1.1, noNaN: true }), (a, b) => (a <= b ? nameWeight(a, w) <= nameWeight(b, w) : nameWeight(a, w) >= nameWeight(b, w))));
});

test('the name weight of a combined name score is one increasing function: the name-only order of candidates is the combined score\'s', () => {
  const w = { exact: 9, same_key: 6, close: 3, partial: 0, none: -3 };
  assert.equal(combinedNameWeight(0.9, w), 6);
  assert.equal(combinedNameWeight(1, w), 9);
  assert.ok(Math.abs(combinedNameWeight(1.05, w) - (9 + 0.05 * OTHER_NAMES_BITS)) < 1e-9);
  // Strictly: a higher combined score (to a millionth, finer than scores differ) is never tied with, nor put below, a lower one.
  const score = fc.integer({ min: 0, max: 1_600_000 }).map((x) => x / 1e6);
  fc.assert(fc.property(score, score, (a, b) => a === b || (a < b) === (combinedNameWeight(a, w) < combinedNameWeight(b, w))));
});

test('term frequency: u of the exact level is the product of the parts\' frequencies, or the share of others holding the name when larger, never below the stated least', () => {
  const p = DEFAULT_PARAMETERS;
  const alone = { exact: 1, same_key: 1, close: 1, partial: 1, none: 1 };
  // Parts of frequency 1/8 and 1/16: 7 bits, u = 2^-7.
  assert.ok(Math.abs(nameLevelWeights(p, alone, 1000, 7).exact - levelWeight(p.m.name.exact, 2 ** -7)) < 1e-9);
  // 99 other entries of 1,000 hold the name: the count (0.099) wins over the model.
  const shared = { exact: 100, same_key: 100, close: 100, partial: 100, none: 100 };
  assert.ok(Math.abs(nameLevelWeights(p, shared, 1000, 7).exact - levelWeight(p.m.name.exact, 0.099)) < 1e-9);
  // A name of sixty bits weighs no more than the least u allows.
  assert.ok(Math.abs(nameLevelWeights(p, alone, 1000, 60).exact - levelWeight(p.m.name.exact, TF_MIN_U)) < 1e-9);
  // Rarer names weigh more, level by level.
  fc.assert(fc.property(fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }), (a, b) => {
    const [x, y] = [nameLevelWeights(p, alone, 1000, Math.min(a, b)), nameLevelWeights(p, alone, 1000, Math.max(a, b))];
    return x.exact <= y.exact + 1e-9 && x.close <= y.close + 1e-9;
  }));
});

/** Draw n pairs from known m, u and share of matches: the comparison vectors and the truth. */
function synthetic(n: number, m: MatchParameters['m'], u: MatchParameters['u'], lambda: number, seed: number): ComparisonVector[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const draw = (probs: Record<string, number>, levels: readonly string[]): number => {
    let x = random();
    for (let i = 0; i < levels.length; i++) {
      x -= probs[levels[i] as string] as number;
      if (x < 0) return i;
    }
    return levels.length - 1;
  };
  const out: ComparisonVector[] = [];
  for (let i = 0; i < n; i++) {
    const match = random() < lambda;
    out.push(MODEL_FIELDS.map((f) => draw(((match ? m : u) as unknown as Record<string, Record<string, number>>)[f] as Record<string, number>, FIELD_LEVELS[f])));
  }
  return out;
}

test('EM recovers known m and u from pairs drawn with them, each within 0.03', () => {
  const m: MatchParameters['m'] = {
    name: { exact: 0.55, same_key: 0.2, close: 0.12, partial: 0.08, none: 0.05 },
    dob: { exact: 0.6, same_year: 0.25, one_year: 0.08, two_to_five: 0.05, conflict: 0.02 },
    nationality: { agree: 0.9, conflict: 0.1 },
    sex: { agree: 0.97, conflict: 0.03 },
    mother: { agree: 0.8, conflict: 0.2 },
  };
  const u: MatchParameters['u'] = {
    name: { exact: 0.01, same_key: 0.02, close: 0.05, partial: 0.22, none: 0.7 },
    dob: { exact: 0.01, same_year: 0.04, one_year: 0.05, two_to_five: 0.2, conflict: 0.7 },
    nationality: { agree: 0.3, conflict: 0.7 },
    sex: { agree: 0.5, conflict: 0.5 },
    mother: { agree: 0.05, conflict: 0.95 },
  };
  const lambda = 0.2;
  const vectors = synthetic(40_000, m, u, lambda, 7);
  // Started from the stated defaults, not from the truth.
  const found = estimateEm(vectors, { start: DEFAULT_PARAMETERS, lambda: 0.05 });
  const tolerance = 0.03;
  assert.ok(Math.abs(found.lambda - lambda) < tolerance, `λ ${found.lambda}`);
  for (const f of MODEL_FIELDS) {
    for (const l of FIELD_LEVELS[f]) {
      const gotM = (found.m[f] as Record<string, number>)[l] as number;
      const gotU = (found.u[f] as Record<string, number>)[l] as number;
      assert.ok(Math.abs(gotM - ((m[f] as Record<string, number>)[l] as number)) < tolerance, `m ${f} ${l}: ${gotM}`);
      assert.ok(Math.abs(gotU - ((u[f] as Record<string, number>)[l] as number)) < tolerance, `u ${f} ${l}: ${gotU}`);
    }
  }
});

// A small register: the people searched for, namesakes and others.
function register(): NameIndex {
  const index = new NameIndex();
  index.add('A', ['Hisham Faisal Muhammad al-Ani', 'هشام فيصل محمد العاني'], { dob: ['1988'], nationalities: ['IQ'], sex: 'male', motherNames: ['Fatima Hassan'] });
  index.add('B', ['Hisham Faisal Muhammad al-Ani'], { dob: ['12 Mar 2016'], nationalities: ['EG'], sex: 'male', motherNames: ['Aisha Ali'] });
  index.add('C', ['Ali Hassan al-Jubouri'], { dob: [{ type_of_date: 'EXACT', date: '1975-05-01' }], nationalities: ['Iraq'], sex: 'male' });
  index.add('D', ['Zaynab Omar Kadhim'], { dob: ['circa 1960'], nationalities: ['SY'], sex: 'female' });
  index.add('E', ['Omar Kadhim Jasim'], { dob: ['01 Jan 1975 to 31 Dec 1975'], nationalities: [], sex: 'male' });
  for (let i = 0; i < 30; i++) index.add(`X${i}`, [`Person${String.fromCharCode(97 + (i % 26))}${i} Other`], { dob: [`${1940 + i}`], nationalities: ['JO'] });
  return index;
}

const logit = (p: number): number => Math.log2(p / (1 - p));

const names = ['Hisham Faisal Muhammad al-Ani', 'هشام فيصل محمد العاني', 'Ali Hassan al-Jubouri', 'Zaynab Omar Kadhim', 'Omar Kadhim'];
const dobs = ['1988', '12 Mar 2016', '1975', 'circa 1960', '1960-02-02', '01 Jan 1975 to 31 Dec 1975', { type_of_date: 'EXACT', year: '1975' }];
const nats = ['IQ', 'EG', 'Iraq', 'SY', 'Syrian Arab Republic', 'JO'];
const arbQuery = fc.record(
  {
    name: fc.constantFrom(...names),
    dob: fc.array(fc.constantFrom(...dobs), { maxLength: 2 }),
    nationalities: fc.array(fc.constantFrom(...nats), { maxLength: 2 }),
    sex: fc.constantFrom('male', 'female', undefined),
    motherName: fc.constantFrom('Fatima Hassan', 'Aisha Ali', undefined),
  },
  { requiredKeys: ['name'] },
) as fc.Arbitrary<NameQuery>;

function scoreOf(index: NameIndex, query: NameQuery, id: string): number | undefined {
  return index.search(query, { top: 50 }).candidates.find((c) => c.id === id)?.score;
}

test('explanations sum to the score: prior + Σ weights is the log2 odds of the probability', () => {
  const index = register();
  fc.assert(
    fc.property(arbQuery, (query) => {
      for (const c of index.search(query, { top: 10 }).candidates) {
        const e = c.explanation!;
        assert.ok(c.score >= 0 && c.score <= 1);
        assert.equal(e.probability, c.score);
        const sum = e.priorWeight + e.weights.reduce((a, w) => a + w.weight, 0);
        if (c.score > 1e-12 && c.score < 1 - 1e-12) assert.ok(Math.abs(sum - logit(c.score)) < 1e-6, `${sum} vs ${logit(c.score)}`);
        assert.ok(Math.abs(probabilityOf(sum) - c.score) < 1e-12);
      }
    }),
    { numRuns: 150 },
  );
});

test('agreeing evidence never lowers the probability; conflicting evidence never raises it', () => {
  const index = register();
  fc.assert(
    fc.property(arbQuery, fc.constantFrom('A', 'B', 'C', 'D', 'E'), (query, id) => {
      const before = scoreOf(index, query, id);
      if (before === undefined) return;
      const entry = {
        A: { dob: '1988', nat: 'IQ', sex: 'male', mother: 'Fatima Hassan', far: '1950', other: 'FR', otherSex: 'female', otherMother: 'Zzzz Qqqq' },
        B: { dob: '12 Mar 2016', nat: 'EG', sex: 'male', mother: 'Aisha Ali', far: '1950', other: 'FR', otherSex: 'female', otherMother: 'Zzzz Qqqq' },
        C: { dob: '01 May 1975', nat: 'IQ', sex: 'male', mother: undefined, far: '1950', other: 'FR', otherSex: 'female', otherMother: undefined },
        D: { dob: '1960', nat: 'SY', sex: 'female', mother: undefined, far: '1990', other: 'FR', otherSex: 'male', otherMother: undefined },
        E: { dob: '1975', nat: undefined, sex: 'male', mother: undefined, far: '1950', other: undefined, otherSex: 'female', otherMother: undefined },
      }[id]!;
      const asList = (d: NameQuery['dob']) => (d === undefined ? [] : Array.isArray(d) ? d : [d]);
      // Only where the query said nothing of the field: adding it is then pure evidence.
      const agreeing: NameQuery[] = [];
      const conflicting: NameQuery[] = [];
      if (asList(query.dob).length === 0) {
        agreeing.push({ ...query, dob: [entry.dob] });
        conflicting.push({ ...query, dob: [entry.far] });
      }
      if ((query.nationalities ?? []).length === 0 && entry.nat && entry.other) {
        agreeing.push({ ...query, nationalities: [entry.nat] });
        conflicting.push({ ...query, nationalities: [entry.other] });
      }
      if (query.sex === undefined) {
        agreeing.push({ ...query, sex: entry.sex });
        conflicting.push({ ...query, sex: entry.otherSex });
      }
      if (query.motherName === undefined && entry.mother && entry.otherMother) {
        agreeing.push({ ...query, motherName: entry.mother });
        conflicting.push({ ...query, motherName: entry.otherMother });
      }
      for (const q of agreeing) {
        const after = scoreOf(index, q, id);
        assert.ok(after !== undefined && after >= before, `${JSON.stringify(q)}: ${before} → ${after}`);
      }
      for (const q of conflicting) {
        const after = scoreOf(index, q, id) ?? 0;
        assert.ok(after <= before, `${JSON.stringify(q)}: ${before} → ${after}`);
      }
    }),
    { numRuns: 200 },
  );
});

test('the score does not depend on the order of the dates, nationalities or entries\' names', () => {
  const index = register();
  fc.assert(
    fc.property(arbQuery, (query) => {
      const reversed: NameQuery = { ...query, dob: [...((query.dob as unknown[]) ?? [])].reverse() as NameQuery['dob'], nationalities: [...(query.nationalities ?? [])].reverse() };
      const a = index.search(query, { top: 10, explain: false }).candidates;
      const b = index.search(reversed, { top: 10, explain: false }).candidates;
      assert.deepEqual(b, a);
    }),
    { numRuns: 100 },
  );
  // An entry's names given in another order.
  const other = new NameIndex();
  const one = register();
  other.add('A', ['هشام فيصل محمد العاني', 'Hisham Faisal Muhammad al-Ani'], { dob: ['1988'], nationalities: ['IQ'], sex: 'male', motherNames: ['Fatima Hassan'] });
  one.remove('B');
  one.remove('C');
  one.remove('D');
  one.remove('E');
  for (let i = 0; i < 30; i++) one.remove(`X${i}`);
  const q: NameQuery = { name: 'Hisham Faisal al-Ani', dob: ['1988'], nationalities: ['Iraq'] };
  assert.equal(other.search(q).candidates[0]?.score, one.search(q).candidates[0]?.score);
});

test('dates that cannot be read and unknown nationalities count as unknown, with a note, never as conflict', () => {
  const index = register();
  const plain = scoreOf(index, { name: 'Hisham Faisal Muhammad al-Ani' }, 'A');
  const bad: NameQuery[] = [
    { name: 'Hisham Faisal Muhammad al-Ani', dob: ['31 Feb 1988'] },
    { name: 'Hisham Faisal Muhammad al-Ani', dob: ['sometime'] },
    { name: 'Hisham Faisal Muhammad al-Ani', dob: [{ type_of_date: 'EXACT', year: 'abcd' }] },
    { name: 'Hisham Faisal Muhammad al-Ani', dob: [{} as never] },
    { name: 'Hisham Faisal Muhammad al-Ani', dob: [null as never, 42 as never, ['1988'] as never] },
    { name: 'Hisham Faisal Muhammad al-Ani', dob: ['99999'] },
    { name: 'Hisham Faisal Muhammad al-Ani', nationalities: ['XX'] },
    { name: 'Hisham Faisal Muhammad al-Ani', nationalities: ['Atlantis', ''] },
    { name: 'Hisham Faisal Muhammad al-Ani', nationalities: [7 as never] },
    { name: 'Hisham Faisal Muhammad al-Ani', sex: 'x' },
  ];
  for (const q of bad) {
    const c = index.search(q).candidates.find((x) => x.id === 'A');
    assert.ok(c, JSON.stringify(q));
    assert.equal(c.score, plain, JSON.stringify(q));
    assert.ok(!c.explanation!.weights.some((w) => w.level === 'conflict'), JSON.stringify(c.explanation!.weights));
  }
  const noted = index.search({ name: 'Hisham Faisal Muhammad al-Ani', dob: ['sometime'], nationalities: ['XX'] }).candidates[0]!.explanation!.weights;
  assert.match(noted.find((w) => w.field === 'dob')?.note ?? '', /date could not be read: sometime/);
  assert.match(noted.find((w) => w.field === 'nationality')?.note ?? '', /XX/);
  assert.equal(noted.find((w) => w.field === 'dob')?.level, 'unknown');
  // A register entry whose evidence cannot be read is no conflict either.
  const odd = new NameIndex();
  odd.add('Z', ['Hisham Faisal Muhammad al-Ani'], { dob: ['not a date', { year: 'x' }] as never, nationalities: ['Narnia'] });
  const z = odd.search({ name: 'Hisham Faisal Muhammad al-Ani', dob: ['1988'], nationalities: ['IQ'] }).candidates[0]!;
  assert.ok(!z.explanation!.weights.some((w) => w.level === 'conflict'), JSON.stringify(z.explanation!.weights));
});

test('a namesake born years apart, of another nationality, is not a likely duplicate; the same name, date and nationality is', () => {
  const index = register();
  const found = index.search({ name: 'هشام فيصل محمد العاني', dob: ['1988'], nationalities: ['IQ'] }).candidates;
  const a = found.find((c) => c.id === 'A')!;
  const b = found.find((c) => c.id === 'B')!;
  assert.ok(a.score >= 0.8, String(a.score));
  assert.ok(b.score < 0.4, String(b.score));
  const fields = Object.fromEntries(b.explanation!.weights.map((w) => [w.field, w]));
  assert.equal(fields.dob?.level, 'conflict');
  assert.equal(fields.nationality?.level, 'conflict');
  assert.ok(fields.dob!.weight < 0 && fields.nationality!.weight < 0);
});

test('conflicting date and nationality are outweighed only by a name rare enough: the weights say by how much', () => {
  // The same conflicts against a unique name and against a name many entries share.
  const index = new NameIndex({ parameters: DEFAULT_PARAMETERS });
  index.add('R', ['Qutaybah Zurayq Dhahhak'], { dob: ['1950'], nationalities: ['IQ'] });
  for (let i = 0; i < 40; i++) index.add(`M${i}`, ['Muhammad Ali'], { dob: [`${1950 + (i % 30)}`], nationalities: ['IQ'] });
  const query = { dob: ['1980'], nationalities: ['EG'] };
  const rare = index.search({ name: 'Qutaybah Zurayq Dhahhak', ...query }).candidates[0]!;
  const common = index.search({ name: 'Muhammad Ali', ...query }, { top: 50 }).candidates.find((c) => c.id === 'M0')!;
  const nameWeightOf = (c: typeof rare) => c.explanation!.weights.find((w) => w.field === 'name')!.weight;
  assert.ok(nameWeightOf(rare) > nameWeightOf(common), `${nameWeightOf(rare)} vs ${nameWeightOf(common)}`);
  assert.ok(rare.score > common.score);
  assert.ok(rare.score < 0.8 && common.score < 0.8, `${rare.score} ${common.score}`);
});

test('EM on an index\'s own entries: parameters that say agreement is evidence for, conflict against', () => {
  // One name each; one in four persons listed twice, with the same date and nationality.
  const index = registerWithAliases(() => []);
  const p = index.estimateParameters({ seed: 3 });
  assert.match(p.version, /^fs-1-em-/, p.source);
  assert.equal(index.parameters, p);
  assert.ok(p.m.dob.exact > p.u.dob.exact && p.m.dob.conflict < p.u.dob.conflict, JSON.stringify(p.m.dob));
  assert.ok(p.m.nationality.agree > p.u.nationality.agree, JSON.stringify(p.m.nationality));
});

test('an estimate is taken only if it says what agreement means: weights never rise from the best level to the worst, the best for, the worst against', () => {
  assert.equal(implausibility(DEFAULT_PARAMETERS), null, 'the stated parameters are plausible');
  const swapped = structuredClone(DEFAULT_PARAMETERS);
  swapped.m.name.none = 0.99; // "different names" as evidence for the same person
  assert.match(implausibility(swapped) ?? '', /^name: none/);
  const flat = structuredClone(DEFAULT_PARAMETERS);
  flat.m.dob.exact = flat.u.dob.exact; // an exact date of birth saying nothing
  assert.match(implausibility(flat) ?? '', /^dob: (exact|same_year)/);
  const inverted = structuredClone(DEFAULT_PARAMETERS);
  inverted.m.nationality = { agree: 0.1, conflict: 0.9 };
  assert.match(implausibility(inverted) ?? '', /^nationality/);
});

/** A register of 400 persons (one in four listed twice, same date and nationality); `aliases(i)` gives person i's other names. */
function registerWithAliases(aliases: (i: number, name: string) => string[]): NameIndex {
  const index = new NameIndex();
  const given = ['Ahmad', 'Ali', 'Hassan', 'Omar', 'Yusuf', 'Khalid', 'Salim', 'Karim', 'Nabil', 'Tariq'];
  const syllables = ['ba', 'ku', 'ri', 'mo', 'se', 'ta', 'ni', 'lo', 'du', 'fa', 'ge', 'zu'];
  const family = (i: number) => `${syllables[i % 12]}${syllables[Math.floor(i / 12) % 12]}${syllables[Math.floor(i / 144) % 12]}r`;
  let n = 0;
  for (let i = 0; i < 400; i++) {
    const name = `${given[i % 10]} ${given[(i * 7) % 10]} ${family(i * 37)}`;
    const evidence = { dob: [`${1950 + ((i * 13) % 50)}-0${1 + (i % 9)}-1${i % 10}`], nationalities: [['IQ', 'SY', 'JO'][i % 3]!] };
    index.add(`P${n++}`, [name, ...aliases(i, name)], evidence);
    if (i % 4 === 0) index.add(`P${n++}`, [name.replace('a', 'e')], evidence);
  }
  return index;
}

test("m of the name is counted from the register's own names of one person: the shares of the levels they compare at", () => {
  // 320 persons hold a second name: 240 the same name written otherwise (capitals, a hyphen:
  // an exact agreement), 80 an alias sharing no word with it (no agreement at all).
  const index = registerWithAliases((i, name) => (i % 5 < 3 ? [name.toUpperCase().replace(' ', '-')] : i % 5 === 3 ? [`Abu Zzyqwort`] : []));
  const p = index.estimateParameters({ seed: 3 });
  assert.match(p.source, /320 pairs of one person's names \(m of the name\)/);
  assert.ok(Math.abs(p.m.name.exact - 240 / 320) < 0.02, JSON.stringify(p.m.name));
  assert.ok(Math.abs(p.m.name.none - 80 / 320) < 0.02, JSON.stringify(p.m.name));
  assert.ok(p.m.name.same_key + p.m.name.close + p.m.name.partial < 0.01, JSON.stringify(p.m.name));
});

test(`with fewer than ${MIN_ALIAS_PAIRS} persons holding several names, m of the name is left to EM`, () => {
  const index = registerWithAliases((i, name) => (i < MIN_ALIAS_PAIRS - 1 ? [name.toUpperCase()] : []));
  const p = index.estimateParameters({ seed: 3 });
  assert.match(p.source, new RegExp(`${MIN_ALIAS_PAIRS - 1} pairs of one person's names \\(fewer than ${MIN_ALIAS_PAIRS}: m of the name by EM\\)`));
});
