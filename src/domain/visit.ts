/**
 * Independent visits (BP29, CIHL 124, MR83–85): visiting bodies — the ICRC, a national
 * inspectorate, a human rights commission — accredited by an authority; their visits to a
 * facility, with its dates, the persons seen and the fact (never the content) of a private
 * interview; and a refusal or deferral of access, lawful only with a reason, the authority that
 * decided it and the date it ends. A visitor sees the register of a facility only while an
 * accredited visit is open there (visitorFacility).
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import { reject, type Rejection } from './rejection.ts';
import { checkInstant } from './case.ts';

export const visitingBodyKinds = ['icrc', 'national_inspectorate', 'human_rights_commission', 'other'] as const;
export type VisitingBodyKind = (typeof visitingBodyKinds)[number];

export const accessDecisions = ['refused', 'deferred'] as const;
export type AccessDecision = (typeof accessDecisions)[number];

/** A visiting body as the decisions see it. */
export interface VisitingBody {
  readonly id: string;
  readonly name: string;
  readonly kind: VisitingBodyKind;
  readonly accredited: boolean;
}

/** A refusal or deferral of a visit's access — to the whole visit, or to one detainee (`person_id`) — in force until `until`. */
export interface AccessRestriction {
  readonly person_id: string | null;
  readonly decision: AccessDecision;
  readonly reason: string;
  readonly authority: string;
  readonly until: string;
}

/** A visit as the decisions see it. */
export interface Visit {
  readonly id: string;
  readonly body_id: string;
  readonly facility_id: string;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly closed: boolean;
  readonly restrictions: readonly AccessRestriction[];
}

export type RegisterVisitingBody = Omit<EventData['visiting_body.registered'], 'registered_by' | 'body_id'>;
export type WithdrawAccreditation = Omit<EventData['visiting_body.accreditation_withdrawn'], 'withdrawn_by'>;
export type OpenVisit = Omit<EventData['visit.opened'], 'opened_by' | 'visit_id'>;
export type RecordPersonSeen = EventData['visit.person_seen'] & { readonly person_id: string };
export type RestrictAccess = Omit<EventData['visit.access_restricted'], 'decided_by'>;
export type CloseVisit = Omit<EventData['visit.closed'], 'closed_by'>;

/** Register a visiting body, accredited by the authority named. */
export function decideRegisterVisitingBody(input: RegisterVisitingBody, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!filled(input.name)) return reject('missing_item', 'give the visiting body its name', '/name');
  if (!visitingBodyKinds.includes(input.kind)) return reject('invalid_value', `kind is one of: ${visitingBodyKinds.join(', ')}`, '/kind');
  if (!filled(input.accredited_by)) return reject('missing_item', 'name the authority that accredited the body', '/accredited_by');
  if (!filled(input.accreditation_reference)) return reject('missing_item', 'give the reference of the accreditation (an agreement, a decree)', '/accreditation_reference');
  return [newEvent('visiting_body.registered', null, ctx.now, { body_id: ctx.newId(), ...input, registered_by: ctx.actor })];
}

/** Withdraw a body's accreditation: its visitors then see nothing, whatever visit is open. */
export function decideWithdrawAccreditation(body: VisitingBody | null, input: WithdrawAccreditation, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!body) return reject('not_found', 'no visiting body has this id', '/body_id');
  if (!body.accredited) return reject('invalid_transition', 'the body is not accredited', '/body_id');
  if (!filled(input.reason)) return reject('missing_item', 'say why the accreditation is withdrawn', '/reason');
  return [newEvent('visiting_body.accreditation_withdrawn', null, ctx.now, { ...input, withdrawn_by: ctx.actor })];
}

/** Open a visit of an accredited body to a facility, between two instants. */
export function decideOpenVisit(subject: { body: VisitingBody | null; facilityExists: boolean }, input: OpenVisit, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!subject.body) return reject('not_found', 'no visiting body has this id', '/body_id');
  if (!subject.body.accredited) return reject('not_accredited', 'the visiting body is not accredited: a visit needs an accredited body', '/body_id');
  if (!subject.facilityExists) return reject('not_found', 'no facility has this id', '/facility_id');
  const when = checkInstant(input.starts_at, '/starts_at', ctx.now, true) ?? checkInstant(input.ends_at, '/ends_at', ctx.now, true);
  if (when) return when;
  if (Date.parse(input.ends_at) <= Date.parse(input.starts_at)) return reject('invalid_value', 'ends_at comes after starts_at', '/ends_at');
  return [newEvent('visit.opened', null, ctx.now, { visit_id: ctx.newId(), ...input, opened_by: ctx.actor })];
}

