import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NAME_LENGTH } from './normalise.ts';
import { NameIndex, ORDER_SHARE, SECOND_NAME_SHARE, splitAlternatives } from './name-index.ts';

function gallery(): NameIndex {
  const index = new NameIndex();
  index.add('P1', ['Abd al-Rahman Khalil AL-ZUBAYDI', 'Abu Yasir'], { dob: ['1971'], nationalities: ['Iraq'], sex: 'male' });
  index.add('P2', ['Muhammad Ali HASSAN'], { dob: ['1980'], nationalities: ['Syria'] });
  index.add('P3', ['Muhammad Tariq AL-KARBOULI'], { dob: ['1965'] });
  index.add('P4', ['عمر فاضل الدليمي'], { sex: 'male', motherNames: ['نجاة حسين'] });
  index.add('P5', ['Sumaya Rashid MANSOUR'], { sex: 'female', dob: ['12 Mar 1990'] });
  index.add('P6', ['Ali Muhammad HASSAN'], {});
  index.add('P7', ['Muhammad Tariq AL-KARBOULI'], { dob: ['1988'] });
  return index;
}

const top = (index: NameIndex, q: Parameters<NameIndex['search']>[0]): string | undefined => index.search(q).candidates[0]?.id;

test('an Arabic-script query finds a Latin-script name', () => {
  assert.equal(top(gallery(), { name: 'عبد الرحمن خليل الزبيدي' }), 'P1');
  assert.equal(top(gallery(), { name: 'عبدالرحمن الزبيدي' }), 'P1');
});

test('a Latin-script query finds an Arabic-script name', () => {
  assert.equal(top(gallery(), { name: 'Omar Fadhil al-Dulaimi' }), 'P4');
  assert.equal(top(gallery(), { name: 'Umar Fazil Dulaymi' }), 'P4');
});

test('glued and split compounds find each other', () => {
  assert.equal(top(gallery(), { name: 'Abdulrahman Zubaidi' }), 'P1');
});

test('agreement on a rare name outranks agreement on a common one', () => {
  // Shares "Muhammad" with P2, P3, P6, P7 but the rare "Karbouli" only with P3 and P7.
  const res = gallery().search({ name: 'Muhammad Karbouli' });
  assert.ok(['P3', 'P7'].includes(res.candidates[0]?.id ?? ''));
  const scoreOf = (id: string): number => res.candidates.find((c) => c.id === id)?.score ?? 0;
  assert.ok(scoreOf('P3') > scoreOf('P2'));
  // And a rare name alone beats the common name alone.
  const rare = gallery().search({ name: 'Yasir Zubaydi Muhammad' });
  assert.equal(rare.candidates[0]?.id, 'P1');
});

test('date of birth: partial dates overlap, conflicts lower the score', () => {
  const index = gallery();
  // P3 (1965) and P7 (1988) have the same name; the date decides.
  assert.equal(top(index, { name: 'Muhammad Tariq al-Karbouli', dob: ['Jun 1988'] }), 'P7');
  assert.equal(top(index, { name: 'Muhammad Tariq al-Karbouli', dob: '1965' }), 'P3');
  const res = index.search({ name: 'Muhammad Tariq al-Karbouli', dob: ['Jun 1988'] });
  const p3 = res.candidates.find((c) => c.id === 'P3');
  const note = p3?.explanation?.evidence.find((e) => e.kind === 'dob');
  assert.equal(note?.outcome, 'conflict');
  assert.ok((note?.delta ?? 0) < 0);
});

test('nationality, sex and mother name are weighed and explained', () => {
  const index = gallery();
  const res = index.search({ name: 'Omar al-Dulaimi', sex: 'male', motherName: 'Najat Hussein', nationalities: ['Iraq'] });
  const c = res.candidates.find((x) => x.id === 'P4');
  const kinds = Object.fromEntries((c?.explanation?.evidence ?? []).map((e) => [e.kind, e.outcome]));
  assert.equal(kinds['sex'], 'agree');
  assert.equal(kinds['mother'], 'agree');
  assert.equal(kinds['nationality'], undefined); // P4 has no nationality recorded: nothing to weigh
  const female = index.search({ name: 'Sumaya Mansour', sex: 'male' }).candidates.find((x) => x.id === 'P5');
  assert.equal(female?.explanation?.evidence.find((e) => e.kind === 'sex')?.outcome, 'conflict');
});

