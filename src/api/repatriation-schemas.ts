/**
 * TypeBox schemas of the repatriation routes (routes/repatriations.ts), in the manner of
 * schemas.ts: closed objects, choices as one `enum`, "this, or why not" as if/then/else so an
 * error names one field. The domain checks meaning (repatriation.ts, state-profile.ts).
 */
import { Type, type TProperties } from '@sinclair/typebox';
import { repatriationRisks, returnWishes } from '../domain/repatriation-assessment.ts';
import { consularWishes } from '../domain/consular-notification.ts';
import { childArrangements, familyRoles, maxNamedChildren } from '../domain/repatriation-family.ts';
import { followUpChannels, maxFollowUps, personReachedValues } from '../domain/repatriation-follow-up.ts';
import { assuranceSubjects, nationalityEvidence, repatriationOutcomes, repatriationStatuses, requestChannels, reviewOutcomes, stateAnswers } from '../domain/repatriation.ts';
import { consularNotificationPolicies } from '../domain/state-profile.ts';
import { riskFindings } from '../domain/transfer.ts';
import { eitherShape } from './problem.ts';
import { SharingPolicyResponse, SharingPolicySchema } from './nationals-schemas.ts';
import { closed, EventSummarySchema, oneOfStrings, uuid } from './schemas.ts';

const text = (maxLength = 500, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+03:00' });
const stateCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code of the state, e.g. FR' });

/**
 * One of two closed shapes, told apart by a property only the first has. An object that is
 * neither (no property of either, or not an object) is refused at the object itself, with
 * the description saying what is accepted (the second shape is marked `$comment: either`: see api/problem.ts), not at a
 * field of the second shape that was never meant.
 */
function eitherBy(property: string, first: TProperties, second: TProperties, description: string) {
  return Type.Unsafe<Record<string, string>>({ description, if: { type: 'object', required: [property] }, then: closed(first), else: { ...closed(second), description, $comment: eitherShape } });
}

export const StateParams = closed({ code: stateCode });

const LiaisonContactSchema = closed({ name: text(200), post: text(300), contact: text(300) });

export const StateProfileBody = closed({
  consular_notification: oneOfStrings(consularNotificationPolicies, { description: 'on_request: the consular post is told only if the person asks (VCCR 36); mandatory: always, by treaty' }),
  applies_death_penalty: Type.Boolean({ description: 'An approval of a return to this state then needs an assurance against the death penalty' }),
  liaison_contacts: Type.Array(LiaisonContactSchema, { maxItems: 20 }),
  sharing_policy: Type.Optional(SharingPolicySchema),
});

export const StateProfileResponse = closed({
  state: Type.String(),
  consular_notification: oneOfStrings(consularNotificationPolicies),
  applies_death_penalty: Type.Boolean(),
  liaison_contacts: Type.Array(LiaisonContactSchema),
  sharing_policy: SharingPolicyResponse,
});
export const StateProfilesResponse = closed({ states: Type.Array(StateProfileResponse) });
export const StateRecordedResponse = closed({ state: Type.String(), events: Type.Array(EventSummarySchema) });

export const OpenRepatriationBody = closed({ person_id: uuid, state: stateCode, reason: text(1000) });

export const RequestBody = closed({ sent_at: instant, channel: oneOfStrings(requestChannels), reference: text(200) });
export const AnswerBody = closed({
  answer: oneOfStrings(stateAnswers),
  answered_at: instant,
  reference: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 200, description: "The reference of the state's note; none for no answer" })),
  note: Type.Optional(text(2000)),
});
export const NationalityBody = closed({ state: stateCode, confirmed_at: instant, evidence: oneOfStrings(nationalityEvidence), reference: text(200) });

