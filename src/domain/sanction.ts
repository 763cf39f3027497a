/**
 * Disciplinary sanctions and what the law forbids (MR39, MR43–45; STANDARDS B: "segregation has
 * a clock (at most 15 days)"). A sanction is one of a permitted list; each measure the Mandela
 * Rules prohibit is refused by name (`prohibited_sanction`), with the rule that prohibits it, so
 * the refusal says what the law says:
 *
 * - MR43(1)(a) indefinite solitary confinement — a solitary confinement without a duration;
 * - MR43(1)(b), MR44 prolonged solitary confinement: more than 15 consecutive days, counting the
 *   sanctions it follows without a gap and a segregation already open;
 * - MR43(1)(c) placement in a dark or constantly lit cell;
 * - MR43(1)(d) corporal punishment, or the reduction of a prisoner's diet or drinking water;
 * - MR43(1)(e) collective punishment (a sanction is one person's, for their own act: discipline.ts);
 * - MR43(2) instruments of restraint as a sanction;
 * - MR43(3) the prohibition of family contact as a sanction.
 */
import { reject, type Rejection } from './rejection.ts';

/** Sanctions the register accepts. A warning has no duration; the others last whole days. */
export const permittedSanctions = ['warning', 'loss_of_privileges', 'loss_of_earnings', 'solitary_confinement'] as const;
export type PermittedSanction = (typeof permittedSanctions)[number];

/** Measures the law forbids as sanctions, each with the rule that forbids it. */
export const prohibitedSanctions = {
  indefinite_solitary_confinement: 'MR43(1)(a)',
  dark_or_constantly_lit_cell: 'MR43(1)(c)',
  corporal_punishment: 'MR43(1)(d)',
  reduction_of_food_or_water: 'MR43(1)(d)',
  collective_punishment: 'MR43(1)(e)',
  restraints: 'MR43(2)',
  prohibition_of_family_contact: 'MR43(3)',
} as const;
export type ProhibitedSanction = keyof typeof prohibitedSanctions;

/** Every kind a request may name: the permitted ones, and the prohibited ones the domain refuses by name. */
export const sanctionKinds = [...permittedSanctions, ...(Object.keys(prohibitedSanctions) as ProhibitedSanction[])] as const;

/** The longest solitary confinement, in consecutive days (MR43(1)(b), MR44; CLOCKS.md `segregation`). */
export const maxSolitaryDays = 15;
/** The longest loss of privileges or earnings, in days (a facility setting; this is the default). */
export const maxSanctionDays = 90;

export interface Sanction {
  readonly kind: PermittedSanction;
  /** Whole days; null for a warning. */
  readonly days: number | null;
  /** When it begins (ISO instant). */
  readonly starts_at: string;
}

/** What came before this sanction for the consecutive count of solitary confinement. */
export interface SolitaryHistory {
  /** The person's solitary confinement sanctions in force or served, not quashed. */
  readonly solitary: readonly { readonly starts_at: string; readonly days: number }[];
  /** The start of a segregation period open now (segregation.ts), if any. */
  readonly segregatedSince: string | null;
}

const dayMs = 86_400_000;

/**
 * How many consecutive days of solitary confinement the person will serve in the unbroken run
 * that holds a new one of `days` from `startsAt`: the new one joined with every sanction (or an
 * open segregation) that touches it with no gap, before or after it, and with every one that
 * touches those in turn.
 */
export function consecutiveSolitaryDays(history: SolitaryHistory, startsAt: string, days: number): number {
  let runStart = Date.parse(startsAt);
  let runEnd = runStart + days * dayMs;
  const periods = history.solitary.map((s) => ({ from: Date.parse(s.starts_at), to: Date.parse(s.starts_at) + s.days * dayMs }));
  if (history.segregatedSince !== null) periods.push({ from: Date.parse(history.segregatedSince), to: Math.max(runStart, Date.parse(history.segregatedSince)) });
  for (let moved = true; moved; ) {
    moved = false;
    for (const p of periods) {
      if (p.from <= runEnd && p.to >= runStart && (p.from < runStart || p.to > runEnd)) {
        runStart = Math.min(runStart, p.from);
        runEnd = Math.max(runEnd, p.to);
        moved = true;
      }
    }
  }
  return Math.ceil((runEnd - runStart) / dayMs);
}

/** Check a sanction as asked for: refused by name when the law forbids it, or at its field when it is not well formed. */
export function checkSanction(input: { readonly kind: string; readonly days?: number | null }, history: SolitaryHistory, startsAt: string): Rejection | null {
  if (Object.hasOwn(prohibitedSanctions, input.kind)) {
    const rule = prohibitedSanctions[input.kind as ProhibitedSanction];
    return reject('prohibited_sanction', `${input.kind.replaceAll('_', ' ')} is prohibited as a disciplinary sanction (${rule})`, '/kind');
  }
  if (!(permittedSanctions as readonly string[]).includes(input.kind)) return reject('invalid_value', `kind is one of: ${permittedSanctions.join(', ')}`, '/kind');
  const days = input.days ?? null;
  if (input.kind === 'warning') return days === null ? null : reject('invalid_value', 'a warning has no duration; leave days out', '/days');
  if (days === null) {
    return input.kind === 'solitary_confinement'
      ? reject('prohibited_sanction', `solitary confinement without a duration is indefinite, prohibited (MR43(1)(a)); give days, at most ${maxSolitaryDays}`, '/days')
      : reject('missing_item', 'give the duration in days', '/days');
  }
  if (!Number.isInteger(days) || days < 1) return reject('invalid_value', 'days is a whole number of at least 1', '/days');
  if (input.kind !== 'solitary_confinement') return days <= maxSanctionDays ? null : reject('invalid_value', `days is at most ${maxSanctionDays}`, '/days');
  if (days > maxSolitaryDays) return reject('prohibited_sanction', `solitary confinement of more than ${maxSolitaryDays} consecutive days is prolonged, prohibited (MR43(1)(b), MR44)`, '/days');
  const consecutive = consecutiveSolitaryDays(history, startsAt, days);
  if (consecutive > maxSolitaryDays) {
    return reject('prohibited_sanction', `with the solitary confinement or segregation it follows without a break this makes ${consecutive} consecutive days: more than ${maxSolitaryDays} is prohibited (MR43(1)(b), MR44)`, '/days');
  }
  return null;
}
