/**
 * Discipline (MR36–46, MR8(c,e)): a charge against one person for their own act — one the
 * facility's rules define (disciplinary-rules.ts; `offence_not_defined` otherwise) — of which
 * they are told when it is recorded (MR41(1)); a hearing where the person is heard (MR41(2–3)),
 * with what they said, an interpreter and counsel where there were; a sanction only after a
 * hearing found the charge proven (`hearing_required`), from the permitted list and never one
 * the law forbids (sanction.ts, `prohibited_sanction`); and the person's appeal, decided by the
 * authority independent of the facility alone (MR41(4); `independent_authority_only`).
 *
 * A charge is one person's: there is no charge of a group, so no sanction falls on anyone for
 * another's act (MR43(1)(e)).
 *
 *   charged ─hearing: proven→ proven ─sanction→ sanctioned ─appeal→ under_appeal ─→ confirmed | quashed
 *   charged ─hearing: not proven→ dismissed
 *
 * A sanction that lasts has its end recorded (`discipline.sanction_ended`), whatever the state; the
 * end of a solitary confinement, or its quashing, ends the period of segregation it is.
 */
import { independentRole } from './allegation.ts';
import { checkHeldAt, checkInstant, type CustodyStay } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { facilityDay, rulesInForce, sanctionPermitted, type DisciplinaryRules, type OffenceRule } from './disciplinary-rules.ts';
import { newEvent, type EventData } from './events.ts';
import type { Person } from './person.ts';
import { isRejection, reject, type Rejection } from './rejection.ts';
import { checkSanction, type PermittedSanction, type SolitaryHistory } from './sanction.ts';
import { decideSegregation, type SegregationSubject } from './segregation.ts';

export const disciplineStatuses = ['charged', 'proven', 'dismissed', 'sanctioned', 'under_appeal', 'confirmed', 'quashed'] as const;
export type DisciplineStatus = (typeof disciplineStatuses)[number];

export const hearingFindings = ['proven', 'not_proven'] as const;
export type HearingFinding = (typeof hearingFindings)[number];

export const appellants = ['detainee', 'counsel'] as const;
export type Appellant = (typeof appellants)[number];

export const appealOutcomes = ['confirmed', 'quashed'] as const;
export type SanctionAppealOutcome = (typeof appealOutcomes)[number];

export interface DisciplinaryHearing {
  readonly held_at: string;
  readonly held_by: string;
  /** What the person said in their defence (or that they chose to say nothing, when given the chance). */
  readonly detainee_statement: string;
  readonly interpreter: string | null;
  readonly counsel: string | null;
  readonly finding: HearingFinding;
  readonly reasons: string;
}

export interface DisciplinaryCase {
  readonly id: string;
  readonly person_id: string;
  readonly facility_id: string;
  readonly status: DisciplineStatus;
  /** The offence's code in the facility's rules. */
  readonly offence: string;
  /** Its name in those rules, and the version of the rules it was charged under (null: charged before facilities had their own rules). */
  readonly title: string | null;
  readonly rules_id: string | null;
  readonly rule: string;
  readonly act: string;
  readonly act_at: string;
  readonly charged_at: string;
  readonly charged_by: string;
  readonly hearing: DisciplinaryHearing | null;
  /** The sanction; `ended_at` once its end is recorded (a solitary confinement's ends its period of segregation). */
  readonly sanction: { readonly kind: PermittedSanction; readonly days: number | null; readonly starts_at: string; readonly imposed_by: string; readonly ended_at: string | null } | null;
  readonly appeal: {
    readonly appellant: Appellant;
    readonly grounds: string;
    readonly lodged_at: string;
    readonly recorded_by: string;
    readonly decision: { readonly outcome: SanctionAppealOutcome; readonly reasons: string; readonly decided_at: string; readonly decided_by: string } | null;
  } | null;
}

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

function oneOf<T extends string>(values: readonly T[], value: string, field: string): Rejection | null {
  return (values as readonly string[]).includes(value) ? null : reject('invalid_value', `${field.slice(1)} is one of: ${values.join(', ')}`, field);
}

