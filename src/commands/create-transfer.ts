import type { Facility } from '../domain/facility.ts';
import type { Person } from '../domain/person.ts';
import { decideCreateTransfer, type CreateTransfer } from '../domain/transfer.ts';
import { isUuid } from '../domain/values.ts';
import { loadFacilities, loadPersons } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly exists: boolean;
  readonly facilities: Map<string, Facility>;
  readonly persons: Map<string, Person>;
}

const facilityIds = (input: CreateTransfer) => [...[input.origin, input.destination].flatMap((e) => (e.kind === 'facility' ? [e.facility_id] : [])), ...(input.stops ?? []).filter(isUuid)];

/** Draw up a transfer order (a draft): origin, destination, any stops between, and 1 to 10,000 persons. */
export const createTransfer: CommandDefinition<CreateTransfer, State, { transfer_id: string; status: 'draft'; persons: number }> = {
  kind: 'create-transfer',
  // A draft changes nobody's custody: nothing to lock. Dispatch checks custody under locks.
  lock: async () => {},
  async load(tx, input) {
    const exists = (await tx.query('SELECT 1 FROM transfer WHERE id = $1', [input.transfer_id])).rows.length > 0;
    return { exists, facilities: await loadFacilities(tx, facilityIds(input)), persons: await loadPersons(tx, [...new Set(input.persons)]) };
  },
  decide: (state, input, ctx) => decideCreateTransfer(state.exists, state.facilities, state.persons, input, ctx),
  respond: (_events, input) => ({ transfer_id: input.transfer_id, status: 'draft', persons: input.persons.length }),
};
