import { decideIssueReceipt, type IssueReceipt, type ReceiptSource } from '../domain/handover-receipt.ts';
import type { NewEvent } from '../domain/events.ts';
import { lockTransfer } from '../store/subjects.ts';
import type { Queryable } from '../store/database.ts';
import type { CommandDefinition } from './execute.ts';

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Where an end of a transfer is, by name and country, as the receipt states it. */
const place = (end: 't.origin' | 't.destination', facility: string) =>
  `CASE WHEN ${end}->>'kind' = 'facility' THEN ${facility}.name || ' (' || ${facility}.country || ')' ELSE (${end}->>'name') || ' (' || (${end}->>'country') || ')' END`;

/** The transfer as its receipt is drawn up from it, in one statement (one consistent snapshot). */
export async function loadReceiptSource(q: Queryable, transferId: string): Promise<ReceiptSource | null> {
  const { rows } = await q.query<ReceiptSource>(
    `SELECT t.id AS transfer_id, t.status, ${place('t.origin', 'fo')} AS origin_place, ${place('t.destination', 'fd')} AS destination_place,
            t.releasing_official, CASE WHEN t.escort IS NULL THEN NULL ELSE jsonb_build_object('authority', t.escort->>'authority', 'commander', t.escort->>'commander') END AS escort,
            ${iso('t.dispatched_at')} AS dispatched_at, t.receiving_official, ${iso('t.count_closed_at')} AS count_closed_at,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('register_number', p.register_number, 'status', tp.status) ORDER BY tp.position)
                        FROM transfer_person tp JOIN person p ON p.id = tp.person_id WHERE tp.transfer_id = t.id), '[]') AS members,
            (SELECT r.id::text FROM handover_receipt r WHERE r.transfer_id = t.id) AS issued
       FROM transfer t LEFT JOIN facility fo ON fo.id = t.origin_facility_id LEFT JOIN facility fd ON fd.id = t.destination_facility_id
      WHERE t.id = $1`,
    [transferId],
  );
  return rows[0] ?? null;
}

/** Issue a transfer's handover receipt once both sides have confirmed (dispatch and the count). */
export const issueHandoverReceipt: CommandDefinition<IssueReceipt, ReceiptSource | null, { transfer_id: string; receipt_id: string }> = {
  kind: 'issue-handover-receipt',
  lock: (tx, input) => lockTransfer(tx, input.transfer_id),
  load: (tx, input) => loadReceiptSource(tx, input.transfer_id),
  decide: (source, input, ctx) => decideIssueReceipt(source, input, ctx),
  respond: (events) => {
    const issued = events[0] as NewEvent<'transfer.receipt_issued'>;
    return { transfer_id: issued.data.transfer_id, receipt_id: issued.data.receipt_id };
  },
};
