/**
 * Segregation (MR44, MR8(c,e)): a period in which a person is held apart from the others, at
 * the facility that holds them, for a reason, authorised by a named official. One period is
 * open at a time; it is started and ended by events on the person's chain, and the clock of
 * CLOCKS.md (`segregation`, 15 days) runs from its start.
 */
import { checkHeldAt, checkInstant, type CustodyStay } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import type { Person } from './person.ts';
import { reject } from './rejection.ts';

export const segregationActions = ['start', 'end'] as const;
export type SegregationAction = (typeof segregationActions)[number];

export interface RecordSegregation {
  readonly person_id: string;
  readonly action: SegregationAction;
  readonly at: string;
  readonly reason: string;
  readonly authorised_by: string;
}

export interface SegregationSubject {
  readonly person: Person | null;
  readonly stay: CustodyStay | null;
  /** The period that is open, if any. */
  readonly open: { readonly at: string; readonly facility_id: string } | null;
  /** When the last period that has ended ended: periods follow one another, never overlap. */
  readonly lastEnded?: string | null;
}

/** Start a period of segregation for a person held in a facility, or end the open one. */
export function decideSegregation(subject: SegregationSubject, input: RecordSegregation, ctx: DecisionContext): Decision {
  const person = subject.person;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (!(segregationActions as readonly string[]).includes(input.action)) return reject('invalid_value', `action is one of: ${segregationActions.join(', ')}`, '/action');
  const when = checkInstant(input.at, '/at', ctx.now);
  if (when) return when;
  if (!filled(input.reason)) return reject('missing_item', input.action === 'start' ? 'say why the person is segregated' : 'say why the segregation ends', '/reason');
  if (!filled(input.authorised_by)) return reject('missing_item', 'name the official who authorised it', '/authorised_by');
  const details = { at: input.at, reason: input.reason, authorised_by: input.authorised_by };
  if (input.action === 'start') {
    if (subject.open) return reject('invalid_transition', `a segregation is already open since ${subject.open.at}: end it first`, '/action');
    if (person.custody.status !== 'in_custody' || !person.custody.facility_id) return reject('not_in_custody', 'only a person held in a facility is segregated there', '/person_id');
    const held = checkHeldAt(input.at, subject.stay, '/at');
    if (held) return held;
    if (subject.lastEnded && Date.parse(input.at) < Date.parse(subject.lastEnded)) {
      return reject('invalid_value', `the last period of segregation ended ${subject.lastEnded}: a new one starts then or later, never inside it`, '/at');
    }
    return [newEvent('person.segregation_started', person.id, input.at, { ...details, facility_id: person.custody.facility_id })];
  }
  if (!subject.open) return reject('invalid_transition', 'no segregation is open for this person', '/action');
  if (Date.parse(input.at) < Date.parse(subject.open.at)) return reject('invalid_value', `the segregation cannot end before it started (${subject.open.at})`, '/at');
  return [newEvent('person.segregation_ended', person.id, input.at, { ...details, facility_id: subject.open.facility_id })];
}
