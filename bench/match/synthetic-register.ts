/**
 * Issue 12, "also report": precision and recall of the register's "likely" (and "possible")
 * duplicate suggestions on a synthetic register of Iraqi four-part names.
 *
 * The generator (seeded, so a size and seed give the same register on every machine) draws
 * persons with a given name, father's, grandfather's and family/tribal name, in Arabic and/or
 * Latin script, from skewed frequencies: a few given names (Muhammad, Ali, Ahmad, Hussein,
 * Abbas, Omar …) carry much of the register and a long tail the rest; tribal names (al-Jubouri,
 * al-Dulaimi, al-Obaidi …) have Zipf-like shares, and a third of persons carry one of a long
 * tail of fictional family names. Latin spellings vary as lists vary (Muhammad / Mohammed,
 * Hussein / Husayn, al- / el- / Al / no article), Arabic spellings too (أحمد / احمد,
 * عبد الله / عبدالله). Dates of birth are mostly exact or a year, some ranges, some unknown;
 * nationalities mostly IQ, some SY, SA, EG, TN, JO … and some unknown.
 *
 * Into it are planted, as records of the register:
 * - true duplicates: a person already on the register, recorded again as another clerk would
 *   record them (respelled, sometimes in the other script only, the grandfather or the family
 *   name dropped, a year instead of the date, a year off, the nationality missing);
 * - namesakes: another person with the very same four-part name, written as the first was,
 *   born at least five years apart and/or of another nationality.
 *
 * The index is built as the register builds its identity index (IdentityIndex.build: every
 * name, date of birth, nationalities and sex of every person; the evidence model's parameters
 * estimated from the register's own records from ESTIMATE_FROM persons, with its sample, an
 * implausible estimate set aside by estimateParameters itself), then each planted record is
 * asked about as /api/persons/duplicates asks: each of its names with its evidence, top 10 per
 * name, each other person's best score kept, best 10 shown. Truth (which record is planted,
 * and of whom) is read only here, by the evaluation: the index sees names and evidence alone.
 *
 * Run: node --import tsx bench/match/synthetic-register.ts [--persons N] [--seed S]
 */
import { matchThresholds } from '../../src/config.ts';
import { seededRandom } from '../../src/demo/demo-data.ts';
import type { DateOfBirth } from '../../src/domain/values.ts';
import { DEFAULT_PARAMETERS } from '../../src/match/fellegi-sunter.ts';
import { NameIndex } from '../../src/match/name-index.ts';
import { ESTIMATE_FROM, ESTIMATE_SAMPLE, matchDate } from '../../src/queries/identity-index.ts';
import { arabicFamily, romanise } from './synthetic-names.ts';

/** A name part in Arabic script and its Latin spellings, the most usual first. */
interface NameForm {
  readonly ar: string;
  readonly la: readonly string[];
}

const form = (ar: string, ...la: string[]): NameForm => ({ ar, la });

