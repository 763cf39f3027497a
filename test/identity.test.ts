import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount } from '../src/api/accounts.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { randomUUID } from 'node:crypto';
import type { Database } from '../src/store/database.ts';

/** A registration body with the given names (the server assigns id and register number). */
function body(names: { script: 'Arab' | 'Latn'; full: string }[], overrides: Parameters<typeof aPerson>[0] = {}) {
  const { person_id: _id, register_number: _n, ...rest } = aPerson({ names: names.map((n) => aName(n)), ...overrides });
  return rest;
}

for (const backend of backends) {
  describe(`identity in the register on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let supervisor: Client;
    let clerk: Client;
    before(async () => {
      db = await backend.open();
      await createAccount(db, { username: 'sup', displayName: 'Supervisor', role: 'supervisor', password }, { cost: cheap });
      await createAccount(db, { username: 'clerk', displayName: 'Clerk', role: 'registration_clerk', password }, { cost: cheap });
      app = buildServer({ db, register: { db, identity: await IdentityIndex.build(db) } });
      supervisor = clientFor(app, await login(app, 'sup'));
      clerk = clientFor(app, await login(app, 'clerk'));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a person registered in Latin script is suggested, with an explanation, when the same person is registered in Arabic script', async () => {
      const first = await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Marwan Khalil Ibrahim al-Dulaimi' }], { dob: { kind: 'year', year: 1984 } }) });
      assert.equal(first.statusCode, 201, first.body);
      const latin = first.json();
      const second = await clerk('POST', '/api/persons', { body: body([{ script: 'Arab', full: 'مروان خليل ابراهيم الدليمي' }], { dob: { kind: 'exact', date: '1984-06-02' } }) });
      assert.equal(second.statusCode, 201, second.body);
      const arabic = second.json();
      assert.equal(arabic.possible_duplicates[0]?.person_id, latin.person_id, second.body);
      assert.ok(arabic.possible_duplicates[0].explanation.tokens.length >= 3, 'the explanation names the aligned tokens');
      const reviews = (await supervisor('GET', '/api/reviews')).json().reviews;
      assert.ok(reviews.some((r: { person: { id: string }; candidate: { id: string } }) => r.person.id === arabic.person_id && r.candidate.id === latin.person_id));
    });

    test('search finds a person by a name in the other script, by register number and by document number', async () => {
      const created = (await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Yasir Adnan Jabbar al-Shammari' }], { documents: [{ kind: 'national_id', number: 'IQ-555-0001', issuing_country: 'IQ' }] }) })).json();
      const byArabic = (await clerk('GET', `/api/search?q=${encodeURIComponent('ياسر عدنان جبار الشمري')}`)).json();
      assert.equal(byArabic.results[0]?.person.id, created.person_id);
      assert.equal(byArabic.results[0]?.matched_by, 'name');
      const byNumber = (await clerk('GET', `/api/search?q=${encodeURIComponent(created.register_number.toLowerCase().replace(/-/g, ''))}`)).json();
      assert.deepEqual(byNumber.results.map((r: { person: { id: string }; matched_by: string }) => [r.person.id, r.matched_by]), [[created.person_id, 'register_number']]);
      const byDocument = (await clerk('GET', '/api/search?q=IQ-555-0001')).json();
      assert.deepEqual(byDocument.results.map((r: { person: { id: string } }) => r.person.id), [created.person_id]);
    });

    test('a merge keeps every name, answers searches for the alias with the surviving record, and a split undoes it', async () => {
      const a = (await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Othman Rafiq Salman al-Kubaisi' }]) })).json();
      const b = (await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Abu Qutayba al-Anbari' }]) })).json();
      assert.equal((await clerk('POST', `/api/persons/${b.person_id}/merge`, { body: { into: a.person_id, reason: 'same fingerprints reference' } })).statusCode, 403);
      const merged = await supervisor('POST', `/api/persons/${b.person_id}/merge`, { body: { into: a.person_id, reason: 'same fingerprints reference' } });
      assert.equal(merged.statusCode, 201, merged.body);
      const found = (await clerk('GET', `/api/search?q=${encodeURIComponent('Abu Qutayba al-Anbari')}`)).json();
      assert.equal(found.results[0]?.person.id, a.person_id);
      assert.equal(found.results[0]?.via_alias, b.person_id);
      const names = await db.query('SELECT 1 FROM name_record WHERE person_id = $1', [b.person_id]);
      assert.equal(names.rows.length, 1, 'the alias keeps its names');
      const split = await supervisor('POST', `/api/persons/${b.person_id}/split`, { body: { reason: 'fingerprint reference was mistyped' } });
      assert.equal(split.statusCode, 201, split.body);
      const again = (await clerk('GET', `/api/search?q=${encodeURIComponent('Abu Qutayba al-Anbari')}`)).json();
      assert.equal(again.results[0]?.person.id, b.person_id);
      assert.equal(again.results[0]?.via_alias, undefined);
    });

    test('a record in custody cannot be merged away, and a dismissed review leaves the queue', async () => {
      const facility = aFacility();
      assert.ok((await execute({ db }, registerFacility, facility, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      const held = (await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Hazim Talal Fadhil al-Rawi' }], { dob: { kind: 'year', year: 1979 } }) })).json();
      assert.ok((await execute({ db }, admitPerson, anAdmission(held.person_id, facility), { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      const twin = (await clerk('POST', '/api/persons', { body: body([{ script: 'Arab', full: 'حازم طلال فاضل الراوي' }], { dob: { kind: 'year', year: 1979 } }) })).json();
      assert.equal(twin.possible_duplicates[0]?.person_id, held.person_id);
      const refused = await supervisor('POST', `/api/persons/${held.person_id}/merge`, { body: { into: twin.person_id, reason: 'same person' } });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'invalid_transition');
      const dismissed = await supervisor('POST', `/api/persons/${twin.person_id}/duplicates/${held.person_id}/dismiss`, { body: { reason: 'brothers: different mothers on their national ID cards' } });
      assert.equal(dismissed.statusCode, 201, dismissed.body);
      const open = (await supervisor('GET', '/api/reviews')).json().reviews;
      assert.ok(!open.some((r: { person: { id: string } }) => r.person.id === twin.person_id));
    });
  });
}
