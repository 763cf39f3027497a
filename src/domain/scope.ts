/**
 * Scopes (issue 14): a role says what an official may do, the account's scope says to whom.
 * Facility officers and registration clerks act on the persons held at the facilities
 * assigned to them (or being transferred to or from one); supervisors likewise, unless
 * assigned the whole register; judges and court clerks on the persons before their courts
 * (a case whose court is theirs); auditors, who include outside monitors with agreed full
 * access, reach the whole register. A role this table does not name reaches nobody.
 *
 * Pure: what the account was assigned comes in; which persons are where is asked of the
 * projections by src/api/scope.ts, the one place that decides.
 */
import { courtName } from './case.ts';
import type { Role } from './permissions.ts';

/** How a role's reach is bounded: the whole register, assigned facilities, assigned courts, or nothing. */
export type Reach = 'register' | 'facilities' | 'courts' | 'nothing';

const reachOfRole: Readonly<Record<Role, Reach>> = {
  registration_clerk: 'facilities',
  facility_officer: 'facilities',
  supervisor: 'facilities',
  auditor: 'register',
  // Administrators read no person (permissions.ts); facilities and accounts are the register's.
  administrator: 'register',
  judge: 'courts',
  court_clerk: 'courts',
  // Information officers answer relatives about anyone the register holds (ICPPED 18); the
  // authority independent of the facilities oversees them all.
  information_officer: 'register',
  oversight: 'register',
  // Visitors and states' liaison officers read no person record: a visitor sees the register of
  // the facility of an open accredited visit (visitorFacility), a liaison its own state's
  // repatriation cases (the account's liaison state); each is scoped where it is read.
  visitor: 'nothing',
  liaison: 'nothing',
};

/** The reach of a role; unknown roles reach nothing. */
export function roleReach(role: string): Reach {
  return (reachOfRole as Record<string, Reach | undefined>)[role] ?? 'nothing';
}

/** What an account was assigned: the whole register, and/or facilities (ids) and courts (names). */
export interface ScopeAssignment {
  readonly all: boolean;
  readonly facilities: readonly string[];
  readonly courts: readonly string[];
}

export const noAssignment: ScopeAssignment = { all: false, facilities: [], courts: [] };

/** What an account reaches, all things considered: everything, or these facilities and courts. */
export interface Scope {
  readonly all: boolean;
  readonly facilities: readonly string[];
  readonly courts: readonly string[];
}

/**
 * The scope of an account of `role` with `assignment`. The whole register when the role reaches
 * it, or when the account was assigned "all"; otherwise only the assignments the role's reach
 * counts (a clerk's courts, an officer's courts count for nothing).
 */
export function effectiveScope(role: string, assignment: ScopeAssignment): Scope {
  const reach = roleReach(role);
  if (reach === 'nothing') return { all: false, facilities: [], courts: [] };
  if (reach === 'register' || assignment.all) return { all: true, facilities: [], courts: [] };
  return {
    all: false,
    facilities: reach === 'facilities' ? [...new Set(assignment.facilities)] : [],
    courts: reach === 'courts' ? [...new Set(assignment.courts.map(courtName))] : [],
  };
}

/** Whether the scope reaches a facility (to admit into it, to order a transfer out of it). */
export function reachesFacility(scope: Scope, facilityId: string): boolean {
  return scope.all || scope.facilities.includes(facilityId);
}

/** Whether the scope reaches a court (to open a case before it, to read its docket). */
export function reachesCourt(scope: Scope, court: string): boolean {
  return scope.all || scope.courts.includes(courtName(court));
}

/** Where a person stands for scopes: the facilities that hold them or that a transfer of theirs leaves or reaches, and the courts of their cases. */
export interface PersonPlaces {
  readonly facilities: readonly string[];
  readonly courts: readonly string[];
  /** Registered and never admitted anywhere: awaiting an admission, which names the facility. */
  readonly unplaced: boolean;
}

/**
 * Whether the scope reaches a person at these places. A person registered but never admitted
 * is within reach of every account bounded by facilities (the admission that places them is
 * itself checked against the facility); no court reaches them until a case is opened.
 */
export function reachesPerson(scope: Scope, places: PersonPlaces): boolean {
  if (scope.all) return true;
  if (places.unplaced && scope.facilities.length > 0) return true;
  return places.facilities.some((f) => scope.facilities.includes(f)) || places.courts.some((c) => scope.courts.includes(c));
}
