/**
 * The individual safeguards assessment without which nobody is returned to a state
 * (STANDARDS C; ICRC transfer guidance, ICPPED 16): the risk, in that state, of torture, of
 * the death penalty, of persecution and of a flagrantly unfair trial, each with its finding
 * and reasoning; the person heard, with who was there for them (counsel, or why not; an
 * interpreter, or why none was needed); and the person's own wishes, in their words.
 */
import { checkInstant } from './case.ts';
import { filled } from './decision.ts';
import { reject, type Rejection } from './rejection.ts';
import { riskFindings, type RiskAssessment } from './transfer.ts';

export const repatriationRisks = ['torture', 'death_penalty', 'persecution', 'unfair_trial'] as const;
export type RepatriationRisk = (typeof repatriationRisks)[number];

export const returnWishes = ['wishes_to_return', 'does_not_wish_to_return', 'undecided'] as const;
export type ReturnWish = (typeof returnWishes)[number];

export interface RepatriationAssessment {
  readonly risks: Readonly<Record<RepatriationRisk, RiskAssessment>>;
  readonly heard: {
    readonly at: string;
    /** What the person said, or that they declined to speak. */
    readonly summary: string;
    readonly counsel: { readonly name: string } | { readonly absent_reason: string };
    readonly interpreter: { readonly name: string; readonly language: string } | { readonly not_needed_reason: string };
  };
  readonly wishes: { readonly wish: ReturnWish; readonly statement: string };
}

/** Check an assessment as given; `at` no later than now. */
export function checkAssessment(a: RepatriationAssessment, now: string): Rejection | null {
  for (const risk of repatriationRisks) {
    const r = a.risks?.[risk];
    if (!r || !riskFindings.includes(r.finding)) {
      return reject('invalid_value', `give a finding on the risk of ${risk.replace('_', ' ')}: ${riskFindings.join(' or ')}`, `/assessment/risks/${risk}/finding`);
    }
    if (!filled(r.reasoning)) return reject('missing_item', 'a finding needs its reasoning (the sources on the state, the person’s own situation)', `/assessment/risks/${risk}/reasoning`);
  }
  const heard = a.heard;
  const when = checkInstant(heard.at, '/assessment/heard/at', now);
  if (when) return when;
  if (!filled(heard.summary)) return reject('missing_item', 'record what the person said, or that they declined to speak', '/assessment/heard/summary');
  if ('name' in heard.counsel ? !filled(heard.counsel.name) : !filled(heard.counsel.absent_reason)) {
    return reject('missing_item', 'name counsel who was present, or say why the person was heard without counsel', '/assessment/heard/counsel');
  }
  if ('name' in heard.interpreter) {
    if (!filled(heard.interpreter.name)) return reject('missing_item', 'name the interpreter', '/assessment/heard/interpreter/name');
    if (!filled(heard.interpreter.language)) return reject('missing_item', 'give the language interpreted', '/assessment/heard/interpreter/language');
  } else if (!filled(heard.interpreter.not_needed_reason)) {
    return reject('missing_item', 'name the interpreter, or say why none was needed', '/assessment/heard/interpreter');
  }
  if (!returnWishes.includes(a.wishes.wish)) return reject('invalid_value', `wish is one of: ${returnWishes.join(', ')}`, '/assessment/wishes/wish');
  if (!filled(a.wishes.statement)) return reject('missing_item', 'record the person’s wishes in their own words', '/assessment/wishes/statement');
  return null;
}

/** The risks found real in an assessment, in the order above. */
export function realRisks(a: RepatriationAssessment): RepatriationRisk[] {
  return repatriationRisks.filter((risk) => a.risks[risk].finding === 'real_risk');
}
