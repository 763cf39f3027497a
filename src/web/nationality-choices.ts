/**
 * Nationalities as a clerk picks them: the states of the register's one list of codes
 * (`domain/values.ts` `iso3166`) named in the reader's language by the runtime's ICU
 * (`Intl.DisplayNames`), plus "stateless" and "unknown" with the catalogue's labels. Node 20's
 * ICU names every state in Arabic, English and Kurmanji (`kmr` resolves to CLDR's `ku`) and
 * all but one in Sorani (no name for IO): a state without a name in the reader's language is
 * named in Arabic on Sorani pages and in English on Kurmanji pages.
 *
 * What a clerk types is read back to a code: the code itself, a state's name in any of the four
 * languages (or an official English long form, `match/nationality.ts`), or the label of
 * "stateless" or "unknown" in any of them; anything else names nothing.
 */
import { isNationality, iso3166 } from '../domain/values.ts';
import { nationalityCode } from '../match/nationality.ts';
import { localeInfo, locales, translator, type Locale, type Translator } from './i18n.ts';

/** Nationalities that are not states. */
export const notStates = ['stateless', 'unknown'] as const;

/** The ICU locales asked for a state's name, in order: the reader's, then the language its pages fall back to. */
const nameLocales: Readonly<Record<Locale, readonly string[]>> = { ar: ['ar'], en: ['en'], ckb: ['ckb', 'ar'], kmr: ['kmr', 'en'] };
/** What ICU may resolve each of those to and still be that language (CLDR files Kurmanji as `ku`). */
const sameLanguage: Readonly<Record<string, readonly string[]>> = { ar: ['ar'], en: ['en'], ckb: ['ckb'], kmr: ['kmr', 'ku'] };

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** The runtime's region names for a locale, or null when it has none for that language. */
function regionNames(locale: string): Intl.DisplayNames | null {
  if (!displayNames.has(locale)) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    const resolved = names.resolvedOptions().locale.split('-')[0]!;
    displayNames.set(locale, sameLanguage[locale]!.includes(resolved) ? names : null);
  }
  return displayNames.get(locale)!;
}

/** A state's name in the reader's language (or its fallback's); the code when no language names it. */
export function stateName(locale: Locale, code: string): string {
  for (const l of nameLocales[locale]) {
    const name = regionNames(l)?.of(code);
    if (name) return name;
  }
  return code;
}

/** A nationality as the reader reads it: the state's name, or the label of "stateless" or "unknown". */
export function nationalityLabel(t: Translator, value: string): string {
  return (notStates as readonly string[]).includes(value) ? t.of('nationality', value) : isNationality(value) ? stateName(t.locale, value) : value;
}

const choiceLists = new Map<Locale, readonly { readonly value: string; readonly label: string }[]>();

/** Every choice of the picker in the reader's language: the states in its alphabetical order, then "stateless" and "unknown". */
export function nationalityChoices(t: Translator): readonly { readonly value: string; readonly label: string }[] {
  let list = choiceLists.get(t.locale);
  if (!list) {
    const collator = new Intl.Collator(localeInfo[t.locale].intl);
    const states = [...iso3166].map((code) => ({ value: code, label: stateName(t.locale, code) })).sort((a, b) => collator.compare(a.label, b.label));
    list = [...states, ...notStates.map((value) => ({ value, label: t.of('nationality', value) }))];
    choiceLists.set(t.locale, list);
  }
  return list;
}

/**
 * A name as typed, made comparable: compatibility forms folded, case and Latin accents
 * dropped (Îraq, iraq), Arabic vowel marks and tatweel dropped, alef, yeh, teh marbuta
 * and kaf forms read as one (Arabic and Sorani keyboards), punctuation and a leading "the" left out.
 */
export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u0640\u200c-\u200f\u061c]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىی]/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[ك]/g, 'ک')
    .replace(/&/g, ' and ')
    .replace(/[().,'’`"\-_/]/g, ' ')
    .replace(/^\s*the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Every name and code a clerk may type, keyed by {@link nameKey}, to the value it names; a name
 * two values share (in different languages) is left out, since it names neither for sure.
 */
export function unambiguousNames(entries: Iterable<readonly [text: string, value: string]>): Map<string, string> {
  const found = new Map<string, string | null>();
  for (const [text, value] of entries) {
    const key = nameKey(text);
    if (!key) continue;
    const before = found.get(key);
    found.set(key, before === undefined || before === value ? value : null);
  }
  return new Map([...found].filter((e): e is [string, string] => e[1] !== null));
}

let lookup: Map<string, string> | undefined;

/** Every name and code a clerk may type, to its nationality. */
function names(): Map<string, string> {
  return (lookup ??= unambiguousNames([
    ...locales.flatMap((locale) => nationalityChoices(translator(locale)).map(({ value, label }) => [label, value] as const)),
    ...[...iso3166, ...notStates].map((value) => [value, value] as const),
  ]));
}

/** The nationality a clerk typed or picked, as the register records it (IQ, stateless, unknown), or null when it names none. */
export function readNationality(text: string): string | null {
  const key = nameKey(text);
  if (!key) return null;
  return names().get(key) ?? nationalityCode(text);
}
