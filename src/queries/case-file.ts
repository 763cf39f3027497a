/**
 * Case files as read: a case with its charges, counsel and their visits, appearances, orders
 * (and who stands behind each), hearings (with who was present and what was missing),
 * interrogation sessions, verdict, sentence and appeal — one statement, one snapshot. And a
 * person's periods of segregation. Instants are given in UTC. Callers audit the read
 * (personal-read.ts): a case file is personal data.
 */
import type { Queryable } from '../store/database.ts';

/** An instant column or expression as ISO 8601 UTC, or null. */
export const isoUtc = (expression: string) =>
  `CASE WHEN (${expression}) IS NULL THEN NULL ELSE to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

const caseJson = `jsonb_build_object(
  'id', c.id, 'person_id', c.person_id, 'register_number', p.register_number, 'reference', c.reference, 'court', c.court,
  'judge', c.judge, 'prosecutor', c.prosecutor, 'stage', c.stage, 'charges', c.charges,
  'opened_at', ${isoUtc('c.opened_at')}, 'opened_by', c.opened_by,
  'verdict', CASE WHEN c.verdict IS NULL THEN NULL ELSE jsonb_build_object('outcome', c.verdict->>'outcome', 'at', ${isoUtc(`(c.verdict->>'at')::timestamptz`)}, 'judge', c.verdict->>'judge') END,
  'sentence', CASE WHEN c.sentence IS NULL THEN NULL ELSE jsonb_build_object('sentence', c.sentence->'sentence', 'at', ${isoUtc(`(c.sentence->>'at')::timestamptz`)},
                                                                             'judge', c.sentence->>'judge', 'on_appeal', (c.sentence->>'on_appeal')::boolean) END,
  'appeal', CASE WHEN c.appeal IS NULL THEN NULL ELSE jsonb_build_object('lodged_at', ${isoUtc(`(c.appeal->>'lodged_at')::timestamptz`)},
                                                                         'decided_at', ${isoUtc(`(c.appeal->>'decided_at')::timestamptz`)}, 'outcome', c.appeal->>'outcome') END,
  'counsel', COALESCE((SELECT jsonb_agg(jsonb_build_object('counsel_id', k.counsel_id, 'name', k.name, 'appointment', k.appointment, 'contact', k.contact,
                                                           'assigned_at', ${isoUtc('k.assigned_at')}) ORDER BY k.event_idx)
                         FROM case_counsel k WHERE k.case_id = c.id), '[]'),
  'counsel_visits', COALESCE((SELECT jsonb_agg(jsonb_build_object('counsel_id', v.counsel_id, 'at', ${isoUtc('v.visited_at')}, 'facility_id', v.facility_id) ORDER BY v.visited_at, v.event_idx)
                                FROM counsel_visit v WHERE v.case_id = c.id), '[]'),
  'appearances', COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', a.kind, 'at', ${isoUtc('a.at')}, 'judge', a.judge) ORDER BY a.at, a.event_idx)
                             FROM case_appearance a WHERE a.case_id = c.id), '[]'),
  'orders', COALESCE((SELECT jsonb_agg(jsonb_build_object('order_id', o.id, 'order', o.kind, 'reference', o.reference, 'court', o.court, 'issued_at', ${isoUtc('o.issued_at')},
                                                          'judge', o.judge, 'days', o.days, 'until', ${isoUtc('o.extended_until')}, 'max_penalty', o.max_penalty,
                                                          'to_facility_id', o.to_facility_id, 'produce_at', ${isoUtc('o.produce_at')}, 'entered_by', o.entered_by,
                                                          'confirmation', o.confirmation, 'scan', o.scan, 'confirmed_by', o.confirmed_by, 'confirmed_at', ${isoUtc('o.confirmed_at')})
                                       ORDER BY o.issued_at, o.event_idx)
                        FROM court_order o WHERE o.case_id = c.id), '[]'),
  'hearings', COALESCE((SELECT jsonb_agg(jsonb_build_object('hearing_id', h.id, 'at', ${isoUtc('h.scheduled_for')}, 'court', h.court, 'purpose', h.purpose, 'status', h.status,
                                                            'held_at', ${isoUtc('h.held_at')}, 'adjourned_reason', h.outcome->'adjourned_reason', 'present', h.outcome->'present',
                                                            'interpreter_required', h.outcome->'interpreter_required', 'flags', COALESCE(h.outcome->'flags', '[]'))
                                         ORDER BY h.scheduled_for, h.scheduled_idx)
                          FROM hearing h WHERE h.case_id = c.id), '[]'),
  'interrogations', COALESCE((SELECT jsonb_agg(jsonb_build_object('interrogation_id', i.id, 'start', ${isoUtc('i.started_at')}, 'end', ${isoUtc('i.ended_at')}, 'place', i.place,
                                                                  'present', i.present, 'interpreter', i.interpreter, 'lawyer', i.lawyer) ORDER BY i.started_at, i.event_idx)
                                FROM interrogation i WHERE i.case_id = c.id), '[]'))`;

/** A case file as read; its `person_id` is whose record was read. */
export type CaseFileView = Record<string, unknown> & { readonly id: string; readonly person_id: string };

/** One case file, or null. */
export async function caseFile(q: Queryable, caseId: string): Promise<CaseFileView | null> {
  const { rows } = await q.query<{ view: CaseFileView }>(`SELECT ${caseJson} AS view FROM court_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1`, [caseId]);
  return rows[0]?.view ?? null;
}

/** Every case file of a person, in the order they were opened; null for no such person. */
export async function personCaseFiles(q: Queryable, personId: string): Promise<CaseFileView[] | null> {
  const exists = await q.query('SELECT 1 FROM person WHERE id = $1', [personId]);
  if (!exists.rows.length) return null;
  const { rows } = await q.query<{ view: CaseFileView }>(`SELECT ${caseJson} AS view FROM court_case c JOIN person p ON p.id = c.person_id WHERE c.person_id = $1 ORDER BY c.opened_idx`, [personId]);
  return rows.map((r) => r.view);
}

export interface SegregationPeriodView {
  readonly facility_id: string;
  readonly started_at: string;
  readonly reason: string;
  readonly authorised_by: string;
  readonly ended_at: string | null;
  readonly end_reason: string | null;
  readonly end_authorised_by: string | null;
}

/** A person's periods of segregation, oldest first; null for no such person. */
export async function segregationPeriods(q: Queryable, personId: string): Promise<SegregationPeriodView[] | null> {
  const exists = await q.query('SELECT 1 FROM person WHERE id = $1', [personId]);
  if (!exists.rows.length) return null;
  const { rows } = await q.query<SegregationPeriodView>(
    `SELECT facility_id, ${isoUtc('started_at')} AS started_at, reason, authorised_by, ${isoUtc('ended_at')} AS ended_at, end_reason, end_authorised_by
       FROM segregation_period WHERE person_id = $1 ORDER BY started_idx`,
    [personId],
  );
  return rows;
}
