/**
 * The journey home (issue 15): a repatriation is carried out as a transfer to the state of
 * nationality through the two-sided handover (transfer.ts, transfer-movement.ts) — the escort
 * takes the person over at dispatch, and the receiving state's authority confirms at check-in
 * with the reference of its receipt; until it does, the person is the register's responsibility.
 *
 * An order to another state is dispatched only when nothing stands in the way of each person on
 * it, each refused by name with nothing written:
 * - `repatriation_not_approved`: the person has a repatriation case for that state that is not
 *   approved (a return follows the assessment, the second official's review and the decision);
 * - `court_blocker`: the person has a case before an Iraqi court that is not final — with or
 *   without a hearing pending — and no decision of that court permitting travel is recorded on
 *   their repatriation case (the judicial track records no other order against removal: a case
 *   open is the blocker, never bypassed).
 * A person approved for return to that state stands in for the order's own safeguards
 * assessment at its approval: the repatriation case holds the individual assessment, reviewed
 * by a second official and decided with its assurances. The check-in at the state's authority
 * returns the person (`returnedEvent`), and opens a task for each contact after the return the
 * decision set (repatriation-follow-up.ts).
 */
import { newEvent, type NewEvent } from './events.ts';
import { isOpenCourtCase, type CourtCaseOnRecord, type RepatriationCase } from './repatriation.ts';
import { followUpTasks } from './repatriation-follow-up.ts';
import { reject, type Rejection } from './rejection.ts';

/** What stands for one person on an order to another state. */
export interface TravelStanding {
  readonly register_number: string;
  /** The person's repatriation case for the destination state that is not closed, if any. */
  readonly repatriation: Pick<RepatriationCase, 'id' | 'status' | 'court_permissions'> | null;
  /** The person's cases before Iraqi courts. */
  readonly courtCases: readonly CourtCaseOnRecord[];
  /** Hearings scheduled and not yet held, in the person's cases. */
  readonly pendingHearings: readonly { readonly court_case_id: string; readonly at: string }[];
}

/** Why the person cannot leave for `state` now (at `field`), or null. */
export function checkJourneyHome(state: string, standing: TravelStanding, field: string): Rejection | null {
  const r = standing.repatriation;
  if (r && r.status !== 'approved') {
    return reject('repatriation_not_approved', `person ${standing.register_number}'s repatriation case to ${state} is ${r.status.replace(/_/g, ' ')}: the journey home follows its approval`, field);
  }
  const permitted = new Set((r?.court_permissions ?? []).map((p) => p.court_case_id));
  const blocker = standing.courtCases.find((c) => isOpenCourtCase(c) && !permitted.has(c.id));
  if (blocker) {
    const hearing = standing.pendingHearings.filter((h) => h.court_case_id === blocker.id).sort((a, b) => a.at.localeCompare(b.at))[0];
    const pending = hearing ? `, a hearing pending on ${hearing.at},` : '';
    return reject('court_blocker', `person ${standing.register_number} has the case ${blocker.reference} open before ${blocker.court}${pending} and no decision of that court permitting travel is recorded: nobody leaves for another state while a court holds them`, field);
  }
  return null;
}

/** A person's approved return to a state, as the handover that carries it out needs it. */
export type ApprovedReturn = Pick<RepatriationCase, 'id' | 'state' | 'decision'>;

/** The handover at the state's authority, as its check-in records it. */
export interface ReturnHandover {
  readonly transfer_id: string;
  readonly returned_at: string;
  readonly receiving_authority: string;
  readonly receiving_official: string;
  readonly receipt_reference: string;
}

/** The case's event when the state's authority confirms the handover: returned, with a task for each contact the decision set. */
export function returnedEvent(approved: ApprovedReturn, personId: string, handover: ReturnHandover, newId: () => string): NewEvent<'repatriation.returned'> {
  return newEvent('repatriation.returned', personId, handover.returned_at, { repatriation_id: approved.id, ...handover, tasks: followUpTasks(approved.decision?.follow_ups ?? [], approved.state, newId) });
}
