/**
 * The web application's languages and message catalogues: Arabic (the default), Kurdish
 * Sorani (Arabic script, right to left), Kurdish Kurmanji (Latin script, left to right) and
 * English. Every string on a page comes from src/web/messages/<locale>.json as an ICU
 * message (plurals by the language's own rules: Arabic has six forms). Dates are Gregorian;
 * digits are the locale's own.
 */
import { identityChecks, requestStatuses, requesterRelationships } from '../domain/information-request.ts';
import { article18Items, restrictionStates } from '../domain/restriction.ts';
import { movementKinds } from '../domain/article18-answer.ts';
import { ageGroups, dimensions, flows } from '../domain/figures.ts';
import { regions } from '../domain/nationality-regions.ts';
import { AGREE_LEVELS, DOB_LEVELS, NAME_LEVELS, type EvidenceField } from '../match/fellegi-sunter.ts';
import { productionStates } from '../domain/court-production.ts';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { appealOutcomes, caseStages, counselAppointments, verdictOutcomes } from '../domain/case.ts';
import { hearingFlags, hearingOutcomes } from '../domain/case-hearing.ts';
import { orderConfirmations, orderKinds } from '../domain/case-order.ts';
import { segregationActions } from '../domain/segregation.ts';
import { clockExplanationKeys, clockStatuses } from '../domain/clocks/evaluate-clocks.ts';
import { clockFindingCodes } from '../domain/clocks/clock-history.ts';
import { clockRuleIds } from '../domain/clocks/rules.ts';
import { custodyStatuses } from '../domain/custody.ts';
import { admissionItemNames, facilityKinds, nameSources, scripts, taskKinds } from '../domain/events.ts';
import { roles } from '../domain/permissions.ts';
import { accountRequestChanges, accountRequestStates } from '../domain/account-request.ts';
import { accessDecisions, visitingBodyKinds } from '../domain/visit.ts';
import { notificationKinds, notificationListFormats } from '../domain/notification-list.ts';
import { categories, legalStatuses } from '../domain/placement.ts';
import { rejectionCodes } from '../domain/rejection.ts';
import { discrepancyKinds, rollCallStatuses } from '../domain/roll-call.ts';
import { propertyItems, relations, whereaboutsKeywords } from '../domain/reference-values.ts';
import { cancellationCodes, riskFindings, transferPersonStatuses, transferStatuses } from '../domain/transfer.ts';
import { assuranceSubjects, nationalityEvidence, repatriationOutcomes, repatriationStatuses, requestChannels, reviewOutcomes, stateAnswers } from '../domain/repatriation.ts';
import { repatriationRisks, returnWishes } from '../domain/repatriation-assessment.ts';
import { consularNotificationPolicies } from '../domain/state-profile.ts';
import { sharedFields } from '../domain/sharing-policy.ts';
import { consularWishes } from '../domain/consular-notification.ts';
import { childArrangements, familyRoles } from '../domain/repatriation-family.ts';
import { followUpChannels, personReachedValues } from '../domain/repatriation-follow-up.ts';
import { allegationOutcomes, allegationSources, allegationStatuses } from '../domain/allegation.ts';
import { complainants, complaintNatures, complaintStandings, complaintSubjects } from '../domain/complaint.ts';
import { freezeIncidents } from '../domain/evidence-freeze.ts';
import { ownFileRecipients, ownFileSections } from '../domain/own-file.ts';
import { classificationStatuses, contestants, contestOutcomes, riskLevels, securityCategories } from '../domain/classification.ts';
import { appealOutcomes as sanctionAppealOutcomes, disciplineStatuses, hearingFindings } from '../domain/discipline.ts';
import { permittedSanctions } from '../domain/sanction.ts';

