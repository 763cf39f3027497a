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
import { applyClockEvents } from './clock-projection.ts';
import { applyConsularEvent } from './consular-notifications.ts';
import { applyRepatriationEvent } from './repatriations.ts';
import { applyAllegationEvent, applyComplaintEvent } from './complaints.ts';
import { applyDisclosures, applyEvidenceCorrections, applyFreezes, applyOwnFileRequests } from './evidence.ts';
import { applyInformationRequestEvent, applyRestrictionEvent } from './information-requests.ts';
import { visitAppliers } from './visits.ts';
import { custodyLifeAppliers } from './custody-life.ts';
import { disciplinaryRulesAppliers } from './disciplinary-rules.ts';
import { applyFiguresEvent } from './figures.ts';
import { timed, type StageTimes } from './stage-times.ts';
import { applyAccountRequestEvent } from './account-requests.ts';

const projectionsSql = readFileSync(new URL('./projections.sql', import.meta.url), 'utf8');

/** Tables built by projections.sql, in the order they are compared and dropped. */
export const projectionTables = [
  'facility', 'facility_unit', 'person', 'name_record', 'person_document', 'admission', 'custody_period', 'task', 'duplicate_review', 'incident', 'transfer', 'transfer_person',
  'roll_call', 'roll_call_count', 'roll_call_discrepancy', 'person_seen', 'handover_list', 'handover_list_row', 'handover_receipt',
  'court_case', 'case_counsel', 'counsel_visit', 'case_appearance', 'court_order', 'hearing', 'interrogation', 'segregation_period',
  'person_clock', 'clock_deadline', 'state_profile', 'repatriation_case', 'consular_notification', 'figure_publication',
  'complaint', 'allegation', 'evidence_freeze', 'evidence_correction', 'own_file_disclosure', 'own_file_request',
  'information_request', 'restriction',
  'visiting_body', 'visit', 'visit_person_seen', 'visit_access_restriction', 'notification_list',
  'classification', 'disciplinary_case', 'disciplinary_rules',
  'account_request',
] as const;

/** Digest of the projection schema: a change means the projections are rebuilt from the log. */
export const projectionSchemaDigest = createHash('sha256').update(projectionsSql).digest('hex').slice(0, 16);

/** Create the projection tables in the current search_path. */
export async function createProjectionTables(tx: Queryable): Promise<void> {
  await tx.exec(projectionsSql);
}

