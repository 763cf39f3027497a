import type { Transfer } from '../domain/transfer.ts';
import { decideRefusePerson, type RefusePerson } from '../domain/transfer-movement.ts';
import { loadTransfer, lockPersons, lockReturnFacilities, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Refuse one person at arrival: they go back on the return leg to the unit they left. */
export const refusePerson: CommandDefinition<RefusePerson, Transfer | null, { outcome: 'returned'; events: ReturnType<typeof eventSummary> }> = {
  kind: 'refuse-person',
  async lock(tx, input) {
    await lockTransfer(tx, input.transfer_id);
    await lockReturnFacilities(tx, input.transfer_id, [input.person_id]);
    await lockPersons(tx, [input.person_id]);
  },
  load: (tx, input) => loadTransfer(tx, input.transfer_id, [input.person_id]),
  decide: (transfer, input, ctx) => decideRefusePerson(transfer, transfer?.members[0] ?? null, input, ctx),
  respond: (events) => ({ outcome: 'returned', events: eventSummary(events) }),
};
