/**
 * An allegation of torture or ill-treatment (MR57(3), MR71, CAT 12–13): recorded by anyone
 * who hears it — from the detainee, counsel, a relative, staff, a doctor, a visitor — whether
 * or not a formal complaint was made, it opens at once a referral to an authority independent
 * of the facility: a task for the `oversight` role and an escalation clock (response-clock.ts)
 * that runs until that authority takes the referral up. Only the independent authority
 * acknowledges and closes the referral: the facility's roles are refused by name
 * (`independent_authority_only`), whatever their rank.
 *
 * `decideRecordAllegation` and `decideAllegationStep` decide; `evolveAllegation` folds an
 * allegation's events (store/allegations.ts).
 */
import { checkInstant } from './case.ts';
import { filled, hoursAfter, type Decision, type DecisionContext } from './decision.ts';
import { newEvent, type EventData, type NewEvent } from './events.ts';
import type { Person } from './person.ts';
import { reject, type Rejection } from './rejection.ts';
import type { ResponseClockRules } from './response-clock.ts';
import type { SealedText } from './sealed-text.ts';

/** Who told the recorder of it. */
export const allegationSources = ['detainee', 'counsel', 'relative', 'representative', 'staff', 'medical', 'visitor', 'other'] as const;
export type AllegationSource = (typeof allegationSources)[number];

export const allegationStatuses = ['referred', 'acknowledged', 'closed'] as const;
export type AllegationStatus = (typeof allegationStatuses)[number];

/** The role of the authority independent of the facility, the only one that takes up and closes a referral. */
export const independentRole = 'oversight';

export const allegationOutcomes = ['substantiated', 'not_substantiated', 'referred_for_prosecution', 'withdrawn_by_detainee'] as const;
export type AllegationOutcome = (typeof allegationOutcomes)[number];

export interface Allegation {
  readonly id: string;
  readonly person_id: string;
  readonly status: AllegationStatus;
  readonly heard_from: AllegationSource;
  /** What was alleged; null, with its seal, when it came with a confidential complaint (sealed-text.ts), until the independent authority opens it. */
  readonly account: string | null;
  readonly account_sha256: string | null;
  readonly heard_at: string;
  readonly recorded_by: string;
  /** The formal complaint it came with, if any. */
  readonly complaint_id: string | null;
  readonly task_id: string;
  /** When the referral is escalated if the independent authority has not taken it up. */
  readonly escalate_at: string;
  readonly acknowledged: { readonly at: string; readonly by: string; readonly reference: string } | null;
  /** The findings are sealed, like the account, on a referral opened by a confidential complaint. */
  readonly closed: { readonly at: string; readonly by: string; readonly outcome: AllegationOutcome; readonly findings: string | null; readonly findings_sha256: string | null } | null;
}

export interface RecordAllegation {
  readonly person_id: string;
  readonly heard_from: AllegationSource;
  /** What was alleged, in the words heard. */
  readonly account: string;
  readonly heard_at: string;
}

type Ctx = DecisionContext & { readonly actor: string; readonly role: string };

export function checkAllegationSource(value: string, field: string): Rejection | null {
  return (allegationSources as readonly string[]).includes(value) ? null : reject('invalid_value', `${field.slice(1)} is one of: ${allegationSources.join(', ')}`, field);
}

/** The event that records an allegation and opens its independent referral. */
export function allegationEvent(
  personId: string,
  allegationId: string,
  input: { heard_from: AllegationSource; account: string | SealedText; heard_at: string; complaint_id: string | null },
  rules: ResponseClockRules,
  ctx: Ctx,
): NewEvent<'allegation.recorded'> {
  return newEvent('allegation.recorded', personId, input.heard_at, {
    allegation_id: allegationId,
    heard_from: input.heard_from,
    ...(typeof input.account === 'string' ? { account: input.account } : { account_sha256: input.account.sha256 }),
    heard_at: input.heard_at,
    recorded_by: ctx.actor,
    complaint_id: input.complaint_id,
    referral: { task_id: ctx.newId(), to_role: independentRole, escalate_at: hoursAfter(input.heard_at, rules.referralEscalationHours) },
  });
}