export async function dropProjectionTables(tx: Queryable): Promise<void> {
  await tx.exec(projectionTables.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
}

/**
 * What an applier knows about the whole call: a person registered and then admitted in the
 * same call (an intake) is inserted in custody at once with the version the call leaves,
 * instead of being inserted, then updated twice. The final state is the same either way, and
 * a replay applies the same events through the same code.
 */
interface CallContext {
  /** The admission that directly follows a person's registration in this call. */
  readonly admittedOnRegistration: ReadonlyMap<string, LoggedEvent>;
  /** How many events of this call are about each person. */
  readonly eventsPerPerson: ReadonlyMap<string, number>;
}

type Applier = (tx: Queryable, events: readonly LoggedEvent[], call: CallContext) => Promise<void>;

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * The persons a statement's rows are about, as a second parameter: PostgreSQL guesses 100 rows
 * for `jsonb_to_recordset`, so joined on its own to a table it plans a scan of the whole table
 * (a register of a few thousand persons is small enough for that to look cheaper than 100 index
 * look-ups); `= ANY` of the ids lets it see how few rows are meant and use the index.
 */
const personIds = (events: readonly LoggedEvent[]) => [...new Set(events.map((e) => e.person_id))];

/** Close each person's open custody period and open the next one. */
async function changePeriod(
  tx: Queryable,
  events: readonly LoggedEvent[],
  status: (e: LoggedEvent) => string,
  facility: (e: LoggedEvent) => string | null,
  transfer: (e: LoggedEvent) => string | null = () => null,
) {
  const rows = events.map((e) => ({ person_id: e.person_id, idx: e.idx, at: e.occurred_at, status: status(e), facility_id: facility(e), transfer_id: transfer(e) }));
  await tx.query(
    `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, idx bigint, at timestamptz, status text, facility_id uuid, transfer_id uuid)),
     closed AS (
       UPDATE custody_period c SET to_idx = r.idx, to_at = r.at FROM r
        WHERE c.person_id = r.person_id AND c.to_idx IS NULL AND c.person_id = ANY($2::uuid[])
       RETURNING c.person_id, c.seq)
     INSERT INTO custody_period (person_id, seq, status, facility_id, from_idx, from_at, transfer_id)
     SELECT r.person_id, closed.seq + 1, r.status, r.facility_id, r.idx, r.at, r.transfer_id FROM r JOIN closed USING (person_id)`,
    [json(rows), personIds(events)],
  );
}

/** The fields of an event's data, by name (appliers read them without the kind's type). */
const data = (e: LoggedEvent) => e.data as unknown as Record<string, unknown>;

/** Rows for a set-based statement about one transfer per event: the data, when and where in the log. */
// `occurred` is the time as the event gives it: kept inside jsonb as text, so a projection
// never depends on the session's TimeZone (check compares it with a replay).
const transferRows = (events: readonly LoggedEvent[]) => json(events.map((e) => ({ transfer_id: data(e).transfer_id, person_id: e.person_id, d: e.data, at: e.occurred_at, occurred: e.occurred_at, idx: e.idx })));
const transferRecord = 'jsonb_to_recordset($1::jsonb) AS r(transfer_id uuid, person_id uuid, d jsonb, at timestamptz, occurred text, idx bigint)';

/** An applier for an event about a whole transfer order: one UPDATE of the transfer row. */
function transferUpdate(set: string): Applier {
  return async (tx, events) => {
    await tx.query(`UPDATE transfer t SET ${set}, last_idx = r.idx FROM ${transferRecord} WHERE t.id = r.transfer_id`, [transferRows(events)]);
  };
}

/** Update each event's row in transfer_person (the person on that transfer). */
async function updateTransferPerson(tx: Queryable, events: readonly LoggedEvent[], set: string): Promise<void> {
  await tx.query(`UPDATE transfer_person tp SET ${set} FROM ${transferRecord} WHERE tp.transfer_id = r.transfer_id AND tp.person_id = r.person_id`, [transferRows(events)]);
}

/** Rows for a set-based statement about roll calls: the data, who recorded it, when and where in the log. */
const rollCallRows = (events: readonly LoggedEvent[]) => json(events.map((e) => ({ roll_call_id: data(e).roll_call_id, d: e.data, at: e.occurred_at, actor: e.actor, idx: e.idx })));
const rollCallRecord = 'jsonb_to_recordset($1::jsonb) AS r(roll_call_id uuid, d jsonb, at timestamptz, actor text, idx bigint)';

/** Rows for a set-based statement about cases (and segregation): the data, whose chain, who recorded it, when and where in the log. */
const caseRows = (events: readonly LoggedEvent[]) => json(events.map((e) => ({ person_id: e.person_id, d: e.data, at: e.occurred_at, actor: e.actor, idx: e.idx })));
const caseRecord = 'jsonb_to_recordset($1::jsonb) AS r(person_id uuid, d jsonb, at timestamptz, actor text, idx bigint)';

/** An applier for an event that changes a case's own row (one event per case per statement: see updatesPerson). */
function caseUpdate(set: string): Applier {
  return async (tx, events) => {
    await tx.query(`UPDATE court_case c SET ${set} FROM ${caseRecord} WHERE c.id = (r.d->>'case_id')::uuid`, [caseRows(events)]);
  };
}

/** An appearance before the judge, or an extension of the time to the first one. */
function appearance(kind: string): Applier {
  return async (tx, events) => {
    await tx.query(
      `INSERT INTO case_appearance (event_idx, case_id, person_id, kind, at, judge)
       SELECT r.idx, (r.d->>'case_id')::uuid, r.person_id, '${kind}', r.at, r.d->>'judge' FROM ${caseRecord}`,
      [caseRows(events)],
    );
  };
}

/** A sentence as the case holds it: the sentence, when, by which judge, and whether an appeal set it. */
const sentenceOf = (judge: string, onAppeal: boolean) => `jsonb_build_object('sentence', r.d->'sentence', 'at', r.d->>'at', 'judge', ${judge}, 'on_appeal', ${onAppeal})`;

/** Into custody at a facility: the check-in at a transfer's destination, or the return leg to its origin. */
async function placeInFacility(tx: Queryable, events: readonly LoggedEvent[], legalStatus: string): Promise<void> {
  await tx.query(
    `UPDATE person p SET custody_status = 'in_custody', facility_id = (r.d->>'facility_id')::uuid, unit_id = (r.d->>'unit_id')::uuid,
            legal_status = ${legalStatus}, category = r.d->>'category', custody_since = r.at
       FROM ${transferRecord} WHERE p.id = r.person_id`,
    [transferRows(events)],
  );
  await changePeriod(tx, events, () => 'in_custody', (e) => data(e).facility_id as string);
}

const exitApplier: Applier = async (tx, events) => {
  const rows = events.map((e) => ({ id: e.person_id, status: exitStatusOf[e.kind as keyof typeof exitStatusOf], at: e.occurred_at, frozen: e.kind === 'person.died' }));
  await tx.query(
    `UPDATE person p SET custody_status = r.status, facility_id = NULL, unit_id = NULL, category = NULL, custody_since = r.at, frozen = p.frozen OR r.frozen
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, at timestamptz, frozen boolean) WHERE p.id = r.id AND p.id = ANY($2::uuid[])`,
    [json(rows), personIds(events)],
  );
  await changePeriod(tx, events, (e) => exitStatusOf[e.kind as keyof typeof exitStatusOf], () => null);
  // An exit while in transit ends the person's journey: a handover at an outside destination
  // is the transfer's receipt; any other exit (death, escape) takes them off the count.
  await tx.query(
    `UPDATE transfer_person tp SET status = CASE WHEN r.transfer_id IS NOT NULL THEN 'received' ELSE 'exited' END, settled_at = r.at
       FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, transfer_id uuid, at timestamptz)
      WHERE tp.person_id = r.person_id AND tp.status IN ('in_transit', 'at_stop', 'discrepancy', 'unaccounted') AND (r.transfer_id IS NULL OR tp.transfer_id = r.transfer_id)
        AND tp.person_id = ANY($2::uuid[])`,
    [json(events.map((e) => ({ person_id: e.person_id, transfer_id: data(e).transfer_id ?? null, at: e.occurred_at }))), personIds(events)],
  );
  const escapes = events.filter((e) => e.kind === 'person.escaped');
  if (escapes.length) {
    // Whoever recorded the escape answers for the incident until it is handed on.
    await tx.query(
      `INSERT INTO incident (id, person_id, kind, opened_at, status, detail, owner)
       SELECT (r.d->>'incident_id')::uuid, r.person_id, 'escape', r.at, 'open', r.d, r.actor
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, at timestamptz, d jsonb, actor text)`,
      [json(escapes.map((e) => ({ person_id: e.person_id, at: e.occurred_at, d: e.data, actor: e.actor })))],
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
  'person.registered': async (tx, events, call) => {
    const rows = events.map((e) => {
      const admitted = call.admittedOnRegistration.get(e.person_id!);
      const a = admitted?.data as unknown as Record<string, unknown> | undefined;
      return {
        id: e.person_id, at: e.occurred_at, idx: e.idx, ...(e.data as object),
        version: call.eventsPerPerson.get(e.person_id!) ?? 1,
        ...(admitted && { admitted_idx: admitted.idx, admitted_at: admitted.occurred_at, facility_id: a!.facility_id, unit_id: a!.unit_id, legal_status: a!.legal_status, category: a!.category }),
      };
    });
    await tx.query(
      `INSERT INTO person (id, register_number, sex, gender, dob, nationalities, languages, biometric_refs, custody_status, facility_id, unit_id, legal_status, category, custody_since, frozen, registered_at, version)
       SELECT r.id, r.register_number, r.sex, r.gender, r.dob,
              ARRAY(SELECT jsonb_array_elements_text(r.nationalities)), ARRAY(SELECT jsonb_array_elements_text(r.languages)),
              r.biometric_refs, CASE WHEN r.admitted_idx IS NULL THEN 'registered' ELSE 'in_custody' END, r.facility_id, r.unit_id, r.legal_status, r.category,
              COALESCE(r.admitted_at, r.at), false, r.at, r.version
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, register_number text, sex text, gender text, dob jsonb, nationalities jsonb, languages jsonb, biometric_refs jsonb, at timestamptz,
                                                  version integer, admitted_idx bigint, admitted_at timestamptz, facility_id uuid, unit_id uuid, legal_status text, category text)`,
      [json(rows)],
    );
    // The registered period, closed at once for those admitted in this call, and their custody period.
    await tx.query(
      `INSERT INTO custody_period (person_id, seq, status, facility_id, from_idx, from_at, to_idx, to_at)
       SELECT r.id, 1, 'registered', NULL, r.idx, r.at, r.admitted_idx, r.admitted_at FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, idx bigint, at timestamptz, admitted_idx bigint, admitted_at timestamptz)
       UNION ALL
       SELECT r.id, 2, 'in_custody', r.facility_id, r.admitted_idx, r.admitted_at, NULL, NULL FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, facility_id uuid, admitted_idx bigint, admitted_at timestamptz)
        WHERE r.admitted_idx IS NOT NULL`,
      [json(rows)],
    );
    await insertNames(tx, events.flatMap((e) => (e.data as unknown as { names: unknown[] }).names.map((name) => ({ person_id: e.person_id, name }))));
    await replaceDocuments(tx, events.map((e) => ({ person_id: e.person_id, documents: (e.data as unknown as { documents: unknown }).documents })));
  },
  // Applied after the call's tasks are opened (applyEvents): a replay meets both in one call.
  'person.task_completed': async () => {},
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
  'person.admitted': async (tx, events, call) => {
    const rows = events.map((e) => ({ person_id: e.person_id, idx: e.idx, at: e.occurred_at, ...(e.data as object) }));
    await tx.query(
      `INSERT INTO admission (id, person_id, facility_id, unit_id, legal_status, category, admitted_at, basis, items, capacity_override, event_idx)
       SELECT r.admission_id, r.person_id, r.facility_id, r.unit_id, r.legal_status, r.category, r.at, r.basis, r.items, r.capacity_override, r.idx
         FROM jsonb_to_recordset($1::jsonb) AS r(admission_id uuid, person_id uuid, facility_id uuid, unit_id uuid, legal_status text, category text, at timestamptz, basis jsonb, items jsonb, capacity_override jsonb, idx bigint)`,
      [json(rows)],
    );
    // Persons registered in this call are already in custody (see CallContext).
    const placed = events.filter((e) => call.admittedOnRegistration.get(e.person_id!) !== e);
    if (!placed.length) return;
    await tx.query(
      `UPDATE person p SET custody_status = 'in_custody', facility_id = r.facility_id, unit_id = r.unit_id, legal_status = r.legal_status, category = r.category, custody_since = r.at
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, facility_id uuid, unit_id uuid, legal_status text, category text, at timestamptz) WHERE p.id = r.person_id`,
      [json(placed.map((e) => ({ person_id: e.person_id, at: e.occurred_at, ...(e.data as object) })))],
    );
    await changePeriod(tx, placed, () => 'in_custody', (e) => (e.data as unknown as { facility_id: string }).facility_id);
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
  'transfer.created': async (tx, events) => {
    await tx.query(
      `INSERT INTO transfer (id, status, origin, destination, origin_facility_id, destination_facility_id, reason, persons, created_by, created_at, stops, next_stop, last_idx, production, production_of, return_by)
       SELECT r.transfer_id, 'draft', r.d->'origin', r.d->'destination', (r.d->'origin'->>'facility_id')::uuid, (r.d->'destination'->>'facility_id')::uuid,
              r.d->>'reason', jsonb_array_length(r.d->'persons'), r.d->>'created_by', r.at, COALESCE(r.d->'stops', '[]'), 0, r.idx,
              r.d->'production', (r.d->'production'->>'source_id')::uuid, (r.d->'production'->>'return_by')::timestamptz
         FROM ${transferRecord}`,
      [transferRows(events)],
    );
    await tx.query(
      `INSERT INTO transfer_person (transfer_id, person_id, position, status)
       SELECT r.transfer_id, p.value::uuid, p.ordinality::int, 'listed'
         FROM ${transferRecord}, jsonb_array_elements_text(r.d->'persons') WITH ORDINALITY AS p`,
      [transferRows(events)],
    );
  },
  'transfer.persons_listed': async (tx, events) => {
    // Positions continue after those already listed, event after event in log order.
    await tx.query(
      `WITH r AS (SELECT * FROM ${transferRecord}),
            e AS (SELECT r.transfer_id, r.d, t.persons + COALESCE(sum(jsonb_array_length(r.d->'persons')) OVER (PARTITION BY r.transfer_id ORDER BY r.idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int AS listed
                    FROM r JOIN transfer t ON t.id = r.transfer_id)
       INSERT INTO transfer_person (transfer_id, person_id, position, status)
       SELECT e.transfer_id, p.value::uuid, e.listed + p.ordinality::int, 'listed' FROM e, jsonb_array_elements_text(e.d->'persons') WITH ORDINALITY AS p`,
      [transferRows(events)],
    );
    await tx.query(
      `UPDATE transfer t SET persons = t.persons + a.n, last_idx = a.idx
         FROM (SELECT r.transfer_id, sum(jsonb_array_length(r.d->'persons'))::int AS n, max(r.idx) AS idx FROM ${transferRecord} GROUP BY r.transfer_id) a
        WHERE t.id = a.transfer_id`,
      [transferRows(events)],
    );
  },
  'transfer.approved': transferUpdate(`status = 'approved', approved_by = r.d->>'approved_by'`),
  'transfer.cancelled': transferUpdate(`status = 'cancelled', cancellation = jsonb_build_object('code', r.d->>'code', 'note', r.d->>'note', 'at', r.occurred)`),
  'transfer.dispatched': transferUpdate(
    `status = 'dispatched', escort = jsonb_build_object('authority', r.d->>'escort_authority', 'commander', r.d->>'escort_commander'),
     releasing_official = r.d->>'releasing_official', dispatched_at = r.at`,
  ),
  'transfer.count_closed': transferUpdate(`status = 'received', receiving_official = r.d->>'receiving_official', count_closed_at = r.at`),
  'transfer.rejected': transferUpdate(`status = 'rejected', rejection = jsonb_build_object('reason', r.d->>'reason', 'receiving_official', r.d->>'receiving_official', 'at', r.occurred)`),
  'transfer.closed': transferUpdate(`status = 'closed', closed_at = r.at`),
  'person.safeguards_assessed': async (tx, events) => {
    await updateTransferPerson(tx, events, `safeguards = r.d->'assessment'`);
  },
  'person.dispatched': async (tx, events) => {
    // The place the person leaves, read before the person row forgets it: the return leg goes back there.
    await tx.query(
      `UPDATE transfer_person tp SET status = 'in_transit', from_facility_id = p.facility_id, from_unit_id = p.unit_id, from_category = p.category,
              leg = COALESCE((r.d->>'stop')::int + 1, 0)
         FROM ${transferRecord}, person p WHERE p.id = r.person_id AND tp.transfer_id = r.transfer_id AND tp.person_id = r.person_id`,
      [transferRows(events)],
    );
    await tx.query(
      `UPDATE person p SET custody_status = 'in_transit', facility_id = NULL, unit_id = NULL, category = NULL, custody_since = r.at
         FROM ${transferRecord} WHERE p.id = r.person_id`,
      [transferRows(events)],
    );
    await changePeriod(tx, events, () => 'in_transit', () => null, (e) => data(e).transfer_id as string);
  },
  'person.checked_in': async (tx, events) => {
    await placeInFacility(tx, events, `r.d->>'legal_status'`);
    await updateTransferPerson(tx, events, `status = 'received', unit_id = (r.d->>'unit_id')::uuid, settled_at = r.at`);
    // Found after the count: the incident that was opened for them is closed by the check-in.
    await tx.query(
      `UPDATE incident i SET status = 'closed', closed_idx = r.idx FROM ${transferRecord}
        WHERE i.person_id = r.person_id AND i.transfer_id = r.transfer_id AND i.kind = 'unaccounted' AND i.status = 'open'`,
      [transferRows(events)],
    );
  },
  'person.identity_discrepancy': async (tx, events) => {
    // Held at the gate the escort has reached: on its current leg, even if missed at a stop before.
    await updateTransferPerson(
      tx,
      events,
      `status = 'discrepancy', leg = (SELECT t.next_stop FROM transfer t WHERE t.id = tp.transfer_id),
       discrepancy = jsonb_build_object('typed', r.d->>'typed', 'receiving_official', r.d->>'receiving_official', 'at', r.occurred)`,
    );
  },
  'person.unaccounted': async (tx, events) => {
    await updateTransferPerson(tx, events, `status = 'unaccounted', incident_id = (r.d->>'incident_id')::uuid`);
    await tx.query(
      `INSERT INTO incident (id, person_id, kind, opened_at, status, detail, owner, transfer_id)
       SELECT (r.d->>'incident_id')::uuid, r.person_id, 'unaccounted', r.at, 'open', r.d, r.d->>'owner', r.transfer_id FROM ${transferRecord}`,
      [transferRows(events)],
    );
  },
  // Legs and overnight stops (domain/transfer-legs.ts).
  'transfer.stop_reached': transferUpdate(`at_stop = (r.d->>'stop')::int, next_stop = (r.d->>'stop')::int + 1`),
  'transfer.stop_departed': transferUpdate(`at_stop = NULL, escort = jsonb_build_object('authority', r.d->>'escort_authority', 'commander', r.d->>'escort_commander')`),
  'person.arrived_at_stop': async (tx, events) => {
    await placeInFacility(tx, events, 'p.legal_status');
    await updateTransferPerson(tx, events, `status = 'at_stop'`);
  },
  'person.returned': async (tx, events) => {
    await placeInFacility(tx, events, 'p.legal_status');
    await updateTransferPerson(tx, events, `status = 'returned', settled_at = r.at, refusal = r.d->'refusal'`);
  },
  'roll_call.opened': async (tx, events) => {
    await tx.query(
      `INSERT INTO roll_call (id, facility_id, unit_id, status, opened_by, opened_at, counted, counted_by)
       SELECT r.roll_call_id, (r.d->>'facility_id')::uuid, (r.d->>'unit_id')::uuid, 'open', r.d->>'opened_by', r.at, 0, '{}' FROM ${rollCallRecord}`,
      [rollCallRows(events)],
    );
  },
  'roll_call.counted': async (tx, events) => {
    const rows = rollCallRows(events);
    await tx.query(
      `INSERT INTO roll_call_count (roll_call_id, register_number, person_id, counted_at, event_idx)
       SELECT r.roll_call_id, x.register_number, x.person_id, r.at, r.idx FROM ${rollCallRecord}, jsonb_to_recordset(r.d->'counted') AS x(register_number text, person_id uuid)`,
      [rows],
    );
    // Several counts of one roll call may arrive in one group (a replay): sum them first, and
    // keep the officials who counted as a sorted set, so live and replayed rows are equal.
    await tx.query(
      `UPDATE roll_call rc SET status = 'counting', counted = rc.counted + a.n, counted_by = ARRAY(SELECT DISTINCT x FROM unnest(rc.counted_by || a.actors) AS x ORDER BY x)
         FROM (SELECT r.roll_call_id, sum(jsonb_array_length(r.d->'counted'))::int AS n, array_agg(r.actor) AS actors FROM ${rollCallRecord} GROUP BY r.roll_call_id) a
        WHERE rc.id = a.roll_call_id`,
      [rows],
    );
    await tx.query(
      `INSERT INTO person_seen (person_id, seen_at, roll_call_id)
       SELECT DISTINCT ON (x.person_id) x.person_id, r.at, r.roll_call_id FROM ${rollCallRecord}, jsonb_to_recordset(r.d->'counted') AS x(person_id uuid)
        WHERE x.person_id IS NOT NULL ORDER BY x.person_id, r.at DESC, r.idx DESC
       ON CONFLICT (person_id) DO UPDATE SET seen_at = excluded.seen_at, roll_call_id = excluded.roll_call_id WHERE excluded.seen_at >= person_seen.seen_at`,
      [rows],
    );
  },
  'roll_call.reconciled': async (tx, events) => {
    const rows = rollCallRows(events);
    await tx.query(
      `UPDATE roll_call rc SET status = 'reconciled', expected = (r.d->>'expected')::int, reconciled_by = r.d->>'reconciled_by', reconciled_at = r.at
         FROM ${rollCallRecord} WHERE rc.id = r.roll_call_id`,
      [rows],
    );
    await insertDiscrepancies(tx, rows);
  },
  'roll_call.discrepancies_listed': async (tx, events) => {
    await insertDiscrepancies(tx, rollCallRows(events));
  },
  'roll_call.discrepancy_resolved': async (tx, events) => {
    await tx.query(
      `UPDATE roll_call_discrepancy d SET status = 'resolved', reason = r.d->>'reason', resolved_by = r.d->>'resolved_by', resolved_at = r.at
         FROM ${rollCallRecord} WHERE d.id = (r.d->>'discrepancy_id')::uuid`,
      [rollCallRows(events)],
    );
  },
  'roll_call.signed_off': async (tx, events) => {
    await tx.query(`UPDATE roll_call rc SET status = 'signed_off', signed_off_by = r.d->>'signed_by', signed_off_at = r.at FROM ${rollCallRecord} WHERE rc.id = r.roll_call_id`, [rollCallRows(events)]);
  },
  'transfer.handover_list_imported': async (tx, events) => {
    const rows = json(events.map((e) => ({ d: e.data, at: e.occurred_at, actor: e.actor, idx: e.idx })));
    await tx.query(
      `INSERT INTO handover_list (id, transfer_id, sender, source, rows, imported_by, imported_at, event_idx)
       SELECT (r.d->>'list_id')::uuid, (r.d->>'transfer_id')::uuid, r.d->>'sender', r.d->>'source', jsonb_array_length(r.d->'rows'), r.actor, r.at, r.idx
         FROM jsonb_to_recordset($1::jsonb) AS r(d jsonb, at timestamptz, actor text, idx bigint)`,
      [rows],
    );
    await insertListRows(tx, rows);
  },
  'transfer.handover_list_rows': async (tx, events) => {
    const rows = json(events.map((e) => ({ d: e.data })));
    await insertListRows(tx, rows);
    await tx.query(
      `UPDATE handover_list l SET rows = l.rows + a.n
         FROM (SELECT (r.d->>'list_id')::uuid AS list_id, sum(jsonb_array_length(r.d->'rows'))::int AS n FROM jsonb_to_recordset($1::jsonb) AS r(d jsonb) GROUP BY 1) a
        WHERE l.id = a.list_id`,
      [rows],
    );
  },
  'transfer.receipt_issued': async (tx, events) => {
    await tx.query(
      `INSERT INTO handover_receipt (id, transfer_id, receipt, event_idx)
       SELECT (r.d->>'receipt_id')::uuid, (r.d->>'transfer_id')::uuid, r.d->'receipt', r.idx FROM jsonb_to_recordset($1::jsonb) AS r(d jsonb, idx bigint)`,
      [json(events.map((e) => ({ d: e.data, idx: e.idx })))],
    );
  },
  'transfer.receipt_listed': async (tx, events) => {
    // The receipt is kept whole: each list gets the numbers of these events appended, in log order.
    await tx.query(
      `WITH r AS (SELECT (x.d->>'receipt_id')::uuid AS id, x.d, x.idx FROM jsonb_to_recordset($1::jsonb) AS x(d jsonb, idx bigint)),
            rn AS (SELECT r.id, jsonb_agg(v.value ORDER BY r.idx, v.ordinality) AS list FROM r, jsonb_array_elements(r.d->'received_register_numbers') WITH ORDINALITY AS v GROUP BY r.id),
            nr AS (SELECT r.id, jsonb_agg(v.value ORDER BY r.idx, v.ordinality) AS list FROM r, jsonb_array_elements(r.d->'not_received') WITH ORDINALITY AS v GROUP BY r.id),
            ids AS (SELECT DISTINCT id FROM r)
       UPDATE handover_receipt h
          SET receipt = jsonb_set(jsonb_set(h.receipt, '{received_register_numbers}', (h.receipt->'received_register_numbers') || COALESCE(rn.list, '[]')),
                                  '{not_received}', (h.receipt->'not_received') || COALESCE(nr.list, '[]'))
         FROM ids LEFT JOIN rn ON rn.id = ids.id LEFT JOIN nr ON nr.id = ids.id
        WHERE h.id = ids.id`,
      [json(events.map((e) => ({ d: e.data, idx: e.idx })))],
    );
  },
  // The judicial track (domain/case.ts, case-order.ts, case-hearing.ts, segregation.ts).
  'case.opened': async (tx, events) => {
    await tx.query(
      `INSERT INTO court_case (id, person_id, reference, court, judge, prosecutor, stage, charges, opened_at, opened_by, opened_idx)
       SELECT (r.d->>'case_id')::uuid, r.person_id, r.d->>'reference', r.d->>'court', r.d->>'judge', r.d->>'prosecutor', r.d->>'stage', r.d->'charges', r.at, r.actor, r.idx
         FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'case.charges_amended': caseUpdate(`charges = r.d->'charges'`),
  'case.counsel_assigned': async (tx, events) => {
    await tx.query(
      `INSERT INTO case_counsel (case_id, counsel_id, person_id, name, appointment, contact, assigned_at, event_idx)
       SELECT (r.d->>'case_id')::uuid, (r.d->>'counsel_id')::uuid, r.person_id, r.d->>'name', r.d->>'appointment', r.d->>'contact', r.at, r.idx FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'case.counsel_visited': async (tx, events) => {
    await tx.query(
      `INSERT INTO counsel_visit (event_idx, case_id, counsel_id, person_id, visited_at, facility_id)
       SELECT r.idx, (r.d->>'case_id')::uuid, (r.d->>'counsel_id')::uuid, r.person_id, r.at, (r.d->>'facility_id')::uuid FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'case.brought_before_judge': appearance('brought_before_judge'),
  'case.first_appearance_extended': appearance('first_appearance_extended'),
  'case.order_recorded': async (tx, events) => {
    await tx.query(
      `INSERT INTO court_order (id, case_id, person_id, kind, reference, court, issued_at, judge, days, extended_until, max_penalty, to_facility_id, produce_at, entered_by, confirmation, scan, event_idx)
       SELECT (r.d->>'order_id')::uuid, (r.d->>'case_id')::uuid, r.person_id, r.d->>'order', r.d->>'reference', r.d->>'court', r.at, r.d->>'judge', (r.d->>'days')::int,
              (r.d->>'until')::timestamptz, r.d->'max_penalty', (r.d->>'to_facility_id')::uuid, (r.d->>'produce_at')::timestamptz, r.d->>'entered_by', r.d->>'confirmation', r.d->'scan', r.idx
         FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'case.order_confirmed': async (tx, events) => {
    await tx.query(
      `UPDATE court_order o SET confirmation = 'confirmed', confirmed_by = r.d->>'judge_account', confirmed_at = r.at FROM ${caseRecord} WHERE o.id = (r.d->>'order_id')::uuid`,
      [caseRows(events)],
    );
  },
  'case.hearing_scheduled': async (tx, events) => {
    await tx.query(
      `INSERT INTO hearing (id, case_id, person_id, scheduled_for, court, purpose, status, scheduled_idx)
       SELECT (r.d->>'hearing_id')::uuid, (r.d->>'case_id')::uuid, r.person_id, (r.d->>'at')::timestamptz, r.d->>'court', r.d->>'purpose', 'scheduled', r.idx FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'case.hearing_held': async (tx, events) => {
    await tx.query(
      `UPDATE hearing h SET status = r.d->>'outcome', held_at = r.at, outcome_idx = r.idx,
              outcome = jsonb_build_object('present', r.d->'present', 'interpreter_required', r.d->'interpreter_required', 'flags', r.d->'flags', 'adjourned_reason', r.d->'adjourned_reason')
         FROM ${caseRecord} WHERE h.id = (r.d->>'hearing_id')::uuid`,
      [caseRows(events)],
    );
  },
  'case.interrogation_recorded': async (tx, events) => {
    await tx.query(
      `INSERT INTO interrogation (id, case_id, person_id, started_at, ended_at, place, present, interpreter, lawyer, event_idx)
       SELECT (r.d->>'interrogation_id')::uuid, (r.d->>'case_id')::uuid, r.person_id, r.at, (r.d->>'end')::timestamptz, r.d->>'place', r.d->'present', r.d->>'interpreter', r.d->>'lawyer', r.idx
         FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'case.stage_changed': caseUpdate(`stage = r.d->>'stage'`),
  // A new verdict (at a retrial, too) stands with no sentence yet and no appeal against it.
  'case.verdict_recorded': caseUpdate(`verdict = jsonb_build_object('outcome', r.d->>'outcome', 'at', r.d->>'at', 'judge', r.d->>'judge'), sentence = NULL, appeal = NULL`),
  'case.sentence_recorded': caseUpdate(`sentence = ${sentenceOf(`r.d->>'judge'`, false)}`),
  'case.appeal_lodged': caseUpdate(`appeal = jsonb_build_object('lodged_at', r.d->>'at', 'decided_at', NULL, 'outcome', NULL)`),
  'case.appeal_decided': caseUpdate(
    `appeal = c.appeal || jsonb_build_object('decided_at', r.d->>'at', 'outcome', r.d->>'outcome'),
     verdict = CASE WHEN r.d->>'outcome' = 'overturned' THEN NULL ELSE c.verdict END,
     sentence = CASE r.d->>'outcome' WHEN 'overturned' THEN NULL WHEN 'sentence_changed' THEN ${sentenceOf('NULL', true)} ELSE c.sentence END`,
  ),
  'person.segregation_started': async (tx, events) => {
    await tx.query(
      `INSERT INTO segregation_period (person_id, started_idx, facility_id, started_at, reason, authorised_by)
       SELECT r.person_id, r.idx, (r.d->>'facility_id')::uuid, r.at, r.d->>'reason', r.d->>'authorised_by' FROM ${caseRecord}`,
      [caseRows(events)],
    );
  },
  'person.segregation_ended': async (tx, events) => {
    await tx.query(
      `UPDATE segregation_period s SET ended_at = r.at, end_reason = r.d->>'reason', end_authorised_by = r.d->>'authorised_by', ended_idx = r.idx
         FROM ${caseRecord} WHERE s.person_id = r.person_id AND s.ended_idx IS NULL`,
      [caseRows(events)],
    );
  },
  'state.profile_recorded': async (tx, events) => {
    // One statement may not meet a state twice: the last profile of each state in the group stands.
    const last = new Map(events.map((e) => [data(e).state as string, e]));
    await tx.query(
      `INSERT INTO state_profile (state, consular_notification, applies_death_penalty, liaison_contacts, sharing_policy, recorded_idx)
       SELECT r.d->>'state', r.d->>'consular_notification', (r.d->>'applies_death_penalty')::boolean, r.d->'liaison_contacts', r.d->'sharing_policy', r.idx FROM jsonb_to_recordset($1::jsonb) AS r(d jsonb, idx bigint)
       ON CONFLICT (state) DO UPDATE SET consular_notification = EXCLUDED.consular_notification, applies_death_penalty = EXCLUDED.applies_death_penalty,
         liaison_contacts = EXCLUDED.liaison_contacts, sharing_policy = EXCLUDED.sharing_policy, recorded_idx = EXCLUDED.recorded_idx`,
      [json([...last.values()].map((e) => ({ d: e.data, idx: e.idx })))],
    );
  },
  'repatriation.opened': each(applyRepatriationEvent),
  'repatriation.request_sent': each(applyRepatriationEvent),
  'repatriation.answer_recorded': each(applyRepatriationEvent),
  'repatriation.nationality_confirmed': each(applyRepatriationEvent),
  'repatriation.safeguards_assessed': each(applyRepatriationEvent),
  'repatriation.reviewed': each(applyRepatriationEvent),
  'repatriation.decided': each(applyRepatriationEvent),
  'repatriation.court_permission_recorded': each(applyRepatriationEvent),
  'repatriation.return_refused': each(applyRepatriationEvent),
  'repatriation.acceptance_withdrawn': each(applyRepatriationEvent),
  'repatriation.closed': each(applyRepatriationEvent),
  'repatriation.returned': each(applyRepatriationEvent),
  'repatriation.best_interests_recorded': each(applyRepatriationEvent),
  'repatriation.reminder_sent': each(applyRepatriationEvent),
  'repatriation.escalated': each(applyRepatriationEvent),
  'repatriation.follow_up_recorded': each(applyRepatriationEvent),
  'repatriation.family_recorded': each(applyRepatriationEvent),
  'repatriation.guardian_named': each(applyRepatriationEvent),
  'consular.rights_told': each(applyConsularEvent),
  'consular.notification_sent': each(applyConsularEvent),
  'complaint.lodged': each(applyComplaintEvent),
  'complaint.answered': each(applyComplaintEvent),
  'allegation.recorded': each(applyAllegationEvent),
  'allegation.acknowledged': each(applyAllegationEvent),
  'allegation.closed': each(applyAllegationEvent),
  // The freeze row is written after every applier (with a death's): see applyEvents.
  'evidence.frozen': async () => {},
  'evidence.correction_recorded': (tx, events) => applyEvidenceCorrections(tx, events),
  'own_file.requested': (tx, events) => applyOwnFileRequests(tx, events),
  'own_file.disclosed': (tx, events) => applyDisclosures(tx, events),
  'inforequest.recorded': each(applyInformationRequestEvent),
  'inforequest.lookup_reviewed': each(applyInformationRequestEvent),
  'inforequest.answered': each(applyInformationRequestEvent),
  'restriction.requested': each(applyRestrictionEvent),
  'restriction.approved': each(applyRestrictionEvent),
  ...visitAppliers,
  ...custodyLifeAppliers,
  ...disciplinaryRulesAppliers,
  'figures.prepared': each(applyFiguresEvent),
  'figures.approved': each(applyFiguresEvent),
  'account.requested': each(applyAccountRequestEvent),
  'account.approved': each(applyAccountRequestEvent),
  'account.request_refused': each(applyAccountRequestEvent),
  // The account itself is not a projection (it holds a password hash): see account-requests.ts.
  'account.bootstrapped': async () => {},
};

/** An applier that folds each event in turn into its row. */
function each(apply: (tx: Queryable, e: LoggedEvent) => Promise<void>): Applier {
  return async (tx, events) => {
    for (const e of events) await apply(tx, e);
  };
}

/** The rows of handover lists, from the imported event and the handover_list_rows events after it. */
async function insertListRows(tx: Queryable, rows: string) {
  await tx.query(
    `INSERT INTO handover_list_row (list_id, row, outcome, person_id, entry)
     SELECT (r.d->>'list_id')::uuid, (x.value->>'row')::int, x.value->>'outcome', (x.value->>'person_id')::uuid, x.value
       FROM jsonb_to_recordset($1::jsonb) AS r(d jsonb), jsonb_array_elements(r.d->'rows') AS x`,
    [rows],
  );
}

/** The discrepancies a reconciliation found, from its reconciled event and the discrepancies_listed events after it. */
async function insertDiscrepancies(tx: Queryable, rows: string) {
  await tx.query(
    `INSERT INTO roll_call_discrepancy (id, roll_call_id, kind, register_number, person_id, held, status)
     SELECT x.discrepancy_id, r.roll_call_id, x.kind, x.register_number, x.person_id, NULLIF(x.held, 'null'::jsonb), 'open'
       FROM ${rollCallRecord}, jsonb_to_recordset(r.d->'discrepancies') AS x(discrepancy_id uuid, kind text, register_number text, person_id uuid, held jsonb)`,
    [rows],
  );
}

/** Close the open reviews between two records, whichever of them the suspicion was opened on. */
async function closeReviews(tx: Queryable, rows: { a: string | null; b: string; idx: number; status: string }[]) {
  await tx.query(
    `UPDATE duplicate_review d SET status = r.status, closed_idx = r.idx FROM jsonb_to_recordset($1::jsonb) AS r(a uuid, b uuid, idx bigint, status text)
      WHERE d.status = 'open' AND ((d.person_id = r.a AND d.candidate_id = r.b) OR (d.person_id = r.b AND d.candidate_id = r.a))`,
    [json(rows)],
  );
}

/** Kinds whose applier updates a person row: one event per person per statement. */
const updatesPerson = new Set<EventKind>([
  'person.corrected', 'person.admitted', 'person.moved', 'person.merged', 'person.split', 'person.duplicate_dismissed',
  'person.safeguards_assessed', 'person.dispatched', 'person.checked_in', 'person.arrived_at_stop', 'person.identity_discrepancy', 'person.unaccounted', 'person.returned',
  ...(Object.keys(exitStatusOf) as EventKind[]),
  // Events that update a row of their case (or the person's open segregation): a case is one person's.
  'case.charges_amended', 'case.order_confirmed', 'case.hearing_held', 'case.stage_changed', 'case.verdict_recorded', 'case.sentence_recorded', 'case.appeal_lodged', 'case.appeal_decided',
  'person.segregation_ended',
]);

/**
 * What one statement may change only once: the person row for the kinds above, and the review
 * of one pair of records for a suspicion (its upsert may not meet the same pair twice, while
 * a person's suspicions of several candidates, as a registration opens them, go together).
 */
function rowOf(event: LoggedEvent): string | null | undefined {
  if (event.kind === 'person.duplicate_suspected') return `${event.person_id} ${(event.data as unknown as { candidate_id: string }).candidate_id}`;
  return updatesPerson.has(event.kind) ? event.person_id : undefined;
}

/** Apply logged events, in log order, to the projections in the current search_path. */
export async function applyEvents(tx: Queryable, events: readonly LoggedEvent[], times?: StageTimes): Promise<void> {
  const call = callContext(events);
  let group: LoggedEvent[] = [];
  let rows = new Set<string | null>();
  const flush = async () => {
    const kind = group[0]?.kind;
    if (kind) await timed(times, `projections: ${kind}`, () => appliers[kind](tx, group, call));
    group = [];
    rows = new Set();
  };
  for (const event of events) {
    const first = group[0];
    const sameFamily = first && (first.kind === event.kind || (exitStatusOf[first.kind as keyof typeof exitStatusOf] && exitStatusOf[event.kind as keyof typeof exitStatusOf]));
    const row = rowOf(event);
    if (!sameFamily || (row !== undefined && rows.has(row))) await flush();
    group.push(event);
    if (row !== undefined) rows.add(row);
  }
  await flush();
  const tasks = events.flatMap((e) => ((e.data as { tasks?: object[] }).tasks ?? []).map((t) => ({ ...t, person_id: e.person_id, idx: e.idx })));
  if (tasks.length) {
    await timed(times, 'projections: tasks', () =>
      tx.query(
        `INSERT INTO task (id, person_id, kind, reason, due_at, status, opened_idx)
         SELECT r.task_id, r.person_id, r.task, r.reason, r.due_at, 'open', r.idx
           FROM jsonb_to_recordset($1::jsonb) AS r(task_id uuid, person_id uuid, task text, reason text, due_at timestamptz, idx bigint)`,
        [json(tasks)],
      ),
    );
  }
  const done = events.filter((e) => e.kind === 'person.task_completed');
  if (done.length) {
    await tx.query(
      `UPDATE task t SET status = 'done', done_at = r.at, outcome = r.d->>'outcome', done_by = r.d->>'done_by', done_idx = r.idx
         FROM jsonb_to_recordset($1::jsonb) AS r(d jsonb, at timestamptz, idx bigint) WHERE t.id = (r.d->>'task_id')::uuid`,
      [json(done.map((e) => ({ d: e.data, at: e.occurred_at, idx: e.idx })))],
    );
  }
  await applyFreezes(tx, events);
  await timed(times, 'projections: legal clocks', () => applyClockEvents(tx, events));
  // Persons registered in this call were inserted with their version already.
  const bumps = [...call.eventsPerPerson].filter(([id]) => !call.registered.has(id));
  if (bumps.length) {
    await tx.query(
      `UPDATE person p SET version = p.version + r.n FROM unnest($1::uuid[], $2::int[]) AS r(id, n) WHERE p.id = r.id`,
      [bumps.map(([id]) => id), bumps.map(([, n]) => n)],
    );
  }
}

function callContext(events: readonly LoggedEvent[]): CallContext & { readonly registered: ReadonlySet<string> } {
  const eventsPerPerson = new Map<string, number>();
  const registered = new Set<string>();
  const admittedOnRegistration = new Map<string, LoggedEvent>();
  /** Persons whose registration still waits for its admission, with nothing between them. */
  const waiting = new Set<string>();
  for (const e of events) {
    if (!e.person_id) continue;
    eventsPerPerson.set(e.person_id, (eventsPerPerson.get(e.person_id) ?? 0) + 1);
    if (e.kind === 'person.registered') {
      registered.add(e.person_id);
      waiting.add(e.person_id);
    } else if (waiting.delete(e.person_id) && e.kind === 'person.admitted') {
      admittedOnRegistration.set(e.person_id, e);
    }
  }
  return { eventsPerPerson, registered, admittedOnRegistration };
}
