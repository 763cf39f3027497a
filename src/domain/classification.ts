/**
 * Classification and risk assessment (MR89–94, MR8(b); STANDARDS B): a named official assesses a
 * person held in a facility — a security category and a level of risk, with the reasons — and
 * sets the date by which it is reviewed (MR94). The assessment is of risk, not of the offence's
 * label, and nothing in the register reads it to switch a safeguard off: it decides no clock,
 * no notification and no access (UNODC guidance on violent extremist prisoners).
 *
 * The detainee may contest it: the contest is recorded with its grounds, and decided — upheld
 * or dismissed, with reasons — by an official other than the assessor (`same_official`
 * otherwise). An upheld contest sets the assessment aside: a new one is due at once. A new
 * assessment supersedes the current one. The review is a clock of response-clock.ts: due at
 * `review_due` (or at the instant the assessment was set aside), met by the next assessment.
 */
import { checkHeldAt, checkInstant, type CustodyStay } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import { responseClockStatus, type ResponseClockStatus } from './response-clock.ts';

export const securityCategories = ['minimum', 'medium', 'maximum'] as const;
export type SecurityCategory = (typeof securityCategories)[number];

export const riskLevels = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/** Who contests: the detainee, or counsel on their behalf. */
export const contestants = ['detainee', 'counsel'] as const;
export type Contestant = (typeof contestants)[number];

export const contestOutcomes = ['upheld', 'dismissed'] as const;
export type ContestOutcome = (typeof contestOutcomes)[number];

export const classificationStatuses = ['current', 'superseded', 'set_aside'] as const;
export type ClassificationStatus = (typeof classificationStatuses)[number];

export interface ClassificationContest {
  readonly contestant: Contestant;
  readonly grounds: string;
  readonly lodged_at: string;
  readonly recorded_by: string;
  readonly decision: { readonly outcome: ContestOutcome; readonly reasons: string; readonly decided_at: string; readonly decided_by: string } | null;
}

export interface Classification {
  readonly id: string;
  readonly person_id: string;
  readonly facility_id: string;
  readonly category: SecurityCategory;
  readonly risk: RiskLevel;
  readonly reasons: string;
  readonly assessed_at: string;
  readonly assessed_by: string;
  readonly review_due: string;
  readonly status: ClassificationStatus;
  /** When the next assessment superseded this one (the review clock is met then). */
  readonly superseded_at: string | null;
  readonly contest: ClassificationContest | null;
}

type Ctx = DecisionContext & { readonly actor: string };

function oneOf<T extends string>(values: readonly T[], value: string, field: string): Rejection | null {
  return (values as readonly string[]).includes(value) ? null : reject('invalid_value', `${field.slice(1)} is one of: ${values.join(', ')}`, field);
}

export interface AssessClassification {
  readonly person_id: string;
  readonly category: SecurityCategory;
  readonly risk: RiskLevel;
  readonly reasons: string;
  readonly assessed_at: string;
  readonly review_due: string;
}

export interface AssessSubject {
  readonly person: Person | null;
  readonly stay: CustodyStay | null;
  /** The person's latest assessment not yet superseded — current, or set aside on contest — which a new one supersedes. */
  readonly current: Classification | null;
}

/** Assess a person held in a facility: category, risk, reasons, and the date of review. */
export function decideAssessClassification(subject: AssessSubject, input: AssessClassification, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.custody.status !== 'in_custody' || !person.custody.facility_id) return reject('not_in_custody', 'only a person held in a facility is classified there', '/person_id');
  const bad =
    oneOf(securityCategories, input.category, '/category') ??
    oneOf(riskLevels, input.risk, '/risk') ??
    (filled(input.reasons) ? null : reject('missing_item', 'give the reasons of the assessment: the risk the person presents, not the label of the offence', '/reasons')) ??
    checkInstant(input.assessed_at, '/assessed_at', ctx.now) ??
    checkHeldAt(input.assessed_at, subject.stay, '/assessed_at') ??
    checkInstant(input.review_due, '/review_due', ctx.now, true);
  if (bad) return bad;
  if (Date.parse(input.review_due) <= Date.parse(input.assessed_at)) return reject('invalid_value', 'the review is due after the assessment (MR94)', '/review_due');
  if (subject.current && Date.parse(input.assessed_at) < Date.parse(subject.current.assessed_at)) {
    return reject('invalid_value', `the current assessment was made ${subject.current.assessed_at}: a new one comes then or later`, '/assessed_at');
  }
  return [
    newEvent('classification.assessed', person.id, input.assessed_at, {
      classification_id: ctx.newId(),
      facility_id: person.custody.facility_id,
      category: input.category,
      risk: input.risk,
      reasons: input.reasons.trim(),
      assessed_at: input.assessed_at,
      assessed_by: ctx.actor,
      review_due: input.review_due,
      supersedes: subject.current?.id ?? null,
    }),
  ];
}

export interface ContestClassification {
  readonly person_id: string;
  readonly classification_id: string;
  readonly contestant: Contestant;
  readonly grounds: string;
  readonly lodged_at: string;
}

