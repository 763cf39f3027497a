/**
 * Persons moving under a transfer order: dispatch (custody passes to the escort), check-in
 * at the destination with identity confirmation, closing the count at arrival (anyone
 * missing becomes an incident at once), and the return leg of an order rejected at arrival.
 * The order's own state machine is in transfer.ts; each person's in custody.ts.
 */
import { checkTransition } from './custody.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type NewEvent, type TaskOpened } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { legalStatuses, type Category, type LegalStatus } from './placement.ts';
import { placePerson } from './placing.ts';
import { parseRegisterNumber } from './register-number.ts';
import { isRejection, reject } from './rejection.ts';
import { checkOccurredAt } from './values.ts';
import { openTask } from './task.ts';
import { checkJourneyHome, returnedEvent, type ApprovedReturn, type TravelStanding } from './repatriation-travel.ts';
import { checkTransferMove, destinationState, inTransitStatuses, type ActorContext, type Transfer, type TransferMember } from './transfer.ts';
import { checkOnLastLeg } from './transfer-legs.ts';
import { localDay } from './local-day.ts';

export interface DispatchTransfer {
  readonly transfer_id: string;
  readonly escort_authority: string;
  readonly escort_commander: string;
  /** The official at the origin who hands the persons over: their side of the handover. */
  readonly releasing_official: string;
  readonly occurred_at: string;
}

/**
 * Check every person out at the origin: custody passes to the escort authority under a named
 * commander. From a facility, each person must be held there; from an outside authority,
 * registered and not in our custody (they come into it at this handover). Nobody may be on
 * two journeys at once.
 */
export function decideDispatch(
  transfer: Transfer | null,
  persons: ReadonlyMap<string, Person>,
  inTransitOn: ReadonlyMap<string, string>,
  input: DispatchTransfer,
  ctx: DecisionContext,
  /** To another state: what stands for each person (repatriation-travel.ts). */
  standings: ReadonlyMap<string, TravelStanding> = new Map(),
): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  const move = checkTransferMove(transfer.status, 'dispatched');
  if (move) return transfer.status === 'draft' ? { ...move, message: 'the transfer is not approved: a draft cannot be dispatched' } : move;
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.escort_authority)) return reject('missing_item', 'name the escort authority that takes custody', '/escort_authority');
  if (!filled(input.escort_commander)) return reject('missing_item', 'name the escort commander', '/escort_commander');
  if (!filled(input.releasing_official)) return reject('missing_item', 'name the releasing official who hands the persons over', '/releasing_official');
  const events: NewEvent[] = [
    newEvent('transfer.dispatched', null, input.occurred_at, {
      transfer_id: transfer.id,
      escort_authority: input.escort_authority,
      escort_commander: input.escort_commander,
      releasing_official: input.releasing_official,
    }),
  ];
  const origin = transfer.origin;
  for (const [i, member] of transfer.members.entries()) {
    const field = `/persons/${i}`;
    const person = persons.get(member.person_id);
    if (!person) return reject('not_found', `person ${member.register_number} is no longer on the register`, field);
    // In transit, or lodged overnight at a stop of another order: still on that journey.
    const other = inTransitOn.get(person.id);
    if (person.custody.status === 'in_transit' || (other && other !== transfer.id)) {
      const where = person.custody.status === 'in_transit' ? 'in transit' : 'lodged at an overnight stop';
      return reject('invalid_transition', `person ${person.register_number} is already ${where}${other ? ` on transfer ${other}` : ''}; nobody is on two journeys at once`, field);
    }
    if (origin.kind === 'facility') {
      if (person.custody.status !== 'in_custody' || person.custody.facility_id !== origin.facility_id) {
        return reject('not_in_custody', `person ${person.register_number} is not held at the origin facility (${person.custody.status.replace(/_/g, ' ')})`, field);
      }
    } else {
      if (person.custody.status === 'in_custody') return reject('already_in_custody', `person ${person.register_number} is already in custody in a facility of the register`, field);
      const wrong = checkTransition(person.custody.status, 'in_transit', field);
      if (wrong) return { ...wrong, message: `person ${person.register_number}: ${wrong.message}` };
    }
    const state = destinationState(transfer);
    if (state) {
      const standing = standings.get(person.id) ?? { register_number: person.register_number, repatriation: null, courtCases: [], pendingHearings: [] };
      const blocked = checkJourneyHome(state, standing, field);
      if (blocked) return blocked;
    }
    events.push(
      newEvent('person.dispatched', person.id, input.occurred_at, {
        transfer_id: transfer.id,
        from_facility_id: person.custody.facility_id,
        from_unit_id: person.custody.unit_id,
        escort_authority: input.escort_authority,
        escort_commander: input.escort_commander,
      }),
    );
  }
  return events;
}