const Risk = closed({ finding: oneOfStrings(riskFindings), reasoning: text(4000) });
export const AssessmentBody = closed({
  assessment: closed({
    risks: closed(Object.fromEntries(repatriationRisks.map((r) => [r, Risk])) as Record<(typeof repatriationRisks)[number], typeof Risk>),
    heard: closed({
      at: instant,
      summary: text(4000),
      counsel: eitherBy('name', { name: text(200) }, { absent_reason: text(1000) }, 'Counsel present ({"name"}), or why the person was heard without ({"absent_reason"})'),
      interpreter: eitherBy('name', { name: text(200), language: text(100) }, { not_needed_reason: text(1000) }, 'The interpreter and language ({"name", "language"}), or why none was needed ({"not_needed_reason"})'),
    }),
    wishes: closed({ wish: oneOfStrings(returnWishes), statement: text(4000) }),
  }),
});

export const ReviewBody = closed({ outcome: oneOfStrings(reviewOutcomes), notes: text(4000) });

const AssuranceSchema = closed({ against: oneOfStrings(assuranceSubjects), text: text(4000), given_by: text(300), given_at: instant, reference: text(200) });
export const DecisionBody = closed({
  outcome: oneOfStrings(repatriationOutcomes),
  assurances: Type.Optional(Type.Array(AssuranceSchema, { maxItems: 20, description: 'With an approval: the assurances the state gave (against the death penalty where it applies it)' })),
  reasons: Type.Optional(text(4000)),
  follow_ups: Type.Optional(
    Type.Array(closed({ due_at: instant }), { maxItems: maxFollowUps, description: 'With an approval (one at least): the dates by which the person is to be contacted after the return, each after the one before' }),
  ),
});

export const CourtPermissionBody = closed({ court_case_id: uuid, reference: text(200), judge: text(200), issued_at: instant });
export const ReturnRefusalBody = closed({ refused_at: instant, statement: text(4000) });
export const WithdrawalBody = closed({ withdrawn_at: instant, reference: text(200), note: text(2000) });
export const ClosureBody = closed({
  reason: text(2000),
  follow_up_waiver: Type.Optional(text(2000, 'After a return with contacts still due: why they will not be made (the case is closed only with it)')),
});
export const EscalationBody = closed({ escalated_at: instant, to: text(300, 'To whom the matter was raised: the authority, the level'), reference: text(200), note: text(2000) });
export const FollowUpBody = closed({
  contacted_at: instant,
  channel: oneOfStrings(followUpChannels),
  contacted_by: text(300, 'Who made the contact: their name and the body they are of'),
  person_reached: oneOfStrings(personReachedValues, { description: 'seen or heard: the person themself was reached (the contact counts as made); not_reached: recorded, the contact stays due' }),
  concerns_raised: Type.Boolean(),
  concerns: Type.Optional(text(4000, 'With concerns_raised: the concerns, in the words given')),
});
export const FamilyBody = closed({
  group: Type.String({ maxLength: 40, description: 'The family group’s reference, the same on each member’s case: 3 to 40 capital letters, digits and dashes (e.g. FAM-FR-0007)' }),
  role: oneOfStrings(familyRoles),
  evidence: text(2000, 'How the relationship is known'),
  children: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: maxNamedChildren, description: 'On a parent’s case: the children’s register numbers' })),
});
export const GuardianBody = closed({ name: text(200), relationship: text(200), contact: text(500, 'Where and how the guardian is reached'), appointed_by: text(300, 'The authority that appointed the guardian'), appointed_at: instant });
export const BestInterestsBody = closed({
  assessed_at: instant,
  official: text(200),
  arrangement: oneOfStrings(childArrangements, { description: 'travels_with_parent (give parent_case_id), joins_parent_in_state or separated (give guardian: who will care for the child, and where)' }),
  parent_case_id: Type.Optional(uuid),
  guardian: Type.Optional(text(500)),
  reasoning: text(4000),
  child_views: text(4000),
});

