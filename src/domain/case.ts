/**
 * Case files before the courts (STANDARDS B, MR8(a)): a person may have several, each with its
 * charges, court, judge, prosecutor, counsel and their visits, stage, appearances before a
 * judge, interrogation sessions (BP23), verdict, sentence and appeal. Every change is an event
 * on the person's chain. Orders are decided in case-order.ts, hearings in case-hearing.ts.
 *
 * What the law forbids is refused with a named code and nothing is written: a judicial act
 * without a judge (`judge_required`), a sentence without a conviction (`not_convicted`), an
 * act dated before the person's present custody began (`before_custody`) or when they were
 * not held (`not_in_custody`). What the judge decided is recorded as decided: whether it kept
 * the time limits is for the clocks (CLOCKS.md), which read these events.
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import type { Person } from './person.ts';
import { can } from './permissions.ts';
import { isRejection, reject, type Rejection } from './rejection.ts';
import { isInstant } from './values.ts';

export const caseStages = ['investigation', 'referred_to_trial', 'trial', 'verdict', 'appeal', 'final'] as const;
export type CaseStage = (typeof caseStages)[number];

/**
 * The stages a clerk may move a case to, from each stage. `verdict` is reached only by
 * recording the verdict, `appeal` only by lodging one (they carry their own facts); a case
 * under appeal leaves that stage once the appeal is decided — back to trial when the
 * judgment was overturned, or final.
 */
export const stageTransitions: Readonly<Record<CaseStage, readonly CaseStage[]>> = {
  investigation: ['referred_to_trial', 'final'],
  referred_to_trial: ['trial', 'investigation', 'final'],
  trial: ['investigation', 'final'],
  verdict: ['final'],
  appeal: ['trial', 'final'],
  final: [],
};

/** The maximum penalty the law sets for an offence charged. */
export type MaxPenalty = 'death' | 'life' | { readonly years: number } | { readonly months: number };

export interface Charge {
  readonly law: string;
  readonly article: string;
  readonly max_penalty: MaxPenalty;
}

export type Sentence = { readonly years: number; readonly months: number } | 'life' | 'death';

export const verdictOutcomes = ['convicted', 'acquitted'] as const;
export type VerdictOutcome = (typeof verdictOutcomes)[number];
export const appealOutcomes = ['upheld', 'overturned', 'sentence_changed'] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];
export const counselAppointments = ['court_appointed', 'chosen'] as const;
export type CounselAppointment = (typeof counselAppointments)[number];

/** A case as the decisions see it. */
export interface CourtCase {
  readonly id: string;
  readonly person_id: string;
  readonly reference: string;
  readonly court: string;
  readonly stage: CaseStage;
  readonly charges: readonly Charge[];
  /** Counsel assigned on the case, by id. */
  readonly counsel_ids: readonly string[];
  /** The verdict that stands (null before one, or once overturned on appeal), and whether it has its sentence. */
  readonly verdict: { readonly outcome: VerdictOutcome; readonly at: string; readonly sentenced: boolean } | null;
  /** The appeal lodged against the verdict, if any, and whether it is decided. */
  readonly appeal: { readonly decided: boolean } | null;
}

/**
 * The person's present custody — or, once it has ended, the last one: from its start (an
 * admission, or the escort taking them over) to its end (null while it lasts). Null for a
 * person never held.
 */
export interface CustodyStay {
  readonly from: string;
  readonly to: string | null;
}

/** What a decision about a case is given: the case, its person and their custody. */
export interface CaseSubject {
  readonly case: CourtCase | null;
  readonly person: Person | null;
  readonly stay: CustodyStay | null;
}

/** How far ahead of the register's clock an instant may be (clocks drift; five minutes, as for every other event). */
export const futureToleranceMs = 5 * 60_000;

