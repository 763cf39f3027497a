/**
 * Ordinary bad input is refused with a 4xx problem naming the field, and nothing is written:
 * NUL characters and lone surrogates in any text (body, query, path, a list's cells), dates
 * and times that no calendar has, bytes that are not UTF-8. Errors repeat only a bounded
 * part of what was sent, and a request head too large for the server is answered as a
 * problem too.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { backends } from './support/backends.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Database } from '../src/store/database.ts';

async function counts(db: Database) {
  const { rows } = await db.query<{ events: number; persons: number; admissions: number; commands: number; lists: number }>(
    'SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM admission) AS admissions, (SELECT count(*) FROM command) AS commands, (SELECT count(*) FROM handover_list) AS lists',
  );
  return rows[0]!;
}

function personBody(overrides: Parameters<typeof aPerson>[0] = {}) {
  const { person_id: _id, register_number: _number, ...body } = aPerson(overrides);
  return body;
}

/** A JSON body as raw bytes: `marker` in the JSON text is replaced by `bytes`. */
function rawJson(value: unknown, marker: string, bytes: readonly number[]): Buffer {
  const [head, tail] = JSON.stringify(value).split(marker) as [string, string];
  return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
}

for (const backend of backends) {
  describe(`bad input on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let officer: Client;
    let cookie: string;
    const facility = aFacility();
    let person: string;
    let transfer: string;

    /** Each request is refused with the problem given, and nothing is written. */
    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, field: string) {
      const before = await counts(db);
      assertProblem(await send(), status, code, field);
      assert.deepEqual(await counts(db), before);
    }

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap });
      await app.ready();
      await createAccount(db, { username: 'supervisor', displayName: 'Fictional supervisor', role: 'supervisor', password, scope: wholeRegister }, { cost: cheap });
      cookie = await login(app, 'supervisor');
      officer = clientFor(app, cookie);
      assert.equal((await officer('POST', '/api/facilities', { body: facility })).statusCode, 201);
      const registered = await officer('POST', '/api/persons', { body: personBody() });
      assert.equal(registered.statusCode, 201, registered.body);
      person = registered.json().person_id;
      const other = await officer('POST', '/api/persons', { body: personBody() });
      const { admission_id: _id, ...admission } = anAdmission(other.json().person_id, facility);
      assert.equal((await officer('POST', '/api/admissions', { body: admission })).statusCode, 201);
      const created = await officer('POST', '/api/transfers', {
        body: { origin: { kind: 'facility', facility_id: facility.facility_id }, destination: { kind: 'authority', name: 'Fictional court', country: 'IQ' }, reason: 'hearing', persons: [other.json().person_id] },
      });
      assert.equal(created.statusCode, 201, created.body);
      transfer = created.json().transfer_id;
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a NUL character in a text field, in a key, in a query or in a path is refused with the field named', async () => {
      await refused(() => officer('POST', '/api/persons', { body: personBody({ names: [aName({ full: 'سالم\u0000حميد' })] }) }), 400, 'invalid_request', '/names/0/full');
      await refused(() => officer('POST', '/api/persons', { body: personBody({ names: [aName({ parts: { given: '\u0000' } })] }) }), 400, 'invalid_request', '/names/0/parts/given');
      await refused(() => officer('POST', `/api/persons/${person}/corrections`, { body: { corrects: randomUUID(), reason: 'typo\u0000', changes: { sex: 'male' } } }), 400, 'invalid_request', '/reason');
      await refused(() => officer('POST', '/api/persons', { body: { ...personBody(), 'a\u0000b': 1 } }), 400, 'invalid_request', '/a\u0000b');
      await refused(() => officer('GET', '/api/search?q=%00'), 400, 'invalid_request', '/query/q');
      await refused(() => officer('GET', '/api/search?q=Salim%00Hamid&top=3'), 400, 'invalid_request', '/query/q');
      await refused(() => officer('GET', '/api/persons/%00'), 400, 'invalid_request', '/params/id');
      // A page answers such a request with its own page for a bad request, not a failure.
      const page = await app.inject({ method: 'GET', url: '/search?q=Salim%00', headers: { cookie, accept: 'text/html' } });
      assert.equal(page.statusCode, 400, page.body.slice(0, 300));
      assert.match(String(page.headers['content-type']), /^text\/html/);
    });

    test('a query string whose percent-escapes are not UTF-8 is refused, naming the parameter, not read as its raw text', async () => {
      await refused(() => officer('GET', '/api/search?q=%ED%A0%80'), 400, 'invalid_request', '/query/q');
      await refused(() => officer('GET', '/api/search?q=Salim%FF'), 400, 'invalid_request', '/query/q');
      await refused(() => officer('GET', '/api/search?q=Salim&top=%C3'), 400, 'invalid_request', '/query/top');
      // Escapes that are UTF-8 are read as usual.
      const report = await officer('GET', `/api/roll-calls/report?facility_id=${facility.facility_id}&date=2026%2D01%2D21`);
      assert.equal(report.statusCode, 200, report.body);
    });

    test('a lone surrogate is refused wherever it comes', async () => {
      await refused(() => officer('POST', '/api/persons', { body: personBody({ names: [aName({ full: 'Salim \ud800 Hamid', script: 'Latn' })] }) }), 400, 'invalid_request', '/names/0/full');
      await refused(() => officer('POST', '/api/persons', { raw: JSON.stringify(personBody({ documents: [{ kind: 'passport', number: 'A1', issuing_country: 'IQ' }] })).replace('"A1"', '"A\\udc00"') }), 400, 'invalid_request', '/documents/0/number');
      await refused(() => officer('POST', `/api/transfers/${transfer}/cancellation`, { body: { code: 'order_withdrawn', note: '\udfff\ud800' } }), 400, 'invalid_request', '/note');
    });

    test('a date or time that no calendar has is refused before it reaches the database', async () => {
      const { admission_id: _id, ...admission } = anAdmission(person, facility);
      const admit = (overrides: object) => () => officer('POST', '/api/admissions', { body: { ...admission, ...overrides } });
      await refused(admit({ admitted_at: '2026-02-30T10:00:00+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2025-02-29T10:00:00+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2026-01-21T24:00:00+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2026-13-01T10:00:00+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2026-01-21T10:60:00+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2026-01-21T23:59:60+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2026-01-21T10:00:00+14:30' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '2026-01-21T10:00:00-15:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ admitted_at: '0000-01-21T10:00:00+03:00' }), 400, 'invalid_request', '/admitted_at');
      await refused(admit({ basis: { ...admission.basis, issued_on: '2026-04-31' } }), 400, 'invalid_request', '/basis/issued_on');
      await refused(admit({ items: { ...admission.items, first_deprivation: { at: '2025-11-31T10:00:00Z', place: 'x', authority: 'y' } } }), 400, 'invalid_request', '/items/first_deprivation/at');
      await refused(() => officer('POST', '/api/persons', { body: personBody({ dob: { kind: 'exact', date: '1990-02-29' } }) }), 400, 'invalid_request', '/dob/date');
      await refused(() => officer('POST', '/api/roll-calls', { body: { facility_id: facility.facility_id, occurred_at: '2026-02-30T10:00:00+03:00' } }), 400, 'invalid_request', '/occurred_at');
      await refused(() => officer('GET', `/api/roll-calls/report?facility_id=${facility.facility_id}&date=2026-02-30`), 400, 'invalid_request', '/query/date');

      // Real days at the edges are accepted: a leap day, the last day of a month, offsets of ±14:00.
      const leap = await officer('POST', '/api/persons', { body: personBody({ dob: { kind: 'exact', date: '1992-02-29' } }) });
      assert.equal(leap.statusCode, 201, leap.body);
      const { admission_id: _leapId, ...leapAdmission } = anAdmission(leap.json().person_id, facility);
      const admitted = await officer('POST', '/api/admissions', { body: { ...leapAdmission, admitted_at: '2024-02-29T23:59:59.5+14:00', items: { ...admission.items, first_deprivation: { at: '2024-02-28T10:00:00-12:00', place: 'x', authority: 'y' } } } });
      assert.equal(admitted.statusCode, 201, admitted.body);
    });

    test('a body that is not UTF-8 is refused, not stored with replacement characters', async () => {
      const body = personBody({ names: [aName({ full: 'MARKER', script: 'Latn' })] });
      const send = (bytes: readonly number[]) => () =>
        app.inject({ method: 'POST', url: '/api/persons', headers: { cookie, 'idempotency-key': randomUUID(), 'content-type': 'application/json' }, payload: rawJson(body, 'MARKER', bytes) });
      await refused(send([0x53, 0xff, 0x48]), 400, 'invalid_encoding', '');
      await refused(send([0xc3]), 400, 'invalid_encoding', '');
      await refused(send([0xed, 0xa0, 0x80]), 400, 'invalid_encoding', ''); // a surrogate written as UTF-8 (CESU-8)
      await refused(send([0xc0, 0xaf]), 400, 'invalid_encoding', ''); // an overlong form
      const good = await send([0x53, 0xc3, 0xa9])();
      assert.equal(good.statusCode, 201, good.body);

      // A form sent to a page: refused before the page reads it.
      const before = await counts(db);
      const form = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: Buffer.from([0x75, 0x3d, 0xff]) });
      assert.equal(form.statusCode, 400, form.body);
      assert.deepEqual(await counts(db), before);
    });

    test('a handover list with a NUL in a cell is refused with its row and column; in a column title, with the file', async () => {
      const upload = (content: Buffer, extra: object = {}) => ({
        file: { name: 'list.csv', content_base64: content.toString('base64') },
        mapping: { columns: { sender_id: 'No.', name_latin: 'Name' }, defaults: { sex: 'male' } },
        sender: 'Fictional sending authority',
        new_transfer: { origin: { kind: 'authority', name: 'Fictional sending authority', country: 'SY' }, destination: { kind: 'facility', facility_id: facility.facility_id }, reason: 'handover' },
        ...extra,
      });
      const nulInCell = Buffer.from('No.,Name\r\n1,Salim Hamid\r\n2,Ali\u0000Hasan\r\n');
      await refused(() => officer('POST', '/api/handover-lists', { body: upload(nulInCell) }), 422, 'invalid_value', '/file/rows/3');
      const dry = await officer('POST', '/api/handover-lists', { body: upload(nulInCell, { dry_run: true }) });
      assert.equal(dry.statusCode, 200, dry.body);
      assert.deepEqual(dry.json().errors.map((e: { row: number; column: string; field: string }) => [e.row, e.column, e.field]), [[3, 'B', 'name_latin']]);
      await refused(() => officer('POST', '/api/handover-lists', { body: upload(Buffer.from('No.,Na\u0000me\r\n1,Salim Hamid\r\n')) }), 422, 'invalid_value', '/file');
    });

    test('an error repeats at most a bounded part of what was sent', async () => {
      const huge = 'H'.repeat(5 * 1024 * 1024);
      const csv = Buffer.from(`No.,Name,${huge}\r\n1,Salim Hamid,x\r\n`);
      const res = await officer('POST', '/api/handover-lists', {
        body: { file: { name: 'list.csv', content_base64: csv.toString('base64') }, mapping: { columns: { sender_id: 'No.', name_latin: 'Name' } }, sender: 'Fictional sending authority', transfer_id: transfer },
      });
      assertProblem(res, 422, 'invalid_value', '/file');
      assert.ok(res.body.length < 2000, `${res.body.length} characters`);
      assert.match(res.json().detail, /"H{200}…"/);

      // A mapped title of 300,000 characters is repeated in part by each row's error.
      const longTitle = 'T'.repeat(300_000);
      const rows = Array.from({ length: 50 }, (_, i) => `${i + 1},1234`).join('\r\n');
      const dry = await officer('POST', '/api/handover-lists', {
        body: { file: { name: 'list.csv', content_base64: Buffer.from(`No.,${longTitle}\r\n${rows}\r\n`).toString('base64') }, mapping: { columns: { sender_id: 'No.', name_latin: longTitle } }, sender: 'Fictional sending authority', transfer_id: transfer, dry_run: true },
      });
      assert.equal(dry.statusCode, 200, dry.body.slice(0, 300));
      const errors = (dry.json().errors as { field: string; header: string; message: string }[]).filter((e) => e.field === 'name_latin');
      assert.equal(errors.length, 50);
      assert.ok(errors.every((e) => e.header === `${'T'.repeat(200)}…` && e.message.length <= 401), JSON.stringify(errors[0]).slice(0, 600));
      assert.ok(dry.body.length < 100 * 1000, `${dry.body.length} characters`);

      const unknownField = await officer('POST', '/api/persons', { body: { ...personBody(), [huge.slice(0, 100_000)]: 1 } });
      assert.equal(unknownField.statusCode, 400, unknownField.body.slice(0, 300));
      assert.ok(unknownField.body.length < 2000, `${unknownField.body.length} characters`);
      assert.match(unknownField.json().field, /^\/H{200}…$/);
    });

    test('a path parameter over Fastify’s length limit, or not percent-encoded right, is answered as problem+json', async () => {
      const long = await officer('GET', `/api/persons/${'a'.repeat(5000)}`);
      assertProblem(long, 414, 'uri_too_long', '/params');
      assert.ok(long.body.length < 2000, `${long.body.length} characters`);
      assertProblem(await officer('GET', '/api/persons/%E0%A4%A'), 400, 'invalid_request', '/params');
    });

    test('a request head larger than the server accepts is answered 431 as problem+json', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(`GET /api/search?q=${'x'.repeat(64 * 1024)} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('end', () => resolve(data));
        socket.on('error', (error) => (data ? resolve(data) : reject(error)));
      });
      const [head, body] = answer.split('\r\n\r\n') as [string, string];
      assert.match(head, /^HTTP\/1\.1 431 /);
      assert.match(head, /\r\ncontent-type: application\/problem\+json\r\n/i);
      const problem = JSON.parse(body);
      assert.equal(problem.status, 431);
      assert.equal(problem.code, 'request_head_too_large');
      assert.equal(problem.field, '/headers');
    });
  });
}