test('every candidate has an explanation of aligned tokens', () => {
  const res = gallery().search({ name: 'Zubaydi, Abdul Rahman' });
  const c = res.candidates[0];
  assert.equal(c?.id, 'P1');
  const e = c?.explanation;
  assert.ok(e);
  assert.equal(e.name, 'Abd al-Rahman Khalil AL-ZUBAYDI');
  assert.deepEqual(e.tokens.map((t) => [t.query, t.matched]), [['zubaydi', 'zubaydi'], ['abdrahman', 'abdrahman']]);
  assert.deepEqual(e.unmatched, ['khalil']);
  for (const t of e.tokens) assert.ok(t.weight > 0 && t.similarity === 1);
});

test('remove and re-add keep the index consistent', () => {
  const index = gallery();
  assert.equal(index.remove('P1'), true);
  assert.equal(index.remove('P1'), false);
  assert.notEqual(top(index, { name: 'Abd al-Rahman al-Zubaydi' }), 'P1');
  index.add('P1', ['Abd al-Rahman AL-ZUBAYDI']);
  assert.equal(top(index, { name: 'Abd al-Rahman al-Zubaydi' }), 'P1');
  // Adding an existing id replaces its names.
  index.add('P1', ['Salim NAJJAR']);
  assert.notEqual(top(index, { name: 'Abd al-Rahman al-Zubaydi' }), 'P1');
  assert.equal(top(index, { name: 'Salim Najjar' }), 'P1');
});

test('bad query input gives a defined result, never a crash', () => {
  const index = gallery();
  assert.equal(index.search({ name: '' }).query.problem, 'empty-name');
  assert.deepEqual(index.search({ name: '' }).candidates, []);
  assert.equal(index.search({ name: '?!.,' }).query.problem, 'empty-name');
  assert.equal(index.search({ name: '12345' }).query.problem, 'no-letters');
  const long = index.search({ name: `Abd al-Rahman al-Zubaydi ${'x'.repeat(5000)}` });
  assert.equal(long.query.capped, true);
  assert.ok(long.query.normalised.length <= MAX_NAME_LENGTH);
  const broken = index.search({ name: 'Abd al-Rahman\uD800 al-Zubaydi' });
  assert.equal(broken.query.repaired, true);
  assert.equal(broken.candidates[0]?.id, 'P1');
  const mixed = index.search({ name: 'Abd al-Rahman الزبيدي' });
  assert.equal(mixed.query.script, 'mixed');
  assert.equal(mixed.candidates[0]?.id, 'P1');
  assert.throws(() => index.search({ name: 7 as unknown as string }), TypeError);
  assert.deepEqual(index.search({ name: 'Zubaydi' }, { top: 0 }).candidates, []);
});

test('bad names on add are skipped and reported', () => {
  const index = new NameIndex();
  const report = index.add('X1', ['', '...', '1990', 'Karim Nasser', 5 as unknown as string]);
  assert.equal(report.indexed, 1);
  assert.deepEqual(report.skipped.map((s) => s.reason), ['empty-name', 'no-letters', 'no-letters', 'not-a-string']);
  assert.throws(() => index.add('', ['Karim']), TypeError);
});

test('names listing alternatives are split', () => {
  assert.deepEqual(splitAlternatives('سالم نجار (Salim Najjar; Salem Najar)'), ['سالم نجار', 'Salim Najjar', 'Salem Najar']);
  const index = new NameIndex();
  index.add('A', ['سالم نجار (Salim Najjar)']);
  assert.equal(index.nameCount, 2);
});