/** A court's name as the register keeps and compares it: trimmed, inner spaces single. */
export function courtName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** An instant with an offset, as sent; not in the future unless `future` allows it. */
export function checkInstant(value: string | undefined, field: string, now: string, future = false): Rejection | null {
  if (!isInstant(value)) return reject('invalid_value', `${field.slice(1)} is ISO 8601 with an offset, e.g. 2026-03-01T09:00:00+03:00`, field);
  if (!future && Date.parse(value) > Date.parse(now) + futureToleranceMs) return reject('invalid_value', `${field.slice(1)} cannot be in the future`, field);
  return null;
}

/**
 * The person was held at this instant: on or after the start of their present (or last)
 * custody, and not after it ended. An instant before it is `before_custody`; after its end, or
 * for a person never held, `not_in_custody`.
 */
export function checkHeldAt(at: string, stay: CustodyStay | null, field: string): Rejection | null {
  if (!stay) return reject('not_in_custody', 'the person has not been in custody: nothing judicial is recorded for someone the register does not hold', field);
  if (Date.parse(at) < Date.parse(stay.from)) {
    return reject('before_custody', `${field.slice(1)} is before the person's present custody began (${stay.from})`, field);
  }
  if (stay.to !== null && Date.parse(at) > Date.parse(stay.to)) {
    return reject('not_in_custody', `the person was no longer in custody at ${field.slice(1)}: their custody ended ${stay.to}`, field);
  }
  return null;
}

/** A judicial act names its judge. */
export function checkJudge(judge: string | null | undefined, field = '/judge'): Rejection | null {
  return filled(judge) ? null : reject('judge_required', 'name the judge: an order, appearance, hearing or judgment without a judge is not recorded', field);
}

/** Acts only a judge's account may record (permissions.ts: case.decide). */
export function checkJudgeAccount(role: string, what: string): Rejection | null {
  return can(role, 'case.decide') ? null : reject('forbidden', `only a judge's account may ${what}`, '/');
}

/** The case exists, with its person. */
export function checkCase(subject: CaseSubject): Rejection | null {
  return subject.case && subject.person ? null : reject('not_found', 'no case with this id', '/case_id');
}

const isWholeNumber = (n: unknown, min: number, max: number): boolean => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;

/** Check a maximum penalty: death, life, or a term of whole years (1–100) or months (1–1200). */
export function checkMaxPenalty(penalty: MaxPenalty, field: string): Rejection | null {
  if (penalty === 'death' || penalty === 'life') return null;
  if (typeof penalty === 'object' && penalty !== null) {
    const keys = Object.keys(penalty);
    if (keys.length === 1 && 'years' in penalty && isWholeNumber(penalty.years, 1, 100)) return null;
    if (keys.length === 1 && 'months' in penalty && isWholeNumber(penalty.months, 1, 1200)) return null;
  }
  return reject('invalid_value', 'a maximum penalty is "death", "life", {"years": Y} (1–100) or {"months": M} (1–1200)', field);
}

/** Check the charges of a case: at least one, each with its law, article and maximum penalty. */
export function checkCharges(charges: readonly Charge[]): Rejection | null {
  if (charges.length === 0) return reject('missing_item', 'a case holds at least one charge (law, article, maximum penalty)', '/charges');
  for (const [i, charge] of charges.entries()) {
    if (!filled(charge.law)) return reject('missing_item', 'name the law, e.g. Anti-Terrorism Law No. 13 of 2005', `/charges/${i}/law`);
    if (!filled(charge.article)) return reject('missing_item', 'name the article of the law', `/charges/${i}/article`);
    const bad = checkMaxPenalty(charge.max_penalty, `/charges/${i}/max_penalty`);
    if (bad) return bad;
  }
  return null;
}

/** A penalty's weight for comparison: death above life above any term, terms by their months. */
function penaltyWeight(penalty: MaxPenalty): number {
  if (penalty === 'death') return Number.MAX_SAFE_INTEGER;
  if (penalty === 'life') return Number.MAX_SAFE_INTEGER - 1;
  return 'years' in penalty ? penalty.years * 12 : penalty.months;
}

