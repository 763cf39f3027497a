/**
 * Legs and overnight stops of a transfer (a lodging, in the escort services' words). An order
 * may name an ordered list of stops — intermediate facilities of the register. The escort's
 * journey is then a series of legs: origin → stop 1 → … → destination. Arriving at a stop
 * checks the persons in there by a count (custody at the intermediate facility: each person
 * placed in a unit, MR11 and capacity; anyone not counted is an unaccounted incident at once);
 * departing checks them out into transit again under the escort. The final destination's
 * check-in, the count and a rejection at arrival come after the last stop, as without stops.
 *
 * This file is the journey's state machine and its decisions; the order's own state machine
 * is in transfer.ts (the order stays `dispatched` while its legs run).
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { placePerson } from './placing.ts';
import { parseRegisterNumber } from './register-number.ts';
import { isRejection, reject, type Rejection } from './rejection.ts';
import { checkOccurredAt } from './values.ts';
import type { ActorContext, Transfer, TransferEndpoint } from './transfer.ts';
import { openTask } from './task.ts';
import { localDay } from './local-day.ts';

/** Where a dispatched order's escort is: on the road (a leg), or lodged at a stop. */
export const journeyStates = ['en_route', 'at_stop'] as const;
export type JourneyState = (typeof journeyStates)[number];

/**
 * Allowed next states. From `en_route` on the last leg the journey ends at the destination:
 * check-in and the count, or a rejection (transfer.ts, transfer-movement.ts).
 */
export const journeyTransitions: Readonly<Record<JourneyState, readonly JourneyState[]>> = {
  en_route: ['at_stop'],
  at_stop: ['en_route'],
};

/** At most this many stops on one order. */
export const maxStops = 10;

/** The journey of an order: its stops, the stop it is lodged at (if any), and the next stop to reach (`stops.length`: the destination). */
export type Journey = Pick<Transfer, 'stops' | 'at_stop' | 'next_stop'>;

export function journeyState(t: Journey): JourneyState {
  return t.at_stop === null ? 'en_route' : 'at_stop';
}

/** Check the stops of a new order: registered facilities, each once, neither its origin nor its destination. */
export function checkStops(stops: readonly string[], origin: TransferEndpoint, destination: TransferEndpoint, facilities: ReadonlyMap<string, Facility>): Rejection | null {
  if (stops.length > maxStops) return reject('invalid_value', `an order has at most ${maxStops} stops`, '/stops');
  const ends = [origin, destination].flatMap((e) => (e.kind === 'facility' ? [e.facility_id] : []));
  const seen = new Set<string>();
  for (const [i, stop] of stops.entries()) {
    if (!facilities.has(stop)) return reject('not_found', 'no facility with this id is registered; a stop is a facility of the register', `/stops/${i}`);
    if (ends.includes(stop)) return reject('invalid_value', 'a stop is an intermediate facility: not the origin or the destination', `/stops/${i}`);
    if (seen.has(stop)) return reject('duplicate', 'this facility is already a stop of the order', `/stops/${i}`);
    seen.add(stop);
  }
  return null;
}

/** Refuse what belongs to the destination (check-in, the count, a rejection) while stops are still ahead. */
export function checkOnLastLeg(t: Journey, facilityName: (id: string) => string = (id) => id, field = '/transfer_id'): Rejection | null {
  if (t.at_stop !== null) {
    return reject('invalid_transition', `the escort is lodged at stop ${t.at_stop + 1} (${facilityName(t.stops[t.at_stop]!)}): depart from it first; persons are checked in at the destination after the last stop`, field);
  }
  if (t.next_stop < t.stops.length) {
    return reject('invalid_transition', `the escort has ${t.stops.length - t.next_stop} stop(s) ahead; the next is ${facilityName(t.stops[t.next_stop]!)}: record the arrival there first`, field);
  }
  return null;
}

export interface ArriveAtStop {
  readonly transfer_id: string;
  /** Each person counted at the stop's gate — the register number typed or scanned — and the unit they are lodged in. */
  readonly counted: readonly { readonly register_number: string; readonly unit_id: string }[];
  /** The official of the stop who takes custody: their side of the handover. */
  readonly receiving_official: string;
  readonly occurred_at: string;
  readonly capacity_override?: { readonly reason: string };
}

/**
 * Arrive at the next stop. Every person counted passes into the stop facility's custody,
 * placed in a unit (MR11; capacity unless a supervisor overrides); anyone in transit on this
 * leg and not counted becomes an unaccounted incident at once, with an owner.
 */
