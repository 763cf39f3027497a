/**
 * A generator of realistic fictional names for speed and memory benches: Arabic names
 * built from Arabic roots and word patterns, written in Arabic script and in several
 * Latin transliterations (as registers receive them), Kurdish/Persian variants, and
 * Latin-script names of other origins. Given names follow a Zipf-like law so that
 * common names (Muhammad, Ali) are as crowded as in real registers. Fixed seed: the
 * same size gives the same gallery.
 */
import { seededRandom } from '../../src/demo/demo-data.ts';

/** Deterministic PRNG: the demo register's (mulberry32). */
export const prng = seededRandom;

// Common Arabic given names in Arabic script, most frequent first (general knowledge,
// not taken from any evaluation file).
const GIVEN_AR = [
  'محمد', 'علي', 'احمد', 'حسين', 'حسن', 'عبدالله', 'عمر', 'خالد', 'ابراهيم', 'يوسف', 'مصطفى', 'محمود',
  'عبدالرحمن', 'سعيد', 'جاسم', 'كريم', 'حيدر', 'عباس', 'صالح', 'سلمان', 'عادل', 'فاضل', 'ماجد', 'رعد',
  'قاسم', 'طارق', 'زيد', 'حمزة', 'ياسين', 'مهدي', 'جعفر', 'نبيل', 'سامي', 'وليد', 'فراس', 'اياد',
  'عماد', 'باسم', 'رياض', 'فيصل', 'هاشم', 'ناصر', 'منصور', 'جمال', 'كمال', 'شاكر', 'ثامر', 'ضياء',
  'نوري', 'صباح', 'غازي', 'ظافر', 'عبدالكريم', 'عبدالقادر', 'نورالدين', 'صلاح الدين', 'سيف الله', 'عثمان',
  'فاطمة', 'زينب', 'مريم', 'نور', 'هدى', 'سارة', 'عائشة', 'خديجة', 'رقية', 'اسماء', 'ليلى', 'سعاد',
];
// Kurdish and Persian given names in their own letters.
const GIVEN_KU = ['ئازاد', 'کاوە', 'ڕێبوار', 'هێمن', 'شێرکۆ', 'دڵشاد', 'پەروین', 'ژیلا', 'گۆران', 'چیا', 'ڤیان', 'بەختیار'];
const GIVEN_OTHER = [
  'Juan', 'Carlos', 'Jose', 'Luis', 'Maria', 'Ana', 'Pedro', 'Miguel', 'Jorge', 'Victor', 'Sergei', 'Ivan',
  'Dmitri', 'Olga', 'John', 'David', 'Peter', 'Paul', 'Chen', 'Wei', 'Jin', 'Min', 'Kofi', 'Amadou',
];
const FAMILY_OTHER_SYLLABLES = ['ro', 'dri', 'guez', 'mar', 'tin', 'ez', 'lo', 'pez', 'san', 'chez', 'ko', 'va', 'lev', 'ov', 'enko', 'berg', 'son', 'wang', 'li', 'zhou', 'di', 'allo'];

const ROOT_LETTERS = 'بتثجحخدذرزسشصضطظعغفقكلمنهوي';
// Word patterns on a three-letter root: ف, ع, ل stand for its letters.
const PATTERNS = ['فاعل', 'فعيل', 'مفعول', 'فعلان', 'فعال', 'فعول', 'مفعل', 'فعلاوي', 'فاعلي', 'فعيلي', 'فعالي'];

const TRANSLIT: Record<string, string[]> = {
  'ا': ['a', 'aa', 'a'], 'ب': ['b'], 'ت': ['t'], 'ث': ['th', 's'], 'ج': ['j', 'g', 'dj'], 'ح': ['h'],
  'خ': ['kh', 'kh', 'x'], 'د': ['d'], 'ذ': ['dh', 'z', 'th'], 'ر': ['r'], 'ز': ['z'], 'س': ['s', 'ss'],
  'ش': ['sh', 'sh', 'ch'], 'ص': ['s'], 'ض': ['d', 'dh'], 'ط': ['t'], 'ظ': ['z', 'dh'], 'ع': ["'", '', 'a'],
  'غ': ['gh', 'g'], 'ف': ['f'], 'ق': ['q', 'k', 'g'], 'ك': ['k'], 'ل': ['l'], 'م': ['m'], 'ن': ['n'],
  'ه': ['h'], 'و': ['w', 'u', 'ou', 'o'], 'ي': ['y', 'i', 'ee', 'e'], 'ة': ['a', 'ah'], 'ى': ['a'], 'ء': ["'", ''],
  'ئ': ['', "'"], 'أ': ['a'], 'إ': ['i'], 'آ': ['a'],
  'پ': ['p'], 'چ': ['ch'], 'ژ': ['zh', 'j'], 'گ': ['g'], 'ڤ': ['v'], 'ک': ['k'], 'ی': ['i', 'y'], 'ە': ['a', 'e'],
  'ڕ': ['r', 'rr'], 'ڵ': ['l', 'll'], 'ۆ': ['o'], 'ێ': ['e', 'ê'],
};
const SHORT_VOWELS = ['a', 'a', 'i', 'u', 'e', 'o'];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** Zipf-like pick: index i with weight 1/(i+1). */
function zipf<T>(rnd: () => number, list: readonly T[]): T {
  const n = list.length;
  const h = Math.log(n + 1);
  const i = Math.min(n - 1, Math.floor(Math.exp(rnd() * h) - 1));
  return list[i] as T;
}

