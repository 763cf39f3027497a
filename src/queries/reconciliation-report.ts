/**
 * The reconciliation report of a handover list: the list as imported, set against its order
 * as it stands now (src/domain/reconciliation.ts `reconcile`). Read again after dispatch and
 * after the count, it shows who was listed and received, listed and not received, received
 * and not listed, listed twice, and which rows matched an existing register entry.
 */
import { reconcile, type ListedRow, type OrderMember, type ReconciliationReport } from '../domain/reconciliation.ts';
import type { TransferStatus } from '../domain/transfer.ts';
import type { Queryable } from '../store/database.ts';

export interface HandoverListReport extends ReconciliationReport {
  readonly list_id: string;
  readonly transfer_id: string;
  readonly transfer_status: TransferStatus;
  readonly sender: string;
  readonly source: string;
  readonly imported_by: string;
  readonly imported_at: string;
}

/** The lists imported against a transfer, oldest first. */
export async function handoverListsOf(q: Queryable, transferId: string): Promise<{ list_id: string; sender: string; source: string; rows: number }[]> {
  const { rows } = await q.query<{ list_id: string; sender: string; source: string; rows: number }>('SELECT id AS list_id, sender, source, rows FROM handover_list WHERE transfer_id = $1 ORDER BY event_idx', [transferId]);
  return rows;
}

/** The report of one list, or null when there is no such list. */
export async function reconciliationReport(q: Queryable, listId: string): Promise<HandoverListReport | null> {
  const { rows: lists } = await q.query<{ transfer_id: string; sender: string; source: string; imported_by: string; imported_at: Date; status: TransferStatus }>(
    'SELECT l.transfer_id, l.sender, l.source, l.imported_by, l.imported_at, t.status FROM handover_list l JOIN transfer t ON t.id = l.transfer_id WHERE l.id = $1',
    [listId],
  );
  const list = lists[0];
  if (!list) return null;
  const { rows: listed } = await q.query<{ entry: ListedRow }>('SELECT entry FROM handover_list_row WHERE list_id = $1 ORDER BY row', [listId]);
  const { rows: members } = await q.query<OrderMember>(
    'SELECT tp.person_id, p.register_number, tp.status FROM transfer_person tp JOIN person p ON p.id = tp.person_id WHERE tp.transfer_id = $1 ORDER BY tp.position',
    [list.transfer_id],
  );
  const { rows: named } = await q.query<{ id: string; register_number: string }>(
    `SELECT p.id, p.register_number FROM person p WHERE p.id IN (
       SELECT r.person_id FROM handover_list_row r WHERE r.list_id = $1 AND r.person_id IS NOT NULL
       UNION SELECT (s.value->>'person_id')::uuid FROM handover_list_row r, jsonb_array_elements(r.entry->'suspected') s WHERE r.list_id = $1)`,
    [listId],
  );
  const report = reconcile(listed.map((r) => r.entry), members, new Map(named.map((p) => [p.id, p.register_number])));
  return {
    list_id: listId,
    transfer_id: list.transfer_id,
    transfer_status: list.status,
    sender: list.sender,
    source: list.source,
    imported_by: list.imported_by,
    imported_at: list.imported_at.toISOString(),
    ...report,
  };
}

/** Every person a report names (for the read audit). */
export function personsIn(report: ReconciliationReport): string[] {
  const ids = new Set<string>();
  for (const r of [...report.listed_and_received, ...report.listed_not_received, ...report.received_not_listed, ...report.on_order_not_listed, ...report.matched_existing]) if (r.person_id) ids.add(r.person_id);
  return [...ids];
}
