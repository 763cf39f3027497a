/**
 * Transfer orders (manifests): moving 1 to 10,000 persons from a facility of the register or
 * an outside authority to a facility or an outside authority, without anyone ever being
 * unaccounted for (DESIGN 3.2, STANDARDS C). This file is the order's state machine and the
 * decisions about the order itself; the movement of persons (dispatch, check-in, the count,
 * the return leg) is in transfer-movement.ts.
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { chunkList } from './event-size.ts';
import { newEvent } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import type { Category } from './placement.ts';
import { reject, type Rejection } from './rejection.ts';
import { isCountryCode, isIsoDate } from './values.ts';
import { checkStops } from './transfer-legs.ts';
import { localDay } from './local-day.ts';

export const transferStatuses = ['draft', 'approved', 'dispatched', 'received', 'rejected', 'cancelled', 'closed'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

/**
 * Allowed next states. `received` means the receiver has closed the count: everyone is
 * received, held in a discrepancy, or an open incident; the order is `closed` once nobody on
 * it is still in transit. `rejected` is a refusal at arrival: the persons go back to the
 * origin (the return leg), and the order is then closed.
 */
export const transferTransitions: Readonly<Record<TransferStatus, readonly TransferStatus[]>> = {
  draft: ['approved', 'cancelled'],
  approved: ['dispatched', 'cancelled'],
  dispatched: ['received', 'rejected'],
  received: ['closed'],
  rejected: ['closed'],
  cancelled: [],
  closed: [],
};

/** Refuse a move of the order the state machine does not allow. */
export function checkTransferMove(from: TransferStatus, to: TransferStatus, field = '/transfer_id'): Rejection | null {
  if (transferTransitions[from].includes(to)) return null;
  const allowed = transferTransitions[from];
  return reject('invalid_transition', `a transfer that is ${from} cannot become ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`, field);
}

/**
 * Where each person on an order stands. `in_transit`, `discrepancy` and `unaccounted` are
 * the escort's custody: the person is `in_transit` on their custody record, under this order.
 * `at_stop` is custody at an intermediate facility of the order (transfer-legs.ts).
 */
export const transferPersonStatuses = ['listed', 'in_transit', 'at_stop', 'discrepancy', 'unaccounted', 'received', 'returned', 'exited'] as const;
export type TransferPersonStatus = (typeof transferPersonStatuses)[number];

/** Statuses in which the person is still in transit under the order. */
export const inTransitStatuses: readonly TransferPersonStatus[] = ['in_transit', 'discrepancy', 'unaccounted'];

/** Coded reasons for cancelling an order before dispatch (`other` needs a note). */
export const cancellationCodes = [
  'order_withdrawn',
  'court_order',
  'destination_unavailable',
  'escort_unavailable',
  'person_unfit_to_travel',
  'security_risk',
  'data_error',
  'other',
] as const;
export type CancellationCode = (typeof cancellationCodes)[number];

/** One end of a transfer: a facility of the register, or an authority outside it. */
export type TransferEndpoint =
  | { readonly kind: 'facility'; readonly facility_id: string }
  | { readonly kind: 'authority'; readonly name: string; readonly country: string };

export const riskFindings = ['no_real_risk', 'real_risk'] as const;
export type RiskFinding = (typeof riskFindings)[number];

export interface RiskAssessment {
  readonly finding: RiskFinding;
  readonly reasoning: string;
}

/**
 * The individual assessment STANDARDS C requires before anyone is sent to another state
 * (ICRC transfer guidance, ICPPED 16): the risks in the receiving state, the detainee heard,
 * the assurances obtained, and the named official who approves it.
 */
export interface SafeguardsAssessment {
  readonly receiving_state: string;
  readonly risks: { readonly torture: RiskAssessment; readonly death_penalty: RiskAssessment; readonly persecution: RiskAssessment };
  readonly detainee_heard: { readonly heard_on: string; readonly summary: string };
  readonly assurances: string;
  readonly approved_by: string;
}

/** A person on an order, as the decisions see them. */
export interface TransferMember {
  readonly person_id: string;
  readonly register_number: string;
  readonly status: TransferPersonStatus;
  readonly from_facility_id: string | null;
  readonly from_unit_id: string | null;
  readonly from_category: Category | null;
  readonly safeguards: SafeguardsAssessment | null;
  /** The leg the person travels or travelled last (0: from the origin; k: from stop k); null before dispatch. */
  readonly leg: number | null;
}

/** An order as the decisions see it. `members` holds the persons the command concerns. */
export interface Transfer {
  readonly id: string;
  readonly status: TransferStatus;
  readonly origin: TransferEndpoint;
  readonly destination: TransferEndpoint;
  /** The origin facility's country, or the outside origin's. */
  readonly origin_country: string;
  readonly created_by: string;
  readonly persons: number;
  /** Intermediate facilities in order; `at_stop` is the index of the one the escort is lodged at, `next_stop` the next to reach (`stops.length`: the destination). */
  readonly stops: readonly string[];
  readonly at_stop: number | null;
  readonly next_stop: number;
  readonly members: readonly TransferMember[];
}

