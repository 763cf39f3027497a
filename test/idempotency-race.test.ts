/**
 * Retries of one request sent at once under one Idempotency-Key (a client that times out and
 * retries, a double click): whichever arrives first, every answer is the first answer, and
 * exactly one command and one set of events is written. The same key with another body is
 * still refused.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { backends } from './support/backends.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Database } from '../src/store/database.ts';

const trials = 10;
const parallel = 5;

async function totals(db: Database) {
  const { rows } = await db.query<{ events: number; persons: number; admissions: number; commands: number }>(
    'SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM admission) AS admissions, (SELECT count(*) FROM command) AS commands',
  );
  return rows[0]!;
}

/** What was written under one key: command rows, and events by kind and person (each at most once). */
async function writtenUnder(db: Database, key: string) {
  const commands = await db.query<{ n: number }>('SELECT count(*) AS n FROM command WHERE idempotency_key = $1', [key]);
  const events = await db.query<{ kind: string; person_id: string | null; n: number }>('SELECT kind, person_id, count(*) AS n FROM event WHERE idempotency_key = $1 GROUP BY kind, person_id', [key]);
  return { commands: commands.rows[0]!.n, events: events.rows };
}

/** Every answer is the first: same status and same body. */
function assertSameAnswers(answers: readonly LightMyRequestResponse[], status: number) {
  const first = answers[0]!;
  assert.equal(first.statusCode, status, first.body);
  for (const answer of answers) {
    assert.equal(answer.statusCode, first.statusCode, `${answer.statusCode} ${answer.body} vs ${first.statusCode} ${first.body}`);
    assert.deepEqual(answer.json(), first.json());
  }
}

/** A person as POST /api/persons takes it, with names of their own (no duplicate reviews between trials). */
function personBody(trial: number) {
  const { person_id: _id, register_number: _number, ...body } = aPerson({
    names: [aName({ script: 'Latn', full: `Fictional Person Number ${trial} ${randomUUID().slice(0, 8)}`, parts: {} })],
  });
  return body;
}

