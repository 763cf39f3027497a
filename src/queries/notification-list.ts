/**
 * The rows of a notification list: the admissions, transfers in and out, and exits of a
 * facility recorded in a window of the log, from the custody periods (an arrival opens a period
 * at the facility; a departure closes one, and the next period says where the person went).
 * Reads of the projections only; the caller audits what it shows.
 */
import type { NotificationKind } from '../domain/notification-list.ts';
import type { Queryable } from '../store/database.ts';

export interface NotificationRow {
  readonly person_id: string;
  readonly register_number: string;
  /** The person's names, Arabic script first, separated by " / ". */
  readonly names: string;
  readonly kind: NotificationKind;
  /** When it happened (ISO 8601, UTC). */
  readonly at: string;
  /** For an exit: released, handed_over, deceased, escaped, transferred_out_of_register. */
  readonly exit_status: string | null;
  /** The other facility of a transfer or a direct move, when known. */
  readonly other_facility: string | null;
  readonly idx: number;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The rows of a facility's list for the window (after, upTo], in log order. */
export async function notificationRows(q: Queryable, facilityId: string, after: number, upTo: number): Promise<NotificationRow[]> {
  const { rows } = await q.query<NotificationRow & { idx: string }>(
    `WITH moves AS (
       SELECT c.person_id, c.from_idx AS idx, c.from_at AS at,
              CASE WHEN prev.status = 'in_transit' THEN 'transfer_in' ELSE 'admission' END AS kind, NULL::text AS exit_status,
              CASE WHEN prev.status = 'in_transit' THEN (SELECT p2.facility_id FROM custody_period p2 WHERE p2.person_id = c.person_id AND p2.seq = c.seq - 2) ELSE prev.facility_id END AS other
         FROM custody_period c LEFT JOIN custody_period prev ON prev.person_id = c.person_id AND prev.seq = c.seq - 1
        WHERE c.facility_id = $1 AND c.from_idx > $2 AND c.from_idx <= $3 AND c.status = 'in_custody'
          AND (prev.facility_id IS DISTINCT FROM $1::uuid)
       UNION ALL
       SELECT c.person_id, c.to_idx, c.to_at,
              CASE WHEN nxt.status IN ('in_transit', 'in_custody') THEN 'transfer_out' ELSE 'exit' END,
              CASE WHEN nxt.status IN ('in_transit', 'in_custody') THEN NULL ELSE nxt.status END,
              nxt.facility_id
         FROM custody_period c JOIN custody_period nxt ON nxt.person_id = c.person_id AND nxt.seq = c.seq + 1
        WHERE c.facility_id = $1 AND c.to_idx > $2 AND c.to_idx <= $3 AND c.status = 'in_custody'
          AND (nxt.facility_id IS DISTINCT FROM $1::uuid)),
     names AS (
       SELECT n.person_id, string_agg(n.full_name, ' / ' ORDER BY n.script, n.full_name) AS names
         FROM name_record n WHERE n.person_id IN (SELECT person_id FROM moves) GROUP BY n.person_id)
     SELECT m.person_id, p.register_number, m.kind, m.exit_status, ${iso('m.at')} AS at, f.name AS other_facility, m.idx, COALESCE(nm.names, '') AS names
       FROM moves m JOIN person p ON p.id = m.person_id LEFT JOIN facility f ON f.id = m.other LEFT JOIN names nm ON nm.person_id = m.person_id
      ORDER BY m.idx, p.register_number`,
    [facilityId, after, upTo],
  );
  return rows.map((r) => ({ ...r, idx: Number(r.idx) }));
}

/** How a list's cells are labelled: its header, and the words for each kind of row. */
export interface NotificationLabels {
  readonly header: readonly [registerNumber: string, names: string, kind: string, at: string, exitStatus: string, otherFacility: string];
  kind(kind: NotificationKind): string;
  exitStatus(status: string): string;
}

/** A list's rows as cells of text, the header first: what the XLSX and CSV files hold. */
export function notificationCells(rows: readonly NotificationRow[], labels: NotificationLabels): string[][] {
  return [
    [...labels.header],
    ...rows.map((r) => [r.register_number, r.names, labels.kind(r.kind), r.at, r.exit_status ? labels.exitStatus(r.exit_status) : '', r.other_facility ?? '']),
  ];
}

/** Labels for machines: the field names and codes as the API names them. */
export const machineLabels: NotificationLabels = {
  header: ['register_number', 'names', 'kind', 'at', 'exit_status', 'other_facility'],
  kind: (kind) => kind,
  exitStatus: (status) => status,
};
