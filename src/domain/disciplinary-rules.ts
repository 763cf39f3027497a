/**
 * A facility's disciplinary rules (MR37): (a) the conduct that constitutes a disciplinary offence,
 * (b) the types and duration of the sanctions that may be imposed for it, (c) the authority
 * competent to impose them — made by law or by the competent authority's regulation (the legal
 * basis), and in force from a date. Each adoption is a whole version of a facility's rules,
 * recorded as an event by an official who may manage facilities; the version in force on a day is
 * the one with the latest date of effect on or before it (of two with the same date, the one
 * recorded last). A charge names an offence of the rules in force at the facility on the day of
 * the conduct (discipline.ts; `offence_not_defined` otherwise), and a sanction is one those rules
 * permit for that offence, for no longer than they permit (`sanctionPermitted`).
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData } from './events.ts';
import type { Facility } from './facility.ts';
import { reject, type Rejection } from './rejection.ts';
import { isIsoDate } from './values.ts';
import { maxSanctionDays, maxSolitaryDays, permittedSanctions, prohibitedSanctions, type PermittedSanction, type ProhibitedSanction } from './sanction.ts';

/** A sanction the rules permit for an offence: its kind and its longest duration in days (none for a warning). */
export interface RuleSanction {
  readonly kind: PermittedSanction;
  readonly max_days: number | null;
}

/** An offence as the rules define it. */
export interface OffenceRule {
  /** A stable code for the offence (lower case letters, digits and underscores), the same across versions. */
  readonly code: string;
  /** The rule's reference in the regulation, e.g. "FR-8" or "art. 12". */
  readonly rule: string;
  /** The offence's name, in the rules' words. */
  readonly title: string;
  /** The conduct that constitutes it (MR37(a)). */
  readonly conduct: string;
  /** The sanctions that may be imposed for it, each with its longest duration (MR37(b)). */
  readonly sanctions: readonly RuleSanction[];
  /** The authority competent to impose them (MR37(c)). */
  readonly authority: string;
}

export interface DisciplinaryRules {
  readonly id: string;
  readonly facility_id: string;
  /** The local day (YYYY-MM-DD) from which this version is in force. */
  readonly effective_from: string;
  /** The law or regulation the rules are made under. */
  readonly legal_basis: string;
  readonly offences: readonly OffenceRule[];
  readonly adopted_by: string;
  readonly adopted_at: string;
}

export interface AdoptDisciplinaryRules {
  readonly facility_id: string;
  readonly effective_from: string;
  readonly legal_basis: string;
  readonly offences: readonly { readonly code: string; readonly rule: string; readonly title: string; readonly conduct: string; readonly sanctions: readonly { readonly kind: string; readonly max_days?: number | null }[]; readonly authority: string }[];
}

/** The most offences one version of rules holds (the request's limit, which keeps its event well inside a log entry). */
export const maxOffences = 60;
const codePattern = /^[a-z][a-z0-9_]{0,59}$/;

