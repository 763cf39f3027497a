/**
 * A person's way home (issue 15): the repatriation case, one per person at a time, from the
 * person identified as a national of a state, through the request to that state and its
 * answer, the nationality confirmed, the individual safeguards assessment (STANDARDS C), its
 * review by a second official who did not assess, to the decision — approved with the
 * assurances and the dates of the contacts after the return recorded, refused with reasons, or
 * suspended — the return, the follow-up after it, and the case closed. The person may refuse
 * return and the state may withdraw its acceptance; both are recorded. A request awaiting the
 * state's answer runs a reminder clock (repatriation-reminder.ts). Travel is a transfer to the
 * state through the two-sided handover (repatriation-travel.ts): the state's confirmation at
 * check-in makes the case `returned`, and opens the contacts the decision set; once each is made
 * (repatriation-follow-up.ts) the case is `followed_up`. Families (repatriation-family.ts): a
 * case names its family group; a parent's return that would leave a child behind, and the
 * closing of an unaccompanied child's case without a guardian, are refused.
 *
 * `repatriationTransitions` lists, for each state of a case, the states it may move to; a
 * move not listed is an `invalid_transition`. An approval the law forbids is refused with its
 * own code and nothing is written: no safeguards assessment (`safeguards_required`), no review
 * (`review_required`), the assessor reviewing or approving (`same_official`), a case open
 * before an Iraqi court without that court's decision permitting travel (`court_blocker`,
 * never bypassed), a real risk of torture, persecution or a flagrantly unfair trial
 * (`refoulement_risk`), a death penalty in that state without an assurance against it
 * (`assurance_required`), a minor without a best-interests assessment (`best_interests_required`:
 * repatriation-family.ts), a parent whose child would be left behind (`would_separate_child`), no
 * contact set after the return (`follow_up_required`). A returned person's case is closed only
 * once every contact is made, or with the reason they will not be (`follow_up_pending`).
 *
 * `decideRepatriation(subject, command, ctx)` decides every step of an open case;
 * `evolveRepatriation(case, event)` is what each event does to a case (the projection keeps
 * the case as it folds: store/repatriations.ts).
 */
import { checkInstant, checkJudge, type CourtCase } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData, type NewEvent } from './events.ts';
import type { Person } from './person.ts';
import { can } from './permissions.ts';
import { checkAssessment, realRisks, type RepatriationAssessment } from './repatriation-assessment.ts';
import {
  checkBestInterests,
  checkFamily,
  checkGuardian,
  childLeftBehind,
  isMinorOn,
  isUnaccompanied,
  type BestInterests,
  type FamilyMember,
  type FamilyMembership,
  type FamilyRole,
  type Guardian,
  type NamedChild,
} from './repatriation-family.ts';
import { checkFollowUpContact, checkFollowUpSchedule, pendingFollowUps, scheduleOf, type FollowUpContact, type FollowUpContactInput, type FollowUpDue, type ScheduledFollowUp } from './repatriation-follow-up.ts';
import { clockOfRequest, reminderTasks, type StateAnswerClock, type StateAnswerRules } from './repatriation-reminder.ts';
import { defaultResponseClockRules } from './response-clock.ts';
import { reject, type Rejection } from './rejection.ts';
import { checkForeignState, type StateProfile } from './state-profile.ts';
import { localDay } from './local-day.ts';

export const repatriationStatuses = [
  'identified',
  'request_sent',
  'accepted',
  'declined',
  'verification_requested',
  'no_answer',
  'acceptance_withdrawn',
  'nationality_confirmed',
  'safeguards_assessed',
  'reviewed',
  'approved',
  'refused',
  'suspended',
  'person_refused',
  'returned',
  'followed_up',
  'closed',
] as const;
export type RepatriationStatus = (typeof repatriationStatuses)[number];

/** The state's answer to a request. */
export const stateAnswers = ['accepted', 'declined', 'verification_requested', 'no_answer'] as const;
export type StateAnswer = (typeof stateAnswers)[number];

export const requestChannels = ['diplomatic_note', 'embassy', 'liaison_officer', 'international_organisation', 'other'] as const;
export type RequestChannel = (typeof requestChannels)[number];

/** How a nationality was confirmed. */
export const nationalityEvidence = ['state_confirmation', 'identity_document', 'interview'] as const;
export type NationalityEvidence = (typeof nationalityEvidence)[number];

