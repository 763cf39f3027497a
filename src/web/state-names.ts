/**
 * States and languages by name in the reader's language (the runtime's CLDR names through
 * Intl.DisplayNames), wherever a nationality, a state or a language the register holds as a
 * code is shown. The register's keywords for a nationality ("stateless", "unknown") are
 * translated; a code the runtime has no name for is shown as the code.
 */
import { localeInfo, type Translator } from './i18n.ts';

const nationalityKeywords = ['stateless', 'unknown'] as const;

const namers = new Map<string, Intl.DisplayNames>();
function namer(t: Translator, type: 'region' | 'language'): Intl.DisplayNames {
  const tag = `${localeInfo[t.locale].intl}/${type}`;
  let names = namers.get(tag);
  if (!names) namers.set(tag, (names = new Intl.DisplayNames([localeInfo[t.locale].intl], { type, fallback: 'none' })));
  return names;
}

/** A state (ISO 3166-1 alpha-2), or a nationality keyword, in the reader's language. */
export function stateName(t: Translator, code: string): string {
  if ((nationalityKeywords as readonly string[]).includes(code)) return t.of('nationality_keyword', code);
  try {
    return namer(t, 'region').of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A language (ISO 639 code) in the reader's language. */
export function languageName(t: Translator, code: string): string {
  try {
    return namer(t, 'language').of(code) ?? code;
  } catch {
    return code;
  }
}
