/**
 * A refused command: a stable code (the UI and API translate by it), a message in
 * plain words, and the field it concerns. Domain decisions return these; they never throw.
 */
export interface Rejection {
  readonly rejected: true;
  readonly code: RejectionCode;
  readonly message: string;
  /** JSON-pointer-like path of the offending input, e.g. `/items/first_deprivation`. */
  readonly field?: string;
}

/** The catalogue of rejection codes. Each maps to one HTTP status in the API. */
export const rejectionCodes = {
  not_found: 404,
  invalid_value: 422,
  missing_item: 422,
  stale_version: 409,
  already_in_custody: 409,
  not_in_custody: 409,
  invalid_transition: 409,
  separation_violation: 422,
  capacity_exceeded: 409,
  record_frozen: 409,
  duplicate: 409,
  idempotency_key_reused: 422,
  forbidden: 403,
  /** The law's refusals on the judicial track (case.ts, case-order.ts): an order, appearance or hearing names no judge; */
  judge_required: 422,
  /** a sentence for someone the case has not convicted; */
  not_convicted: 409,
  /** an order, appearance or hearing dated before the person's present custody began. */
  before_custody: 422,
  /** An event would not fit a tlog-tiles entry (65,535 bytes, event-size.ts): nothing is written. */
  event_too_large: 422,
  /** The person is probably registered already (a likely duplicate): registering or admitting them anyway needs a reason (identity.ts). */
  likely_duplicate: 409,
  /** The law's refusals of a repatriation's approval (repatriation.ts): no safeguards assessment stands; */
  safeguards_required: 409,
  /** the assessment has not been reviewed by a second official; */
  review_required: 409,
  /** the official who assessed would review or approve; */
  same_official: 403,
  /** a case before an Iraqi court is open and no decision of that court permits travel; */
  court_blocker: 409,
  /** a real risk of torture, persecution or a flagrantly unfair trial was found (non-refoulement); */
  refoulement_risk: 409,
  /** the state applies the death penalty and no assurance against it is recorded; */
  assurance_required: 422,
  /** the person is a minor and no best-interests assessment (with a parent, or a reasoned separation) is recorded (repatriation-family.ts). */
  best_interests_required: 409,
  /** a parent's return approved while a child of theirs has no case, or one without a best-interests decision (repatriation-family.ts); */
  would_separate_child: 409,
  /** an approval that sets no contact after the return (repatriation-follow-up.ts); */
  follow_up_required: 422,
  /** a returned person's case closed with contacts still due and no reason they cannot be made; */
  follow_up_pending: 409,
  /** an unaccompanied child's case closed without a guardian named (repatriation-family.ts); */
  guardian_required: 409,
  /** an order to another state dispatched with a person whose repatriation case there is not approved (repatriation-travel.ts). */
  repatriation_not_approved: 409,
  /** Consular notification (consular-notification.ts): sent before the person was told of their right and their wish recorded; */
  rights_not_told: 409,
  /** sent against the person's refusal where the state's policy is notification on request. */
  notification_refused: 409,
  /** An allegation of ill-treatment is taken up and closed only by the authority independent of the facility (allegation.ts). */
  independent_authority_only: 403,
  /** Information requests and their restrictions (ICPPED 18, 20): "not held" or any answer before the look-up's candidates are recorded; */
  lookup_not_reviewed: 409,
  /** a restriction without the reference of the judicial decision behind it; */
  judicial_reference_required: 422,
  /** a restriction without an expiry; */
  expiry_required: 422,
  /** a restriction applied to judges or to the independent visiting body; */
  restriction_not_applicable: 422,
  /** an answer given before answers were kept beside the log, which the log no longer gives again as it was given. */
  answer_not_reproduced: 409,
  /** Independent visits (visit.ts): a visit of a body that is not accredited; */
  not_accredited: 409,
  /** access refused or deferred without a reason, an authority or an end date (BP29). */
  restriction_unjustified: 422,
  /** Discipline (discipline.ts, sanction.ts): an act the facility's rules do not define is not an offence (MR37); */
  offence_not_defined: 422,
  /** a sanction without a hearing where the person was heard (MR39, MR41); */
  hearing_required: 409,
  /** a sanction the law prohibits (MR43–44): named in the message with its rule. */
  prohibited_sanction: 422,
  /** Accounts (account-request.ts): a change that would leave the register fewer than two enabled administrators (nobody could approve alone, and the console's bootstrap would reopen). */
  too_few_administrators: 409,
} as const;

export type RejectionCode = keyof typeof rejectionCodes;

/** Build a rejection. */
export function reject(code: RejectionCode, message: string, field?: string): Rejection {
  return field === undefined ? { rejected: true, code, message } : { rejected: true, code, message, field };
}

/** Whether a decision is a rejection. */
export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;
}