const optional = (value: string | null | undefined) => (filled(value) ? value.trim() : null);

export interface ChargeDiscipline {
  readonly person_id: string;
  readonly offence: string;
  readonly act: string;
  readonly act_at: string;
  /** When the person was told of the charge (MR41(1)). */
  readonly charged_at: string;
}

export interface ChargeSubject {
  readonly person: Person | null;
  readonly stay: CustodyStay | null;
  /** The time zone of the facility holding the person (its local day is the day of the act). */
  readonly timeZone: string;
  /** Every version of that facility's rules, in the order they were recorded. */
  readonly rules: readonly DisciplinaryRules[];
}

/** Charge a person held in a facility with an offence of the rules in force there on the day of the act (MR37). */
export function decideChargeDiscipline(subject: ChargeSubject, input: ChargeDiscipline, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.custody.status !== 'in_custody' || !person.custody.facility_id) return reject('not_in_custody', 'only a person held in a facility is charged under its rules', '/person_id');
  const bad =
    (filled(input.act) ? null : reject('missing_item', 'describe the act the person is charged with', '/act')) ??
    checkInstant(input.act_at, '/act_at', ctx.now) ??
    checkHeldAt(input.act_at, subject.stay, '/act_at') ??
    checkInstant(input.charged_at, '/charged_at', ctx.now);
  if (bad) return bad;
  const day = facilityDay(input.act_at, subject.timeZone);
  const rules = rulesInForce(subject.rules, day);
  if (!rules) return reject('offence_not_defined', `the facility had no disciplinary rules in force on ${day}: no act there was an offence (MR37)`, '/offence');
  const offence = rules.offences.find((o) => o.code === input.offence);
  if (!offence) {
    return reject('offence_not_defined', `only an act the facility's rules define is a disciplinary offence (MR37): on ${day} its rules (in force from ${rules.effective_from}) define ${rules.offences.map((o) => o.code).join(', ')}`, '/offence');
  }
  if (Date.parse(input.charged_at) < Date.parse(input.act_at)) return reject('invalid_value', 'the charge cannot come before the act', '/charged_at');
  return [
    newEvent('discipline.charged', person.id, input.charged_at, {
      case_id: ctx.newId(),
      facility_id: person.custody.facility_id,
      offence: offence.code,
      rules_id: rules.id,
      title: offence.title,
      rule: offence.rule,
      act: input.act.trim(),
      act_at: input.act_at,
      charged_at: input.charged_at,
      charged_by: ctx.actor,
    }),
  ];
}

function caseOf(c: DisciplinaryCase | null, personId: string): Rejection | null {
  return !c || c.person_id !== personId ? reject('not_found', 'no disciplinary charge with this id for this person', '/case_id') : null;
}

export interface HearDiscipline {
  readonly person_id: string;
  readonly case_id: string;
  readonly held_at: string;
  readonly detainee_statement: string;
  readonly interpreter?: string;
  readonly counsel?: string;
  readonly finding: HearingFinding;
  readonly reasons: string;
}

/** The hearing of a charge, where the person is heard. */
export function decideHearDiscipline(c: DisciplinaryCase | null, input: HearDiscipline, ctx: Ctx): Decision {
  const missing = caseOf(c, input.person_id);
  if (missing) return missing;
  if (c!.status !== 'charged') return reject('invalid_transition', `this charge was heard on ${c!.hearing?.held_at}`, '/case_id');
  const bad =
    checkInstant(input.held_at, '/held_at', ctx.now) ??
    (filled(input.detainee_statement) ? null : reject('missing_item', 'the person is heard before any finding (MR41(3)): record what they said, or that they chose to say nothing', '/detainee_statement')) ??
    oneOf(hearingFindings, input.finding, '/finding') ??
    (filled(input.reasons) ? null : reject('missing_item', 'give the reasons of the finding', '/reasons'));
  if (bad) return bad;
  if (Date.parse(input.held_at) < Date.parse(c!.charged_at)) return reject('invalid_value', `the hearing cannot come before the charge (${c!.charged_at})`, '/held_at');
  return [
    newEvent('discipline.heard', c!.person_id, input.held_at, {
      case_id: c!.id,
      held_at: input.held_at,
      held_by: ctx.actor,
      detainee_statement: input.detainee_statement.trim(),
      interpreter: optional(input.interpreter),
      counsel: optional(input.counsel),
      finding: input.finding,
      reasons: input.reasons.trim(),
    }),
  ];
}

