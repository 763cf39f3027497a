/**
 * Court production: bringing a held person before the court and back (STANDARDS E, issue of
 * the judicial track). A production order, or a hearing scheduled with the court's holding
 * facility, draws up a transfer order like any other — the person's facility, the court's
 * holding facility as the one stop, and back to the same facility — so the journey has the same
 * custody invariant and two-sided handovers as any transfer (transfer.ts, transfer-legs.ts):
 * dispatch, counted in at the court's holding, dispatched back, checked in at home.
 *
 * The order carries its `production`: which case, what brought it (the order or the hearing),
 * when the person is due before the court, and `return_by` — the end of that local day where
 * they are held. Anyone on such an order who is not back by then is an incident
 * (queries/dashboard.ts): nobody spends a night in a court's holding cell unseen.
 *
 * No movement is drawn up when there is nothing to move: the person is already at the court's
 * holding facility, not held at a facility of the register now (in transit: the order is still
 * recorded, the docket shows the production as not arranged), or the day of production has
 * already ended (an order recorded after the fact).
 */
import { newEvent, type NewEvent } from './events.ts';
import type { Facility } from './facility.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';

/** What a production is for, as its transfer order keeps it. */
export interface Production {
  readonly case_id: string;
  /** The order or the hearing that calls for the production. */
  readonly source: 'order' | 'hearing';
  readonly source_id: string;
  readonly court: string;
  /** When the person is due before the court. */
  readonly produce_at: string;
  /** The end of the day of production where the person is held: not back by then is an incident. */
  readonly return_by: string;
}

/** The offset from UTC, in minutes, that a time zone keeps at an instant. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m || !m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The first instant of the next local day in a time zone, after the instant given (ISO, UTC). */
export function endOfLocalDay(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  const local = new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000);
  const nextMidnightWall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  // The wall-clock midnight read with the offset in force then (it may differ across a change of offset).
  let at = nextMidnightWall - zoneOffsetMinutes(nextMidnightWall, timeZone) * 60_000;
  at = nextMidnightWall - zoneOffsetMinutes(at, timeZone) * 60_000;
  return new Date(at).toISOString();
}

export interface ProductionPlan {
  readonly person: Person;
  /** The facility holding the person now, if any. */
  readonly from: Facility | null;
  /** The court's holding facility. */
  readonly holding: Facility;
  readonly case_id: string;
  readonly source: Production['source'];
  readonly source_id: string;
  readonly court: string;
  readonly produce_at: string;
  /** Why the movement is made: the order's number or the hearing's purpose, and the case's number (the court production itself is in `production`). */
  readonly reason: string;
}

/** A court's holding facility: the kind the register keeps for it. */
export function checkHoldingFacility(facility: Facility | null, field: string): Rejection | null {
  if (!facility) return reject('not_found', 'no facility with this id is registered', field);
  if (facility.kind !== 'court_holding') return reject('invalid_value', `the person is produced at the court's holding facility; ${facility.name} is a ${facility.kind.replace(/_/g, ' ')}`, field);
  return null;
}

/**
 * The round trip's transfer order, drafted by the official who recorded the order or the
 * hearing (another official approves it, as any transfer), or nothing when there is nothing to
 * move (see the file's comment).
 */
export function planProduction(plan: ProductionPlan, ctx: { readonly now: string; readonly actor: string; readonly newId: () => string }): NewEvent[] {
  const { person, from, holding } = plan;
  if (person.custody.status !== 'in_custody' || !from || from.id === holding.id) return [];
  const return_by = endOfLocalDay(plan.produce_at, from.timezone);
  if (Date.parse(return_by) <= Date.parse(ctx.now)) return [];
  const home = { kind: 'facility', facility_id: from.id } as const;
  const production: Production = { case_id: plan.case_id, source: plan.source, source_id: plan.source_id, court: plan.court, produce_at: plan.produce_at, return_by };
  return [
    newEvent('transfer.created', null, ctx.now, {
      transfer_id: ctx.newId(),
      origin: home,
      destination: home,
      stops: [holding.id],
      reason: plan.reason,
      persons: [person.id],
      created_by: ctx.actor,
      production,
    }),
  ];
}

/** Where a production stands, as the court's list shows it. */
export const productionStates = ['not_arranged', 'awaiting_approval', 'ready', 'to_court', 'at_court', 'returning', 'back', 'cancelled', 'incident', 'not_returned'] as const;
export type ProductionState = (typeof productionStates)[number];

/** What the register holds about a production's movement: its order's status and the person's on it (null: no movement drawn up). */
export interface ProductionMovement {
  readonly transfer_status: string;
  readonly person_status: string;
  /** The leg travelled last (0: to the court; 1: back). */
  readonly leg: number | null;
  readonly return_by: string;
}

/** The state of a production at an instant: on the road, at court, back, or not back by the end of the day. */
export function productionState(movement: ProductionMovement | null, now: string): ProductionState {
  if (!movement) return 'not_arranged';
  if (movement.transfer_status === 'cancelled') return 'cancelled';
  if (movement.transfer_status === 'draft') return 'awaiting_approval';
  const away = movement.person_status === 'in_transit' || movement.person_status === 'at_stop';
  if (away && Date.parse(movement.return_by) <= Date.parse(now)) return 'not_returned';
  switch (movement.person_status) {
    case 'listed':
      return 'ready';
    case 'in_transit':
      return movement.leg === 0 ? 'to_court' : 'returning';
    case 'at_stop':
      return 'at_court';
    case 'received':
    case 'returned':
      return 'back';
    default:
      return 'incident';
  }
}