export const locales = ['ar', 'ckb', 'kmr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'ar';

interface LocaleInfo {
  /** The language's own name, shown in the language switch. */
  readonly name: string;
  readonly dir: 'rtl' | 'ltr';
  /** The tag Intl formats with: Iraqi Arabic and Sorani write Arabic-Indic digits. */
  readonly intl: string;
}

export const localeInfo: Readonly<Record<Locale, LocaleInfo>> = {
  ar: { name: 'العربية', dir: 'rtl', intl: 'ar-IQ' },
  ckb: { name: 'کوردی (سۆرانی)', dir: 'rtl', intl: 'ckb-IQ' },
  kmr: { name: 'Kurmancî', dir: 'ltr', intl: 'ku' },
  en: { name: 'English', dir: 'ltr', intl: 'en-GB' },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Keys built from a value at run time (`t.of('custody_status', status)`): each group lists
 * every value it may take, so the catalogue test knows which keys are in use.
 */
export const keyGroups = {
  custody_status: custodyStatuses,
  transfer_status: transferStatuses,
  transfer_person_status: transferPersonStatuses,
  cancellation: cancellationCodes,
  category: categories,
  legal_status: legalStatuses,
  facility_kind: facilityKinds,
  name_source: nameSources,
  script: scripts,
  task_kind: taskKinds,
  role: roles,
  item: admissionItemNames,
  /** The steps of the admission form (pages/admit.tsx `admissionSteps`). */
  admit_step: ['placement', 'arrest', 'care', 'people', 'review'],
  problem: [
    ...(Object.keys(rejectionCodes) as (keyof typeof rejectionCodes)[]), 'invalid_request', 'unauthenticated', 'invalid_credentials', 'invalid_code', 'security_key_refused', 'second_factor_required', 'enrolment_required',
    'internal_error', 'csrf', 'route_not_found', 'invalid_token', 'token_expired', 'token_used',
  ],
  account_change: accountRequestChanges,
  account_request_status: accountRequestStates,
  account_notice: ['requested', 'approved', 'refused', 'withdrawn', 'changed', 'unlocked'],
  incident: ['escape', 'unaccounted', 'not_returned'],
  clock: clockExplanationKeys,
  clock_rule: clockRuleIds,
  clock_status: clockStatuses,
  clock_finding: clockFindingCodes,
  evidence_kind: ['dob', 'nationality', 'sex', 'mother'],
  evidence_outcome: ['agree', 'conflict', 'unknown'],
  transfer_notice: ['created', 'approved', 'cancelled', 'dispatched', 'received', 'discrepancy', 'handed_over', 'count_closed', 'rejected', 'refused', 'closed', 'not_on_transfer', 'not_a_number'],
  rollcall_status: rollCallStatuses,
  discrepancy_kind: discrepancyKinds,
  seen_by: ['roll_call', 'arrival'],
  admit_field: [
    'first_deprivation.at', 'first_deprivation.place', 'first_deprivation.authority', 'ordering_authority.authority', 'ordering_authority.law', 'ordering_authority.article',
    'supervising_authority.authority', 'injuries.visible_injuries', 'injuries.ill_treatment_complaint', 'property.items', 'property.signed_by_detainee', 'property.witnessed_by',
    'family.member_relation', 'family.member_name', 'family.member_age', 'family.member_whereabouts', 'family.member_cared_for_by', 'emergency_contact.name',
    'emergency_contact.relation', 'emergency_contact.contact', 'health_record.reference', 'officials.arresting', 'officials.admitting',
  ],
  sex: ['male', 'female', 'unknown'],
  figures_dimension: dimensions,
  figures_flow: [...flows, 'held_without_valid_order'],
  figures_age: ageGroups,
  figures_region: regions,
  /** Nationalities that are not states (nationality-choices.ts `notStates`). */
  nationality: ['stateless', 'unknown'],
  gender: ['man', 'woman', 'other', 'not_stated'],
  relation: relations,
  property_item: propertyItems,
  whereabouts: whereaboutsKeywords,
  document_kind: ['national_id', 'passport', 'civil_status_record', 'residence_card', 'camp_card', 'other'],
  case_notice: [
    'opened', 'charges_amended', 'counsel_assigned', 'counsel_visited', 'appearance_recorded', 'appearance_extended', 'hearing_scheduled', 'hearing_outcome',
    'interrogation_recorded', 'stage_changed', 'verdict_recorded', 'sentence_recorded', 'appeal_lodged', 'appeal_decided', 'order_recorded', 'order_confirmed',
  ],
  case_stage: caseStages,
  order_kind: orderKinds,
  order_confirmation: [...orderConfirmations, 'confirmed'],
  /** What an order will stand on once saved, as its preview says. */
  order_standing: orderConfirmations,
  hearing_status: ['scheduled', ...hearingOutcomes],
  hearing_flag: hearingFlags,
  present_role: ['judge', 'prosecutor', 'counsel', 'interpreter'],
  verdict_outcome: verdictOutcomes,
  appeal_outcome: appealOutcomes,
  counsel_appointment: counselAppointments,
  penalty_kind: ['death', 'life', 'years', 'months'],
  sentence_kind: ['term', 'life', 'death'],
  appearance_kind: ['brought_before_judge', 'first_appearance_extended'],
  docket_kind: ['hearing', 'production'],
  production_state: productionStates,
  match_field: ['name', 'dob', 'nationality', 'sex', 'mother', 'other_names'] satisfies readonly EvidenceField[],
  match_level: [...new Set([...NAME_LEVELS, ...DOB_LEVELS, ...AGREE_LEVELS, 'unknown'])],
  segregation_action: segregationActions,
  segregation_done: segregationActions,
  event: [
    'person.registered', 'person.name_added', 'person.corrected', 'person.admitted', 'person.moved', 'person.released', 'person.handed_over', 'person.died',
    'person.escaped', 'person.arrived_at_stop', 'person.transferred_out_of_register', 'person.duplicate_suspected', 'person.duplicate_dismissed', 'person.merged', 'person.split',
    'person.safeguards_assessed', 'person.dispatched', 'person.checked_in', 'person.identity_discrepancy', 'person.unaccounted', 'person.returned',
    'person.segregation_started', 'person.segregation_ended', 'person.task_completed', 'case.opened', 'case.charges_amended', 'case.counsel_assigned', 'case.counsel_visited',
    'case.brought_before_judge', 'case.first_appearance_extended', 'case.order_recorded', 'case.order_confirmed', 'case.hearing_scheduled', 'case.hearing_held',
    'case.interrogation_recorded', 'case.stage_changed', 'case.verdict_recorded', 'case.sentence_recorded', 'case.appeal_lodged', 'case.appeal_decided',
    'repatriation.opened', 'repatriation.request_sent', 'repatriation.answer_recorded', 'repatriation.nationality_confirmed', 'repatriation.safeguards_assessed', 'repatriation.reviewed',
    'repatriation.decided', 'repatriation.court_permission_recorded', 'repatriation.return_refused', 'repatriation.acceptance_withdrawn', 'repatriation.closed',
    'complaint.lodged', 'complaint.answered', 'allegation.recorded', 'allegation.acknowledged', 'allegation.closed', 'evidence.frozen', 'evidence.correction_recorded',
    'own_file.requested', 'own_file.disclosed', 'inforequest.recorded', 'inforequest.lookup_reviewed', 'inforequest.answered', 'restriction.requested', 'restriction.approved',
    'visit.person_seen',
    'repatriation.best_interests_recorded',
    'classification.assessed', 'classification.contested', 'classification.contest_decided',
    'discipline.charged', 'discipline.heard', 'discipline.sanctioned', 'discipline.sanction_ended', 'discipline.appealed', 'discipline.appeal_decided',
    'repatriation.returned',
    'consular.rights_told',
    'consular.notification_sent',
    'repatriation.reminder_sent',
    'repatriation.escalated',
    'repatriation.follow_up_recorded',
    'repatriation.family_recorded',
    'repatriation.guardian_named',
  ],
  repatriation_status: repatriationStatuses,
  state_answer: stateAnswers,
  request_channel: requestChannels,
  nationality_evidence: nationalityEvidence,
  review_outcome: reviewOutcomes,
  repatriation_outcome: repatriationOutcomes,
  assurance_subject: assuranceSubjects,
  repatriation_risk: repatriationRisks,
  risk_finding: riskFindings,
  return_wish: returnWishes,
  consular_policy: consularNotificationPolicies,
  shared_field: sharedFields,
  consular_wish: consularWishes,
  child_arrangement: childArrangements,
  follow_up_channel: followUpChannels,
  person_reached: personReachedValues,
  family_role: familyRoles,
  complaint_nature: complaintNatures,
  complainant: complainants,
  complaint_subject: complaintSubjects,
  complaint_standing: complaintStandings,
  allegation_source: allegationSources,
  allegation_status: allegationStatuses,
  allegation_outcome: allegationOutcomes,
  freeze_incident: freezeIncidents,
  own_file_recipient: ownFileRecipients,
  own_file_section: ownFileSections,
  complaints_notice: ['lodged', 'answered', 'allegation', 'acknowledged', 'closed', 'frozen'],
  security_category: securityCategories,
  risk_level: riskLevels,
  classification_status: classificationStatuses,
  contestant: contestants,
  contest_outcome: contestOutcomes,
  discipline_status: disciplineStatuses,
  hearing_finding: hearingFindings,
  sanction_kind: permittedSanctions,
  sanction_appeal_outcome: sanctionAppealOutcomes,
  custody_life_notice: ['assessed', 'charged', 'contested', 'contest_decided', 'heard', 'sanctioned', 'sanction_ended', 'appealed', 'appeal_decided'],
  relationship: requesterRelationships,
  identity_check: identityChecks,
  request_status: requestStatuses,
  a18_item: article18Items,
  a18_movement: movementKinds,
  inforequest_notice: ['recorded', 'lookup', 'answered'],
  restriction_state: restrictionStates,
  restriction_notice: ['requested', 'approved'],
  visiting_body_kind: visitingBodyKinds,
  access_decision: accessDecisions,
  notification_kind: notificationKinds,
  export_format: notificationListFormats,
} as const;
export type KeyGroup = keyof typeof keyGroups;

type Catalogue = Readonly<Record<string, string>>;

const catalogueDir = new URL('./messages/', import.meta.url);

/** A language's catalogue as written. */
export function readCatalogue(locale: Locale): Catalogue {
  return JSON.parse(readFileSync(new URL(`${locale}.json`, catalogueDir), 'utf8')) as Catalogue;
}

const catalogues = new Map<Locale, Catalogue>();
const compiled = new Map<string, IntlMessageFormat>();

function message(locale: Locale, key: string): IntlMessageFormat | null {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    let catalogue = catalogues.get(locale);
    if (!catalogue) catalogues.set(locale, (catalogue = readCatalogue(locale)));
    const text = catalogue[key];
    if (text === undefined) return null;
    format = new IntlMessageFormat(text, localeInfo[locale].intl);
    compiled.set(id, format);
  }
  return format;
}

export type MessageValues = Record<string, string | number | Date>;

/** Translate and format: the locale's words, numbers and dates. */
export interface Translator {
  readonly locale: Locale;
  readonly dir: 'rtl' | 'ltr';
  (key: string, values?: MessageValues): string;
  /** A key from a group, e.g. of('custody_status', 'in_transit'). */
  of<G extends KeyGroup>(group: G, value: (typeof keyGroups)[G][number] | string, values?: MessageValues): string;
  number(n: number): string;
  /** A number without grouping (a year, an event index), in the locale's digits. */
  plain(n: number): string;
  /** A date (Gregorian), in the locale's words and digits. */
  date(value: string | Date): string;
  /** A date and time, with the time zone of the place the register serves. */
  dateTime(value: string | Date): string;
}

/** The time zone dates are shown in. */
export const displayTimeZone = 'Asia/Baghdad';

export function translator(locale: Locale): Translator {
  const info = localeInfo[locale];
  const numbers = new Intl.NumberFormat(info.intl);
  const plainNumbers = new Intl.NumberFormat(info.intl, { useGrouping: false });
  const dates = new Intl.DateTimeFormat(`${info.intl}-u-ca-gregory`, { dateStyle: 'medium', timeZone: displayTimeZone });
  const times = new Intl.DateTimeFormat(`${info.intl}-u-ca-gregory`, { dateStyle: 'medium', timeStyle: 'short', timeZone: displayTimeZone });
  const t = ((key: string, values?: MessageValues) => {
    const format = message(locale, key) ?? message(defaultLocale, key);
    if (!format) return key;
    // Text put into a sentence (a name, a register number) is a bidi isolate: Latin inside
    // Arabic or Arabic inside English keeps its own direction and does not reorder its neighbours.
    const isolated = values && Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && v ? `\u2068${v}\u2069` : v]));
    return String(format.format(isolated));
  }) as Translator;
  Object.assign(t, {
    locale,
    dir: info.dir,
    of: (group: KeyGroup, value: string, values?: MessageValues) => t(`${group}.${value}`, values),
    number: (n: number) => numbers.format(n),
    plain: (n: number) => plainNumbers.format(n),
    date: (value: string | Date) => {
      const d = typeof value === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value) : value;
      return Number.isNaN(d.getTime()) ? String(value) : dates.format(d);
    },
    dateTime: (value: string | Date) => {
      const d = typeof value === 'string' ? new Date(value) : value;
      return Number.isNaN(d.getTime()) ? String(value) : times.format(d);
    },
  });
  return t;
}