/** Decisions that depend on who asks (approver ≠ creator). */
export type ActorContext = DecisionContext & { readonly actor: string };

export const maxTransferPersons = 10_000;

/**
 * The state an order takes its persons to when it leaves for another state — an outside
 * destination in another country than the origin — or null. The one answer to "is this a
 * journey home, and to where?" that the approval, the dispatch and the check-in ask.
 */
export function destinationState(transfer: Pick<Transfer, 'destination' | 'origin_country'>): string | null {
  const { destination } = transfer;
  return destination.kind === 'authority' && destination.country !== transfer.origin_country ? destination.country : null;
}

function checkEndpoint(endpoint: TransferEndpoint, facilities: ReadonlyMap<string, Facility>, field: string): Rejection | null {
  if (endpoint.kind === 'facility') {
    return facilities.has(endpoint.facility_id) ? null : reject('not_found', 'no facility with this id is registered', `${field}/facility_id`);
  }
  if (endpoint.kind !== 'authority') return reject('invalid_value', 'an endpoint is a facility or an outside authority', `${field}/kind`);
  if (!filled(endpoint.name)) return reject('missing_item', 'name the outside authority', `${field}/name`);
  if (!isCountryCode(endpoint.country)) return reject('invalid_value', 'country is the ISO 3166-1 alpha-2 code of the authority', `${field}/country`);
  return null;
}

export interface CreateTransfer {
  readonly transfer_id: string;
  readonly origin: TransferEndpoint;
  readonly destination: TransferEndpoint;
  readonly reason: string;
  readonly persons: readonly string[];
  /** Intermediate facilities, in order, where the escort lodges the persons (overnight stops). */
  readonly stops?: readonly string[];
}

/**
 * Draw up an order. Persons' custody is checked at dispatch, when it matters. `transfer.created`
 * lists the first persons; beyond what one event holds, `transfer.persons_listed` events list
 * the rest, in order.
 */
