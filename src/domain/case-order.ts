/**
 * Court orders in a case: detention (for a number of days), release, production before the
 * court, transfer, and the criminal court's extension of pre-trial detention. An order is what
 * keeps a person lawfully held (CLOCKS.md `detention_order`), so who stands behind it is part
 * of the record: one entered from a judge's account is confirmed at once; one entered by a
 * court clerk waits for a judge's account to confirm it, unless the clerk gives the signed
 * scan of the order (its reference and the SHA-256 of the file).
 *
 * The register records what the judge ordered: a detention order of more than 15 days is
 * kept as issued (the clock reports it as `order_exceeds_maximum`); only a number of days no
 * judge can have meant — below 1 or above a year — is refused.
 */
import { checkCase, checkHeldAt, checkInstant, checkJudge, checkJudgeAccount, courtName, mostSeriousPenalty, type CaseSubject } from './case.ts';
import { checkHoldingFacility, planProduction } from './court-production.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import type { Facility } from './facility.ts';
import { can } from './permissions.ts';
import { reject } from './rejection.ts';

export const orderKinds = ['detention', 'release', 'production', 'transfer', 'court_extension'] as const;
export type OrderKind = (typeof orderKinds)[number];

export const orderConfirmations = ['judge_account', 'signed_scan', 'pending'] as const;
export type OrderConfirmation = (typeof orderConfirmations)[number];

/** The most days a detention order may name and be recorded (the clock flags any above its maximum of 15). */
export const maxRecordedDetentionDays = 366;

export interface SignedScan {
  readonly reference: string;
  /** SHA-256 of the scanned file, hex. */
  readonly sha256: string;
}

export interface RecordOrder {
  readonly case_id: string;
  readonly order: OrderKind;
  /** The order's number, unique in its court. */
  readonly reference: string;
  readonly issued_at: string;
  readonly judge: string;
  /** The issuing court; the case's court when left out. */
  readonly court?: string;
  /** Detention: for how many days (the day of issue is day 1). */
  readonly days?: number;
  /** Court extension: pre-trial detention permitted until this instant. */
  readonly until?: string;
  /** Transfer and production: where the person is taken (for production, the court's holding facility). */
  readonly to_facility_id?: string;
  /** Production: when the person must be before the court. */
  readonly produce_at?: string;
  readonly scan?: SignedScan;
}

export interface OrderSubject extends CaseSubject {
  /** The issuing court already has an order with this reference. */
  readonly referenceTaken: boolean;
  /** The facility named by to_facility_id, when it is on the register. */
  readonly toFacility: Facility | null;
  /** The facility holding the person now, if any (where a production starts and ends). */
  readonly heldAt: Facility | null;
}

/** The court an order is issued by: the one named, or the case's. */
export function orderCourt(input: Pick<RecordOrder, 'court'>, caseCourt: string): string {
  return filled(input.court) ? courtName(input.court) : caseCourt;
}

const fieldsOf: Readonly<Record<OrderKind, readonly ('days' | 'until' | 'to_facility_id' | 'produce_at')[]>> = {
  detention: ['days'],
  release: [],
  production: ['to_facility_id', 'produce_at'],
  transfer: ['to_facility_id'],
  court_extension: ['until'],
};

