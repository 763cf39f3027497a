/**
 * Long lists a clerk can work with, through HTTP as a browser without scripts sends them: the
 * roll-call report's not-seen list a page at a time (the count, the range shown, a page past
 * the end that says so) and whole on its print view, which only those who may read roll calls
 * get; and a transfer order drawn up by adding persons by name (an Arabic-script name finds a
 * person registered in Latin script only, and only among those held at the origin), a whole
 * unit, or a pasted list (each line that adds nobody reported on its line), with the outside
 * authority's fields ignored once a facility of the register is the destination; and a roll
 * call's discrepancies a page of each kind at a time.
 *
 * The register: a prison holding 117 men (113 in Block A, 4 in Block B), all admitted in
 * January and never counted since, so all 117 are "not seen"; and a centre holding one man
 * with the same name as one of the prison's.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { logInByForm } from './support/web-session.ts';
import { backends } from './support/backends.ts';
import { cheap, clientFor, password } from './support/api-client.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute } from '../src/commands/execute.ts';
import { intakeBatch, type IntakeRow } from '../src/commands/intake-batch.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerNumberFromBytes } from '../src/domain/register-number.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

const given: [string, string][] = [
  ['سالم', 'Salim'], ['حميد', 'Hamid'], ['ناصر', 'Nasir'], ['كريم', 'Karim'], ['طارق', 'Tariq'], ['ماجد', 'Majid'], ['بلال', 'Bilal'], ['أنس', 'Anas'],
];
const inBlockA = 113;
const inBlockB = 4;
const notSeen = inBlockA + inBlockB;
/** Registered in Latin script only; the clerk types the name in Arabic. */
const latinOnly = 'Harith Nuri al-Khafaji';
const typedInArabic = 'حارث نوري الخفاجي';

