/**
 * A handover list's reconciliation pinned: every row's outcome, the person it settles on, its
 * match and score, the row it repeats, and every duplicate review opened (candidate, score to the
 * last bit, a digest of the explanation), as recorded in fixtures/pinned-import/answers.json
 * from the import as it was at commit 902f5fb — before the list was matched with itself in a
 * worker thread while the register is searched, and before only the strong register candidates
 * were explained. Any change to what an import decides shows here as the first row that moved.
 *
 * The register: 1,000 fictional persons of the demo register (seed 31, fixed ids), admitted
 * through the intake command; its identity index estimates its own parameters, as the server's
 * does. The list (fixtures/pinned-import/list.csv, 702 rows): 450 rows of generated names with
 * the variant spellings lists use, some listing a person again under another number (spelt as
 * before or another way), and 250 rows drawn from the register's own few dozen words, many of
 * which match a register entry strongly; and a row repeating another's sender id. Imported as a
 * new order from an outside authority (dry run and import), on both backends.
 *
 * SIJILL_RECORD_ANSWERS=<file> writes the answers to that file instead of comparing them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { backends } from './support/backends.ts';
import { as, ok } from './support/transfers.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { intakeBatch } from '../src/commands/intake-batch.ts';
import { importHandoverList, previewHandoverList } from '../src/commands/import-handover-list.ts';
import { demoPlan } from '../src/demo/demo-data.ts';
import type { ImportHandoverList, ListedRow } from '../src/domain/reconciliation.ts';
import { readHandoverList } from '../src/import/handover-list.ts';
import { parseMapping } from '../src/import/mapping.ts';
import { canonicalJson } from '../src/ledger/canonical-json.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { asideFrom, listedEarlier, listedEarlierAside } from '../src/commands/list-matching.ts';

const dir = new URL('./fixtures/pinned-import/', import.meta.url);
const recordTo = process.env.SIJILL_RECORD_ANSWERS;

/** A fixed id per person and per name record, so that ties (broken by id) fall the same way every run. */
const uuid = (kind: number, i: number) => `00000000-0000-4000-8000-${kind.toString(16).padStart(4, '0')}${i.toString(16).padStart(8, '0')}`;
const at = new Date('2026-10-01T09:00:00Z');

/** The register's facilities and intake rows: the demo register of 1,000 (seed 31), every person and name with a fixed id. */
function pinnedRegister() {
  const plan = demoPlan(1000, 31, at, { courts: false });
  const rows = plan.batches.flat().map((row, i) => ({ ...row, person: { ...row.person, person_id: uuid(1, i), names: row.person.names.map((n, k) => ({ ...n, id: uuid(2 + k, i) })) } }));
  return { facilities: plan.facilities, rows };
}

const pinnedMapping = parseMapping({
  columns: { sender_id: 'No.', name_latin: 'Name', mother_name: 'Mother', dob: 'DOB', nationality: 'Nationality' },
  values: { nationality: { Iraqi: 'IQ', Syrian: 'SY', Tunisian: 'TN', French: 'FR', Russian: 'RU' } },
  defaults: { sex: 'male' },
});

/** The list's entries as the import reads them. */
function pinnedEntries() {
  const list = readHandoverList(readFileSync(new URL('list.csv', dir)), 'list.csv', pinnedMapping, { today: '2026-12-07' });
  assert.deepEqual(list.errors, []);
  return list.entries;
}

/** The answers as recorded: per row, what it was settled as. */
function pinnedAnswers(): Answers {
  return JSON.parse(readFileSync(new URL('answers.json', dir), 'utf8'));
}

interface Answers {
  rows: unknown[][];
  reviews: unknown[][];
  summary: unknown;
}

const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);

/** A row as the fixture keeps it: [row, outcome, person, match, score, same as row, [suspected person, score]…]. */
const rowAnswer = (r: ListedRow): unknown[] => [r.row, r.outcome, r.person_id, r.match, r.score, r.same_as_row, ...r.suspected.map((s) => [s.person_id, s.score])];

test('the list matched with itself gives the rows each repeats as recorded, in a worker thread as on this one', async () => {
  const entries = pinnedEntries();
  assert.ok(entries.length >= asideFrom, 'the import matches this list in a worker thread');
  const expected = pinnedAnswers().rows.map((r) => r[5]);
  assert.deepEqual(listedEarlier(entries), expected);
  assert.deepEqual(await listedEarlierAside(entries), expected);
});

describe('a handover list imported against a register reconciles as recorded', () => {
  for (const backend of backends) {
    test(`on ${backend.name}`, async () => {
      const db = await backend.open();
      try {
        const clock = () => at;
        const setup: Register = { db, clock };
        const { facilities, rows } = pinnedRegister();
        for (const f of facilities) ok(await execute(setup, registerFacility, f, as('bench.setup', 'supervisor')), 'facility');
        for (let i = 0; i < rows.length; i += 500) ok(await execute(setup, intakeBatch, { rows: rows.slice(i, i + 500) }, as('bench.setup', 'supervisor')), 'intake');
        const register: Register = { db, clock, identity: await IdentityIndex.build(db) };
        const input: ImportHandoverList = {
          list_id: uuid(7, 1),
          transfer_id: uuid(8, 1),
          new_transfer: { origin: { kind: 'authority', name: 'Fictional sending authority', country: 'SY' }, destination: { kind: 'facility', facility_id: facilities[0]!.facility_id }, reason: 'handover of a movement from the sending authority' },
          sender: 'Fictional sending authority',
          source: 'list.csv',
          entries: pinnedEntries(),
        };
        const preview = await previewHandoverList(register, input, { actor: 'officer.gate', role: 'facility_officer' });
        assert.ok(preview.ok, JSON.stringify(preview));
        const imported = ok(await execute(register, importHandoverList, input, as('officer.gate')), 'import');
        const { rows: reviews } = await db.query<{ person_id: string; candidate_id: string; score: number; explanation: unknown }>(
          `SELECT person_id, candidate_id, score, explanation FROM duplicate_review ORDER BY person_id, candidate_id`,
        );
        const got: Answers = {
          rows: preview.rows.map(rowAnswer),
          reviews: reviews.map((r) => [r.person_id, r.candidate_id, Number(r.score), digest(r.explanation)]),
          summary: imported,
        };
        if (recordTo) {
          writeFileSync(recordTo, `${JSON.stringify(got, null, 1)}\n`);
          return;
        }
        const expected = pinnedAnswers();
        for (const [i, row] of expected.rows.entries()) assert.deepEqual(got.rows[i], row, `row ${i + 1} of the list`);
        assert.equal(got.rows.length, expected.rows.length);
        assert.deepEqual(got.reviews, expected.reviews);
        assert.deepEqual(got.summary, expected.summary);
        // What was written is what the dry run decided.
        const { rows: written } = await db.query<{ row: number; outcome: string; person_id: string | null }>('SELECT row, outcome, person_id FROM handover_list_row ORDER BY row');
        assert.deepEqual(written.map((r) => [r.row, r.outcome, r.person_id]), expected.rows.map((r) => r.slice(0, 3)));
      } finally {
        await db.close();
      }
    });
  }
});
