/**
 * The vocabulary of the register: every kind of event, with the shape of its data, in one
 * place. Events are facts; they are never changed or removed. A mistake is put right by a
 * `person.corrected` event that names the event it corrects.
 */
import type { Category, LegalStatus, Sex } from './placement.ts';
import type { DateOfBirth, Known } from './values.ts';
import type { CustodyStatus } from './custody.ts';
import type { CancellationCode, SafeguardsAssessment, TransferEndpoint } from './transfer.ts';
import type { ListedRow } from './reconciliation.ts';
import type { HandoverReceipt } from './handover-receipt.ts';
import type { RollCallDiscrepancy } from './roll-call.ts';
import type { AppealOutcome, CaseStage, Charge, CounselAppointment, MaxPenalty, Sentence, VerdictOutcome } from './case.ts';
import type { OrderConfirmation, OrderKind, SignedScan } from './case-order.ts';
import type { HearingFlag, HearingOutcome, HearingPresence } from './case-hearing.ts';
import type { Production } from './court-production.ts';
import type { Assurance, NationalityEvidence, RepatriationOutcome, RequestChannel, ReviewOutcome, StateAnswer } from './repatriation.ts';
import type { RepatriationAssessment } from './repatriation-assessment.ts';
import type { BestInterests, FamilyMembership, Guardian } from './repatriation-family.ts';
import type { FollowUpContact, FollowUpDue } from './repatriation-follow-up.ts';
import type { ConsularNotificationPolicy, LiaisonContact } from './state-profile.ts';
import type { SharingPolicy } from './sharing-policy.ts';
import type { ConsularWish } from './consular-notification.ts';
import type { Complainant, ComplaintNature, ComplaintSubject } from './complaint.ts';
import type { AllegationOutcome, AllegationSource } from './allegation.ts';
import type { FreezeIncident } from './evidence-freeze.ts';
import type { OwnFileRecipient, Redaction } from './own-file.ts';
import type { AskedAbout, Requester } from './information-request.ts';
import type { AnswerReference, Article18Answer } from './article18-answer.ts';
import type { Article18Item } from './restriction.ts';
import type { RequesterRelationship } from './information-request.ts';
import type { AccessDecision, VisitingBodyKind } from './visit.ts';
import type { NotificationListFormat } from './notification-list.ts';
import type { DisclosureParameters, ProtectedTable } from './disclosure-control.ts';
import type { NotMeasured, TableRequest } from './figures.ts';
import type { Contestant, ContestOutcome, RiskLevel, SecurityCategory } from './classification.ts';
import type { OffenceRule } from './disciplinary-rules.ts';
import type { Appellant, DisciplinaryHearing, SanctionAppealOutcome } from './discipline.ts';
import type { PermittedSanction } from './sanction.ts';
import type { ClockRules } from './clocks/rules.ts';
import type { AccountRequestChange, AccountScopeGrant } from './account-request.ts';
import type { Role } from './permissions.ts';

export const scripts = ['Arab', 'Latn', 'Cyrl', 'other'] as const;
export type Script = (typeof scripts)[number];

export const nameSources = ['handover_list', 'national_id', 'passport', 'self_declared', 'foreign_state', 'relative', 'officer_observation', 'other'] as const;
export type NameSource = (typeof nameSources)[number];

/** One name a person has used or been recorded under, in one script (DESIGN 3.3). */
export interface NameRecord {
  readonly id: string;
  readonly script: Script;
  /** The name as written by the source, whole. */
  readonly full: string;
  /** Structured parts where the source gives them. */
  readonly parts: NameParts;
  readonly source: NameSource;
  /** How sure the source is, from 0 (a guess) to 1 (read from an identity document). */
  readonly confidence: number;
}

export interface NameParts {
  readonly given?: string;
  readonly father?: string;
  readonly grandfather?: string;
  readonly family?: string;
  readonly kunya?: string;
  readonly laqab?: string;
  readonly nisba?: string;
  readonly mother_full?: string;
}

export interface IdentityDocument {
  readonly kind: 'national_id' | 'passport' | 'civil_status_record' | 'residence_card' | 'camp_card' | 'other';
  readonly number: string;
  readonly issuing_country: string;
}

export interface BiometricReference {
  readonly system: string;
  readonly reference: string;
}

export type Gender = 'man' | 'woman' | 'other' | 'not_stated';

export interface PersonDetails {
  readonly sex: Sex;
  readonly gender: Gender;
  readonly dob: DateOfBirth;
  readonly nationalities: readonly string[];
  readonly languages: readonly string[];
  readonly documents: readonly IdentityDocument[];
  readonly biometric_refs: readonly BiometricReference[];
}

export const facilityKinds = ['prison', 'detention_centre', 'camp', 'rehabilitation_centre', 'hospital', 'police_station', 'court_holding'] as const;
export type FacilityKind = (typeof facilityKinds)[number];

export interface FacilityUnit {
  readonly id: string;
  readonly name: string;
  readonly category: Category;
}

/** The legal basis without which nobody is admitted (MR7, ICPPED 17(3)). */
export interface AdmissionBasis {
  readonly kind: 'commitment_order' | 'handover_document';
  readonly reference: string;
  readonly issuing_authority: string;
  readonly issued_on: string;
}