// Given names, most frequent first (general knowledge; the demo register's lists in
// src/demo/demo-data.ts, with the spellings lists carry).
const MALE: readonly NameForm[] = [
  form('محمد', 'Muhammad', 'Mohammed', 'Mohamed', 'Mohammad', 'Muhammed'),
  form('علي', 'Ali', 'Aly'),
  form('أحمد', 'Ahmad', 'Ahmed'),
  form('حسين', 'Hussein', 'Husayn', 'Hussain', 'Husain'),
  form('عباس', 'Abbas', "'Abbas"),
  form('عمر', 'Omar', 'Umar'),
  form('حسن', 'Hassan', 'Hasan'),
  form('عبد الله', 'Abdullah', 'Abdallah', 'Abd Allah'),
  form('خالد', 'Khalid', 'Khaled'),
  form('محمود', 'Mahmoud', 'Mahmud'),
  form('مصطفى', 'Mustafa', 'Mostafa', 'Mustapha'),
  form('إبراهيم', 'Ibrahim', 'Ebrahim'),
  form('حيدر', 'Haidar', 'Hayder', 'Haider'),
  form('جاسم', 'Jasim', 'Jassim', 'Jasem'),
  form('كاظم', 'Kadhim', 'Kazim', 'Kathim'),
  form('يوسف', 'Yusuf', 'Youssef', 'Yousif'),
  form('عبد الرحمن', 'Abd al-Rahman', 'Abdulrahman', 'Abdel Rahman'),
  form('كريم', 'Karim', 'Kareem'),
  form('قاسم', 'Qasim', 'Kassim', 'Qassem'),
  form('جعفر', 'Jaafar', 'Jafar', "Ja'far"),
  form('مهدي', 'Mahdi', 'Mehdi'),
  form('صالح', 'Salih', 'Saleh'),
  form('سعد', 'Saad', "Sa'ad"),
  form('فاضل', 'Fadhil', 'Fadil', 'Fadel'),
  form('طارق', 'Tariq', 'Tareq', 'Tarek'),
  form('رعد', 'Raad', "Ra'ad"),
  form('زيد', 'Zaid', 'Zayd'),
  form('ماجد', 'Majid', 'Maged'),
  form('عادل', 'Adel', 'Adil'),
  form('ناصر', 'Nasser', 'Nasir'),
  form('فيصل', 'Faisal', 'Faysal'),
  form('سالم', 'Salim', 'Salem'),
  form('حمزة', 'Hamza', 'Hamzah'),
  form('جبار', 'Jabbar'),
  form('ستار', 'Sattar'),
  form('عبد الكريم', 'Abd al-Karim', 'Abdulkarim'),
  form('عبد الأمير', 'Abd al-Amir', 'Abdulameer'),
  form('نوري', 'Nouri', 'Nuri'),
  form('صباح', 'Sabah'),
  form('شاكر', 'Shakir', 'Shaker'),
  form('ضياء', 'Dhiya', 'Diyaa', 'Zia'),
  form('عماد', 'Imad', 'Emad'),
  form('باسم', 'Basim', 'Bassem'),
  form('رياض', 'Riyadh', 'Riad'),
  form('عدنان', 'Adnan'),
  form('نبيل', 'Nabil', 'Nabeel'),
  form('سامي', 'Sami'),
  form('غازي', 'Ghazi'),
  form('عثمان', 'Uthman', 'Othman', 'Osman'),
  form('سلمان', 'Salman'),
  form('منصور', 'Mansour', 'Mansur'),
  form('هاشم', 'Hashim', 'Hashem'),
  form('إسماعيل', 'Ismail', 'Ismael'),
  form('مرتضى', 'Murtadha', 'Murtada'),
  form('صادق', 'Sadiq', 'Sadeq'),
  form('كامل', 'Kamil', 'Kamel'),
  form('جمال', 'Jamal', 'Gamal'),
  form('أيمن', 'Ayman'),
  form('أسامة', 'Usama', 'Osama'),
  form('بلال', 'Bilal'),
  form('أنس', 'Anas'),
  form('رشيد', 'Rashid', 'Rasheed'),
  form('سعيد', 'Said', 'Saeed', "Sa'id"),
  form('هشام', 'Hisham', 'Hesham'),
  form('وليد', 'Walid', 'Waleed'),
  form('ياسين', 'Yassin', 'Yasin', 'Yaseen'),
  form('زياد', 'Ziyad', 'Ziad'),
  form('مثنى', 'Muthanna', 'Muthana'),
  form('لؤي', 'Luay', 'Louay'),
  form('عقيل', 'Aqeel', 'Aqil', 'Akil'),
];
const FEMALE: readonly NameForm[] = [
  form('فاطمة', 'Fatima', 'Fatma', 'Fatimah'),
  form('زينب', 'Zainab', 'Zaynab', 'Zeinab'),
  form('مريم', 'Maryam', 'Mariam'),
  form('نور', 'Nour', 'Noor', 'Nur'),
  form('هدى', 'Huda', 'Hoda'),
  form('سارة', 'Sara', 'Sarah'),
  form('عائشة', 'Aisha', 'Aysha', 'Aicha'),
  form('خديجة', 'Khadija', 'Khadeeja'),
  form('رقية', 'Ruqayya', 'Roqaya'),
  form('ليلى', 'Layla', 'Leila', 'Laila'),
  form('أمينة', 'Amina', 'Ameena'),
  form('سمية', 'Sumayya', 'Somaya'),
  form('إسراء', 'Israa', 'Esraa'),
  form('شيماء', 'Shaimaa', 'Shayma'),
  form('سعاد', 'Suad', 'Souad'),
  form('حنان', 'Hanan'),
  form('بشرى', 'Bushra'),
  form('وفاء', 'Wafaa', 'Wafa'),
];
// Tribal and family names, most frequent first (Latin with the article, as lists write it most).
const TRIBES: readonly NameForm[] = [
  form('الجبوري', 'al-Jubouri', 'al-Jabouri', 'al-Juburi', 'al-Jbouri'),
  form('الدليمي', 'al-Dulaimi', 'al-Dulaymi', 'al-Duleimi'),
  form('العبيدي', 'al-Obaidi', 'al-Ubaidi', 'al-Ubaydi', 'al-Obeidi'),
  form('الشمري', 'al-Shammari', 'al-Shamari'),
  form('الزبيدي', 'al-Zubaidi', 'al-Zubaydi', 'al-Zobaidi'),
  form('التميمي', 'al-Tamimi', 'al-Tamimy'),
  form('الجنابي', 'al-Janabi'),
  form('العزاوي', 'al-Azzawi', 'al-Azawi'),
  form('الساعدي', 'al-Saadi', "al-Sa'adi"),
  form('الربيعي', 'al-Rubaie', 'al-Rubaiee', 'al-Rubaye'),
  form('الكبيسي', 'al-Kubaisi', 'al-Kubaysi'),
  form('الحمداني', 'al-Hamdani'),
  form('العاني', 'al-Ani', 'al-Aani'),
  form('الراوي', 'al-Rawi'),
  form('السامرائي', 'al-Samarrai', 'al-Samarraie'),
  form('البياتي', 'al-Bayati'),
  form('المالكي', 'al-Maliki'),
  form('الخزرجي', 'al-Khazraji'),
  form('الكعبي', 'al-Kaabi', "al-Ka'bi"),
  form('الحلبوسي', 'al-Halbousi', 'al-Halbusi'),
  form('العنزي', 'al-Anazi', 'al-Enezi'),
  form('الفتلاوي', 'al-Fatlawi'),
  form('الخفاجي', 'al-Khafaji'),
  form('الموسوي', 'al-Musawi', 'al-Moussawi'),
  form('الحسيني', 'al-Husseini', 'al-Husayni'),
  form('الطائي', 'al-Tai', 'al-Taie'),
  form('البدري', 'al-Badri'),
  form('الدوري', 'al-Douri', 'al-Duri'),
  form('التكريتي', 'al-Tikriti'),
  form('الهاشمي', 'al-Hashimi', 'al-Hashemi'),
  form('الكناني', 'al-Kinani'),
  form('اللامي', 'al-Lami'),
  form('السوداني', 'al-Sudani'),
  form('الأسدي', 'al-Asadi'),
  form('المشهداني', 'al-Mashhadani'),
  form('النعيمي', 'al-Nuaimi', 'al-Naimi'),
  form('الحديثي', 'al-Hadithi'),
  form('القيسي', 'al-Qaisi', 'al-Qaysi'),
  form('الشيباني', 'al-Shaibani'),
  form('العكيدي', 'al-Ugaidi', 'al-Egaidi'),
  form('الفهداوي', 'al-Fahdawi'),
  form('الجميلي', 'al-Jumaili', 'al-Jumaily'),
  form('الكرعاوي', 'al-Karawi'),
  form('الغريري', 'al-Ghariri'),
  form('المحمداوي', 'al-Mohammedawi', 'al-Muhammadawi'),
];
// Nationalities as the register holds them; '' stands for none recorded.
const NATIONALITIES: ReadonlyArray<readonly [string, number]> = [
  ['IQ', 0.82], ['SY', 0.05], ['SA', 0.02], ['EG', 0.02], ['TN', 0.015], ['JO', 0.015], ['TR', 0.01], ['IR', 0.01],
  ['LB', 0.005], ['YE', 0.005], ['MA', 0.005], ['DZ', 0.005], ['', 0.03],
];
const FOREIGN = ['SY', 'SA', 'EG', 'TN', 'JO', 'TR', 'IR', 'LB', 'YE', 'MA', 'DZ'];

