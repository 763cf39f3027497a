/**
 * The search page counts what the search found, not what it has shown so far: a true total,
 * the range shown ("21–40 of 57"), a page past the end that says so and leads back to the
 * last page; and a person's names in the reader's script first (Arabic script in the Arabic
 * interface, Latin in English). Through HTTP, on a register of 57 persons who share a
 * family name and 10 who share nothing with them.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { logInByForm } from './support/web-session.ts';
import { backends } from './support/backends.ts';
import { cheap, password } from './support/api-client.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute } from '../src/commands/execute.ts';
import { intakeBatch, type IntakeRow } from '../src/commands/intake-batch.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

const given: [string, string][] = [
  ['سالم', 'Salim'], ['حميد', 'Hamid'], ['ناصر', 'Nasir'], ['كريم', 'Karim'], ['طارق', 'Tariq'], ['ماجد', 'Majid'], ['بلال', 'Bilal'], ['أنس', 'Anas'],
];
/** The family the 57 share, and names of 10 others with nothing in common with it. */
const family: [string, string] = ['الزرقاني', 'al-Zarqani'];
const others: [string, string][] = [
  ['فاطمة هدى', 'Fatima Huda'], ['عائشة نور', 'Aisha Nour'], ['مريم سارة', 'Maryam Sara'], ['زينب ليلى', 'Zaynab Layla'], ['خديجة أمينة', 'Khadija Amina'],
  ['رقية سمية', 'Ruqayya Sumayya'], ['يوسف عمر', 'Yusuf Omar'], ['حمزة وليد', 'Hamza Walid'], ['قاسم رشيد', 'Qasim Rashid'], ['هشام ياسين', 'Hisham Yassin'],
];
const matching = 57;

/** The person links of the result list. */
const resultsOf = (html: string) => (html.match(/<ul class="results">[\s\S]*?<\/ul>/)?.[0] ?? '').match(/<li>[\s\S]*?<\/li>/g) ?? [];

