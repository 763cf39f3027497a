import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NAME_LENGTH, NameInputError, detectScript, normaliseName } from './normalise.ts';

const text = (s: string): string => normaliseName(s).text;

test('Arabic: harakat, shadda and tatweel are removed', () => {
  assert.equal(text('مُحَمَّد'), 'محمد');
  assert.equal(text('سـَـلـيـم'), 'سليم');
});

test('Arabic: alef and hamza forms fold to bare letters', () => {
  assert.equal(text('أسعد'), 'اسعد');
  assert.equal(text('إدريس'), 'ادريس');
  assert.equal(text('آمنة'), 'امنه');
  assert.equal(text('ٱلنور'), 'النور');
  assert.equal(text('مؤمن'), 'مومن');
  assert.equal(text('هانئ'), 'هاني');
});

test('Arabic: ta marbuta and alef maqsura', () => {
  assert.equal(text('نادرة'), 'نادره');
  assert.equal(text('مرتضى'), 'مرتضي');
});

test('Persian and Kurdish letter variants fold; distinct consonants stay', () => {
  assert.equal(text('کریم'), 'كريم'); // Persian kaf and yeh
  assert.equal(text('ڕەوەند'), 'رهوهند'); // Kurdish rr and ae
  assert.equal(text('دڵۆڤان'), 'دلوڤان'); // Kurdish ll and o; ve stays
  assert.equal(text('شێرزاد'), 'شيرزاد');
  assert.equal(text('پژگچ'), 'پژگچ');
});

test('Arabic presentation forms become letters', () => {
  assert.equal(text('ﺑﺎﺳﻢ'), 'باسم');
});

test('Eastern Arabic and Persian digits become ASCII digits', () => {
  assert.equal(text('١٩٨٠'), '1980');
  assert.equal(text('۱۳۵۹'), '1359');
});

test('Latin: case, diacritics, apostrophes and ayn marks, hyphens', () => {
  assert.equal(text('José ÑÚÑEZ'), 'jose nunez');
  for (const s of ["Sab'awi", 'Sab’awi', 'Sabʿawi', 'Sab`awi', 'Sabʾawi']) assert.equal(text(s), 'sabawi', s);
  assert.equal(text('Karim al-Zubaydi'), 'karim al zubaydi');
  assert.equal(text('  Tariq,   NASSER. '), 'tariq nasser');
  assert.equal(text('Straße Øberg'), 'strasse oberg');
});

test('script detection', () => {
  assert.equal(normaliseName('Karim Nasser').script, 'latin');
  assert.equal(normaliseName('كريم ناصر').script, 'arabic');
  assert.equal(normaliseName('Karim ناصر').script, 'mixed');
  assert.equal(normaliseName('Γιάννης').script, 'other');
  assert.equal(normaliseName('!!! 123').script, 'none');
  assert.equal(detectScript(''), 'none');
});

test('very long input is capped and reported', () => {
  const long = 'Karim '.repeat(100);
  const n = normaliseName(long);
  assert.equal(n.capped, true);
  assert.ok(n.text.length <= MAX_NAME_LENGTH);
  assert.equal(normaliseName('Karim').capped, false);
  // A surrogate pair at the cut is not split.
  const emoji = `${'a'.repeat(MAX_NAME_LENGTH - 1)}😀`;
  assert.doesNotThrow(() => normaliseName(emoji));
});

test('lone surrogates are removed and reported, never thrown', () => {
  const n = normaliseName('Karim\uD800 Nasser\uDC00');
  assert.equal(n.text, 'karim nasser');
  assert.equal(n.repaired, true);
  assert.equal(normaliseName('Karim').repaired, false);
});

test('empty and punctuation-only strings give empty text', () => {
  assert.equal(text(''), '');
  assert.equal(text(' -- ,,, '), '');
});

test('a non-string is a clear error', () => {
  assert.throws(() => normaliseName(42 as unknown as string), NameInputError);
  assert.throws(() => normaliseName(undefined as unknown as string), NameInputError);
});

test('Cyrillic is romanised as English-language lists write it', () => {
  assert.equal(normaliseName('Ахмед Ражапович Чатаев').text, 'akhmed razhapovich chataev');
  assert.equal(normaliseName('Ислам Сеит-Умарович Атабиев').text, 'islam seit umarovich atabiev');
  assert.equal(normaliseName('Щукин Юрий').text, 'shchukin yurii');
  assert.equal(normaliseName('Ахмед').script, 'latin');
});
