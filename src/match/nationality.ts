/**
 * Nationalities as the matcher compares them: ISO 3166-1 alpha-2 codes, whether given as
 * the code (IQ), as the country's English or Arabic name (Iraq, العراق) or as one of the
 * long official forms lists use (Syrian Arab Republic). A value that names no country
 * (an unknown code, "stateless", "unknown", a typing slip) is not compared: it is reported
 * so that an explanation can say why the nationality did not count, and it never makes a
 * conflict.
 */
import { iso3166 } from '../domain/values.ts';

/** Lower-cased, "&" read as "and", a leading "the" and the punctuation dropped. */
function key(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[().,'’`"-]/g, ' ')
    .replace(/^\s*the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Long and older forms of country names as official lists write them. */
const OTHER_NAMES: Record<string, string> = {
  turkey: 'TR',
  burma: 'MM',
  palestinian: 'PS',
  'state of palestine': 'PS',
  'democratic republic of the congo': 'CD',
  congo: 'CG',
  'republic of the congo': 'CG',
  'iran islamic republic of': 'IR',
  'islamic republic of iran': 'IR',
  "democratic people's republic of korea": 'KP',
  'democratic people s republic of korea': 'KP',
  'republic of korea': 'KR',
  'united states of america': 'US',
  usa: 'US',
  'united kingdom of great britain and northern ireland': 'GB',
  uk: 'GB',
  'russian federation': 'RU',
  'syrian arab republic': 'SY',
  'cabo verde': 'CV',
  gambia: 'GM',
  'bosnia and herzegovina': 'BA',
  'trinidad and tobago': 'TT',
  'saint kitts and nevis': 'KN',
  'hong kong': 'HK',
  'lao people s democratic republic': 'LA',
  'united republic of tanzania': 'TZ',
  'republic of moldova': 'MD',
  'bolivarian republic of venezuela': 'VE',
  'venezuela bolivarian republic of': 'VE',
  'libyan arab jamahiriya': 'LY',
  'viet nam': 'VN',
  "cote d'ivoire": 'CI',
  'cote d ivoire': 'CI',
};

let table: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (table) return table;
  table = new Map();
  const displays = ['en', 'ar'].map((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
  for (const code of iso3166) {
    table.set(key(code), code);
    for (const d of displays) {
      const name = d.of(code);
      if (name && name !== code) table.set(key(name), code);
    }
  }
  for (const [name, code] of Object.entries(OTHER_NAMES)) table.set(key(name), code);
  return table;
}

/** The ISO code of a nationality as written, or `null` when it names no country. */
export function nationalityCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const k = key(value);
  if (k === '') return null;
  return names().get(k) ?? null;
}

/** A list of nationalities read: the codes, and what could not be read. */
export function readNationalities(values: unknown): { codes: Set<string>; unread: string[] } {
  const codes = new Set<string>();
  const unread: string[] = [];
  if (!Array.isArray(values)) return { codes, unread };
  for (const v of values) {
    const code = nationalityCode(v);
    if (code) codes.add(code);
    else if (typeof v === 'string' && v.trim() !== '' && !/^(?:unknown|stateless)$/i.test(v.trim())) unread.push(v.slice(0, 60));
  }
  return { codes, unread };
}