/** The maximum penalty of the most serious charge (the first of equals). */
export function mostSeriousPenalty(charges: readonly Charge[]): MaxPenalty {
  let most = charges[0]!.max_penalty;
  for (const charge of charges) if (penaltyWeight(charge.max_penalty) > penaltyWeight(most)) most = charge.max_penalty;
  return most;
}

/**
 * A sentence: "life", "death", or a term of years and months (either may be left out as 0,
 * not both), normalised to both. A term of 0 is no sentence.
 */
export function normaliseSentence(sentence: Sentence | { readonly years?: number; readonly months?: number }, field: string): Sentence | Rejection {
  if (sentence === 'life' || sentence === 'death') return sentence;
  if (typeof sentence === 'object' && sentence !== null) {
    const years = sentence.years ?? 0;
    const months = sentence.months ?? 0;
    if (!isWholeNumber(years, 0, 150)) return reject('invalid_value', 'years is a whole number from 0 to 150', `${field}/years`);
    if (!isWholeNumber(months, 0, 1800)) return reject('invalid_value', 'months is a whole number from 0 to 1800', `${field}/months`);
    if (years === 0 && months === 0) return reject('invalid_value', 'a term of imprisonment is at least one month', field);
    return { years, months };
  }
  return reject('invalid_value', 'a sentence is "life", "death" or {"years": Y, "months": M}', field);
}

// ---------------------------------------------------------------- opening a case, charges, counsel

export interface OpenCase {
  readonly person_id: string;
  readonly reference: string;
  readonly court: string;
  readonly judge?: string | null;
  readonly prosecutor?: string | null;
  readonly charges: readonly Charge[];
}

/**
 * Open a case file for a person on the register. The court's file number is unique in that
 * court (`referenceTaken`: a case of that court already has it).
 */