export function decideCreateTransfer(exists: boolean, facilities: ReadonlyMap<string, Facility>, persons: ReadonlyMap<string, Person>, input: CreateTransfer, ctx: ActorContext): Decision {
  if (exists) return reject('duplicate', 'a transfer with this id already exists', '/transfer_id');
  const bad = checkEndpoint(input.origin, facilities, '/origin') ?? checkEndpoint(input.destination, facilities, '/destination');
  if (bad) return bad;
  if (input.origin.kind === 'authority' && input.destination.kind === 'authority') {
    return reject('invalid_value', 'a transfer starts or ends at a facility of the register', '/destination');
  }
  if (input.origin.kind === 'facility' && input.destination.kind === 'facility' && input.origin.facility_id === input.destination.facility_id) {
    return reject('invalid_value', 'origin and destination are the same facility; a move between its units is a move, not a transfer', '/destination');
  }
  if (!filled(input.reason)) return reject('missing_item', 'say why the persons are transferred', '/reason');
  const badStop = checkStops(input.stops ?? [], input.origin, input.destination, facilities);
  if (badStop) return badStop;
  if (input.persons.length === 0 || input.persons.length > maxTransferPersons) {
    return reject('invalid_value', `a transfer lists 1 to ${maxTransferPersons} persons`, '/persons');
  }
  const seen = new Set<string>();
  for (const [i, id] of input.persons.entries()) {
    if (seen.has(id)) return reject('duplicate', 'this person is listed twice', `/persons/${i}`);
    seen.add(id);
    const person = persons.get(id);
    if (!person) return reject('not_found', 'no person with this id is registered', `/persons/${i}`);
    if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; list that record`, `/persons/${i}`);
  }
  // An order of thousands lists its persons in bounded events of the same command (event-size.ts).
  const [first, ...rest] = chunkList(input.persons);
  return [
    newEvent('transfer.created', null, ctx.now, { ...input, persons: first!, created_by: ctx.actor }),
    ...rest.map((persons) => newEvent('transfer.persons_listed', null, ctx.now, { transfer_id: input.transfer_id, persons })),
  ];
}

/** Approve an order: not by the official who created it; to another state, not without safeguards (the order's own, or an approved repatriation there). */
export function decideApproveTransfer(
  transfer: Transfer | null,
  ctx: ActorContext,
  /** Persons whose repatriation case to the destination state is approved: the case holds their assessment (repatriation-travel.ts). */
  approvedReturns: ReadonlySet<string> = new Set(),
): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  const move = checkTransferMove(transfer.status, 'approved');
  if (move) return move;
  if (transfer.created_by === ctx.actor) return reject('forbidden', 'the official who created a transfer cannot approve it; another official must', '/transfer_id');
  const state = destinationState(transfer);
  if (state) {
    for (const member of transfer.members) {
      if (approvedReturns.has(member.person_id)) continue;
      const a = member.safeguards;
      if (!a || a.receiving_state !== state) {
        return reject('missing_item', `person ${member.register_number} has no safeguards assessment for ${state}: record one for every person before a transfer to another state is approved (STANDARDS C)`, '/persons');
      }
      const risk = (Object.keys(a.risks) as (keyof SafeguardsAssessment['risks'])[]).find((k) => a.risks[k].finding === 'real_risk');
      if (risk) {
        return reject('invalid_value', `person ${member.register_number} faces a real risk of ${risk.replace('_', ' ')} in ${state}: nobody is sent where they face it (non-refoulement)`, '/persons');
      }
    }
  }
  return [newEvent('transfer.approved', null, ctx.now, { transfer_id: transfer.id, approved_by: ctx.actor })];
}

export interface CancelTransfer {
  readonly transfer_id: string;
  readonly code: CancellationCode;
  readonly note: string;
}

/** Cancel an order before dispatch, with a coded reason. */
export function decideCancelTransfer(transfer: Transfer | null, input: CancelTransfer, ctx: DecisionContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  const move = checkTransferMove(transfer.status, 'cancelled');
  if (move) return transfer.status === 'dispatched' ? { ...move, message: 'the transfer is dispatched: the persons are in transit and it can no longer be cancelled; it ends with the count at arrival or a rejection at arrival' } : move;
  if (!cancellationCodes.includes(input.code)) return reject('invalid_value', `code must be one of: ${cancellationCodes.join(', ')}`, '/code');
  if (input.code === 'other' && !filled(input.note)) return reject('missing_item', 'a cancellation coded "other" needs a note', '/note');
  return [newEvent('transfer.cancelled', null, ctx.now, { transfer_id: transfer.id, code: input.code, note: input.note })];
}

export interface RecordSafeguards {
  readonly transfer_id: string;
  readonly person_id: string;
  readonly assessment: SafeguardsAssessment;
}

/** Record a person's safeguards assessment on their chain, before the order is approved. */
export function decideSafeguards(transfer: Transfer | null, input: RecordSafeguards, ctx: DecisionContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  if (transfer.status !== 'draft') return reject('invalid_transition', `assessments are recorded while the transfer is a draft; it is ${transfer.status}`, '/transfer_id');
  if (!transfer.members.some((m) => m.person_id === input.person_id)) return reject('not_found', 'this person is not on the transfer', '/person_id');
  const a = input.assessment;
  if (!isCountryCode(a.receiving_state)) return reject('invalid_value', 'receiving_state is an ISO 3166-1 alpha-2 code', '/assessment/receiving_state');
  if (transfer.destination.kind === 'authority' && a.receiving_state !== transfer.destination.country) {
    return reject('invalid_value', `the transfer goes to ${transfer.destination.country}; assess the risks there`, '/assessment/receiving_state');
  }
  for (const risk of ['torture', 'death_penalty', 'persecution'] as const) {
    const r = a.risks[risk];
    if (!r || !riskFindings.includes(r.finding)) return reject('invalid_value', `give a finding on the risk of ${risk.replace('_', ' ')}: ${riskFindings.join(' or ')}`, `/assessment/risks/${risk}/finding`);
    if (!filled(r.reasoning)) return reject('missing_item', 'a finding needs its reasoning', `/assessment/risks/${risk}/reasoning`);
  }
  if (!isIsoDate(a.detainee_heard.heard_on) || a.detainee_heard.heard_on > localDay(ctx.now, ctx.utcOffsetMinutes)) {
    return reject('invalid_value', 'heard_on is the day the detainee was heard, YYYY-MM-DD, not in the future', '/assessment/detainee_heard/heard_on');
  }
  if (!filled(a.detainee_heard.summary)) return reject('missing_item', 'record what the detainee said, or that they declined to speak', '/assessment/detainee_heard/summary');
  if (!filled(a.assurances)) return reject('missing_item', 'record the assurances obtained, or "none obtained"', '/assessment/assurances');
  if (!filled(a.approved_by)) return reject('missing_item', 'name the official who approves the assessment', '/assessment/approved_by');
  return [newEvent('person.safeguards_assessed', input.person_id, ctx.now, { transfer_id: transfer.id, assessment: a })];
}

/** Close an order once nobody on it is still in transit. */
export function decideCloseTransfer(transfer: Transfer | null, ctx: DecisionContext): Decision {
  if (!transfer) return reject('not_found', 'no transfer with this id', '/transfer_id');
  const move = checkTransferMove(transfer.status, 'closed');
  if (move) return move;
  const open = transfer.members.find((m) => inTransitStatuses.includes(m.status) || m.status === 'at_stop');
  if (open) return reject('invalid_transition', `person ${open.register_number} is still on the journey (${open.status.replace('_', ' ')}); resolve it before the transfer is closed`, '/transfer_id');
  return [newEvent('transfer.closed', null, ctx.now, { transfer_id: transfer.id })];
}