/** Romanise an Arabic-script word with random (but plausible) choices and short vowels. */
export function romanise(word: string, rnd: () => number): string {
  let out = '';
  const chars = Array.from(word);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const options = TRANSLIT[ch];
    if (ch === ' ') {
      out += ' ';
      continue;
    }
    if (!options) continue;
    out += pick(rnd, options);
    const next = chars[i + 1];
    // Short vowels are not written in Arabic: insert one between two consonants.
    const isLong = (c: string | undefined): boolean => c === 'ا' || c === 'و' || c === 'ي' || c === 'ى' || c === 'ة';
    if (next && next !== ' ' && !isLong(ch) && !isLong(next) && rnd() < 0.8) out += pick(rnd, SHORT_VOWELS);
  }
  return out;
}

function capitalise(s: string): string {
  return s.replace(/(^|[\s-])(['\p{L}])/gu, (_m, a: string, b: string) => a + b.toUpperCase());
}

/** A fictional family name or nisba from a random root and pattern. */
export function arabicFamily(rnd: () => number): string {
  const root = [pick(rnd, Array.from(ROOT_LETTERS)), pick(rnd, Array.from(ROOT_LETTERS)), pick(rnd, Array.from(ROOT_LETTERS))];
  const pattern = pick(rnd, PATTERNS);
  return pattern.replace('ف', root[0] as string).replace('ع', root[1] as string).replace('ل', root[2] as string);
}

/** One synthetic person: an id and their names. */
export interface SyntheticEntry {
  id: string;
  names: string[];
}

/**
 * Generate entries until `totalNames` names are produced. Arabic-origin people get an
 * Arabic-script name and one to three Latin spellings (with al-, bin, and the family
 * name or nisba); others get one or two Latin names.
 */
export function* syntheticGallery(totalNames: number, seed = 20240601): Generator<SyntheticEntry> {
  const rnd = prng(seed);
  // A fixed pool of family names, so families repeat as in a real register.
  const families = Array.from({ length: Math.max(2000, Math.floor(totalNames / 20)) }, () => arabicFamily(rnd));
  const otherFamilies = Array.from({ length: Math.max(500, Math.floor(totalNames / 80)) }, () =>
    capitalise(pick(rnd, FAMILY_OTHER_SYLLABLES) + pick(rnd, FAMILY_OTHER_SYLLABLES) + (rnd() < 0.5 ? pick(rnd, FAMILY_OTHER_SYLLABLES) : '')),
  );
  let produced = 0;
  let n = 0;
  while (produced < totalNames) {
    const id = `S${(n++).toString(36).padStart(7, '0')}`;
    const names: string[] = [];
    const kind = rnd();
    if (kind < 0.75) {
      const given = rnd() < 0.1 ? pick(rnd, GIVEN_KU) : zipf(rnd, GIVEN_AR);
      const father = zipf(rnd, GIVEN_AR);
      const grandfather = zipf(rnd, GIVEN_AR);
      const family = zipf(rnd, families);
      const article = rnd() < 0.6;
      const arabic = `${given} ${father}${rnd() < 0.5 ? ` ${grandfather}` : ''} ${article ? 'ال' : ''}${family}`;
      names.push(arabic);
      const spellings = 1 + Math.floor(rnd() * 3);
      for (let s = 0; s < spellings && produced + names.length < totalNames; s++) {
        const parts = [romanise(given, rnd), rnd() < 0.2 ? 'bin' : '', romanise(father, rnd), (article ? pick(rnd, ['al-', 'Al-', 'el-', 'al ', '']) : '') + romanise(family, rnd)];
        names.push(capitalise(parts.filter((p) => p !== '').join(' ')));
      }
      if (rnd() < 0.15 && produced + names.length < totalNames) names.push(`Abu ${capitalise(romanise(zipf(rnd, GIVEN_AR), rnd))}`);
    } else {
      const given = zipf(rnd, GIVEN_OTHER);
      const family = `${zipf(rnd, otherFamilies)}${rnd() < 0.3 ? ` ${zipf(rnd, otherFamilies)}` : ''}`;
      names.push(`${given} ${family.toUpperCase()}`);
      if (rnd() < 0.4 && produced + names.length < totalNames) names.push(`${family}, ${given}`);
    }
    produced += names.length;
    yield { id, names };
  }
}

/**
 * Queries for a synthetic gallery: a stored name of a random entry, respelled (Arabic
 * names romanised afresh, Latin names with a letter changed) and sometimes shortened.
 */
export function syntheticQueries(entries: readonly SyntheticEntry[], count: number, seed = 7): Array<{ name: string; target: string }> {
  const rnd = prng(seed);
  const out: Array<{ name: string; target: string }> = [];
  for (let i = 0; i < count; i++) {
    const e = pick(rnd, entries);
    const name = pick(rnd, e.names);
    let q: string;
    if (/[\u0600-\u06ff]/.test(name)) {
      q = rnd() < 0.5 ? name : capitalise(romanise(name.replace(/ال/g, 'ال'), rnd));
    } else {
      const chars = Array.from(name);
      const at = Math.floor(rnd() * chars.length);
      if (/[a-z]/i.test(chars[at] ?? '')) chars[at] = pick(rnd, ['a', 'e', 'i', 'o', 'u']);
      q = chars.join('');
    }
    const words = q.split(' ');
    if (words.length > 3 && rnd() < 0.3) words.splice(1, 1);
    out.push({ name: words.join(' '), target: e.id });
  }
  return out;
}
