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
 */
import { independentRole } from './allegation.ts';
import { checkHeldAt, checkInstant, type CustodyStay } from './case.ts';
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { disciplinaryOffences, isDisciplinaryOffence, type DisciplinaryOffence } from './disciplinary-rules.ts';
import { newEvent, type EventData } from './events.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import { checkSanction, type PermittedSanction, type SolitaryHistory } from './sanction.ts';

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
  readonly offence: DisciplinaryOffence;
  readonly rule: string;
  readonly act: string;
  readonly act_at: string;
  readonly charged_at: string;
  readonly charged_by: string;
  readonly hearing: DisciplinaryHearing | null;
  readonly sanction: { readonly kind: PermittedSanction; readonly days: number | null; readonly starts_at: string; readonly imposed_by: string } | null;
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

/** Charge a person held in a facility with an act the facility's rules define. */
export function decideChargeDiscipline(subject: { readonly person: Person | null; readonly stay: CustodyStay | null }, input: ChargeDiscipline, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.custody.status !== 'in_custody' || !person.custody.facility_id) return reject('not_in_custody', 'only a person held in a facility is charged under its rules', '/person_id');
  if (!isDisciplinaryOffence(input.offence)) return reject('offence_not_defined', `only an act the facility's rules define is a disciplinary offence (MR37): one of ${Object.keys(disciplinaryOffences).join(', ')}`, '/offence');
  const bad =
    (filled(input.act) ? null : reject('missing_item', 'describe the act the person is charged with', '/act')) ??
    checkInstant(input.act_at, '/act_at', ctx.now) ??
    checkHeldAt(input.act_at, subject.stay, '/act_at') ??
    checkInstant(input.charged_at, '/charged_at', ctx.now);
  if (bad) return bad;
  if (Date.parse(input.charged_at) < Date.parse(input.act_at)) return reject('invalid_value', 'the charge cannot come before the act', '/charged_at');
  return [
    newEvent('discipline.charged', person.id, input.charged_at, {
      case_id: ctx.newId(),
      facility_id: person.custody.facility_id,
      offence: input.offence,
      rule: disciplinaryOffences[input.offence],
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

/** Impose a sanction on a charge found proven at a hearing: permitted, and never one the law forbids. */
export function decideImposeSanction(subject: { readonly case: DisciplinaryCase | null; readonly history: SolitaryHistory }, input: ImposeSanction, ctx: Ctx): Decision {
  const c = subject.case;
  const missing = caseOf(c, input.person_id);
  if (missing) return missing;
  if (c!.status === 'charged') return reject('hearing_required', 'no sanction before a hearing where the person is heard (MR39(1), MR41)', '/case_id');
  if (c!.status === 'dismissed') return reject('invalid_transition', 'the hearing did not find the charge proven: no sanction', '/case_id');
  if (c!.status !== 'proven') return reject('invalid_transition', 'a sanction was imposed on this charge already: a person is not punished twice for one act (MR39(1))', '/case_id');
  const when = checkInstant(input.starts_at, '/starts_at', ctx.now, true);
  if (when) return when;
  if (Date.parse(input.starts_at) < Date.parse(c!.hearing!.held_at)) return reject('invalid_value', `the sanction cannot start before the hearing (${c!.hearing!.held_at})`, '/starts_at');
  const refused = checkSanction(input, subject.history, input.starts_at);
  if (refused) return refused;
  return [newEvent('discipline.sanctioned', c!.person_id, ctx.now, { case_id: c!.id, kind: input.kind as PermittedSanction, days: input.days ?? null, starts_at: input.starts_at, imposed_by: ctx.actor })];
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
export function decideSanctionAppeal(c: DisciplinaryCase | null, input: DecideSanctionAppeal, ctx: Ctx): Decision {
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
  return [newEvent('discipline.appeal_decided', c!.person_id, input.decided_at, { case_id: c!.id, outcome: input.outcome, reasons: input.reasons.trim(), decided_at: input.decided_at, decided_by: ctx.actor })];
}

export type DisciplineEventKind = Extract<keyof EventData, `discipline.${string}`>;

/** The case after one of its events (`discipline.charged` makes it from nothing). */
export function evolveDiscipline(c: DisciplinaryCase | null, e: { readonly kind: DisciplineEventKind; readonly person_id: string | null; readonly data: EventData[DisciplineEventKind] }): DisciplinaryCase {
  switch (e.kind) {
    case 'discipline.charged': {
      const d = e.data as EventData['discipline.charged'];
      return { id: d.case_id, person_id: e.person_id!, facility_id: d.facility_id, status: 'charged', offence: d.offence, rule: d.rule, act: d.act, act_at: d.act_at, charged_at: d.charged_at, charged_by: d.charged_by, hearing: null, sanction: null, appeal: null };
    }
    case 'discipline.heard': {
      const { case_id: _, ...hearing } = e.data as EventData['discipline.heard'];
      return { ...c!, status: hearing.finding === 'proven' ? 'proven' : 'dismissed', hearing };
    }
    case 'discipline.sanctioned': {
      const { case_id: _, ...sanction } = e.data as EventData['discipline.sanctioned'];
      return { ...c!, status: 'sanctioned', sanction };
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
