import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletionKeys, formKeys, nameKeys } from './keys.ts';
import { tokenize } from './tokenize.ts';

/** Do two single-token names share at least one key? */
function share(a: string, b: string): boolean {
  const ka = nameKeys(tokenize(a).tokens).flat();
  const kb = nameKeys(tokenize(b).tokens).flat();
  return ka.some((k) => kb.includes(k));
}

test('Abd al-Rahman shares keys across spellings and scripts', () => {
  const spellings = ['عبد الرحمن', 'عبدالرحمن', 'Abdulrahman', 'Abd al-Rahman', 'Abdel Rahman', 'Abdurrahman'];
  for (const a of spellings) for (const b of spellings) assert.ok(share(a, b), `${a} ~ ${b}`);
});

test('ambiguous Arabic letters meet their usual Latin spellings', () => {
  const pairs: Array<[string, string[]]> = [
    ['قاسم', ['Qasim', 'Kasim', 'Gasim']], // q/k/g
    ['جمال', ['Jamal', 'Gamal', 'Djamel']], // j/g/dj
    ['خالد', ['Khalid', 'Khaled', 'Xalid']], // kh/x
    ['شاكر', ['Shakir', 'Chaker']], // sh/ch
    ['ثامر', ['Thamer', 'Samer', 'Tamer']], // th/s/t
    ['ظافر', ['Dhafer', 'Zafer']], // dh/z
    ['غانم', ['Ghanim', 'Ganem']], // gh/g
    ['صادق', ['Sadiq', 'Sadek']], // s, q/k
    ['حمزة', ['Hamza', 'Hamzah']], // ta marbuta
    ['يوسف', ['Yusuf', 'Youssef', 'Yousef']], // و and ي as vowels
    ['عمر', ['Omar', 'Umar', "'Umar"]], // ayn dropped
    ['مهدوي', ['Mahdavi', 'Mahdawi']], // Persian v for و
  ];
  for (const [ar, latin] of pairs) for (const l of latin) assert.ok(share(ar, l), `${ar} ~ ${l}`);
});

test('different names do not share keys', () => {
  assert.ok(!share('Khalid', 'Hamid'));
  assert.ok(!share('كريم', 'Nasser'));
});

test('doubled letters collapse and vowels do not count', () => {
  assert.deepEqual(formKeys('hassan', 'latin'), formKeys('hasan', 'latin'));
  assert.deepEqual(formKeys('mohammed', 'latin')[0], 'mhmd');
  assert.deepEqual(formKeys('محمد', 'arabic')[0], 'mhmd');
});

test('other scripts key as themselves', () => {
  assert.deepEqual(formKeys('иван', 'other'), ['иван']);
});

test('deletion keys for near misses', () => {
  assert.deepEqual(deletionKeys('mstk'), ['stk', 'mtk', 'msk', 'mst']);
  assert.deepEqual(deletionKeys('ab'), []);
  // Mustaq and Mushtaq meet through a deletion.
  const a = deletionKeys(formKeys('mustaq', 'latin')[0] ?? '');
  const b = deletionKeys(formKeys('mushtaq', 'latin')[0] ?? '');
  assert.ok(a.some((k) => b.includes(k)));
});

test('Latin spellings that read q as g, and Somali x for the Arabic h (ح), meet the usual spellings', () => {
  const pairs: Array<[string, string]> = [
    ['Qumu', 'Goumo'], // Maghrebi and Gulf g for ق
    ['Saqar', 'Sagar'],
    ['Xasan', 'Hasan'], // Somali x = ح
    ['Maxamed', 'Mohamed'],
    ['Xuseen', 'Hussein'],
  ];
  for (const [a, b] of pairs) assert.ok(share(a, b), `${a} ~ ${b}`);
  // x still reads kh (Xalid), and k does not become g.
  assert.ok(share('Xalid', 'Khalid'));
  assert.ok(!share('Kamal', 'Gamal'));
});