test('among many names that sound alike, the one spelt like the query is scored', () => {
  // Forty names share the consonants t-r-n with "Tyurin"; only a few are scored in full.
  const index = new NameIndex({ scoredNames: 5 });
  const alike = ['Turan', 'Tarin', 'Torino', 'Terrana', 'Turin', 'Tiran', 'Taran', 'Turano'];
  for (let i = 0; i < 40; i++) index.add(`A${i}`, [`${alike[i % alike.length]} Bekov${'abcdefghij'[i % 10]}`]);
  index.add('T', ['Vladislav TYURIN']);
  const res = index.search({ name: 'Volodya Tyurin' }, { top: 10 });
  assert.equal(res.candidates[0]?.id, 'T');
});

test('a two-consonant spelling finds a name with one more consonant', () => {
  // Thirty names share "Ali"; only "Cheade" can tell them apart, and only a few are scored.
  const index = new NameIndex({ scoredNames: 5 });
  for (let i = 0; i < 30; i++) index.add(`A${i}`, [`Ali Kar${'abcdefghijklmnopqrstuvwxyz'[i % 26]}im`]);
  index.add('C', ['Ali Ahmad CHEHADE']);
  const res = index.search({ name: 'Ali Cheade' }, { top: 10 });
  assert.ok(res.candidates.some((c) => c.id === 'C'));
});

test('an index that borrows another index\'s name frequencies weighs common names as that index does', () => {
  // A register where Muhammad is common and Karbouli rare.
  const register = new NameIndex();
  for (let i = 0; i < 40; i++) register.add(`R${i}`, [`Muhammad ${['Salim', 'Hamid', 'Nasir', 'Jabir', 'Kamal'][i % 5]} ${['Obaidi', 'Jubouri', 'Dulaimi', 'Tikriti'][i % 4]}`]);
  register.add('R-rare', ['Yasin Karbouli']);
  const alone = new NameIndex();
  const borrowing = new NameIndex({ frequenciesFrom: register });
  for (const index of [alone, borrowing]) {
    index.add('B1', ['Muhammad Fadhil Zubaydi']);
    index.add('B2', ['Harith Karbouli Ubaidi']);
  }
  const weights = (index: NameIndex) => Object.fromEntries(index.search({ name: 'Muhammad Karbouli' }, { top: 2 }).query.tokens.map((t) => [t.form, t.weight]));
  const own = weights(alone);
  const borrowed = weights(borrowing);
  // Alone, both words occur once among two names and weigh the same.
  assert.equal(own['muhammad'], own['karbouli']);
  // Borrowing, Muhammad (in 41 of 43 names) weighs far less than Karbouli (in 2 of 43).
  assert.ok((borrowed['muhammad'] ?? 0) * 3 < (borrowed['karbouli'] ?? 0), JSON.stringify(borrowed));
  // The borrowing index still lists only its own entries, and its weights follow the other index as it grows.
  assert.deepEqual(borrowing.search({ name: 'Yasin Karbouli' }).candidates.map((c) => c.id), ['B2']);
  const before = weights(borrowing)['karbouli'] ?? 0;
  for (let i = 0; i < 10; i++) register.add(`K${i}`, [`Karbouli ${i}`]);
  assert.ok((weights(borrowing)['karbouli'] ?? 0) < before);
});

test('a Russian-style patronymic weighs less than a given name or a surname', () => {
  const index = new NameIndex();
  index.add('P1', ['Murad Akhmetovich MARGOSHVILI']);
  index.add('P2', ['Ruslan Akhmetov BASAYEV']);
  const tokens = index.search({ name: 'Murad Akhmetovich MARGOSHVILI' }).query.tokens;
  const weight = (form: string): number => tokens.find((t) => t.form === form)?.weight ?? NaN;
  assert.ok(weight('akhmetovich') < 0.6 * weight('murad'), JSON.stringify(tokens));
  // The alias without the patronymic still finds the person first.
  assert.equal(index.search({ name: 'Murad MARGOSHVILI' }).candidates[0]?.id, 'P1');
});

