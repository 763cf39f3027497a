/**
 * The handover receipt of a transfer (DESIGN 3.2: a handover is two-sided). The releasing
 * official confirmed their side at dispatch, the receiving official theirs when the count was
 * closed; once both have, the register issues a receipt stating what passed from one to the
 * other: the count, every register number received and everyone who was not, both officials,
 * the times and the places. The receipt is written to the log once, as issued; the register
 * signs it with its receipt key whenever it is handed out (src/receipt), so a receiving state
 * can check it offline. A receipt of more register numbers than one event holds continues in
 * `transfer.receipt_listed` events of the same command; the register keeps it whole.
 */
import { filled, type Decision } from './decision.ts';
import { chunkList, listBytesPerEvent, maxListItemsPerEvent } from './event-size.ts';
import { newEvent, type NewEvent } from './events.ts';
import { reject } from './rejection.ts';
import type { ActorContext, TransferPersonStatus, TransferStatus } from './transfer.ts';

/** The document format; part of what is signed, so a receipt cannot pass for anything else. */
export const receiptFormat = 'sijill-handover-receipt/1';

/** One side of the handover: who confirmed it, when, and where. */
export interface HandoverSide {
  readonly official: string;
  /** ISO 8601 instant (UTC). */
  readonly at: string;
  /** The facility or outside authority, by name, with its country. */
  readonly place: string;
}

export interface HandoverReceipt {
  readonly receipt_id: string;
  readonly transfer_id: string;
  /** The releasing official's side, confirmed at dispatch, with the escort that took custody. */
  readonly released: HandoverSide & { readonly escort_authority: string; readonly escort_commander: string };
  /** The receiving official's side, confirmed when the count was closed. */
  readonly received: HandoverSide;
  readonly count: {
    /** Persons on the order when it was dispatched. */
    readonly dispatched: number;
    readonly received: number;
    readonly not_received: number;
  };
  /** Register numbers of everyone received, in order. */
  readonly received_register_numbers: readonly string[];
  /** Everyone dispatched and not received, with where they stand (an incident, a discrepancy, an exit). */
  readonly not_received: readonly { readonly register_number: string; readonly status: Exclude<TransferPersonStatus, 'received'> }[];
  readonly issued_at: string;
  /** The account that issued it. */
  readonly issued_by: string;
}

/** The transfer as the receipt is drawn up from it. */
export interface ReceiptSource {
  readonly transfer_id: string;
  readonly status: TransferStatus;
  readonly origin_place: string;
  readonly destination_place: string;
  readonly releasing_official: string | null;
  readonly escort: { readonly authority: string; readonly commander: string } | null;
  readonly dispatched_at: string | null;
  readonly receiving_official: string | null;
  readonly count_closed_at: string | null;
  readonly members: readonly { readonly register_number: string; readonly status: TransferPersonStatus }[];
  /** The receipt already issued for this transfer, if any. */
  readonly issued: string | null;
}

export interface IssueReceipt {
  readonly transfer_id: string;
  readonly receipt_id: string;
}

/** Issue the receipt once both sides have confirmed: dispatched (releasing) and counted (receiving). */
export function decideIssueReceipt(source: ReceiptSource | null, input: IssueReceipt, ctx: ActorContext): Decision {
  if (!source) return reject('not_found', 'no transfer with this id', '/transfer_id');
  if (source.issued) return reject('duplicate', `the receipt of this transfer was already issued (${source.issued}); fetch it again rather than issuing another`, '/transfer_id');
  if (source.status !== 'received' && source.status !== 'closed') {
    return reject('invalid_transition', `a receipt is issued once the receiving official has closed the count; the transfer is ${source.status}`, '/transfer_id');
  }
  if (!filled(source.releasing_official) || !source.dispatched_at || !source.escort) return reject('missing_item', 'the releasing official’s side of the handover (dispatch) is not recorded', '/transfer_id');
  if (!filled(source.receiving_official) || !source.count_closed_at) return reject('missing_item', 'the receiving official’s side of the handover (the count) is not recorded', '/transfer_id');
  const dispatched = source.members.filter((m) => m.status !== 'listed');
  // A receipt states where each person stands for good: nobody may still be at the gate.
  const pending = dispatched.filter((m) => m.status === 'in_transit' || m.status === 'discrepancy');
  if (pending.length) {
    return reject(
      'invalid_transition',
      `${pending.length} person${pending.length === 1 ? ' is' : 's are'} still at the gate (first: ${pending[0]!.register_number}, ${pending[0]!.status.replace(/_/g, ' ')}); check in or refuse each before the receipt is issued`,
      '/transfer_id',
    );
  }
  const received = dispatched.filter((m) => m.status === 'received');
  const notReceived = dispatched.filter((m) => m.status !== 'received') as { register_number: string; status: Exclude<TransferPersonStatus, 'received'> }[];
  const receipt: HandoverReceipt = {
    receipt_id: input.receipt_id,
    transfer_id: source.transfer_id,
    released: { official: source.releasing_official, at: source.dispatched_at, place: source.origin_place, escort_authority: source.escort.authority, escort_commander: source.escort.commander },
    received: { official: source.receiving_official, at: source.count_closed_at, place: source.destination_place },
    count: { dispatched: dispatched.length, received: received.length, not_received: notReceived.length },
    received_register_numbers: received.map((m) => m.register_number),
    not_received: notReceived.map((m) => ({ register_number: m.register_number, status: m.status })),
    issued_at: ctx.now,
    issued_by: ctx.actor,
  };
  // A receipt of thousands is written as the issued event with the first numbers and bounded
  // events of the same command with the rest (event-size.ts); both lists share one event's room.
  const receivedChunks = chunkList(receipt.received_register_numbers, maxListItemsPerEvent, listBytesPerEvent / 2);
  const notReceivedChunks = chunkList(receipt.not_received, maxListItemsPerEvent, listBytesPerEvent / 2);
  const events: NewEvent[] = [
    newEvent('transfer.receipt_issued', null, ctx.now, {
      transfer_id: source.transfer_id,
      receipt_id: input.receipt_id,
      receipt: { ...receipt, received_register_numbers: receivedChunks[0]!, not_received: notReceivedChunks[0]! },
    }),
  ];
  for (let i = 1; i < Math.max(receivedChunks.length, notReceivedChunks.length); i++) {
    events.push(newEvent('transfer.receipt_listed', null, ctx.now, { transfer_id: source.transfer_id, receipt_id: input.receipt_id, received_register_numbers: receivedChunks[i] ?? [], not_received: notReceivedChunks[i] ?? [] }));
  }
  return events;
}