/** Every item STANDARDS section A requires at admission, each known or "unknown, because …". */
export interface AdmissionItems {
  readonly first_deprivation: Known<{ readonly at: string; readonly place: string; readonly authority: string }>;
  readonly ordering_authority: Known<{ readonly authority: string; readonly law: string; readonly article: string }>;
  readonly supervising_authority: Known<{ readonly authority: string }>;
  readonly injuries: Known<{ readonly visible_injuries: string | null; readonly ill_treatment_complaint: string | null }>;
  readonly property: Known<{ readonly items: readonly { readonly description: string; readonly quantity: number }[]; readonly signed_by_detainee: boolean; readonly witnessed_by: string }>;
  readonly family: Known<{ readonly members: readonly { readonly relation: string; readonly name: string; readonly age: number | null; readonly whereabouts: string; readonly cared_for_by: string | null }[] }>;
  readonly emergency_contact: Known<{ readonly name: string; readonly relation: string; readonly contact: string }>;
  readonly health_record: Known<{ readonly reference: string }>;
  readonly officials: Known<{ readonly arresting: readonly string[]; readonly admitting: string }>;
}

export const admissionItemNames = [
  'first_deprivation',
  'ordering_authority',
  'supervising_authority',
  'injuries',
  'property',
  'family',
  'emergency_contact',
  'health_record',
  'officials',
] as const satisfies readonly (keyof AdmissionItems)[];

export const taskKinds = [
  'complete_admission_item',
  'medical_examination',
  'ill_treatment_referral',
  'independent_death_referral',
  'notify_family',
  'notify_consular_post',
  'age_assessment',
  'independent_incident_referral',
  'state_answer_reminder',
  'state_answer_escalation',
  'repatriation_follow_up',
] as const;
export type TaskKind = (typeof taskKinds)[number];

/**
 * A follow-up the law calls for, opened by the event that makes it necessary (an admission
 * opens its examination and notifications; a death its independent referral), so the fact
 * and its consequences are one leaf of the log.
 */
export interface TaskOpened {
  readonly task_id: string;
  readonly task: TaskKind;
  readonly reason: string;
  readonly due_at: string;
}