export const ConsularRightsBody = closed({
  told_at: instant,
  language: text(100),
  wish: oneOfStrings(consularWishes, { description: 'requests: the person asks that the consular post be informed; refuses: they do not (respected unless the state makes notification mandatory)' }),
  statement: Type.Optional(text(4000)),
});
export const ConsularSentBody = closed({ sent_at: instant, channel: oneOfStrings(requestChannels), post: text(300), reference: text(200) });

export const RepatriationEventsResponse = closed({ case_id: uuid, events: Type.Array(EventSummarySchema) });

const BlockerSchema = closed({ court_case_id: uuid, reference: Type.String(), court: Type.String(), stage: Type.String() });

const clockStatus = oneOfStrings(['running', 'due_soon', 'met', 'met_late', 'breached'] as const);
const ClockSchema = closed({ status: clockStatus, due: Type.String() });

export const RepatriationResponse = closed({
  id: uuid,
  person_id: uuid,
  register_number: Type.String(),
  state: Type.String(),
  status: oneOfStrings(repatriationStatuses),
  opened_at: Type.String(),
  opened_by: Type.String(),
  reason: Type.String(),
  requests_sent: Type.Integer(),
  request: Type.Unknown({ description: 'The latest request: sent_at, channel, reference' }),
  answer: Type.Unknown({ description: "The state's latest answer: answer, answered_at, reference" }),
  nationality: Type.Unknown({ description: 'The nationality confirmed: confirmed_at, evidence, reference, confirmed_by' }),
  assessment: Type.Unknown({ description: 'The standing safeguards assessment: risks, the person heard, their wishes, assessed_by' }),
  review: Type.Unknown({ description: 'The review that concurred: notes, reviewed_by' }),
  decision: Type.Unknown({ description: 'outcome, assurances, reasons, decided_by' }),
  court_permissions: Type.Union([Type.Array(closed({ court_case_id: uuid, reference: Type.String(), judge: Type.String(), issued_at: Type.String() })), Type.Null()], {
    description: 'Iraqi courts’ decisions permitting travel; null for a state’s liaison officer whose state’s data-sharing policy does not share legal_status',
  }),
  person_refusal: Type.Unknown(),
  withdrawal: Type.Unknown(),
  closed: Type.Unknown(),
  blockers: Type.Union([Type.Array(BlockerSchema), Type.Null()], {
    description: "Open cases before Iraqi courts without that court's decision permitting travel: each blocks an approval; null for a state's liaison officer whose state's data-sharing policy does not share legal_status",
  }),
  returned: Type.Optional(Type.Unknown({ description: 'The handover to the state that carried the return out: returned_at, transfer_id, receiving_authority, receiving_official, receipt_reference' })),
  best_interests: Type.Optional(Type.Unknown({ description: 'A minor’s best-interests assessment: arrangement, parent_case_id or guardian, official, reasoning, child_views, recorded_by' })),
  minor: Type.Boolean({ description: 'The person is a minor today: a best-interests assessment is required before an approval' }),
  consular: Type.Union([Type.Null(), Type.Unknown()], {
    description: 'The consular notification for the case’s state: policy, told (told_at, language, told_by; null when a mandatory notification went before the person was told), wish, statement, due_at, sent (sent_at, channel, post, reference, sent_by); null before either',
  }),
  consular_policy: Type.Union([Type.Null(), oneOfStrings(consularNotificationPolicies)], { description: 'The consular-notification policy of the case’s state as its profile now stands' }),
  consular_clock: Type.Union([Type.Null(), ClockSchema], {
    description: 'The notification’s deadline and its clock; null when nothing is owed',
  }),
  history: Type.Array(closed({ idx: Type.Integer(), kind: Type.String(), occurred_at: Type.String(), recorded_at: Type.String(), actor: Type.String() }), {
    description: 'The case’s events in log order: what happened, when it happened and was recorded, by whom',
  }),
  answer_clock: Type.Unknown({ description: 'The reminder clock of the latest request: remind_at, escalate_at, their tasks, the reminder sent and the escalation recorded (null before a request)' }),
  answer_clocks: Type.Union([Type.Null(), closed({ reminder: ClockSchema, escalation: ClockSchema })], { description: 'While a request awaits the state’s answer: where its reminder and escalation stand' }),
  follow_ups: Type.Array(closed({ due_at: Type.String(), task_id: Type.String(), made_at: Type.Union([Type.Null(), Type.String()]) }), { description: 'The contacts after the return the decision set, once the return opened them' }),
  follow_up_clocks: Type.Array(closed({ due: Type.String(), made_at: Type.Union([Type.Null(), Type.String()]), status: clockStatus }), { description: 'Each contact after the return with its clock' }),
  contacts: Type.Array(Type.Unknown(), { description: 'Every contact recorded after the return: contacted_at, channel, contacted_by, person_reached, concerns, made, recorded_by' }),
  family: Type.Unknown({ description: 'The family group, the person’s place in it (role), the evidence, the children a parent names (person ids); null when none is recorded' }),
  guardian: Type.Unknown({ description: 'An unaccompanied child’s guardian: name, relationship, contact, appointed_by, appointed_at, named_by; null when none is named' }),
  family_members: Type.Array(closed({ case_id: uuid, person_id: uuid, register_number: Type.String(), role: Type.Union([Type.Null(), oneOfStrings(familyRoles)]), status: oneOfStrings(repatriationStatuses), minor: Type.Boolean() }), {
    description: 'The other members of the family group, as far as the reader reaches them',
  }),
  named_children: Type.Array(closed({ person_id: uuid, register_number: Type.String(), case_id: Type.Union([Type.Null(), uuid]), minor: Type.Boolean() }), { description: 'The children a parent’s case names, as far as the reader reaches them' }),
  shared: Type.Optional(Type.Array(Type.String(), { description: 'Only for a state’s liaison officer: what its state’s data-sharing policy let it be shown of the case, as the sharing record names it' })),
  unaccompanied: Type.Boolean({ description: 'A minor with no adult parent or relative in their family group: the case is closed only once a guardian is named' }),
});

