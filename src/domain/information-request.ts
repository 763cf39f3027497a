/**
 * A request for information about a person deprived of liberty (ICPPED 18): a relative,
 * counsel or representative asks where someone is held and on whose authority. The request
 * records who asked, their relationship (from a closed list) and how their identity was
 * checked, and the person asked about as the requester named them, in their spelling.
 *
 * Its steps: recorded (the answer is due within the configured deadline, a clock with an
 * alert window), the look-up reviewed (every candidate the identity matcher proposed for the
 * names given is reviewed and recorded, and the officer identifies one of them or none), then
 * answered — with every article 18 item computed from the register (article18-answer.ts), or
 * "not held in this register", which is refused until the look-up is recorded.
 *
 * The requester's identity is on the request only: events about the request carry no person,
 * so the person's own chain, which the facility holding them reads, never names who asked.
 */
import { responseClockStatus, type ResponseClockStatus } from './response-clock.ts';
import { checkInstant } from './case.ts';
import { filled, hoursAfter, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import type { AnswerReference, Article18Answer } from './article18-answer.ts';
import { reject } from './rejection.ts';

/** Who may ask (ICPPED 18(1): relatives, their representatives or counsel), and the authorities that ask too. */
export const requesterRelationships = [
  'spouse',
  'parent',
  'child',
  'sibling',
  'grandparent',
  'other_relative',
  'counsel',
  'representative',
  'judicial_authority',
  'visiting_body',
] as const;
export type RequesterRelationship = (typeof requesterRelationships)[number];

/** Requesters no restriction ever applies to (ICPPED 20; BP29): judges and the independent visiting body. */
export const unrestrictableRelationships = ['judicial_authority', 'visiting_body'] as const satisfies readonly RequesterRelationship[];

/** How the requester's identity was checked. */
export const identityChecks = ['national_id', 'passport', 'civil_status_record', 'bar_card', 'power_of_attorney', 'official_letter', 'known_to_office', 'other'] as const;
export type IdentityCheck = (typeof identityChecks)[number];

export interface Requester {
  readonly name: string;
  readonly relationship: RequesterRelationship;
  readonly identity_check: { readonly method: IdentityCheck; readonly reference: string };
  readonly contact: string;
}

/** The person asked about, as the requester named them: one or more names in any script. */
export interface AskedAbout {
  readonly names: readonly string[];
  readonly dob?: string;
  readonly mother_name?: string;
  readonly details?: string;
}

export interface RecordInformationRequest {
  readonly requester: Requester;
  readonly asked_about: AskedAbout;
  readonly received_at: string;
}

export const requestStatuses = ['awaiting_lookup', 'lookup_reviewed', 'answered'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export interface LookupReview {
  readonly candidates: readonly { readonly person_id: string; readonly score: number }[];
  readonly reviewed: readonly string[];
  readonly identified: string | null;
  readonly note: string;
  readonly reviewed_by: string;
  readonly reviewed_at: string;
}

export interface InformationRequest {
  readonly id: string;
  readonly status: RequestStatus;
  readonly requester: Requester;
  readonly asked_about: AskedAbout;
  readonly received_at: string;
  readonly due_at: string;
  readonly recorded_by: string;
  readonly lookup: LookupReview | null;
  readonly answer: GivenAnswer | null;
}

/**
 * An answer given. The register keeps it by reference (`reference`: what recomputes it, and its
 * hash); a reader recomputes `answer` from the log (store/information-requests.ts answerOf).
 * Answers given before answers were kept by reference carry `answer` in their event.
 */
export interface GivenAnswer {
  readonly person_id: string | null;
  readonly reference: AnswerReference | null;
  readonly answer?: Article18Answer | null;
  readonly answered_by: string;
  readonly answered_at: string;
}

/** The deadline as a clock (CLOCKS.md's statuses): running, due_soon, met, met_late, breached. */
export function answerClock(r: Pick<InformationRequest, 'due_at' | 'answer'>, now: string, alertHours: number): { status: ResponseClockStatus; due: string } {
  return { status: responseClockStatus(r.due_at, r.answer?.answered_at ?? null, now, alertHours), due: r.due_at };
}

/** Record a request; its answer is due `deadlines.informationAnswerHours` after it was received (configurable). */
export function decideRecordRequest(input: RecordInformationRequest, ctx: DecisionContext & { readonly actor: string }): Decision {
  const { requester, asked_about } = input;
  if (!filled(requester.name)) return reject('invalid_value', 'the requester’s name is required', '/requester/name');
  if (!(requesterRelationships as readonly string[]).includes(requester.relationship)) {
    return reject('invalid_value', `relationship is one of: ${requesterRelationships.join(', ')}`, '/requester/relationship');
  }
  if (!(identityChecks as readonly string[]).includes(requester.identity_check.method)) {
    return reject('invalid_value', `the identity check is one of: ${identityChecks.join(', ')}`, '/requester/identity_check/method');
  }
  if (!filled(requester.identity_check.reference)) return reject('invalid_value', 'say what was checked (a document number, the letter’s reference…)', '/requester/identity_check/reference');
  const names = asked_about.names.map((n) => n.trim()).filter(Boolean);
  if (!names.length) return reject('invalid_value', 'give at least one name of the person asked about, as the requester spells it', '/asked_about/names');
  const bad = checkInstant(input.received_at, '/received_at', ctx.now);
  if (bad) return bad;
  if (asked_about.dob !== undefined && !/^\d{4}(-\d{2}-\d{2})?$/.test(asked_about.dob)) {
    return reject('invalid_value', 'dob is a year or a date: 1990 or 1990-05-17', '/asked_about/dob');
  }
  return [
    newEvent('inforequest.recorded', null, input.received_at, {
      request_id: ctx.newId(),
      requester: { ...requester, name: requester.name.trim() },
      asked_about: { ...asked_about, names },
      received_at: input.received_at,
      due_at: hoursAfter(input.received_at, ctx.deadlines.informationAnswerHours),
      recorded_by: ctx.actor,
    }),
  ];
}

export interface ReviewLookup {
  /** The persons the officer looked at. */
  readonly reviewed: readonly string[];
  /** The one the request is about, among them; null: none of them. */
  readonly identified: string | null;
  readonly note: string;
}

/**
 * Record the look-up: `candidates` are those the identity matcher proposes now for every name
 * given (the command runs it); each must be among those the officer reviewed.
 */
export function decideReviewLookup(
  request: InformationRequest | null,
  candidates: readonly { person_id: string; score: number }[],
  input: ReviewLookup,
  ctx: DecisionContext & { readonly actor: string },
): Decision {
  if (!request) return reject('not_found', 'no information request with this id', '/request_id');
  if (request.status === 'answered') return reject('invalid_transition', 'this request is answered already', '/request_id');
  const missed = candidates.find((c) => !input.reviewed.includes(c.person_id));
  if (missed) return reject('lookup_not_reviewed', 'every candidate the matcher proposes for the names given must be reviewed before the look-up is recorded', '/reviewed');
  if (input.identified !== null && !input.reviewed.includes(input.identified)) {
    return reject('invalid_value', 'the person identified must be one of those reviewed', '/identified');
  }
  return [
    newEvent('inforequest.lookup_reviewed', null, ctx.now, {
      request_id: request.id,
      candidates: candidates.map((c) => ({ person_id: c.person_id, score: c.score })),
      reviewed: [...new Set(input.reviewed)],
      identified: input.identified,
      note: input.note.trim(),
      reviewed_by: ctx.actor,
    }),
  ];
}

/**
 * Answer the request: with the answer computed from the register for the person identified
 * (on that person's chain, without the requester), or "not held in this register" — only once
 * the look-up, with the candidates reviewed, is recorded.
 */
export function decideAnswerRequest(request: InformationRequest | null, computed: AnswerReference | null, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!request) return reject('not_found', 'no information request with this id', '/request_id');
  if (request.status === 'answered') return reject('invalid_transition', 'this request is answered already', '/request_id');
  if (!request.lookup) return reject('lookup_not_reviewed', 'record the candidates reviewed in the look-up before answering (even to say the person is not held here)', '/request_id');
  const personId = request.lookup.identified;
  if (personId !== null && !computed) return reject('not_found', 'the person identified is no longer on the register', '/request_id');
  return [
    newEvent('inforequest.answered', personId, ctx.now, {
      request_id: request.id,
      person_id: personId,
      reference: personId === null ? null : computed,
      answered_by: ctx.actor,
    }),
  ];
}

export type InformationRequestEvent =
  | { kind: 'inforequest.recorded'; occurred_at: string; data: EventData['inforequest.recorded'] }
  | { kind: 'inforequest.lookup_reviewed'; occurred_at: string; data: EventData['inforequest.lookup_reviewed'] }
  | { kind: 'inforequest.answered'; occurred_at: string; data: EventData['inforequest.answered'] };

/** What each event does to a request. */
export function evolveRequest(r: InformationRequest | null, e: InformationRequestEvent): InformationRequest {
  if (e.kind === 'inforequest.recorded') {
    const d = e.data;
    return { id: d.request_id, status: 'awaiting_lookup', requester: d.requester, asked_about: d.asked_about, received_at: d.received_at, due_at: d.due_at, recorded_by: d.recorded_by, lookup: null, answer: null };
  }
  if (!r) throw new Error(`${e.kind} for a request not recorded`);
  if (e.kind === 'inforequest.lookup_reviewed') {
    const d = e.data;
    return { ...r, status: 'lookup_reviewed', lookup: { candidates: d.candidates, reviewed: d.reviewed, identified: d.identified, note: d.note, reviewed_by: d.reviewed_by, reviewed_at: e.occurred_at } };
  }
  const d = e.data;
  const legacy = d.answer !== undefined ? { answer: d.answer } : {};
  return { ...r, status: 'answered', answer: { person_id: d.person_id, reference: d.reference ?? null, ...legacy, answered_by: d.answered_by, answered_at: e.occurred_at } };
}
