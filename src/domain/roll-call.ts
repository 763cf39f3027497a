/**
 * Roll calls: a headcount that is counted, not computed. The register says who is expected at
 * a facility (or one of its units); officers tick or scan each person's register number; the
 * difference both ways becomes typed discrepancies, each resolved by an official with a
 * reason; and the roll call is signed off by an official who took no part in the count.
 * This file is the roll call's state machine and its decisions. No I/O.
 */
import type { CustodyStatus } from './custody.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { chunkList } from './event-size.ts';
import { newEvent } from './events.ts';
import type { Facility } from './facility.ts';
import { parseRegisterNumber } from './register-number.ts';
import { reject, type Rejection } from './rejection.ts';
import { checkOccurredAt } from './values.ts';

export const rollCallStatuses = ['open', 'counting', 'reconciled', 'signed_off'] as const;
export type RollCallStatus = (typeof rollCallStatuses)[number];

/**
 * Allowed next states. `counting` → `counting` is a further scan. Once `reconciled` the count
 * is closed: a person found afterwards is a discrepancy's resolution, not a late scan.
 */
export const rollCallTransitions: Readonly<Record<RollCallStatus, readonly RollCallStatus[]>> = {
  open: ['counting'],
  counting: ['counting', 'reconciled'],
  reconciled: ['signed_off'],
  signed_off: [],
};

/** Refuse a move of the roll call the state machine does not allow. */
export function checkRollCallMove(from: RollCallStatus, to: RollCallStatus, field = '/roll_call_id'): Rejection | null {
  if (rollCallTransitions[from].includes(to)) return null;
  const allowed = rollCallTransitions[from];
  const hint =
    from === 'open' && to === 'reconciled'
      ? 'nothing has been counted yet: scan at least one register number first'
      : to === 'signed_off' && (from === 'open' || from === 'counting')
        ? 'count and reconcile it first'
        : `allowed: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`;
  return reject('invalid_transition', `a roll call that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}; ${hint}`, field);
}

/** Expected but not counted; counted but not expected. */
export const discrepancyKinds = ['expected_not_counted', 'counted_not_expected'] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

/** Where the register holds a person, as a discrepancy names it. */
export interface Holding {
  readonly status: CustodyStatus;
  readonly facility_id: string | null;
  readonly unit_id: string | null;
  /** The open transfer of a person in transit. */
  readonly transfer_id: string | null;
}

/** One difference between the register and the count. */
export interface RollCallDiscrepancy {
  readonly discrepancy_id: string;
  readonly kind: DiscrepancyKind;
  readonly register_number: string;
  /** Null when the number counted is on nobody's record. */
  readonly person_id: string | null;
  /** Where the register held the person when the count was reconciled; null for a number on nobody's record. */
  readonly held: Holding | null;
}

/** A roll call as the decisions see it. */
export interface RollCall {
  readonly id: string;
  readonly facility_id: string;
  /** Null for the whole facility. */
  readonly unit_id: string | null;
  readonly status: RollCallStatus;
  /** Accounts that opened, scanned for, reconciled or resolved a discrepancy of this roll call: none of them may sign it off. */
  readonly participants: readonly string[];
}

/** Decisions that record who decides. */
export type RollCallContext = DecisionContext & { readonly actor: string };

/** At most this many register numbers in one count command; a larger roll is counted in several. */
export const maxCountBatch = 10_000;

/** "Not seen for N days": the default N, and the largest N a report accepts (STANDARDS E, configurable). */
export const defaultNotSeenDays = 3;
export const maxNotSeenDays = 366;

export interface OpenRollCall {
  readonly roll_call_id: string;
  readonly facility_id: string;
  /** One unit of the facility; absent or null for the whole facility. */
  readonly unit_id?: string | null;
  readonly occurred_at?: string;
}

/** Open a roll call of a facility or one of its units. Who is expected is read from the register when it is reconciled. */
export function decideOpenRollCall(exists: boolean, facility: Facility | null, input: OpenRollCall, ctx: RollCallContext): Decision {
  if (exists) return reject('duplicate', 'a roll call with this id already exists', '/roll_call_id');
  if (!facility) return reject('not_found', 'no facility with this id is registered', '/facility_id');
  const unitId = input.unit_id ?? null;
  if (unitId !== null && !facility.units.some((u) => u.id === unitId)) {
    return reject('not_found', `no unit with this id in ${facility.name}; its units are: ${facility.units.map((u) => `${u.name} (${u.id})`).join(', ')}`, '/unit_id');
  }
  const bad = input.occurred_at === undefined ? null : checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  return [newEvent('roll_call.opened', null, input.occurred_at ?? ctx.now, { roll_call_id: input.roll_call_id, facility_id: facility.id, unit_id: unitId, opened_by: ctx.actor })];
}

