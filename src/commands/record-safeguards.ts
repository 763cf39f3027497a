import { decideSafeguards, type RecordSafeguards, type Transfer } from '../domain/transfer.ts';
import { loadTransfer, lockPersons, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Record a person's safeguards assessment for a transfer to another state (STANDARDS C). */
export const recordSafeguards: CommandDefinition<RecordSafeguards, Transfer | null, { events: ReturnType<typeof eventSummary> }> = {
  kind: 'record-safeguards',
  async lock(tx, input) {
    await lockTransfer(tx, input.transfer_id);
    await lockPersons(tx, [input.person_id]);
  },
  load: (tx, input) => loadTransfer(tx, input.transfer_id, [input.person_id]),
  decide: (transfer, input, ctx) => decideSafeguards(transfer, input, ctx),
  respond: (events) => ({ events: eventSummary(events) }),
};