/** The rows of the report's not-seen table. */
const notSeenRows = (html: string) => ((html.match(/<section aria-labelledby="not-seen-heading"[\s\S]*?<\/section>/)?.[0] ?? '').match(/<tbody>[\s\S]*?<\/tbody>/)?.[0] ?? '').match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
const numbersIn = (html: string) => new Set([...html.matchAll(/<bdi class="regno" dir="ltr">([0-9A-Z*~$=U-]+)<\/bdi>/g)].map((m) => m[1]!));
/** The text of the order form's list of register numbers. */
const personsField = (html: string) => (html.match(/<textarea id="f-persons" name="\/persons"[^>]*>([\s\S]*?)<\/textarea>/)?.[1] ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
const toArabicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

for (const backend of backends) {
  describe(`lists a clerk can work with, on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let officer: { cookie: string; csrf: string };
    let clerk: { cookie: string; csrf: string };
    let prison: RegisterFacility;
    let centre: RegisterFacility;
    const blockA: string[] = [];
    const blockB: string[] = [];
    let harith = '';
    let namesake = '';

    const get = (who: { cookie: string }, url: string, lang = 'en') => app.inject({ method: 'GET', url, headers: { cookie: `${who.cookie}; sijill_lang=${lang}` } });
    const post = (who: { cookie: string; csrf: string }, url: string, fields: [string, string][]) =>
      app.inject({ method: 'POST', url, headers: { cookie: `${who.cookie}; sijill_lang=en`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', who.csrf], ...fields]).toString() });
    const order = (extra: [string, string][]): [string, string][] => [
      ['/origin/facility_id', prison.facility_id],
      ['/destination/kind', 'facility'],
      ['/destination/facility_id', centre.facility_id],
      ['/reason', 'Hearing at the fictional district court'],
      ...extra,
    ];

    before(async () => {
      db = await backend.open();
      const units = (a: string, b: string) => [
        { id: randomUUID(), name: a, category: 'men_untried' as const },
        { id: randomUUID(), name: b, category: 'men_untried' as const },
      ];
      prison = aFacility({ name: 'Fictional Lists Prison', capacity: { men_untried: 300 }, units: units('Block A', 'Block B') });
      centre = aFacility({ name: 'Fictional Lists Centre', kind: 'detention_centre', capacity: { men_untried: 50 }, units: units('Hall 1', 'Hall 2') });
      const ctx = () => ({ actor: 'test', role: 'supervisor' as const, idempotencyKey: randomUUID() });
      for (const f of [prison, centre]) assert.ok((await execute({ db }, registerFacility, f, ctx())).ok);
      const row = (names: ReturnType<typeof aName>[], facility: RegisterFacility, unit: number): IntakeRow => {
        const person = aPerson({ names });
        const { person_id: _p, ...admission } = anAdmission(person.person_id, facility, { unit_id: facility.units[unit]!.id });
        return { person, admission };
      };
      const generated = (i: number) => [
        aName({ script: 'Arab', full: `${given[i % 8]![0]} ${given[(i >> 3) % 8]![0]} الزرقاني` }),
        aName({ script: 'Latn', full: `${given[i % 8]![1]} ${given[(i >> 3) % 8]![1]} al-Zarqani` }),
      ];
      const rows = [
        row([aName({ script: 'Latn', full: latinOnly, parts: { given: 'Harith', father: 'Nuri' } })], prison, 0),
        ...Array.from({ length: inBlockA - 1 }, (_, i) => row(generated(i), prison, 0)),
        ...Array.from({ length: inBlockB }, (_, i) => row(generated(i + 200), prison, 1)),
        row([aName({ script: 'Latn', full: latinOnly, parts: { given: 'Harith', father: 'Nuri' } })], centre, 0),
      ];
      const done = await execute({ db }, intakeBatch, { rows }, ctx());
      assert.ok(done.ok, JSON.stringify(done));
      harith = rows[0]!.person.register_number;
      for (const r of rows.slice(0, inBlockA)) blockA.push(r.person.register_number);
      for (const r of rows.slice(inBlockA, inBlockA + inBlockB)) blockB.push(r.person.register_number);
      namesake = rows.at(-1)!.person.register_number;
      const identity = await IdentityIndex.build(db);
      await createAccount(db, { username: 'officer', displayName: 'Fictional officer', role: 'facility_officer', password, scope: wholeRegister }, { cost: cheap });
      await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
      app = buildApp({ db, register: { db, identity }, passwordCost: cheap });
      await app.ready();
      officer = await logInByForm(app, 'officer');
      clerk = await logInByForm(app, 'clerk');
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('the not-seen list comes a page at a time: the count, the range shown, and each person once over the pages', async () => {
      const report = (page?: number, lang = 'en') => get(officer, `/roll-calls?facility_id=${prison.facility_id}${page ? `&page=${page}` : ''}`, lang);
      const pages = [
        { page: undefined, range: 'Showing 1–50 of 117.', shown: 50, next: true },
        { page: 2, range: 'Showing 51–100 of 117.', shown: 50, next: true },
        { page: 3, range: 'Showing 101–117 of 117.', shown: 17, next: false },
      ];
      const seen = new Set<string>();
      for (const p of pages) {
        const res = await report(p.page);
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.includes(`or more: ${notSeen}</h2>`), 'the heading counts all of them');
        assert.ok(res.body.includes(p.range), `page ${p.page ?? 1} says ${p.range}`);
        const rows = notSeenRows(res.body);
        assert.equal(rows.length, p.shown);
        for (const r of rows) seen.add([...numbersIn(r)][0]!);
        const section = res.body.match(/<section aria-labelledby="not-seen-heading"[\s\S]*?<\/section>/)![0];
        assert.equal(section.includes('rel="next"'), p.next);
        assert.ok(section.includes(`href="/print/roll-calls/not-seen?facility_id=${prison.facility_id}&amp;`), 'a link to print them all');
      }
      assert.deepEqual(seen, new Set([...blockA, ...blockB]), 'the three pages show each of the 117 once');
      const arabic = await report(3, 'ar');
      assert.ok(arabic.body.includes('المعروض ١٠١–١١٧ من ١١٧.'), 'in Arabic digits');
    });

    test('a page past the end of the not-seen list says so and leads back to the last page', async () => {
      for (const page of [4, 40]) {
        const res = await get(officer, `/roll-calls?facility_id=${prison.facility_id}&page=${page}`);
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.includes(`There is no page ${page}: the 117 persons not seen fill 3 pages.`), `page ${page}`);
        assert.ok(res.body.includes('&amp;page=3#not-seen"'), 'a link to page 3');
        assert.equal(notSeenRows(res.body).length, 0);
        assert.ok(!res.body.includes('Everyone in custody here has been seen'), 'it does not say that everyone was seen');
      }
    });

    test('the API pages the list and counts all of it', async () => {
      const res = await get(officer, `/api/roll-calls/report?facility_id=${prison.facility_id}&not_seen_offset=110&not_seen_limit=10`);
      assert.equal(res.statusCode, 200, res.body);
      const { not_seen } = res.json() as { not_seen: { count: number; offset: number; persons: unknown[]; truncated: boolean } };
      assert.deepEqual({ count: not_seen.count, offset: not_seen.offset, listed: not_seen.persons.length, truncated: not_seen.truncated }, { count: notSeen, offset: 110, listed: 7, truncated: false });
    });

    test('"print all" lists everyone not seen, and is refused to an account that may not read roll calls', async () => {
      const url = `/print/roll-calls/not-seen?facility_id=${prison.facility_id}`;
      const res = await get(officer, url);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(new Set(notSeenRows(res.body).map((r) => [...numbersIn(r)][0]!)), new Set([...blockA, ...blockB]));
      assert.ok(res.body.includes('print.css'), 'the print stylesheet');
      assert.ok(!res.body.includes('rel="next"'), 'one page, no pager');
      const refused = await get(clerk, url);
      assert.equal(refused.statusCode, 403);
      assert.equal(numbersIn(refused.body).size, 0, 'nobody is named to the clerk');
      const refusedApi = await get(clerk, `/api/roll-calls/report?facility_id=${prison.facility_id}&not_seen_limit=10000`);
      assert.equal(refusedApi.statusCode, 403);
    });

    test('by name: a name typed in Arabic finds the person registered in Latin script, among those held at the origin only', async () => {
      const found = await post(officer, '/transfers/new', order([['/find/name', typedInArabic], ['_do', 'find']]));
      assert.equal(found.statusCode, 200, found.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
      const offered = [...found.body.matchAll(/<input type="checkbox" name="\/find\/pick" value="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(offered.includes(harith), 'the Latin-script record is offered');
      assert.ok(!offered.includes(namesake), 'his namesake held at the centre is not');
      const added = await post(officer, '/transfers/new', order([['/persons', blockB[0]!], ['/find/pick', harith], ['_do', 'add_found']]));
      assert.equal(added.statusCode, 200);
      assert.deepEqual(personsField(added.body), [blockB[0], harith]);
      const created = await post(officer, '/transfers/new', order([['/persons', personsField(added.body).join('\n')], ['_key', randomUUID()], ['_do', 'create']]));
      assert.equal(created.statusCode, 303, created.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
      const id = created.headers.location!.match(/\/transfers\/([0-9a-f-]{36})/)![1]!;
      const transfer = (await get(officer, `/api/transfers/${id}`)).json() as { members: { register_number: string }[] };
      assert.deepEqual(transfer.members.map((m) => m.register_number), [blockB[0], harith]);
    });

    test('ticking nobody, or looking without a name, is said at the field', async () => {
      const none = await post(officer, '/transfers/new', order([['/find/name', typedInArabic], ['_do', 'add_found']]));
      assert.equal(none.statusCode, 422);
      assert.ok(none.body.includes('Tick the persons to add.'));
      const empty = await post(officer, '/transfers/new', order([['/find/name', ''], ['_do', 'find']]));
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /<p class="error" id="f-find-name-error">Type a name to look for\.<\/p>/);
    });

    test('by unit: everyone held in the unit is added, once; a unit of another facility is refused at its field', async () => {
      const res = await post(officer, '/transfers/new', order([['/persons', blockB[1]!], ['/unit/unit_id', prison.units[1]!.id], ['_do', 'add_unit']]));
      assert.equal(res.statusCode, 200);
      const listed = personsField(res.body);
      assert.equal(listed.length, inBlockB, 'the one already listed is not listed twice');
      assert.deepEqual(new Set(listed), new Set(blockB));
      assert.ok(res.body.includes('3 persons added; one was on the order already.'));
      const elsewhere = await post(officer, '/transfers/new', order([['/unit/unit_id', centre.units[0]!.id], ['_do', 'add_unit']]));
      assert.equal(elsewhere.statusCode, 422);
      assert.match(elsewhere.body, /<p class="error" id="f-unit-unit_id-error">This unit is not part of \u2068Fictional Lists Prison\u2069, where the order starts/);
      assert.deepEqual(personsField(elsewhere.body), []);
    });

    test('from a pasted list: Arabic-Indic digits, commas and spaces are read; an unknown number and one held elsewhere are reported on their lines', async () => {
      const withDigits = blockA.find((n, i) => i > 6 && /[0-9]/.test(n))!;
      const unknown = registerNumberFromBytes(randomBytes(5));
      const pasted = [
        `${blockA[1]}, ${blockA[2]} ${blockA[3]}`,
        toArabicDigits(withDigits),
        unknown,
        namesake,
        blockA[4]!.replace(/-/g, ' '),
      ].join('\n');
      const res = await post(officer, '/transfers/new', order([['/paste/numbers', pasted], ['_do', 'add_list']]));
      assert.equal(res.statusCode, 422);
      assert.deepEqual(personsField(res.body), [blockA[1], blockA[2], blockA[3], withDigits, blockA[4]]);
      const report = res.body.match(/<ul class="pasted-report"[\s\S]*?<\/ul>/)?.[0] ?? '';
      const lines = report.match(/<li>[\s\S]*?<\/li>/g) ?? [];
      assert.equal(lines.length, 2, report);
      assert.ok(lines[0]!.startsWith('<li>Line 3:') && lines[0]!.includes(unknown) && lines[0]!.includes('not on the register'), lines[0]);
      assert.ok(lines[1]!.startsWith('<li>Line 4:') && lines[1]!.includes(namesake) && lines[1]!.includes('not held at the origin') && lines[1]!.includes('Fictional Lists Centre'), lines[1]);
      assert.match(res.body, /<p class="error" id="f-paste-numbers-error">2 numbers were not added/);
      // What was not added stays in the box to correct; what was added has left it.
      const box = res.body.match(/<textarea id="f-paste-numbers"[^>]*>([\s\S]*?)<\/textarea>/)![1]!;
      assert.deepEqual(box.split('\n'), [unknown, namesake]);
    });

    test('the outside authority’s fields are offered apart, and ignored when a facility of the register is the destination', async () => {
      const form = await get(officer, '/transfers/new');
      assert.match(form.body, /<fieldset class="authority-only" data-shown-when="\/destination\/kind=authority">\s*<legend>Only when handing over to an authority outside the register<\/legend>/);
      const created = await post(officer, '/transfers/new', order([['/persons', blockA[5]!], ['/destination/name', 'Fictional Foreign Ministry'], ['/destination/country', 'not a country'], ['_key', randomUUID()], ['_do', 'create']]));
      assert.equal(created.statusCode, 303, created.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
      const id = created.headers.location!.match(/\/transfers\/([0-9a-f-]{36})/)![1]!;
      const transfer = (await get(officer, `/api/transfers/${id}`)).json() as { destination: unknown };
      assert.deepEqual(transfer.destination, { kind: 'facility', facility_id: centre.facility_id });
      // Chosen, the authority is what the order goes to; its fields are then checked.
      const authority = await post(officer, '/transfers/new', [...order([['/persons', blockA[6]!], ['/destination/name', 'Fictional Foreign Ministry'], ['/destination/country', 'not a country'], ['_do', 'create']])].map(([k, v]): [string, string] => (k === '/destination/kind' ? [k, 'authority'] : [k, v])));
      assert.equal(authority.statusCode, 422);
      assert.match(authority.body, /id="f-destination-country-error"/);
    });
    // Last: counting marks persons seen, which the not-seen tests above must not see.
    test('a roll call’s discrepancies come a page at a time, each kind counted, the other kind’s page kept', async () => {
      const api = clientFor(app, officer.cookie);
      const opened = await api('POST', '/api/roll-calls', { body: { facility_id: prison.facility_id, unit_id: prison.units[0]!.id } });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = (opened.json() as { roll_call_id: string }).roll_call_id;
      // Three of Block A counted, and one man of Block B counted here by mistake.
      const counted = await api('POST', `/api/roll-calls/${id}/counts`, { body: { register_numbers: [blockA[0]!, blockA[1]!, blockA[2]!, blockB[0]!] } });
      assert.equal(counted.statusCode, 201, counted.body);
      assert.equal((await api('POST', `/api/roll-calls/${id}/reconciliation`, { body: {} })).statusCode, 201);
      const missing = blockA.slice(3);
      const rowsOf = (html: string, heading: string) => {
        const at = html.indexOf(`<h3 id="${heading}">`);
        const table = html.slice(at).match(/<tbody>[\s\S]*?<\/tbody>/)![0];
        return table.match(/<tr[ >][\s\S]*?<\/tr>/g) ?? [];
      };
      const seen = new Set<string>();
      for (const [page, range, shown] of [[1, 'Showing 1–50 of 110.', 50], [2, 'Showing 51–100 of 110.', 50], [3, 'Showing 101–110 of 110.', 10]] as const) {
        const res = await get(officer, `/roll-calls/${id}?missing=${page}&extra=1`);
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.includes('<h3 id="missing-heading">Expected, not counted (110)</h3>'), 'each kind counted whole');
        assert.ok(res.body.includes('<h3 id="extra-heading">Counted, not expected (1)</h3>'));
        assert.ok(res.body.includes(range), `page ${page}: ${range}`);
        const rows = rowsOf(res.body, 'missing-heading');
        assert.equal(rows.length, shown);
        for (const r of rows) seen.add([...numbersIn(r)][0]!);
        assert.equal(rowsOf(res.body, 'extra-heading').length, 1, 'the other kind is on its own first page');
        if (page < 3) assert.ok(res.body.includes(`href="/roll-calls/${id}?missing=${page + 1}&amp;extra=1#missing-heading" rel="next"`));
      }
      assert.deepEqual(seen, new Set(missing), 'each of the 110 once over the pages');
      const past = await get(officer, `/roll-calls/${id}?missing=9&extra=1`);
      assert.ok(past.body.includes('There is no page 9: the 110 discrepancies of this kind fill 3 pages.'));
      assert.ok(past.body.includes(`href="/roll-calls/${id}?missing=3&amp;extra=1#missing-heading"`), 'a link to the last page');
      // Resolving one on page 2 comes back to page 2, at its row.
      const page2 = await get(officer, `/roll-calls/${id}?missing=2&extra=1`);
      const action = page2.body.match(/<form method="post" action="(\/roll-calls\/[^"]+\/discrepancies\/([0-9a-f-]{36})\/resolve)"/)!;
      const resolved = await post(officer, action[1]!, [['missing', '2'], ['extra', '1'], ['/reason', 'In the clinic, seen by the duty nurse']]);
      assert.equal(resolved.statusCode, 303, resolved.body.slice(0, 300));
      assert.equal(resolved.headers.location, `/roll-calls/${id}?notice=resolved&missing=2&extra=1#d-${action[2]}`);
    });
  });
}
