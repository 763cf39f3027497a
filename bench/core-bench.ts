/**
 * Issue 2 figures: admissions through the intake batch command (register + name records +
 * admission, with their tasks, 1,000 rows a transaction) for N persons, per second, on
 * PGlite and on PostgreSQL — with the register's identity index (every row's names looked
 * up in the register and among the rows before it, `IdentityIndex.searchBatch`) or without
 * it; and the floor: a raw INSERT … SELECT unnest(…) of the same person, name and admission
 * rows into copies of the same tables in the same database, in the same run. Each batch run
 * also says where its time went, stage by stage of the write path.
 */
import { randomUUID } from 'node:crypto';
import { execute, type Register } from '../src/commands/execute.ts';
import { intakeBatch, type IntakeRow } from '../src/commands/intake-batch.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { demoPlan } from '../src/demo/demo-data.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';
import { StageTimes } from '../src/store/stage-times.ts';

export interface AdmissionFigures {
  readonly backend: string;
  /** Whether each row's names were searched for duplicates (the register's identity index). */
  readonly duplicateSearch: boolean;
  readonly persons: number;
  readonly events: number;
  /** Duplicate reviews the batch opened (rows whose names and evidence scored 0.8 or more). */
  readonly reviews: number;
  readonly commandSeconds: number;
  /**
   * Seconds per stage of the write path, summed over the run's commands (`Register.stages`):
   * idempotency, lock, load (with `load: duplicate search`), decide, append (with its parts
   * `append: …`), projections (with `projections: <kind>`), command record, commit, identity index.
   */
  readonly stages: Readonly<Record<string, number>>;
}

const batchSize = 1000;

/**
 * Rows for N admissions into big fictional facilities (capacity for all of them), the
 * demo register's names and admission details.
 */
export function admissionPlan(persons: number, seed = 99) {
  const base = demoPlan(persons, seed, undefined, { courts: false });
  const prison = { ...base.facilities[0]!, capacity: { men_untried: persons * 2, men_convicted: 10, women_untried: persons, boys_untried: persons, girls_untried: persons, family_not_charged: persons } };
  const centre = { ...base.facilities[1]!, capacity: { men_untried: persons, women_untried: persons, boys_untried: persons } };
  const camp = { ...base.facilities[2]!, capacity: { family_not_charged: persons } };
  const rehab = { ...base.facilities[3]!, capacity: { family_not_charged: persons } };
  return { facilities: [prison, centre, camp, rehab, base.facilities[4]!], rows: base.batches.flat() };
}

/**
 * Seconds to write the rows' person, name and admission rows with raw unnest inserts, 1,000
 * rows a transaction, into copies of the tables (dropped after) in `db`.
 */
export async function measureFloor(db: Database, rows: readonly IntakeRow[]): Promise<number> {
  await db.exec(`
    DROP TABLE IF EXISTS floor_person, floor_name, floor_admission;
    CREATE TABLE floor_person (LIKE person INCLUDING ALL);
    CREATE TABLE floor_name (LIKE name_record INCLUDING ALL);
    CREATE TABLE floor_admission (LIKE admission INCLUDING ALL);`);
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) {
    const chunk = rows.slice(i, i + batchSize);
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO floor_person (id, register_number, sex, gender, dob, nationalities, languages, biometric_refs, custody_status, facility_id, unit_id, legal_status, category, custody_since, frozen, registered_at, version)
         SELECT id, rn, sex, gender, dob, '{}', '{}', '[]', 'in_custody', f, u, 'untried', 'men_untried', now(), false, now(), 2
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[], $7::uuid[]) AS t(id, rn, sex, gender, dob, f, u)`,
        [chunk.map((r) => r.person.person_id), chunk.map((r) => r.person.register_number), chunk.map((r) => r.person.sex), chunk.map((r) => r.person.gender), chunk.map((r) => JSON.stringify(r.person.dob)), chunk.map((r) => r.admission.facility_id), chunk.map((r) => r.admission.unit_id)],
      );
      const names = chunk.flatMap((r) => r.person.names.map((n) => ({ ...n, person_id: r.person.person_id })));
      await tx.query(
        `INSERT INTO floor_name (id, person_id, script, full_name, parts, source, confidence)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::numeric[])`,
        [names.map((n) => n.id), names.map((n) => n.person_id), names.map((n) => n.script), names.map((n) => n.full), names.map((n) => JSON.stringify(n.parts)), names.map((n) => n.source), names.map((n) => n.confidence)],
      );
      await tx.query(
        `INSERT INTO floor_admission (id, person_id, facility_id, unit_id, legal_status, category, admitted_at, basis, items, event_idx)
         SELECT id, p, f, u, 'untried', 'men_untried', at, basis, items, 0 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::jsonb[], $7::jsonb[]) AS t(id, p, f, u, at, basis, items)`,
        [chunk.map((r) => r.admission.admission_id), chunk.map((r) => r.person.person_id), chunk.map((r) => r.admission.facility_id), chunk.map((r) => r.admission.unit_id), chunk.map((r) => r.admission.admitted_at), chunk.map((r) => JSON.stringify(r.admission.basis)), chunk.map((r) => JSON.stringify(r.admission.items))],
      );
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await db.exec('DROP TABLE floor_person, floor_name, floor_admission');
  return seconds;
}

/** Register the plan's facilities (before anything else is measured). */
export async function registerFacilities(db: Database, facilities: ReturnType<typeof admissionPlan>['facilities']): Promise<void> {
  for (const f of facilities) {
    const done = await execute({ db }, registerFacility, f, { actor: 'bench', role: 'supervisor', idempotencyKey: randomUUID() });
    if (!done.ok) throw new Error(JSON.stringify(done));
  }
}

/**
 * Admit `rows` through the intake batch command, 1,000 rows a command and transaction, into
 * `db` whose facilities are registered. With `duplicateSearch`, the register keeps an
 * identity index as the server does (built before the clock starts, then following the
 * log), and every row is searched as a single registration would be.
 */
export async function measureIntakeBatch(db: Database, backend: string, rows: readonly IntakeRow[], duplicateSearch: boolean): Promise<AdmissionFigures> {
  // The command keeps the time of each stage only because it is asked to: the same path otherwise.
  const stages = new StageTimes();
  const register: Register = duplicateSearch ? { db, identity: await IdentityIndex.build(db), stages } : { db, stages };
  const ctx = () => ({ actor: 'bench', role: 'supervisor' as const, idempotencyKey: randomUUID() });
  const size = async () => (await db.query<{ size: number }>('SELECT size FROM log_head')).rows[0]!.size;
  const reviewsNow = async () => Number((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE kind = 'person.duplicate_suspected'")).rows[0]!.n);
  const before = await size();
  const reviewsBefore = await reviewsNow();
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) {
    const outcome = await execute(register, intakeBatch, { rows: rows.slice(i, i + batchSize) }, ctx());
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
  }
  const commandSeconds = (performance.now() - started) / 1000;
  const events = (await size()) - before;
  return { backend, duplicateSearch, persons: rows.length, events, reviews: (await reviewsNow()) - reviewsBefore, commandSeconds, stages: stages.seconds() };
}