for (const backend of backends) {
  describe(`the search page on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let identity: IdentityIndex;
    let cookie: string;
    let someone: string;

    const get = (url: string, lang = 'en') => app.inject({ method: 'GET', url, headers: { cookie: `${cookie}; sijill_lang=${lang}` } });
    const search = (q: string, page?: number, lang = 'en') => get(`/search?q=${encodeURIComponent(q)}${page ? `&page=${page}` : ''}`, lang);

    before(async () => {
      db = await backend.open();
      const facility = aFacility({ capacity: { men_untried: 200, women_untried: 20, boys_untried: 10 } });
      const ctx = () => ({ actor: 'test', role: 'supervisor' as const, idempotencyKey: randomUUID() });
      assert.ok((await execute({ db }, registerFacility, facility, ctx())).ok);
      const row = (names: [string, string]): IntakeRow => {
        // Recorded Latin first: the Arabic interface must still read the Arabic name first.
        const person = aPerson({ names: [aName({ script: 'Latn', full: names[1] }), aName({ script: 'Arab', full: names[0] })] });
        const { person_id: _p, ...admission } = anAdmission(person.person_id, facility);
        return { person, admission };
      };
      const rows = [
        ...Array.from({ length: matching }, (_, i) => row([`${given[i % given.length]![0]} ${given[(i >> 3) % given.length]![0]} ${family[0]}`, `${given[i % given.length]![1]} ${given[(i >> 3) % given.length]![1]} ${family[1]}`])),
        ...others.map(row),
      ];
      someone = rows[0]!.person.person_id;
      const done = await execute({ db }, intakeBatch, { rows }, ctx());
      assert.ok(done.ok, JSON.stringify(done));
      identity = await IdentityIndex.build(db);
      await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
      app = buildApp({ db, register: { db, identity }, passwordCost: cheap });
      await app.ready();
      ({ cookie } = await logInByForm(app, 'clerk'));
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('a family name 57 persons share: no result reads as a match of 0 in 100, the small chance is said as such', async () => {
      const body = (await search(family[1])).body;
      assert.doesNotMatch(body, /\(0 of 100\)/);
      assert.match(body, /Matched by name \(under 1 of 100\)/);
      assert.doesNotMatch((await search(family[0], undefined, 'ar')).body, /\(٠ من ١٠٠\)/);
    });

    test('the count is the total found, on every page, with the range shown', async () => {
      const pages = [
        { page: undefined, range: 'Showing 1–20 of 57.', shown: 20, next: true },
        { page: 2, range: 'Showing 21–40 of 57.', shown: 20, next: true },
        { page: 3, range: 'Showing 41–57 of 57.', shown: 17, next: false },
      ];
      const seen = new Set<string>();
      for (const p of pages) {
        const res = await search(family[0], p.page);
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.includes('57 persons found'), `page ${p.page ?? 1}: ${res.body.match(/<div id="results"[\s\S]*?<ul/)?.[0]}`);
        assert.ok(res.body.includes(p.range), `page ${p.page ?? 1} says ${p.range}`);
        const results = resultsOf(res.body);
        assert.equal(results.length, p.shown);
        for (const r of results) seen.add(r.match(/href="\/persons\/([0-9a-f-]{36})"/)![1]!);
        assert.equal(res.body.includes('rel="next"'), p.next);
      }
      assert.equal(seen.size, matching, 'the three pages show each of the 57 once');
    });

    test('a page past the end says so and leads back to the last page; it does not say that nobody matches', async () => {
      for (const page of [4, 51, 400]) {
        const res = await search(family[0], page);
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.includes(`There is no page ${page}: the 57 persons found fill 3 pages.`), `page ${page}`);
        assert.ok(res.body.includes(`href="/search?q=${encodeURIComponent(family[0])}&amp;page=3"`), 'a link to page 3');
        assert.ok(!res.body.includes('Nobody on the register matches'));
        assert.equal(resultsOf(res.body).length, 0);
      }
      const none = await search('Zzyzx Qwv');
      assert.ok(none.body.includes('Nobody on the register matches'));
      assert.ok(!none.body.includes('persons found'));
    });

    test('in Arabic the count is the total, in Arabic words and digits', async () => {
      const res = await search(family[0], 2, 'ar');
      assert.ok(res.body.includes('عُثر على ٥٧ شخصًا'), res.body.match(/<div id="results"[\s\S]*?<ul/)?.[0]);
      assert.ok(res.body.includes('المعروض ٢١–٤٠ من ٥٧.'));
    });

    test('the index counts up to a limit and says when more were found', async () => {
      const capped = await identity.searchPage({ name: family[0] }, { offset: 0, limit: 5, countUpTo: 30 });
      assert.equal(capped.candidates.length, 5);
      assert.equal(capped.total, 30);
      assert.equal(capped.more, true);
      const all = await identity.searchPage({ name: family[0] }, { offset: 50, limit: 20, countUpTo: 1000 });
      assert.equal(all.total, matching);
      assert.equal(all.more, false);
      assert.equal(all.candidates.length, matching - 50);
      assert.ok(all.candidates.every((c) => c.explanation), 'each candidate of the page is explained');
    });

    test('names: the Arabic interface reads the Arabic-script name first, English the Latin', async () => {
      // The names are the result's first <div> (the facility's name, before them, is Latin too).
      const firstScript = (li: string) => {
        const names = li.match(/<div>[\s\S]*?<\/div>/)![0];
        return names.indexOf('<bdi lang="ar"') < names.search(/<bdi>[A-Za-z]/) ? 'Arab' : 'Latn';
      };
      const arabic = resultsOf((await search(family[0], 1, 'ar')).body);
      const english = resultsOf((await search(family[0], 1, 'en')).body);
      assert.equal(arabic.length, 20);
      assert.deepEqual(new Set(arabic.map(firstScript)), new Set(['Arab']));
      assert.deepEqual(new Set(english.map(firstScript)), new Set(['Latn']));
      // The record's table of names too.
      const table = (html: string) => html.match(/<section aria-labelledby="names-heading">[\s\S]*?<\/section>/)![0];
      const inEnglish = table((await get(`/persons/${someone}`, 'en')).body);
      assert.ok(inEnglish.search(/<bdi>[A-Za-z]/) < inEnglish.indexOf('<bdi lang="ar"'), 'English: the Latin name first');
      const inArabic = table((await get(`/persons/${someone}`, 'ar')).body);
      assert.ok(inArabic.indexOf('<bdi lang="ar"') < inArabic.search(/<bdi>[A-Za-z]/), 'Arabic: the Arabic name first');
    });
  });
}
