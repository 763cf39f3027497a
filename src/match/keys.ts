/**
 * Phonetic consonant keys: one key space for Arabic and Latin script.
 *
 * Arabic script does not write short vowels, and Latin transliterations disagree on
 * vowels, on long vowels (i/ee/y, u/oo/ou/w), on ayn and hamza (', ʿ, nothing) and on
 * several consonants. A key therefore keeps only consonant classes, in order, with
 * doubled letters collapsed; vowels, و/ي/w/y, ع/ء and apostrophes disappear. Letters
 * with more than one usual reading give several keys (ق → k or g, ث → th, s or t, a
 * final ه → h or nothing), and so do Latin digraphs that may be one sound or two
 * (th in Othman vs Fathi). Both sides of a comparison, gallery and query, get the same
 * treatment, so an Arabic query meets Latin gallery names and vice versa.
 *
 * Class letters: b t v(θ ð: th/dh) j h x(kh) d r z s c(sh/ch) g(gh) f k l m n.
 */
import type { NameToken } from './tokenize.ts';

/** Most keys kept for one token; the first is the most usual reading. */
export const MAX_KEYS_PER_TOKEN = 6;

type Slot = readonly string[];

const ARABIC_CLASSES: Record<string, Slot> = {
  'ا': [''], 'ب': ['b'], 'پ': ['b'], 'ت': ['t'], 'ط': ['t'], 'ث': ['v', 's', 't'], 'ج': ['j'], 'چ': ['c'],
  'ح': ['h'], 'خ': ['x'], 'د': ['d'], 'ذ': ['v', 'z', 'd'], 'ر': ['r'], 'ز': ['z'], 'ژ': ['j'], 'س': ['s'],
  'ش': ['c'], 'ص': ['s'], 'ض': ['d', 'v', 'z'], 'ظ': ['z', 'v', 'd'], 'ع': [''], 'غ': ['g'], 'ف': ['f'],
  'ڤ': ['f'], 'ق': ['k', 'g'], 'ك': ['k'], 'گ': ['g'], 'ل': ['l'], 'م': ['m'], 'ن': ['n'], 'ه': ['h'],
  'و': [''], 'ي': [''], 'ء': [''],
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'w']);

/** Consonant-class slots of a Latin-script token. */
function latinSlots(s: string): Slot[] {
  const slots: Slot[] = [];
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s[i] ?? '';
    const next = s[i + 1] ?? '';
    const next2 = s[i + 2] ?? '';
    if (c === 's' && next === 'c' && next2 === 'h') { slots.push(['c']); i += 2; continue; }
    if (c === 't' && (next === 'c' || next === 's') && next2 === 'h') { slots.push(['c']); i += 2; continue; }
    if (c === 'd' && next === 'z' && next2 === 'h') { slots.push(['j']); i += 2; continue; }
    if (next === 'h') {
      if (c === 's') { slots.push(['c']); i++; continue; }
      // ch: French sh (Chaker) or English/Korean ch, which Korean romanisations also write j.
      if (c === 'c') { slots.push(['c', 'j']); i++; continue; }
      if (c === 'k') { slots.push(['x']); i++; continue; }
      if (c === 'g') { slots.push(['g']); i++; continue; }
      if (c === 'z') { slots.push(['j']); i++; continue; }
      if (c === 'p') { slots.push(['f']); i++; continue; }
      // th/dh: one interdental (Othman, Dhahir) or two letters (Fathi, Adham).
      // Persian and Turkish say ث as s (Usman for Othman).
      if (c === 't') { slots.push(['v', 'th', 't', 's']); i++; continue; }
      if (c === 'd') { slots.push(['v', 'dh', 'd']); i++; continue; }
    }
    if (c === 'd' && next === 'j') { slots.push(['j']); i++; continue; }
    if (c === 'c' && next === 'k') { slots.push(['k']); i++; continue; }
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w':
        break;
      case 'h':
        // A final h after a vowel is often the ta marbuta or nothing at all (Hamzah).
        slots.push(i === n - 1 && i > 0 && VOWELS.has(s[i - 1] ?? '') ? ['', 'h'] : ['h']);
        break;
      case 'q': slots.push(['k', 'g']); break;
      case 'k': slots.push(['k']); break;
      case 'c': slots.push(next === 'e' || next === 'i' || next === 'y' ? ['s'] : ['k']); break;
      case 'g': slots.push(['g', 'j']); break; // Egyptian g for ج
      case 'x': slots.push(['x', 'h']); break;
      case 'p': case 'b': slots.push(['b']); break;
      case 'f': slots.push(['f']); break;
      case 'v': slots.push(['f', '']); break; // Persian v is و (Mahdavi = Mahdawi)
      case 'j': slots.push(['j']); break;
      default:
        if (c >= 'a' && c <= 'z') slots.push([c]);
        break;
    }
  }
  return slots;
}

/** Consonant-class slots of an Arabic-script token (already normalised). */
function arabicSlots(s: string): Slot[] {
  const slots: Slot[] = [];
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === 'ه' && i === chars.length - 1 && i > 0) {
      slots.push(['', 'h', 't']); // final ha or ta marbuta: "-a", "-ah", "-at"
      continue;
    }
    const cls = ARABIC_CLASSES[ch];
    if (cls) slots.push(cls);
  }
  return slots;
}

function collapse(key: string): string {
  let out = '';
  for (const c of key) if (c !== out[out.length - 1]) out += c;
  return out;
}

