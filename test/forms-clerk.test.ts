/**
 * The registration and admission forms as a clerk fills them, posted as a browser without
 * scripts posts them (app.inject), in Arabic and English: nationality picked from states named
 * in the page's language (a translated name or a code accepted, anything else refused at its
 * control); dates typed day/month/year in Latin, Arabic-Indic or Eastern Arabic-Indic digits,
 * an impossible day refused saying why, an empty one said to be missing; every mistake shown at
 * once at its control with a summary linking to each; the date of birth read from the kind
 * chosen only; languages and a document's issuing state picked from lists like nationalities;
 * the admission walked in steps, each a round trip carrying the others' answers, nothing
 * written before the review, a mistake shown on the step of its control.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { csrfOf, logInByForm } from './support/web-session.ts';
import { cheap, password } from './support/api-client.ts';
import { aFacility } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

/** Text as a reader sees it: tags, scripts and styles removed (attribute values are not read). */
const visibleText = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');

/** The datalist of nationality choices: each option's value (what the control receives) and its text. */
function choicesOf(html: string): { value: string; text: string }[] {
  const list = html.match(/<datalist id="nationality-choices">([\s\S]*?)<\/datalist>/)?.[1] ?? '';
  return [...list.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ value: m[1]!, text: m[2]! }));
}

/** Digits written the Arabic-Indic way (٠-٩) or the Eastern Arabic-Indic way (۰-۹), written here by hand. */
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
const easternArabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

