import type { NewEvent } from '../domain/events.ts';
import type { Person } from '../domain/person.ts';
import type { Transfer } from '../domain/transfer.ts';
import { decideDepartFromStop, type DepartFromStop } from '../domain/transfer-legs.ts';
import { loadPersons, loadTransfer } from '../store/subjects.ts';
import { lockTransferAndPersons } from './dispatch-transfer.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly transfer: Transfer | null;
  readonly persons: Map<string, Person>;
}

/** Depart from the stop the escort is lodged at: everyone lodged there passes into transit again, on the next leg. */
export const departFromStop: CommandDefinition<DepartFromStop, State, { transfer_id: string; stop: number; departed: number }> = {
  kind: 'depart-from-stop',
  lock: (tx, input) => lockTransferAndPersons(tx, input.transfer_id),
  async load(tx, input) {
    const transfer = await loadTransfer(tx, input.transfer_id);
    const lodged = transfer?.members.filter((m) => m.status === 'at_stop').map((m) => m.person_id) ?? [];
    return { transfer, persons: await loadPersons(tx, lodged) };
  },
  decide: (state, input, ctx) => decideDepartFromStop(state.transfer, state.persons, input, ctx),
  respond: (events, input) => ({ transfer_id: input.transfer_id, stop: (events[0] as NewEvent<'transfer.stop_departed'>).data.stop, departed: events.length - 1 }),
};