export interface CheckInPerson {
  readonly transfer_id: string;
  readonly person_id: string;
  /** The register number as typed or scanned at the gate. */
  readonly register_number: string;
  readonly receiving_official: string;
  readonly occurred_at: string;
  /** At a facility: the unit the person is placed in. */
  readonly unit_id?: string;
  /** Needed only when the person has none yet (an arrival from an outside authority). */
  readonly legal_status?: LegalStatus;
  readonly capacity_override?: { readonly reason: string };
  /** At an outside authority: the reference of its receipt. */
  readonly receipt_reference?: string;
}

/**
 * Check one person in at the destination. The register number typed or scanned must be the
 * person's: a mismatch is recorded as a discrepancy and the person stays in transit, not
 * admitted. At a facility the person is placed in a unit (MR11, capacity unless a supervisor
 * overrides), and the arrival opens its examination and notifications; at an outside
 * authority the check-in is the handover.
 */
export function decideCheckIn(
  transfer: Transfer | null,
  member: TransferMember | null,
  person: Person | null,
  facility: Facility | null,
  input: CheckInPerson,
  ctx: ActorContext,
  mayOverrideCapacity: boolean,
  /** At an outside authority of another state: the person's approved repatriation case to it, carried out by this handover. */
  repatriation: ApprovedReturn | null = null,
): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  if (transfer.status !== 'dispatched' && transfer.status !== 'received') {
    return reject('invalid_transition', `persons are checked in once the transfer is dispatched and until it is closed; it is ${transfer.status}`, '/transfer_id');
  }
  const road = checkOnLastLeg(transfer);
  if (road) return road;
  if (!member || !person) return reject('not_found', 'this person is not on the transfer', '/person_id');
  if (!inTransitStatuses.includes(member.status) || person.custody.status !== 'in_transit') {
    return reject('invalid_transition', `person ${member.register_number} is ${member.status.replace(/_/g, ' ')} on this transfer, not in transit: only a person in transit is checked in`, '/person_id');
  }
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.receiving_official)) return reject('missing_item', 'name the receiving official', '/receiving_official');
  if (parseRegisterNumber(input.register_number) !== person.register_number) {
    return [newEvent('person.identity_discrepancy', person.id, input.occurred_at, { transfer_id: transfer.id, typed: input.register_number.slice(0, 40), receiving_official: input.receiving_official })];
  }
  const destination = transfer.destination;
  if (destination.kind === 'authority') {
    if (!filled(input.receipt_reference)) return reject('missing_item', 'give the reference of the receiving authority’s receipt', '/receipt_reference');
    return [
      newEvent('person.handed_over', person.id, input.occurred_at, {
        from_facility_id: null,
        to_state: destination.country,
        receiving_authority: destination.name,
        receipt_reference: input.receipt_reference,
        transfer_id: transfer.id,
      }),
      ...(repatriation
        ? [
            returnedEvent(
              repatriation,
              person.id,
              { transfer_id: transfer.id, returned_at: input.occurred_at, receiving_authority: destination.name, receiving_official: input.receiving_official, receipt_reference: input.receipt_reference },
              ctx.newId,
            ),
          ]
        : []),
    ];
  }
  if (!facility) return reject('not_found', 'the destination facility is not registered', '/transfer_id');
  const legalStatus = input.legal_status ?? person.custody.legal_status;
  if (!legalStatus) return reject('missing_item', 'the person has no legal status yet: give it', '/legal_status');
  if (!legalStatuses.includes(legalStatus)) return reject('invalid_value', `legal_status must be one of: ${legalStatuses.join(', ')}`, '/legal_status');
  const unit = facility.units.find((u) => u.id === input.unit_id);
  if (!unit) return reject(input.unit_id ? 'not_found' : 'missing_item', 'give a unit of the destination facility', '/unit_id');
  const placement = placePerson(person, facility, unit, legalStatus, localDay(input.occurred_at, ctx.utcOffsetMinutes), input.capacity_override, mayOverrideCapacity);
  if (isRejection(placement)) return placement;
  const category = placement.category;
  const at = input.occurred_at;
  const d = ctx.deadlines;
  const tasks: TaskOpened[] = [
    openTask(ctx, 'medical_examination', 'examination on arrival after a transfer (MR30)', d.medicalExaminationHours, at),
    openTask(ctx, 'notify_family', `family told of the transfer to ${facility.name} (MR68, BP16)`, d.familyNotificationHours, at),
  ];
  const foreign = person.details.nationalities.filter((n) => n !== facility.country && n !== 'stateless' && n !== 'unknown');
  if (foreign.length) tasks.push(openTask(ctx, 'notify_consular_post', `consular post of ${foreign.join(', ')}, on the detainee’s request (VCCR 36)`, d.consularNotificationHours, at));
  return [
    newEvent('person.checked_in', person.id, at, {
      transfer_id: transfer.id,
      facility_id: facility.id,
      unit_id: unit.id,
      legal_status: legalStatus,
      category,
      receiving_official: input.receiving_official,
      ...(input.capacity_override ? { capacity_override: input.capacity_override } : {}),
      tasks,
    }),
  ];
}