/** The detainee (or counsel) contests an assessment, with the grounds. */
export function decideContestClassification(c: Classification | null, input: ContestClassification, ctx: Ctx): Decision {
  if (!c || c.person_id !== input.person_id) return reject('not_found', 'no assessment with this id for this person', '/classification_id');
  if (c.status !== 'current') return reject('invalid_transition', `this assessment is ${c.status.replace('_', ' ')}: contest the current one`, '/classification_id');
  if (c.contest) return reject('invalid_transition', `this assessment was contested on ${c.contest.lodged_at}`, '/classification_id');
  const bad =
    oneOf(contestants, input.contestant, '/contestant') ??
    (filled(input.grounds) ? null : reject('missing_item', 'record the grounds of the contest, in the words given', '/grounds')) ??
    checkInstant(input.lodged_at, '/lodged_at', ctx.now);
  if (bad) return bad;
  if (Date.parse(input.lodged_at) < Date.parse(c.assessed_at)) return reject('invalid_value', `the contest cannot come before the assessment (${c.assessed_at})`, '/lodged_at');
  return [newEvent('classification.contested', c.person_id, input.lodged_at, { classification_id: c.id, contestant: input.contestant, grounds: input.grounds.trim(), lodged_at: input.lodged_at, recorded_by: ctx.actor })];
}

export interface DecideContest {
  readonly person_id: string;
  readonly classification_id: string;
  readonly outcome: ContestOutcome;
  readonly reasons: string;
  readonly decided_at: string;
}

/** Decide a contest: never by the official who made the assessment. */
export function decideClassificationContest(c: Classification | null, input: DecideContest, ctx: Ctx): Decision {
  if (!c || c.person_id !== input.person_id) return reject('not_found', 'no assessment with this id for this person', '/classification_id');
  if (!c.contest) return reject('invalid_transition', 'this assessment has not been contested', '/classification_id');
  if (c.contest.decision) return reject('invalid_transition', `the contest was decided on ${c.contest.decision.decided_at}`, '/classification_id');
  if (ctx.actor === c.assessed_by) return reject('same_official', 'the official who made the assessment cannot decide its contest: another official decides it', '/classification_id');
  const bad =
    oneOf(contestOutcomes, input.outcome, '/outcome') ??
    (filled(input.reasons) ? null : reject('missing_item', 'give the reasons of the decision', '/reasons')) ??
    checkInstant(input.decided_at, '/decided_at', ctx.now);
  if (bad) return bad;
  if (Date.parse(input.decided_at) < Date.parse(c.contest.lodged_at)) return reject('invalid_value', `the decision cannot come before the contest (${c.contest.lodged_at})`, '/decided_at');
  return [newEvent('classification.contest_decided', c.person_id, input.decided_at, { classification_id: c.id, outcome: input.outcome, reasons: input.reasons.trim(), decided_at: input.decided_at, decided_by: ctx.actor })];
}

export type ClassificationEventKind = Extract<keyof EventData, `classification.${string}`>;

/** The assessment after one of its own events (`classification.assessed` makes it from nothing). */
export function evolveClassification(c: Classification | null, e: { readonly kind: ClassificationEventKind; readonly person_id: string | null; readonly data: EventData[ClassificationEventKind] }): Classification {
  if (e.kind === 'classification.assessed') {
    const d = e.data as EventData['classification.assessed'];
    return {
      id: d.classification_id,
      person_id: e.person_id!,
      facility_id: d.facility_id,
      category: d.category,
      risk: d.risk,
      reasons: d.reasons,
      assessed_at: d.assessed_at,
      assessed_by: d.assessed_by,
      review_due: d.review_due,
      status: 'current',
      superseded_at: null,
      contest: null,
    };
  }
  if (e.kind === 'classification.contested') {
    const d = e.data as EventData['classification.contested'];
    return { ...c!, contest: { contestant: d.contestant, grounds: d.grounds, lodged_at: d.lodged_at, recorded_by: d.recorded_by, decision: null } };
  }
  const d = e.data as EventData['classification.contest_decided'];
  const decision = { outcome: d.outcome, reasons: d.reasons, decided_at: d.decided_at, decided_by: d.decided_by };
  return { ...c!, status: d.outcome === 'upheld' && c!.status === 'current' ? 'set_aside' : c!.status, contest: { ...c!.contest!, decision } };
}

/** The assessment once a newer one supersedes it at `at`. */
export function supersede(c: Classification, at: string): Classification {
  return { ...c, status: c.status === 'current' ? 'superseded' : c.status, superseded_at: at };
}

/**
 * The review clock of an assessment at `now` (response-clock.ts): due at its review date, or at
 * once when a contest set it aside; met when a newer assessment superseded it.
 */
export function classificationReviewClock(c: Classification, now: string, alertHours: number): { readonly status: ResponseClockStatus; readonly due: string } {
  const due = reviewDue(c);
  return { status: responseClockStatus(due, c.superseded_at, now, alertHours), due };
}

/** When an assessment's review is due: its review date, or the instant a contest upheld set it aside, if earlier. */
export function reviewDue(c: Classification): string {
  const setAsideAt = c.contest?.decision?.outcome === 'upheld' ? c.contest.decision.decided_at : null;
  return setAsideAt !== null && Date.parse(setAsideAt) < Date.parse(c.review_due) ? setAsideAt : c.review_due;
}
