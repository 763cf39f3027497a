import type { Facility } from '../domain/facility.ts';
import { can } from '../domain/permissions.ts';
import type { Person } from '../domain/person.ts';
import type { ApprovedReturn } from '../domain/repatriation-travel.ts';
import { destinationState, type Transfer } from '../domain/transfer.ts';
import { decideCheckInBatch, type CheckInBatch } from '../domain/transfer-movement.ts';
import { approvedReturns } from '../store/repatriations.ts';
import { loadFacilities, loadPersons, loadTransfer, lockFacilities, lockPersons, lockTransfer } from '../store/subjects.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly transfer: Transfer | null;
  readonly persons: Map<string, Person>;
  readonly facility: Facility | null;
  /** At an authority of another state: the persons' approved repatriation cases to it, carried out by the handover. */
  readonly returns: Map<string, ApprovedReturn>;
}

const outcomes = { 'person.checked_in': 'received', 'person.identity_discrepancy': 'discrepancies', 'person.handed_over': 'handed_over' } as const;

/**
 * Check in the list scanned at the gate in one transaction: one lock of the order and the
 * destination, one load, set-based projections. Same rules as a single check-in.
 */
export const checkInBatch: CommandDefinition<CheckInBatch, State, { transfer_id: string; received: number; discrepancies: number; handed_over: number }> = {
  kind: 'check-in-batch',
  async lock(tx, input) {
    await lockTransfer(tx, input.transfer_id);
    const { rows } = await tx.query<{ id: string | null }>('SELECT destination_facility_id AS id FROM transfer WHERE id = $1', [input.transfer_id]);
    if (rows[0]?.id) await lockFacilities(tx, [rows[0].id]);
    await lockPersons(tx, [...new Set(input.arrivals.map((a) => a.person_id))].sort());
  },
  async load(tx, input) {
    const ids = [...new Set(input.arrivals.map((a) => a.person_id))];
    const transfer = await loadTransfer(tx, input.transfer_id, ids);
    const persons = await loadPersons(tx, ids);
    const destination = transfer?.destination.kind === 'facility' ? transfer.destination.facility_id : null;
    const facility = destination ? ((await loadFacilities(tx, [destination])).get(destination) ?? null) : null;
    const abroad = transfer && destinationState(transfer);
    return { transfer, persons, facility, returns: abroad ? await approvedReturns(tx, abroad, ids) : new Map() };
  },
  decide: ({ transfer, persons, facility, returns }, input, ctx) => decideCheckInBatch(transfer, persons, facility, input, ctx, can(ctx.role, 'custody.override_capacity'), returns),
  respond: (events, input) => {
    const counts = { received: 0, discrepancies: 0, handed_over: 0 };
    // A handover's repatriation.returned (and the tasks it opens) counts with its person.handed_over.
    for (const e of events) if (e.kind in outcomes) counts[outcomes[e.kind as keyof typeof outcomes]]++;
    return { transfer_id: input.transfer_id, ...counts };
  },
};
