/**
 * The complaint pages as a browser without scripts uses them (app.inject), in Arabic and
 * English: a complaint alleging ill-treatment recorded through the form opens the referral; a
 * supervisor's attempt to close it is refused on the page, by name; the independent authority
 * takes it up from its queue; the detainee's own file is given with a redaction (refused at its
 * control without a legal basis), printed with what was withheld and why, and the record
 * extract lists it.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { logInByForm } from './support/web-session.ts';
import { cheap, password } from './support/api-client.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { acknowledgeReferral, closeAllegation } from '../src/commands/allegation-step.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';
import { checkRegister } from '../src/store/check.ts';
import { verifyLog } from '../src/store/log-verify.ts';

const backend = backends.find((b) => b.name === 'pglite') ?? backends[0]!;

describe('the complaint pages', () => {
  let db: Database;
  let app: FastifyInstance;
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  const personId = aPerson().person_id;

  const page = (who: string, url: string, lang: 'ar' | 'en' = 'ar') => app.inject({ method: 'GET', url, headers: { cookie: `${sessions.get(who)!.cookie}; sijill_lang=${lang}` } });
  const post = (who: string, url: string, fields: Record<string, string>, lang: 'ar' | 'en' = 'ar') =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: `${sessions.get(who)!.cookie}; sijill_lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: sessions.get(who)!.csrf, _key: randomUUID(), ...fields }).toString(),
    });
  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  before(async () => {
    db = await backend.open();
    const facility = aFacility();
    const ctx = () => ({ actor: 'setup', role: 'supervisor' as const, idempotencyKey: randomUUID() });
    assert.ok((await execute({ db }, registerFacility, facility, ctx())).ok);
    assert.ok((await execute({ db }, registerPerson, aPerson({ person_id: personId }), ctx())).ok);
    assert.ok((await execute({ db }, admitPerson, anAdmission(personId, facility), ctx())).ok);
    for (const [username, role] of [['sup', 'supervisor'], ['npm', 'oversight']] as const) {
      await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
    }
    app = buildApp({ db, register: { db, identity: await IdentityIndex.build(db) }, passwordCost: cheap });
    await app.ready();
    sessions.set('sup', await logInByForm(app, 'sup', `/persons/${personId}/complaints`));
    sessions.set('npm', await logInByForm(app, 'npm', '/allegations'));
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  test('a complaint alleging ill-treatment, through the form: refused at its control when empty, then recorded and referred', async () => {
    const url = `/persons/${personId}/complaints`;
    const empty = await post('sup', url, { '/nature': 'complaint', '/complainant': 'detainee', '/subject': 'treatment_by_staff', '/text': '', '/received_at': '2026-03-10T10:00' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /<p class="error" id="f-lodge-text-error">/);
    assert.equal(await count('complaint'), 0);
    const done = await post('sup', url, { '/nature': 'complaint', '/complainant': 'detainee', '/subject': 'treatment_by_staff', '/text': 'ضربه حارس في الساحة', '/received_at': '2026-03-10T10:00', '/alleges_ill_treatment': 'yes' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    const shown = await page('sup', `${url}?notice=lodged`);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /ضربه حارس في الساحة/);
    assert.match(shown.body, /محال، لم يُتسلَّم بعد/);
    assert.equal(await count('allegation'), 1);
  });

  test('the facility cannot close the referral: the page says so by name; the independent authority takes it up from its queue', async () => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM allegation');
    const id = rows[0]!.id;
    const refused = await post('sup', `/allegations/${id}/close`, { _back: `/persons/${personId}/complaints`, '/outcome': 'not_substantiated', '/findings': 'لا شيء' }, 'en');
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Only the authority independent of the facility may take up or close this referral\./);
    assert.equal((await db.query<{ status: string }>('SELECT status FROM allegation WHERE id = $1', [id])).rows[0]!.status, 'referred');
    const queue = await page('npm', '/allegations');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, new RegExp(`/allegations/${id}/acknowledge`));
    const taken = await post('npm', `/allegations/${id}/acknowledge`, { _back: '/allegations', '/reference': 'NPM-2026-17' });
    assert.equal(taken.statusCode, 303, taken.body.slice(0, 500));
    assert.equal((await db.query<{ status: string }>('SELECT status FROM allegation WHERE id = $1', [id])).rows[0]!.status, 'acknowledged');
  });

  test('the own file: a redaction without its legal basis is refused at its control; the copy prints what was withheld and why; so does the extract', async () => {
    const url = `/persons/${personId}/own-file`;
    assert.equal((await page('sup', url)).statusCode, 200);
    const baseless = await post('sup', url, { '/recipient': 'detainee', '/redactions/1/section': 'allegations', '/redactions/1/what': 'اسم الشاهد', '/redactions/1/legal_basis': '' });
    assert.equal(baseless.statusCode, 422);
    assert.match(baseless.body, /<p class="error" id="f-own-file-redactions-1-legal_basis-error">/);
    assert.equal(await count('own_file_disclosure'), 0);
    const given = await post('sup', url, { '/recipient': 'detainee', '/redactions/1/section': 'allegations', '/redactions/1/what': 'اسم الشاهد', '/redactions/1/legal_basis': 'قانون حماية الشهود، المادة 5' });
    assert.equal(given.statusCode, 303, given.body.slice(0, 500));
    const printed = await page('sup', String(given.headers.location));
    assert.equal(printed.statusCode, 200);
    assert.match(printed.body, /محجوب: ⁨?اسم الشاهد⁩?\. السند القانوني: ⁨?قانون حماية الشهود، المادة 5⁩?\. بواسطة: ⁨?sup⁩?\./);
    const english = await page('sup', `${String(given.headers.location)}?lang=en`);
    assert.match(english.body, /What was withheld and why/);
    const extract = await page('sup', `/print/persons/${personId}/extract`);
    assert.match(extract.body, /ما حُجب ولماذا/);
    assert.match(extract.body, /قانون حماية الشهود، المادة 5/);
  });
  test('the detainee\'s request for their own file is recorded with its clock; the copy that answers it meets it, once', async () => {
    const url = `/persons/${personId}/own-file`;
    // Asked an hour ago, in the register's local time (UTC+03:00), to the minute.
    const asked = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);
    const local = new Date(asked.getTime() + 3 * 3_600_000).toISOString().slice(0, 16);
    const nameless = await post('sup', `/persons/${personId}/own-file-requests`, { '/requester': 'counsel', '/counsel_name': '', '/received_at': local });
    assert.equal(nameless.statusCode, 422);
    assert.match(nameless.body, /<p class="error" id="f-own-file-request-counsel_name-error">/);
    const recorded = await post('sup', `/persons/${personId}/own-file-requests`, { '/requester': 'detainee', '/counsel_name': '', '/received_at': local });
    assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 500));
    const read = async () => (await page('sup', `/api/persons/${personId}/own-file`)).json().requests as { id: string; due_at: string; clock: string; disclosure_id: string | null }[];
    const [request] = await read();
    // Due seven days (the default) after it was received.
    assert.deepEqual([Date.parse(request!.due_at), request!.clock, request!.disclosure_id], [asked.getTime() + 7 * 24 * 3_600_000, 'running', null]);
    const shown = await page('sup', url);
    assert.match(shown.body, /data-clock="running"/);
    assert.match(shown.body, new RegExp(`<option value="${request!.id}"`));
    const given = await post('sup', url, { '/request_id': request!.id, '/recipient': 'detainee' });
    assert.equal(given.statusCode, 303, given.body.slice(0, 500));
    const [answered] = await read();
    assert.deepEqual([answered!.clock, answered!.disclosure_id], ['met', String(given.headers.location).split('/').at(-1)]);
    const twice = await post('sup', url, { '/request_id': request!.id, '/recipient': 'detainee' }, 'en');
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /<p class="error" id="f-own-file-request_id-error">/);
  });

  test('a confidential complaint (MR56(3)): the facility\'s staff are not shown it, nor its referral; its words are nowhere in the log, which holds their seal; the independent authority reads them, and each reading is audited', async () => {
    const url = `/persons/${personId}/complaints`;
    const words = 'الحارس المسؤول عن القاطع ج يهددني';
    const done = await post('sup', url, { '/nature': 'complaint', '/complainant': 'detainee', '/subject': 'treatment_by_staff', '/text': words, '/received_at': '2026-03-10T10:30', '/alleges_ill_treatment': 'yes', '/confidential': 'yes' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    const { rows } = await db.query<{ id: string; allegation: string }>("SELECT id, record->>'allegation_id' AS allegation FROM complaint WHERE record->>'confidential' = 'true'");
    assert.equal(rows.length, 1);
    const [confidential, referral] = [rows[0]!.id, rows[0]!.allegation];

    const staff = await page('sup', `/api/persons/${personId}/complaints`);
    assert.equal(staff.statusCode, 200);
    assert.ok(!staff.body.includes(confidential) && !staff.body.includes(referral) && !staff.body.includes(words));
    assert.ok(!(await page('sup', url)).body.includes(words));
    const history = await page('sup', `/api/persons/${personId}/events`);
    assert.equal(history.statusCode, 200);
    assert.ok(!history.body.includes(words), 'the words are not in the events the staff read');
    assert.ok(history.body.includes(confidential), 'the staff see that a confidential complaint is there');
    assert.ok(!(await page('sup', `/persons/${personId}`)).body.includes(words));

    // The log holds the seal: SHA-256 of the salt kept beside it and the words — computed here, not by the register.
    const lodged = await db.query<{ bytes: Uint8Array }>("SELECT bytes FROM event WHERE kind IN ('complaint.lodged', 'allegation.recorded') AND convert_from(bytes, 'UTF8') LIKE $1 ORDER BY idx", [`%${confidential}%`]);
    const [complaintEvent, allegationEvent] = lodged.rows.map((r) => JSON.parse(Buffer.from(r.bytes).toString('utf8')).data);
    assert.equal(complaintEvent.text, undefined);
    assert.equal(allegationEvent.account, undefined);
    assert.equal(allegationEvent.account_sha256, complaintEvent.text_sha256);
    const kept = (await db.query<{ salt: string; words: string }>('SELECT salt, words FROM sealed_text WHERE sha256 = $1', [complaintEvent.text_sha256])).rows[0]!;
    assert.equal(kept.words, words);
    assert.equal(createHash('sha256').update(Buffer.concat([Buffer.from(kept.salt, 'hex'), Buffer.from(words, 'utf8')])).digest('hex'), complaintEvent.text_sha256);

    const audited = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM read_audit WHERE what = 'confidential complaint words'")).rows[0]!.n;
    const before = await audited();
    const independent = await page('npm', `/api/persons/${personId}/complaints`);
    assert.ok(independent.json().complaints.some((c: { id: string; text: string; confidential: boolean; text_sha256: string }) => c.id === confidential && c.text === words && c.confidential && c.text_sha256 === complaintEvent.text_sha256));
    assert.ok(independent.json().allegations.some((a: { id: string; account: string }) => a.id === referral && a.account === words));
    assert.equal(await audited(), before + 1, 'the reading of the words is audited as such');
    assert.ok((await page('npm', url)).body.includes(words));
    assert.ok(!(await page('npm', `/api/persons/${personId}/events`)).body.includes(words), 'not even the independent authority finds the words in the log');
    await page('sup', `/api/persons/${personId}/complaints`);
    assert.equal(await audited(), before + 2, 'the page read once more; the staff\'s reading opened nothing');

    // Only the independent authority answers it: the facility's supervisor is refused by name; the answer is sealed like the complaint.
    const answer = 'أُبعد الحارس عن القاطع ج إلى حين انتهاء التحقيق';
    const refused = await post('sup', `/complaints/${confidential}/answer`, { _person: personId, '/answer': 'لا شيء', '/answered_at': '2026-03-10T11:00' }, 'en');
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Only the authority independent of the facility/);
    const answered = await post('npm', `/complaints/${confidential}/answer`, { _person: personId, '/answer': answer, '/answered_at': '2026-03-10T11:00' });
    assert.equal(answered.statusCode, 303, answered.body.slice(0, 500));
    assert.ok((await page('npm', url)).body.includes(answer));

    // The independent authority takes the referral up and closes it: its findings are sealed too.
    const oversight = () => ({ actor: 'npm', role: 'oversight' as const, idempotencyKey: randomUUID() });
    const reference = 'NPM/2026/77';
    const findings = 'ثبت التهديد بشهادة نزيلين';
    assert.ok((await execute({ db }, acknowledgeReferral, { allegation_id: referral, reference }, oversight())).ok);
    assert.ok((await execute({ db }, closeAllegation, { allegation_id: referral, outcome: 'substantiated', findings }, oversight())).ok);
    const later = await page('sup', `/api/persons/${personId}/events`);
    assert.ok(!later.body.includes(reference), 'the referral\'s steps are not in the events the staff read');
    assert.ok((await page('npm', `/api/persons/${personId}/events`)).body.includes(reference));
    assert.ok((await page('npm', `/api/persons/${personId}/complaints`)).json().allegations.some((a: { closed: { findings: string } | null }) => a.closed?.findings === findings));

    // Nothing the log carries holds any of these words: not the events, not the entry bundle monitors and supervisors read.
    const size = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM event')).rows[0]!.n;
    const bundle = await app.inject({ method: 'GET', url: `/log/tile/entries/000.p/${size}`, headers: { cookie: sessions.get('sup')!.cookie } });
    assert.equal(bundle.statusCode, 200);
    const all = await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM event');
    for (const said of [words, answer, findings]) {
      assert.ok(!bundle.rawPayload.includes(Buffer.from(said, 'utf8')), `the entry bundle does not carry “${said}”`);
      assert.ok(all.rows.every((r) => !Buffer.from(r.bytes).includes(Buffer.from(said, 'utf8'))), `no event holds “${said}”`);
    }
    assert.deepEqual((await checkRegister(db)).findings, []);
    assert.deepEqual((await verifyLog(db)).findings, []);
  });

  test('the independent authority records a confidential complaint made to it directly, through its form, and answers it', async () => {
    const url = `/persons/${personId}/complaints`;
    const form = await page('npm', url);
    assert.match(form.body, new RegExp(`action="${url}"`), 'the independent authority has the form to record one');
    const words = 'أطلب نقلي من القاطع لأسباب أخشى ذكرها أمام الإدارة';
    const done = await post('npm', url, { '/nature': 'request', '/complainant': 'detainee', '/subject': 'other', '/text': words, '/received_at': '2026-03-10T12:00', '/confidential': 'yes' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    const mine = (await page('npm', `/api/persons/${personId}/complaints`)).json().complaints.find((c: { text: string }) => c.text === words);
    assert.deepEqual([mine.recorded_by, mine.confidential, mine.answer], ['npm', true, null]);
    assert.ok(!(await page('sup', url)).body.includes(mine.id));
    const answered = await post('npm', `/complaints/${mine.id}/answer`, { _person: personId, '/answer': 'نُقل إلى القاطع أ', '/answered_at': '2026-03-10T13:00' });
    assert.equal(answered.statusCode, 303, answered.body.slice(0, 500));
    assert.equal((await page('npm', `/api/persons/${personId}/complaints`)).json().complaints.find((c: { id: string }) => c.id === mine.id).answer.text, 'نُقل إلى القاطع أ');
  });

  test('complaints in figures (MR10) for the independent authority: by subject, by where the answer stands, by month — counts naming no one', async () => {
    // Recorded above: a complaint about treatment unanswered past its limit; a confidential one about treatment and a confidential request, both answered in time; all in March 2026.
    const figures = await page('npm', '/api/oversight/complaint-figures');
    assert.equal(figures.statusCode, 200, figures.body);
    assert.deepEqual(figures.json(), {
      total: 3,
      by_subject: [{ subject: 'treatment_by_staff', count: 2 }, { subject: 'other', count: 1 }],
      by_standing: [{ standing: 'awaiting', count: 0 }, { standing: 'overdue', count: 1 }, { standing: 'answered', count: 2 }, { standing: 'answered_late', count: 0 }],
      by_month: [{ month: '2026-03', count: 3 }],
    });
    assert.equal((await page('sup', '/api/oversight/complaint-figures')).statusCode, 403);
    const shown = await page('npm', '/allegations');
    assert.match(shown.body, /<h2 id="complaint-figures-heading">الطلبات والشكاوى بالأرقام<\/h2>/);
    assert.match(shown.body, /<th scope="row">تجاوز مهلة الجواب<\/th><td class="num">١<\/td>/);
  });

  test('sealed words that no longer give their seal are never shown, and the check names them', async () => {
    const seal = (await db.query<{ sha256: string }>("SELECT record->>'text_sha256' AS sha256 FROM complaint WHERE record->>'confidential' = 'true'")).rows[0]!.sha256;
    await db.query('ALTER TABLE sealed_text DISABLE TRIGGER sealed_text_append_only');
    await db.query("UPDATE sealed_text SET words = 'لم يحدث شيء' WHERE sha256 = $1", [seal]);
    await db.query('ALTER TABLE sealed_text ENABLE TRIGGER sealed_text_append_only');
    const read = (await page('npm', `/api/persons/${personId}/complaints`)).json();
    const shown = read.complaints.find((c: { text_sha256: string | null }) => c.text_sha256 === seal);
    assert.equal(shown.text, null);
    assert.match((await page('npm', `/persons/${personId}/complaints`)).body, /الكلمات محفوظة خارج السجل ولم يمكن قراءتها هنا/);
    assert.deepEqual((await checkRegister(db)).findings.map((f) => f.check), ['kept']);
  });
});
