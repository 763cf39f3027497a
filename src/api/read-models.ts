/**
 * What the API reads: a person's full record, person summaries for lookups, a person's
 * events from the log, open tasks, facilities, and the record of who read what. Each query
 * returns presenter shapes (the API's own field names, times as ISO 8601 UTC strings),
 * never table rows as they are. Those that return personal data are run by the API and the
 * pages through `readPersonal` (queries/personal-read.ts), which audits the read.
 *
 * A person's record is read in one statement, so it is one consistent snapshot.
 */
import type { Static } from '@sinclair/typebox';
import type { Facility } from '../domain/facility.ts';
import { everyPerson, type PersonFilter } from '../queries/person-filter.ts';
import type { Queryable } from '../store/database.ts';
import { parseEventBytes } from '../store/event-log.ts';
import { loadFacilities } from '../store/subjects.ts';
import type { FacilityResponse, PersonEventsResponse, PersonRecordResponse, PersonSummary, ReadAuditResponse, TaskResponse } from './schemas.ts';

export type PersonRecord = Static<typeof PersonRecordResponse>;
export type PersonSummaryView = Static<typeof PersonSummary>;
export type TaskView = Static<typeof TaskResponse>;
export type FacilityView = Static<typeof FacilityResponse>;
export type EventView = Static<typeof PersonEventsResponse>['events'][number];
export type ReadView = Static<typeof ReadAuditResponse>['reads'][number];

/** A timestamptz as ISO 8601 UTC, the same on every server whatever its TimeZone setting. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const taskColumns = (now: string) => `
  jsonb_build_object('id', t.id, 'person_id', t.person_id, 'register_number', p.register_number, 'kind', t.kind, 'reason', t.reason,
                     'due_at', ${iso('t.due_at')}, 'overdue', t.due_at < ${now}::timestamptz)`;

/** A person's full record: details, names, custody now and before, admissions, open tasks. */
export async function personRecord(q: Queryable, personId: string, now: Date): Promise<PersonRecord | null> {
  const { rows } = await q.query<{ record: PersonRecord }>(
    `SELECT jsonb_build_object(
       'id', p.id, 'register_number', p.register_number, 'registered_at', ${iso('p.registered_at')},
       'details', jsonb_build_object(
          'sex', p.sex, 'gender', p.gender, 'dob', p.dob, 'nationalities', to_jsonb(p.nationalities), 'languages', to_jsonb(p.languages),
          'biometric_refs', p.biometric_refs,
          'documents', COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', d.kind, 'number', d.number, 'issuing_country', d.issuing_country) ORDER BY d.position)
                                   FROM person_document d WHERE d.person_id = p.id), '[]')),
       'names', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'script', n.script, 'full', n.full_name, 'parts', n.parts, 'source', n.source, 'confidence', n.confidence) ORDER BY n.full_name)
                            FROM name_record n WHERE n.person_id = p.id), '[]'),
       'custody', jsonb_build_object(
          'status', p.custody_status, 'facility_id', p.facility_id, 'unit_id', p.unit_id, 'legal_status', p.legal_status, 'category', p.category,
          'since', ${iso('p.custody_since')},
          'history', COALESCE((SELECT jsonb_agg(jsonb_build_object('status', c.status, 'facility_id', c.facility_id, 'from', ${iso('c.from_at')},
                                                                   'to', CASE WHEN c.to_at IS NULL THEN NULL ELSE ${iso('c.to_at')} END) ORDER BY c.seq)
                                 FROM custody_period c WHERE c.person_id = p.id), '[]')),
       'admissions', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', a.id, 'facility_id', a.facility_id, 'unit_id', a.unit_id, 'legal_status', a.legal_status,
                                                                   'category', a.category, 'admitted_at', ${iso('a.admitted_at')}, 'basis', a.basis, 'items', a.items,
                                                                   'capacity_override', a.capacity_override) ORDER BY a.event_idx)
                                 FROM admission a WHERE a.person_id = p.id), '[]'),
       'open_tasks', COALESCE((SELECT jsonb_agg(${taskColumns('$2')} ORDER BY t.due_at) FROM task t WHERE t.person_id = p.id AND t.status = 'open'), '[]'),
       'frozen', p.frozen, 'version', p.version) AS record
       FROM person p WHERE p.id = $1`,
    [personId, now.toISOString()],
  );
  return rows[0]?.record ?? null;
}

