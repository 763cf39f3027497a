import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission, allItems } from './support/factories.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { recordExit } from '../src/commands/record-exit.ts';
import { correctPerson } from '../src/commands/correct-person.ts';
import { intakeBatch } from '../src/commands/intake-batch.ts';
import { checkRegister } from '../src/store/check.ts';
import { applyEvents } from '../src/store/projections.ts';
import type { LoggedEvent } from '../src/domain/events.ts';
import type { Database } from '../src/store/database.ts';

const clerk = () => ({ actor: 'clerk.one', role: 'registration_clerk' as const, idempotencyKey: randomUUID() });

async function counts(db: Database) {
  const { rows } = await db.query<{ events: number; persons: number; admissions: number; commands: number }>(
    'SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM person) AS persons, (SELECT count(*) FROM admission) AS admissions, (SELECT count(*) FROM command) AS commands',
  );
  return rows[0]!;
}

for (const backend of backends) {
  describe(`write path on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const facility = aFacility();
    before(async () => {
      db = await backend.open();
      register = { db };
      const done = await execute(register, registerFacility, facility, { ...clerk(), role: 'supervisor' });
      assert.ok(done.ok);
    });
    after(() => db.close());

    test('a registered and admitted person is in custody in the unit, with follow-up tasks', async () => {
      const person = aPerson();
      assert.ok((await execute(register, registerPerson, person, clerk())).ok);
      const admitted = await execute(register, admitPerson, anAdmission(person.person_id, facility, { items: allItems({ health_record: { unknown_reason: 'record not sent with the list' } }) }), clerk());
      assert.ok(admitted.ok, JSON.stringify(admitted));
      const { rows } = await db.query<{ custody_status: string; unit_id: string; version: number }>('SELECT custody_status, unit_id, version FROM person WHERE id = $1', [person.person_id]);
      assert.equal(rows[0]!.custody_status, 'in_custody');
      assert.equal(rows[0]!.unit_id, facility.units[0]!.id);
      const tasks = await db.query<{ kind: string }>('SELECT kind FROM task WHERE person_id = $1 ORDER BY kind', [person.person_id]);
      assert.deepEqual(tasks.rows.map((t) => t.kind), ['complete_admission_item', 'medical_examination', 'notify_family']);
      // registered, then admitted (the admission carries the tasks it opens): two events, two links.
      assert.equal(rows[0]!.version, 2);
      const chain = await db.query<{ idx: number; prev_person_idx: number | null }>('SELECT idx, prev_person_idx FROM event WHERE person_id = $1 ORDER BY idx', [person.person_id]);
      assert.equal(chain.rows[0]!.prev_person_idx, null);
      for (let i = 1; i < chain.rows.length; i++) assert.equal(chain.rows[i]!.prev_person_idx, chain.rows[i - 1]!.idx);
      // The stored bytes are exactly the canonical UTF-8 text, Arabic included, and hash to the leaf.
      const stored = await db.query<{ bytes: Uint8Array; leaf_hash: Uint8Array }>("SELECT bytes, leaf_hash FROM event WHERE person_id = $1 AND kind = 'person.registered'", [person.person_id]);
      const bytes = Buffer.from(stored.rows[0]!.bytes);
      assert.equal(JSON.parse(bytes.toString('utf8')).data.names[0].full, person.names[0]!.full);
      assert.deepEqual(Buffer.from(stored.rows[0]!.leaf_hash), createHash('sha256').update(Buffer.concat([Buffer.from([0]), bytes])).digest());
    });

    test('an intake batch leaves each person exactly as registering and admitting them one by one does, and the register checks against a replay', async () => {
      const rows = [aPerson(), aPerson()].map((person) => ({ person, admission: (({ person_id: _p, expected_version: _v, ...rest }) => rest)(anAdmission(person.person_id, facility)) }));
      assert.ok((await execute(register, intakeBatch, { rows }, clerk())).ok);
      const single = aPerson();
      assert.ok((await execute(register, registerPerson, single, clerk())).ok);
      assert.ok((await execute(register, admitPerson, anAdmission(single.person_id, facility), clerk())).ok);
      // The same columns, the same custody periods, whichever path wrote them.
      const state = async (id: string) => {
        const person = await db.query('SELECT custody_status, facility_id, unit_id, legal_status, category, version, frozen FROM person WHERE id = $1', [id]);
        const periods = await db.query<{ seq: number; status: string; facility_id: string | null; closed: boolean }>(
          'SELECT seq, status, facility_id, to_idx IS NOT NULL AS closed FROM custody_period WHERE person_id = $1 ORDER BY seq',
          [id],
        );
        return { person: person.rows[0], periods: periods.rows };
      };
      const expected = await state(single.person_id);
      assert.deepEqual(expected.periods.map((p) => [p.seq, p.status, p.closed]), [[1, 'registered', true], [2, 'in_custody', false]]);
      for (const { person } of rows) assert.deepEqual(await state(person.person_id), expected);
      const since = await db.query<{ admitted: boolean }>(
        'SELECT p.custody_since = a.admitted_at AS admitted FROM person p JOIN admission a ON a.person_id = p.id WHERE p.id = ANY($1::uuid[])',
        [rows.map((r) => r.person.person_id)],
      );
      assert.deepEqual(since.rows, [{ admitted: true }, { admitted: true }]);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a retry with the same idempotency key returns the first result and writes nothing more', async () => {
      const person = aPerson();
      const ctx = clerk();
      const first = await execute(register, registerPerson, person, ctx);
      const before = await counts(db);
      const again = await execute(register, registerPerson, person, ctx);
      assert.ok(first.ok && again.ok);
      assert.equal(again.replayed, true);
      assert.deepEqual(again.response, first.response);
      assert.deepEqual(await counts(db), before);
      const other = await execute(register, registerPerson, aPerson(), ctx);
      assert.equal(!other.ok && other.rejection.code, 'idempotency_key_reused');
    });

    test('admitting someone already in custody is refused and nothing is written', async () => {
      const person = aPerson();
      await execute(register, registerPerson, person, clerk());
      assert.ok((await execute(register, admitPerson, anAdmission(person.person_id, facility), clerk())).ok);
      const before = await counts(db);
      const again = await execute(register, admitPerson, anAdmission(person.person_id, facility), clerk());
      assert.equal(!again.ok && again.rejection.code, 'already_in_custody');
      assert.deepEqual(await counts(db), before);
    });

    test('a command based on a stale version is refused with stale_version', async () => {
      const person = aPerson();
      await execute(register, registerPerson, person, clerk());
      const stale = await execute(register, admitPerson, anAdmission(person.person_id, facility, { expected_version: 0 }), clerk());
      assert.equal(!stale.ok && stale.rejection.code, 'stale_version');
      const fresh = await execute(register, admitPerson, anAdmission(person.person_id, facility, { expected_version: 1 }), clerk());
      assert.ok(fresh.ok);
    });

    test('a death opens an independent referral and freezes the record: a correction is a new event that references it, the record as frozen unchanged', async () => {
      const person = aPerson();
      await execute(register, registerPerson, person, clerk());
      await execute(register, admitPerson, anAdmission(person.person_id, facility), clerk());
      const officer = () => ({ ...clerk(), role: 'supervisor' as const });
      const died = await execute(register, recordExit, { person_id: person.person_id, kind: 'person.died', occurred_at: '2026-02-02T03:00:00+03:00', details: { circumstances: 'found unresponsive in cell', cause: 'pending autopsy', remains: 'forensic medicine institute' } }, officer());
      assert.ok(died.ok);
      const tasks = await db.query<{ kind: string }>("SELECT kind FROM task WHERE person_id = $1 AND kind = 'independent_death_referral'", [person.person_id]);
      assert.equal(tasks.rows.length, 1);
      const registered = await db.query<{ event_id: string }>("SELECT event_id FROM event WHERE person_id = $1 AND kind = 'person.registered'", [person.person_id]);
      const sexBefore = (await db.query<{ sex: string }>('SELECT sex FROM person WHERE id = $1', [person.person_id])).rows[0]!.sex;
      const otherSex = sexBefore === 'male' ? 'female' : 'male';
      const correction = await execute(register, correctPerson, { person_id: person.person_id, corrects: registered.rows[0]!.event_id, reason: 'spelling', changes: { sex: otherSex } }, officer());
      assert.ok(correction.ok, JSON.stringify(correction));
      assert.deepEqual(correction.response.events.map((e) => e.kind), ['evidence.correction_recorded']);
      const written = await db.query<{ bytes: Uint8Array }>("SELECT bytes FROM event WHERE person_id = $1 AND kind = 'evidence.correction_recorded'", [person.person_id]);
      assert.equal(JSON.parse(Buffer.from(written.rows[0]!.bytes).toString('utf8')).data.corrects, registered.rows[0]!.event_id);
      assert.equal((await db.query<{ sex: string }>('SELECT sex FROM person WHERE id = $1', [person.person_id])).rows[0]!.sex, sexBefore);
    });

    test('an escape is an open incident, never a silent state', async () => {
      const person = aPerson();
      await execute(register, registerPerson, person, clerk());
      await execute(register, admitPerson, anAdmission(person.person_id, facility), clerk());
      const escaped = await execute(register, recordExit, { person_id: person.person_id, kind: 'person.escaped', occurred_at: '2026-02-02T03:00:00+03:00', details: { circumstances: 'absent at the morning count' } }, { ...clerk(), role: 'facility_officer' });
      assert.ok(escaped.ok);
      const { rows } = await db.query<{ kind: string; status: string }>('SELECT kind, status FROM incident WHERE person_id = $1', [person.person_id]);
      assert.deepEqual(rows, [{ kind: 'escape', status: 'open' }]);
    });

    test('a correction names the event it corrects, which stays in the log', async () => {
      const person = aPerson({ dob: { kind: 'year', year: 1991 } });
      await execute(register, registerPerson, person, clerk());
      const registered = await db.query<{ event_id: string; bytes: Uint8Array }>("SELECT event_id, bytes FROM event WHERE person_id = $1", [person.person_id]);
      const corrected = await execute(register, correctPerson, { person_id: person.person_id, corrects: registered.rows[0]!.event_id, reason: 'national ID card read', changes: { dob: { kind: 'exact', date: '1991-03-04' } } }, { ...clerk(), role: 'supervisor' });
      assert.ok(corrected.ok, JSON.stringify(corrected));
      const now = await db.query<{ dob: unknown }>('SELECT dob FROM person WHERE id = $1', [person.person_id]);
      assert.deepEqual(now.rows[0]!.dob, { kind: 'exact', date: '1991-03-04' });
      const events = await db.query<{ kind: string; bytes: Uint8Array }>('SELECT kind, bytes FROM event WHERE person_id = $1 ORDER BY idx', [person.person_id]);
      assert.deepEqual(events.rows.map((e) => e.kind), ['person.registered', 'person.corrected']);
      assert.deepEqual(Buffer.from(events.rows[0]!.bytes), Buffer.from(registered.rows[0]!.bytes));
      assert.equal(JSON.parse(Buffer.from(events.rows[1]!.bytes).toString()).data.corrects, registered.rows[0]!.event_id);
    });

    test('the event log refuses UPDATE and DELETE', async () => {
      await assert.rejects(db.query('UPDATE event SET kind = kind'), /append-only/);
      await assert.rejects(db.query('DELETE FROM event'), /append-only/);
    });

    test('suspicions applied together: a person\'s several candidates each get a review, and a pair suspected twice ends as the later suspicion says', async () => {
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      const suspicion = (idx: number, person: string, candidate: string, score: number) =>
        ({ idx, event_id: randomUUID(), kind: 'person.duplicate_suspected', person_id: person, occurred_at: '2026-02-01T10:00:00Z', recorded_at: '2026-02-01T10:00:00Z', actor: 'clerk.one', data: { candidate_id: candidate, score, explanation: { note: `suspicion ${idx}` } } }) as unknown as LoggedEvent;
      // Projected in a transaction that is then rolled back: these events are not in the log.
      const rolledBack = new Error('rolled back');
      let reviews: { person_id: string; candidate_id: string; score: number; explanation: { note: string }; opened_idx: number; status: string }[] = [];
      await assert.rejects(
        db.transaction(async (tx) => {
          await applyEvents(tx, [suspicion(901, a, b, 0.81), suspicion(902, a, c, 0.82), suspicion(903, b, c, 0.85), suspicion(904, a, b, 0.93)]);
          reviews = (await tx.query<(typeof reviews)[number]>('SELECT person_id, candidate_id, score, explanation, opened_idx, status FROM duplicate_review WHERE person_id = ANY($1::uuid[])', [[a, b, c]])).rows;
          throw rolledBack;
        }),
        rolledBack,
      );
      const byPair = new Map(reviews.map((r) => [`${r.person_id} ${r.candidate_id}`, [Number(r.score), r.explanation.note, Number(r.opened_idx), r.status]]));
      assert.deepEqual(
        byPair,
        new Map([
          [`${a} ${b}`, [0.93, 'suspicion 904', 904, 'open']],
          [`${a} ${c}`, [0.82, 'suspicion 902', 902, 'open']],
          [`${b} ${c}`, [0.85, 'suspicion 903', 903, 'open']],
        ]),
      );
      assert.equal((await db.query('SELECT 1 FROM duplicate_review WHERE person_id = ANY($1::uuid[])', [[a, b, c]])).rows.length, 0);
    });
  });
}

for (const backend of backends.slice(0, 1)) {
  test(`idempotency keys are per actor: another official's key never returns their response (${backend.name})`, async () => {
    const db = await backend.open();
    try {
      const key = randomUUID();
      const first = await execute({ db }, registerPerson, aPerson(), { actor: 'clerk.one', role: 'registration_clerk', idempotencyKey: key });
      const second = await execute({ db }, registerPerson, aPerson(), { actor: 'clerk.two', role: 'registration_clerk', idempotencyKey: key });
      assert.ok(first.ok && second.ok);
      assert.equal(second.replayed, false);
      assert.notDeepEqual(second.response, first.response);
    } finally {
      await db.close();
    }
  });
}