export const reviewOutcomes = ['concurs', 'returned'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

export const repatriationOutcomes = ['approved', 'refused', 'suspended'] as const;
export type RepatriationOutcome = (typeof repatriationOutcomes)[number];

export const assuranceSubjects = ['death_penalty', 'torture', 'fair_trial', 'detention_conditions', 'consular_access', 'monitoring', 'other'] as const;
export type AssuranceSubject = (typeof assuranceSubjects)[number];

/** An assurance the state gave: against what, in whose name, when, and where it is written. */
export interface Assurance {
  readonly against: AssuranceSubject;
  readonly text: string;
  readonly given_by: string;
  readonly given_at: string;
  readonly reference: string;
}

/**
 * Where each state may go. `person_refused` (the person refuses return) and `closed` are
 * reachable from every open state where they make sense: a case refused by the decision
 * can only be closed, a closed case goes nowhere.
 */
export const repatriationTransitions: Readonly<Record<RepatriationStatus, readonly RepatriationStatus[]>> = {
  identified: ['request_sent', 'person_refused', 'closed'],
  request_sent: ['accepted', 'declined', 'verification_requested', 'no_answer', 'person_refused', 'closed'],
  // A request answered "no answer" may still be answered late, or sent again as a reminder.
  no_answer: ['request_sent', 'accepted', 'declined', 'verification_requested', 'person_refused', 'closed'],
  // The state asks for verification: the register sends what it holds, as a new request.
  verification_requested: ['request_sent', 'person_refused', 'closed'],
  declined: ['request_sent', 'person_refused', 'closed'],
  acceptance_withdrawn: ['request_sent', 'person_refused', 'closed'],
  accepted: ['nationality_confirmed', 'acceptance_withdrawn', 'person_refused', 'closed'],
  nationality_confirmed: ['safeguards_assessed', 'acceptance_withdrawn', 'person_refused', 'closed'],
  // A review that does not concur returns the case for a new assessment.
  safeguards_assessed: ['reviewed', 'nationality_confirmed', 'acceptance_withdrawn', 'person_refused', 'closed'],
  reviewed: ['approved', 'refused', 'suspended', 'acceptance_withdrawn', 'person_refused', 'closed'],
  suspended: ['approved', 'refused', 'acceptance_withdrawn', 'person_refused', 'closed'],
  // The journey home is a transfer to the state: its check-in there (the state's confirmation) returns the person.
  approved: ['returned', 'acceptance_withdrawn', 'person_refused', 'closed'],
  // After the return, the contacts the decision set: closed once all are made, or with the reason they will not be.
  returned: ['followed_up', 'closed'],
  followed_up: ['closed'],
  refused: ['closed'],
  person_refused: ['closed'],
  closed: [],
};

/** A decision of an Iraqi court that the person may travel although their case there is open. */
export interface CourtPermission {
  readonly court_case_id: string;
  readonly reference: string;
  readonly judge: string;
  readonly issued_at: string;
}

/** A repatriation case as the decisions see it (and as the projection keeps it). */
export interface RepatriationCase {
  readonly id: string;
  readonly person_id: string;
  /** The state of nationality the person would return to (ISO 3166-1 alpha-2). */
  readonly state: string;
  readonly status: RepatriationStatus;
  readonly opened_at: string;
  readonly opened_by: string;
  readonly reason: string;
  /** The latest request sent, and how many were sent in all. */
  readonly request: { readonly sent_at: string; readonly channel: RequestChannel; readonly reference: string } | null;
  readonly requests_sent: number;
  /** The reminder clock of the latest request (null before any, or for one recorded before the clock existed). */
  readonly answer_clock: StateAnswerClock | null;
  readonly answer: { readonly answer: StateAnswer; readonly answered_at: string; readonly reference: string | null } | null;
  readonly nationality: { readonly confirmed_at: string; readonly evidence: NationalityEvidence; readonly reference: string; readonly confirmed_by: string } | null;
  /** The assessment standing: cleared when a review returns it or the state withdraws its acceptance. */
  readonly assessment: (RepatriationAssessment & { readonly assessed_by: string }) | null;
  readonly review: { readonly outcome: 'concurs'; readonly notes: string; readonly reviewed_by: string } | null;
  readonly decision: {
    readonly outcome: RepatriationOutcome;
    readonly assurances: readonly Assurance[];
    readonly reasons: string | null;
    readonly decided_by: string;
    /** With an approval: the contacts after the return it set. */
    readonly follow_ups: readonly FollowUpDue[];
  } | null;
  readonly court_permissions: readonly CourtPermission[];
  readonly person_refusal: { readonly refused_at: string; readonly statement: string } | null;
  readonly withdrawal: { readonly withdrawn_at: string; readonly reference: string; readonly note: string } | null;
  readonly closed: { readonly reason: string; readonly closed_by: string; readonly follow_up_waiver: string | null } | null;
  /** The handover to the state that carried the return out (absent from cases recorded before it existed). */
  readonly returned?: { readonly returned_at: string; readonly transfer_id: string; readonly receiving_authority: string; readonly receiving_official: string; readonly receipt_reference: string } | null;
  /** A minor's best-interests assessment (absent from cases recorded before it existed: as null). */
  readonly best_interests?: (BestInterests & { readonly recorded_by: string }) | null;
  /** The contacts after the return, as the return scheduled them (empty before it). */
  readonly follow_ups: readonly ScheduledFollowUp[];
  /** Every contact recorded after the return, in order; `made`: the due date of the contact it made. */
  readonly contacts: readonly (FollowUpContact & { readonly made: string | null; readonly recorded_by: string })[];
  readonly family: (FamilyMembership & { readonly recorded_by: string }) | null;
  readonly guardian: (Guardian & { readonly named_by: string }) | null;
}

/** The person's cases before Iraqi courts, as the approval sees them. */
export type CourtCaseOnRecord = Pick<CourtCase, 'id' | 'reference' | 'court' | 'stage'>;

/** What a decision on a repatriation case is given. */
export interface RepatriationSubject {
  readonly case: RepatriationCase | null;
  readonly person: Person | null;
  /** The profile of the case's state as it stands now (null: none recorded). */
  readonly profile: StateProfile | null;
  /** The person's cases before Iraqi courts (every stage). */
  readonly courtCases: readonly CourtCaseOnRecord[];
  /** The person's follow-up tasks still open (none, when not given): the steps answer those of the case. */
  readonly openTasks?: ReadonlySet<string>;
  /** The other members of the case's family group (none, when not given). */
  readonly members?: readonly FamilyMember[];
  /** The children a parent's case names, with their cases (none, when not given). */
  readonly namedChildren?: readonly NamedChild[];
  /** For a family to record: the persons found for the register numbers of the children given, in order (null: none found). */
  readonly childrenGiven?: readonly (string | null)[];
  /** The days of the reminder clock (the defaults of response-clock.ts, when not given). */
  readonly rules?: StateAnswerRules;
}

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

/** A case before an Iraqi court is open until it is final. */
export function isOpenCourtCase(c: CourtCaseOnRecord): boolean {
  return c.stage !== 'final';
}

/**
 * What stands between the case and the person's travel: every open case before an Iraqi
 * court without a decision of that court, recorded on this repatriation, permitting travel.
 */
export function courtBlockers(subject: Pick<RepatriationSubject, 'courtCases'> & { readonly case: Pick<RepatriationCase, 'court_permissions'> | null }): CourtCaseOnRecord[] {
  const permitted = new Set((subject.case?.court_permissions ?? []).map((p) => p.court_case_id));
  return subject.courtCases.filter((c) => isOpenCourtCase(c) && !permitted.has(c.id));
}

function checkMove(from: RepatriationStatus, to: RepatriationStatus, field = '/case_id'): Rejection | null {
  if (repatriationTransitions[from].includes(to)) return null;
  return reject('invalid_transition', `a repatriation case ${from.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}`, field);
}

function checkText(value: string | null | undefined, field: string, what: string): Rejection | null {
  return filled(value) ? null : reject('missing_item', what, field);
}

// ---------------------------------------------------------------- opening

export interface OpenRepatriation {
  readonly person_id: string;
  readonly state: string;
  /** Why the person is identified for return (e.g. "national of FR, held since the 2026 transfer"). */
  readonly reason: string;
}

export interface OpenSubject {
  readonly person: Person | null;
  readonly profile: StateProfile | null;
  /** The person's repatriation case still open, if any. */
  readonly openCaseId: string | null;
}

/** Open a repatriation case: a person identified as a national of a state whose profile is on record. */
export function decideOpenRepatriation(subject: OpenSubject, input: OpenRepatriation, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; open the case on that record`, '/person_id');
  if (person.frozen) return reject('record_frozen', 'the record is frozen as evidence after a death (MR71)', '/person_id');
  const bad = checkForeignState(input.state, '/state');
  if (bad) return bad;
  if (!person.details.nationalities.includes(input.state)) {
    return reject('invalid_value', `the person's record holds no nationality of ${input.state} (it holds: ${person.details.nationalities.join(', ') || 'none'}); correct the record first`, '/state');
  }
  if (!subject.profile) return reject('not_found', `no profile is recorded for ${input.state}: record the state's consular policy and death penalty first`, '/state');
  if (subject.openCaseId) return reject('duplicate', `the person already has an open repatriation case (${subject.openCaseId})`, '/person_id');
  const reasonless = checkText(input.reason, '/reason', 'say why the person is identified for return');
  if (reasonless) return reasonless;
  return [newEvent('repatriation.opened', person.id, ctx.now, { repatriation_id: ctx.newId(), state: input.state, reason: input.reason.trim(), opened_by: ctx.actor })];
}