test('words of the query found in different names of one person count for that person', () => {
  const index = new NameIndex();
  // P1 is known under a full name and, separately, under the nisba the query adds.
  index.add('P1', ['Harith Nuri KHAFAJI', 'Abu Harith AL-ZUBAYDI']);
  // P2 holds a name as close to the query as P1's best name, with nothing more.
  index.add('P2', ['Harith Nuri KHAFAJI']);
  index.add('P3', ['Salim Hamid OBAIDI']);
  const res = index.search({ name: 'Harith Nuri ZUBAYDI' }, { explain: true });
  const score = (id: string): number => res.candidates.find((c) => c.id === id)?.score ?? 0;
  assert.equal(res.candidates[0]?.id, 'P1');
  assert.ok(score('P1') > score('P2'));
  // More than a second name alone may add (a share of a score no higher than the best name's).
  const explanation = res.candidates[0]?.explanation;
  assert.ok((explanation?.otherNamesDelta ?? 0) > SECOND_NAME_SHARE * (explanation?.nameScore ?? 1), JSON.stringify(explanation));
});

test('between names that match alike, the one written in the query\'s word order ranks first', () => {
  const index = new NameIndex();
  // Ids so that order by id alone would put the reordered name first.
  index.add('A', ['CHOL Song KIM']);
  index.add('B', ['Kim Song Chol']);
  const res = index.search({ name: 'KIM SONG CHOL' });
  assert.deepEqual(res.candidates.map((c) => c.id), ['B', 'A']);
  const [same, other] = res.candidates;
  assert.ok((same?.score ?? 0) - (other?.score ?? 0) > ORDER_SHARE / 2);
});

test('a glued compound finds its parts written apart when the first ends in a silent-or-said h', () => {
  const index = new NameIndex();
  index.add('P1', ['ALLAH DAD MATIN']);
  // Enough names keyed l-h-d that near-miss look-ups are not tried: the joined reading must list P1.
  for (let i = 0; i < 60; i++) index.add(`L${i}`, ['Lahad']);
  const found = index.search({ name: 'Allahdad' }, { top: 100 }).candidates.find((c) => c.id === 'P1');
  // The name score (the score is a probability now).
  assert.ok(found !== undefined && (found.explanation?.nameScore ?? 0) >= 0.8, String(found?.explanation?.nameScore));
});

test('a leading nasab particle does not count against the name', () => {
  const index = new NameIndex();
  index.add('P1', ['Usama bin Laden']);
  const res = index.search({ name: 'Bin Laden Usama' });
  const score = (id: string): number => res.candidates.find((c) => c.id === id)?.explanation?.nameScore ?? 0;
  // Usama bin Laden holds every word of the query but the particle.
  assert.ok(score('P1') >= 0.97, String(score('P1')));
});