/** Record an allegation heard, formal complaint or not: the referral opens with it. */
export function decideRecordAllegation(subject: { readonly person: Person | null; readonly rules: ResponseClockRules }, input: RecordAllegation, ctx: Ctx): Decision {
  const { person } = subject;
  if (!person) return reject('not_found', 'no person with this id is registered', '/person_id');
  if (person.merged_into) return reject('invalid_value', `this record was merged into ${person.merged_into}; record it on that record`, '/person_id');
  const bad =
    checkAllegationSource(input.heard_from, '/heard_from') ??
    (filled(input.account) ? null : reject('missing_item', 'record what was alleged, in the words heard', '/account')) ??
    checkInstant(input.heard_at, '/heard_at', ctx.now);
  if (bad) return bad;
  return [allegationEvent(person.id, ctx.newId(), { heard_from: input.heard_from, account: input.account.trim(), heard_at: input.heard_at, complaint_id: null }, subject.rules, ctx)];
}

export type AllegationStep =
  | { readonly kind: 'acknowledge'; readonly reference: string }
  | { readonly kind: 'close'; readonly outcome: AllegationOutcome; readonly findings: string };

/**
 * Take up or close a referral: the independent authority's steps, refused by name to anyone else.
 * `sealed` is the seal of the findings when the allegation's account is sealed (a confidential complaint's).
 */
export function decideAllegationStep(allegation: Allegation | null, step: AllegationStep, ctx: Ctx, sealed: SealedText | null = null): Decision {
  if (!allegation) return reject('not_found', 'no allegation with this id', '/allegation_id');
  if (ctx.role !== independentRole) {
    return reject(
      'independent_authority_only',
      step.kind === 'close'
        ? 'an allegation of torture or ill-treatment is closed only by the authority independent of the facility (MR57(3), MR71); the facility cannot close it'
        : 'only the authority independent of the facility takes up the referral',
      '/allegation_id',
    );
  }
  if (allegation.status === 'closed') return reject('invalid_transition', 'the referral is closed', '/allegation_id');
  if (step.kind === 'acknowledge') {
    if (allegation.status !== 'referred') return reject('invalid_transition', 'the referral was already taken up', '/allegation_id');
    if (!filled(step.reference)) return reject('missing_item', 'give the independent authority’s reference for the referral', '/reference');
    return [newEvent('allegation.acknowledged', allegation.person_id, ctx.now, { allegation_id: allegation.id, reference: step.reference.trim(), acknowledged_by: ctx.actor })];
  }
  if (!(allegationOutcomes as readonly string[]).includes(step.outcome)) return reject('invalid_value', `outcome is one of: ${allegationOutcomes.join(', ')}`, '/outcome');
  if (!filled(step.findings)) return reject('missing_item', 'record what the independent authority found', '/findings');
  if (allegation.account_sha256 && !sealed) throw new Error('the findings on a confidential complaint’s referral are recorded with their seal (sealed-text.ts)');
  const findings = allegation.account_sha256 ? { findings_sha256: sealed!.sha256 } : { findings: step.findings.trim() };
  return [newEvent('allegation.closed', allegation.person_id, ctx.now, { allegation_id: allegation.id, outcome: step.outcome, ...findings, closed_by: ctx.actor })];
}

export type AllegationEventKind = Extract<keyof EventData, `allegation.${string}`>;

/** The allegation after one of its events (`allegation.recorded` makes it from nothing). */
export function evolveAllegation(a: Allegation | null, e: { readonly kind: AllegationEventKind; readonly person_id: string | null; readonly occurred_at: string; readonly data: EventData[AllegationEventKind] }): Allegation {
  switch (e.kind) {
    case 'allegation.recorded': {
      const d = e.data as EventData['allegation.recorded'];
      return {
        id: d.allegation_id,
        person_id: e.person_id!,
        status: 'referred',
        heard_from: d.heard_from,
        account: d.account ?? null,
        account_sha256: d.account_sha256 ?? null,
        heard_at: d.heard_at,
        recorded_by: d.recorded_by,
        complaint_id: d.complaint_id,
        task_id: d.referral.task_id,
        escalate_at: d.referral.escalate_at,
        acknowledged: null,
        closed: null,
      };
    }
    case 'allegation.acknowledged': {
      const d = e.data as EventData['allegation.acknowledged'];
      return { ...a!, status: 'acknowledged', acknowledged: { at: e.occurred_at, by: d.acknowledged_by, reference: d.reference } };
    }
    case 'allegation.closed': {
      const d = e.data as EventData['allegation.closed'];
      return { ...a!, status: 'closed', closed: { at: e.occurred_at, by: d.closed_by, outcome: d.outcome, findings: d.findings ?? null, findings_sha256: d.findings_sha256 ?? null } };
    }
  }
}