// ---------------------------------------------------------------- the steps of an open case

export type RepatriationCommand =
  | { readonly kind: 'send_request'; readonly sent_at: string; readonly channel: RequestChannel; readonly reference: string }
  | { readonly kind: 'record_answer'; readonly answer: StateAnswer; readonly answered_at: string; readonly reference?: string | null; readonly note?: string }
  | { readonly kind: 'confirm_nationality'; readonly state: string; readonly confirmed_at: string; readonly evidence: NationalityEvidence; readonly reference: string }
  | { readonly kind: 'assess_safeguards'; readonly assessment: RepatriationAssessment }
  | { readonly kind: 'review'; readonly outcome: ReviewOutcome; readonly notes: string }
  | { readonly kind: 'send_reminder'; readonly sent_at: string; readonly channel: RequestChannel; readonly reference: string }
  | { readonly kind: 'escalate'; readonly escalated_at: string; readonly to: string; readonly reference: string; readonly note: string }
  | { readonly kind: 'decide'; readonly outcome: RepatriationOutcome; readonly assurances?: readonly Assurance[]; readonly reasons?: string; readonly follow_ups?: readonly FollowUpDue[] }
  | { readonly kind: 'record_court_permission'; readonly court_case_id: string; readonly reference: string; readonly judge: string; readonly issued_at: string }
  | { readonly kind: 'record_return_refusal'; readonly refused_at: string; readonly statement: string }
  | { readonly kind: 'record_acceptance_withdrawn'; readonly withdrawn_at: string; readonly reference: string; readonly note: string }
  | { readonly kind: 'close'; readonly reason: string; readonly follow_up_waiver?: string }
  | ({ readonly kind: 'record_best_interests' } & BestInterests)
  | ({ readonly kind: 'record_follow_up' } & FollowUpContactInput)
  /** `children`: on a parent's case, the children's register numbers. */
  | { readonly kind: 'record_family'; readonly group: string; readonly role: FamilyRole; readonly evidence: string; readonly children?: readonly string[] }
  | ({ readonly kind: 'name_guardian' } & Guardian);

export type RepatriationCommandKind = RepatriationCommand['kind'];

