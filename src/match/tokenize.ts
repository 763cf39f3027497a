/**
 * Name structure: split a normalised name into tokens and recognise the parts clerks
 * use (DESIGN.md §3.3): the article al-/el- and its assimilated forms, nasab particles
 * (bin, ibn, bint), the kunya (Abu X, Umm X), compounds that are written glued or split
 * (Abd al-Rahman = Abdulrahman = عبد الرحمن = عبدالرحمن, Jalal al-Din = Jalaluddin,
 * Faiz Allah = Faizullah), nisba adjectives (al-Tikriti) and honorific titles.
 *
 * Compounds are always glued into one token, without the article, on both scripts, so
 * that every spelling of the same compound yields the same token.
 */
import { normaliseName } from './normalise.ts';
import type { NormalisedName } from './normalise.ts';

/** What a token is in the name. */
export type TokenRole = 'name' | 'title' | 'kunya' | 'initial';

/** One token of a name. */
export interface NameToken {
  /** Canonical form: lowercase, article removed, compounds glued ("abdrahman", "تكريتي"). */
  form: string;
  /** The words of the normalised name this token was made from. */
  source: string;
  /** Script of the token's letters. */
  script: 'arabic' | 'latin' | 'other';
  /** 'title' (Sheikh, Dr), 'kunya' (the Abu/Umm marker itself), 'initial' (one letter). */
  role: TokenRole;
  /** Written with the article (al-, el-, ال). */
  article: boolean;
  /** Glued compound: Abd al-X, X al-Din, X Allah. */
  compound?: 'abd' | 'din' | 'allah';
  /** Follows bin/ibn/bint: a father's or ancestor's name. */
  nasab: boolean;
  /** Follows Abu/Umm: the name in a kunya. */
  kunya: boolean;
  /** Article + adjective in -i: an origin or affiliation (al-Baghdadi). */
  nisba: boolean;
}

/** A tokenised name. */
export interface TokenizedName {
  normalised: NormalisedName;
  tokens: NameToken[];
  /** Words that carry no identity and were dropped (digits, particles). */
  dropped: string[];
}

const LATIN_ARTICLES = new Set([
  'al', 'el', 'ul', 'il', 'ad', 'ud', 'ed', 'ar', 'ur', 'er', 'as', 'us', 'es', 'ash', 'ush', 'esh',
  'at', 'ut', 'et', 'az', 'uz', 'ez', 'an', 'un', 'ath', 'adh', 'dh', 'l',
]);
const LATIN_NASAB = new Set(['bin', 'ibn', 'ben', 'bint', 'bent', 'binti', 'ould', 'walad', 'ag', 'b']);
/**
 * Nasab particles that are never a given name, so that they are particles even first in
 * the name ("Bin Laden, Usama" as "Usama bin Laden", "Ag Mossa" as "Bah ag Moussa"); Ben
 * and B may be a given name or an initial there.
 */
const LEADING_NASAB = new Set(['bin', 'ibn', 'bint', 'binti', 'ould', 'walad', 'ag', 'بن', 'ابن', 'بنت', 'ولد']);
const ARABIC_NASAB = new Set(['بن', 'ابن', 'بنت', 'ولد']);
const KUNYA: Record<string, string> = {
  abu: 'abu', abou: 'abu', abo: 'abu', aboo: 'abu', abi: 'abu', abul: 'abu', abol: 'abu', abil: 'abu',
  umm: 'umm', um: 'umm', oum: 'umm', oumm: 'umm', om: 'umm',
  'ابو': 'abu', 'ابي': 'abu', 'ام': 'umm',
};
/** Honorifics and religious or academic titles, by canonical form. */
const TITLES: Record<string, string> = {
  dr: 'dr', doctor: 'dr', dkt: 'dr', prof: 'dr', professor: 'dr', 'د': 'dr', 'دكتور': 'dr',
  sheikh: 'sheikh', shaikh: 'sheikh', shaykh: 'sheikh', sheik: 'sheikh', shaik: 'sheikh', cheikh: 'sheikh',
  chaikh: 'sheikh', shekh: 'sheikh', sheykh: 'sheikh', 'شيخ': 'sheikh',
  haji: 'haji', hajji: 'haji', hadji: 'haji', hajj: 'haji', haj: 'haji', hadj: 'haji', alhaj: 'haji',
  alhajj: 'haji', 'حاج': 'haji', 'حاجي': 'haji', 'حجي': 'haji',
  mullah: 'mullah', mulla: 'mullah', molla: 'mullah', mollah: 'mullah', mola: 'mullah', 'ملا': 'mullah',
  maulawi: 'maulawi', mawlawi: 'maulawi', maulvi: 'maulawi', moulvi: 'maulawi', molvi: 'maulawi',
  mowlawi: 'maulawi', mawlavi: 'maulawi', maulavi: 'maulawi', mulawi: 'maulawi', 'مولوي': 'maulawi',
  maulana: 'maulana', mawlana: 'maulana', moulana: 'maulana', 'مولانا': 'maulana',
  qari: 'qari', 'قاري': 'qari', mr: 'mr', mrs: 'mr', ms: 'mr', miss: 'mr', mme: 'mr', mlle: 'mr',
};
const LATIN_DIN = new Set(['din', 'deen', 'dine', 'dien', 'ddin', 'ddine']);
const LATIN_ARTICLE_DIN = new Set([
  'uddin', 'uddeen', 'uddine', 'eddin', 'eddine', 'eddeen', 'addin', 'addine', 'oddin', 'iddin',
  'aldin', 'eldin', 'uldin', 'aldeen', 'eldeen',
]);
const LATIN_ALLAH = new Set(['allah', 'ullah', 'ulla', 'ollah', 'ellah', 'illah', 'alla']);
/** Abd written alone, with or without a glued article: the compound goes on in the next word. */
const LATIN_ABD_BARE = /^abd(?:(?:ou|u|e|a|o|i)(?:l|r|s|sh|z|t|th|dh|d|n))?$/;
/** Abd glued to an article and a name: abdul-rahman, abdel-aziz, abdallah. */
const LATIN_ABD_ARTICLE = /^abd(?:ou|u|e|a|o|i)l(.{2,})$/;
/** Abd glued by a vowel: abdurrahman, abdussalam, abdirahman. */
const LATIN_ABD_VOWEL = /^abd(?:u|e|a|o|i)(.{3,})$/;
const LATIN_DIN_SUFFIX = /^(.*?[aeiouy].*?)(?:[aeiou]l?)?d?d(?:in|ine|een|ien)$/;
const LATIN_ALLAH_SUFFIX = /^(.*?[aeiouy].*?)(?:ullah|ollah|allah|ulla|ellah)$/;

