/**
 * Hearings of a case: scheduled (when, which court, for what), then held or adjourned (with
 * the reason), with who was present — judge, prosecutor, counsel, interpreter (MR8(a)).
 *
 * A hearing held without a safeguard the person was owed is flagged in its event, so the
 * record says so wherever it is read:
 * - `no_counsel`: no counsel present where counsel is required — at every hearing from the
 *   referral to trial on (referred to trial, trial, verdict, appeal: the criminal court tries
 *   felonies only with defence counsel, appointed by the court when the accused has none), and
 *   at any stage once counsel is assigned on the case (the lawyer the person has was not there);
 * - `no_interpreter`: no interpreter present where one is required — when the clerk says so, or
 *   when the languages on the person's record (any, none of them Arabic) show they cannot follow
 *   the court's language. The record's languages can add the requirement, never lift it.
 */
import { checkCase, checkHeldAt, checkInstant, checkJudge, courtName, type CaseStage, type CaseSubject } from './case.ts';
import { checkHoldingFacility, planProduction } from './court-production.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import type { Facility } from './facility.ts';
import { reject } from './rejection.ts';

export const hearingOutcomes = ['held', 'adjourned'] as const;
export type HearingOutcome = (typeof hearingOutcomes)[number];
export const hearingFlags = ['no_counsel', 'no_interpreter'] as const;
export type HearingFlag = (typeof hearingFlags)[number];

/** Stages at which a hearing needs counsel present whether or not counsel is assigned. */
export const counselRequiredStages: readonly CaseStage[] = ['referred_to_trial', 'trial', 'verdict', 'appeal'];

export interface ScheduleHearing {
  readonly case_id: string;
  readonly at: string;
  /** The court sitting; the case's court when left out. */
  readonly court?: string;
  readonly purpose: string;
  /** The court's holding facility, where the person is produced: given, the movement there and back is drawn up (court-production.ts). */
  readonly holding_facility_id?: string;
}

export interface HearingSubject extends CaseSubject {
  /** The facility named by holding_facility_id, when it is on the register. */
  readonly holding: Facility | null;
  /** The facility holding the person now, if any. */
  readonly heldAt: Facility | null;
}

/** Schedule a hearing. It may lie ahead; the person must be held then (their custody not ended before it). */
export function decideScheduleHearing(subject: HearingSubject, input: ScheduleHearing, ctx: DecisionContext & { readonly actor: string }): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const bad = checkInstant(input.at, '/at', ctx.now, true) ?? checkHeldAt(input.at, subject.stay, '/at');
  if (bad) return bad;
  if (!filled(input.purpose)) return reject('missing_item', 'say what the hearing is for', '/purpose');
  const holdingBad = input.holding_facility_id === undefined ? null : checkHoldingFacility(subject.holding, '/holding_facility_id');
  if (holdingBad) return holdingBad;
  const c = subject.case!;
  const court = filled(input.court) ? courtName(input.court) : c.court;
  const hearing_id = ctx.newId();
  const scheduled = newEvent('case.hearing_scheduled', subject.person!.id, ctx.now, { case_id: c.id, hearing_id, at: input.at, court, purpose: input.purpose });
  if (!subject.holding) return [scheduled];
  const movement = planProduction(
    { person: subject.person!, from: subject.heldAt, holding: subject.holding, case_id: c.id, source: 'hearing', source_id: hearing_id, court, produce_at: input.at, reason: `${input.purpose} · ${c.reference}` },
    ctx,
  );
  return [scheduled, ...movement];
}

export interface HearingPresence {
  readonly judge: string;
  readonly prosecutor: string | null;
  readonly counsel: string | null;
  readonly interpreter: string | null;
}

export interface RecordHearingOutcome {
  readonly case_id: string;
  readonly hearing_id: string;
  readonly at: string;
  readonly outcome: HearingOutcome;
  readonly adjourned_reason?: string;
  readonly present: HearingPresence;
  /** The clerk's word that the person needs an interpreter; the record's languages may require one too. */
  readonly interpreter_required?: boolean;
}

/** A hearing of the case, as its outcome sees it. */
export interface HearingOnRecord {
  readonly hearing_id: string;
  readonly status: 'scheduled' | HearingOutcome;
}

/** Whether the languages on a person's record show they need an interpreter in an Arabic-speaking court. */
export function needsInterpreter(languages: readonly string[]): boolean {
  return languages.length > 0 && !languages.some((l) => l === 'ar' || l.startsWith('ar-'));
}

const orNull = (value: string | null | undefined): string | null => (filled(value) ? value : null);

/** Record that a scheduled hearing was held or adjourned, who was present, and what was missing. */
export function decideHearingOutcome(subject: CaseSubject & { readonly hearing: HearingOnRecord | null }, input: RecordHearingOutcome, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const hearing = subject.hearing;
  if (!hearing) return reject('not_found', 'no hearing with this id in the case', '/hearing_id');
  if (hearing.status !== 'scheduled') return reject('invalid_transition', `the hearing is already recorded as ${hearing.status}; schedule the next one`, '/hearing_id');
  const bad = checkInstant(input.at, '/at', ctx.now) ?? checkHeldAt(input.at, subject.stay, '/at') ?? checkJudge(input.present.judge, '/present/judge');
  if (bad) return bad;
  if (!(hearingOutcomes as readonly string[]).includes(input.outcome)) return reject('invalid_value', `outcome is one of: ${hearingOutcomes.join(', ')}`, '/outcome');
  if (input.outcome === 'adjourned' && !filled(input.adjourned_reason)) return reject('missing_item', 'say why the hearing was adjourned', '/adjourned_reason');
  if (input.outcome === 'held' && input.adjourned_reason !== undefined) return reject('invalid_value', 'a hearing held has no reason for adjournment', '/adjourned_reason');
  const c = subject.case!;
  const present = { judge: input.present.judge, prosecutor: orNull(input.present.prosecutor), counsel: orNull(input.present.counsel), interpreter: orNull(input.present.interpreter) };
  const interpreterRequired = input.interpreter_required === true || needsInterpreter(subject.person!.details.languages);
  const counselRequired = counselRequiredStages.includes(c.stage) || c.counsel_ids.length > 0;
  const flags: HearingFlag[] = [];
  if (counselRequired && present.counsel === null) flags.push('no_counsel');
  if (interpreterRequired && present.interpreter === null) flags.push('no_interpreter');
  return [
    newEvent('case.hearing_held', subject.person!.id, input.at, {
      case_id: c.id,
      hearing_id: hearing.hearing_id,
      at: input.at,
      outcome: input.outcome,
      ...(input.outcome === 'adjourned' ? { adjourned_reason: input.adjourned_reason! } : {}),
      present,
      interpreter_required: interpreterRequired,
      flags,
    }),
  ];
}