function openVisitOrRejection(visit: Visit | null): Rejection | null {
  if (!visit) return reject('not_found', 'no visit has this id', '/visit_id');
  if (visit.closed) return reject('invalid_transition', 'the visit is closed', '/visit_id');
  return null;
}

/**
 * A person the visitors saw, and whether they spoke with them in private. The content of a
 * private interview is the visitors' alone: the event has no field for it.
 */
export function decidePersonSeen(subject: { visit: Visit | null; heldThere: boolean }, input: RecordPersonSeen, ctx: DecisionContext): Decision {
  const closed = openVisitOrRejection(subject.visit);
  if (closed) return closed;
  const seen = checkInstant(input.seen_at, '/seen_at', ctx.now);
  if (seen) return seen;
  if (typeof input.private_interview !== 'boolean') return reject('invalid_value', 'private_interview is true or false', '/private_interview');
  if (!subject.heldThere) return reject('not_in_custody', 'the person is not held at the facility visited', '/person_id');
  const { person_id, ...data } = input;
  return [newEvent('visit.person_seen', person_id, ctx.now, data)];
}

/**
 * Refuse or defer a visit's access (BP29(2): only as the law allows): with a reason, the
 * authority that decided it, and the date it ends — else refused by name. The same holds when
 * the visit goes on but one detainee (`person_id`, held at the facility visited) is withheld
 * from the visitors.
 */
export function decideRestrictAccess(subject: { visit: Visit | null; heldThere: boolean }, input: RestrictAccess, ctx: DecisionContext & { readonly actor: string }): Decision {
  const { visit } = subject;
  const closed = openVisitOrRejection(visit);
  if (closed) return closed;
  if (!accessDecisions.includes(input.decision)) return reject('invalid_value', `decision is one of: ${accessDecisions.join(', ')}`, '/decision');
  if (!filled(input.reason)) return reject('restriction_unjustified', 'a refusal or deferral of access needs its reason', '/reason');
  if (!filled(input.authority)) return reject('restriction_unjustified', 'a refusal or deferral of access names the authority that decided it', '/authority');
  if (!filled(input.until)) return reject('restriction_unjustified', 'a refusal or deferral of access has an end date', '/until');
  const until = checkInstant(input.until, '/until', ctx.now, true);
  if (until) return until;
  if (Date.parse(input.until) <= Date.parse(ctx.now)) return reject('invalid_value', 'until is after now: a restriction that has ended restricts nothing', '/until');
  if (input.person_id !== undefined && !subject.heldThere) return reject('not_in_custody', 'the person is not held at the facility visited', '/person_id');
  return [newEvent('visit.access_restricted', input.person_id ?? null, ctx.now, { ...input, decided_by: ctx.actor })];
}

/** Close a visit: its visitors then see nothing more. */
export function decideCloseVisit(visit: Visit | null, input: CloseVisit, ctx: DecisionContext & { readonly actor: string }): Decision {
  const closed = openVisitOrRejection(visit);
  if (closed) return closed;
  return [newEvent('visit.closed', null, ctx.now, { ...input, closed_by: ctx.actor })];
}

/**
 * Whether a visit gives its body's visitors the register of its facility at `now`: the body
 * accredited, the visit open, `now` within its dates, and no refusal or deferral in force.
 */
export function visitGivesAccess(body: VisitingBody, visit: Visit, now: string): boolean {
  const at = Date.parse(now);
  return (
    body.accredited &&
    visit.body_id === body.id &&
    !visit.closed &&
    Date.parse(visit.starts_at) <= at &&
    at < Date.parse(visit.ends_at) &&
    !visit.restrictions.some((r) => r.person_id === null && Date.parse(r.until) > at)
  );
}

/** The detainees withheld from a visit's visitors at `now`: a refusal or deferral of access to them alone, not yet ended. */
export function withheldFromVisit(visit: Visit, now: string): Set<string> {
  const at = Date.parse(now);
  return new Set(visit.restrictions.flatMap((r) => (r.person_id !== null && Date.parse(r.until) > at ? [r.person_id] : [])));
}

/**
 * The facility whose register a visitor bound to `body` may see at `now` through one of the
 * body's visits — null when none (outside a visit, the visitor sees nothing).
 */
export function visitorFacility(body: VisitingBody | null, visits: readonly Visit[], now: string): string | null {
  return visitorVisit(body, visits, now)?.facility_id ?? null;
}

/** The visit through which a visitor bound to `body` sees a facility's register at `now`, or null. */
export function visitorVisit(body: VisitingBody | null, visits: readonly Visit[], now: string): Visit | null {
  if (!body) return null;
  return visits.find((v) => visitGivesAccess(body, v, now)) ?? null;
}
