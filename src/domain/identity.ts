/**
 * One person, one entry (DESIGN 3.3): the matcher proposes, a person decides. A suspected
 * duplicate goes to a review queue; a merge makes one record an alias of another, keeping
 * every name and every event of both; a split undoes a merge. Nothing is ever merged
 * automatically.
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type NewEvent } from './events.ts';
import { checkVersion, type Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';

/** A candidate the matcher proposed for a person, with its explanation. */
export interface DuplicateCandidate {
  readonly person_id: string;
  readonly score: number;
  readonly explanation: unknown;
}

/**
 * Suspicions opened for review when a person is registered: the strongest candidates; with the
 * reason the official gave for registering a new record all the same, when they gave one.
 */
export function suspectDuplicates(personId: string, candidates: readonly DuplicateCandidate[], ctx: DecisionContext, registeredDespite?: string): NewEvent[] {
  return candidates
    .filter((c) => c.person_id !== personId)
    .map((c) =>
      newEvent('person.duplicate_suspected', personId, ctx.now, { candidate_id: c.person_id, score: c.score, explanation: c.explanation, ...(filled(registeredDespite) ? { registered_despite: registeredDespite.trim() } : {}) }),
    );
}

/**
 * A person the register probably holds already is not registered again, nor admitted while the
 * question is open, unless the official says why (a new record for someone already registered
 * splits one person's custody in two; a second admission of a likely duplicate may put one body
 * in two places). `likely` lists the other records, by register number.
 */
export function checkLikelyDuplicates(likely: readonly string[], reason: string | undefined, what: 'register' | 'admit'): Rejection | null {
  if (!likely.length || filled(reason)) return null;
  const records = likely.join(', ');
  return what === 'register'
    ? reject('likely_duplicate', `this person is probably registered already (${records}): open that record, or give duplicate_reason to register a new one`, '/duplicate_reason')
    : reject('likely_duplicate', `this record may be the same person as ${records} (an open duplicate question): settle it in the review queue, or give duplicate_reason to admit all the same`, '/duplicate_reason');
}

/** States in which a record may become an alias: it must not answer for anyone's custody. */
const mergeable = new Set(['registered', 'released', 'handed_over', 'transferred_out_of_register']);

export interface MergePersons {
  readonly person_id: string;
  readonly into: string;
  readonly reason: string;
  readonly expected_version?: number;
}

/**
 * Merge `person` into `survivor`. Refused when the record to merge is in custody or in
 * transit (resolve that first: one body, one custody), when either is already an alias, or
 * when the record is frozen as evidence.
 */
export function decideMerge(person: Person | null, survivor: Person | null, input: MergePersons, ctx: DecisionContext): Decision {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (!survivor) return reject('not_found', 'no person to merge into with this id', '/into');
  if (person.id === survivor.id) return reject('invalid_value', 'a record cannot be merged into itself', '/into');
  const stale = checkVersion(person, input.expected_version);
  if (stale) return stale;
  if (person.merged_into) return reject('invalid_transition', 'this record is already merged into another; split it first', '/person_id');
  if (survivor.merged_into) return reject('invalid_transition', 'the record to merge into is itself an alias; merge into the record it points to', '/into');
  if (person.frozen) return reject('record_frozen', 'the record is frozen as evidence after a death (MR71)', '/person_id');
  if (!mergeable.has(person.custody.status)) {
    return reject('invalid_transition', `the record to merge is ${person.custody.status.replace(/_/g, ' ')}: merge the record not in custody into the one that is`, '/person_id');
  }
  if (!filled(input.reason)) return reject('missing_item', 'say why these two records are the same person', '/reason');
  return [newEvent('person.merged', person.id, ctx.now, { into: survivor.id, reason: input.reason })];
}

export interface SplitPerson {
  readonly person_id: string;
  readonly reason: string;
}

/** Undo a merge: the alias becomes a record of its own again. */
export function decideSplit(person: Person | null, input: SplitPerson, ctx: DecisionContext): Decision {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (!person.merged_into) return reject('invalid_transition', 'this record is not merged into another', '/person_id');
  if (!filled(input.reason)) return reject('missing_item', 'say why the merge was wrong', '/reason');
  return [newEvent('person.split', person.id, ctx.now, { from: person.merged_into, reason: input.reason })];
}

export interface DismissDuplicate {
  readonly person_id: string;
  readonly candidate_id: string;
  readonly reason: string;
}

/** Close a suspicion: the two records are different people. */
export function decideDismissal(openSuspicion: boolean, input: DismissDuplicate, ctx: DecisionContext): Decision {
  if (!openSuspicion) return reject('not_found', 'no open duplicate review for these two records', '/candidate_id');
  if (!filled(input.reason)) return reject('missing_item', 'say why these are different people', '/reason');
  return [newEvent('person.duplicate_dismissed', input.person_id, ctx.now, { candidate_id: input.candidate_id, reason: input.reason })];
}