/** Expand slots into keys, primary reading first, at most `max` keys. */
function expand(slots: Slot[], max: number): string[] {
  let keys = [''];
  for (const slot of slots) {
    if (slot.length === 1) {
      const only = slot[0] ?? '';
      keys = keys.map((k) => k + only);
      continue;
    }
    const next: string[] = [];
    // Primary reading for every prefix first, then alternatives, so truncation keeps
    // the most usual readings.
    for (const alt of slot) for (const k of keys) if (next.length < max * 2) next.push(k + alt);
    keys = next;
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of keys) {
    const c = collapse(k);
    if (!seen.has(c)) {
      seen.add(c);
      out.push(c);
      if (out.length >= max) break;
    }
  }
  return out;
}

/**
 * Phonetic keys of one token form in the shared key space, most usual reading first.
 * Returns `[form]` for scripts other than Arabic and Latin, and `['']` for a token with
 * no consonants (e.g. "Ali" gives "l", but "Aya" gives "").
 */
export function formKeys(form: string, script: NameToken['script']): string[] {
  if (script === 'latin') {
    const keys = expand(latinSlots(form), MAX_KEYS_PER_TOKEN);
    // A glued article ("Alhasan", "Elsayed"): also key the name without it.
    if ((form.startsWith('al') || form.startsWith('el')) && form.length >= 6) {
      for (const k of expand(latinSlots(form.slice(2)), 2)) {
        if (!keys.includes(k) && keys.length < MAX_KEYS_PER_TOKEN + 2) keys.push(k);
      }
    }
    return keys;
  }
  if (script === 'arabic') return expand(arabicSlots(form), MAX_KEYS_PER_TOKEN);
  return [form];
}

/** Whether a token begins and ends with a vowel sound (written or not). */
export interface EdgeVowels {
  start: boolean;
  /** null when either is usual (a final ه may be ta marbuta, read -a or -at). */
  end: boolean | null;
}

const ARABIC_VOWEL_CARRIERS = new Set(['ا', 'و', 'ي', 'ع', 'ء']);

/**
 * Vowels at the edges of a word. Arabic script omits short vowels inside a word but
 * writes a word-initial vowel (ا, ع, or و/ي for w/y) and most final vowels (ا, ي, و,
 * ة), so the edges agree across scripts where the inside cannot: Sayf (سيف) and Yusuf
 * (يوسف) share the consonants s-f but not the initial vowel; Ali (علي) and Wael (وائل)
 * share l but not the final one. Latin y and w count as vowels here, as و and ي do; a
 * final e after a consonant is taken as silent (Abderrahmane, Eddine).
 */
export function edgeVowels(form: string, script: NameToken['script']): EdgeVowels {
  if (script === 'latin') {
    const first = form[0] ?? '';
    const n = form.length;
    const last = form[n - 1] ?? '';
    const before = form[n - 2] ?? '';
    const isV = (c: string): boolean => 'aeiouyw'.includes(c) && c !== '';
    let end = isV(last);
    if (last === 'e' && n > 2 && !isV(before)) end = false;
    if (last === 'h' && isV(before) && n > 2) end = true;
    return { start: isV(first), end };
  }
  if (script === 'arabic') {
    const chars = Array.from(form);
    const last = chars[chars.length - 1] ?? '';
    return { start: ARABIC_VOWEL_CARRIERS.has(chars[0] ?? ''), end: last === 'ه' ? null : ARABIC_VOWEL_CARRIERS.has(last) };
  }
  return { start: false, end: false };
}

/**
 * The main key with its edge vowels marked ("VlV" for Ali and علي, "Vl" for Wael and
 * وائل). Used where the consonants alone say too little: names of one consonant.
 */
export function shapeKey(mainKey: string, edges: EdgeVowels): string {
  return `${edges.start ? 'V' : ''}${mainKey}${edges.end !== false ? 'V' : ''}`;
}

/** Phonetic keys of a token. */
export function tokenKeys(token: NameToken): string[] {
  return formKeys(token.form, token.script);
}

const COMPOUND_AFFIX: Record<NonNullable<NameToken['compound']>, { latin: string; arabic: string; at: 'start' | 'end' }> = {
  abd: { latin: 'abd', arabic: 'عبد', at: 'start' },
  din: { latin: 'din', arabic: 'دين', at: 'end' },
  allah: { latin: 'allah', arabic: 'له', at: 'end' },
};

/**
 * Keys of the distinctive part of a compound: Rahman in Abd al-Rahman, Salah in
 * Salah al-Din, Asad in Asadullah. People are often called by that part alone
 * ("Kader" for Abdelkader), so it may match, though less than the whole.
 */
export function compoundPartKeys(token: NameToken): string[] {
  if (!token.compound || (token.script !== 'latin' && token.script !== 'arabic')) return [];
  const affix = COMPOUND_AFFIX[token.compound];
  const a = token.script === 'latin' ? affix.latin : affix.arabic;
  let part = '';
  if (affix.at === 'start' && token.form.startsWith(a)) part = token.form.slice(a.length);
  if (affix.at === 'end' && token.form.endsWith(a)) part = token.form.slice(0, -a.length);
  if (part.length < 2) return [];
  return formKeys(part, token.script).filter((k) => k.length >= 2);
}

/** Keys with one letter deleted, for finding near misses (Mustaq ~ Mushtaq). */
export function deletionKeys(key: string): string[] {
  if (key.length < 3) return [];
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) {
    const d = collapse(key.slice(0, i) + key.slice(i + 1));
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** Phonetic keys of every token of a name, one array per token. */
export function nameKeys(tokens: readonly NameToken[]): string[][] {
  return tokens.map(tokenKeys);
}