/** Decide one step of an open repatriation case: its events, or a named refusal. */
export function decideRepatriation(subject: RepatriationSubject, command: RepatriationCommand, ctx: Ctx): Decision {
  const c = subject.case;
  if (!c || !subject.person) return reject('not_found', 'no repatriation case with this id', '/case_id');
  const event = <K extends RepatriationEventKind>(kind: K, at: string, data: Omit<EventData[K], 'repatriation_id'>) =>
    newEvent(kind, c.person_id, at, { repatriation_id: c.id, ...data } as EventData[K]);
  /** The case's follow-up tasks among these that are still open, done now with this outcome. */
  const tasksDone: TasksDone = (ids, outcome, at) =>
    [...new Set(ids)].filter((id): id is string => !!id && (subject.openTasks?.has(id) ?? false)).map((task_id) => newEvent('person.task_completed', c.person_id, at, { task_id, outcome, done_by: ctx.actor }));
  /** The reminder and escalation of the latest request, answered (or made moot) by this step. */
  const answerTasksDone = (outcome: string, at: string) => tasksDone([c.answer_clock?.reminder_task_id, c.answer_clock?.escalation_task_id], outcome, at);
  switch (command.kind) {
    case 'send_request': {
      const bad =
        checkMove(c.status, 'request_sent') ??
        checkInstant(command.sent_at, '/sent_at', ctx.now) ??
        (requestChannels.includes(command.channel) ? null : reject('invalid_value', `channel is one of: ${requestChannels.join(', ')}`, '/channel')) ??
        checkText(command.reference, '/reference', 'give the reference of the note or letter sent');
      if (bad) return bad;
      const reference = command.reference.trim();
      // A new request (a reminder unanswered, a verification sent, pressed again) starts its own clock.
      return [
        ...answerTasksDone(`a new request was sent to ${c.state}: ${reference}`, command.sent_at),
        event('repatriation.request_sent', command.sent_at, { sent_at: command.sent_at, channel: command.channel, reference, tasks: reminderTasks(command.sent_at, c.state, reference, subject.rules ?? defaultResponseClockRules, ctx.newId) }),
      ];
    }
    case 'send_reminder': {
      const bad = checkAwaiting(c, 'a reminder is sent of a request awaiting the state’s answer') ?? checkSince(c, command.sent_at, '/sent_at', ctx.now) ??
        (requestChannels.includes(command.channel) ? null : reject('invalid_value', `channel is one of: ${requestChannels.join(', ')}`, '/channel')) ??
        checkText(command.reference, '/reference', 'give the reference of the reminder sent');
      if (bad) return bad;
      if (c.answer_clock?.reminded) return reject('duplicate', `a reminder of this request was sent on ${c.answer_clock.reminded.sent_at}; escalate it, or send a new request`, '/case_id');
      const reference = command.reference.trim();
      return [
        event('repatriation.reminder_sent', command.sent_at, { sent_at: command.sent_at, channel: command.channel, reference, sent_by: ctx.actor }),
        ...tasksDone([c.answer_clock?.reminder_task_id], `reminder sent to ${c.state}: ${reference}`, command.sent_at),
      ];
    }
    case 'escalate': {
      const bad = checkAwaiting(c, 'a request awaiting the state’s answer is escalated') ?? checkSince(c, command.escalated_at, '/escalated_at', ctx.now) ??
        checkText(command.to, '/to', 'name to whom the matter was raised (the authority, the level)') ??
        checkText(command.reference, '/reference', 'give the reference of the escalation') ??
        checkText(command.note, '/note', 'say what was done, or asked of the state');
      if (bad) return bad;
      if (c.answer_clock?.escalated) return reject('duplicate', `this request was escalated on ${c.answer_clock.escalated.escalated_at}`, '/case_id');
      const to = command.to.trim();
      return [
        event('repatriation.escalated', command.escalated_at, { escalated_at: command.escalated_at, to, reference: command.reference.trim(), note: command.note.trim(), escalated_by: ctx.actor }),
        ...tasksDone([c.answer_clock?.escalation_task_id, c.answer_clock?.reminder_task_id], `escalated to ${to}: ${command.reference.trim()}`, command.escalated_at),
      ];
    }
    case 'record_answer': {
      if (!stateAnswers.includes(command.answer)) return reject('invalid_value', `answer is one of: ${stateAnswers.join(', ')}`, '/answer');
      const bad = checkMove(c.status, command.answer) ?? checkInstant(command.answered_at, '/answered_at', ctx.now);
      if (bad) return bad;
      if (c.request && Date.parse(command.answered_at) < Date.parse(c.request.sent_at)) {
        return reject('invalid_value', `the answer cannot come before the request it answers (sent ${c.request.sent_at})`, '/answered_at');
      }
      if (command.answer !== 'no_answer' && !filled(command.reference)) return reject('missing_item', "give the reference of the state's answer", '/reference');
      return [
        event('repatriation.answer_recorded', command.answered_at, {
          answer: command.answer,
          answered_at: command.answered_at,
          reference: filled(command.reference) ? command.reference.trim() : null,
          note: command.note?.trim() ?? '',
        }),
        // "No answer" recorded: the request still awaits one, and its clock runs on.
        ...(command.answer === 'no_answer' ? [] : answerTasksDone(`${c.state} answered: ${command.answer.replace(/_/g, ' ')} (${command.reference!.trim()})`, command.answered_at)),
      ];
    }
    case 'confirm_nationality': {
      const move = checkMove(c.status, 'nationality_confirmed');
      if (move) return move;
      if (command.state !== c.state) return reject('invalid_value', `this case is for a return to ${c.state}: a confirmation by ${command.state} is not its`, '/state');
      if (!subject.person.details.nationalities.includes(c.state)) {
        return reject('invalid_value', `the person's record no longer holds a nationality of ${c.state}: a state confirms only its own nationals`, '/state');
      }
      const bad =
        checkInstant(command.confirmed_at, '/confirmed_at', ctx.now) ??
        (nationalityEvidence.includes(command.evidence) ? null : reject('invalid_value', `evidence is one of: ${nationalityEvidence.join(', ')}`, '/evidence')) ??
        checkText(command.reference, '/reference', 'give the reference of the confirmation, document or interview record');
      if (bad) return bad;
      return [event('repatriation.nationality_confirmed', command.confirmed_at, { state: c.state, confirmed_at: command.confirmed_at, evidence: command.evidence, reference: command.reference.trim(), confirmed_by: ctx.actor })];
    }
    case 'assess_safeguards': {
      const bad = checkMove(c.status, 'safeguards_assessed') ?? checkAssessment(command.assessment, ctx.now);
      if (bad) return bad;
      return [event('repatriation.safeguards_assessed', ctx.now, { assessment: command.assessment, assessed_by: ctx.actor })];
    }
    case 'review': {
      if (!reviewOutcomes.includes(command.outcome)) return reject('invalid_value', `outcome is one of: ${reviewOutcomes.join(', ')}`, '/outcome');
      if (!c.assessment) return reject('safeguards_required', 'there is no safeguards assessment to review', '/outcome');
      const move = checkMove(c.status, command.outcome === 'concurs' ? 'reviewed' : 'nationality_confirmed');
      if (move) return move;
      if (c.assessment.assessed_by === ctx.actor) return reject('same_official', 'the official who assessed cannot review their own assessment: a second official reviews it', '/outcome');
      const notesless = checkText(command.notes, '/notes', command.outcome === 'returned' ? 'say why the assessment is returned' : 'record what the review found');
      if (notesless) return notesless;
      return [event('repatriation.reviewed', ctx.now, { outcome: command.outcome, notes: command.notes.trim(), reviewed_by: ctx.actor })];
    }
    case 'decide':
      return decideOutcome(subject, c, command, ctx, (data) => [event('repatriation.decided', ctx.now, data)]);
    case 'record_court_permission': {
      if (!can(ctx.role, 'case.decide')) return reject('forbidden', "only a judge's account records a court's decision permitting travel", '/');
      if (c.status === 'closed') return reject('invalid_transition', 'the repatriation case is closed', '/case_id');
      const court = subject.courtCases.find((k) => k.id === command.court_case_id);
      if (!court) return reject('not_found', 'the person has no case before a court with this id', '/court_case_id');
      if (!isOpenCourtCase(court)) return reject('invalid_value', `the case ${court.reference} is final: travel needs no permission in it`, '/court_case_id');
      if (c.court_permissions.some((p) => p.court_case_id === court.id)) return reject('duplicate', `the court's permission in ${court.reference} is already recorded`, '/court_case_id');
      const bad = checkJudge(command.judge) ?? checkText(command.reference, '/reference', "give the reference of the court's decision") ?? checkInstant(command.issued_at, '/issued_at', ctx.now);
      if (bad) return bad;
      return [event('repatriation.court_permission_recorded', command.issued_at, { court_case_id: court.id, reference: command.reference.trim(), judge: command.judge.trim(), issued_at: command.issued_at, recorded_by: ctx.actor })];
    }
    case 'record_return_refusal': {
      const bad = checkMove(c.status, 'person_refused') ?? checkInstant(command.refused_at, '/refused_at', ctx.now) ?? checkText(command.statement, '/statement', 'record what the person said, in their words');
      if (bad) return bad;
      return [event('repatriation.return_refused', command.refused_at, { refused_at: command.refused_at, statement: command.statement.trim() }), ...answerTasksDone('the person refused to return', command.refused_at)];
    }
    case 'record_acceptance_withdrawn': {
      const bad =
        checkMove(c.status, 'acceptance_withdrawn') ??
        checkInstant(command.withdrawn_at, '/withdrawn_at', ctx.now) ??
        checkText(command.reference, '/reference', "give the reference of the state's withdrawal") ??
        checkText(command.note, '/note', 'say what the state wrote, or that it gave no reason');
      if (bad) return bad;
      return [event('repatriation.acceptance_withdrawn', command.withdrawn_at, { withdrawn_at: command.withdrawn_at, reference: command.reference.trim(), note: command.note.trim() })];
    }
    case 'close':
      return decideClose(subject, c, command, ctx, event, tasksDone, answerTasksDone);
    case 'record_follow_up': {
      if (c.status !== 'returned' && c.status !== 'followed_up') return reject('invalid_transition', `contacts are recorded after the return; the case is ${c.status.replace(/_/g, ' ')}`, '/case_id');
      const { kind: _kind, concerns_raised, concerns, ...given } = command;
      const bad = checkFollowUpContact(command, c.returned?.returned_at ?? c.opened_at, ctx.now);
      if (bad) return bad;
      const contact: FollowUpContact = { ...given, contacted_by: given.contacted_by.trim(), concerns: concerns_raised ? concerns!.trim() : null };
      // A contact that reached the person makes the earliest contact still due; one that did not leaves it due.
      const made = contact.person_reached === 'not_reached' ? null : (pendingFollowUps(c.follow_ups)[0] ?? null);
      return [
        event('repatriation.follow_up_recorded', contact.contacted_at, { contact, made: made?.due_at ?? null, recorded_by: ctx.actor }),
        ...tasksDone([made?.task_id], `contact after the return: ${contact.channel.replace(/_/g, ' ')} by ${contact.contacted_by}, the person ${contact.person_reached}`, contact.contacted_at),
      ];
    }
    case 'record_family': {
      if (c.status === 'closed') return reject('invalid_transition', 'the repatriation case is closed', '/case_id');
      const given = command.children ?? [];
      const children = subject.childrenGiven ?? given.map(() => null);
      const bad = checkFamily(command, c.person_id, children);
      if (bad) return bad;
      const family: FamilyMembership = { group: command.group, role: command.role, evidence: command.evidence.trim(), children: children as string[] };
      return [event('repatriation.family_recorded', ctx.now, { family, recorded_by: ctx.actor })];
    }
    case 'name_guardian': {
      if (c.status === 'closed') return reject('invalid_transition', 'the repatriation case is closed', '/case_id');
      if (!isMinorOn(subject.person, localDay(ctx.now, ctx.utcOffsetMinutes))) return reject('invalid_value', 'the person is not a minor: a guardian is named for a child', '/case_id');
      const { kind: _kind, ...given } = command;
      const bad = checkGuardian(given, ctx.now);
      if (bad) return bad;
      const guardian: Guardian = { name: given.name.trim(), relationship: given.relationship.trim(), contact: given.contact.trim(), appointed_by: given.appointed_by.trim(), appointed_at: given.appointed_at };
      return [event('repatriation.guardian_named', ctx.now, { guardian, named_by: ctx.actor })];
    }
    case 'record_best_interests': {
      if (c.status === 'closed' || c.status === 'refused' || c.status === 'person_refused') return reject('invalid_transition', `a repatriation case ${c.status.replace(/_/g, ' ')} takes no best-interests assessment`, '/case_id');
      if (!isMinorOn(subject.person, localDay(ctx.now, ctx.utcOffsetMinutes))) return reject('invalid_value', 'the person is not a minor: a best-interests assessment is recorded for a child', '/case_id');
      const { kind: _kind, ...given } = command;
      const b: BestInterests = {
        ...given,
        official: given.official?.trim(),
        parent_case_id: given.arrangement === 'travels_with_parent' ? (given.parent_case_id ?? null) : null,
        guardian: given.arrangement === 'travels_with_parent' ? null : (given.guardian?.trim() ?? null),
        reasoning: given.reasoning?.trim(),
        child_views: given.child_views?.trim(),
      };
      const bad = checkBestInterests(b, c.id, ctx.now);
      if (bad) return bad;
      return [event('repatriation.best_interests_recorded', b.assessed_at, { best_interests: b, recorded_by: ctx.actor })];
    }
  }
}

