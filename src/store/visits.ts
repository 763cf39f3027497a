/**
 * Visiting bodies, their visits and the notification lists drawn up for them, as the domain
 * (visit.ts) sees them; and the appliers of their events. Bodies and visits are register data:
 * commands on them lock their rows.
 */
import type { LoggedEvent } from '../domain/events.ts';
import type { AccessRestriction, Visit, VisitingBody, VisitingBodyKind } from '../domain/visit.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

const json = (rows: unknown[]) => JSON.stringify(rows);
const rows = (events: readonly LoggedEvent[]) => json(events.map((e) => ({ d: e.data, idx: e.idx, person_id: e.person_id, recorded: e.recorded_at })));
const record = `jsonb_to_recordset($1::jsonb) AS r(d jsonb, idx bigint, person_id uuid, recorded text)`;

type Applier = (tx: Queryable, events: readonly LoggedEvent[]) => Promise<void>;

/** How each visit event changes the projections (projections.ts mounts these). */
export const visitAppliers = {
  'visiting_body.registered': async (tx, events) => {
    await tx.query(
      `INSERT INTO visiting_body (id, name, kind, accredited, accredited_by, accreditation_reference, registered_idx)
       SELECT (r.d->>'body_id')::uuid, r.d->>'name', r.d->>'kind', true, r.d->>'accredited_by', r.d->>'accreditation_reference', r.idx FROM ${record}`,
      [rows(events)],
    );
  },
  'visiting_body.accreditation_withdrawn': async (tx, events) => {
    await tx.query(`UPDATE visiting_body b SET accredited = false, withdrawal_reason = r.d->>'reason' FROM ${record} WHERE b.id = (r.d->>'body_id')::uuid`, [rows(events)]);
  },
  'visit.opened': async (tx, events) => {
    await tx.query(
      `INSERT INTO visit (id, body_id, facility_id, starts_at, ends_at, starts, ends, closed, opened_by, opened_idx)
       SELECT (r.d->>'visit_id')::uuid, (r.d->>'body_id')::uuid, (r.d->>'facility_id')::uuid, (r.d->>'starts_at')::timestamptz, (r.d->>'ends_at')::timestamptz,
              r.d->>'starts_at', r.d->>'ends_at', false, r.d->>'opened_by', r.idx FROM ${record}`,
      [rows(events)],
    );
  },
  'visit.person_seen': async (tx, events) => {
    await tx.query(
      `INSERT INTO visit_person_seen (visit_id, person_id, seen_at, private_interview, idx)
       SELECT (r.d->>'visit_id')::uuid, r.person_id, r.d->>'seen_at', (r.d->>'private_interview')::boolean, r.idx FROM ${record}`,
      [rows(events)],
    );
  },
  'visit.access_restricted': async (tx, events) => {
    await tx.query(
      `INSERT INTO visit_access_restriction (idx, visit_id, person_id, decision, reason, authority, until_at, until, decided_by, decided_at)
       SELECT r.idx, (r.d->>'visit_id')::uuid, (r.d->>'person_id')::uuid, r.d->>'decision', r.d->>'reason', r.d->>'authority', (r.d->>'until')::timestamptz, r.d->>'until', r.d->>'decided_by', r.recorded FROM ${record}`,
      [rows(events)],
    );
  },
  'visit.closed': async (tx, events) => {
    await tx.query(`UPDATE visit v SET closed = true, closed_idx = r.idx FROM ${record} WHERE v.id = (r.d->>'visit_id')::uuid`, [rows(events)]);
  },
  'notification_list.drawn_up': async (tx, events) => {
    await tx.query(
      `INSERT INTO notification_list (id, body_id, facility_id, after_idx, up_to_idx, drawn_up_by, drawn_up_at, exports)
       SELECT (r.d->>'list_id')::uuid, (r.d->>'body_id')::uuid, (r.d->>'facility_id')::uuid, (r.d->>'after_idx')::bigint, (r.d->>'up_to_idx')::bigint, r.d->>'drawn_up_by', r.recorded, '[]'::jsonb
         FROM ${record}`,
      [rows(events)],
    );
  },
  'notification_list.exported': async (tx, events) => {
    // Several exports of one list may come in one call: each is appended in log order.
    for (const e of events) {
      const d = e.data as { list_id: string; format: string; exported_by: string };
      await tx.query(`UPDATE notification_list SET exports = exports || jsonb_build_array(jsonb_build_object('format', $2::text, 'by', $3::text, 'at', $4::text)) WHERE id = $1`, [
        d.list_id,
        d.format,
        d.exported_by,
        e.recorded_at,
      ]);
    }
  },
} satisfies Record<string, Applier>;

/** A visiting body, or null. */
export async function loadVisitingBody(q: Queryable, id: string): Promise<VisitingBody | null> {
  if (!isUuid(id)) return null;
  const { rows: found } = await q.query<VisitingBody>('SELECT id, name, kind, accredited FROM visiting_body WHERE id = $1', [id]);
  return found[0] ?? null;
}