/** A person on the synthetic register, as the register holds them. */
export interface SyntheticPerson {
  id: string;
  names: string[];
  sex: 'male' | 'female';
  dob: DateOfBirth;
  nationalities: string[];
}

/** A record planted as the same person as `original` again, and how it was varied. */
export interface PlantedDuplicate {
  probe: string;
  original: string;
  variations: string[];
}

/** A record planted as another person with `original`'s exact four-part name. */
export interface PlantedNamesake {
  probe: string;
  original: string;
  differs: 'date of birth and nationality' | 'date of birth' | 'nationality';
}

export interface SyntheticRegister {
  seed: number;
  persons: SyntheticPerson[];
  duplicates: PlantedDuplicate[];
  namesakes: PlantedNamesake[];
}

export interface SyntheticRegisterOptions {
  seed?: number;
  /** True duplicates planted (default 2% of the persons). */
  duplicates?: number;
  /** Namesakes planted (default 2% of the persons). */
  namesakes?: number;
}

/** Weights 1/(i + 2) (Zipf–Mandelbrot): the first of 70 names takes about an eighth. */
function zipfSampler<T>(list: readonly T[], rnd: () => number): () => T {
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < list.length; i++) cum.push((total += 1 / (i + 2)));
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] as T;
  };
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** A person as drawn: the truth from which each of their records is written. */
interface Identity {
  given: NameForm;
  father: NameForm;
  grandfather: NameForm;
  family: NameForm;
  sex: 'male' | 'female';
  /** True date of birth. */
  year: number;
  month: number;
  day: number;
  nationality: string;
}