function decideOutcome(
  subject: RepatriationSubject,
  c: RepatriationCase,
  command: Extract<RepatriationCommand, { kind: 'decide' }>,
  ctx: Ctx,
  write: (data: Omit<EventData['repatriation.decided'], 'repatriation_id'>) => NewEvent[],
): Decision {
  if (!repatriationOutcomes.includes(command.outcome)) return reject('invalid_value', `outcome is one of: ${repatriationOutcomes.join(', ')}`, '/outcome');
  // Decided already, refused by the person, or closed: no decision is taken (again).
  if (c.status === 'closed' || c.status === 'refused' || c.status === 'person_refused' || c.status === 'approved') return checkMove(c.status, command.outcome, '/outcome')!;
  if (command.outcome !== 'approved') {
    const move = checkMove(c.status, command.outcome, '/outcome');
    if (move) return move;
    if (command.assurances?.length) return reject('invalid_value', 'assurances are recorded with an approval', '/assurances');
    if (command.follow_ups?.length) return reject('invalid_value', 'contacts after the return are set with an approval', '/follow_ups');
    const reasonless = checkText(command.reasons, '/reasons', command.outcome === 'refused' ? 'a refusal gives its reasons' : 'say why the decision is suspended, and until what');
    if (reasonless) return reasonless;
    return write({ outcome: command.outcome, assurances: [], reasons: command.reasons!.trim(), decided_by: ctx.actor });
  }
  // The approval's gates, each refused by name.
  const a = c.assessment;
  if (!a) return reject('safeguards_required', 'no safeguards assessment stands for this case: nobody is returned without an individual assessment of the risks in that state (STANDARDS C)', '/outcome');
  if (!c.review) return reject('review_required', 'the assessment has not been reviewed: a second official who did not assess reviews it before any approval', '/outcome');
  const move = checkMove(c.status, 'approved', '/outcome');
  if (move) return move;
  if (c.review.reviewed_by === a.assessed_by || ctx.actor === a.assessed_by) {
    return reject('same_official', 'the official who assessed the risks can neither review nor approve the return: another official decides', '/outcome');
  }
  // A child returns with a parent, to one, or — by a reasoned, named decision — separated: never by default.
  if (subject.person && isMinorOn(subject.person, localDay(ctx.now, ctx.utcOffsetMinutes)) && !c.best_interests) {
    return reject('best_interests_required', 'the person is a minor and no best-interests assessment is recorded: a child travels with a parent or joins one, and is separated only by a reasoned decision of a named official', '/outcome');
  }
  // Nor does a parent leave without their children, unless each child's best interests are decided.
  const leftBehind = childLeftBehind(c.family, subject.members ?? [], subject.namedChildren ?? [], localDay(ctx.now, ctx.utcOffsetMinutes));
  if (leftBehind) return leftBehind;
  const blocked = courtBlockers(subject);
  if (blocked.length) {
    const b = blocked[0]!;
    return reject('court_blocker', `the person's case ${b.reference} before ${b.court} is open and no decision of that court permitting travel is recorded: the return cannot be approved`, '/outcome');
  }
  const risks = realRisks(a).filter((r) => r !== 'death_penalty');
  if (risks.length) return reject('refoulement_risk', `the assessment found a real risk of ${risks.map((r) => r.replace('_', ' ')).join(', ')} in ${c.state}: nobody is returned where they face it (non-refoulement)`, '/outcome');
  const assurances = command.assurances ?? [];
  for (const [i, s] of assurances.entries()) {
    const field = `/assurances/${i}`;
    if (!assuranceSubjects.includes(s.against)) return reject('invalid_value', `against is one of: ${assuranceSubjects.join(', ')}`, `${field}/against`);
    const bad =
      checkText(s.text, `${field}/text`, 'give the assurance as the state worded it') ??
      checkText(s.given_by, `${field}/given_by`, 'name the authority that gave the assurance') ??
      checkInstant(s.given_at, `${field}/given_at`, ctx.now) ??
      checkText(s.reference, `${field}/reference`, 'give the reference of the note that carries the assurance');
    if (bad) return bad;
  }
  // Without a profile the state's law is not known: as if it applied the death penalty.
  const deathPenalty = subject.profile?.applies_death_penalty !== false || a.risks.death_penalty.finding === 'real_risk';
  if (deathPenalty && !assurances.some((s) => s.against === 'death_penalty')) {
    return reject('assurance_required', `${c.state} applies the death penalty (or the assessment found a real risk of it): record the state's assurance that it will not be sought or carried out`, '/assurances');
  }
  const unscheduled = checkFollowUpSchedule(command.follow_ups, ctx.now);
  if (unscheduled) return unscheduled;
  const follow_ups = command.follow_ups!.map((f) => ({ due_at: f.due_at }));
  return write({ outcome: 'approved', assurances, reasons: filled(command.reasons) ? command.reasons.trim() : null, decided_by: ctx.actor, follow_ups });
}