export interface CountRollCall {
  readonly roll_call_id: string;
  /** Register numbers as typed or scanned: one (a single tick) or a batch (a scanner's upload). */
  readonly register_numbers: readonly string[];
  readonly occurred_at?: string;
}

/** What the register knows of the numbers in a count: each canonical number's record, and what this roll call has counted already. */
export interface CountContext {
  /** Canonical register number → the id of the person it identifies (the surviving record, for a merged one). */
  readonly onRegister: ReadonlyMap<string, string>;
  readonly countedNumbers: ReadonlySet<string>;
  readonly countedPersons: ReadonlySet<string>;
}

/**
 * Count register numbers. Each must read as a register number (check symbol included); each
 * person counts once however often they are scanned, under any of their numbers, so a repeated
 * scan writes nothing. A number of someone held elsewhere, or on nobody's record, is counted
 * too: reconciliation makes it a discrepancy. A large upload is written as several
 * `roll_call.counted` events (event-size.ts), in the order scanned.
 */
export function decideCount(rollCall: RollCall | null, input: CountRollCall, known: CountContext, ctx: DecisionContext): Decision {
  if (!rollCall) return reject('not_found', 'no roll call with this id', '/roll_call_id');
  const move = checkRollCallMove(rollCall.status, 'counting');
  if (move) return { ...move, message: `the roll call is ${rollCall.status.replace('_', ' ')}: its count is closed; ${rollCall.status === 'reconciled' ? 'resolve a person found now as a discrepancy, with a reason' : 'open a new roll call'}` };
  if (input.register_numbers.length === 0 || input.register_numbers.length > maxCountBatch) {
    return reject('invalid_value', `a count carries 1 to ${maxCountBatch.toLocaleString('en')} register numbers`, '/register_numbers');
  }
  const bad = input.occurred_at === undefined ? null : checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  const numbers = new Set(known.countedNumbers);
  const persons = new Set(known.countedPersons);
  const counted: { register_number: string; person_id: string | null }[] = [];
  for (const [i, typed] of input.register_numbers.entries()) {
    const number = parseRegisterNumber(typed);
    if (number === null) {
      return reject('invalid_value', `"${typed.slice(0, 40)}" is not a register number: give the 9 symbols printed on the wristband, e.g. 7KQ4-9XZT-M (hyphens and case do not matter; the last symbol is a check)`, `/register_numbers/${i}`);
    }
    if (numbers.has(number)) continue;
    numbers.add(number);
    const person = known.onRegister.get(number) ?? null;
    if (person !== null) {
      if (persons.has(person)) continue;
      persons.add(person);
    }
    counted.push({ register_number: number, person_id: person });
  }
  if (counted.length === 0) return [];
  // A scanner's upload of thousands is several counted events of one command, each small enough for the log.
  return chunkList(counted).map((chunk) => newEvent('roll_call.counted', null, input.occurred_at ?? ctx.now, { roll_call_id: rollCall.id, counted: chunk }));
}

export interface ReconcileRollCall {
  readonly roll_call_id: string;
  readonly occurred_at?: string;
}

/** A person the register holds at the place counted. */
export interface ExpectedPerson {
  readonly person_id: string;
  readonly register_number: string;
  readonly unit_id: string;
}

/** A number counted, with where the register holds its person now. */
export interface CountedNumber {
  readonly register_number: string;
  readonly person_id: string | null;
  readonly held: Holding | null;
}

/**
 * Close the count and compare it with the register. Expected are the persons the register
 * holds in custody at the facility (or unit) now — nobody in transit or gone. Anyone expected
 * and not counted, and anything counted and not expected (someone held elsewhere, in
 * transit, gone, or a number on nobody's record), is a discrepancy naming where the register
 * holds them. Beyond what one event holds, the discrepancies follow the `roll_call.reconciled`
 * event in `roll_call.discrepancies_listed` events (event-size.ts).
 */