/** One person of a batch check-in, as scanned at the gate. */
export type Arrival = Omit<CheckInPerson, 'transfer_id' | 'receiving_official' | 'occurred_at'>;

export interface CheckInBatch {
  readonly transfer_id: string;
  readonly receiving_official: string;
  readonly occurred_at: string;
  /** 1 to 10,000 persons, each once. */
  readonly arrivals: readonly Arrival[];
}

/** Fields of a check-in that belong to the whole batch, not to one arrival. */
const batchFields = new Set(['/transfer_id', '/receiving_official', '/occurred_at']);

/**
 * Check many persons in at once — the list scanned at the gate — each exactly as
 * `decideCheckIn` would, one after another: every placement sees the occupancy the earlier
 * arrivals left. All or nothing: a refused arrival refuses the batch and names it; a
 * register number that does not match is a discrepancy, as for a single check-in.
 */
export function decideCheckInBatch(
  transfer: Transfer | null,
  persons: ReadonlyMap<string, Person>,
  facility: Facility | null,
  input: CheckInBatch,
  ctx: ActorContext,
  mayOverrideCapacity: boolean,
  /** At an outside authority of another state: the persons' approved repatriation cases to it, by person. */
  returns: ReadonlyMap<string, ApprovedReturn> = new Map(),
): Decision {
  if (input.arrivals.length === 0) return reject('missing_item', 'list at least one arrival', '/arrivals');
  if (input.arrivals.length > 10_000) return reject('invalid_value', 'at most 10,000 arrivals in one batch', '/arrivals');
  const members = new Map((transfer?.members ?? []).map((m) => [m.person_id, m]));
  const occupancy: Partial<Record<Category, number>> = { ...(facility?.occupancy ?? {}) };
  const seen = new Set<string>();
  const events: NewEvent[] = [];
  for (const [i, arrival] of input.arrivals.entries()) {
    if (seen.has(arrival.person_id)) return reject('invalid_value', 'this person is already listed earlier in the batch', `/arrivals/${i}/person_id`);
    seen.add(arrival.person_id);
    const decided = decideCheckIn(
      transfer,
      members.get(arrival.person_id) ?? null,
      persons.get(arrival.person_id) ?? null,
      facility && { ...facility, occupancy },
      { ...arrival, transfer_id: input.transfer_id, receiving_official: input.receiving_official, occurred_at: input.occurred_at },
      ctx,
      mayOverrideCapacity,
      returns.get(arrival.person_id) ?? null,
    );
    if (isRejection(decided)) return batchFields.has(decided.field ?? '') ? decided : { ...decided, field: `/arrivals/${i}${decided.field ?? ''}` };
    for (const event of decided) {
      if (event.kind === 'person.checked_in') {
        const category = (event as NewEvent<'person.checked_in'>).data.category;
        occupancy[category] = (occupancy[category] ?? 0) + 1;
      }
    }
    events.push(...decided);
  }
  return events;
}

export interface CloseCount {
  readonly transfer_id: string;
  /** The official at the destination who confirms the count: their side of the handover. */
  readonly receiving_official: string;
  readonly occurred_at: string;
  /** Who answers for anyone unaccounted for; by default the official closing the count. */
  readonly incident_owner?: string;
}

/**
 * Close the count at arrival. Anyone dispatched and not checked in becomes an "unaccounted"
 * incident at once, with an owner and a clock: unaccounted for is never a silent state.
 */
export function decideCloseCount(transfer: Transfer | null, input: CloseCount, ctx: ActorContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  const move = checkTransferMove(transfer.status, 'received');
  if (move) return move;
  const road = checkOnLastLeg(transfer);
  if (road) return road;
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.receiving_official)) return reject('missing_item', 'name the receiving official who confirms the count', '/receiving_official');
  if (input.incident_owner !== undefined && !filled(input.incident_owner)) return reject('missing_item', 'name the owner of any incident, or leave it out', '/incident_owner');
  const owner = input.incident_owner ?? ctx.actor;
  const missing = transfer.members.filter((m) => m.status === 'in_transit');
  const count = (s: TransferMember['status']) => transfer.members.filter((m) => m.status === s).length;
  return [
    newEvent('transfer.count_closed', null, input.occurred_at, {
      transfer_id: transfer.id,
      receiving_official: input.receiving_official,
      received: count('received'),
      discrepancies: count('discrepancy'),
      unaccounted: missing.length,
    }),
    ...missing.map((m) => newEvent('person.unaccounted', m.person_id, input.occurred_at, { transfer_id: transfer.id, incident_id: ctx.newId(), owner })),
  ];
}