type TasksDone = (ids: readonly (string | null | undefined)[], outcome: string, at: string) => NewEvent[];

/** A request awaits the state's answer (sent, or recorded as unanswered), or why a step needing one is refused. */
function checkAwaiting(c: RepatriationCase, what: string): Rejection | null {
  return c.status === 'request_sent' || c.status === 'no_answer' ? null : reject('invalid_transition', `${what}; the case is ${c.status.replace(/_/g, ' ')}`, '/case_id');
}

/** An instant of a step about the latest request: not in the future, not before the request was sent. */
function checkSince(c: RepatriationCase, at: string, field: string, now: string): Rejection | null {
  const bad = checkInstant(at, field, now);
  if (bad) return bad;
  if (c.request && Date.parse(at) < Date.parse(c.request.sent_at)) return reject('invalid_value', `${field.slice(1)} is before the request was sent (${c.request.sent_at})`, field);
  return null;
}

/**
 * Close a case. A returned person's case with contacts still due closes only with the reason they
 * will not be made (their tasks are then done with it); an unaccompanied child's only once a
 * guardian is named. What the case still had open is answered by the closing.
 */
function decideClose(
  subject: RepatriationSubject,
  c: RepatriationCase,
  command: Extract<RepatriationCommand, { kind: 'close' }>,
  ctx: Ctx,
  event: <K extends RepatriationEventKind>(kind: K, at: string, data: Omit<EventData[K], 'repatriation_id'>) => NewEvent,
  tasksDone: TasksDone,
  answerTasksDone: (outcome: string, at: string) => NewEvent[],
): Decision {
  const bad = checkMove(c.status, 'closed') ?? checkText(command.reason, '/reason', 'say why the case is closed');
  if (bad) return bad;
  const pending = c.status === 'returned' ? pendingFollowUps(c.follow_ups) : [];
  const waiver = filled(command.follow_up_waiver) ? command.follow_up_waiver.trim() : null;
  if (pending.length && !waiver) {
    return reject('follow_up_pending', `${pending.length} contact(s) after the return are still due (the next by ${pending[0]!.due_at}): record them, or say why they will not be made`, '/follow_up_waiver');
  }
  if (waiver && !pending.length) return reject('invalid_value', 'no contact after the return is due: close the case without a waiver', '/follow_up_waiver');
  const day = localDay(ctx.now, ctx.utcOffsetMinutes);
  if (isUnaccompanied(subject.person!.details.dob, c.family, subject.members ?? [], day) && !c.guardian) {
    return reject('guardian_required', 'the person is an unaccompanied child: name their guardian before the case is closed', '/case_id');
  }
  const reason = command.reason.trim();
  return [
    event('repatriation.closed', ctx.now, { reason, closed_by: ctx.actor, ...(waiver ? { follow_up_waiver: waiver } : {}) }),
    ...answerTasksDone(`the case was closed: ${reason}`, ctx.now),
    ...tasksDone(pending.map((f) => f.task_id), `no contact made after the return: ${waiver}`, ctx.now),
  ];
}

