/**
 * Languages by name in the reader's language (the runtime's CLDR names through
 * Intl.DisplayNames), wherever a language the register holds as a code is shown; a code the
 * runtime has no name for is shown as the code. States and nationalities are named by
 * `nationality-choices.ts` (`nationalityLabel`), as the picker names them.
 */
import { localeInfo, locales, translator, type Locale, type Translator } from './i18n.ts';
import { nameKey } from './nationality-choices.ts';

const namers = new Map<string, Intl.DisplayNames>();
function namer(t: Translator): Intl.DisplayNames {
  const tag = localeInfo[t.locale].intl;
  let names = namers.get(tag);
  if (!names) namers.set(tag, (names = new Intl.DisplayNames([tag], { type: 'language', fallback: 'none' })));
  return names;
}

/** A language (ISO 639 code) in the reader's language. */
export function languageName(t: Translator, code: string): string {
  try {
    return namer(t).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The languages offered when a clerk records the languages a person speaks: the register's
 * working languages first, then those of the states the people it holds come from. Any other
 * BCP 47 tag may still be typed.
 */
export const languageCodes = [
  'ar', 'ckb', 'kmr', 'en', 'syr', 'tr', 'fa', 'fr', 'de', 'ru', 'ur', 'ps', 'uz', 'tg', 'kk', 'ky', 'az', 'tt', 'ce', 'av', 'tk', 'ug', 'id', 'ms', 'nl',
  'sv', 'da', 'no', 'fi', 'it', 'es', 'pt', 'bs', 'sq', 'so', 'am', 'ti', 'ha', 'sw', 'hi', 'bn', 'zh', 'hy', 'he', 'kab', 'tzm', 'be', 'uk', 'ka', 'pl', 'tl',
] as const;

const languageLists = new Map<Locale, readonly { readonly value: string; readonly label: string }[]>();

/** Every language of the picker, named in the reader's language, in the order of `languageCodes`. */
export function languageChoices(t: Translator): readonly { readonly value: string; readonly label: string }[] {
  let list = languageLists.get(t.locale);
  if (!list) languageLists.set(t.locale, (list = languageCodes.map((value) => ({ value, label: languageName(t, value) }))));
  return list;
}

let languageLookup: Map<string, string> | undefined;

/** A language's name in any of the four languages, or its code, to its code; a name two languages share is left out. */
function languageNames(): Map<string, string> {
  if (languageLookup) return languageLookup;
  const found = new Map<string, string | null>();
  const add = (text: string, value: string) => {
    const key = nameKey(text);
    if (!key) return;
    const before = found.get(key);
    found.set(key, before === undefined || before === value ? value : null);
  };
  for (const locale of locales) for (const { value, label } of languageChoices(translator(locale))) add(label, value);
  for (const code of languageCodes) add(code, code);
  languageLookup = new Map([...found].filter((e): e is [string, string] => e[1] !== null));
  return languageLookup;
}

/** The language a clerk typed or picked, as a BCP 47 tag (ar, ckb), or null when it names none. */
export function readLanguage(text: string): string | null {
  const typed = text.trim();
  if (!typed) return null;
  const known = languageNames().get(nameKey(typed));
  if (known) return known;
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(typed) ? typed.replace(/^[A-Za-z]+/, (l) => l.toLowerCase()) : null;
}