/** Every event, by kind: the data it carries. */
export interface EventData {
  'facility.registered': {
    readonly facility_id: string;
    readonly name: string;
    readonly kind: FacilityKind;
    readonly authority: string;
    readonly country: string;
    readonly timezone: string;
    readonly capacity: Readonly<Partial<Record<Category, number>>>;
    readonly units: readonly FacilityUnit[];
  };
  'person.registered': PersonDetails & { readonly register_number: string; readonly names: readonly NameRecord[] };
  'person.name_added': { readonly name: NameRecord };
  'person.corrected': {
    readonly corrects: string;
    readonly reason: string;
    readonly changes: Partial<PersonDetails> & { readonly name?: NameRecord };
  };
  'person.admitted': {
    readonly admission_id: string;
    readonly facility_id: string;
    readonly unit_id: string;
    readonly legal_status: LegalStatus;
    readonly category: Category;
    readonly basis: AdmissionBasis;
    readonly items: AdmissionItems;
    readonly capacity_override?: { readonly reason: string };
    /** Why the person was admitted while an open duplicate question said they may be another record. */
    readonly duplicate_reason?: string;
    readonly tasks: readonly TaskOpened[];
  };
  'person.moved': { readonly facility_id: string; readonly from_unit_id: string; readonly unit_id: string; readonly reason: string };
  'person.released': { readonly from_facility_id: string; readonly order_reference: string; readonly verified_by: string; readonly released_to: string };
  /** `transfer_id` when the handover is the arrival of a transfer at an outside authority. */
  'person.handed_over': { readonly from_facility_id: string | null; readonly to_state: string; readonly receiving_authority: string; readonly receipt_reference: string; readonly transfer_id?: string };
  'person.died': { readonly from_facility_id: string | null; readonly circumstances: string; readonly cause: string; readonly remains: string; readonly tasks: readonly TaskOpened[] };
  'person.escaped': { readonly from_facility_id: string | null; readonly circumstances: string; readonly incident_id: string };
  'person.transferred_out_of_register': { readonly from_facility_id: string; readonly register: string; readonly receipt_reference: string };
  /** `registered_despite`: the reason given for registering a new record over a likely duplicate. */
  'person.duplicate_suspected': { readonly candidate_id: string; readonly score: number; readonly explanation: unknown; readonly registered_despite?: string };
  'person.duplicate_dismissed': { readonly candidate_id: string; readonly reason: string };
  'person.merged': { readonly into: string; readonly reason: string };
  'person.split': { readonly from: string; readonly reason: string };
  'transfer.created': {
    readonly transfer_id: string;
    readonly origin: TransferEndpoint;
    readonly destination: TransferEndpoint;
    readonly reason: string;
    /** The account that created the order: it may not approve it. */
    readonly created_by: string;
    /** The persons on the order, in order; a large order lists the rest in `transfer.persons_listed` events that follow. */
    readonly persons: readonly string[];
    /** Intermediate facilities, in order (legs and overnight stops); absent: straight to the destination. */
    readonly stops?: readonly string[];
    /** A court production: the round trip to the court's holding facility and back (court-production.ts). */
    readonly production?: Production;
  };
  /** More persons of the order just created, in the same command: those beyond what one event holds, in order (event-size.ts). */
  'transfer.persons_listed': { readonly transfer_id: string; readonly persons: readonly string[] };
  'transfer.approved': { readonly transfer_id: string; readonly approved_by: string };
  'transfer.cancelled': { readonly transfer_id: string; readonly code: CancellationCode; readonly note: string };
  /** Custody passes to the escort; the releasing official confirms their side of the handover. */
  'transfer.dispatched': { readonly transfer_id: string; readonly escort_authority: string; readonly escort_commander: string; readonly releasing_official: string };
  /** The receiver closes the count; anyone not checked in became an incident in the same command. */
  'transfer.count_closed': { readonly transfer_id: string; readonly receiving_official: string; readonly received: number; readonly discrepancies: number; readonly unaccounted: number };
  'transfer.rejected': { readonly transfer_id: string; readonly reason: string; readonly receiving_official: string };
  'transfer.closed': { readonly transfer_id: string };
  /** STANDARDS C: the individual assessment without which nobody is sent to another state. */
  'person.safeguards_assessed': { readonly transfer_id: string; readonly assessment: SafeguardsAssessment };
  'person.dispatched': {
    readonly transfer_id: string;
    readonly from_facility_id: string | null;
    readonly from_unit_id: string | null;
    readonly escort_authority: string;
    readonly escort_commander: string;
    /** Departure from this stop of the order (its index), rather than from the origin. */
    readonly stop?: number;
  };
  /** Identity confirmed at the destination facility; the person is placed in a unit. */
  'person.checked_in': {
    readonly transfer_id: string;
    readonly facility_id: string;
    readonly unit_id: string;
    readonly legal_status: LegalStatus;
    readonly category: Category;
    readonly receiving_official: string;
    readonly capacity_override?: { readonly reason: string };
    readonly tasks: readonly TaskOpened[];
  };
  /** The number typed or scanned is not the person's: they stay in transit, not admitted. */
  'person.identity_discrepancy': { readonly transfer_id: string; readonly typed: string; readonly receiving_official: string };
  /** Not checked in when the count closed: an incident with an owner, opened at once. */
  'person.unaccounted': { readonly transfer_id: string; readonly incident_id: string; readonly owner: string };
  /** The return leg of a transfer rejected at arrival: back to the unit the person left. */
  /** Back to the place left: the whole order refused at arrival, or this person refused alone (`refusal`). */
  'person.returned': { readonly transfer_id: string; readonly facility_id: string; readonly unit_id: string; readonly category: Category; readonly refusal?: { readonly reason: string; readonly receiving_official: string }; readonly tasks?: readonly TaskOpened[] };
  /** The escort arrives at a stop; the persons counted were checked in there, anyone missing became an incident in the same command. */
  'transfer.stop_reached': { readonly transfer_id: string; readonly stop: number; readonly facility_id: string; readonly receiving_official: string; readonly arrived: number; readonly unaccounted: number };
  /** The escort leaves a stop with everyone lodged there (each a `person.dispatched` with `stop`). */
  'transfer.stop_departed': {
    readonly transfer_id: string;
    readonly stop: number;
    readonly facility_id: string;
    readonly escort_authority: string;
    readonly escort_commander: string;
    readonly releasing_official: string;
  };
  /** Counted at a stop: in custody at the intermediate facility, lodged in a unit, until the escort departs. */
  'person.arrived_at_stop': {
    readonly transfer_id: string;
    readonly stop: number;
    readonly facility_id: string;
    readonly unit_id: string;
    readonly category: Category;
    readonly receiving_official: string;
    readonly capacity_override?: { readonly reason: string };
    /** The examination on arrival at the stop (MR30). */
    readonly tasks?: readonly TaskOpened[];
  };
  /** A roll call of a facility, or of one unit (`unit_id`), is opened; who is expected is read from the register at reconciliation. */
  'roll_call.opened': { readonly roll_call_id: string; readonly facility_id: string; readonly unit_id: string | null; readonly opened_by: string };
  /**
   * Register numbers counted (ticked or scanned), each person once; `person_id` is null for a number on nobody's record.
   * A large upload is several of these events of one command, each at most `maxListItemsPerEvent` numbers (event-size.ts).
   */
  'roll_call.counted': { readonly roll_call_id: string; readonly counted: readonly { readonly register_number: string; readonly person_id: string | null }[] };
  /** The count is closed and compared with the register: every difference, both ways, is a discrepancy. */
  'roll_call.reconciled': { readonly roll_call_id: string; readonly reconciled_by: string; readonly expected: number; readonly counted: number; readonly discrepancies: readonly RollCallDiscrepancy[] };
  /** More discrepancies of the reconciliation just recorded, in the same command: those beyond what one event holds (event-size.ts). */
  'roll_call.discrepancies_listed': { readonly roll_call_id: string; readonly discrepancies: readonly RollCallDiscrepancy[] };
  'roll_call.discrepancy_resolved': { readonly roll_call_id: string; readonly discrepancy_id: string; readonly reason: string; readonly resolved_by: string };
  /** Certified by an official who took no part in the count. */
  'roll_call.signed_off': { readonly roll_call_id: string; readonly signed_by: string };
  /** A handover list from the sending side, every row settled against the order (reconciliation.ts); a long list continues in `transfer.handover_list_rows`. */
  'transfer.handover_list_imported': { readonly transfer_id: string; readonly list_id: string; readonly sender: string; readonly source: string; readonly rows: readonly ListedRow[] };
  /** More rows of the list just imported, in the same command: those beyond what one event holds, in order (event-size.ts). */
  'transfer.handover_list_rows': { readonly transfer_id: string; readonly list_id: string; readonly rows: readonly ListedRow[] };
  /** Both sides of the handover confirmed: the receipt, as issued (handover-receipt.ts); it is signed when handed out. */
  'transfer.receipt_issued': { readonly transfer_id: string; readonly receipt_id: string; readonly receipt: HandoverReceipt };
  /** More register numbers of the receipt just issued, in the same command, appended to its lists in order (event-size.ts). */
  'transfer.receipt_listed': {
    readonly transfer_id: string;
    readonly receipt_id: string;
    readonly received_register_numbers: readonly string[];
    readonly not_received: HandoverReceipt['not_received'];
  };
  // The judicial track (case.ts, case-order.ts, case-hearing.ts): every event of a case is on
  // its person's chain. Instants are as sent (ISO 8601 with offset).
  /** A case file before a court: its file number is unique in that court. */
  'case.opened': {
    readonly case_id: string;
    readonly reference: string;
    readonly court: string;
    readonly judge: string | null;
    readonly prosecutor: string | null;
    readonly stage: 'investigation';
    readonly charges: readonly Charge[];
  };
  /** The charges as they stand now, in place of the earlier ones. */
  'case.charges_amended': { readonly case_id: string; readonly charges: readonly Charge[] };
  'case.counsel_assigned': { readonly case_id: string; readonly counsel_id: string; readonly name: string; readonly appointment: CounselAppointment; readonly contact: string };
  'case.counsel_visited': { readonly case_id: string; readonly counsel_id: string; readonly at: string; readonly facility_id: string };
  /** Before the investigative judge; the person's first one, across their cases, is the first appearance. */
  'case.brought_before_judge': { readonly case_id: string; readonly at: string; readonly judge: string };
  /** The judge's extension of the time to the first appearance. */
  'case.first_appearance_extended': { readonly case_id: string; readonly at: string; readonly judge: string };
  /**
   * An order of the court. `days` for detention, with `max_penalty` of the most serious charge
   * of the case then; `until` for a court extension; `to_facility_id` for a transfer or a
   * production (with `produce_at`). `entered_by` is the account that entered it; `confirmation`
   * says who stands behind it: a judge's account, a signed scan (`scan`), or nobody yet (pending
   * until `case.order_confirmed`).
   */
  'case.order_recorded': {
    readonly case_id: string;
    readonly order_id: string;
    readonly order: OrderKind;
    readonly reference: string;
    readonly issued_at: string;
    readonly judge: string;
    readonly court: string;
    readonly days?: number;
    readonly until?: string;
    readonly max_penalty?: MaxPenalty;
    readonly to_facility_id?: string;
    readonly produce_at?: string;
    readonly entered_by: string;
    readonly confirmation: OrderConfirmation;
    readonly scan?: SignedScan;
  };
  'case.order_confirmed': { readonly case_id: string; readonly order_id: string; readonly judge_account: string };
  'case.hearing_scheduled': { readonly case_id: string; readonly hearing_id: string; readonly at: string; readonly court: string; readonly purpose: string };
  /** The hearing held or adjourned; `flags` names a safeguard missing (case-hearing.ts). */
  'case.hearing_held': {
    readonly case_id: string;
    readonly hearing_id: string;
    readonly at: string;
    readonly outcome: HearingOutcome;
    readonly adjourned_reason?: string;
    readonly present: HearingPresence;
    readonly interpreter_required: boolean;
    readonly flags: readonly HearingFlag[];
  };
  /** BP23: the session's start and end, where, everyone present, the interpreter and the lawyer. */
  'case.interrogation_recorded': {
    readonly case_id: string;
    readonly interrogation_id: string;
    readonly start: string;
    readonly end: string;
    readonly place: string;
    readonly present: readonly string[];
    readonly interpreter: string | null;
    readonly lawyer: string | null;
  };
  'case.stage_changed': { readonly case_id: string; readonly stage: CaseStage };
  'case.verdict_recorded': { readonly case_id: string; readonly at: string; readonly outcome: VerdictOutcome; readonly judge: string };
  'case.sentence_recorded': { readonly case_id: string; readonly at: string; readonly sentence: Sentence; readonly judge: string };
  'case.appeal_lodged': { readonly case_id: string; readonly at: string };
  /** `sentence` when the appeal changed it; `overturned`: the verdict no longer stands. */
  'case.appeal_decided': { readonly case_id: string; readonly at: string; readonly outcome: AppealOutcome; readonly sentence?: Sentence };
  /** A period of segregation at the facility holding the person (MR44; segregation.ts). */
  'person.segregation_started': { readonly at: string; readonly facility_id: string; readonly reason: string; readonly authorised_by: string };
  /** A follow-up task done: what was done, by whom (the account); the event occurs when it was done. */
  'person.task_completed': { readonly task_id: string; readonly outcome: string; readonly done_by: string };
  'person.segregation_ended': { readonly at: string; readonly facility_id: string; readonly reason: string; readonly authorised_by: string };
  // Repatriation (state-profile.ts, repatriation.ts): a state's profile is register data; every
  // event of a person's repatriation case is on the person's chain.
  /** A state's profile as it now stands, in place of any earlier one. */
  'state.profile_recorded': {
    readonly state: string;
    readonly consular_notification: ConsularNotificationPolicy;
    readonly applies_death_penalty: boolean;
    readonly liaison_contacts: readonly LiaisonContact[];
    /** Absent: no policy recorded, the minimal default (sharing-policy.ts). */
    readonly sharing_policy?: SharingPolicy;
  };
  'repatriation.opened': { readonly repatriation_id: string; readonly state: string; readonly reason: string; readonly opened_by: string };
  /** `tasks`: the reminder and the escalation of its answer (repatriation-reminder.ts; absent from requests recorded before them). */
  'repatriation.request_sent': { readonly repatriation_id: string; readonly sent_at: string; readonly channel: RequestChannel; readonly reference: string; readonly tasks?: readonly TaskOpened[] };
  /** A reminder sent to the state of a request it has not answered. */
  'repatriation.reminder_sent': { readonly repatriation_id: string; readonly sent_at: string; readonly channel: RequestChannel; readonly reference: string; readonly sent_by: string };
  /** A request still unanswered raised above the desk: to whom, the reference, what was done. */
  'repatriation.escalated': { readonly repatriation_id: string; readonly escalated_at: string; readonly to: string; readonly reference: string; readonly note: string; readonly escalated_by: string };
  /** `reference` is null for "no answer" (recorded when none came). */
  'repatriation.answer_recorded': { readonly repatriation_id: string; readonly answer: StateAnswer; readonly answered_at: string; readonly reference: string | null; readonly note: string };
  'repatriation.nationality_confirmed': {
    readonly repatriation_id: string;
    readonly state: string;
    readonly confirmed_at: string;
    readonly evidence: NationalityEvidence;
    readonly reference: string;
    readonly confirmed_by: string;
  };
  /** STANDARDS C: the individual assessment; `assessed_by` may neither review nor approve. */
  'repatriation.safeguards_assessed': { readonly repatriation_id: string; readonly assessment: RepatriationAssessment; readonly assessed_by: string };
  /** A second official's review: concurs, or returns the assessment to be made again. */
  'repatriation.reviewed': { readonly repatriation_id: string; readonly outcome: ReviewOutcome; readonly notes: string; readonly reviewed_by: string };
  /** `follow_ups`: with an approval, the dates by which the person is contacted after the return (absent from decisions recorded before them). */
  'repatriation.decided': {
    readonly repatriation_id: string;
    readonly outcome: RepatriationOutcome;
    readonly assurances: readonly Assurance[];
    readonly reasons: string | null;
    readonly decided_by: string;
    readonly follow_ups?: readonly FollowUpDue[];
  };
  /** An Iraqi court permits travel although the person's case before it is open (entered from a judge's account). */
  'repatriation.court_permission_recorded': {
    readonly repatriation_id: string;
    readonly court_case_id: string;
    readonly reference: string;
    readonly judge: string;
    readonly issued_at: string;
    readonly recorded_by: string;
  };
  /** The person refuses to return, in their words. */
  'repatriation.return_refused': { readonly repatriation_id: string; readonly refused_at: string; readonly statement: string };
  'repatriation.acceptance_withdrawn': { readonly repatriation_id: string; readonly withdrawn_at: string; readonly reference: string; readonly note: string };
  /** `follow_up_waiver`: why contacts still due after the return will not be made (absent: none was due). */
  'repatriation.closed': { readonly repatriation_id: string; readonly reason: string; readonly closed_by: string; readonly follow_up_waiver?: string };
  /** A contact after the return; `made`: the due date of the contact it made (null: the person was not reached). */
  'repatriation.follow_up_recorded': { readonly repatriation_id: string; readonly contact: FollowUpContact; readonly made: string | null; readonly recorded_by: string };
  /** The case's family group and the person's place in it (repatriation-family.ts), in place of any earlier. */
  'repatriation.family_recorded': { readonly repatriation_id: string; readonly family: FamilyMembership; readonly recorded_by: string };
  /** The guardian of an unaccompanied child. */
  'repatriation.guardian_named': { readonly repatriation_id: string; readonly guardian: Guardian; readonly named_by: string };
  /** The journey home carried out: the receiving state's authority confirmed the handover at the end of the transfer (repatriation-travel.ts). */
  'repatriation.returned': {
    readonly repatriation_id: string;
    readonly transfer_id: string;
    readonly returned_at: string;
    readonly receiving_authority: string;
    readonly receiving_official: string;
    readonly receipt_reference: string;
    /** The contacts after the return the decision set, one task each (absent from returns recorded before them). */
    readonly tasks?: readonly TaskOpened[];
  };
  /** A child's best-interests assessment: travels with a parent, joins one in the state, or a reasoned separation (repatriation-family.ts). */
  'repatriation.best_interests_recorded': { readonly repatriation_id: string; readonly best_interests: BestInterests; readonly recorded_by: string };
  /**
   * The person told of their right to have the consular post of a state informed, and their wish
   * (consular-notification.ts); `due_at` null when nothing is owed (a refusal the policy respects).
   */
  'consular.rights_told': {
    readonly state: string;
    readonly policy: ConsularNotificationPolicy;
    readonly told_at: string;
    readonly language: string;
    readonly told_by: string;
    readonly wish: ConsularWish;
    readonly statement: string | null;
    readonly due_at: string | null;
    readonly task_id: string | null;
    readonly tasks: readonly TaskOpened[];
  };
  /**
   * The consular post informed: when, how, which post, the reference, by whom; `untold` when a
   * mandatory notification went before the person was told (the policy, the deadline and the task it answered).
   */
  'consular.notification_sent': {
    readonly state: string;
    readonly sent_at: string;
    readonly channel: RequestChannel;
    readonly post: string;
    readonly reference: string;
    readonly sent_by: string;
    readonly untold?: { readonly policy: 'mandatory'; readonly due_at: string | null; readonly task_id: string | null };
  };
  // Complaints and allegations, evidence, the detainee's own file (issue 16: complaint.ts,
  // allegation.ts, evidence-freeze.ts, own-file.ts): every event is on the person's chain.
  /** A request or complaint by the detainee or on their behalf, with its answer's deadline; `allegation_id` when it alleged ill-treatment. */
  'complaint.lodged': {
    readonly complaint_id: string;
    readonly nature: ComplaintNature;
    readonly complainant: Complainant;
    readonly complainant_name: string | null;
    readonly subject: ComplaintSubject;
    /** The words given; absent from a confidential complaint's event, which holds their seal instead (sealed-text.ts). */
    readonly text?: string;
    readonly text_sha256?: string;
    readonly received_at: string;
    readonly due_at: string;
    readonly recorded_by: string;
    readonly allegation_id: string | null;
    /** Confidential (MR56(3)): read only by the authority independent of the facility, never by its staff. */
    readonly confidential?: boolean;
  };
  /** The answer; a confidential complaint's answer is sealed (`answer_sha256`, sealed-text.ts). */
  'complaint.answered': { readonly complaint_id: string; readonly answer?: string; readonly answer_sha256?: string; readonly answered_at: string; readonly answered_by: string };
  /** An allegation of torture or ill-treatment heard, and its referral to the independent authority (`to_role`), escalated at `escalate_at` unless taken up. */
  'allegation.recorded': {
    readonly allegation_id: string;
    readonly heard_from: AllegationSource;
    /** What was alleged; sealed (`account_sha256`, sealed-text.ts) when it came with a confidential complaint. */
    readonly account?: string;
    readonly account_sha256?: string;
    readonly heard_at: string;
    readonly recorded_by: string;
    readonly complaint_id: string | null;
    readonly referral: { readonly task_id: string; readonly to_role: string; readonly escalate_at: string };
  };
  'allegation.acknowledged': { readonly allegation_id: string; readonly reference: string; readonly acknowledged_by: string };
  /** The findings are sealed (`findings_sha256`) on a referral opened by a confidential complaint. */
  'allegation.closed': { readonly allegation_id: string; readonly outcome: AllegationOutcome; readonly findings?: string; readonly findings_sha256?: string; readonly closed_by: string };
  /** The person's events up to this one are frozen as evidence after a disappearance or a serious injury (a death freezes by itself). */
  'evidence.frozen': { readonly freeze_id: string; readonly incident: FreezeIncident; readonly occurred_at: string; readonly description: string; readonly frozen_by: string; readonly tasks: readonly TaskOpened[] };
  /** A correction of a frozen event: it references the event and the freeze, and changes nothing of the record as frozen. */
  'evidence.correction_recorded': {
    readonly corrects: string;
    readonly freeze_id: string;
    readonly reason: string;
    readonly changes: Partial<PersonDetails> & { readonly name?: NameRecord };
    readonly recorded_by: string;
  };
  /** A copy of the file given to the detainee or counsel (MR9), with every redaction: what, the legal basis, who. */
  /** The detainee or counsel asks for the detainee's own file (MR9); a copy is due by `due_at`. */
  'own_file.requested': { readonly request_id: string; readonly requester: OwnFileRecipient; readonly counsel_name: string | null; readonly received_at: string; readonly due_at: string; readonly recorded_by: string };
  'own_file.disclosed': {
    readonly disclosure_id: string;
    /** The request this copy answers. */
    readonly request_id?: string;
    readonly recipient: OwnFileRecipient;
    readonly counsel_name: string | null;
    readonly redactions: readonly (Redaction & { readonly redacted_by: string })[];
    readonly disclosed_by: string;
  };
  // Information requests (ICPPED 18; information-request.ts): the request and its look-up name
  // the requester and no person, so the person's chain never says who asked; the answer is on
  // the chain of the person identified (or of nobody: not held in this register).
  'inforequest.recorded': { readonly request_id: string; readonly requester: Requester; readonly asked_about: AskedAbout; readonly received_at: string; readonly due_at: string; readonly recorded_by: string };
  /** Every candidate the matcher proposed for the names given, those the officer reviewed, and the one identified (or none). */
  'inforequest.lookup_reviewed': {
    readonly request_id: string;
    readonly candidates: readonly { readonly person_id: string; readonly score: number }[];
    readonly reviewed: readonly string[];
    readonly identified: string | null;
    readonly note: string;
    readonly reviewed_by: string;
  };
  /** The answer as given, every article 18 item computed at that instant; null: not held in this register. */
  'inforequest.answered': {
    readonly request_id: string;
    readonly person_id: string | null;
    /** The answer by reference (article18-answer.ts AnswerReference); null: not held in this register. */
    readonly reference?: AnswerReference | null;
    /** The answer itself, as answers were written before they were kept by reference. */
    readonly answer?: Article18Answer | null;
    readonly answered_by: string;
  };
  // Restrictions of an answer (ICPPED 20; restriction.ts), on the person's chain.
  'restriction.requested': {
    readonly restriction_id: string;
    readonly items: readonly Article18Item[];
    readonly legal_basis: string;
    readonly judicial_reference: string;
    readonly applies_to: readonly RequesterRelationship[];
    readonly expires_at: string;
    readonly requested_by: string;
  };
  /** A second official approves: the restriction is in force until it expires. */
  'restriction.approved': { readonly restriction_id: string; readonly approved_by: string };
  // Independent visits (visit.ts): bodies and visits are register data; a person seen in a visit
  // is on the person's chain. A private interview is recorded as a fact, never its content.
  'visiting_body.registered': {
    readonly body_id: string;
    readonly name: string;
    readonly kind: VisitingBodyKind;
    readonly accredited_by: string;
    readonly accreditation_reference: string;
    readonly registered_by: string;
  };
  'visiting_body.accreditation_withdrawn': { readonly body_id: string; readonly reason: string; readonly withdrawn_by: string };
  'visit.opened': { readonly visit_id: string; readonly body_id: string; readonly facility_id: string; readonly starts_at: string; readonly ends_at: string; readonly opened_by: string };
  'visit.person_seen': { readonly visit_id: string; readonly seen_at: string; readonly private_interview: boolean };
  /** Access refused or deferred (BP29): with its reason, the authority that decided it, and when it ends. */
  'visit.access_restricted': {
    readonly visit_id: string;
    /** Access to this one detainee only is refused or deferred (the event is on their chain); absent: to the whole visit. */
    readonly person_id?: string;
    readonly decision: AccessDecision;
    readonly reason: string;
    readonly authority: string;
    readonly until: string;
    readonly decided_by: string;
  };
  'visit.closed': { readonly visit_id: string; readonly closed_by: string };
  /**
   * A notification list for a visiting body: the admissions, transfers and exits of a facility
   * recorded in the log after `after_idx` (the previous list's `up_to_idx`) up to `up_to_idx`.
   */
  'notification_list.drawn_up': { readonly list_id: string; readonly body_id: string; readonly facility_id: string; readonly after_idx: number; readonly up_to_idx: number; readonly drawn_up_by: string };
  /** One export of a notification list (XLSX, CSV or print), by whom. */
  'notification_list.exported': { readonly list_id: string; readonly format: NotificationListFormat; readonly exported_by: string };
  // Custody life (STANDARDS B; classification.ts, discipline.ts): every event is on the person's chain.
  /** An assessment of a person's security category and risk, with reasons and the review date; it supersedes the current one. */
  'classification.assessed': {
    readonly classification_id: string;
    readonly facility_id: string;
    readonly category: SecurityCategory;
    readonly risk: RiskLevel;
    readonly reasons: string;
    readonly assessed_at: string;
    readonly assessed_by: string;
    readonly review_due: string;
    readonly supersedes: string | null;
  };
  'classification.contested': { readonly classification_id: string; readonly contestant: Contestant; readonly grounds: string; readonly lodged_at: string; readonly recorded_by: string };
  /** Decided by an official other than the assessor; upheld sets the assessment aside. */
  'classification.contest_decided': { readonly classification_id: string; readonly outcome: ContestOutcome; readonly reasons: string; readonly decided_at: string; readonly decided_by: string };
  /** A disciplinary charge for an act the facility's rules define (`rule`), of which the person was told at `charged_at`. */
  /** A version of a facility's disciplinary rules (MR37; disciplinary-rules.ts), in force from a local day. */
  'facility.disciplinary_rules_adopted': {
    readonly rules_id: string;
    readonly facility_id: string;
    readonly effective_from: string;
    readonly legal_basis: string;
    readonly offences: readonly OffenceRule[];
    readonly adopted_by: string;
  };
  /** A charge for an offence of the rules in force at the facility on the day of the act (`rules_id`; absent on charges made before facilities had their own rules). */
  'discipline.charged': {
    readonly case_id: string;
    readonly facility_id: string;
    readonly offence: string;
    readonly rules_id?: string;
    readonly title?: string;
    readonly rule: string;
    readonly act: string;
    readonly act_at: string;
    readonly charged_at: string;
    readonly charged_by: string;
  };
  'discipline.heard': { readonly case_id: string } & DisciplinaryHearing;
  'discipline.sanctioned': { readonly case_id: string; readonly kind: PermittedSanction; readonly days: number | null; readonly starts_at: string; readonly imposed_by: string };
  /** A sanction that lasts has ended (served, or ended early); a solitary confinement's end also ends the period of segregation. */
  'discipline.sanction_ended': { readonly case_id: string; readonly ended_at: string; readonly reason: string; readonly ended_by: string };
  'discipline.appealed': { readonly case_id: string; readonly appellant: Appellant; readonly grounds: string; readonly lodged_at: string; readonly recorded_by: string };
  /** Decided by the authority independent of the facility. */
  'discipline.appeal_decided': { readonly case_id: string; readonly outcome: SanctionAppealOutcome; readonly reasons: string; readonly decided_at: string; readonly decided_by: string };
  // Accounts (issue 14, account-request.ts): who may use the register is register data. An
  // account, a change of its role or scope, disabling or enabling an administrator, and removing
  // a second factor are requested by one administrator and take effect when a second approves.
  // No password, hash, enrolment token or secret is ever in these events.
  'account.requested': {
    readonly request_id: string;
    /** `create`: a new account; `change`: a new role and/or scope; `disable`, `enable`; `second_factor_reset`: its second factor removed. */
    readonly change: AccountRequestChange;
    readonly username: string;
    /** The role asked for (null: unchanged, for a change of scope only). */
    readonly role: Role | null;
    /** The scope asked for (null: none given for a new account, unchanged for a change). */
    readonly scope: AccountScopeGrant | null;
    /** For a liaison account: the state it is bound to (ISO 3166-1 alpha-2). */
    readonly liaison_state: string | null;
    readonly requested_by: string;
  };
  /** A second administrator approves: the account, or its new role or scope, takes effect now. */
  'account.approved': { readonly request_id: string; readonly username: string; readonly approved_by: string };
  /** A second administrator refuses, or the one who asked withdraws: nothing the request asked takes effect. */
  'account.request_refused': { readonly request_id: string; readonly username: string; readonly refused_by: string };
  /**
   * An account made at the console (`sijill user add`) while the register has fewer than two
   * administrators — the only way the first two come to be, since every later grant needs two.
   */
  'account.bootstrapped': { readonly username: string; readonly role: Role; readonly scope: AccountScopeGrant | null; readonly liaison_state: string | null; readonly created_by: string };
  /** Public figures (issue 17, figures-publication.ts): the protected tables computed at `log_size` (the events before it), and their parameters. */
  'figures.prepared': {
    readonly publication_id: string;
    readonly log_size: number;
    /** The local day the figures stand at: the day of `measured_at` on the clocks' local time (the UTC day in publications without `measured_at`). */
    readonly as_of: string | null;
    /**
     * The instant the figures were measured at: the latest event folded — who is held without a
     * valid order counts a breach still open up to it. Absent in publications made before it was recorded.
     */
    readonly measured_at?: string | null;
    readonly parameters: DisclosureParameters;
    readonly requests: readonly TableRequest[];
    readonly tables: readonly ProtectedTable[];
    readonly not_measured: readonly NotMeasured[];
    /** The clock rules of the column `held_without_valid_order` (absent in publications that did not measure it). */
    readonly clock_rules?: ClockRules;
    readonly prepared_by: string;
  };
  /** Approved by another official than the preparer: from now on public, as publication `number`. */
  'figures.approved': { readonly publication_id: string; readonly approved_by: string; readonly number: number };
}