// ---------------------------------------------------------------- what each event does to a case

export type RepatriationEventKind = Extract<keyof EventData, `repatriation.${string}`>;

/** A repatriation event as the fold needs it. */
export interface RepatriationEvent<K extends RepatriationEventKind = RepatriationEventKind> {
  readonly kind: K;
  readonly person_id: string | null;
  readonly occurred_at: string;
  readonly data: EventData[K];
}

export function isRepatriationEvent(e: { readonly kind: string }): e is RepatriationEvent {
  return e.kind.startsWith('repatriation.');
}

/** The case after one of its events (`repatriation.opened` makes it from nothing). */
export function evolveRepatriation(c: RepatriationCase | null, e: RepatriationEvent): RepatriationCase {
  if (e.kind === 'repatriation.opened') {
    const d = e.data as EventData['repatriation.opened'];
    return {
      id: d.repatriation_id,
      person_id: e.person_id!,
      state: d.state,
      status: 'identified',
      opened_at: e.occurred_at,
      opened_by: d.opened_by,
      reason: d.reason,
      request: null,
      requests_sent: 0,
      answer: null,
      nationality: null,
      assessment: null,
      review: null,
      decision: null,
      court_permissions: [],
      person_refusal: null,
      withdrawal: null,
      closed: null,
      best_interests: null,
      answer_clock: null,
      follow_ups: [],
      contacts: [],
      family: null,
      guardian: null,
    };
  }
  if (!c) throw new Error(`${e.kind} for a repatriation case not opened`);
  switch (e.kind) {
    case 'repatriation.request_sent': {
      const d = e.data as EventData['repatriation.request_sent'];
      return { ...c, status: 'request_sent', request: { sent_at: d.sent_at, channel: d.channel, reference: d.reference }, requests_sent: c.requests_sent + 1, answer: null, answer_clock: clockOfRequest(d.tasks) };
    }
    case 'repatriation.reminder_sent': {
      const d = e.data as EventData['repatriation.reminder_sent'];
      return c.answer_clock ? { ...c, answer_clock: { ...c.answer_clock, reminded: { sent_at: d.sent_at, channel: d.channel, reference: d.reference, sent_by: d.sent_by } } } : c;
    }
    case 'repatriation.escalated': {
      const d = e.data as EventData['repatriation.escalated'];
      return c.answer_clock ? { ...c, answer_clock: { ...c.answer_clock, escalated: { escalated_at: d.escalated_at, to: d.to, reference: d.reference, note: d.note, escalated_by: d.escalated_by } } } : c;
    }
    case 'repatriation.answer_recorded': {
      const d = e.data as EventData['repatriation.answer_recorded'];
      return { ...c, status: d.answer, answer: { answer: d.answer, answered_at: d.answered_at, reference: d.reference } };
    }
    case 'repatriation.nationality_confirmed': {
      const d = e.data as EventData['repatriation.nationality_confirmed'];
      return { ...c, status: 'nationality_confirmed', nationality: { confirmed_at: d.confirmed_at, evidence: d.evidence, reference: d.reference, confirmed_by: d.confirmed_by } };
    }
    case 'repatriation.safeguards_assessed': {
      const d = e.data as EventData['repatriation.safeguards_assessed'];
      return { ...c, status: 'safeguards_assessed', assessment: { ...d.assessment, assessed_by: d.assessed_by }, review: null };
    }
    case 'repatriation.reviewed': {
      const d = e.data as EventData['repatriation.reviewed'];
      return d.outcome === 'concurs'
        ? { ...c, status: 'reviewed', review: { outcome: 'concurs', notes: d.notes, reviewed_by: d.reviewed_by } }
        : { ...c, status: 'nationality_confirmed', assessment: null, review: null };
    }
    case 'repatriation.decided': {
      const d = e.data as EventData['repatriation.decided'];
      return { ...c, status: d.outcome, decision: { outcome: d.outcome, assurances: d.assurances, reasons: d.reasons, decided_by: d.decided_by, follow_ups: d.follow_ups ?? [] } };
    }
    case 'repatriation.court_permission_recorded': {
      const d = e.data as EventData['repatriation.court_permission_recorded'];
      return { ...c, court_permissions: [...c.court_permissions, { court_case_id: d.court_case_id, reference: d.reference, judge: d.judge, issued_at: d.issued_at }] };
    }
    case 'repatriation.return_refused': {
      const d = e.data as EventData['repatriation.return_refused'];
      return { ...c, status: 'person_refused', person_refusal: { refused_at: d.refused_at, statement: d.statement } };
    }
    case 'repatriation.acceptance_withdrawn': {
      const d = e.data as EventData['repatriation.acceptance_withdrawn'];
      // What stood on the acceptance falls with it: a new acceptance is assessed and decided anew.
      return { ...c, status: 'acceptance_withdrawn', withdrawal: { withdrawn_at: d.withdrawn_at, reference: d.reference, note: d.note }, assessment: null, review: null, decision: null };
    }
    case 'repatriation.returned': {
      const d = e.data as EventData['repatriation.returned'];
      return {
        ...c,
        status: 'returned',
        returned: { returned_at: d.returned_at, transfer_id: d.transfer_id, receiving_authority: d.receiving_authority, receiving_official: d.receiving_official, receipt_reference: d.receipt_reference },
        follow_ups: scheduleOf(c.decision?.follow_ups ?? [], d.tasks),
      };
    }
    case 'repatriation.follow_up_recorded': {
      const d = e.data as EventData['repatriation.follow_up_recorded'];
      const follow_ups = c.follow_ups.map((f) => (f.due_at === d.made && f.made_at === null ? { ...f, made_at: d.contact.contacted_at } : f));
      const done = follow_ups.length > 0 && pendingFollowUps(follow_ups).length === 0;
      return { ...c, status: done ? 'followed_up' : c.status, follow_ups, contacts: [...c.contacts, { ...d.contact, made: d.made, recorded_by: d.recorded_by }] };
    }
    case 'repatriation.family_recorded': {
      const d = e.data as EventData['repatriation.family_recorded'];
      return { ...c, family: { ...d.family, recorded_by: d.recorded_by } };
    }
    case 'repatriation.guardian_named': {
      const d = e.data as EventData['repatriation.guardian_named'];
      return { ...c, guardian: { ...d.guardian, named_by: d.named_by } };
    }
    case 'repatriation.closed': {
      const d = e.data as EventData['repatriation.closed'];
      return { ...c, status: 'closed', closed: { reason: d.reason, closed_by: d.closed_by, follow_up_waiver: d.follow_up_waiver ?? null } };
    }
    case 'repatriation.best_interests_recorded': {
      const d = e.data as EventData['repatriation.best_interests_recorded'];
      return { ...c, best_interests: { ...d.best_interests, recorded_by: d.recorded_by } };
    }
  }
  throw new Error(`unknown repatriation event ${(e as { kind: string }).kind}`);
}