export interface ImposeSanction {
  readonly person_id: string;
  readonly case_id: string;
  readonly kind: string;
  readonly days?: number | null;
  readonly starts_at: string;
}

export interface SanctionSubject {
  readonly case: DisciplinaryCase | null;
  readonly history: SolitaryHistory;
  /** The offence as the rules it was charged under define it (null: charged before facilities had their own rules). */
  readonly offence: OffenceRule | null;
  /** The person's segregation, as segregation.ts decides on it: solitary confinement is a period of segregation. */
  readonly segregation: SegregationSubject;
}

/**
 * Impose a sanction on a charge found proven at a hearing: one the facility's rules permit for the
 * offence, and never one the law forbids. Solitary confinement is segregation (MR44): it opens a
 * period of segregation at its start, whose 15-day clock runs (CLOCKS.md `segregation`) — or, when
 * the person is already segregated, continues that period and its clock (the count of consecutive
 * days includes it). It is recorded when the person is placed apart, never ahead.
 */
export function decideImposeSanction(subject: SanctionSubject, input: ImposeSanction, ctx: Ctx): Decision {
  const c = subject.case;
  const missing = caseOf(c, input.person_id);
  if (missing) return missing;
  if (c!.status === 'charged') return reject('hearing_required', 'no sanction before a hearing where the person is heard (MR39(1), MR41)', '/case_id');
  if (c!.status === 'dismissed') return reject('invalid_transition', 'the hearing did not find the charge proven: no sanction', '/case_id');
  if (c!.status !== 'proven') return reject('invalid_transition', 'a sanction was imposed on this charge already: a person is not punished twice for one act (MR39(1))', '/case_id');
  const when = checkInstant(input.starts_at, '/starts_at', ctx.now, true);
  if (when) return when;
  if (Date.parse(input.starts_at) < Date.parse(c!.hearing!.held_at)) return reject('invalid_value', `the sanction cannot start before the hearing (${c!.hearing!.held_at})`, '/starts_at');
  const refused = checkSanction(input, subject.history, input.starts_at) ?? (subject.offence ? sanctionPermitted(subject.offence, input.kind, input.days ?? null) : null);
  if (refused) return refused;
  const sanctioned = newEvent('discipline.sanctioned', c!.person_id, ctx.now, { case_id: c!.id, kind: input.kind as PermittedSanction, days: input.days ?? null, starts_at: input.starts_at, imposed_by: ctx.actor });
  if (input.kind !== 'solitary_confinement') return [sanctioned];
  if (checkInstant(input.starts_at, '/starts_at', ctx.now)) return reject('invalid_value', 'solitary confinement opens a period of segregation when it begins: record it when the person is placed apart, not ahead', '/starts_at');
  if (subject.segregation.open) return [sanctioned];
  const opened = decideSegregation(subject.segregation, { person_id: c!.person_id, action: 'start', at: input.starts_at, reason: `solitary confinement: disciplinary sanction for ${c!.rule} (${c!.id})`, authorised_by: ctx.actor }, ctx);
  if (isRejection(opened)) return { ...opened, field: opened.field === '/at' ? '/starts_at' : opened.field };
  return [sanctioned, ...opened];
}

export interface EndSanction {
  readonly person_id: string;
  readonly case_id: string;
  readonly ended_at: string;
  readonly reason: string;
}

/**
 * Record the end of a sanction that lasts (served, or ended early). The end of a solitary
 * confinement ends the person's period of segregation with it.
 */
