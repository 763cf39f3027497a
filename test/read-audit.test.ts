/**
 * Every read of personal data is audited, by whichever path it is read (MR6, ICPPED 22):
 * the log's entry bundles, a handover list's dry run, and the possible duplicates in the
 * answer to a registration — and the audit is written in one module only.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('the read audit is written by exactly one module', () => {
  const writers = sourceFiles(join(root, 'src'))
    .filter((f) => /auditRead|INSERT\s+INTO\s+read_audit/i.test(readFileSync(f, 'utf8')))
    .map((f) => relative(root, f));
  assert.deepEqual(writers, ['src/queries/personal-read.ts']);
});

for (const backend of backends) {
  describe(`reads of personal data are audited on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const as = {} as Record<'clerk' | 'officer' | 'auditor' | 'supervisor', Client>;
    const ids = {} as Record<keyof typeof as, string>;
    const facility = aFacility();

    /** The persons an account's audited reads name, with what they read. */
    async function readsBy(account: keyof typeof as): Promise<{ person_id: string; what: string }[]> {
      const { rows } = await db.query<{ person_id: string; what: string }>('SELECT person_id, what FROM read_audit WHERE account_id = $1 ORDER BY id', [ids[account]]);
      return rows;
    }
    const personsReadBy = async (account: keyof typeof as) => new Set((await readsBy(account)).map((r) => r.person_id));

    async function registered(overrides: Parameters<typeof aPerson>[0] = {}): Promise<{ person_id: string; register_number: string; possible_duplicates: { person_id: string }[] }> {
      const { person_id: _id, register_number: _n, ...body } = aPerson(overrides);
      // Registered on purpose next to people like them: a new record all the same, with the reason.
      const res = await as.clerk('POST', '/api/persons', { body: { ...body, duplicate_reason: 'A different person: checked against the handover list' } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    }

    before(async () => {
      db = await backend.open();
      const identity = await IdentityIndex.build(db);
      app = buildApp({ db, register: { db, identity }, passwordCost: cheap });
      await app.ready();
      const accounts: [keyof typeof as, Role][] = [['clerk', 'registration_clerk'], ['officer', 'facility_officer'], ['auditor', 'auditor'], ['supervisor', 'supervisor']];
      for (const [username, role] of accounts) {
        ids[username] = (await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap })).id;
        as[username] = clientFor(app, await login(app, username));
      }
      assert.equal((await as.supervisor('POST', '/api/facilities', { body: facility })).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('the possible duplicates in the answer to a registration are a read of those persons by the clerk', async () => {
      const names = () => [aName({ script: 'Latn', full: 'Yassin Majid Qasim al-Rawi', parts: { given: 'Yassin', father: 'Majid' } })];
      const first = await registered({ names: names(), dob: { kind: 'exact', date: '1990-06-06' } });
      assert.deepEqual(await personsReadBy('clerk'), new Set());
      const second = await registered({ names: names(), dob: { kind: 'exact', date: '1990-06-06' } });
      assert.ok(second.possible_duplicates.some((d) => d.person_id === first.person_id), 'the second registration is told of the first');
      const reads = await readsBy('clerk');
      assert.deepEqual(new Set(reads.map((r) => r.person_id)), new Set(second.possible_duplicates.map((d) => d.person_id)));
    });

    test('a handover list dry run is a read of every register entry it names, by the account that sent it', async () => {
      const person = await registered({ names: [aName({ script: 'Latn', full: 'Anas Faisal Tariq al-Zubaidi', parts: { given: 'Anas' } })] });
      const { admission_id: _a, ...admission } = anAdmission(person.person_id, facility);
      assert.equal((await as.clerk('POST', '/api/admissions', { body: admission })).statusCode, 201);
      const transfer = await as.officer('POST', '/api/transfers', {
        body: { origin: { kind: 'facility', facility_id: facility.facility_id }, destination: { kind: 'authority', name: 'Fictional court', country: 'IQ' }, reason: 'hearing', persons: [person.person_id] },
      });
      assert.equal(transfer.statusCode, 201, transfer.body);
      const before = await personsReadBy('officer');
      assert.ok(!before.has(person.person_id));
      const csv = `No.,Name,Register no.\r\n1,Anas Faisal,${person.register_number}\r\n`;
      const res = await as.officer('POST', '/api/handover-lists', {
        body: { file: { name: 'list.csv', content_base64: Buffer.from(csv).toString('base64') }, mapping: { columns: { sender_id: 'No.', name_latin: 'Name', register_number: 'Register no.' } }, sender: 'Fictional sender', transfer_id: transfer.json().transfer_id, dry_run: true },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().ok, true, res.body);
      assert.ok(JSON.stringify(res.json().report).includes(person.person_id), 'the dry run names the person');
      assert.ok((await personsReadBy('officer')).has(person.person_id), 'the dry run is audited');
    });

    test('an entry bundle of the log is a read of every person whose event it holds, by the account that fetched it', async () => {
      const a = await registered();
      const b = await registered({ names: [aName({ full: 'زياد هشام عمر الكبيسي', parts: { given: 'زياد' } })] });
      const { rows } = await db.query<{ idx: number; person_id: string | null }>('SELECT idx, person_id FROM event ORDER BY idx');
      assert.ok(rows.length < 256);
      const res = await as.auditor('GET', `/log/tile/entries/000.p/${rows.length}`);
      assert.equal(res.statusCode, 200, res.body);
      const inBundle = new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])));
      assert.ok(inBundle.has(a.person_id) && inBundle.has(b.person_id));
      assert.deepEqual(await personsReadBy('auditor'), inBundle);
    });
  });
}