export const RepatriationListQuery = closed({ state: Type.Optional(stateCode), status: Type.Optional(oneOfStrings(repatriationStatuses)), person_id: Type.Optional(uuid) });
export const RepatriationListResponse = closed({
  cases: Type.Array(closed({ id: uuid, person_id: uuid, register_number: Type.String(), state: Type.String(), status: oneOfStrings(repatriationStatuses), blocked: Type.Union([Type.Boolean(), Type.Null()], { description: 'An open Iraqi court case blocks travel; null for a state’s liaison officer whose state’s data-sharing policy does not share legal_status' }) })),
});

const count = Type.Integer({ minimum: 0 });
export const StatesReportResponse = closed({
  states: Type.Array(
    closed({
      state: Type.String(),
      held: closed({ men: count, women: count, children: count, other: count }, { description: 'Nationals held now (in custody or in transit): adult men, adult women, children (under 18, or possibly so), others' }),
      cases: Type.Record(Type.String(), count, { description: 'Repatriation cases by status' }),
      notifications: closed({ sent: count, owed: count, overdue: count, refused: count }, { description: 'Consular notifications: sent; owed and not sent; of those past their deadline; refusals respected' }),
      accepted: count,
      unanswered: Type.Integer({ minimum: 0, description: 'Requests awaiting the state’s answer for more than unanswered_after_days days' }),
    }),
  ),
  unanswered_after_days: Type.Integer({ minimum: 1, description: 'The reminder clock’s days (SIJILL_RESPONSE_CLOCKS stateAnswerReminderDays)' }),
});
export const AwaitingResponse = closed({
  state: Type.String(),
  cases: Type.Array(closed({ case_id: uuid, person_id: uuid, register_number: Type.String(), status: oneOfStrings(repatriationStatuses), sent_at: Type.String(), reference: Type.String(), requests_sent: count })),
});