export function decideEndSanction(subject: { readonly case: DisciplinaryCase | null; readonly segregation: SegregationSubject }, input: EndSanction, ctx: Ctx): Decision {
  const c = subject.case;
  const missing = caseOf(c, input.person_id);
  if (missing) return missing;
  const sanction = c!.sanction;
  if (!sanction || c!.status === 'quashed') return reject('invalid_transition', 'no sanction stands on this charge', '/case_id');
  if (sanction.days === null) return reject('invalid_transition', 'a warning has no duration to end', '/case_id');
  if (sanction.ended_at) return reject('invalid_transition', `the sanction ended on ${sanction.ended_at}`, '/case_id');
  const bad = checkInstant(input.ended_at, '/ended_at', ctx.now) ?? (filled(input.reason) ? null : reject('missing_item', 'say why it ends: served, or ended early and on whose decision', '/reason'));
  if (bad) return bad;
  if (Date.parse(input.ended_at) < Date.parse(sanction.starts_at)) return reject('invalid_value', `the sanction cannot end before it started (${sanction.starts_at})`, '/ended_at');
  return [newEvent('discipline.sanction_ended', c!.person_id, input.ended_at, { case_id: c!.id, ended_at: input.ended_at, reason: input.reason.trim(), ended_by: ctx.actor }), ...endOfSolitary(c!, subject.segregation, input.ended_at, input.reason.trim(), ctx)];
}

/** A solitary confinement that ends (or is quashed) ends the person's open period of segregation. */
function endOfSolitary(c: DisciplinaryCase, segregation: SegregationSubject, at: string, reason: string, ctx: Ctx) {
  if (c.sanction?.kind !== 'solitary_confinement' || c.sanction.ended_at || !segregation.open || Date.parse(at) < Date.parse(segregation.open.at)) return [];
  const ended = decideSegregation(segregation, { person_id: c.person_id, action: 'end', at, reason: `end of solitary confinement (${c.id}): ${reason}`, authorised_by: ctx.actor }, ctx);
  return isRejection(ended) ? [] : ended;
}

export interface AppealSanction {
  readonly person_id: string;
  readonly case_id: string;
  readonly appellant: Appellant;
  readonly grounds: string;
  readonly lodged_at: string;
}

/** The person appeals the sanction to the independent authority (MR41(4)). */
export function decideAppealSanction(c: DisciplinaryCase | null, input: AppealSanction, ctx: Ctx): Decision {
  const missing = caseOf(c, input.person_id);
  if (missing) return missing;
  if (c!.status === 'under_appeal' || c!.status === 'confirmed' || c!.status === 'quashed') return reject('invalid_transition', `an appeal was lodged on ${c!.appeal?.lodged_at}`, '/case_id');
  if (c!.status !== 'sanctioned') return reject('invalid_transition', 'only a sanction is appealed: none was imposed on this charge', '/case_id');
  const bad =
    oneOf(appellants, input.appellant, '/appellant') ??
    (filled(input.grounds) ? null : reject('missing_item', 'record the grounds of the appeal, in the words given', '/grounds')) ??
    checkInstant(input.lodged_at, '/lodged_at', ctx.now);
  if (bad) return bad;
  if (Date.parse(input.lodged_at) < Date.parse(c!.hearing!.held_at)) return reject('invalid_value', `the appeal cannot come before the hearing (${c!.hearing!.held_at})`, '/lodged_at');
  return [newEvent('discipline.appealed', c!.person_id, input.lodged_at, { case_id: c!.id, appellant: input.appellant, grounds: input.grounds.trim(), lodged_at: input.lodged_at, recorded_by: ctx.actor })];
}

export interface DecideSanctionAppeal {
  readonly person_id: string;
  readonly case_id: string;
  readonly outcome: SanctionAppealOutcome;
  readonly reasons: string;
  readonly decided_at: string;
}

