import type { Facility } from '../domain/facility.ts';
import { can } from '../domain/permissions.ts';
import type { Person } from '../domain/person.ts';
import { destinationState, type Transfer } from '../domain/transfer.ts';
import type { ApprovedReturn } from '../domain/repatriation-travel.ts';
import { approvedReturns } from '../store/repatriations.ts';
import { decideCheckIn, type CheckInPerson } from '../domain/transfer-movement.ts';
import { loadFacilities, loadPersons, loadTransfer, lockFacilities, lockPersons, lockTransfer } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

interface State {
  readonly transfer: Transfer | null;
  readonly person: Person | null;
  readonly facility: Facility | null;
  /** At an authority of another state: the person's approved repatriation case to it. */
  readonly repatriation: ApprovedReturn | null;
}

const outcomes = { 'person.checked_in': 'received', 'person.identity_discrepancy': 'discrepancy', 'person.handed_over': 'handed_over' } as const;

/** Check one person in at the destination, with identity confirmation. */
export const checkInPerson: CommandDefinition<CheckInPerson, State, { outcome: (typeof outcomes)[keyof typeof outcomes]; events: ReturnType<typeof eventSummary> }> = {
  kind: 'check-in-person',
  async lock(tx, input) {
    await lockTransfer(tx, input.transfer_id);
    // The destination facility next: its lock serialises capacity decisions for it.
    const { rows } = await tx.query<{ id: string | null }>('SELECT destination_facility_id AS id FROM transfer WHERE id = $1', [input.transfer_id]);
    if (rows[0]?.id) await lockFacilities(tx, [rows[0].id]);
    await lockPersons(tx, [input.person_id]);
  },
  async load(tx, input) {
    const transfer = await loadTransfer(tx, input.transfer_id, [input.person_id]);
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    const destination = transfer?.destination.kind === 'facility' ? transfer.destination.facility_id : null;
    const facility = destination ? ((await loadFacilities(tx, [destination])).get(destination) ?? null) : null;
    const abroad = transfer && destinationState(transfer);
    return { transfer, person, facility, repatriation: abroad ? ((await approvedReturns(tx, abroad, [input.person_id])).get(input.person_id) ?? null) : null };
  },
  decide: ({ transfer, person, facility, repatriation }, input, ctx) =>
    decideCheckIn(transfer, transfer?.members[0] ?? null, person, facility, input, ctx, can(ctx.role, 'custody.override_capacity'), repatriation),
  respond: (events) => ({ outcome: outcomes[events[0]!.kind as keyof typeof outcomes], events: eventSummary(events) }),
};