/** How one record writes a person. */
interface Writing {
  scripts: 'arabic' | 'latin' | 'both';
  dropGrandfather: boolean;
  dropFamily: boolean;
  typo: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** One Latin spelling of a part: the usual one more often than the others. */
function latinOf(f: NameForm, rnd: () => number): string {
  return f.la.length === 1 || rnd() < 0.55 ? (f.la[0] as string) : pick(rnd, f.la.slice(1));
}

/** The article as lists write it: al-, Al-, el-, Al , Al glued, or left out. */
function article(latin: string, rnd: () => number): string {
  if (!latin.startsWith('al-')) return latin;
  const stem = latin.slice(3);
  const x = rnd();
  if (x < 0.55) return latin;
  if (x < 0.7) return `Al-${stem}`;
  if (x < 0.77) return `el-${stem}`;
  if (x < 0.87) return `Al ${stem}`;
  if (x < 0.92) return `Al${stem.toLowerCase()}`;
  return stem;
}

function typo(word: string, rnd: () => number): string {
  const chars = Array.from(word);
  const at = Math.floor(rnd() * chars.length);
  if (!/[a-z]/.test(chars[at] ?? '')) return word;
  chars[at] = pick(rnd, ['a', 'e', 'i', 'o', 'u', 'y']);
  return chars.join('');
}

/** Arabic written as clerks write it: hamza on alef left out, عبد joined, final ة as ه. */
function arabicSpelling(text: string, rnd: () => number): string {
  let s = text;
  if (rnd() < 0.35) s = s.replace(/[أإآ]/g, 'ا');
  if (rnd() < 0.4) s = s.replace(/عبد /g, 'عبد');
  if (rnd() < 0.15) s = s.replace(/ة(?=\s|$)/g, 'ه');
  return s;
}

function parts(p: Identity, w: Writing): NameForm[] {
  return [p.given, p.father, ...(w.dropGrandfather ? [] : [p.grandfather]), ...(w.dropFamily ? [] : [p.family])];
}

function writeNames(p: Identity, w: Writing, rnd: () => number): string[] {
  const names: string[] = [];
  const ps = parts(p, w);
  if (w.scripts !== 'latin') names.push(arabicSpelling(ps.map((f) => f.ar).join(' '), rnd));
  if (w.scripts !== 'arabic') {
    const words = ps.map((f) => (f === p.family ? article(latinOf(f, rnd), rnd) : latinOf(f, rnd)));
    if (w.typo) {
      // In a given, father's or grandfather's name (the family name's article is varied already).
      const i = Math.floor(rnd() * Math.min(3, words.length - 1));
      words[i] = typo(words[i] as string, rnd);
    }
    names.push(words.join(' '));
  }
  return names;
}

type DobKind = DateOfBirth['kind'];

function drawDobKind(rnd: () => number): DobKind {
  const x = rnd();
  return x < 0.45 ? 'exact' : x < 0.8 ? 'year' : x < 0.88 ? 'range' : 'unknown';
}

function writeDob(kind: DobKind, year: number, month: number, day: number): DateOfBirth {
  switch (kind) {
    case 'exact':
      return { kind: 'exact', date: `${year}-${pad(month)}-${pad(day)}` };
    case 'year':
      return { kind: 'year', year };
    case 'range':
      return { kind: 'range', from: `${year - 2}-01-01`, to: `${year + 2}-12-31` };
    case 'unknown':
      return { kind: 'unknown', reason: 'not known to the person or the documents' };
  }
}

function drawNationality(rnd: () => number): string {
  let x = rnd();
  for (const [code, share] of NATIONALITIES) if ((x -= share) < 0) return code;
  return 'IQ';
}

function drawScripts(rnd: () => number): Writing['scripts'] {
  const x = rnd();
  return x < 0.45 ? 'both' : x < 0.8 ? 'arabic' : 'latin';
}

/**
 * A synthetic register of `size` persons (planted records included), shuffled, with ids
 * R0000001 … in that order; the plants are said apart (for the evaluation only).
 */
export function syntheticRegister(size: number, options: SyntheticRegisterOptions = {}): SyntheticRegister {
  const seed = options.seed ?? 20_120_012;
  const rnd = seededRandom(seed);
  const nDup = options.duplicates ?? Math.round(size * 0.02);
  const nSake = options.namesakes ?? Math.round(size * 0.02);
  const base = size - nDup - nSake;
  if (base < 1 || nDup + nSake > base) throw new RangeError(`a register of ${size} cannot hold ${nDup} duplicates and ${nSake} namesakes`);
  const male = zipfSampler(MALE, rnd);
  const female = zipfSampler(FEMALE, rnd);
  const tribe = zipfSampler(TRIBES, rnd);
  // The long tail of family names: fictional nisbas, each with two or three Latin spellings.
  const tail = Array.from({ length: Math.max(300, Math.floor(size / 40)) }, () => {
    const stem = arabicFamily(rnd);
    const ar = `ال${stem}`;
    const la = new Set<string>();
    for (let i = 0; i < 6 && la.size < 3; i++) {
      const r = romanise(stem, rnd);
      if (r) la.add(`al-${r.charAt(0).toUpperCase()}${r.slice(1)}`);
    }
    return form(ar, ...(la.size ? la : ['al-X']));
  });
  const tailFamily = zipfSampler(tail, rnd);

  const records: Array<{ person: Omit<SyntheticPerson, 'id'>; identity: Identity; writing: Writing; plant?: { kind: 'duplicate' | 'namesake'; of: number; note: PlantedDuplicate['variations'] | PlantedNamesake['differs'] } }> = [];
  for (let i = 0; i < base; i++) {
    const sex = rnd() < 0.88 ? 'male' : 'female';
    const identity: Identity = {
      given: sex === 'male' ? male() : female(),
      father: male(),
      grandfather: male(),
      family: rnd() < 0.68 ? tribe() : tailFamily(),
      sex,
      year: 1950 + Math.floor(((rnd() + rnd()) / 2) * 58),
      month: 1 + Math.floor(rnd() * 12),
      day: 1 + Math.floor(rnd() * 28),
      nationality: drawNationality(rnd),
    };
    const writing: Writing = { scripts: drawScripts(rnd), dropGrandfather: rnd() < 0.1, dropFamily: false, typo: false };
    records.push({
      identity,
      writing,
      person: {
        names: writeNames(identity, writing, rnd),
        sex,
        dob: writeDob(drawDobKind(rnd), identity.year, identity.month, identity.day),
        nationalities: identity.nationality ? [identity.nationality] : [],
      },
    });
  }

  // Originals, without replacement: duplicates from anyone, namesakes from persons whose
  // date of birth (a day or a year) and nationality are recorded, so that they can differ.
  const order = Array.from({ length: base }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const used = new Set<number>();
  const dupOriginals: number[] = [];
  for (const i of order) {
    if (dupOriginals.length === nDup) break;
    dupOriginals.push(i);
    used.add(i);
  }
  const sakeOriginals: number[] = [];
  for (const i of order) {
    if (sakeOriginals.length === nSake) break;
    const r = records[i]!;
    if (used.has(i) || (r.person.dob.kind !== 'exact' && r.person.dob.kind !== 'year') || r.person.nationalities.length === 0) continue;
    sakeOriginals.push(i);
  }
  if (sakeOriginals.length < nSake) throw new RangeError(`only ${sakeOriginals.length} persons can have a namesake planted, ${nSake} asked`);

  for (const i of dupOriginals) {
    const o = records[i]!;
    const p = o.identity;
    const variations: string[] = [];
    const from = o.writing.scripts;
    const x = rnd();
    const scripts: Writing['scripts'] =
      from === 'both' ? (x < 0.4 ? 'arabic' : x < 0.7 ? 'latin' : 'both') : x < 0.5 ? (from === 'arabic' ? 'latin' : 'arabic') : x < 0.8 ? 'both' : from;
    if ((from === 'arabic' && scripts === 'latin') || (from === 'latin' && scripts === 'arabic')) variations.push('the other script only');
    const writing: Writing = { scripts, dropGrandfather: o.writing.dropGrandfather, dropFamily: false, typo: scripts !== 'arabic' && rnd() < 0.1 };
    if (!writing.dropGrandfather && rnd() < 0.25) {
      writing.dropGrandfather = true;
      variations.push('the grandfather dropped');
    } else if (rnd() < 0.05) {
      writing.dropFamily = true;
      variations.push('the family name dropped');
    }
    if (writing.typo) variations.push('a letter mistyped');
    // The date: the same as recorded, or written another way, or a year off.
    const recorded = o.person.dob.kind;
    const y = rnd();
    let kind: DobKind = recorded;
    let year = p.year;
    if (y < 0.12) {
      year += rnd() < 0.5 ? -1 : 1;
      kind = rnd() < 0.5 ? 'year' : 'exact';
      variations.push('a birth year one off');
    } else if (y < 0.22) {
      kind = 'unknown';
    } else if (y < 0.5) {
      kind = drawDobKind(rnd);
    }
    if (kind === 'year' && recorded === 'exact') variations.push('a year instead of the date');
    if (kind === 'unknown' || recorded === 'unknown') variations.push('no date of birth on one side');
    const nationalities = p.nationality && rnd() < 0.15 ? [] : p.nationality ? [p.nationality] : [];
    if (p.nationality && nationalities.length === 0) variations.push('no nationality');
    records.push({
      identity: p,
      writing,
      person: { names: writeNames(p, writing, rnd), sex: p.sex, dob: writeDob(kind, year, p.month, p.day), nationalities },
      plant: { kind: 'duplicate', of: i, note: variations },
    });
  }

  for (const i of sakeOriginals) {
    const o = records[i]!;
    const p = o.identity;
    const x = rnd();
    const differs: PlantedNamesake['differs'] = x < 0.6 ? 'date of birth and nationality' : x < 0.9 ? 'date of birth' : 'nationality';
    const other: Identity = { ...p, month: 1 + Math.floor(rnd() * 12), day: 1 + Math.floor(rnd() * 28) };
    let dob: DateOfBirth = writeDob('unknown', 0, 1, 1);
    if (differs !== 'nationality') {
      const apart = 5 + Math.floor(rnd() * 16);
      other.year = p.year + apart > 2010 || (p.year - apart >= 1940 && rnd() < 0.5) ? p.year - apart : p.year + apart;
      dob = writeDob(rnd() < 0.5 ? 'exact' : 'year', other.year, other.month, other.day);
    }
    if (differs !== 'date of birth') other.nationality = p.nationality === 'IQ' ? pick(rnd, FOREIGN) : rnd() < 0.7 ? 'IQ' : pick(rnd, FOREIGN.filter((c) => c !== p.nationality));
    records.push({
      identity: other,
      writing: o.writing,
      // The very same name, written as the first person's record writes it.
      person: { names: [...o.person.names], sex: p.sex, dob, nationalities: [other.nationality] },
      plant: { kind: 'namesake', of: i, note: differs },
    });
  }

  // Shuffled, so that neither an id nor the order of adding says what was planted.
  const shuffled = records.map((_, i) => i);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
  }
  const idOf = new Array<string>(records.length);
  shuffled.forEach((r, k) => (idOf[r] = `R${String(k + 1).padStart(7, '0')}`));
  const persons = shuffled.map((r) => ({ id: idOf[r] as string, ...records[r]!.person }));
  const duplicates: PlantedDuplicate[] = [];
  const namesakes: PlantedNamesake[] = [];
  records.forEach((r, k) => {
    if (r.plant?.kind === 'duplicate') duplicates.push({ probe: idOf[k] as string, original: idOf[r.plant.of] as string, variations: r.plant.note as string[] });
    if (r.plant?.kind === 'namesake') namesakes.push({ probe: idOf[k] as string, original: idOf[r.plant.of] as string, differs: r.plant.note as PlantedNamesake['differs'] });
  });
  return { seed, persons, duplicates, namesakes };
}

/** What one threshold makes of the planted records. */
export interface ThresholdFigures {
  threshold: number;
  /** Suggestions at or above the threshold, for all planted records (duplicates and namesakes). */
  suggestions: number;
  /** Of them, the planted duplicate's original. */
  right: number;
  /** Suggestions for the planted duplicates alone, and how many of them are right. */
  duplicateSuggestions: number;
  /** right / suggestions. */
  precision: number;
  /** right / duplicateSuggestions: precision when only true duplicates arrive. */
  precisionDuplicates: number;
  /** Planted duplicates whose original is suggested. */
  found: number;
  recall: number;
  /** Namesakes whose namesake (the original) is suggested. */
  namesakesSuggested: number;
  namesakeShare: number;
  /** Namesakes with any suggestion at all (none of them is right). */
  namesakesAny: number;
  /** Recall by how the duplicate was varied, and the namesake share by what differs. */
  byVariation: Record<string, { n: number; found: number }>;
  byDiffers: Record<string, { n: number; suggested: number }>;
}

export interface SyntheticRegisterFigures {
  seed: number;
  persons: number;
  names: number;
  /** Persons who share a written name with another person of the register (planted records included). */
  sharingAName: number;
  duplicates: number;
  namesakes: number;
  parameters: { version: string; source: string; estimated: boolean };
  likely: ThresholdFigures;
  possible: ThresholdFigures;
  seconds: { generate: number; index: number; estimate: number; queries: number };
  queryMs: { p50: number; p95: number };
}

/** The register's suggestions for one of its persons: each name asked with the evidence, best 10 others. */
function suggestionsFor(index: NameIndex, p: SyntheticPerson): Array<{ id: string; score: number }> {
  const best = new Map<string, number>();
  for (const name of p.names) {
    const res = index.search({ name, dob: matchDate(p.dob), nationalities: p.nationalities, sex: p.sex }, { top: 20, explain: false });
    for (const c of res.candidates) if (c.id !== p.id && (best.get(c.id) ?? -Infinity) < c.score) best.set(c.id, c.score);
  }
  return [...best].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score).slice(0, 10);
}

