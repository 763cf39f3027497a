import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateOfBirthInterval } from '../../src/domain/values.ts';
import { syntheticRegister } from './synthetic-register.ts';

const register = syntheticRegister(3000);
const byId = new Map(register.persons.map((p) => [p.id, p]));

test('the same size and seed give the same register; another seed another', () => {
  assert.deepEqual(syntheticRegister(3000), register);
  assert.notDeepEqual(syntheticRegister(3000, { seed: 7 }).persons, register.persons);
});

test('the size holds the plants: 2% duplicates and 2% namesakes by default, ids unique', () => {
  assert.equal(register.persons.length, 3000);
  assert.equal(register.duplicates.length, 60);
  assert.equal(register.namesakes.length, 60);
  assert.equal(byId.size, 3000);
  const planted = [...register.duplicates, ...register.namesakes];
  assert.equal(new Set(planted.map((p) => p.probe)).size, planted.length);
  assert.equal(new Set(planted.map((p) => p.original)).size, planted.length, 'each original has one plant');
});

test('names are four parts (three when the grandfather is left out) in Arabic and/or Latin script', () => {
  for (const p of register.persons) {
    assert.ok(p.names.length >= 1 && p.names.length <= 2);
    for (const name of p.names) {
      // Two-word parts (عبد الله, Abd al-Rahman, Abdel Rahman, Al Jubouri) count as one.
      const words = name.replace(/عبد /g, 'عبد').replace(/\b(Abd|Abdel|Al) /g, '$1_').split(' ');
      assert.ok(words.length >= 2 && words.length <= 4, `${name}`);
    }
  }
});

test('common given names are common: Muhammad heads the register, with about a tenth of it', () => {
  const first = new Map<string, number>();
  for (const p of register.persons) {
    const arabic = p.names.find((n) => /[\u0600-\u06ff]/.test(n));
    if (!arabic) continue;
    const w = arabic.split(' ')[0]!;
    first.set(w, (first.get(w) ?? 0) + 1);
  }
  const ranked = [...first].sort((a, b) => b[1] - a[1]);
  assert.equal(ranked[0]![0], 'محمد');
  const total = [...first.values()].reduce((a, b) => a + b, 0);
  assert.ok(ranked[0]![1] / total > 0.07 && ranked[0]![1] / total < 0.2);
});

test('a namesake carries the exact name of its original, born five years apart or more and/or of another nationality', () => {
  for (const s of register.namesakes) {
    const a = byId.get(s.original)!;
    const b = byId.get(s.probe)!;
    assert.deepEqual(b.names, a.names);
    const ia = dateOfBirthInterval(a.dob);
    const ib = dateOfBirthInterval(b.dob);
    const dobDiffers = ia !== null && ib !== null && (Number(ib.earliest.slice(0, 4)) - Number(ia.latest.slice(0, 4)) >= 5 || Number(ia.earliest.slice(0, 4)) - Number(ib.latest.slice(0, 4)) >= 5);
    const nationalityDiffers = a.nationalities.length === 1 && b.nationalities.length === 1 && a.nationalities[0] !== b.nationalities[0];
    assert.equal(dobDiffers, s.differs !== 'nationality', `${s.differs}: ${JSON.stringify([a.dob, b.dob])}`);
    assert.equal(nationalityDiffers, s.differs !== 'date of birth', `${s.differs}: ${a.nationalities} ${b.nationalities}`);
  }
});

test('a true duplicate is the same sex, born within a year when both dates are known, and never of another nationality', () => {
  for (const d of register.duplicates) {
    const a = byId.get(d.original)!;
    const b = byId.get(d.probe)!;
    assert.equal(b.sex, a.sex);
    const ia = dateOfBirthInterval(a.dob);
    const ib = dateOfBirthInterval(b.dob);
    if (ia && ib) assert.ok(Math.abs(Number(ia.earliest.slice(0, 4)) - Number(ib.earliest.slice(0, 4))) <= 3, JSON.stringify([a.dob, b.dob]));
    if (a.nationalities.length && b.nationalities.length) assert.deepEqual(b.nationalities, a.nationalities);
  }
});