export function decideOpenCase(person: Person | null, referenceTaken: boolean, input: OpenCase, ctx: DecisionContext): Decision {
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; open the case on that record`, '/person_id');
  if (person.frozen) return reject('record_frozen', 'the record is frozen as evidence after a death (MR71)', '/person_id');
  if (!filled(input.reference)) return reject('missing_item', "give the court's file number", '/reference');
  if (!filled(input.court)) return reject('missing_item', 'name the court', '/court');
  if (referenceTaken) return reject('duplicate', `the court ${courtName(input.court)} already has a case with the file number ${input.reference.trim()}`, '/reference');
  const bad = checkCharges(input.charges);
  if (bad) return bad;
  return [
    newEvent('case.opened', person.id, ctx.now, {
      case_id: ctx.newId(),
      reference: input.reference.trim(),
      court: courtName(input.court),
      judge: filled(input.judge) ? input.judge : null,
      prosecutor: filled(input.prosecutor) ? input.prosecutor : null,
      stage: 'investigation',
      charges: input.charges,
    }),
  ];
}

export interface AmendCharges {
  readonly case_id: string;
  readonly charges: readonly Charge[];
}

/** Replace the charges of a case (the prosecution adds, drops or requalifies them). */
export function decideAmendCharges(subject: CaseSubject, input: AmendCharges, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  if (subject.case!.stage === 'final') return reject('invalid_transition', 'the case is final: its charges are no longer amended', '/case_id');
  const bad = checkCharges(input.charges);
  if (bad) return bad;
  return [newEvent('case.charges_amended', subject.person!.id, ctx.now, { case_id: subject.case!.id, charges: input.charges })];
}

export interface AssignCounsel {
  readonly case_id: string;
  readonly name: string;
  readonly appointment: CounselAppointment;
  readonly contact: string;
}

/** Counsel for the person in a case: appointed by the court, or chosen; with a contact. */
export function decideAssignCounsel(subject: CaseSubject, input: AssignCounsel, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  if (!filled(input.name)) return reject('missing_item', "give counsel's name", '/name');
  if (!counselAppointments.includes(input.appointment)) return reject('invalid_value', `appointment is one of: ${counselAppointments.join(', ')}`, '/appointment');
  if (!filled(input.contact)) return reject('missing_item', 'give a way to reach counsel (telephone, office address)', '/contact');
  return [
    newEvent('case.counsel_assigned', subject.person!.id, ctx.now, {
      case_id: subject.case!.id,
      counsel_id: ctx.newId(),
      name: input.name,
      appointment: input.appointment,
      contact: input.contact,
    }),
  ];
}

export interface RecordCounselVisit {
  readonly case_id: string;
  readonly counsel_id: string;
  readonly at: string;
  readonly facility_id: string;
}

/** Counsel visited the person at a facility. */
export function decideCounselVisit(subject: CaseSubject & { readonly facilityExists: boolean }, input: RecordCounselVisit, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  if (!subject.case!.counsel_ids.includes(input.counsel_id)) return reject('not_found', 'no counsel with this id is assigned on the case', '/counsel_id');
  const bad = checkInstant(input.at, '/at', ctx.now) ?? checkHeldAt(input.at, subject.stay, '/at');
  if (bad) return bad;
  if (!subject.facilityExists) return reject('not_found', 'no facility with this id', '/facility_id');
  return [newEvent('case.counsel_visited', subject.person!.id, input.at, { case_id: subject.case!.id, counsel_id: input.counsel_id, at: input.at, facility_id: input.facility_id })];
}

// ---------------------------------------------------------------- appearances before a judge

export interface RecordAppearance {
  readonly case_id: string;
  readonly at: string;
  readonly judge: string;
}

function decideAppearanceEvent(
  kind: 'case.brought_before_judge' | 'case.first_appearance_extended',
  subject: CaseSubject,
  input: RecordAppearance,
  ctx: DecisionContext,
): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const bad = checkJudge(input.judge) ?? checkInstant(input.at, '/at', ctx.now) ?? checkHeldAt(input.at, subject.stay, '/at');
  if (bad) return bad;
  return [newEvent(kind, subject.person!.id, input.at, { case_id: subject.case!.id, at: input.at, judge: input.judge })];
}

/**
 * The person was brought before the investigative judge in this case. The first such event
 * of the person, across all their cases, is their first appearance (CLOCKS.md).
 */
export function decideAppearance(subject: CaseSubject, input: RecordAppearance, ctx: DecisionContext): Decision {
  return decideAppearanceEvent('case.brought_before_judge', subject, input, ctx);
}

/**
 * The judge extends the time to the first appearance (once, by 24 hours). A judge's account
 * records it. Whether it came in time, or was a second one, is for the clock to find: the
 * register records what the judge did.
 */
export function decideFirstAppearanceExtension(subject: CaseSubject, input: RecordAppearance, ctx: DecisionContext & { readonly role: string }): Decision {
  const notJudge = checkJudgeAccount(ctx.role, 'record an extension of the time to the first appearance');
  return notJudge ?? decideAppearanceEvent('case.first_appearance_extended', subject, input, ctx);
}

// ---------------------------------------------------------------- interrogation sessions (BP23)

export interface RecordInterrogation {
  readonly case_id: string;
  readonly start: string;
  readonly end: string;
  readonly place: string;
  readonly present: readonly string[];
  readonly interpreter: string | null;
  readonly lawyer: string | null;
}

/** An interrogation session: when it began and ended, where, everyone present, the interpreter and the lawyer (BP23). */
export function decideInterrogation(subject: CaseSubject, input: RecordInterrogation, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const bad = checkInstant(input.start, '/start', ctx.now) ?? checkInstant(input.end, '/end', ctx.now) ?? checkHeldAt(input.start, subject.stay, '/start') ?? checkHeldAt(input.end, subject.stay, '/end');
  if (bad) return bad;
  if (Date.parse(input.end) < Date.parse(input.start)) return reject('invalid_value', 'the session cannot end before it starts', '/end');
  if (!filled(input.place)) return reject('missing_item', 'say where the session took place', '/place');
  if (input.present.length === 0) return reject('missing_item', 'list everyone present, the interrogator first', '/present');
  for (const [i, name] of input.present.entries()) if (!filled(name)) return reject('missing_item', 'a name of someone present is empty', `/present/${i}`);
  return [
    newEvent('case.interrogation_recorded', subject.person!.id, input.start, {
      case_id: subject.case!.id,
      interrogation_id: ctx.newId(),
      start: input.start,
      end: input.end,
      place: input.place,
      present: input.present,
      interpreter: filled(input.interpreter) ? input.interpreter : null,
      lawyer: filled(input.lawyer) ? input.lawyer : null,
    }),
  ];
}

// ---------------------------------------------------------------- stage, verdict, sentence, appeal

export interface ChangeStage {
  readonly case_id: string;
  readonly stage: CaseStage;
}

/** Move a case to another stage, as stageTransitions allows. */
export function decideStageChange(subject: CaseSubject, input: ChangeStage, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const c = subject.case!;
  if (!caseStages.includes(input.stage)) return reject('invalid_value', `stage is one of: ${caseStages.join(', ')}`, '/stage');
  if (input.stage === 'verdict') return reject('invalid_value', 'a case reaches the verdict stage when its verdict is recorded', '/stage');
  if (input.stage === 'appeal') return reject('invalid_value', 'a case reaches the appeal stage when an appeal is lodged', '/stage');
  if (!stageTransitions[c.stage].includes(input.stage)) {
    const allowed = stageTransitions[c.stage];
    return reject('invalid_transition', `a case at the ${c.stage.replace(/_/g, ' ')} stage cannot move to ${input.stage.replace(/_/g, ' ')}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final)'}`, '/stage');
  }
  if (c.stage === 'appeal' && !c.appeal?.decided) return reject('invalid_transition', 'the appeal is not decided yet', '/stage');
  return [newEvent('case.stage_changed', subject.person!.id, ctx.now, { case_id: c.id, stage: input.stage })];
}

