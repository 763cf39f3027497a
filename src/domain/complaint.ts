/**
 * Requests and complaints (MR56–57): made by the detainee or on their behalf (counsel, a
 * relative, a representative), recorded with what was asked, when it was received, and the
 * limit by which it must be answered (response-clock.ts); answered once, with the answer and
 * who gave it. A complaint that alleges torture or ill-treatment also opens, in the same
 * command, the independent referral of allegation.ts: the facility does not sit on it.
 *
 * `decideLodgeComplaint` and `decideAnswerComplaint` decide; `evolveComplaint` folds a
 * complaint's events (the projection keeps the complaint as it folds: store/complaints.ts).
 */
import { checkInstant } from './case.ts';
import { filled, hoursAfter, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData, type NewEvent } from './events.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import type { ResponseClockRules } from './response-clock.ts';
import { allegationEvent, independentRole, type AllegationSource } from './allegation.ts';
import type { SealedText } from './sealed-text.ts';

export const complaintNatures = ['request', 'complaint'] as const;
export type ComplaintNature = (typeof complaintNatures)[number];

/** Who brought it: the detainee, or someone on their behalf (MR56(1), MR57(1)). */
export const complainants = ['detainee', 'counsel', 'relative', 'representative'] as const;
export type Complainant = (typeof complainants)[number];

/** What it is about. */
export const complaintSubjects = ['conditions', 'health', 'food', 'contact_with_family', 'legal_process', 'property', 'treatment_by_staff', 'other'] as const;
export type ComplaintSubject = (typeof complaintSubjects)[number];

/** Where a complaint's answer stands now: awaited within its limit, overdue, answered in time, answered late (its clock: response-clock.ts). */
export const complaintStandings = ['awaiting', 'overdue', 'answered', 'answered_late'] as const;
export type ComplaintStanding = (typeof complaintStandings)[number];

export interface Complaint {
  readonly id: string;
  readonly person_id: string;
  readonly nature: ComplaintNature;
  readonly complainant: Complainant;
  /** The name of whoever brought it on the detainee's behalf (null when the detainee did). */
  readonly complainant_name: string | null;
  readonly subject: ComplaintSubject;
  /** The words given; null for a confidential complaint's until the independent authority opens them (sealed-text.ts). */
  readonly text: string | null;
  /** The seal of a confidential complaint's words, which its event holds in their place. */
  readonly text_sha256: string | null;
  readonly received_at: string;
  readonly due_at: string;
  readonly recorded_by: string;
  /** The allegation the complaint opened, if it alleged ill-treatment. */
  readonly allegation_id: string | null;
  /** Confidential (MR56(3)): only the independent authority reads it (complaintReadableBy), records its answer, and opens its words. */
  readonly confidential: boolean;
  /** The answer given; its words sealed, like the complaint's, when the complaint is confidential. */
  readonly answer: { readonly text: string | null; readonly text_sha256: string | null; readonly answered_at: string; readonly answered_by: string } | null;
}

export interface LodgeComplaint {
  readonly person_id: string;
  readonly nature: ComplaintNature;
  readonly complainant: Complainant;
  readonly complainant_name?: string;
  readonly subject: ComplaintSubject;
  readonly text: string;
  readonly received_at: string;
  /** The complaint alleges torture or ill-treatment: the independent referral opens with it. */
  readonly alleges_ill_treatment?: boolean;
  /** Confidential (MR56(3)): the facility's staff never read it; only the independent authority does. */
  readonly confidential?: boolean;
}

/**
 * Whether a reader may see a complaint: a confidential one (MR56(3)) only a reader who holds the
 * independent authority's reading (`oversight.read`), never the staff of the facility.
 */
export function complaintReadableBy(c: Pick<Complaint, 'confidential'>, independent: boolean): boolean {
  return !c.confidential || independent;
}

export interface LodgeSubject {
  readonly person: Person | null;
  readonly rules: ResponseClockRules;
  /** The seal of the words of a confidential complaint (its command seals them: sealed-text.ts); null otherwise. */
  readonly sealed: SealedText | null;
}

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

function oneOf<T extends string>(values: readonly T[], value: string, field: string): Rejection | null {
  return (values as readonly string[]).includes(value) ? null : reject('invalid_value', `${field.slice(1)} is one of: ${values.join(', ')}`, field);
}

