/**
 * Children in a repatriation (issue 15): women and children from the camps return as families,
 * and a child is never separated from its parent by a return unless a reasoned decision, by a
 * named official, that separation is in the child's best interests is recorded (CRC arts. 3, 9
 * and 12; UNHCR best-interests procedure). A case for a minor is approved only once a
 * best-interests assessment stands on it: the child travels with a parent (whose own case is
 * named), joins a parent or guardian already in the state, or — the reasoned exception — is
 * separated, with who will care for them. The child's own views are recorded.
 *
 * A person is a minor when the latest day of birth their record allows is less than 18 years
 * before the day (as placement counts it: a partial date that leaves it open protects them as one).
 */
import { checkInstant } from './case.ts';
import { filled } from './decision.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import { youngestAgeOn } from './values.ts';

export const childArrangements = ['travels_with_parent', 'joins_parent_in_state', 'separated'] as const;
export type ChildArrangement = (typeof childArrangements)[number];

/** The best-interests assessment of a child's return, as recorded. */
export interface BestInterests {
  readonly assessed_at: string;
  /** The official who decides, by name (a separation needs a named decision-maker). */
  readonly official: string;
  readonly arrangement: ChildArrangement;
  /** With `travels_with_parent`: the parent's repatriation case. */
  readonly parent_case_id: string | null;
  /** With `joins_parent_in_state` or `separated`: the parent or guardian who will care for the child, and where. */
  readonly guardian: string | null;
  /** Why this arrangement is in the child's best interests. */
  readonly reasoning: string;
  /** What the child said, as their age and maturity allow (CRC art. 12). */
  readonly child_views: string;
}

/** Whether a person is a minor on a day (YYYY-MM-DD). */
export function isMinorOn(person: Pick<Person, 'details'>, day: string): boolean {
  const age = person.details.dob ? youngestAgeOn(person.details.dob, day) : null;
  return age !== null && age < 18;
}

/** What is wrong with a best-interests assessment, or null. */
export function checkBestInterests(b: BestInterests, caseId: string, now: string): Rejection | null {
  const when = checkInstant(b.assessed_at, '/assessed_at', now);
  if (when) return when;
  if (!filled(b.official)) return reject('missing_item', 'name the official who decides the child’s best interests', '/official');
  if (!childArrangements.includes(b.arrangement)) return reject('invalid_value', `arrangement is one of: ${childArrangements.join(', ')}`, '/arrangement');
  if (b.arrangement === 'travels_with_parent') {
    if (!filled(b.parent_case_id)) return reject('missing_item', 'a child who travels with a parent: give the parent’s repatriation case', '/parent_case_id');
    if (b.parent_case_id === caseId) return reject('invalid_value', 'the parent’s case is another case than the child’s', '/parent_case_id');
  } else if (!filled(b.guardian)) {
    return reject('missing_item', b.arrangement === 'separated' ? 'a child separated from its parent: name who will care for the child, and where' : 'name the parent or guardian the child joins, and where', '/guardian');
  }
  if (!filled(b.reasoning)) {
    return reject('missing_item', b.arrangement === 'separated' ? 'a separation is decided only with its reasons: why it is in the child’s best interests' : 'give the reasons the arrangement is in the child’s best interests', '/reasoning');
  }
  if (!filled(b.child_views)) return reject('missing_item', 'record what the child said, or why they could not be heard', '/child_views');
  return null;
}