export interface RecordVerdict {
  readonly case_id: string;
  readonly at: string;
  readonly outcome: VerdictOutcome;
  readonly judge: string;
}

/** The trial court's verdict (a judge's account); the case moves to the verdict stage. */
export function decideVerdict(subject: CaseSubject, input: RecordVerdict, ctx: DecisionContext & { readonly role: string }): Decision {
  const bad = checkJudgeAccount(ctx.role, 'record a verdict') ?? checkCase(subject) ?? checkJudge(input.judge) ?? checkInstant(input.at, '/at', ctx.now);
  if (bad) return bad;
  const c = subject.case!;
  if (!verdictOutcomes.includes(input.outcome)) return reject('invalid_value', `outcome is one of: ${verdictOutcomes.join(', ')}`, '/outcome');
  if (c.stage !== 'trial') return reject('invalid_transition', `a verdict is given at trial; this case is at the ${c.stage.replace(/_/g, ' ')} stage`, '/case_id');
  const person = subject.person!.id;
  return [
    newEvent('case.verdict_recorded', person, input.at, { case_id: c.id, at: input.at, outcome: input.outcome, judge: input.judge }),
    newEvent('case.stage_changed', person, input.at, { case_id: c.id, stage: 'verdict' }),
  ];
}

export interface RecordSentence {
  readonly case_id: string;
  readonly at: string;
  readonly sentence: Sentence | { readonly years?: number; readonly months?: number };
  readonly judge: string;
}

