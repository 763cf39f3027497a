import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { IdentityIndex, type IdentityCandidate } from '../src/queries/identity-index.ts';
import { demoPlan } from '../src/demo/demo-data.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { intakeBatch, type IntakeBatchResult, type IntakeRow } from '../src/commands/intake-batch.ts';
import type { Register } from '../src/commands/execute.ts';
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
    let identity: IdentityIndex;
    before(async () => {
      db = await backend.open();
      await createAccount(db, { username: 'sup', displayName: 'Supervisor', role: 'supervisor', password, scope: wholeRegister }, { cost: cheap });
      await createAccount(db, { username: 'clerk', displayName: 'Clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
      identity = await IdentityIndex.build(db);
      app = buildServer({ db, register: { db, identity } });
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
      // Probably the same person: not registered again without a reason, and nothing written.
      const count = async () => (await db.query<{ events: number; persons: number }>('SELECT (SELECT count(*)::int FROM event) AS events, (SELECT count(*)::int FROM person) AS persons')).rows[0];
      const before = await count();
      const again = { body: body([{ script: 'Arab', full: 'مروان خليل ابراهيم الدليمي' }], { dob: { kind: 'exact', date: '1984-06-02' } }) };
      const refused = await clerk('POST', '/api/persons', again);
      assert.deepEqual([refused.statusCode, refused.json().code, refused.json().field], [409, 'likely_duplicate', '/duplicate_reason'], refused.body);
      assert.ok(refused.json().detail.includes(latin.register_number), 'the refusal names the record it probably is');
      assert.deepEqual(await count(), before);
      const reason = 'Different father’s name on the civil status record; to be reviewed';
      const second = await clerk('POST', '/api/persons', { body: { ...again.body, duplicate_reason: reason } });
      assert.equal(second.statusCode, 201, second.body);
      const arabic = second.json();
      const suspicion = await db.query<{ bytes: Uint8Array }>("SELECT bytes FROM event WHERE person_id = $1 AND kind = 'person.duplicate_suspected'", [arabic.person_id]);
      assert.deepEqual(suspicion.rows.map((r) => JSON.parse(Buffer.from(r.bytes).toString('utf8')).data.registered_despite), [reason], 'the reason is kept with the question, in the log');

      // Admitting either record while the question is open asks the official to settle it or say why not.
      const facility = aFacility();
      assert.equal((await supervisor('POST', '/api/facilities', { body: facility })).statusCode, 201);
      const { admission_id: _a, ...admission } = anAdmission(arabic.person_id, facility);
      const unsettled = await supervisor('POST', '/api/admissions', { body: admission });
      assert.deepEqual([unsettled.statusCode, unsettled.json().code, unsettled.json().field], [409, 'likely_duplicate', '/duplicate_reason'], unsettled.body);
      assert.ok(unsettled.json().detail.includes(latin.register_number));
      const admitted = await supervisor('POST', '/api/admissions', { body: { ...admission, duplicate_reason: 'Brought in tonight; the review is with the identity officer' } });
      assert.equal(admitted.statusCode, 201, admitted.body);
      const custody = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [arabic.person_id]);
      assert.equal(custody.rows[0]!.custody_status, 'in_custody');
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
      const twin = (await clerk('POST', '/api/persons', { body: { ...body([{ script: 'Arab', full: 'حازم طلال فاضل الراوي' }], { dob: { kind: 'year', year: 1979 } }), duplicate_reason: 'Says he is the brother of the man held' } })).json();
      assert.equal(twin.possible_duplicates[0]?.person_id, held.person_id);
      const refused = await supervisor('POST', `/api/persons/${held.person_id}/merge`, { body: { into: twin.person_id, reason: 'same person' } });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'invalid_transition');
      const dismissed = await supervisor('POST', `/api/persons/${twin.person_id}/duplicates/${held.person_id}/dismiss`, { body: { reason: 'brothers: different mothers on their national ID cards' } });
      assert.equal(dismissed.statusCode, 201, dismissed.body);
      const open = (await supervisor('GET', '/api/reviews')).json().reviews;
      assert.ok(!open.some((r: { person: { id: string } }) => r.person.id === twin.person_id));
    });

    /** An intake row for a fictional person with one name, admitted to `facility`. */
    const row = (facility: ReturnType<typeof aFacility>, script: 'Arab' | 'Latn', full: string, year: number): IntakeRow => {
      const person = aPerson({ names: [aName({ script, full, parts: {} })], dob: { kind: 'year', year } });
      const { person_id: _p, expected_version: _v, ...admission } = anAdmission(person.person_id, facility);
      return { person, admission };
    };
    const runBatch = async (register: Register, rows: IntakeRow[]): Promise<IntakeBatchResult> => {
      const outcome = await execute(register, intakeBatch, { rows }, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      return outcome.response;
    };
    const openReviews = async (personId: string): Promise<Array<{ candidate_id: string; score: number }>> =>
      (await db.query<{ candidate_id: string; score: string }>("SELECT candidate_id, score FROM duplicate_review WHERE person_id = $1 AND status = 'open' ORDER BY score DESC", [personId])).rows.map((r) => ({ candidate_id: r.candidate_id, score: Number(r.score) }));

    test('an intake batch flags likely duplicates per row, against the register and against earlier rows, without refusing the batch', async () => {
      const facility = aFacility();
      assert.ok((await execute({ db }, registerFacility, facility, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      const known = (await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Qasim Fawzi Mahmoud al-Jubouri' }], { dob: { kind: 'year', year: 1982 } }) })).json();
      const rows = [
        row(facility, 'Arab', 'قاسم فوزي محمود الجبوري', 1982), // the registered person again, in Arabic script
        row(facility, 'Latn', "Ra'ad Sabah Ghanim al-Mashhadani", 1975),
        row(facility, 'Arab', 'رعد صباح غانم المشهداني', 1975), // row 1 again, in Arabic script
        row(facility, 'Latn', 'Bashar Tawfiq Ziyad al-Khafaji', 1990),
      ];
      const ids = rows.map((r) => r.person.person_id);
      const result = await runBatch({ db, identity }, rows);
      assert.equal(result.persons, 4);
      assert.deepEqual(result.rows.map((r) => r.person_id), ids, 'one report per row, in order');

      const [first, second, third, fourth] = result.rows;
      assert.equal(first?.possible_duplicates[0]?.person_id, known.person_id);
      assert.ok((first?.possible_duplicates[0]?.score ?? 0) >= 0.8, JSON.stringify(first));
      assert.ok((first?.possible_duplicates[0]?.explanation as { tokens: unknown[] }).tokens.length >= 3, 'with the explanation');
      assert.equal(third?.possible_duplicates[0]?.person_id, ids[1], 'a row is matched against the rows before it');
      assert.ok((third?.possible_duplicates[0]?.score ?? 0) >= 0.8, JSON.stringify(third));
      assert.ok(!second?.possible_duplicates.some((c) => c.person_id === ids[2]), 'a row is not matched against the rows after it (the pair gets one review)');
      assert.ok(result.rows.every((r, i) => r.possible_duplicates.every((c) => c.person_id !== ids[i])), 'no row is its own duplicate');

      // Reviews are opened as for single registration: for candidates at 0.8 or more, and only for them.
      assert.deepEqual((await openReviews(ids[0]!)).map((r) => r.candidate_id), first!.possible_duplicates.filter((c) => c.score >= 0.8).map((c) => c.person_id));
      assert.deepEqual((await openReviews(ids[2]!)).map((r) => r.candidate_id), third!.possible_duplicates.filter((c) => c.score >= 0.8).map((c) => c.person_id));
      assert.ok((await openReviews(ids[2]!)).some((r) => r.candidate_id === ids[1]));
      assert.ok(fourth!.possible_duplicates.every((c) => c.score < 0.8), JSON.stringify(fourth));
      assert.deepEqual(await openReviews(ids[3]!), []);
      const reviews = (await supervisor('GET', '/api/reviews')).json().reviews;
      assert.ok(reviews.some((r: { person: { id: string }; candidate: { id: string } }) => r.person.id === ids[2] && r.candidate.id === ids[1]));
      // Everyone was registered and admitted all the same.
      const admitted = await db.query<{ id: string }>("SELECT id FROM person WHERE id = ANY($1::uuid[]) AND custody_status = 'in_custody'", [ids]);
      assert.equal(admitted.rows.length, 4);
    });

    test('a retried intake batch answers its first response, likely duplicates and their explanations included, and writes nothing more', async () => {
      const facility = aFacility();
      assert.ok((await execute({ db }, registerFacility, facility, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Haidar Jassim Nouri al-Rubaie' }], { dob: { kind: 'year', year: 1986 } }) });
      const rows = [row(facility, 'Arab', 'حيدر جاسم نوري الربيعي', 1986), row(facility, 'Latn', 'Haidar Jasim Nuri al-Rubai', 1986)];
      const ctx = { actor: 'sup', role: 'supervisor' as const, idempotencyKey: randomUUID() };
      const first = await execute({ db, identity }, intakeBatch, { rows }, ctx);
      assert.ok(first.ok, JSON.stringify(first));
      assert.ok(first.response.rows.every((r) => r.possible_duplicates.length > 0 && r.possible_duplicates.every((c) => c.explanation !== null)), JSON.stringify(first.response));
      const events = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM event')).rows[0]!.n;
      const before = await events();
      const again = await execute({ db, identity }, intakeBatch, { rows }, ctx);
      assert.ok(again.ok && again.replayed);
      assert.deepEqual(again.response, first.response);
      assert.equal(await events(), before);
    });

    test('a batch row gets the same candidates and scores as registering that person alone', async () => {
      const facility = aFacility();
      assert.ok((await execute({ db }, registerFacility, facility, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      await clerk('POST', '/api/persons', { body: body([{ script: 'Latn', full: 'Muntadhar Salih Abbas al-Zaidi' }], { dob: { kind: 'year', year: 1979 } }) });
      const probe = row(facility, 'Arab', 'منتظر صالح عباس الزيدي', 1979);
      const alone = (await clerk('POST', '/api/persons', { body: { ...body([{ script: 'Arab', full: probe.person.names[0]!.full }], { dob: { kind: 'year', year: 1979 } }), duplicate_reason: 'A namesake, to be reviewed' } })).json();
      // The same name again, now in a batch: it meets both earlier records, with the scores single registration gave.
      // Registering alone, looked up just before the batch: the earlier registration was looked
      // up when the register held the name once less, and a name more people hold says less
      // (term frequency), so its own answer is no longer the one to compare with.
      const p = probe.person;
      const single = await identity.search({ name: p.names[0]!.full, dob: p.dob, nationalities: p.nationalities, sex: p.sex }, 5);
      const result = await runBatch({ db, identity }, [probe]);
      const scores = new Map(result.rows[0]!.possible_duplicates.map((c) => [c.person_id, c.score]));
      assert.ok(single.candidates.length > 0);
      for (const c of single.candidates) {
        assert.ok(Math.abs((scores.get(c.id) ?? -1) - c.score) < 0.02, `${c.id}: ${c.score} alone, ${scores.get(c.id)} in a batch`);
      }
      assert.ok((alone.possible_duplicates as unknown[]).length > 0);
      assert.ok(scores.has(alone.person_id), 'and the earlier registration of the same name');
    });

    test('an intake batch finds the same candidates, scores and explanations however warm the index is, and scores the register as single search does', async () => {
      // A register of its own: demo persons, whose names share words often, so each search
      // meets many candidates (ranked, capped) and rows resemble the register and each other.
      const own = await backend.open();
      try {
        const plan = demoPlan(400, 11, undefined, { courts: false });
        for (const f of plan.facilities) assert.ok((await execute({ db: own }, registerFacility, f, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
        const rows = plan.batches.flat();
        for (let i = 0; i < 250; i += 125) await runBatch({ db: own }, rows.slice(i, i + 125));
        const persons = rows.slice(250).map((r) => r.person);
        const inBatch = new Set(persons.map((p) => p.person_id));
        const warm = await IdentityIndex.build(own);
        const first = await warm.searchBatch(persons, 5);
        assert.equal(first.length, persons.length);
        assert.ok(first.some((found) => found.some((c) => inBatch.has(c.id))), 'some rows resemble earlier rows');
        assert.ok(first.some((found) => found.some((c) => !inBatch.has(c.id))), 'some rows resemble the register');
        assert.ok(first.every((found) => found.every((c) => c.explanation !== undefined)), 'every candidate is explained');

        // Another batch in between, then the same batch again; and a new index of the same register.
        await warm.searchBatch(persons.slice(0, 60).reverse(), 5);
        assert.deepEqual(await warm.searchBatch(persons, 5), first);
        assert.deepEqual(await (await IdentityIndex.build(own)).searchBatch(persons, 5), first);

        // A register candidate has the score and explanation that single search gives its best name.
        let compared = 0;
        for (const [i, p] of persons.entries()) {
          const alone = new Map<string, IdentityCandidate>();
          for (const n of p.names) {
            for (const c of (await warm.search({ name: n.full, dob: p.dob, nationalities: p.nationalities, sex: p.sex }, 10)).candidates) {
              if ((alone.get(c.id)?.score ?? -Infinity) < c.score) alone.set(c.id, c);
            }
          }
          for (const c of first[i]!.filter((x) => !inBatch.has(x.id))) {
            assert.deepEqual(c, alone.get(c.id), `row ${i}, candidate ${c.id}`);
            compared++;
          }
        }
        assert.ok(compared > 100, `${compared} register candidates compared`);
      } finally {
        await own.close();
      }
    });

    test('without an identity index a batch flags nothing, as single registration does', async () => {
      const facility = aFacility();
      assert.ok((await execute({ db }, registerFacility, facility, { actor: 'sup', role: 'supervisor', idempotencyKey: randomUUID() })).ok);
      const rows = [row(facility, 'Latn', 'Layth Nabil Hamza al-Azzawi', 1991), row(facility, 'Latn', 'Layth Nabil Hamza al-Azzawi', 1991)];
      const result = await runBatch({ db }, rows);
      assert.deepEqual(result.rows.map((r) => r.possible_duplicates), [[], []]);
      assert.deepEqual(await openReviews(rows[1]!.person.person_id), []);
    });
  });
}
