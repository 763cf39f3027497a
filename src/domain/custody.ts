/**
 * Custody is an invariant, not a flag (DESIGN 3.2): at every instant a registered person is
 * in exactly one of these states. This file is the state machine: each state lists the
 * states it may move to; any other move is refused with `invalid_transition`.
 */
import { reject, type Rejection } from './rejection.ts';

export const custodyStatuses = [
  'registered',
  'in_custody',
  'in_transit',
  'released',
  'handed_over',
  'deceased',
  'escaped',
  'transferred_out_of_register',
] as const;
export type CustodyStatus = (typeof custodyStatuses)[number];

/**
 * Allowed next states. `registered` is a person on the register not yet in our custody
 * (for example listed for an arrival). A released person may be admitted again on a new
 * order, or taken into custody again by our escort from an outside authority; an escaped
 * person may be recaptured. Deaths and handovers are final.
 */
export const custodyTransitions: Readonly<Record<CustodyStatus, readonly CustodyStatus[]>> = {
  // A registered person comes into our custody in transit when an outside authority hands
  // them to our escort (a transfer from an outside origin).
  registered: ['in_custody', 'in_transit'],
  in_custody: ['in_custody', 'in_transit', 'released', 'handed_over', 'deceased', 'escaped', 'transferred_out_of_register'],
  in_transit: ['in_custody', 'handed_over', 'deceased', 'escaped'],
  released: ['in_custody', 'in_transit'],
  escaped: ['in_custody', 'deceased'],
  handed_over: [],
  deceased: [],
  transferred_out_of_register: [],
};

/** States in which someone else answers for the person's whereabouts. */
export const terminalStatuses: readonly CustodyStatus[] = custodyStatuses.filter((s) => custodyTransitions[s].length === 0);

/** Refuse a move the state machine does not allow. */
export function checkTransition(from: CustodyStatus, to: CustodyStatus, field = '/status'): Rejection | null {
  if (custodyTransitions[from].includes(to)) return null;
  const allowed = custodyTransitions[from];
  return reject(
    'invalid_transition',
    `a person who is ${from.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`,
    field,
  );
}