function scriptOf(word: string): 'arabic' | 'latin' | 'other' {
  const cp = word.codePointAt(0) ?? 0;
  if (cp >= 0x61 && cp <= 0x7a) return 'latin';
  if ((cp >= 0x0620 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff)) {
    return 'arabic';
  }
  return 'other';
}

/** Split a word where its script changes ("alحسن" → "al", "حسن"); drop digits. */
function splitWord(word: string): string[] {
  const parts: string[] = [];
  let current = '';
  let currentScript = '';
  for (const ch of word) {
    if (ch >= '0' && ch <= '9') continue;
    const s = scriptOf(ch);
    if (current !== '' && s !== currentScript) {
      parts.push(current);
      current = '';
    }
    current += ch;
    currentScript = s;
  }
  if (current !== '') parts.push(current);
  return parts;
}

function makeToken(form: string, source: string, script: NameToken['script']): NameToken {
  return { form, source, script, role: 'name', article: false, nasab: false, kunya: false, nisba: false };
}

/** Tokenise a raw name string (normalising it first). */
export function tokenize(name: string): TokenizedName {
  return tokenizeNormalised(normaliseName(name));
}

/** Tokenise an already normalised name. */
export function tokenizeNormalised(normalised: NormalisedName): TokenizedName {
  const dropped: string[] = [];
  const words: string[] = [];
  for (const w of normalised.text.split(' ')) {
    if (w === '') continue;
    const parts = splitWord(w);
    if (parts.length === 0) dropped.push(w);
    words.push(...parts);
  }
  const tokens: NameToken[] = [];
  let pendingArticle = '';
  let pendingAbd: NameToken | undefined; // "abd"/"abdul"/"عبد" waiting for its second half
  let nextNasab = false;
  let nextKunya = false;

  const push = (t: NameToken): void => {
    t.nasab = nextNasab;
    t.kunya = nextKunya && t.role === 'name';
    nextNasab = false;
    if (t.role === 'name') nextKunya = false;
    tokens.push(t);
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const script = scriptOf(w);
    const isLast = i === words.length - 1;
    if (pendingAbd && pendingAbd.script !== script) {
      push(pendingAbd);
      pendingAbd = undefined;
    }
    const prev = tokens[tokens.length - 1];

    if (script === 'latin') {
      // Article standing alone before a word: remember it for the next word.
      if (LATIN_ARTICLES.has(w) && !isLast) {
        pendingArticle += (pendingArticle ? ' ' : '') + w;
        continue;
      }
      if (LATIN_NASAB.has(w) && !isLast && (tokens.length > 0 || LEADING_NASAB.has(w))) {
        dropped.push(w);
        nextNasab = true;
        continue;
      }
      const kunya = KUNYA[w];
      if (kunya !== undefined && !isLast) {
        const t = makeToken(kunya, w, 'latin');
        t.role = 'kunya';
        push(t);
        nextKunya = true;
        continue;
      }
      // "X al-Din", "X ud-Din", "X Eddine", "X Ullah": glue onto the previous name.
      const dinLike = LATIN_DIN.has(w) || LATIN_ARTICLE_DIN.has(w);
      const allahLike = LATIN_ALLAH.has(w);
      if ((dinLike || allahLike) && prev !== undefined && prev.role === 'name' && prev.script === 'latin' && !pendingAbd) {
        prev.form += dinLike ? 'din' : 'allah';
        prev.source += ` ${pendingArticle ? `${pendingArticle} ` : ''}${w}`;
        prev.compound = dinLike ? 'din' : 'allah';
        pendingArticle = '';
        continue;
      }
      let form = w;
      let compound: NameToken['compound'];
      if (w.startsWith('abd')) {
        const glued = LATIN_ABD_ARTICLE.exec(w) ?? LATIN_ABD_VOWEL.exec(w);
        if (LATIN_ABD_BARE.test(w)) {
          form = 'abd';
          if (!isLast && !pendingAbd) {
            // A bare Abd/Abdul/Abdel: the compound continues in the next word.
            pendingAbd = makeToken('abd', `${pendingArticle ? `${pendingArticle} ` : ''}${w}`, 'latin');
            pendingAbd.compound = 'abd';
            pendingArticle = '';
            continue;
          }
        } else if (glued) {
          // An assimilated article doubles the next consonant (Abdur-rahman): keep one.
          form = `abd${(glued[1] ?? '').replace(/^([^aeiou])\1/, '$1')}`;
          compound = 'abd';
        }
      } else if (!pendingAbd) {
        const din = LATIN_DIN_SUFFIX.exec(w);
        const allah = din ? null : LATIN_ALLAH_SUFFIX.exec(w);
        if (din && (din[1]?.length ?? 0) >= 3) {
          form = `${din[1]}din`;
          compound = 'din';
        } else if (allah && (allah[1]?.length ?? 0) >= 3) {
          form = `${allah[1]}allah`;
          compound = 'allah';
        }
      }
      const title = compound ? undefined : TITLES[w];
      if (pendingAbd) {
        pendingAbd.form += form;
        pendingAbd.source += ` ${pendingArticle ? `${pendingArticle} ` : ''}${w}`;
        const t = pendingAbd;
        pendingAbd = undefined;
        pendingArticle = '';
        push(t);
        continue;
      }
      const t = makeToken(form, `${pendingArticle ? `${pendingArticle} ` : ''}${w}`, 'latin');
      if (compound) t.compound = compound;
      t.article = pendingArticle !== '';
      pendingArticle = '';
      if (title !== undefined) {
        t.form = title;
        t.role = 'title';
      } else if (w.length === 1) {
        t.role = 'initial';
      }
      t.nisba = t.article && t.form.endsWith('i') && t.form.length > 3;
      push(t);
      continue;
    }

    if (script === 'arabic') {
      const articled = w.startsWith('ال') && w.length >= 4;
      if (pendingAbd) {
        const t = pendingAbd;
        pendingAbd = undefined;
        if (articled) {
          // "عبد الرحمن", "عبد الله": one compound, like the glued spelling.
          t.form += w.slice(2);
          t.source += ` ${w}`;
          push(t);
          continue;
        }
        push(t); // "عبد" before a plain word is the name Abd (Abid) itself
      }
      const last = tokens[tokens.length - 1];
      if (ARABIC_NASAB.has(w) && !isLast && (tokens.length > 0 || LEADING_NASAB.has(w))) {
        dropped.push(w);
        nextNasab = true;
        continue;
      }
      const kunya = KUNYA[w];
      if (kunya !== undefined && !isLast) {
        const t = makeToken(kunya, w, 'latin');
        t.role = 'kunya';
        push(t);
        nextKunya = true;
        continue;
      }
      if (w === 'عبد' && !isLast) {
        pendingAbd = makeToken('عبد', w, 'arabic');
        pendingAbd.compound = 'abd';
        continue;
      }
      let form = w;
      let article = false;
      let compound: NameToken['compound'];
      if (w.startsWith('عبدال') && w.length > 5) {
        form = `عبد${w.slice(5)}`;
        compound = 'abd';
      } else if (w.length > 6 && w.endsWith('الدين')) {
        form = `${w.slice(0, -5)}دين`;
        compound = 'din';
      } else if (w.length > 5 && w.endsWith('الله')) {
        form = `${w.slice(0, -4)}له`;
        compound = 'allah';
      } else if (articled) {
        form = w.slice(2);
        article = true;
      }
      // "X الدين", "X الله" written apart: glue onto the previous name.
      if (article && (form === 'دين' || form === 'له') && last && last.role === 'name' && last.script === 'arabic') {
        last.form += form;
        last.source += ` ${w}`;
        last.compound = last.compound ?? (form === 'دين' ? 'din' : 'allah');
        continue;
      }
      const title = TITLES[form];
      const t = makeToken(title ?? form, w, 'arabic');
      if (title !== undefined) {
        t.role = 'title';
        t.script = 'latin'; // titles share one canonical Latin form across scripts
      }
      if (compound) t.compound = compound;
      t.article = article;
      t.nisba = article && form.endsWith('ي') && form.length >= 3;
      push(t);
      continue;
    }

    // Other scripts: kept as they are, compared only by spelling.
    const t = makeToken(w, w, 'other');
    push(t);
  }
  if (pendingAbd) push(pendingAbd);
  if (pendingArticle) {
    // A trailing article ("Jassim Al"): keep it as a word rather than lose it.
    const t = makeToken(pendingArticle.replace(/ /g, ''), pendingArticle, 'latin');
    push(t);
  }
  return { normalised, tokens, dropped };
}