/** The day (YYYY-MM-DD) of an instant in a facility's own time zone (the day its rules are read on; the register's day is local-day.ts). */
export function facilityDay(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

function checkSanctionRule(s: { readonly kind: string; readonly max_days?: number | null }, field: string): Rejection | null {
  if (Object.hasOwn(prohibitedSanctions, s.kind)) {
    return reject('prohibited_sanction', `${s.kind.replaceAll('_', ' ')} is prohibited as a disciplinary sanction (${prohibitedSanctions[s.kind as ProhibitedSanction]}): no rules may permit it`, `${field}/kind`);
  }
  if (!(permittedSanctions as readonly string[]).includes(s.kind)) return reject('invalid_value', `kind is one of: ${permittedSanctions.join(', ')}`, `${field}/kind`);
  const days = s.max_days ?? null;
  if (s.kind === 'warning') return days === null ? null : reject('invalid_value', 'a warning has no duration; leave max_days out', `${field}/max_days`);
  if (days === null) {
    return s.kind === 'solitary_confinement'
      ? reject('prohibited_sanction', `solitary confinement without a longest duration would be indefinite, prohibited (MR43(1)(a)); give max_days, at most ${maxSolitaryDays}`, `${field}/max_days`)
      : reject('missing_item', 'give the longest duration in days', `${field}/max_days`);
  }
  const most = s.kind === 'solitary_confinement' ? maxSolitaryDays : maxSanctionDays;
  if (!Number.isInteger(days) || days < 1) return reject('invalid_value', 'max_days is a whole number of at least 1', `${field}/max_days`);
  if (days > most) {
    return s.kind === 'solitary_confinement'
      ? reject('prohibited_sanction', `solitary confinement of more than ${maxSolitaryDays} consecutive days is prolonged, prohibited (MR43(1)(b), MR44): no rules may permit it`, `${field}/max_days`)
      : reject('invalid_value', `max_days is at most ${maxSanctionDays}`, `${field}/max_days`);
  }
  return null;
}

/** Adopt a version of a facility's rules: every offence with its conduct, its sanctions and the competent authority. */
export function decideAdoptRules(facility: Facility | null, input: AdoptDisciplinaryRules, ctx: DecisionContext & { readonly actor: string }): Decision {
  if (!facility) return reject('not_found', 'no facility with this id is registered', '/facility_id');
  if (!isIsoDate(input.effective_from)) return reject('invalid_value', 'effective_from is the day the rules take effect: YYYY-MM-DD', '/effective_from');
  if (!filled(input.legal_basis)) return reject('missing_item', 'name the law or regulation the rules are made under (MR37)', '/legal_basis');
  if (!input.offences.length) return reject('missing_item', 'the rules define at least one offence', '/offences');
  if (input.offences.length > maxOffences) return reject('invalid_value', `at most ${maxOffences} offences in one version`, '/offences');
  const codes = new Set<string>();
  for (const [i, o] of input.offences.entries()) {
    const at = `/offences/${i}`;
    if (!codePattern.test(o.code)) return reject('invalid_value', 'code is lower case letters, digits and underscores, beginning with a letter (e.g. theft)', `${at}/code`);
    if (codes.has(o.code)) return reject('duplicate', `the offence ${o.code} is defined twice`, `${at}/code`);
    codes.add(o.code);
    for (const key of ['rule', 'title', 'conduct', 'authority'] as const) {
      if (!filled(o[key])) {
        const why = { rule: 'give the rule’s reference in the regulation', title: 'name the offence', conduct: 'describe the conduct that constitutes the offence (MR37(a))', authority: 'name the authority competent to impose its sanctions (MR37(c))' }[key];
        return reject('missing_item', why, `${at}/${key}`);
      }
    }
    if (!o.sanctions.length) return reject('missing_item', 'the rules say which sanctions may be imposed for the offence (MR37(b))', `${at}/sanctions`);
    const kinds = new Set<string>();
    for (const [j, s] of o.sanctions.entries()) {
      const bad = checkSanctionRule(s, `${at}/sanctions/${j}`);
      if (bad) return bad;
      if (kinds.has(s.kind)) return reject('duplicate', `${s.kind} is listed twice for this offence`, `${at}/sanctions/${j}/kind`);
      kinds.add(s.kind);
    }
  }
  return [
    newEvent('facility.disciplinary_rules_adopted', null, ctx.now, {
      rules_id: ctx.newId(),
      facility_id: facility.id,
      effective_from: input.effective_from,
      legal_basis: input.legal_basis.trim(),
      offences: input.offences.map((o) => ({
        code: o.code,
        rule: o.rule.trim(),
        title: o.title.trim(),
        conduct: o.conduct.trim(),
        sanctions: o.sanctions.map((s) => ({ kind: s.kind as PermittedSanction, max_days: s.max_days ?? null })),
        authority: o.authority.trim(),
      })),
      adopted_by: ctx.actor,
    }),
  ];
}

/** The version in force on a local day: the latest date of effect on or before it, the last recorded of a day; null when none is. */
export function rulesInForce<R extends Pick<DisciplinaryRules, 'effective_from'>>(versions: readonly R[], day: string): R | null {
  let found: R | null = null;
  // Versions are given in the order they were recorded.
  for (const v of versions) if (v.effective_from <= day && (!found || v.effective_from >= found.effective_from)) found = v;
  return found;
}

/** Whether the rules permit this sanction for the offence, and for this long; the refusal says what they permit. */
export function sanctionPermitted(offence: OffenceRule, kind: string, days: number | null): Rejection | null {
  const allowed = offence.sanctions.find((s) => s.kind === kind);
  const listed = offence.sanctions.map((s) => (s.max_days === null ? s.kind : `${s.kind} (at most ${s.max_days} days)`)).join(', ');
  if (!allowed) return reject('invalid_value', `the facility's rules (${offence.rule}) permit for this offence: ${listed}`, '/kind');
  if (allowed.max_days !== null && days !== null && days > allowed.max_days) return reject('invalid_value', `the facility's rules (${offence.rule}) permit ${kind} for this offence for at most ${allowed.max_days} days`, '/days');
  return null;
}

export type DisciplinaryRulesAdopted = EventData['facility.disciplinary_rules_adopted'];