for (const backend of backends) {
  describe(`parallel retries under one Idempotency-Key on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let officer: Client;
    let supervisor: Client;
    const origin = aFacility({ name: 'Fictional Origin Prison' });
    const destination = aFacility({ name: 'Fictional Destination Prison' });

    /** Send the same request `parallel` times at once. */
    const all = (send: () => Promise<LightMyRequestResponse>) => Promise.all(Array.from({ length: parallel }, send));

    async function registered(trial: number): Promise<string> {
      const res = await officer('POST', '/api/persons', { body: personBody(trial) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().person_id;
    }

    async function admitted(trial: number): Promise<string> {
      const id = await registered(trial);
      const { admission_id: _id, ...body } = anAdmission(id, origin);
      const res = await officer('POST', '/api/admissions', { body });
      assert.equal(res.statusCode, 201, res.body);
      return id;
    }

    before(async () => {
      db = await backend.open();
      app = buildServer({ db, passwordCost: cheap });
      await app.ready();
      await createAccount(db, { username: 'facility.officer', displayName: 'Fictional officer', role: 'facility_officer', password, scope: wholeRegister }, { cost: cheap });
      await createAccount(db, { username: 'supervisor', displayName: 'Fictional supervisor', role: 'supervisor', password, scope: wholeRegister }, { cost: cheap });
      officer = clientFor(app, await login(app, 'facility.officer'));
      supervisor = clientFor(app, await login(app, 'supervisor'));
      for (const facility of [origin, destination]) assert.equal((await supervisor('POST', '/api/facilities', { body: facility })).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test(`POST /api/persons: ${trials} trials of ${parallel} identical requests at once, one person and one command each`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const key = randomUUID();
        const body = personBody(trial);
        const before = await totals(db);
        const answers = await all(() => officer('POST', '/api/persons', { body, key }));
        assertSameAnswers(answers, 201);
        const after = await totals(db);
        assert.equal(after.persons - before.persons, 1, `trial ${trial}`);
        assert.equal(after.commands - before.commands, 1, `trial ${trial}`);
        const written = await writtenUnder(db, key);
        assert.equal(written.commands, 1);
        assert.ok(written.events.every((e) => e.n === 1), JSON.stringify(written.events));
        assert.deepEqual(written.events.filter((e) => e.kind === 'person.registered').map((e) => e.person_id), [answers[0]!.json().person_id]);
        assert.equal(after.events - before.events, written.events.length);
      }
    });

    test(`POST /api/admissions: ${trials} trials of ${parallel} identical requests at once, one admission each`, async () => {
      for (let trial = 0; trial < trials; trial++) {
        const id = await registered(100 + trial);
        const { admission_id: _id, ...body } = anAdmission(id, origin);
        const key = randomUUID();
        const before = await totals(db);
        const answers = await all(() => officer('POST', '/api/admissions', { body, key }));
        assertSameAnswers(answers, 201);
        const after = await totals(db);
        assert.equal(after.admissions - before.admissions, 1, `trial ${trial}`);
        assert.equal(after.commands - before.commands, 1, `trial ${trial}`);
        const written = await writtenUnder(db, key);
        assert.equal(written.commands, 1);
        assert.ok(written.events.length > 0 && written.events.every((e) => e.n === 1), JSON.stringify(written.events));
        assert.equal(after.events - before.events, written.events.length);
      }
    });

    test(`POST /api/transfers/:id/check-ins: ${trials} trials of ${parallel} identical requests at once, one arrival each`, async () => {
      const people: string[] = [];
      for (let trial = 0; trial < trials; trial++) people.push(await admitted(200 + trial));
      const created = await officer('POST', '/api/transfers', {
        body: { origin: { kind: 'facility', facility_id: origin.facility_id }, destination: { kind: 'facility', facility_id: destination.facility_id }, reason: 'hearing at the destination court', persons: people },
      });
      assert.equal(created.statusCode, 201, created.body);
      const transfer = created.json().transfer_id;
      assert.equal((await supervisor('POST', `/api/transfers/${transfer}/approval`, { body: {} })).statusCode, 201);
      const dispatch = { escort_authority: 'Fictional escort', escort_commander: 'Cpt F.', releasing_official: 'Warden R.', occurred_at: '2026-01-22T06:00:00+03:00' };
      assert.equal((await officer('POST', `/api/transfers/${transfer}/dispatch`, { body: dispatch })).statusCode, 201);
      for (const [trial, person] of people.entries()) {
        const record = await officer('GET', `/api/persons/${person}`);
        const body = { person_id: person, register_number: record.json().register_number, receiving_official: 'Officer D.', occurred_at: '2026-01-22T12:00:00+03:00', unit_id: destination.units[0]!.id };
        const key = randomUUID();
        const before = await totals(db);
        const answers = await all(() => officer('POST', `/api/transfers/${transfer}/check-ins`, { body, key }));
        assertSameAnswers(answers, 201);
        assert.equal(answers[0]!.json().outcome, 'received');
        const after = await totals(db);
        assert.equal(after.commands - before.commands, 1, `trial ${trial}`);
        const written = await writtenUnder(db, key);
        assert.equal(written.commands, 1);
        assert.ok(written.events.length > 0 && written.events.every((e) => e.n === 1), JSON.stringify(written.events));
        assert.equal(after.events - before.events, written.events.length);
      }
    });

    test('a retry is recognised whatever the order of its fields; the same key with another body is refused and writes nothing', async () => {
      const key = randomUUID();
      const body = personBody(300);
      const first = await officer('POST', '/api/persons', { body, key });
      assert.equal(first.statusCode, 201, first.body);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      assert.notEqual(JSON.stringify(reordered), JSON.stringify(body));
      const retry = await officer('POST', '/api/persons', { body: reordered, key });
      assert.equal(retry.statusCode, 201, retry.body);
      assert.deepEqual(retry.json(), first.json());
      assert.equal(retry.headers['idempotent-replayed'], 'true');

      const before = await totals(db);
      const other = { ...body, names: [aName({ script: 'Latn', full: 'Another Fictional Person', parts: {} })] };
      const answers = await all(() => officer('POST', '/api/persons', { body: other, key }));
      for (const res of answers) {
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().code, 'idempotency_key_reused');
      }
      assert.deepEqual(await totals(db), before);
    });
  });
}
