/**
 * An event must fit a tlog-tiles entry (65,535 bytes) or monitors cannot follow the log: the
 * write path refuses any event that would not, with a named rejection, and writes nothing.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aName, aPerson } from './support/factories.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { problemCatalogue } from '../src/api/problem.ts';
import { maxEventBytes } from '../src/domain/event-size.ts';
import { MAX_ENTRY_SIZE } from '../src/ledger/tiles.ts';
import type { Database } from '../src/store/database.ts';

const clerk = () => ({ actor: 'clerk.one', role: 'registration_clerk' as const, idempotencyKey: randomUUID() });

async function written(db: Database) {
  const { rows } = await db.query<{ events: number; persons: number; commands: number; tree: number; head: number }>(
    `SELECT (SELECT count(*)::int FROM event) AS events, (SELECT count(*)::int FROM person) AS persons, (SELECT count(*)::int FROM command) AS commands,
            (SELECT count(*)::int FROM log_subtree) AS tree, (SELECT size::int FROM log_head) AS head`,
  );
  return rows[0]!;
}

test('the write path refuses exactly what an entry bundle cannot carry', () => {
  assert.equal(maxEventBytes, MAX_ENTRY_SIZE);
});

for (const backend of backends) {
  describe(`the size of an event on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    before(async () => {
      db = await backend.open();
      register = { db };
      assert.ok((await execute(register, registerPerson, aPerson(), clerk())).ok);
    });
    after(() => db.close());

    test('an event whose canonical bytes would exceed 65,535 is refused as event_too_large, naming the field, and nothing is written', async () => {
      const before = await written(db);
      // 150 names of 295 Arabic letters (two bytes each): some 110 KB of one person.registered event.
      const person = aPerson({ names: Array.from({ length: 150 }, (_, i) => aName({ full: `${'س'.repeat(295)} ${i}` })) });
      const outcome = await execute(register, registerPerson, person, clerk());
      assert.equal(outcome.ok, false);
      assert.ok(!outcome.ok);
      assert.equal(outcome.rejection.code, 'event_too_large');
      assert.equal(outcome.rejection.field, '/names');
      assert.match(outcome.rejection.message, /65,535/);
      assert.equal(problemCatalogue.event_too_large.status, 422);
      assert.deepEqual(await written(db), before);
      const { rows } = await db.query('SELECT 1 FROM person WHERE id = $1', [person.person_id]);
      assert.equal(rows.length, 0);
    });

    test('an event just under the limit is written', async () => {
      const person = aPerson({ names: Array.from({ length: 80 }, (_, i) => aName({ full: `${'س'.repeat(295)} ${i}` })) });
      const outcome = await execute(register, registerPerson, person, clerk());
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const { rows } = await db.query<{ n: number }>('SELECT max(length(bytes))::int AS n FROM event');
      assert.ok(rows[0]!.n > 50_000 && rows[0]!.n <= 65_535, String(rows[0]!.n));
    });
  });
}