function emptyFigures(threshold: number): ThresholdFigures {
  return { threshold, suggestions: 0, right: 0, duplicateSuggestions: 0, precision: 0, precisionDuplicates: 0, found: 0, recall: 0, namesakesSuggested: 0, namesakeShare: 0, namesakesAny: 0, byVariation: {}, byDiffers: {} };
}

/** Generate, index as the register does, ask about every planted record, count. */
export function runSyntheticRegister(options: SyntheticRegisterOptions & { persons?: number; log?: (m: string) => void } = {}): SyntheticRegisterFigures {
  const size = options.persons ?? 20_000;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  let t = performance.now();
  const register = syntheticRegister(size, options);
  const generate = (performance.now() - t) / 1000;
  log(`synthetic register: ${register.persons.length} persons, ${register.duplicates.length} duplicates and ${register.namesakes.length} namesakes planted (seed ${register.seed})`);

  // As IdentityIndex.build: every person's names and evidence (no mother's name here).
  t = performance.now();
  const index = new NameIndex();
  const byId = new Map<string, SyntheticPerson>();
  for (const p of register.persons) {
    index.add(p.id, p.names, { dob: matchDate(p.dob), nationalities: p.nationalities, sex: p.sex, motherNames: [] });
    byId.set(p.id, p);
  }
  const indexSeconds = (performance.now() - t) / 1000;
  const holders = new Map<string, number>();
  for (const p of register.persons) for (const n of new Set(p.names)) holders.set(n, (holders.get(n) ?? 0) + 1);
  const sharingAName = register.persons.filter((p) => p.names.some((n) => (holders.get(n) as number) > 1)).length;
  t = performance.now();
  const estimated = index.size >= ESTIMATE_FROM;
  if (estimated) index.estimateParameters({ sample: ESTIMATE_SAMPLE });
  const estimate = (performance.now() - t) / 1000;
  const parameters = index.parameters;
  // estimateParameters keeps the stated parameters (and says why in their source) when its estimate is implausible.
  const setAside = estimated && parameters.version === DEFAULT_PARAMETERS.version;
  log(`  index ${indexSeconds.toFixed(1)} s, parameters ${parameters.version} (${estimate.toFixed(1)} s)${setAside ? ': the estimate was set aside' : ''}`);

  const thresholds = matchThresholds();
  const likely = emptyFigures(thresholds.likely);
  const possible = emptyFigures(thresholds.possible);
  const times: number[] = [];
  t = performance.now();
  const ask = (probe: string): Array<{ id: string; score: number }> => {
    const t0 = performance.now();
    const s = suggestionsFor(index, byId.get(probe) as SyntheticPerson);
    times.push(performance.now() - t0);
    return s;
  };
  for (const d of register.duplicates) {
    const found = ask(d.probe);
    for (const f of [likely, possible]) {
      const shown = found.filter((c) => c.score >= f.threshold);
      const hit = shown.some((c) => c.id === d.original);
      f.suggestions += shown.length;
      f.duplicateSuggestions += shown.length;
      if (hit) {
        f.right++;
        f.found++;
      }
      for (const v of d.variations.length ? d.variations : ['no other variation']) {
        const b = (f.byVariation[v] ??= { n: 0, found: 0 });
        b.n++;
        if (hit) b.found++;
      }
    }
  }
  for (const s of register.namesakes) {
    const found = ask(s.probe);
    for (const f of [likely, possible]) {
      const shown = found.filter((c) => c.score >= f.threshold);
      const hit = shown.some((c) => c.id === s.original);
      f.suggestions += shown.length;
      if (shown.length) f.namesakesAny++;
      if (hit) f.namesakesSuggested++;
      const b = (f.byDiffers[s.differs] ??= { n: 0, suggested: 0 });
      b.n++;
      if (hit) b.suggested++;
    }
  }
  const queries = (performance.now() - t) / 1000;
  for (const f of [likely, possible]) {
    f.precision = f.suggestions ? f.right / f.suggestions : NaN;
    f.precisionDuplicates = f.duplicateSuggestions ? f.right / f.duplicateSuggestions : NaN;
    f.recall = f.found / register.duplicates.length;
    f.namesakeShare = f.namesakesSuggested / register.namesakes.length;
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  log(`  likely: precision ${likely.precision.toFixed(3)}, recall ${likely.recall.toFixed(3)}, namesakes ${(100 * likely.namesakeShare).toFixed(1)}% (${queries.toFixed(1)} s)`);
  return {
    seed: register.seed,
    persons: register.persons.length,
    names: index.nameCount,
    sharingAName,
    duplicates: register.duplicates.length,
    namesakes: register.namesakes.length,
    parameters: { version: parameters.version, source: parameters.source, estimated: estimated && !setAside },
    likely,
    possible,
    seconds: { generate, index: indexSeconds, estimate, queries },
    queryMs: { p50: at(0.5), p95: at(0.95) },
  };
}

const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/** The figures as markdown, for the project bench. */
export function syntheticRegisterMarkdown(f: SyntheticRegisterFigures): string {
  const lines = [`### Likely duplicates on a synthetic register (issue 12)`, ''];
  lines.push(
    `A synthetic register of **${f.persons.toLocaleString('en')} persons** (${f.names.toLocaleString('en')} names; seed ${f.seed}, bench/match/synthetic-register.ts): Iraqi four-part names ` +
      'in Arabic and/or Latin script with skewed given-name and Zipf-like tribal-name frequencies, dates of birth and nationalities as registers hold them. ' +
      `Planted among them: **${f.duplicates.toLocaleString('en')} true duplicates** (a person recorded again: respelled, sometimes in the other script only, a part dropped, a year instead of the date, a year off, the nationality missing) ` +
      `and **${f.namesakes.toLocaleString('en')} namesakes** (another person with the exact four-part name, born 5–20 years apart and/or of another nationality). ` +
      'Each planted record is asked about as the register asks (each name with its date of birth, nationalities and sex; the best 10 other persons); ' +
      'every suggestion other than a duplicate\'s original counts as wrong, including the register\'s own chance namesakes ' +
      `(${f.sharingAName.toLocaleString('en')} persons, ${pct(f.sharingAName / f.persons)}, share a name written letter for letter with another person).`,
    '',
  );
  lines.push(`Parameters as the register would use them: \`${f.parameters.version}\` — ${f.parameters.estimated ? 'estimated from the register\'s own records at build' : 'the stated ones'}; source: ${f.parameters.source}.`, '');
  lines.push('| figure | likely | possible |', '| --- | ---: | ---: |');
  const row = (name: string, get: (t: ThresholdFigures) => string): void => void lines.push(`| ${name} | ${get(f.likely)} | ${get(f.possible)} |`);
  row('threshold (score ≥)', (t) => String(t.threshold));
  row('precision: suggestions that are the true duplicate (all planted records)', (t) => `${pct(t.precision)} (${t.right} of ${t.suggestions})`);
  row('precision, for the planted duplicates alone', (t) => `${pct(t.precisionDuplicates)} (${t.right} of ${t.duplicateSuggestions})`);
  row('recall: true duplicates suggested', (t) => `${pct(t.recall)} (${t.found} of ${f.duplicates})`);
  row('namesakes suggested their namesake', (t) => `${pct(t.namesakeShare)} (${t.namesakesSuggested} of ${f.namesakes})`);
  row('namesakes with any suggestion', (t) => `${pct(t.namesakesAny / f.namesakes)} (${t.namesakesAny})`);
  const variations = Object.keys(f.likely.byVariation).sort();
  for (const v of variations) row(`recall, duplicates with ${v}`, (t) => `${pct(t.byVariation[v]!.found / t.byVariation[v]!.n)} (of ${t.byVariation[v]!.n})`);
  for (const d of Object.keys(f.likely.byDiffers).sort()) row(`namesakes suggested, ${d} differ${d.includes(' and ') ? '' : 's'}`, (t) => `${pct(t.byDiffers[d]!.suggested / t.byDiffers[d]!.n)} (of ${t.byDiffers[d]!.n})`);
  lines.push('');
  const s = f.seconds;
  lines.push(
    `Time: generation ${s.generate.toFixed(1)} s, index ${s.index.toFixed(1)} s, parameters ${s.estimate.toFixed(1)} s, ` +
      `${f.duplicates + f.namesakes} planted records asked about in ${s.queries.toFixed(1)} s (per record p50 ${f.queryMs.p50.toFixed(1)} ms, p95 ${f.queryMs.p95.toFixed(1)} ms).`,
  );
  return lines.join('\n');
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const persons = Number(argValue(args, '--persons') ?? 20_000);
  const seed = argValue(args, '--seed');
  process.stdout.write(`${syntheticRegisterMarkdown(runSyntheticRegister({ persons, ...(seed ? { seed: Number(seed) } : {}) }))}\n`);
}
