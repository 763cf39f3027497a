import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { keyGroups, localeInfo, locales, readCatalogue, translator } from './i18n.ts';

const webDir = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Keys the code uses: every literal t('…'), and every value of each group used with t.of('group', …). */
function usedKeys(): { keys: Set<string>; groups: Set<string> } {
  const keys = new Set<string>();
  const groups = new Set<string>();
  for (const file of sources(webDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\bt\.of\(\s*'([^']+)'/g)) groups.add(m[1]!);
  }
  return { keys, groups };
}

interface AstNode {
  type: number;
  value?: string;
  options?: Record<string, { value: AstNode[] }>;
  pluralType?: string;
}

/** Argument names of a message, and the plural categories each plural argument offers. */
function shape(ast: AstNode[], args = new Set<string>(), plurals = new Map<string, Set<string>>()) {
  for (const node of ast) {
    if (node.value !== undefined && node.type !== 0) args.add(node.value);
    if (node.options) {
      if (node.type === 6 && node.value) plurals.set(node.value, new Set(Object.keys(node.options)));
      for (const option of Object.values(node.options)) shape(option.value, args, plurals);
    }
  }
  return { args, plurals };
}

test('every key the pages use is in every catalogue, and every catalogue key is used', () => {
  const { keys, groups } = usedKeys();
  for (const group of groups) assert.ok(group in keyGroups, `t.of('${group}', …) names a group not declared in keyGroups`);
  const expected = new Set(keys);
  for (const [group, values] of Object.entries(keyGroups)) for (const value of values) expected.add(`${group}.${value}`);
  assert.ok(expected.size > 300, `only ${expected.size} keys found: the scan of src/web is broken`);
  for (const locale of locales) {
    const catalogue = readCatalogue(locale);
    const missing = [...expected].filter((k) => !(k in catalogue)).sort();
    const unused = Object.keys(catalogue).filter((k) => !expected.has(k)).sort();
    assert.deepEqual(missing, [], `${locale}: missing keys`);
    assert.deepEqual(unused, [], `${locale}: unused keys`);
  }
});

test('every message is valid ICU, with the same arguments in every language; Arabic plurals give all six forms', () => {
  const english = readCatalogue('en');
  for (const locale of locales) {
    const catalogue = readCatalogue(locale);
    for (const [key, message] of Object.entries(catalogue)) {
      assert.ok(message.trim(), `${locale} ${key} is empty`);
      const format = new IntlMessageFormat(message, localeInfo[locale].intl);
      const { args, plurals } = shape(format.getAst() as unknown as AstNode[]);
      const reference = shape(new IntlMessageFormat(english[key]!, 'en').getAst() as unknown as AstNode[]);
      assert.deepEqual([...args].sort(), [...reference.args].sort(), `${locale} ${key}: arguments differ from English`);
      for (const [arg, categories] of plurals) {
        const needed = new Intl.PluralRules(localeInfo[locale].intl).resolvedOptions().pluralCategories;
        for (const category of needed) assert.ok(categories.has(category), `${locale} ${key}: plural {${arg}} lacks the "${category}" form`);
      }
    }
  }
  assert.deepEqual([...new Intl.PluralRules('ar-IQ').resolvedOptions().pluralCategories].sort(), ['few', 'many', 'one', 'other', 'two', 'zero']);
});

test('plural forms and digits follow the language', () => {
  const ar = translator('ar');
  assert.equal(ar('search.count', { count: 2 }), 'عُثر على شخصين');
  assert.equal(ar('search.count', { count: 3 }), 'عُثر على ٣ أشخاص');
  assert.equal(ar('search.count', { count: 11 }), 'عُثر على ١١ شخصًا');
  assert.equal(ar('search.count', { count: 100 }), 'عُثر على ١٠٠ شخص');
  assert.equal(translator('en')('search.count', { count: 1 }), 'One person found');
  assert.equal(translator('en')('search.count', { count: 3 }), '3 persons found');
  assert.equal(translator('kmr')('search.count', { count: 3 }), '3 kes hatin dîtin');
  assert.equal(translator('ckb').number(1234), '١٬٢٣٤');
  // Gregorian dates in every language.
  assert.match(translator('ar').date('2026-03-01'), /٢٠٢٦/);
  assert.match(translator('en').date('2026-03-01'), /1 Mar 2026/);
  assert.equal(translator('ar').dir, 'rtl');
  assert.equal(translator('ckb').dir, 'rtl');
  assert.equal(translator('kmr').dir, 'ltr');
});
