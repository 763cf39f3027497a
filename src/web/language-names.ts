/**
 * Languages by name in the reader's language (the runtime's CLDR names through
 * Intl.DisplayNames), wherever a language the register holds as a code is shown; a code the
 * runtime has no name for is shown as the code. States and nationalities are named by
 * `nationality-choices.ts` (`nationalityLabel`), as the picker names them.
 */
import { localeInfo, type Translator } from './i18n.ts';

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