/** Every visiting body, by name. */
export async function visitingBodies(q: Queryable): Promise<(VisitingBody & { accredited_by: string; accreditation_reference: string })[]> {
  const { rows: found } = await q.query<VisitingBody & { kind: VisitingBodyKind; accredited_by: string; accreditation_reference: string }>(
    'SELECT id, name, kind, accredited, accredited_by, accreditation_reference FROM visiting_body ORDER BY name, id',
  );
  return found;
}

interface VisitRow {
  id: string;
  body_id: string;
  facility_id: string;
  starts: string;
  ends: string;
  closed: boolean;
  restrictions: AccessRestriction[];
}

const visitColumns = `v.id, v.body_id, v.facility_id, v.starts, v.ends, v.closed,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('person_id', a.person_id, 'decision', a.decision, 'reason', a.reason, 'authority', a.authority, 'until', a.until, 'decided_by', a.decided_by, 'decided_at', a.decided_at) ORDER BY a.idx)
              FROM visit_access_restriction a WHERE a.visit_id = v.id), '[]') AS restrictions`;

const presentVisit = (r: VisitRow): Visit => ({ id: r.id, body_id: r.body_id, facility_id: r.facility_id, starts_at: r.starts, ends_at: r.ends, closed: r.closed, restrictions: r.restrictions });

/** A visit, or null. */
export async function loadVisit(q: Queryable, id: string): Promise<Visit | null> {
  if (!isUuid(id)) return null;
  const { rows: found } = await q.query<VisitRow>(`SELECT ${visitColumns} FROM visit v WHERE v.id = $1`, [id]);
  return found[0] ? presentVisit(found[0]) : null;
}

/** A body's visits, the latest first (open ones only, when asked). */
export async function visitsOf(q: Queryable, bodyId: string, options: { openOnly?: boolean } = {}): Promise<Visit[]> {
  if (!isUuid(bodyId)) return [];
  const { rows: found } = await q.query<VisitRow>(`SELECT ${visitColumns} FROM visit v WHERE v.body_id = $1 AND ($2::boolean IS NOT TRUE OR NOT v.closed) ORDER BY v.starts_at DESC, v.id`, [
    bodyId,
    options.openOnly ?? false,
  ]);
  return found.map(presentVisit);
}

/** The visiting body a visitor's account is bound to (migration 0008), or null. */
export async function accountVisitingBody(q: Queryable, accountId: string): Promise<string | null> {
  const { rows: found } = await q.query<{ visiting_body_id: string | null }>('SELECT visiting_body_id FROM account WHERE id = $1', [accountId]);
  return found[0]?.visiting_body_id ?? null;
}

/** Bind an account to a visiting body (a visitor's accreditation; account management, not the log). */
export async function bindAccountToBody(q: Queryable, accountId: string, bodyId: string | null): Promise<void> {
  await q.query('UPDATE account SET visiting_body_id = $2 WHERE id = $1', [accountId, bodyId]);
}

/** Lock a visiting body's row (commands on its visits and lists run one after another). */
export async function lockVisitingBody(tx: Queryable, bodyId: string): Promise<void> {
  if (isUuid(bodyId)) await tx.query('SELECT id FROM visiting_body WHERE id = $1 FOR UPDATE', [bodyId]);
}

/** Lock the body of a visit. */
export async function lockVisit(tx: Queryable, visitId: string): Promise<void> {
  if (!isUuid(visitId)) return;
  const { rows: found } = await tx.query<{ body_id: string }>('SELECT body_id FROM visit WHERE id = $1', [visitId]);
  if (found[0]) await lockVisitingBody(tx, found[0].body_id);
}

/** Where the previous notification list of a body for a facility ended in the log (-1: none yet, the log starts at 0). */
export async function lastListedIdx(q: Queryable, bodyId: string, facilityId: string): Promise<number> {
  const { rows: found } = await q.query<{ up_to: string | null }>('SELECT max(up_to_idx) AS up_to FROM notification_list WHERE body_id = $1 AND facility_id = $2', [bodyId, facilityId]);
  return Number(found[0]?.up_to ?? -1);
}

/** The last index of the log now. */
export async function lastLogIdx(q: Queryable): Promise<number> {
  const { rows: found } = await q.query<{ idx: string | null }>('SELECT max(idx) AS idx FROM event');
  return Number(found[0]?.idx ?? -1);
}

/** A notification list's window and exports, or null. */
export interface NotificationListRecord {
  readonly id: string;
  readonly body_id: string;
  readonly facility_id: string;
  readonly after_idx: number;
  readonly up_to_idx: number;
  readonly drawn_up_by: string;
  readonly drawn_up_at: string;
  readonly exports: readonly { format: string; by: string; at: string }[];
}

export async function loadNotificationList(q: Queryable, id: string): Promise<NotificationListRecord | null> {
  if (!isUuid(id)) return null;
  const { rows: found } = await q.query<NotificationListRecord & { after_idx: string; up_to_idx: string }>(
    'SELECT id, body_id, facility_id, after_idx, up_to_idx, drawn_up_by, drawn_up_at, exports FROM notification_list WHERE id = $1',
    [id],
  );
  const r = found[0];
  return r ? { ...r, after_idx: Number(r.after_idx), up_to_idx: Number(r.up_to_idx) } : null;
}