/** The independent authority decides the appeal: confirmed, or quashed. */
export function decideSanctionAppeal(subject: { readonly case: DisciplinaryCase | null; readonly segregation: SegregationSubject }, input: DecideSanctionAppeal, ctx: Ctx): Decision {
  const c = subject.case;
  const missing = caseOf(c, input.person_id);
  if (missing) return missing;
  if (ctx.role !== independentRole) return reject('independent_authority_only', 'an appeal against a sanction is decided by the authority independent of the facility, not by the facility’s officials (MR41(4))', '/case_id');
  if (c!.status !== 'under_appeal') return reject('invalid_transition', c!.appeal?.decision ? `the appeal was decided on ${c!.appeal.decision.decided_at}` : 'no appeal is pending on this charge', '/case_id');
  const bad =
    oneOf(appealOutcomes, input.outcome, '/outcome') ??
    (filled(input.reasons) ? null : reject('missing_item', 'give the reasons of the decision', '/reasons')) ??
    checkInstant(input.decided_at, '/decided_at', ctx.now);
  if (bad) return bad;
  if (Date.parse(input.decided_at) < Date.parse(c!.appeal!.lodged_at)) return reject('invalid_value', `the decision cannot come before the appeal (${c!.appeal!.lodged_at})`, '/decided_at');
  const decided = newEvent('discipline.appeal_decided', c!.person_id, input.decided_at, { case_id: c!.id, outcome: input.outcome, reasons: input.reasons.trim(), decided_at: input.decided_at, decided_by: ctx.actor });
  // A solitary confinement quashed while the person is still apart ends their period of segregation.
  return input.outcome === 'quashed' ? [decided, ...endOfSolitary(c!, subject.segregation, input.decided_at, `quashed on appeal: ${input.reasons.trim()}`, ctx)] : [decided];
}

export type DisciplineEventKind = Extract<keyof EventData, `discipline.${string}`>;

/** The case after one of its events (`discipline.charged` makes it from nothing). */
export function evolveDiscipline(c: DisciplinaryCase | null, e: { readonly kind: DisciplineEventKind; readonly person_id: string | null; readonly data: EventData[DisciplineEventKind] }): DisciplinaryCase {
  switch (e.kind) {
    case 'discipline.charged': {
      const d = e.data as EventData['discipline.charged'];
      return {
        id: d.case_id, person_id: e.person_id!, facility_id: d.facility_id, status: 'charged', offence: d.offence, title: d.title ?? null, rules_id: d.rules_id ?? null, rule: d.rule,
        act: d.act, act_at: d.act_at, charged_at: d.charged_at, charged_by: d.charged_by, hearing: null, sanction: null, appeal: null,
      };
    }
    case 'discipline.heard': {
      const { case_id: _, ...hearing } = e.data as EventData['discipline.heard'];
      return { ...c!, status: hearing.finding === 'proven' ? 'proven' : 'dismissed', hearing };
    }
    case 'discipline.sanctioned': {
      const { case_id: _, ...sanction } = e.data as EventData['discipline.sanctioned'];
      return { ...c!, status: 'sanctioned', sanction: { ...sanction, ended_at: null } };
    }
    case 'discipline.sanction_ended': {
      const d = e.data as EventData['discipline.sanction_ended'];
      return { ...c!, sanction: { ...c!.sanction!, ended_at: d.ended_at } };
    }
    case 'discipline.appealed': {
      const { case_id: _, ...appeal } = e.data as EventData['discipline.appealed'];
      return { ...c!, status: 'under_appeal', appeal: { ...appeal, decision: null } };
    }
    case 'discipline.appeal_decided': {
      const { case_id: _, ...decision } = e.data as EventData['discipline.appeal_decided'];
      return { ...c!, status: decision.outcome, appeal: { ...c!.appeal!, decision } };
    }
  }
  throw new Error(`not a discipline event: ${String(e.kind)}`);
}

/** The person's solitary confinement sanctions that stand (not quashed on appeal), for the consecutive count. */
export function solitaryOf(cases: readonly DisciplinaryCase[]): SolitaryHistory['solitary'] {
  return cases.flatMap((c) => (c.sanction?.kind === 'solitary_confinement' && c.status !== 'quashed' && c.sanction.days !== null ? [{ starts_at: c.sanction.starts_at, days: c.sanction.days }] : []));
}
