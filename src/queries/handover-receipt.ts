/** The issued receipt of a transfer, signed with the register's receipt key as it is handed out. */
import type { HandoverReceipt } from '../domain/handover-receipt.ts';
import type { NoteSigner } from '../ledger/signed-note.ts';
import { signReceipt, type ReceiptDocument } from '../receipt/receipt-document.ts';
import type { Queryable } from '../store/database.ts';

/** The signed receipt document of a transfer, or null when none was issued. */
export async function signedReceipt(q: Queryable, transferId: string, signer: NoteSigner): Promise<ReceiptDocument | null> {
  const { rows } = await q.query<{ receipt: HandoverReceipt }>('SELECT receipt FROM handover_receipt WHERE transfer_id = $1', [transferId]);
  return rows[0] ? signReceipt(rows[0].receipt, signer) : null;
}
