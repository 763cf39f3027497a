/**
 * Normalisation of personal names in Arabic script (Arabic, Persian, Kurdish letter
 * variants) and Latin script, before tokenising and keying.
 *
 * The result is lowercase, without diacritics, harakat, tatweel or format characters,
 * with one canonical letter for each group of letters that writers use interchangeably
 * (alef and hamza forms, ta marbuta, alef maqsura, Persian/Kurdish kaf, yeh, heh...),
 * ASCII digits, and words separated by single spaces. Nothing here throws on a string:
 * lone surrogates are dropped and reported, very long input is capped and reported.
 */

/** Longest input we look at, in UTF-16 code units; longer names are cut and flagged. */
export const MAX_NAME_LENGTH = 200;

/** Which writing system a normalised name is in. */
export type NameScript = 'arabic' | 'latin' | 'mixed' | 'other' | 'none';

/** A normalised name and what was done to get it. */
export interface NormalisedName {
  /** Lowercase words separated by single spaces; may be empty. */
  text: string;
  /** Script of the letters in `text` ('none' when it has no letters). */
  script: NameScript;
  /** True when the input was longer than {@link MAX_NAME_LENGTH} and was cut. */
  capped: boolean;
  /** True when lone surrogates (an invalid UTF-16 string) were removed. */
  repaired: boolean;
}

/** Thrown for input that is not a string at all; strings never throw. */
export class NameInputError extends TypeError {
  override readonly name = 'NameInputError';
}

// Letters that vary by region or keyboard but name the same sound, mapped to the
// Arabic letter a Baghdad clerk would type. Distinct consonants (پ چ ژ گ ڤ) stay
// distinct here: they are merged with neighbours only in the phonetic keys.
const ARABIC_FOLD: Record<string, string> = {
  'ٱ': 'ا', // alef wasla
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
  'ؤ': 'و', 'ۆ': 'و', 'ۇ': 'و', 'ۋ': 'و', 'ۉ': 'و', 'ٶ': 'و',
  'ئ': 'ي', 'ى': 'ي', 'ی': 'ي', 'ێ': 'ي', 'ې': 'ي', 'ۍ': 'ي', 'ے': 'ي', 'ٸ': 'ي',
  'ة': 'ه', 'ە': 'ه', 'ۀ': 'ه', 'ہ': 'ه', 'ھ': 'ه', 'ۃ': 'ه',
  'ک': 'ك', 'ڪ': 'ك', 'ګ': 'ك',
  'ڕ': 'ر', 'ڵ': 'ل', 'ٹ': 'ت', 'ڈ': 'د', 'ڑ': 'ر',
  'ء': '', // a bare hamza is mostly dropped or written as an apostrophe in Latin
};

// Latin letters that NFKD does not decompose.
const LATIN_FOLD: Record<string, string> = {
  'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i',
  'ħ': 'h', 'ŧ': 't', 'ŀ': 'l',
};

// Cyrillic letters (Russian, Ukrainian, Kazakh, Tajik, Uzbek, Chechen lists) as English-language
// lists romanise them (BGN/PCGN, simplified): Ахмед Чатаев → akhmed chataev. Names of the
// former Soviet Union, often of Arabic origin, then meet their Latin spellings.
const CYRILLIC_FOLD: Record<string, string> = {
  'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ж': 'zh', 'з': 'z', 'и': 'i', 'к': 'k',
  'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f',
  'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '', 'э': 'e',
  'ю': 'yu', 'я': 'ya', 'і': 'i', 'є': 'ye', 'ґ': 'g', 'ђ': 'dj', 'ј': 'j', 'љ': 'lj',
  'њ': 'nj', 'ћ': 'c', 'џ': 'dz', 'ѕ': 'dz', 'қ': 'q', 'ғ': 'gh', 'ҳ': 'h', 'ң': 'ng', 'ө': 'o',
  'ү': 'u', 'ұ': 'u', 'ә': 'a', 'һ': 'h', 'ҷ': 'j', 'ӏ': '',
};

// Apostrophes and the marks used for ayn and hamza in transliteration: dropped inside
// words, because "Sab'awi", "Sab’awi" and "Sabawi" are the same name.
const AYN_MARKS = /['’‘`´ʿʾʻʼʹʽ′ˈ]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Combining marks (Latin accents, Arabic harakat, shadda, superscript alef, Quranic
// marks) and format characters (tatweel handled separately, ZWNJ, bidi controls).
const MARKS = /[\p{M}\p{Cf}]/gu;
const TATWEEL = /\u0640/g;

function isArabicLetter(cp: number): boolean {
  return (cp >= 0x0620 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff);
}

/** Classify the letters of an already normalised string. */
export function detectScript(text: string): NameScript {
  let arabic = 0;
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x61 && cp <= 0x7a) latin++;
    else if (isArabicLetter(cp)) arabic++;
    else if (/\p{L}/u.test(ch)) other++;
  }
  const kinds = (arabic > 0 ? 1 : 0) + (latin > 0 ? 1 : 0) + (other > 0 ? 1 : 0);
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return arabic > 0 ? 'arabic' : latin > 0 ? 'latin' : 'other';
}

/** Cut a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function cap(s: string, max: number): string {
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}

/**
 * Normalise one name string. Throws {@link NameInputError} only when `input` is not a
 * string; any string gives a result (possibly with empty `text`).
 */
export function normaliseName(input: string): NormalisedName {
  if (typeof input !== 'string') throw new NameInputError(`a name must be a string, got ${typeof input}`);
  let s = input;
  let capped = false;
  if (s.length > MAX_NAME_LENGTH) {
    s = cap(s, MAX_NAME_LENGTH);
    capped = true;
  }
  const cleaned = s.replace(LONE_SURROGATE, '');
  const repaired = cleaned.length !== s.length;
  s = cleaned.replace(AYN_MARKS, '');
  // NFKC first turns Arabic presentation forms and ligatures (ﷲ) into letters; NFD then
  // splits accents and hamza/madda off their carriers so the mark pass removes them.
  s = s.normalize('NFKC').normalize('NFD').replace(MARKS, '').replace(TATWEEL, '');
  s = s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x0660 && cp <= 0x0669) out += String.fromCharCode(0x30 + cp - 0x0660);
    else if (cp >= 0x06f0 && cp <= 0x06f9) out += String.fromCharCode(0x30 + cp - 0x06f0);
    else if (ch in ARABIC_FOLD) out += ARABIC_FOLD[ch];
    else if (ch in LATIN_FOLD) out += LATIN_FOLD[ch];
    else if (ch in CYRILLIC_FOLD) out += CYRILLIC_FOLD[ch];
    else if (/[\p{L}\p{N}]/u.test(ch)) out += ch;
    else out += ' '; // punctuation, hyphens, Arabic comma: word separators
  }
  const text = out.replace(/\s+/g, ' ').trim();
  return { text, script: detectScript(text), capped, repaired };
}
