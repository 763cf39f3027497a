/**
 * Custody facts a monitor can see in the entries it is allowed to read, kept between runs:
 *
 * - quiet persons: someone in custody with no event for D days — nobody has recorded a
 *   move, a visit, a release: the register should be asked where they are;
 * - open transfers: a transfer out with no transfer in after T hours — the moment people
 *   disappear between two places.
 *
 * Which event kinds open and close a transfer is listed in {@link transferKinds}.
 */
import { exitStatusOf, type EventKind } from '../domain/events.ts';
import { applyRegisterEvent, emptyPersonClocks, evaluatePersonClocks, type PersonClocks } from '../domain/clocks/person-clocks.ts';
import { defaultClockRules } from '../domain/clocks/rules.ts';

/**
 * Event kinds that open and close a transfer: a dispatch (from the origin, or onward from an
 * overnight stop) puts a person in transit; a check-in at the destination or at a stop, a
 * return to the place left or a handover to a state ends it.
 */
export const transferKinds: { readonly out: readonly string[]; readonly in: readonly string[] } = {
  out: ['person.dispatched'],
  in: ['person.checked_in', 'person.arrived_at_stop', 'person.returned', 'person.handed_over'],
};

/** What the watch keeps per person (compact: it is saved in the monitor's state). */
export interface WatchedPerson {
  /** Index and leaf hash of the person's last event: the head of their chain. */
  idx: number;
  hash: string;
  /** occurred_at of their latest event (ISO 8601). */
  at: string;
  /** In custody according to the entries read. */
  held: boolean;
  /** When an open transfer out began (ISO 8601), if one is open. */
  transferOut?: string;
  /** The person's legal clocks, folded from their entries as the register folds them. */
  clocks?: PersonClocks;
}

/** A custody fact worth a human look. */
export interface CustodyFact {
  readonly person: string;
  readonly since: string;
  readonly hours: number;
}

/** A person the entries show held without a valid order: since when, and the events that prove it (log indexes). */
export interface HeldWithoutOrder {
  readonly person: string;
  readonly since: string;
  readonly events: readonly number[];
}

export interface CustodyReport {
  /** The legal clocks computed from the entries (CLOCKS.md, default rules): who is held without a valid order now. */
  readonly lawful: { readonly held_without_valid_order: number; readonly persons: readonly HeldWithoutOrder[] };
  readonly quiet: { readonly days: number; readonly count: number; readonly persons: readonly CustodyFact[] } | null;
  readonly openTransfers: { readonly hours: number; readonly count: number; readonly persons: readonly CustodyFact[] } | null;
}

const enteringCustody = new Set<string>(['person.admitted']);
const leavingCustody = new Set<string>(Object.keys(exitStatusOf));

/** Updates a person's custody facts with their next event (its index and data feed the legal clocks). */
export function observeEvent(person: WatchedPerson, kind: EventKind | string, occurredAt: string, idx?: number, data?: unknown): void {
  if (idx !== undefined) {
    const clocks = applyRegisterEvent(person.clocks ?? emptyPersonClocks, { idx, kind, occurred_at: occurredAt, data }, defaultClockRules);
    if (clocks !== emptyPersonClocks) person.clocks = clocks;
  }
  if (enteringCustody.has(kind)) person.held = true;
  if (leavingCustody.has(kind)) person.held = false;
  if (transferKinds.out.includes(kind)) person.transferOut = occurredAt;
  if (transferKinds.in.includes(kind)) delete person.transferOut;
  if (Date.parse(occurredAt) > Date.parse(person.at)) person.at = occurredAt;
}

/** The facts over every watched person at `now`; lists are capped at `limit`, counts are not. */
export function custodyReport(
  persons: ReadonlyMap<string, WatchedPerson>,
  now: Date,
  options: { readonly quietDays?: number; readonly transferHours?: number; readonly limit?: number },
): CustodyReport {
  const limit = options.limit ?? 100;
  const hoursSince = (iso: string) => Math.floor((now.getTime() - Date.parse(iso)) / 3_600_000);
  const collect = (threshold: number, pick: (p: WatchedPerson) => string | undefined) => {
    const found: CustodyFact[] = [];
    for (const [id, p] of persons) {
      const since = pick(p);
      if (since !== undefined && hoursSince(since) >= threshold) found.push({ person: id, since, hours: hoursSince(since) });
    }
    found.sort((a, b) => b.hours - a.hours || a.person.localeCompare(b.person));
    return { count: found.length, persons: found.slice(0, limit) };
  };
  const held: HeldWithoutOrder[] = [];
  for (const [id, p] of persons) {
    if (!p.clocks?.inCustody) continue;
    const detention = evaluatePersonClocks(p.clocks, now.getTime(), defaultClockRules)?.clocks.find((c) => c.rule === 'detention_order');
    if (detention?.status !== 'breached') continue;
    held.push({ person: id, since: new Date(detention.since!).toISOString(), events: detention.explanation.refs });
  }
  held.sort((a, b) => a.since.localeCompare(b.since) || a.person.localeCompare(b.person));
  return {
    lawful: { held_without_valid_order: held.length, persons: held.slice(0, limit) },
    quiet: options.quietDays === undefined ? null : { days: options.quietDays, ...collect(options.quietDays * 24, (p) => (p.held ? p.at : undefined)) },
    openTransfers: options.transferHours === undefined ? null : { hours: options.transferHours, ...collect(options.transferHours, (p) => p.transferOut) },
  };
}
