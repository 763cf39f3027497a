/**
 * Families in a repatriation (issue 15): women and children from the camps return as families,
 * and a child is never separated from its parent by a return unless a reasoned decision, by a
 * named official, that separation is in the child's best interests is recorded (CRC arts. 3, 9
 * and 12; UNHCR best-interests procedure). A case for a minor is approved only once a
 * best-interests assessment stands on it: the child travels with a parent (whose own case is
 * named), joins a parent or guardian already in the state, or — the reasoned exception — is
 * separated, with who will care for them. The child's own views are recorded.
 *
 * A case may name its family group (a reference the desk gives the family, the same on each
 * member's case), the person's place in it — parent, child, other relative — with the evidence
 * of the relationship, and, on a parent's case, the children by their register numbers. The
 * parent's side is checked too: a parent's return is not approved while a child of theirs (a
 * child of the group, or one they named) has no repatriation case, or has one without a
 * best-interests decision — the approval would leave the child behind (`would_separate_child`).
 * A minor with no adult parent or relative in their group is unaccompanied: flagged, and their
 * case is not closed until a guardian is named (`guardian_required`).
 *
 * A person is a minor when the latest day of birth their record allows is less than 18 years
 * before the day (as placement counts it: a partial date that leaves it open protects them as one).
 */
import { checkInstant } from './case.ts';
import { filled } from './decision.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import type { RepatriationStatus } from './repatriation.ts';
import { youngestAgeOn, type DateOfBirth } from './values.ts';

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
  return isMinorBy(person.details.dob, day);
}

/** Whether a date of birth makes a minor on a day (unknown: not known to be one). */
export function isMinorBy(dob: DateOfBirth | null, day: string): boolean {
  const age = dob ? youngestAgeOn(dob, day) : null;
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

// ---------------------------------------------------------------- family groups

export const familyRoles = ['parent', 'child', 'other_relative'] as const;
export type FamilyRole = (typeof familyRoles)[number];

/** A family group's reference: capital letters, digits and dashes, 3 to 40 (e.g. FAM-FR-0007). */
export const familyGroupPattern = /^[A-Z0-9][A-Z0-9-]{2,39}$/;

/** At most so many children named on a parent's case. */
export const maxNamedChildren = 20;

/** The case's place in its family, as recorded. */
export interface FamilyMembership {
  readonly group: string;
  readonly role: FamilyRole;
  /** How the relationship is known: a civil-status record, a camp card, a DNA result, statements… */
  readonly evidence: string;
  /** On a parent's case: the children (person ids), whether or not they have a case. */
  readonly children: readonly string[];
}

/** Another member of the case's family group, or a child named on it, as the decisions see them. */
export interface FamilyMember {
  readonly case_id: string;
  readonly person_id: string;
  readonly register_number: string;
  readonly dob: DateOfBirth | null;
  readonly role: FamilyRole | null;
  readonly status: RepatriationStatus;
  readonly best_interests: BestInterests | null;
}

/** A child named on a parent's case, with their repatriation case if they have one (not closed). */
export interface NamedChild {
  readonly person_id: string;
  readonly register_number: string;
  readonly dob: DateOfBirth | null;
  readonly case: FamilyMember | null;
}

/** A guardian named for an unaccompanied child: who, how related, how reached, appointed by whom and when. */
export interface Guardian {
  readonly name: string;
  readonly relationship: string;
  readonly contact: string;
  readonly appointed_by: string;
  readonly appointed_at: string;
}

/** What is wrong with a family membership as given, or null (the children are the persons found for the register numbers given). */
export function checkFamily(input: { readonly group: string; readonly role: FamilyRole; readonly evidence: string; readonly children?: readonly string[] }, ownPersonId: string, children: readonly (string | null)[]): Rejection | null {
  if (typeof input.group !== 'string' || !familyGroupPattern.test(input.group)) {
    return reject('invalid_value', 'the family group is a reference of 3 to 40 capital letters, digits and dashes, the same on each member’s case (e.g. FAM-FR-0007)', '/group');
  }
  if (!familyRoles.includes(input.role)) return reject('invalid_value', `role is one of: ${familyRoles.join(', ')}`, '/role');
  if (!filled(input.evidence)) return reject('missing_item', 'say how the relationship is known (a civil-status record, a camp card, statements…)', '/evidence');
  const named = input.children ?? [];
  if (named.length && input.role !== 'parent') return reject('invalid_value', 'children are named on a parent’s case', '/children');
  if (named.length > maxNamedChildren) return reject('invalid_value', `at most ${maxNamedChildren} children`, '/children');
  for (const [i, id] of children.entries()) {
    if (id === null) return reject('not_found', 'no person with this register number is registered', `/children/${i}`);
    if (id === ownPersonId) return reject('invalid_value', 'a parent is not their own child', `/children/${i}`);
    if (children.indexOf(id) !== i) return reject('invalid_value', 'this child is named twice', `/children/${i}`);
  }
  return null;
}

/** What is wrong with a guardian as given, or null. */
export function checkGuardian(g: Guardian, now: string): Rejection | null {
  if (!filled(g.name)) return reject('missing_item', 'name the guardian', '/name');
  if (!filled(g.relationship)) return reject('missing_item', 'say how the guardian is related to the child, or that they are not', '/relationship');
  if (!filled(g.contact)) return reject('missing_item', 'say where and how the guardian is reached', '/contact');
  if (!filled(g.appointed_by)) return reject('missing_item', 'name the authority that appointed the guardian', '/appointed_by');
  return checkInstant(g.appointed_at, '/appointed_at', now);
}

/**
 * The child a parent's approved return would leave behind, or null: each minor child of the
 * parent — of the group, or named on the parent's case — has a repatriation case that carries a
 * best-interests decision (travelling with this parent, joining one, or a reasoned separation).
 */
export function childLeftBehind(family: FamilyMembership | null, members: readonly FamilyMember[], named: readonly NamedChild[], day: string): Rejection | null {
  if (family?.role !== 'parent') return null;
  const children: { register_number: string; dob: DateOfBirth | null; case: FamilyMember | null }[] = [
    ...members.filter((m) => m.role === 'child').map((m) => ({ register_number: m.register_number, dob: m.dob, case: m })),
    ...named.filter((c) => !members.some((m) => m.role === 'child' && m.person_id === c.person_id)),
  ];
  for (const child of children) {
    if (!isMinorBy(child.dob, day)) continue;
    if (!child.case) {
      return reject('would_separate_child', `the child ${child.register_number} has no repatriation case: approving the parent’s return would leave the child behind; open the child’s case and record their best interests first`, '/outcome');
    }
    if (!child.case.best_interests) {
      return reject('would_separate_child', `the child ${child.register_number}’s case records no best-interests decision: approving the parent’s return would leave the child behind without one (travels with this parent, joins one, or a reasoned separation)`, '/outcome');
    }
  }
  return null;
}

/** A minor with no adult parent or relative in their family group (or in none): unaccompanied. */
export function isUnaccompanied(dob: DateOfBirth | null, family: FamilyMembership | null, members: readonly FamilyMember[], day: string): boolean {
  if (!isMinorBy(dob, day)) return false;
  if (!family) return true;
  return !members.some((m) => (m.role === 'parent' || m.role === 'other_relative') && !isMinorBy(m.dob, day));
}