/** The sentence, for a person the case has convicted (a judge's account). */
export function decideSentence(subject: CaseSubject, input: RecordSentence, ctx: DecisionContext & { readonly role: string }): Decision {
  const bad = checkJudgeAccount(ctx.role, 'record a sentence') ?? checkCase(subject) ?? checkJudge(input.judge) ?? checkInstant(input.at, '/at', ctx.now);
  if (bad) return bad;
  const c = subject.case!;
  if (c.verdict?.outcome !== 'convicted') {
    return reject('not_convicted', c.verdict ? 'the verdict in this case is an acquittal: there is nothing to sentence' : 'no verdict of conviction is recorded in this case: a sentence follows a conviction', '/sentence');
  }
  if (c.verdict.sentenced) return reject('invalid_transition', 'the sentence of this verdict is recorded; an appeal changes it', '/sentence');
  if (Date.parse(input.at) < Date.parse(c.verdict.at)) return reject('invalid_value', `the sentence cannot come before the verdict (${c.verdict.at})`, '/at');
  const sentence = normaliseSentence(input.sentence, '/sentence');
  if (isRejection(sentence)) return sentence;
  return [newEvent('case.sentence_recorded', subject.person!.id, input.at, { case_id: c.id, at: input.at, sentence, judge: input.judge })];
}

export interface LodgeAppeal {
  readonly case_id: string;
  readonly at: string;
}

/** An appeal against the verdict; the case moves to the appeal stage. */
export function decideAppealLodged(subject: CaseSubject, input: LodgeAppeal, ctx: DecisionContext): Decision {
  const missing = checkCase(subject);
  if (missing) return missing;
  const bad = checkInstant(input.at, '/at', ctx.now);
  if (bad) return bad;
  const c = subject.case!;
  if (c.stage !== 'verdict' || !c.verdict) return reject('invalid_transition', 'an appeal is lodged against a verdict: this case has none standing at its verdict stage', '/case_id');
  const person = subject.person!.id;
  return [newEvent('case.appeal_lodged', person, input.at, { case_id: c.id, at: input.at }), newEvent('case.stage_changed', person, input.at, { case_id: c.id, stage: 'appeal' })];
}

export interface DecideAppeal {
  readonly case_id: string;
  readonly at: string;
  readonly outcome: AppealOutcome;
  readonly sentence?: RecordSentence['sentence'];
}

/**
 * The appeal court's decision (a judge's account): the judgment upheld, overturned (the
 * verdict no longer stands: the case may go back to trial), or the sentence changed.
 */
export function decideAppealDecision(subject: CaseSubject, input: DecideAppeal, ctx: DecisionContext & { readonly role: string }): Decision {
  const bad = checkJudgeAccount(ctx.role, 'record an appeal decision') ?? checkCase(subject) ?? checkInstant(input.at, '/at', ctx.now);
  if (bad) return bad;
  const c = subject.case!;
  if (!appealOutcomes.includes(input.outcome)) return reject('invalid_value', `outcome is one of: ${appealOutcomes.join(', ')}`, '/outcome');
  if (!c.appeal || c.appeal.decided) return reject('invalid_transition', 'no appeal is waiting for a decision in this case', '/case_id');
  const data: { case_id: string; at: string; outcome: AppealOutcome; sentence?: Sentence } = { case_id: c.id, at: input.at, outcome: input.outcome };
  if (input.outcome === 'sentence_changed') {
    if (c.verdict?.outcome !== 'convicted') return reject('not_convicted', 'the verdict appealed is not a conviction: there is no sentence to change', '/outcome');
    if (input.sentence === undefined) return reject('missing_item', 'give the sentence as changed on appeal', '/sentence');
    const sentence = normaliseSentence(input.sentence, '/sentence');
    if (isRejection(sentence)) return sentence;
    data.sentence = sentence;
  } else if (input.sentence !== undefined) {
    return reject('invalid_value', 'a sentence is given only when the appeal changed it', '/sentence');
  }
  return [newEvent('case.appeal_decided', subject.person!.id, input.at, data satisfies EventData['case.appeal_decided'])];
}