/** Summaries of persons, in the order of the ids given. */
export async function personSummaries(q: Queryable, ids: readonly string[]): Promise<PersonSummaryView[]> {
  if (!ids.length) return [];
  const { rows } = await q.query<{ summary: PersonSummaryView }>(
    `SELECT jsonb_build_object('id', p.id, 'register_number', p.register_number, 'custody_status', p.custody_status, 'facility_id', p.facility_id, 'version', p.version,
              'names', COALESCE((SELECT jsonb_agg(jsonb_build_object('script', n.script, 'full', n.full_name) ORDER BY n.full_name) FROM name_record n WHERE n.person_id = p.id), '[]')) AS summary
       FROM person p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.summary.id, r.summary]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Persons holding a register number (at most one) or a document number. */
export async function findPersons(q: Queryable, by: { registerNumber: string } | { document: string }, limit: number): Promise<string[]> {
  const { rows } =
    'registerNumber' in by
      ? await q.query<{ id: string }>('SELECT id FROM person WHERE register_number = $1', [by.registerNumber])
      : await q.query<{ id: string }>('SELECT DISTINCT person_id AS id FROM person_document WHERE upper(number) = upper($1) ORDER BY 1 LIMIT $2', [by.document.trim(), limit]);
  return rows.map((r) => r.id);
}

/**
 * A person's events from the log, read back from their canonical bytes (null if no such person), as `independent` (a reader holding the independent authority's
 * reading) or anyone else sees them: the content of a confidential complaint (MR56(3)) and of the
 * referral it opened is the independent authority's alone — others see that the event is there,
 * and its ids, not what it says.
 */
export async function personEvents(q: Queryable, personId: string, independent: boolean): Promise<EventView[] | null> {
  const { rows } = await q.query<{ idx: number; bytes: Uint8Array }>('SELECT idx, bytes FROM event WHERE person_id = $1 ORDER BY idx', [personId]);
  if (!rows.length) return null;
  const confidential = new Set<string>();
  const referrals = new Set<string>();
  return rows.map(({ idx, bytes }) => {
    const { event } = parseEventBytes(idx, bytes);
    let data: unknown = event.data;
    const d = event.data as { complaint_id?: string; allegation_id?: string | null; confidential?: boolean };
    if (!independent && event.kind === 'complaint.lodged' && d.confidential) {
      confidential.add(d.complaint_id!);
      if (d.allegation_id) referrals.add(d.allegation_id);
      data = { complaint_id: d.complaint_id, allegation_id: d.allegation_id, confidential: true };
    } else if (!independent && ((d.complaint_id !== undefined && confidential.has(d.complaint_id)) || (d.allegation_id && referrals.has(d.allegation_id)))) {
      // Every later step of the complaint, and of the referral it opened (acknowledged, closed with findings).
      if (d.allegation_id) referrals.add(d.allegation_id);
      data = { ...(d.complaint_id !== undefined ? { complaint_id: d.complaint_id } : {}), ...(d.allegation_id ? { allegation_id: d.allegation_id } : {}), confidential: true };
    }
    return { idx, event_id: event.event_id, kind: event.kind, occurred_at: event.occurred_at, recorded_at: event.recorded_at, actor: event.actor, data };
  });
}

/** Open tasks by due time, optionally only overdue ones or one facility's. */
export async function openTasks(q: Queryable, options: { now: Date; overdueOnly: boolean; facilityId?: string; limit: number; within?: PersonFilter }): Promise<{ tasks: TaskView[]; truncated: boolean }> {
  const params: unknown[] = [options.now.toISOString(), options.overdueOnly, options.facilityId ?? null, options.limit + 1];
  const reached = (options.within ?? everyPerson)('t.person_id', params);
  const { rows } = await q.query<{ task: TaskView }>(
    `SELECT ${taskColumns('$1')} AS task
       FROM task t JOIN person p ON p.id = t.person_id
      WHERE t.status = 'open' AND (NOT $2 OR t.due_at < $1::timestamptz) AND ($3::uuid IS NULL OR p.facility_id = $3::uuid) AND ${reached}
      ORDER BY t.due_at, t.id LIMIT $4`,
    params,
  );
  return { tasks: rows.slice(0, options.limit).map((r) => r.task), truncated: rows.length > options.limit };
}

function presentFacility(f: Facility): FacilityView {
  return { id: f.id, name: f.name, kind: f.kind, authority: f.authority, country: f.country, timezone: f.timezone, capacity: f.capacity, occupancy: f.occupancy, units: [...f.units], version: f.version };
}

/** Facilities with their units, capacity and occupancy now; all of them when no id is given. */
export async function facilities(q: Queryable, id?: string): Promise<FacilityView[]> {
  const ids = id ? [id] : (await q.query<{ id: string }>('SELECT id FROM facility ORDER BY name, id')).rows.map((r) => r.id);
  const found = await loadFacilities(q, ids);
  return ids.flatMap((i) => {
    const f = found.get(i);
    return f ? [presentFacility(f)] : [];
  });
}

/** Who read a person's record, most recent first. */
export async function readsOf(q: Queryable, personId: string, limit: number): Promise<ReadView[]> {
  const { rows } = await q.query<{ read: ReadView }>(
    `SELECT jsonb_build_object('username', a.username, 'what', r.what, 'read_at', ${iso('r.read_at')}) AS read
       FROM read_audit r JOIN account a ON a.id = r.account_id WHERE r.person_id = $1 ORDER BY r.read_at DESC, r.id DESC LIMIT $2`,
    [personId, limit],
  );
  return rows.map((r) => r.read);
}