test('an index that has answered many searches and grown since answers as a fresh one does', () => {
  // Similarities are kept between searches: they must never change an answer.
  const names: Array<[string, string[], Parameters<NameIndex['add']>[2]]> = [
    ['A1', ['Muhammad Ali Hassan al-Jubouri', 'Abu Ali'], { dob: ['1980'], sex: 'male' }],
    ['A2', ['محمد علي حسن الجبوري'], { dob: ['1980'] }],
    ['A3', ['Ali Muhammad Hasan Jabouri'], {}],
    ['A4', ['Abd al-Rahman Wali Jan', 'Abdulrahman Walijan'], { nationalities: ['Afghanistan'] }],
    ['A5', ['Sumaya Rashid Mansour'], { sex: 'female', motherNames: ['Najat Hussein'] }],
    ['A6', ['Omar Fadhil al-Dulaimi'], {}],
    ['A7', ['Allah Dad Khan'], {}],
    ['A8', ['Muhammad Hasan Ali'], { dob: ['1975'] }],
  ];
  const later: typeof names = [
    ['B1', ['Allahdad Khan', 'Muhammad Ali Jubouri'], {}],
    ['B2', ['عمر فاضل الدليمي'], { motherNames: ['نجاة حسين'] }],
    ['B3', ['Hassan Ali Muhammad'], { dob: ['1980'] }],
  ];
  const queries = [
    { name: 'Mohammed Ali Hasan Jubouri', dob: '1980', sex: 'male' },
    { name: 'محمد حسن علي' },
    { name: 'Abdelrahman Walijan' },
    { name: 'Allah Dad', nationalities: ['Afghanistan'] },
    { name: 'Umar Fazil Dulaymi', motherName: 'Najat Husain' },
    { name: 'Sumaya Mansur', sex: 'female' },
    { name: 'Ali Hassan' },
  ];
  const fresh = (entries: typeof names): NameIndex => {
    const index = new NameIndex();
    for (const [id, n, evidence] of entries) index.add(id, n, evidence);
    return index;
  };
  const used = fresh(names);
  for (const q of queries) used.search(q);
  for (const q of [...queries].reverse()) used.search(q, { top: 3 });
  for (const [id, n, evidence] of later) used.add(id, n, evidence);
  used.remove('A3');
  const kept = [...names.filter(([id]) => id !== 'A3'), ...later];
  for (const q of queries) {
    const answer = used.search(q);
    assert.ok(answer.candidates.length > 0, q.name);
    assert.deepEqual(answer, fresh(kept).search(q), q.name);
  }
  // Emptied and filled again (the next batch's rows), it answers as a new index of those entries.
  used.clear();
  assert.equal(used.size, 0);
  assert.deepEqual(used.search(queries[0]!).candidates, []);
  const refill = [...later, ...names.slice(0, 4)];
  for (const [id, n, evidence] of refill) used.add(id, n, evidence);
  for (const q of queries) assert.deepEqual(used.search(q), fresh(refill).search(q), `${q.name} after clear`);
});

test('a query whose every key is too common ranks alike whatever was searched before it', () => {
  const index = new NameIndex({ maxPostings: 3 });
  // More names share the common words than a search scores, so the fallback ranks them.
  const letters = 'bcdfghjklmnpqrstvwz';
  const families = Array.from({ length: 150 }, (_, i) => `Al${letters[i % 19]}${letters[Math.floor(i / 19) % 19]}ani`);
  families.forEach((family, i) => index.add(`p${i}`, [`Ahmad Ali Hassan ${family}`]));
  const ranking = () => index.search({ name: 'Ahmad Ali' }, { top: 20 }).candidates.map((c) => [c.id, c.score]);
  const first = ranking();
  assert.ok(first.length > 0, 'the query finds names through its rarest common key');
  // Searches that meet some of the same names through their rare family names, several times over.
  for (const family of families.slice(100, 140)) for (let k = 0; k < 3; k++) index.search({ name: `Ahmad Ali Hassan ${family}` }, { top: 3 });
  assert.deepStrictEqual(ranking(), first);
});

test('a search for the best k candidates answers the first k of a longer list, in its order and with its scores', () => {
  const index = gallery();
  for (let i = 0; i < 40; i++) index.add(`M${i}`, [`Muhammad ${['Ali', 'Tariq', 'Hassan', 'Khalil'][i % 4]} ${['HASSAN', 'AL-KARBOULI', 'MANSOUR', 'AL-ZUBAYDI', 'ALI'][i % 5]}`], i % 3 === 0 ? { dob: [`${1960 + i}`] } : {});
  for (const q of [{ name: 'Muhammad Ali Hassan' }, { name: 'Muhammad Karbouli', dob: '1965' }, { name: 'محمد علي حسن' }, { name: 'Muhammad' }]) {
    const all = index.search(q, { top: 100, explain: false }).candidates;
    assert.ok(all.length > 10, q.name);
    for (const k of [1, 3, 10]) assert.deepEqual(index.search(q, { top: k, explain: false }).candidates, all.slice(0, k), `${q.name}, top ${k}`);
    // Best first.
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.score >= all[i]!.score, q.name);
  }
});
