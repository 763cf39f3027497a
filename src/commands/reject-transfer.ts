import type { Transfer } from '../domain/transfer.ts';
import { decideRejectTransfer, type RejectTransfer } from '../domain/transfer-movement.ts';
import { loadTransfer, lockPersons, lockReturnFacilities, lockTransfer } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

/** Refuse a dispatched order at arrival: the return leg takes the persons back to the origin. */
export const rejectTransfer: CommandDefinition<RejectTransfer, Transfer | null, { transfer_id: string; status: 'rejected'; returned: number }> = {
  kind: 'reject-transfer',
  async lock(tx, input) {
    await lockTransfer(tx, input.transfer_id);
    await lockReturnFacilities(tx, input.transfer_id);
    const { rows } = await tx.query<{ person_id: string }>('SELECT person_id FROM transfer_person WHERE transfer_id = $1', [input.transfer_id]);
    await lockPersons(tx, rows.map((r) => r.person_id));
  },
  load: (tx, input) => loadTransfer(tx, input.transfer_id),
  decide: (transfer, input, ctx) => decideRejectTransfer(transfer, input, ctx),
  respond: (events, input) => ({ transfer_id: input.transfer_id, status: 'rejected', returned: events.length - 1 }),
};