export function decideReconcile(rollCall: RollCall | null, expected: readonly ExpectedPerson[], counted: readonly CountedNumber[], input: ReconcileRollCall, ctx: RollCallContext): Decision {
  if (!rollCall) return reject('not_found', 'no roll call with this id', '/roll_call_id');
  const move = checkRollCallMove(rollCall.status, 'reconciled');
  if (move) return move;
  const bad = input.occurred_at === undefined ? null : checkOccurredAt(input.occurred_at, ctx.now);
  if (bad) return bad;
  const countedPersons = new Set(counted.flatMap((c) => (c.person_id === null ? [] : [c.person_id])));
  const expectedPersons = new Set(expected.map((e) => e.person_id));
  const missing: RollCallDiscrepancy[] = expected
    .filter((e) => !countedPersons.has(e.person_id))
    .map((e) => ({
      discrepancy_id: '',
      kind: 'expected_not_counted',
      register_number: e.register_number,
      person_id: e.person_id,
      held: { status: 'in_custody', facility_id: rollCall.facility_id, unit_id: e.unit_id, transfer_id: null },
    }));
  const extra: RollCallDiscrepancy[] = counted
    .filter((c) => c.person_id === null || !expectedPersons.has(c.person_id))
    .map((c) => ({ discrepancy_id: '', kind: 'counted_not_expected', register_number: c.register_number, person_id: c.person_id, held: c.held }));
  const byNumber = (a: RollCallDiscrepancy, b: RollCallDiscrepancy) => (a.register_number < b.register_number ? -1 : a.register_number > b.register_number ? 1 : 0);
  const discrepancies = [...missing.sort(byNumber), ...extra.sort(byNumber)].map((d) => ({ ...d, discrepancy_id: ctx.newId() }));
  const occurredAt = input.occurred_at ?? ctx.now;
  // The reconciled event carries the first discrepancies; the rest follow it in bounded events of the same command.
  const [first, ...rest] = chunkList(discrepancies);
  return [
    newEvent('roll_call.reconciled', null, occurredAt, {
      roll_call_id: rollCall.id,
      reconciled_by: ctx.actor,
      expected: expected.length,
      counted: counted.length,
      discrepancies: first!,
    }),
    ...rest.map((chunk) => newEvent('roll_call.discrepancies_listed', null, occurredAt, { roll_call_id: rollCall.id, discrepancies: chunk })),
  ];
}

export interface ResolveDiscrepancy {
  readonly roll_call_id: string;
  readonly discrepancy_id: string;
  /** What was found: where the person is, or why the register and the count differ. */
  readonly reason: string;
}

/** A discrepancy as a resolution sees it. */
export interface OpenDiscrepancy {
  readonly discrepancy_id: string;
  readonly register_number: string;
  readonly resolved: boolean;
}

/**
 * Resolve one discrepancy with a reason. The resolution records what was found; if the
 * register itself is wrong (someone escaped, or was moved without a record), that is put
 * right by its own command, and the reason says so.
 */
export function decideResolveDiscrepancy(rollCall: RollCall | null, discrepancy: OpenDiscrepancy | null, input: ResolveDiscrepancy, ctx: RollCallContext): Decision {
  if (!rollCall) return reject('not_found', 'no roll call with this id', '/roll_call_id');
  if (rollCall.status !== 'reconciled') {
    return reject('invalid_transition', rollCall.status === 'signed_off' ? 'the roll call is signed off: its discrepancies are closed' : `discrepancies are resolved once the count is reconciled; the roll call is ${rollCall.status}`, '/roll_call_id');
  }
  if (!discrepancy) return reject('not_found', 'no discrepancy with this id on this roll call', '/discrepancy_id');
  if (discrepancy.resolved) return reject('invalid_transition', `the discrepancy about ${discrepancy.register_number} is already resolved`, '/discrepancy_id');
  if (!filled(input.reason)) return reject('missing_item', 'give the reason: what was found (e.g. "in the hospital wing, seen by Officer K.", "register number misread")', '/reason');
  return [newEvent('roll_call.discrepancy_resolved', null, ctx.now, { roll_call_id: rollCall.id, discrepancy_id: discrepancy.discrepancy_id, reason: input.reason.trim(), resolved_by: ctx.actor })];
}

export interface SignOffRollCall {
  readonly roll_call_id: string;
}

/** The discrepancies still open on a roll call: how many, and the first to name. */
export interface Unresolved {
  readonly count: number;
  readonly first: { readonly register_number: string; readonly kind: DiscrepancyKind } | null;
}

/**
 * Sign a reconciled roll call off. Refused while any discrepancy is unresolved, and refused to
 * anyone who took part in the count: a count is certified by another official (four eyes,
 * as every entry is attributable and no record changes without a trace: MR6, ICPPED 22).
 */
export function decideSignOff(rollCall: RollCall | null, unresolved: Unresolved, ctx: RollCallContext): Decision {
  if (!rollCall) return reject('not_found', 'no roll call with this id', '/roll_call_id');
  const move = checkRollCallMove(rollCall.status, 'signed_off');
  if (move) return move;
  if (unresolved.count > 0) {
    const first = unresolved.first ? ` (first: ${unresolved.first.register_number}, ${unresolved.first.kind.replace(/_/g, ' ')})` : '';
    return reject('invalid_transition', `${unresolved.count} discrepanc${unresolved.count === 1 ? 'y is' : 'ies are'} unresolved${first}; resolve each with a reason before signing off`, '/roll_call_id');
  }
  if (rollCall.participants.includes(ctx.actor)) {
    return reject('forbidden', 'you took part in this count or resolved its discrepancies; another official signs it off, so that no count certifies itself', '/roll_call_id');
  }
  return [newEvent('roll_call.signed_off', null, ctx.now, { roll_call_id: rollCall.id, signed_by: ctx.actor })];
}
