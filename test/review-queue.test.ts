import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { logInByForm } from './support/web-session.ts';
import { aFacility, aName, aPerson } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

for (const backend of backends) {
  describe(`the duplicate review queue on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let clerk: Client;

    const browser = (username: string) => logInByForm(app, username, '/reviews');
    const post = (who: { cookie: string; csrf: string }, url: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });
    const register = async (full: string, overrides: Parameters<typeof aPerson>[0] = {}, duplicateReason?: string) => {
      const { person_id: _i, register_number: _n, ...body } = aPerson({ names: [aName({ script: 'Latn', full })], ...overrides });
      const res = await clerk('POST', '/api/persons', { body: duplicateReason ? { ...body, duplicate_reason: duplicateReason } : body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { person_id: string; register_number: string; possible_duplicates: { person_id: string; score: number }[] };
    };
    const open = async () => (await db.query<{ person_id: string; candidate_id: string }>("SELECT person_id, candidate_id FROM duplicate_review WHERE status = 'open' ORDER BY score DESC, opened_idx")).rows;

    before(async () => {
      db = await backend.open();
      for (const [username, role] of [['clerk', 'registration_clerk'], ['supervisor', 'supervisor'], ['auditor', 'auditor']] as const) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
      const identity = await IdentityIndex.build(db);
      app = buildApp({ db, register: { db, identity }, passwordCost: cheap });
      await app.ready();
      clerk = clientFor(app, await login(app, 'clerk'));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('open questions, the most likely first, each pair with its probability in Arabic; dismissed with a reason (none: refused at its control, nothing written), or merged', async () => {
      const a = await register('Marwan Khalil Ibrahim al-Dulaimi', { dob: { kind: 'exact', date: '1984-06-02' }, nationalities: ['IQ'] });
      const b = await register('Marwan Khalil Ibrahim al-Dulaimi', { dob: { kind: 'exact', date: '1984-06-02' }, nationalities: ['IQ'] }, 'A second handover list names him; to be reviewed');
      const c = await register('Salim Hamid Abbas al-Jubouri', { dob: { kind: 'year', year: 1979 }, nationalities: ['IQ'] });
      const d = await register('Salim Hamid Abbas al-Jibouri', { dob: { kind: 'year', year: 1979 }, nationalities: ['IQ'] }, 'Another spelling on the camp list; to be reviewed');
      assert.ok(b.possible_duplicates.some((p) => p.person_id === a.person_id), JSON.stringify(b));
      assert.ok(d.possible_duplicates.some((p) => p.person_id === c.person_id), JSON.stringify(d));
      const api = (await clientFor(app, await login(app, 'supervisor'))('GET', '/api/reviews?limit=1')).json();
      assert.equal(api.reviews.length, 1);
      assert.ok(api.total >= 2);
      const all = await open();
      assert.deepEqual([api.reviews[0].person.id, api.reviews[0].candidate.id], [all[0]!.person_id, all[0]!.candidate_id], 'the API pages in the queue’s order');

      const supervisor = await browser('supervisor');
      const queue = await app.inject({ method: 'GET', url: '/reviews', headers: { cookie: supervisor.cookie } });
      assert.match(queue.body, /<html lang="ar" dir="rtl">/);
      const pairs = [...queue.body.matchAll(/data-pair="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(pairs, all.map((r) => `${r.person_id}/${r.candidate_id}`), 'most likely first');
      const percents = [...text(queue.body).matchAll(/احتمال أنه الشخص نفسه: [\u2068\u2069]*([٠-٩]+)/g)].map((m) => Number(m[1]!.replace(/[٠-٩]/g, (x) => String(x.charCodeAt(0) - 0x660))));
      assert.equal(percents.length, all.length);
      for (const p of percents) assert.ok(p >= 0 && p <= 100, `a probability shown as ${p}%`);
      assert.deepEqual(percents, [...percents].sort((x, y) => y - x), 'the most likely first, as shown');
      // Each pair with the waterfall of its evidence, in Arabic: the name's weight and the date of birth's.
      const charts = [...queue.body.matchAll(/<svg class="chart waterfall"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
      assert.equal(charts.length, all.length);
      assert.ok(charts.every((c) => c.includes('قبل أي دليل') && c.includes('الاسم') && c.includes('تاريخ الميلاد')), charts[0]);
      assert.ok(charts.every((c) => /step-for/.test(c)), 'agreeing evidence is drawn towards one person');
      // The page's own content (the header holds the language picker, each language in its own name, and the account's display name).
      const arabicPage = text(queue.body.match(/<main[\s\S]*<\/main>/)![0]);
      const names = new Set(['Marwan', 'Khalil', 'Ibrahim', 'al-Dulaimi', 'Salim', 'Hamid', 'Abbas', 'al-Jubouri', 'al-Jibouri']);
      const latin = (arabicPage.match(/[A-Za-z][A-Za-z'-]+/g) ?? []).filter((w) => !names.has(w) && !/^[A-Z0-9-]+$/.test(w));
      assert.deepEqual(latin, [], 'no English on the Arabic page but names and codes');

      // Each record of an open question says so at its top, naming the other and the probability.
      for (const [of, other] of [[a, b], [b, a]] as const) {
        const record = await app.inject({ method: 'GET', url: `/persons/${of.person_id}`, headers: { cookie: supervisor.cookie } });
        const banner = record.body.match(/<div class="banner warn" role="alert" id="duplicate-question">([\s\S]*?)<\/div>/);
        assert.ok(banner, 'the open question is on the record');
        assert.ok(banner[1]!.includes(`href="/persons/${other.person_id}"`) && banner[1]!.includes('href="/reviews"'));
      }
      const plain = await app.inject({ method: 'GET', url: `/persons/${(await register('Zaid Omar Fadhil al-Rawi')).person_id}`, headers: { cookie: supervisor.cookie } });
      assert.doesNotMatch(plain.body, /id="duplicate-question"/);

      const before = await open();
      const empty = await post(supervisor, '/reviews/dismiss', { person: d.person_id, candidate: c.person_id, '/reason': ' ' });
      assert.ok(empty.statusCode >= 400 && empty.statusCode < 500, String(empty.statusCode));
      assert.match(empty.body, /aria-invalid="true"/);
      assert.deepEqual(await open(), before, 'nothing written');
      const dismissed = await post(supervisor, '/reviews/dismiss', { person: d.person_id, candidate: c.person_id, '/reason': 'Different mothers on the civil status records' });
      assert.deepEqual([dismissed.statusCode, dismissed.headers.location], [303, '/reviews?notice=dismissed']);
      assert.ok(!(await open()).some((r) => r.person_id === d.person_id && r.candidate_id === c.person_id));

      const merged = await post(supervisor, '/reviews/merge', { person: b.person_id, candidate: a.person_id, '/reason': 'The same national identity card' });
      assert.equal(merged.statusCode, 303, merged.body);
      const merge = await db.query<{ merged_into: string }>('SELECT merged_into FROM person WHERE id = $1', [b.person_id]);
      assert.equal(merge.rows[0]!.merged_into, a.person_id);

      // An auditor reads the queue but has no forms, and its posts are refused.
      const auditor = await browser('auditor');
      const read = await app.inject({ method: 'GET', url: '/reviews', headers: { cookie: auditor.cookie } });
      assert.doesNotMatch(read.body, /action="\/reviews\/(merge|dismiss)"/);
      assert.equal((await post(auditor, '/reviews/dismiss', { person: a.person_id, candidate: b.person_id, '/reason': 'x' })).statusCode, 403);
    });

    test('the forms: registering a probable duplicate asks why, at its control, and writes nothing until given; the admission form of a record with an open likely question names it and asks why', async () => {
      await register('Nabil Fadhil Hussein al-Obaidi', { dob: { kind: 'year', year: 1977 }, nationalities: ['IQ'], sex: 'male' });
      const clerkBrowser = await browser('clerk');
      const fields = { '/names/1/full': 'Nabil Fadhil Hussein al-Obaidi', '/sex': 'male', '/gender': 'man', '/dob/kind': 'year', '/dob/year': '1977', '/nationalities/0': 'IQ', '/languages': 'ar', _action: 'register' };
      const persons = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;
      const before = await persons();
      const asked = await post(clerkBrowser, '/persons/new', { ...fields, _key: 'reg-0000-0001' });
      assert.equal(asked.statusCode, 409, asked.body.slice(0, 200));
      assert.match(asked.body, /<input id="f-duplicate_reason"[^>]*aria-invalid="true"/);
      assert.match(asked.body, /id="duplicate-confirmation"/);
      assert.equal(await persons(), before, 'nothing written');
      const registered = await post(clerkBrowser, '/persons/new', { ...fields, '/duplicate_reason': 'A different mother on the civil status record', _key: 'reg-0000-0002' });
      assert.equal(registered.statusCode, 303, registered.body.slice(0, 300));
      const newId = registered.headers.location!.match(/\/persons\/([0-9a-f-]{36})/)![1]!;
      assert.equal(await persons(), before + 1);

      // The admission form names the open question and its probability; without a reason the API's refusal lands at the reason.
      const supervisor = await browser('supervisor');
      const facility = aFacility();
      assert.equal((await clientFor(app, await login(app, 'supervisor'))('POST', '/api/facilities', { body: facility })).statusCode, 201);
      const form = await app.inject({ method: 'GET', url: `/persons/${newId}/admit`, headers: { cookie: supervisor.cookie } });
      assert.match(form.body, /id="duplicate-question"/);
      assert.match(form.body, /<input id="f-duplicate_reason"/);
      // The API refuses the admission without a reason (test/identity.test.ts); the form carries the reason to it.
      const custody = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [newId]);
      assert.equal(custody.rows[0]!.custody_status, 'registered');
    });
  });
}
