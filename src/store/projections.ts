/**
 * Applying events to the projections (current-state tables), set-based: consecutive events
 * of one kind are applied with one statement per table, so a bulk intake of thousands of
 * persons costs a handful of round trips. Replaying the whole log uses the same code.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { EventKind, LoggedEvent } from '../domain/events.ts';
import { exitStatusOf } from '../domain/events.ts';
import type { Queryable } from './database.ts';

const projectionsSql = readFileSync(new URL('./projections.sql', import.meta.url), 'utf8');

/** Tables built by projections.sql, in the order they are compared and dropped. */
export const projectionTables = ['facility', 'facility_unit', 'person', 'name_record', 'person_document', 'admission', 'custody_period', 'task', 'duplicate_review', 'incident'] as const;

/** Digest of the projection schema: a change means the projections are rebuilt from the log. */
export const projectionSchemaDigest = createHash('sha256').update(projectionsSql).digest('hex').slice(0, 16);

/** Create the projection tables in the current search_path. */
export async function createProjectionTables(tx: Queryable): Promise<void> {
  await tx.exec(projectionsSql);
}

export async function dropProjectionTables(tx: Queryable): Promise<void> {
  await tx.exec(projectionTables.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
}

type Applier = (tx: Queryable, events: readonly LoggedEvent[]) => Promise<void>;

const json = (rows: unknown[]) => JSON.stringify(rows);

/** Close each person's open custody period and open the next one. */
async function changePeriod(tx: Queryable, events: readonly LoggedEvent[], status: (e: LoggedEvent) => string, facility: (e: LoggedEvent) => string | null) {
  const rows = events.map((e) => ({ person_id: e.person_id, idx: e.idx, at: e.occurred_at, status: status(e), facility_id: facility(e) }));
  await tx.query(
    `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, idx bigint, at timestamptz, status text, facility_id uuid)),
     closed AS (
       UPDATE custody_period c SET to_idx = r.idx, to_at = r.at FROM r
        WHERE c.person_id = r.person_id AND c.to_idx IS NULL
       RETURNING c.person_id, c.seq)
     INSERT INTO custody_period (person_id, seq, status, facility_id, from_idx, from_at)
     SELECT r.person_id, closed.seq + 1, r.status, r.facility_id, r.idx, r.at FROM r JOIN closed USING (person_id)`,
    [json(rows)],
  );
}

const exitApplier: Applier = async (tx, events) => {
  const rows = events.map((e) => ({ id: e.person_id, status: exitStatusOf[e.kind as keyof typeof exitStatusOf], at: e.occurred_at, frozen: e.kind === 'person.died' }));
  await tx.query(
    `UPDATE person p SET custody_status = r.status, facility_id = NULL, unit_id = NULL, category = NULL, custody_since = r.at, frozen = p.frozen OR r.frozen
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, at timestamptz, frozen boolean) WHERE p.id = r.id`,
    [json(rows)],
  );
  await changePeriod(tx, events, (e) => exitStatusOf[e.kind as keyof typeof exitStatusOf], () => null);
  const escapes = events.filter((e) => e.kind === 'person.escaped');
  if (escapes.length) {
    await tx.query(
      `INSERT INTO incident (id, person_id, kind, opened_at, status, detail)
       SELECT (r.d->>'incident_id')::uuid, r.person_id, 'escape', r.at, 'open', r.d
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, at timestamptz, d jsonb)`,
      [json(escapes.map((e) => ({ person_id: e.person_id, at: e.occurred_at, d: e.data })))],
    );
  }
};

async function insertNames(tx: Queryable, rows: { person_id: string | null; name: unknown }[]) {
  await tx.query(
    `INSERT INTO name_record (id, person_id, script, full_name, parts, source, confidence)
     SELECT (r.name->>'id')::uuid, r.person_id, r.name->>'script', r.name->>'full', r.name->'parts', r.name->>'source', (r.name->>'confidence')::numeric
       FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, name jsonb)`,
    [json(rows)],
  );
}

async function replaceDocuments(tx: Queryable, rows: { person_id: string | null; documents: unknown }[]) {
  await tx.query('DELETE FROM person_document WHERE person_id = ANY($1::uuid[])', [rows.map((r) => r.person_id)]);
  await tx.query(
    `INSERT INTO person_document (person_id, position, kind, number, issuing_country)
     SELECT r.person_id, d.ordinality::int, d.value->>'kind', d.value->>'number', d.value->>'issuing_country'
       FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, documents jsonb), jsonb_array_elements(r.documents) WITH ORDINALITY AS d`,
    [json(rows)],
  );
}

const appliers: Record<EventKind, Applier> = {
  'facility.registered': async (tx, events) => {
    await tx.query(
      `INSERT INTO facility (id, name, kind, authority, country, timezone, capacity, version)
       SELECT r.facility_id, r.name, r.kind, r.authority, r.country, r.timezone, r.capacity, 1
         FROM jsonb_to_recordset($1::jsonb) AS r(facility_id uuid, name text, kind text, authority text, country text, timezone text, capacity jsonb)`,
      [json(events.map((e) => e.data))],
    );
    await tx.query(
      `INSERT INTO facility_unit (id, facility_id, name, category)
       SELECT (u->>'id')::uuid, r.facility_id, u->>'name', u->>'category'
         FROM jsonb_to_recordset($1::jsonb) AS r(facility_id uuid, units jsonb), jsonb_array_elements(r.units) AS u`,
      [json(events.map((e) => e.data))],
    );
  },
  'person.registered': async (tx, events) => {
    const rows = events.map((e) => ({ id: e.person_id, at: e.occurred_at, idx: e.idx, ...(e.data as object) }));
    await tx.query(
      `INSERT INTO person (id, register_number, sex, gender, dob, nationalities, languages, biometric_refs, custody_status, custody_since, frozen, registered_at, version)
       SELECT r.id, r.register_number, r.sex, r.gender, r.dob,
              ARRAY(SELECT jsonb_array_elements_text(r.nationalities)), ARRAY(SELECT jsonb_array_elements_text(r.languages)),
              r.biometric_refs, 'registered', r.at, false, r.at, 0
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, register_number text, sex text, gender text, dob jsonb, nationalities jsonb, languages jsonb, biometric_refs jsonb, at timestamptz)`,
      [json(rows)],
    );
    await tx.query(
      `INSERT INTO custody_period (person_id, seq, status, facility_id, from_idx, from_at)
       SELECT r.id, 1, 'registered', NULL, r.idx, r.at FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, idx bigint, at timestamptz)`,
      [json(rows)],
    );
    await insertNames(tx, events.flatMap((e) => (e.data as unknown as { names: unknown[] }).names.map((name) => ({ person_id: e.person_id, name }))));
    await replaceDocuments(tx, events.map((e) => ({ person_id: e.person_id, documents: (e.data as unknown as { documents: unknown }).documents })));
  },
  'person.name_added': async (tx, events) => {
    await insertNames(tx, events.map((e) => ({ person_id: e.person_id, name: (e.data as unknown as { name: unknown }).name })));
  },
  'person.corrected': async (tx, events) => {
    const rows = events.map((e) => ({ id: e.person_id, c: (e.data as unknown as { changes: unknown }).changes }));
    await tx.query(
      `UPDATE person p SET
          sex = COALESCE(r.c->>'sex', p.sex),
          gender = COALESCE(r.c->>'gender', p.gender),
          dob = COALESCE(r.c->'dob', p.dob),
          nationalities = CASE WHEN r.c ? 'nationalities' THEN ARRAY(SELECT jsonb_array_elements_text(r.c->'nationalities')) ELSE p.nationalities END,
          languages = CASE WHEN r.c ? 'languages' THEN ARRAY(SELECT jsonb_array_elements_text(r.c->'languages')) ELSE p.languages END,
          biometric_refs = COALESCE(r.c->'biometric_refs', p.biometric_refs)
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, c jsonb) WHERE p.id = r.id`,
      [json(rows)],
    );
    await tx.query(
      `UPDATE name_record n SET script = r.c->'name'->>'script', full_name = r.c->'name'->>'full', parts = r.c->'name'->'parts',
              source = r.c->'name'->>'source', confidence = (r.c->'name'->>'confidence')::numeric
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, c jsonb) WHERE r.c ? 'name' AND n.id = (r.c->'name'->>'id')::uuid`,
      [json(rows)],
    );
    const documents = events.filter((e) => 'documents' in (e.data as unknown as { changes: object }).changes);
    if (documents.length) await replaceDocuments(tx, documents.map((e) => ({ person_id: e.person_id, documents: (e.data as unknown as { changes: { documents: unknown } }).changes.documents })));
  },
  'person.admitted': async (tx, events) => {
    const rows = events.map((e) => ({ person_id: e.person_id, idx: e.idx, at: e.occurred_at, ...(e.data as object) }));
    await tx.query(
      `INSERT INTO admission (id, person_id, facility_id, unit_id, legal_status, category, admitted_at, basis, items, capacity_override, event_idx)
       SELECT r.admission_id, r.person_id, r.facility_id, r.unit_id, r.legal_status, r.category, r.at, r.basis, r.items, r.capacity_override, r.idx
         FROM jsonb_to_recordset($1::jsonb) AS r(admission_id uuid, person_id uuid, facility_id uuid, unit_id uuid, legal_status text, category text, at timestamptz, basis jsonb, items jsonb, capacity_override jsonb, idx bigint)`,
      [json(rows)],
    );
    await tx.query(
      `UPDATE person p SET custody_status = 'in_custody', facility_id = r.facility_id, unit_id = r.unit_id, legal_status = r.legal_status, category = r.category, custody_since = r.at
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, facility_id uuid, unit_id uuid, legal_status text, category text, at timestamptz) WHERE p.id = r.person_id`,
      [json(rows)],
    );
    await changePeriod(tx, events, () => 'in_custody', (e) => (e.data as unknown as { facility_id: string }).facility_id);
  },
  'person.moved': async (tx, events) => {
    await tx.query(
      `UPDATE person p SET unit_id = r.unit_id FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, unit_id uuid) WHERE p.id = r.id`,
      [json(events.map((e) => ({ id: e.person_id, unit_id: (e.data as unknown as { unit_id: string }).unit_id })))],
    );
  },
  'person.released': exitApplier,
  'person.handed_over': exitApplier,
  'person.died': exitApplier,
  'person.escaped': exitApplier,
  'person.transferred_out_of_register': exitApplier,
  'person.duplicate_suspected': async (tx, events) => {
    await tx.query(
      `INSERT INTO duplicate_review (person_id, candidate_id, score, explanation, status, opened_idx)
       SELECT r.person_id, r.candidate_id, r.score, r.explanation, 'open', r.idx
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, candidate_id uuid, score numeric, explanation jsonb, idx bigint)
       ON CONFLICT (person_id, candidate_id) DO UPDATE SET score = excluded.score, explanation = excluded.explanation, status = 'open', opened_idx = excluded.opened_idx, closed_idx = NULL`,
      [json(events.map((e) => ({ ...(e.data as object), person_id: e.person_id, idx: e.idx })))],
    );
  },
  'person.duplicate_dismissed': async (tx, events) => {
    await closeReviews(tx, events.map((e) => ({ a: e.person_id, b: (e.data as unknown as { candidate_id: string }).candidate_id, idx: e.idx, status: 'dismissed' })));
  },
  'person.merged': async (tx, events) => {
    const rows = events.map((e) => ({ id: e.person_id, target: (e.data as unknown as { into: string }).into }));
    await tx.query('UPDATE person p SET merged_into = r.target FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, target uuid) WHERE p.id = r.id', [json(rows)]);
    await closeReviews(tx, events.map((e) => ({ a: e.person_id, b: (e.data as unknown as { into: string }).into, idx: e.idx, status: 'merged' })));
  },
  'person.split': async (tx, events) => {
    await tx.query('UPDATE person SET merged_into = NULL WHERE id = ANY($1::uuid[])', [events.map((e) => e.person_id)]);
  },
};

/** Close the open reviews between two records, whichever of them the suspicion was opened on. */
async function closeReviews(tx: Queryable, rows: { a: string | null; b: string; idx: number; status: string }[]) {
  await tx.query(
    `UPDATE duplicate_review d SET status = r.status, closed_idx = r.idx FROM jsonb_to_recordset($1::jsonb) AS r(a uuid, b uuid, idx bigint, status text)
      WHERE d.status = 'open' AND ((d.person_id = r.a AND d.candidate_id = r.b) OR (d.person_id = r.b AND d.candidate_id = r.a))`,
    [json(rows)],
  );
}

/** Kinds whose applier updates a person row: one event per person per statement. */
const updatesPerson = new Set<EventKind>(['person.corrected', 'person.admitted', 'person.moved', 'person.merged', 'person.split', 'person.duplicate_suspected', 'person.duplicate_dismissed', ...(Object.keys(exitStatusOf) as EventKind[])]);

/** Apply logged events, in log order, to the projections in the current search_path. */
export async function applyEvents(tx: Queryable, events: readonly LoggedEvent[]): Promise<void> {
  let group: LoggedEvent[] = [];
  let persons = new Set<string | null>();
  const flush = async () => {
    if (group.length) await appliers[group[0]!.kind](tx, group);
    group = [];
    persons = new Set();
  };
  for (const event of events) {
    const first = group[0];
    const sameFamily = first && (first.kind === event.kind || (exitStatusOf[first.kind as keyof typeof exitStatusOf] && exitStatusOf[event.kind as keyof typeof exitStatusOf]));
    if (!sameFamily || (updatesPerson.has(event.kind) && persons.has(event.person_id))) await flush();
    group.push(event);
    persons.add(event.person_id);
  }
  await flush();
  const tasks = events.flatMap((e) => ((e.data as { tasks?: object[] }).tasks ?? []).map((t) => ({ ...t, person_id: e.person_id, idx: e.idx })));
  if (tasks.length) {
    await tx.query(
      `INSERT INTO task (id, person_id, kind, reason, due_at, status, opened_idx)
       SELECT r.task_id, r.person_id, r.task, r.reason, r.due_at, 'open', r.idx
         FROM jsonb_to_recordset($1::jsonb) AS r(task_id uuid, person_id uuid, task text, reason text, due_at timestamptz, idx bigint)`,
      [json(tasks)],
    );
  }
  const counts = new Map<string, number>();
  for (const e of events) if (e.person_id) counts.set(e.person_id, (counts.get(e.person_id) ?? 0) + 1);
  if (counts.size) {
    await tx.query(
      `UPDATE person p SET version = p.version + r.n FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, n integer) WHERE p.id = r.id`,
      [json([...counts].map(([id, n]) => ({ id, n })))],
    );
  }
}