export function decideArriveAtStop(
  transfer: Transfer | null,
  persons: ReadonlyMap<string, Person>,
  stop: Facility | null,
  input: ArriveAtStop,
  ctx: ActorContext,
  mayOverrideCapacity: boolean,
): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  if (transfer.status !== 'dispatched') return reject('invalid_transition', `stops are made by a dispatched order on its way; it is ${transfer.status}`, '/transfer_id');
  if (transfer.at_stop !== null) return reject('invalid_transition', `the escort is already lodged at stop ${transfer.at_stop + 1}: record its departure first`, '/transfer_id');
  if (transfer.next_stop >= transfer.stops.length) return reject('invalid_transition', 'no stop is left on this order: the next arrival is the destination, where persons are checked in', '/transfer_id');
  if (!stop) return reject('not_found', 'the stop facility is not registered', '/transfer_id');
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.receiving_official)) return reject('missing_item', 'name the official of the stop who takes custody', '/receiving_official');
  const onLeg = new Map(transfer.members.filter((m) => m.status === 'in_transit').map((m) => [m.register_number, m]));
  const occupancy = { ...stop.occupancy };
  const counted = new Set<string>();
  const arrivals: NewEvent[] = [];
  for (const [i, entry] of input.counted.entries()) {
    const field = `/counted/${i}`;
    const number = parseRegisterNumber(entry.register_number);
    if (number === null) return reject('invalid_value', `"${entry.register_number.slice(0, 40)}" is not a register number: give the 9 symbols printed on the wristband, e.g. 7KQ4-9XZT-M`, `${field}/register_number`);
    if (counted.has(number)) return reject('duplicate', `${number} is counted twice`, `${field}/register_number`);
    counted.add(number);
    const member = onLeg.get(number);
    const person = member && persons.get(member.person_id);
    if (!member || !person || person.custody.status !== 'in_transit') return reject('not_found', `${number} is not in transit on this transfer`, `${field}/register_number`);
    const unit = stop.units.find((u) => u.id === entry.unit_id);
    if (!unit) return reject('not_found', `give a unit of ${stop.name}`, `${field}/unit_id`);
    const legalStatus = person.custody.legal_status;
    if (!legalStatus) return reject('missing_item', `person ${number} has no legal status yet; it is given at check-in at the destination, so they cannot be lodged at a stop`, `${field}/register_number`);
    const placement = placePerson(person, { ...stop, occupancy }, unit, legalStatus, localDay(input.occurred_at, ctx.utcOffsetMinutes), input.capacity_override, mayOverrideCapacity);
    if (isRejection(placement)) return { ...placement, field: placement.field === '/unit_id' ? `${field}/unit_id` : placement.field, message: `person ${number}: ${placement.message}` };
    occupancy[placement.category] = (occupancy[placement.category] ?? 0) + 1;
    arrivals.push(
      newEvent('person.arrived_at_stop', person.id, input.occurred_at, {
        transfer_id: transfer.id,
        stop: transfer.next_stop,
        facility_id: stop.id,
        unit_id: unit.id,
        category: placement.category,
        receiving_official: input.receiving_official,
        ...(input.capacity_override ? { capacity_override: input.capacity_override } : {}),
        tasks: [openTask(ctx, 'medical_examination', `examination on arrival at ${stop.name}, an overnight stop of a transfer (MR30)`, ctx.deadlines.medicalExaminationHours, input.occurred_at)],
      }),
    );
  }
  const missing = [...onLeg.values()].filter((m) => !counted.has(m.register_number));
  return [
    newEvent('transfer.stop_reached', null, input.occurred_at, {
      transfer_id: transfer.id,
      stop: transfer.next_stop,
      facility_id: stop.id,
      receiving_official: input.receiving_official,
      arrived: arrivals.length,
      unaccounted: missing.length,
    }),
    ...arrivals,
    ...missing.map((m) => newEvent('person.unaccounted', m.person_id, input.occurred_at, { transfer_id: transfer.id, incident_id: ctx.newId(), owner: ctx.actor })),
  ];
}

export interface DepartFromStop {
  readonly transfer_id: string;
  readonly escort_authority: string;
  readonly escort_commander: string;
  /** The official of the stop who hands the persons back to the escort. */
  readonly releasing_official: string;
  readonly occurred_at: string;
}

/** Depart from the stop the escort is lodged at: everyone lodged there passes into the escort's custody again, in transit on the next leg. */
export function decideDepartFromStop(transfer: Transfer | null, persons: ReadonlyMap<string, Person>, input: DepartFromStop, ctx: DecisionContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  if (transfer.status !== 'dispatched' || transfer.at_stop === null) return reject('invalid_transition', 'the escort is not lodged at a stop of this order', '/transfer_id');
  const bad = checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  if (!filled(input.escort_authority)) return reject('missing_item', 'name the escort authority that takes custody', '/escort_authority');
  if (!filled(input.escort_commander)) return reject('missing_item', 'name the escort commander', '/escort_commander');
  if (!filled(input.releasing_official)) return reject('missing_item', 'name the official of the stop who hands the persons over', '/releasing_official');
  const stop = transfer.stops[transfer.at_stop]!;
  const events: NewEvent[] = [
    newEvent('transfer.stop_departed', null, input.occurred_at, {
      transfer_id: transfer.id,
      stop: transfer.at_stop,
      facility_id: stop,
      escort_authority: input.escort_authority,
      escort_commander: input.escort_commander,
      releasing_official: input.releasing_official,
    }),
  ];
  for (const member of transfer.members.filter((m) => m.status === 'at_stop')) {
    const person = persons.get(member.person_id);
    if (!person || person.custody.status !== 'in_custody' || person.custody.facility_id !== stop) {
      return reject('not_in_custody', `person ${member.register_number} is lodged on this order but no longer held at the stop (${person?.custody.status.replace(/_/g, ' ') ?? 'unknown'})`, '/transfer_id');
    }
    events.push(
      newEvent('person.dispatched', person.id, input.occurred_at, {
        transfer_id: transfer.id,
        from_facility_id: stop,
        from_unit_id: person.custody.unit_id,
        escort_authority: input.escort_authority,
        escort_commander: input.escort_commander,
        stop: transfer.at_stop,
      }),
    );
  }
  return events;
}