/** Record an order of the court in a case. */
export function decideRecordOrder(subject: OrderSubject, input: RecordOrder, ctx: DecisionContext & { readonly role: string; readonly actor: string }): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const c = subject.case!;
  if (!orderKinds.includes(input.order)) return reject('invalid_value', `order is one of: ${orderKinds.join(', ')}`, '/order');
  const judgeless = checkJudge(input.judge);
  if (judgeless) return judgeless;
  if (!filled(input.reference)) return reject('missing_item', "give the order's number", '/reference');
  const court = orderCourt(input, c.court);
  if (subject.referenceTaken) return reject('duplicate', `the court ${court} already has an order numbered ${input.reference.trim()}`, '/reference');
  const when = checkInstant(input.issued_at, '/issued_at', ctx.now) ?? checkHeldAt(input.issued_at, subject.stay, '/issued_at');
  if (when) return when;
  const wanted = fieldsOf[input.order];
  for (const field of ['days', 'until', 'to_facility_id', 'produce_at'] as const) {
    if (!wanted.includes(field) && input[field] !== undefined) return reject('invalid_value', `a ${input.order.replace('_', ' ')} order has no ${field}`, `/${field}`);
    if (wanted.includes(field) && input[field] === undefined) return reject('missing_item', `a ${input.order.replace('_', ' ')} order gives ${field.replace(/_/g, ' ')}`, `/${field}`);
  }
  const data: { -readonly [K in keyof EventData['case.order_recorded']]: EventData['case.order_recorded'][K] } = {
    case_id: c.id,
    order_id: ctx.newId(),
    order: input.order,
    reference: input.reference.trim(),
    issued_at: input.issued_at,
    judge: input.judge,
    court,
    entered_by: ctx.actor,
    confirmation: 'pending',
  };
  if (input.order === 'detention') {
    if (!Number.isInteger(input.days) || input.days! < 1 || input.days! > maxRecordedDetentionDays) {
      return reject('invalid_value', `days is a whole number from 1 to ${maxRecordedDetentionDays} (the law's maximum of 15 is for the clock to hold the order to)`, '/days');
    }
    data.days = input.days!;
    data.max_penalty = mostSeriousPenalty(c.charges);
  }
  if (input.order === 'court_extension') {
    const bad = checkInstant(input.until, '/until', ctx.now, true);
    if (bad) return bad;
    if (Date.parse(input.until!) <= Date.parse(input.issued_at)) return reject('invalid_value', 'until is after the order was issued', '/until');
    data.until = input.until!;
  }
  if (input.to_facility_id !== undefined) {
    const bad = input.order === 'production' ? checkHoldingFacility(subject.toFacility, '/to_facility_id') : subject.toFacility ? null : reject('not_found', 'no facility with this id', '/to_facility_id');
    if (bad) return bad;
    data.to_facility_id = input.to_facility_id;
  }
  if (input.order === 'production') {
    const bad = checkInstant(input.produce_at, '/produce_at', ctx.now, true);
    if (bad) return bad;
    if (Date.parse(input.produce_at!) < Date.parse(input.issued_at)) return reject('invalid_value', 'the person is produced after the order is issued, not before', '/produce_at');
    data.produce_at = input.produce_at!;
  }
  if (input.scan !== undefined) {
    if (!filled(input.scan.reference)) return reject('missing_item', "give the scan's reference", '/scan/reference');
    if (!/^[0-9a-fA-F]{64}$/.test(input.scan.sha256)) return reject('invalid_value', 'sha256 is the SHA-256 of the scanned file: 64 hexadecimal digits', '/scan/sha256');
    data.scan = { reference: input.scan.reference, sha256: input.scan.sha256.toLowerCase() };
  }
  data.confirmation = can(ctx.role, 'case.decide') ? 'judge_account' : data.scan ? 'signed_scan' : 'pending';
  const order = newEvent('case.order_recorded', subject.person!.id, input.issued_at, data);
  if (input.order !== 'production') return [order];
  // The movement to the court's holding facility and back (court-production.ts).
  const movement = planProduction(
    { person: subject.person!, from: subject.heldAt, holding: subject.toFacility!, case_id: c.id, source: 'order', source_id: data.order_id, court, produce_at: data.produce_at!, reason: `${data.reference} · ${c.reference}` },
    ctx,
  );
  return [order, ...movement];
}

export interface ConfirmOrder {
  readonly case_id: string;
  readonly order_id: string;
}

/** An order of the case, as its confirmation sees it: as entered, or `confirmed` since by a judge's account. */
export interface OrderOnRecord {
  readonly order_id: string;
  readonly confirmation: OrderConfirmation | 'confirmed';
}

/** A judge's account confirms an order a clerk entered. */
export function decideConfirmOrder(subject: CaseSubject & { readonly order: OrderOnRecord | null }, input: ConfirmOrder, ctx: DecisionContext & { readonly role: string; readonly actor: string }): Decision {
  const bad = checkJudgeAccount(ctx.role, 'confirm an order') ?? checkCase(subject);
  if (bad) return bad;
  const order = subject.order;
  if (!order) return reject('not_found', 'no order with this id in the case', '/order_id');
  if (order.confirmation === 'confirmed') return reject('invalid_transition', "the order is already confirmed by a judge's account", '/order_id');
  if (order.confirmation !== 'pending') {
    return reject('invalid_transition', `the order needs no confirmation: it was ${order.confirmation === 'judge_account' ? "entered from a judge's account" : 'entered with its signed scan'}`, '/order_id');
  }
  return [newEvent('case.order_confirmed', subject.person!.id, ctx.now, { case_id: subject.case!.id, order_id: order.order_id, judge_account: ctx.actor })];
}