/** The error under a control, by the control's id (without the isolates around the values put into it). */
const errorAt = (html: string, id: string) => html.match(new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`))?.[1]?.replace(/[\u2068\u2069]/g, '');

for (const backend of backends) {
  describe(`the registration and admission forms on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let cookie: string;
    let csrf: string;
    let unitId: string;
    const facility = aFacility();

    const page = (url: string, lang: 'ar' | 'en') => app.inject({ method: 'GET', url, headers: { cookie: `${cookie}; sijill_lang=${lang}` } });
    const post = (url: string, lang: 'ar' | 'en', fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: `${cookie}; sijill_lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, _key: randomUUID(), ...fields }).toString(),
      });
    const persons = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;
    const recorded = async (location: string | undefined) => {
      const id = String(location).match(/^\/persons\/([0-9a-f-]{36})\?/)![1]!;
      return (await db.query<{ id: string; nationalities: string[]; dob: unknown }>('SELECT id, nationalities, dob FROM person WHERE id = $1', [id])).rows[0]!;
    };

    /** A registration as the form posts it, each person under names of their own that share no part with another's (no duplicate question). */
    const given = ['Tamer', 'Wisam', 'Ghazi', 'Nawfal', 'Sinan', 'Rafid', 'Luay', 'Ammar', 'Thamer', 'Uday', 'Qutaiba', 'Harith', 'Muthanna', 'Falah', 'Jassim', 'Dhiya', 'Ra’ad', 'Saad', 'Kadhim', 'Ayad'];
    const families = ['al-Tikriti', 'al-Hadithi', 'al-Bayati', 'al-Shammari', 'al-Khafaji', 'al-Musawi', 'al-Taie', 'al-Lami', 'al-Saedi', 'al-Kaabi', 'al-Azzawi', 'al-Hilali', 'al-Maliki', 'al-Ghanimi', 'al-Fartousi', 'al-Darraji', 'al-Zubaidi', 'al-Juburi', 'al-Sudani', 'al-Badri'];
    let serial = 0;
    const registration = (over: Record<string, string> = {}): Record<string, string> => {
      const i = serial++;
      return {
        '/names/1/full': `${given[i % given.length]} ${families[i % families.length]}`,
        '/sex': 'male',
        '/gender': 'man',
        '/dob/kind': 'year',
        '/dob/year': String(1960 + i),
        '/nationalities/0': 'IQ',
        '/languages/0': 'العربية',
        _action: 'register',
        ...over,
      };
    };

    before(async () => {
      db = await backend.open();
      assert.ok((await execute({ db }, registerFacility, facility, { actor: 'test', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      unitId = facility.units[0]!.id;
      await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
      app = buildApp({ db, register: { db, identity: await IdentityIndex.build(db) }, passwordCost: cheap });
      await app.ready();
      ({ cookie } = await logInByForm(app, 'clerk', '/persons/new'));
      csrf = csrfOf((await page('/persons/new', 'ar')).body);
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('the nationality choices are named in Arabic on the Arabic page: no keyword and no English state name shows', async () => {
      const res = await page('/persons/new', 'ar');
      assert.equal(res.statusCode, 200);
      const choices = choicesOf(res.body);
      assert.ok(choices.length > 240, `${choices.length} choices`);
      const values = choices.map((c) => c.value);
      for (const name of ['العراق', 'سوريا', 'تركيا', 'إيران', 'ألمانيا', 'عديم الجنسية', 'جنسية غير معروفة']) assert.ok(values.includes(name), name);
      for (const c of choices) {
        assert.doesNotMatch(c.value, /[A-Za-z]/, `an option in Latin letters: ${c.value}`);
        assert.match(c.text, /^([A-Z]{2})?$/, 'beside a name, only its code');
      }
      const text = visibleText(res.body);
      for (const word of ['stateless', 'Stateless', 'unknown', 'Unknown', 'Iraq', 'Syria', 'Germany', 'Nationality']) assert.ok(!text.includes(word), `"${word}" on the Arabic page`);
      // The control offers the list, and starts at Iraq, in Arabic.
      assert.match(res.body, /<input id="f-nationalities-0" name="\/nationalities\/0" type="text" value="العراق"[^>]*list="nationality-choices"/);
      const english = choicesOf((await page('/persons/new', 'en')).body).map((c) => c.value);
      for (const name of ['Iraq', 'Syria', 'Germany', 'Stateless', 'Nationality not known']) assert.ok(english.includes(name), name);
    });

    test('a state named in Arabic, in Sorani or in English, or by its code, is accepted; several nationalities are kept in order', async () => {
      const before = await persons();
      const res = await post('/persons/new', 'ar', registration({ '/nationalities/0': 'سوريا', '/nationalities/1': 'iq', '/nationalities/2': 'ئەڵمانیا' }));
      assert.equal(res.statusCode, 303, res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
      assert.deepEqual((await recorded(res.headers.location)).nationalities, ['SY', 'IQ', 'DE']);
      const english = await post('/persons/new', 'en', registration({ '/nationalities/0': 'Jordan' }));
      assert.equal(english.statusCode, 303);
      assert.deepEqual((await recorded(english.headers.location)).nationalities, ['JO']);
      const stateless = await post('/persons/new', 'ar', registration({ '/nationalities/0': 'عديم الجنسية' }));
      assert.equal(stateless.statusCode, 303);
      assert.deepEqual((await recorded(stateless.headers.location)).nationalities, ['stateless']);
      assert.equal(await persons(), before + 3);
    });

    test('a name that is no state is refused at its control, saying what is accepted; nothing is written', async () => {
      const before = await persons();
      const res = await post('/persons/new', 'ar', registration({ '/nationalities/0': 'العراق', '/nationalities/1': 'أتلانتس' }));
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /<input id="f-nationalities-1"[^>]*aria-invalid="true"/);
      assert.doesNotMatch(res.body, /<input id="f-nationalities-0"[^>]*aria-invalid/);
      const error = errorAt(res.body, 'f-nationalities-1')!;
      assert.ok(error.includes('أتلانتس'), error);
      assert.ok(error.includes('ليست دولة يعرفها السجل'), error);
      assert.ok(error.includes('رمزها من حرفين'), error);
      assert.equal(await persons(), before);
    });

    test('languages and the issuing state are picked like nationalities: one list each on the page, named in the page’s language, read back from a name in any of the four languages or a code', async () => {
      const ar = await page('/persons/new', 'ar');
      const languages = ar.body.match(/<datalist id="language-choices">([\s\S]*?)<\/datalist>/)?.[1] ?? '';
      assert.match(languages, /<option value="العربية"><\/option>/);
      assert.match(languages, /<option value="الفرنسية"><\/option>/);
      assert.equal((ar.body.match(/<datalist id="language-choices">/g) ?? []).length, 1, 'one list of languages for the three controls');
      assert.equal((ar.body.match(/<datalist id="nationality-choices">/g) ?? []).length, 1, 'the issuing state offers the nationalities’ list, not a copy');
      for (const i of [0, 1, 2]) assert.match(ar.body, new RegExp(`<input id="f-languages-${i}" name="/languages/${i}"[^>]*list="language-choices" data-choices="language-choices"`));
      assert.match(ar.body, /<input id="f-documents-0-issuing_country" name="\/documents\/0\/issuing_country"[^>]*list="nationality-choices" data-choices="nationality-choices"/);
      const en = await page('/persons/new', 'en');
      assert.match(en.body.match(/<datalist id="language-choices">([\s\S]*?)<\/datalist>/)?.[1] ?? '', /<option value="Central Kurdish"><\/option>/);

      // Arabic, Kurmanji's own name of Sorani, a code; a passport of Iraq named in Arabic.
      const res = await post('/persons/new', 'ar', registration({ '/languages/0': 'العربية', '/languages/1': 'kurdî (soranî)', '/languages/2': 'FR', '/documents/0/kind': 'passport', '/documents/0/number': 'P-FICT-31', '/documents/0/issuing_country': 'العراق' }));
      assert.equal(res.statusCode, 303, res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
      const id = (await recorded(res.headers.location)).id;
      const person = await db.query<{ languages: string[] }>('SELECT languages FROM person WHERE id = $1', [id]);
      assert.deepEqual(person.rows[0]!.languages, ['ar', 'ckb', 'fr']);
      const doc = await db.query<{ issuing_country: string }>('SELECT issuing_country FROM person_document WHERE person_id = $1', [id]);
      assert.equal(doc.rows[0]!.issuing_country, 'IQ');
      const english = await post('/persons/new', 'en', registration({ '/languages/0': 'Turkish', '/documents/0/number': 'ID-FICT-32', '/documents/0/issuing_country': 'Syria' }));
      assert.equal(english.statusCode, 303);
      const second = (await recorded(english.headers.location)).id;
      assert.deepEqual((await db.query<{ languages: string[] }>('SELECT languages FROM person WHERE id = $1', [second])).rows[0]!.languages, ['tr']);
      assert.equal((await db.query<{ issuing_country: string }>('SELECT issuing_country FROM person_document WHERE person_id = $1', [second])).rows[0]!.issuing_country, 'SY');
    });

    test('a language the register does not know, and an issuing state that is no state ("stateless"), are refused at their controls; nothing is written', async () => {
      const before = await persons();
      const res = await post('/persons/new', 'ar', registration({ '/languages/1': 'لغة الطيور', '/documents/0/number': 'P-FICT-33', '/documents/0/issuing_country': 'عديم الجنسية' }));
      assert.equal(res.statusCode, 422);
      assert.match(errorAt(res.body, 'f-languages-1')!, /«لغة الطيور» ليست لغة يعرفها السجل/);
      assert.match(errorAt(res.body, 'f-documents-0-issuing_country')!, /«عديم الجنسية» ليست دولة يعرفها السجل/);
      assert.equal(errorAt(res.body, 'f-languages-0'), undefined);
      assert.match(res.body, /<input id="f-languages-1" name="\/languages\/1" type="text" value="لغة الطيور"/, 'what was typed is kept');
      assert.equal(await persons(), before);
    });

    test('a date of birth typed in Arabic-Indic or Eastern Arabic-Indic digits, with / - or . between, is read', async () => {
      for (const [typed, iso] of [[arabicIndic('05/03/1988'), '1988-03-05'], [easternArabicIndic('7-11-1979'), '1979-11-07'], ['29.02.1992', '1992-02-29']] as const) {
        const res = await post('/persons/new', 'ar', registration({ '/dob/kind': 'exact', '/dob/date': typed }));
        assert.equal(res.statusCode, 303, `${typed}: ${res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]}`);
        assert.deepEqual((await recorded(res.headers.location)).dob, { kind: 'exact', date: iso });
      }
      const year = await post('/persons/new', 'ar', registration({ '/dob/kind': 'year', '/dob/year': easternArabicIndic('1983') }));
      assert.deepEqual((await recorded(year.headers.location)).dob, { kind: 'year', year: 1983 });
      const range = await post('/persons/new', 'ar', registration({ '/dob/kind': 'range', '/dob/from': arabicIndic('1980'), '/dob/to': arabicIndic('15/06/1984') }));
      assert.deepEqual((await recorded(range.headers.location)).dob, { kind: 'range', from: '1980-01-01', to: '1984-06-15' });
    });

    test('31/02 and month 13 are refused at their control, saying why', async () => {
      const before = await persons();
      const res = await post('/persons/new', 'en', registration({ '/dob/kind': 'exact', '/dob/date': '31/02/1990' }));
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /<input id="f-dob-date"[^>]*aria-invalid="true"/);
      assert.equal(errorAt(res.body, 'f-dob-date'), 'Date of birth: February 1990 has 28 days, so there is no day 31.');
      const month = await post('/persons/new', 'en', registration({ '/dob/kind': 'exact', '/dob/date': '12/13/1990' }));
      assert.equal(errorAt(month.body, 'f-dob-date'), 'Date of birth: there is no month 13; months go from 1 to 12.');
      const arabic = await post('/persons/new', 'ar', registration({ '/dob/kind': 'exact', '/dob/date': arabicIndic('31/02/1990') }));
      assert.equal(errorAt(arabic.body, 'f-dob-date'), 'تاريخ الميلاد: في شباط ١٩٩٠ ٢٨ يومًا، فلا يوجد يوم ٣١.');
      assert.equal(await persons(), before);
    });

    test('an empty required date says it is missing, not that its format is wrong', async () => {
      const res = await post('/persons/new', 'en', registration({ '/dob/kind': 'exact', '/dob/date': '' }));
      assert.equal(res.statusCode, 422);
      const error = errorAt(res.body, 'f-dob-date')!;
      assert.match(error, /required, and left empty/);
      assert.doesNotMatch(error, /write the date|format/i);
      const malformed = await post('/persons/new', 'en', registration({ '/dob/kind': 'exact', '/dob/date': 'last spring' }));
      assert.match(errorAt(malformed.body, 'f-dob-date')!, /write the date as day\/month\/year, for example 21\/01\/1990/);
    });

    test('three mistakes: three errors, each at its control, and a summary counting them and linking to each control', async () => {
      const before = await persons();
      const { '/sex': _sex, ...noSex } = registration({ '/dob/kind': 'exact', '/dob/date': '31/02/1990', '/nationalities/0': 'Atlantis' });
      for (const lang of ['en', 'ar'] as const) {
        const res = await post('/persons/new', lang, noSex);
        assert.equal(res.statusCode, 422);
        const summary = res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? '';
        assert.match(summary, lang === 'en' ? /<h2 id="error-summary-title">Nothing was saved: 3 problems<\/h2>/ : /<h2 id="error-summary-title">لم يُحفظ شيء: ٣ مشكلات<\/h2>/);
        const links = [...summary.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]!);
        assert.deepEqual(links, ['f-sex', 'f-dob-date', 'f-nationalities-0'], 'in the order of the form');
        for (const id of links) assert.match(res.body, new RegExp(`id="${id}"`), `the link to #${id} has a target`);
        assert.equal((res.body.match(/<p class="error" id="[^"]+-error">/g) ?? []).length, 3);
        assert.match(res.body, /<fieldset class="radios has-error" id="f-sex"/);
      }
      assert.equal(await persons(), before);
    });

    test('the date of birth is read from the kind chosen only: the other kinds’ fields, even malformed, are left unread', async () => {
      const res = await post('/persons/new', 'ar', registration({ '/dob/kind': 'year', '/dob/year': arabicIndic('1985'), '/dob/date': '31/02/1990', '/dob/from': 'x', '/dob/to': '', '/dob/reason': '' }));
      assert.equal(res.statusCode, 303, res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
      assert.deepEqual((await recorded(res.headers.location)).dob, { kind: 'year', year: 1985 });
      const unknown = await post('/persons/new', 'ar', registration({ '/dob/kind': 'unknown', '/dob/year': 'nineteen', '/dob/reason': 'لا وثائق معه' }));
      assert.equal(unknown.statusCode, 303);
      assert.deepEqual((await recorded(unknown.headers.location)).dob, { kind: 'unknown', reason: 'لا وثائق معه' });
      // Each kind's fields stand in a group named for that kind, which scripts hide when another is chosen.
      const form = await page('/persons/new', 'en');
      for (const kind of ['exact', 'year', 'range', 'unknown']) assert.match(form.body, new RegExp(`<fieldset class="kind-group" id="dob-${kind}" data-shown-by="/dob/kind" data-shown-for="${kind}"><legend>Date of birth: `));
    });

    describe('admission', () => {
      let personId: string;
      /** Yesterday at 10:30 and the day before, as the clerk types them: day/month/year (hours:minutes), here in Arabic-Indic digits. */
      const day = (daysAgo: number) => {
        const d = new Date(Date.now() + 3 * 3_600_000 - daysAgo * 86_400_000);
        return { typed: `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`, iso: d.toISOString().slice(0, 10) };
      };
      const admission = (over: Record<string, string> = {}): Record<string, string> => ({
        '/unit_id': unitId,
        '/legal_status': 'untried',
        '/admitted_at': arabicIndic(`${day(1).typed} 10:30`),
        '/basis/kind': 'commitment_order',
        '/basis/reference': 'CO-FICT-1',
        '/basis/issuing_authority': 'محكمة تحقيق وهمية',
        '/basis/issued_on': arabicIndic(day(2).typed),
        '/items/first_deprivation/state': 'known',
        '/items/first_deprivation/at': easternArabicIndic(`${day(2).typed} 09:05`),
        '/items/first_deprivation/place': 'نقطة تفتيش وهمية',
        '/items/first_deprivation/authority': 'حرس الحدود',
        '/items/ordering_authority/state': 'known',
        '/items/ordering_authority/authority': 'محكمة تحقيق وهمية',
        '/items/ordering_authority/law': 'قانون أصول المحاكمات الجزائية',
        '/items/ordering_authority/article': '109',
        '/items/supervising_authority/state': 'known',
        '/items/supervising_authority/authority': 'الادعاء العام',
        '/items/injuries/state': 'known',
        '/items/property/state': 'known',
        '/items/property/items': 'ساعة',
        '/items/property/signed_by_detainee': 'yes',
        '/items/property/witnessed_by': 'ضابط وهمي',
        '/items/family/state': 'unknown',
        '/items/family/unknown_reason': 'لم يُسأل بعد',
        '/items/emergency_contact/state': 'known',
        '/items/emergency_contact/name': 'حميد',
        '/items/emergency_contact/relation': 'أب',
        '/items/emergency_contact/contact': '0770 000 0000',
        '/items/health_record/state': 'known',
        '/items/health_record/reference': 'HR-FICT-9',
        '/items/officials/state': 'known',
        '/items/officials/arresting': 'ضابط أ',
        '/items/officials/admitting': 'ضابط ب',
        ...over,
      });

      before(async () => {
        const res = await post('/persons/new', 'ar', registration());
        assert.equal(res.statusCode, 303);
        personId = (await recorded(res.headers.location)).id;
      });

      test('the form shows its dates as text with the order and an example in Arabic digits, now filled in', async () => {
        const res = await page(`/persons/${personId}/admit`, 'ar');
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /type="date(time-local)?"/);
        assert.match(res.body, /<input id="f-admitted_at" name="\/admitted_at" type="text" class="date-time" value="[٠-٩]{2}\/[٠-٩]{2}\/[٠-٩]{4} [٠-٩]{2}:[٠-٩]{2}"/);
        assert.ok(res.body.includes('يوم\u200e/\u200eشهر\u200e/\u200eسنة'), 'day/month/year in Arabic words');
        assert.ok(res.body.includes('٢١/٠١/٢٠٢٦ ١٤:٣٠'), 'an example in Arabic-Indic digits');
      });

      /** The page as a browser without scripts has it: the other steps' templates (for a script to put in the form) are inert. */
      const withoutTemplates = (html: string) => html.replace(/<template\b[\s\S]*?<\/template>/g, '');
      /** The step a page of the form shows, and the values it carries hidden from the other steps. */
      const stepOn = (html: string) => html.match(/<input type="hidden" name="_step" value="([a-z]+)"/)?.[1];
      const hiddenOf = (html: string) =>
        Object.fromEntries(
          [...(withoutTemplates(html).match(/<form method="post" action="\/persons\/[^"]+\/admit"[\s\S]*?<\/form>/)?.[0] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
            .filter((m) => m[1] !== '_csrf')
            .map((m) => [m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')]),
        );
      const admissions = async (id = personId) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM admission WHERE person_id = $1', [id])).rows[0]!.n;

      test('recorded with mistakes on three steps: the first such step comes back with its own mistakes at their controls, and each later step shows its own on arrival; nothing is written', async () => {
        const res = await post(`/persons/${personId}/admit`, 'en', { ...admission({ '/basis/issued_on': '', '/items/first_deprivation/at': '30/02/2026 09:00', '/basis/reference': '', '/items/officials/admitting': '' }), _step: 'review', _go: 'admit' });
        assert.equal(res.statusCode, 422);
        assert.equal(stepOn(res.body), 'placement');
        assert.match(errorAt(res.body, 'f-basis-issued_on')!, /^Issued on: required, and left empty\.$/);
        assert.match(errorAt(res.body, 'f-basis-reference')!, /required, and left empty/);
        assert.match(res.body, /Nothing was saved: 2 problems/);
        const links = [...(res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? '').matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]!);
        assert.deepEqual(links, ['f-basis-reference', 'f-basis-issued_on']);
        // The other steps' answers travel hidden, as typed.
        const carried = hiddenOf(res.body);
        assert.equal(carried['/items/first_deprivation/at'], '30/02/2026 09:00');
        assert.equal(carried['/items/emergency_contact/contact'], '0770 000 0000');
        assert.equal(carried._tried, '1');
        assert.equal(carried['/basis/reference'], undefined, 'the step’s own controls are not carried twice');

        // Corrected and sent on: the next step shows its own mistake as it opens.
        const next = await post(`/persons/${personId}/admit`, 'en', { ...carried, '/unit_id': unitId, '/legal_status': 'untried', '/admitted_at': admission()['/admitted_at']!, '/basis/kind': 'commitment_order', '/basis/reference': 'CO-FICT-1', '/basis/issuing_authority': 'Fictional court', '/basis/issued_on': admission()['/basis/issued_on']!, _go: 'arrest' });
        assert.equal(next.statusCode, 200);
        assert.equal(stepOn(next.body), 'arrest');
        assert.match(errorAt(next.body, 'f-items-first_deprivation-at')!, /February 2026 has 28 days, so there is no day 30/);
        assert.match(next.body, /Nothing was saved: one problem/);
        assert.equal(errorAt(next.body, 'f-items-officials-admitting'), undefined, 'a mistake of a later step waits for its step');
        // Going on without correcting it stays on this step.
        const stay = await post(`/persons/${personId}/admit`, 'en', { ...hiddenOf(next.body), '/items/first_deprivation/at': '30/02/2026 09:00', _go: 'care' });
        assert.equal(stay.statusCode, 422);
        assert.equal(stepOn(stay.body), 'arrest');
        const custody = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [personId]);
        assert.equal(custody.rows[0]!.custody_status, 'registered');
        assert.equal(await admissions(), 0);
      });

      test('what the register itself refuses still shows at its control, on its step: a first deprivation after the admission', async () => {
        const res = await post(`/persons/${personId}/admit`, 'ar', { ...admission({ '/items/first_deprivation/at': arabicIndic(`${day(0).typed} 23:59`), '/admitted_at': arabicIndic(`${day(1).typed} 10:30`) }), _step: 'review', _go: 'admit' });
        assert.equal(res.statusCode, 422);
        assert.equal(stepOn(res.body), 'arrest');
        assert.match(res.body, /<input id="f-items-first_deprivation-at"[^>]*aria-invalid="true"/);
        assert.equal(await admissions(), 0);
      });

      test('without scripts, step by step: each step a page of its own carrying the others’ answers; back keeps them; the review lists the items still unknown; only its button writes', async () => {
        const registered = await post('/persons/new', 'ar', registration());
        const walker = (await recorded(registered.headers.location)).id;
        const all = admission();
        const own = (step: string) => Object.fromEntries(Object.entries(all).filter(([k]) => {
          const item = k.match(/^\/items\/([a-z_]+)\//)?.[1];
          const of = item === undefined ? 'placement' : ['first_deprivation', 'ordering_authority', 'supervising_authority'].includes(item) ? 'arrest' : ['injuries', 'health_record', 'property'].includes(item) ? 'care' : 'people';
          return of === step;
        }));
        const first = await page(`/persons/${walker}/admit`, 'ar');
        assert.equal(stepOn(first.body), 'placement');
        assert.doesNotMatch(withoutTemplates(first.body), /name="\/items\//, 'the first step shows placement and basis only');
        // The other four steps come with it as inert templates, for a script to show in the page, with the checks and their Arabic messages.
        assert.deepEqual([...first.body.matchAll(/<template class="admit-step" data-step="([a-z]+)">/g)].map((m) => m[1]), ['arrest', 'care', 'people', 'review']);
        const data = JSON.parse(first.body.match(/data-admit="([^"]*)"/)![1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as { checks: { control: string; messages: Record<string, string> }[] };
        const reference = data.checks.find((c) => c.control === '/basis/reference')!;
        assert.equal(reference.messages.missing, '\u2068المرجع\u2069: مطلوب، وقد تُرك فارغًا.');
        const issued = data.checks.find((c) => c.control === '/basis/issued_on')!;
        assert.equal(issued.messages.day, '\u2068تاريخ الإصدار\u2069: في \u2068{month_name}\u2069 \u2068{year}\u2069 \u2068{days}\u2069 يومًا، فلا يوجد يوم \u2068{day}\u2069.');
        let html = first.body;
        const walk: [string, string][] = [['placement', 'arrest'], ['arrest', 'care'], ['care', 'people'], ['people', 'review']];
        let posts = 0;
        for (const [step, next] of walk) {
          // The property list is signed on another day: the box is unticked, and only the hidden "no" goes.
          const fields = step === 'care' ? { ...own(step), '/items/property/signed_by_detainee': 'no' } : own(step);
          const res = await post(`/persons/${walker}/admit`, 'ar', { ...hiddenOf(html), ...fields, _go: next });
          posts++;
          assert.equal(res.statusCode, 200, res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
          assert.equal(stepOn(res.body), next);
          html = res.body;
          assert.equal(await admissions(walker), 0, `nothing written after step ${step}`);
        }
        // The review names the unknown item and why.
        assert.match(visibleText(html.match(/id="still-unknown"[\s\S]*?<\/ul>/)?.[0] ?? ''), /لم يُسأل بعد/);
        // Back to the third step: what was typed there, the unticked box included, is as it was.
        const back = await post(`/persons/${walker}/admit`, 'ar', { ...hiddenOf(html), _go: 'care' });
        assert.equal(stepOn(back.body), 'care');
        assert.match(back.body, /name="\/items\/property\/witnessed_by" type="text" value="ضابط وهمي"/);
        assert.doesNotMatch(back.body, /name="\/items\/property\/signed_by_detainee" value="yes" checked/);
        const forth = await post(`/persons/${walker}/admit`, 'ar', { ...hiddenOf(back.body), ...own('care'), '/items/property/signed_by_detainee': 'no', _go: 'people' });
        assert.equal(stepOn(forth.body), 'people');
        const again = await post(`/persons/${walker}/admit`, 'ar', { ...hiddenOf(forth.body), ...own('people'), _go: 'review' });
        assert.equal(stepOn(again.body), 'review');
        const done = await post(`/persons/${walker}/admit`, 'ar', { ...hiddenOf(again.body), _go: 'admit' });
        posts++;
        assert.equal(done.statusCode, 303, done.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
        assert.equal(posts, 5, 'four steps and the review');
        const { rows } = await db.query<{ items: { property: { signed_by_detainee: boolean; witnessed_by: string }; family: { unknown_reason: string } } }>('SELECT items FROM admission WHERE person_id = $1', [walker]);
        assert.equal(rows[0]!.items.property.signed_by_detainee, false);
        assert.equal(rows[0]!.items.property.witnessed_by, 'ضابط وهمي');
        assert.equal(rows[0]!.items.family.unknown_reason, 'لم يُسأل بعد');
      });

      test('dates in Arabic-Indic and Eastern Arabic-Indic digits admit the person, at the times typed in the register’s time zone', async () => {
        const res = await post(`/persons/${personId}/admit`, 'ar', { ...admission(), _step: 'review', _go: 'admit' });
        assert.equal(res.statusCode, 303, res.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
        const { rows } = await db.query<{ admitted_at: Date; basis: { issued_on: string }; items: { first_deprivation: { at: string } } }>('SELECT admitted_at, basis, items FROM admission WHERE person_id = $1', [personId]);
        assert.equal(rows[0]!.admitted_at.toISOString(), `${day(1).iso}T07:30:00.000Z`);
        assert.equal(rows[0]!.basis.issued_on, day(2).iso);
        assert.equal(rows[0]!.items.first_deprivation.at, `${day(2).iso}T09:05:00+03:00`);
      });
    });
  });
}