export interface RejectTransfer {
  readonly transfer_id: string;
  readonly reason: string;
  readonly receiving_official: string;
  readonly occurred_at: string;
}

/**
 * Refuse a dispatched order at arrival: the return leg takes every person still in transit
 * back to the unit they left — at the origin facility, or at the last stop of the order.
 */
export function decideRejectTransfer(transfer: Transfer | null, input: RejectTransfer, ctx: DecisionContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  const move = checkTransferMove(transfer.status, 'rejected');
  if (move) return move;
  const road = checkOnLastLeg(transfer);
  if (road) return road;
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.reason)) return reject('missing_item', 'say why the transfer is refused at arrival', '/reason');
  if (!filled(input.receiving_official)) return reject('missing_item', 'name the receiving official who refuses it', '/receiving_official');
  const origin = transfer.origin;
  if (origin.kind !== 'facility') return reject('invalid_value', 'a transfer from an outside authority cannot be returned through the register; record a handover back to it', '/transfer_id');
  const received = transfer.members.filter((m) => m.status === 'received').length;
  if (received) return reject('invalid_transition', `${received} persons are already checked in; a transfer is refused at arrival before anyone is received`, '/transfer_id');
  const events: NewEvent[] = [newEvent('transfer.rejected', null, input.occurred_at, { transfer_id: transfer.id, reason: input.reason, receiving_official: input.receiving_official })];
  for (const m of transfer.members) {
    if (!inTransitStatuses.includes(m.status)) continue;
    // The place they left is theirs: the return leg is not refused for capacity.
    events.push(newEvent('person.returned', m.person_id, input.occurred_at, { transfer_id: transfer.id, facility_id: m.from_facility_id ?? origin.facility_id, unit_id: m.from_unit_id!, category: m.from_category!, tasks: returnTasks(ctx, input.occurred_at) }));
  }
  return events;
}

/** Back in the unit left, after a refusal at arrival: the examination on arrival and the family told (MR30, MR68). */
function returnTasks(ctx: DecisionContext, at: string): TaskOpened[] {
  return [
    openTask(ctx, 'medical_examination', 'examination on return after a transfer refused at arrival (MR30)', ctx.deadlines.medicalExaminationHours, at),
    openTask(ctx, 'notify_family', 'family told of the return after a transfer refused at arrival (MR68, BP16)', ctx.deadlines.familyNotificationHours, at),
  ];
}

export interface RefusePerson {
  readonly transfer_id: string;
  readonly person_id: string;
  readonly reason: string;
  readonly receiving_official: string;
  readonly occurred_at: string;
}

/**
 * Refuse one person at arrival (not the whole order): a person in transit, or held in a
 * discrepancy, goes back on the return leg to the unit they left. With the received and
 * the incidents, this is how every person on an order is settled before it closes.
 */
export function decideRefusePerson(transfer: Transfer | null, member: TransferMember | null, input: RefusePerson, ctx: DecisionContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  if (transfer.status !== 'dispatched' && transfer.status !== 'received') {
    return reject('invalid_transition', `a person is refused at arrival while the transfer is dispatched or its count is closed; it is ${transfer.status}`, '/transfer_id');
  }
  const road = checkOnLastLeg(transfer);
  if (road) return road;
  if (!member) return reject('not_found', 'this person is not on the transfer', '/person_id');
  if (member.status !== 'in_transit' && member.status !== 'discrepancy') {
    return reject('invalid_transition', `person ${member.register_number} is ${member.status.replace(/_/g, ' ')} on this transfer: only a person present at arrival (in transit or held in a discrepancy) is refused`, '/person_id');
  }
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.reason)) return reject('missing_item', 'say why this person is refused at arrival', '/reason');
  if (!filled(input.receiving_official)) return reject('missing_item', 'name the receiving official who refuses the person', '/receiving_official');
  const origin = transfer.origin;
  if (origin.kind !== 'facility') return reject('invalid_value', 'a person from an outside authority cannot be returned through the register; record a handover back to it', '/transfer_id');
  return [
    newEvent('person.returned', member.person_id, input.occurred_at, {
      transfer_id: transfer.id,
      facility_id: member.from_facility_id ?? origin.facility_id,
      unit_id: member.from_unit_id!,
      category: member.from_category!,
      refusal: { reason: input.reason, receiving_official: input.receiving_official },
      tasks: returnTasks(ctx, input.occurred_at),
    }),
  ];
}