export type EventKind = keyof EventData;

/** The custody state each exit event leads to. */
export const exitStatusOf = {
  'person.released': 'released',
  'person.handed_over': 'handed_over',
  'person.died': 'deceased',
  'person.escaped': 'escaped',
  'person.transferred_out_of_register': 'transferred_out_of_register',
} as const satisfies Partial<Record<EventKind, CustodyStatus>>;

export type ExitKind = keyof typeof exitStatusOf;

/** An event decided by the domain, before the log gives it an id, bytes and a place. */
export interface NewEvent<K extends EventKind = EventKind> {
  readonly kind: K;
  /** The person it is about, if any: the log chains each person's events. */
  readonly person_id: string | null;
  /** When it happened, as reported (ISO 8601 with offset). */
  readonly occurred_at: string;
  readonly data: EventData[K];
}

/** An event as stored in the log. */
export interface LoggedEvent<K extends EventKind = EventKind> extends NewEvent<K> {
  readonly idx: number;
  readonly event_id: string;
  readonly recorded_at: string;
  readonly actor: string;
}

/** Build a new event with the right data type for its kind. */
export function newEvent<K extends EventKind>(kind: K, person_id: string | null, occurred_at: string, data: EventData[K]): NewEvent<K> {
  return { kind, person_id, occurred_at, data };
}
