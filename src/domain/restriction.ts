/**
 * Restrictions of the information a requester receives (ICPPED 20): withholding any item of an
 * article 18 answer is exceptional and lawful only with a legal basis, a judicial reference, an
 * approver who is not the official who requested it, and an expiry. A restriction never applies
 * to judges or to the independent visiting body. It lifts by itself at the instant it expires:
 * whether it is in force is computed from the time (`restrictionInForce`), never by a job.
 *
 * Refused by name, nothing written: no judicial reference (`judicial_reference_required`), no
 * expiry (`expiry_required`), approved by its requester (`same_official`), applied to judges or
 * to the visiting body (`restriction_not_applicable`).
 */
import { checkInstant } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import { requesterRelationships, unrestrictableRelationships, type RequesterRelationship } from './information-request.ts';
import type { Person } from './person.ts';
import { reject } from './rejection.ts';

/** The items of an article 18 answer (ICPPED 18(1)(a)–(g)). */
export const article18Items = ['ordering_authority', 'detention_began', 'admission', 'supervising_authority', 'whereabouts', 'release', 'health', 'death'] as const;
export type Article18Item = (typeof article18Items)[number];

export interface RequestRestriction {
  readonly person_id: string;
  readonly items: readonly Article18Item[];
  readonly legal_basis: string;
  readonly judicial_reference: string;
  /** The requesters it applies to, by relationship (never judges nor the visiting body). */
  readonly applies_to: readonly RequesterRelationship[];
  readonly expires_at: string;
}

export interface Restriction extends RequestRestriction {
  readonly id: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly approved_by: string | null;
  readonly approved_at: string | null;
}

/** In force at `at`: approved, and `at` is before its expiry (at the instant of expiry it has lifted). */
export function restrictionInForce(r: Restriction, at: string): boolean {
  return r.approved_by !== null && Date.parse(at) < Date.parse(r.expires_at);
}

/** Where a restriction stands at `at`: awaiting its approval, in force, lifted at its expiry, or expired before anyone approved it. */
export const restrictionStates = ['awaiting_approval', 'in_force', 'lifted', 'expired_unapproved'] as const;
export type RestrictionState = (typeof restrictionStates)[number];

export function restrictionState(r: Restriction, at: string): RestrictionState {
  const expired = Date.parse(at) >= Date.parse(r.expires_at);
  if (r.approved_by === null) return expired ? 'expired_unapproved' : 'awaiting_approval';
  return expired ? 'lifted' : 'in_force';
}

/** The restrictions that withhold something from a requester of this relationship at `at`. */
export function restrictionsFor(all: readonly Restriction[], relationship: RequesterRelationship, at: string): Restriction[] {
  if ((unrestrictableRelationships as readonly string[]).includes(relationship)) return [];
  return all.filter((r) => restrictionInForce(r, at) && r.applies_to.includes(relationship));
}

/** Request a restriction: every condition of ICPPED 20 but the second official's approval. */
export function decideRequestRestriction(person: Person | null, input: RequestRestriction, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!person) return reject('not_found', 'no person with this id', '/person_id');
  if (!input.items.length) return reject('invalid_value', 'name at least one item to withhold', '/items');
  const unknownItem = input.items.findIndex((i) => !(article18Items as readonly string[]).includes(i));
  if (unknownItem >= 0) return reject('invalid_value', `items are among: ${article18Items.join(', ')}`, `/items/${unknownItem}`);
  if (!filled(input.legal_basis)) return reject('invalid_value', 'the legal basis (law and article) that permits withholding is required', '/legal_basis');
  if (!filled(input.judicial_reference)) return reject('judicial_reference_required', 'a restriction needs the reference of the judicial decision behind it (ICPPED 20)', '/judicial_reference');
  if (!filled(input.expires_at)) return reject('expiry_required', 'a restriction needs an expiry: it is time-limited (ICPPED 20)', '/expires_at');
  const badExpiry = checkInstant(input.expires_at, '/expires_at', ctx.now, true);
  if (badExpiry) return badExpiry;
  if (Date.parse(input.expires_at) <= Date.parse(ctx.now)) return reject('invalid_value', 'expires_at must be in the future', '/expires_at');
  if (!input.applies_to.length) return reject('invalid_value', 'name the requesters it applies to, by relationship', '/applies_to');
  for (const [i, rel] of input.applies_to.entries()) {
    if ((unrestrictableRelationships as readonly string[]).includes(rel)) {
      return reject('restriction_not_applicable', `a restriction never applies to ${rel === 'judicial_authority' ? 'judges' : 'the independent visiting body'} (ICPPED 20)`, `/applies_to/${i}`);
    }
    if (!(requesterRelationships as readonly string[]).includes(rel)) return reject('invalid_value', `applies_to lists relationships among: ${requesterRelationships.join(', ')}`, `/applies_to/${i}`);
  }
  return [
    newEvent('restriction.requested', person.id, ctx.now, {
      restriction_id: ctx.newId(),
      items: [...new Set(input.items)],
      legal_basis: input.legal_basis.trim(),
      judicial_reference: input.judicial_reference.trim(),
      applies_to: [...new Set(input.applies_to)],
      expires_at: input.expires_at,
      requested_by: ctx.actor,
    }),
  ];
}

/** Approve a restriction: by an official who did not request it, before it expires. */
export function decideApproveRestriction(restriction: Restriction | null, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!restriction) return reject('not_found', 'no restriction with this id', '/restriction_id');
  if (restriction.approved_by !== null) return reject('invalid_transition', 'this restriction is approved already', '/restriction_id');
  if (restriction.requested_by === ctx.actor) return reject('same_official', 'the official who requested a restriction may not approve it (ICPPED 20)', '/approved_by');
  if (Date.parse(ctx.now) >= Date.parse(restriction.expires_at)) return reject('invalid_transition', 'this restriction has expired', '/restriction_id');
  return [newEvent('restriction.approved', restriction.person_id, ctx.now, { restriction_id: restriction.id, approved_by: ctx.actor })];
}