/** Record a request or complaint, with its answer's deadline (and the independent referral when it alleges ill-treatment). */
export function decideLodgeComplaint(subject: LodgeSubject, input: LodgeComplaint, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; record it on that record`, '/person_id');
  const bad =
    oneOf(complaintNatures, input.nature, '/nature') ??
    oneOf(complainants, input.complainant, '/complainant') ??
    oneOf(complaintSubjects, input.subject, '/subject') ??
    (filled(input.text) ? null : reject('missing_item', 'record what was asked or complained of, in the words given', '/text')) ??
    checkInstant(input.received_at, '/received_at', ctx.now);
  if (bad) return bad;
  if (input.complainant !== 'detainee' && !filled(input.complainant_name)) return reject('missing_item', 'name who brought it on the detainee’s behalf', '/complainant_name');
  if (input.complainant === 'detainee' && filled(input.complainant_name)) return reject('invalid_value', 'a complaint by the detainee names nobody else as its author; leave complainant_name out', '/complainant_name');
  if (input.confidential && !subject.sealed) throw new Error('a confidential complaint is recorded with the seal of its words (sealed-text.ts)');
  const sealed = input.confidential ? subject.sealed : null;
  const complaintId = ctx.newId();
  const allegationId = input.alleges_ill_treatment ? ctx.newId() : null;
  const events: NewEvent[] = [
    newEvent('complaint.lodged', person.id, input.received_at, {
      complaint_id: complaintId,
      nature: input.nature,
      complainant: input.complainant,
      complainant_name: input.complainant === 'detainee' ? null : input.complainant_name!.trim(),
      subject: input.subject,
      // A confidential complaint's words stay out of the log, which holds their seal (MR56(3)).
      ...(sealed ? { text_sha256: sealed.sha256 } : { text: input.text.trim() }),
      received_at: input.received_at,
      due_at: hoursAfter(input.received_at, subject.rules.complaintAnswerHours),
      recorded_by: ctx.actor,
      allegation_id: allegationId,
      ...(input.confidential ? { confidential: true } : {}),
    }),
  ];
  if (allegationId) {
    // Every complainant is a source an allegation may be heard from (allegation.ts); its account is the complaint's words, sealed alike.
    const source: AllegationSource = input.complainant;
    events.push(allegationEvent(person.id, allegationId, { heard_from: source, account: sealed ?? input.text.trim(), heard_at: input.received_at, complaint_id: complaintId }, subject.rules, ctx));
  }
  return events;
}

export interface AnswerComplaint {
  readonly complaint_id: string;
  readonly answer: string;
  readonly answered_at: string;
}

export interface AnswerSubject {
  readonly complaint: Complaint | null;
  /** The seal of the answer's words when the complaint is confidential (its command seals them); null otherwise. */
  readonly sealed: SealedText | null;
}

/** Answer a request or complaint, once; a confidential one only the independent authority answers (MR56(3)). */
export function decideAnswerComplaint(subject: AnswerSubject, input: AnswerComplaint, ctx: Ctx): Decision {
  const { complaint } = subject;
  if (!complaint) return reject('not_found', 'no request or complaint with this id', '/complaint_id');
  if (complaint.confidential && ctx.role !== independentRole) {
    return reject('independent_authority_only', `this ${complaint.nature} is confidential (MR56(3)): the authority independent of the facility answers it, not the facility's officials`, '/complaint_id');
  }
  if (complaint.answer) return reject('invalid_transition', `this ${complaint.nature} was answered on ${complaint.answer.answered_at}`, '/complaint_id');
  const bad = (filled(input.answer) ? null : reject('missing_item', 'give the answer as it was given to the detainee', '/answer')) ?? checkInstant(input.answered_at, '/answered_at', ctx.now);
  if (bad) return bad;
  if (Date.parse(input.answered_at) < Date.parse(complaint.received_at)) return reject('invalid_value', `the answer cannot come before the ${complaint.nature} was received (${complaint.received_at})`, '/answered_at');
  if (complaint.confidential && !subject.sealed) throw new Error('a confidential complaint is answered with the seal of the answer (sealed-text.ts)');
  const words = complaint.confidential ? { answer_sha256: subject.sealed!.sha256 } : { answer: input.answer.trim() };
  return [newEvent('complaint.answered', complaint.person_id, input.answered_at, { complaint_id: complaint.id, ...words, answered_at: input.answered_at, answered_by: ctx.actor })];
}

export type ComplaintEventKind = Extract<keyof EventData, `complaint.${string}`>;

/** The complaint after one of its events (`complaint.lodged` makes it from nothing). */
export function evolveComplaint(c: Complaint | null, e: { readonly kind: ComplaintEventKind; readonly person_id: string | null; readonly data: EventData[ComplaintEventKind] }): Complaint {
  if (e.kind === 'complaint.lodged') {
    const d = e.data as EventData['complaint.lodged'];
    return {
      id: d.complaint_id,
      person_id: e.person_id!,
      nature: d.nature,
      complainant: d.complainant,
      complainant_name: d.complainant_name,
      subject: d.subject,
      text: d.text ?? null,
      text_sha256: d.text_sha256 ?? null,
      received_at: d.received_at,
      due_at: d.due_at,
      recorded_by: d.recorded_by,
      allegation_id: d.allegation_id,
      confidential: d.confidential === true,
      answer: null,
    };
  }
  const d = e.data as EventData['complaint.answered'];
  return { ...c!, answer: { text: d.answer ?? null, text_sha256: d.answer_sha256 ?? null, answered_at: d.answered_at, answered_by: d.answered_by } };
}
