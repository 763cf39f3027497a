/**
 * TypeBox schemas of the complaint, allegation, evidence and own-file routes
 * (routes/complaints.ts), in the manner of schemas.ts: closed objects, choices as one `enum`.
 * The domain checks meaning (complaint.ts, allegation.ts, evidence-freeze.ts, own-file.ts).
 */
import { Type } from '@sinclair/typebox';
import { allegationOutcomes, allegationSources, allegationStatuses } from '../domain/allegation.ts';
import { complainants, complaintNatures, complaintStandings, complaintSubjects } from '../domain/complaint.ts';
import { freezeIncidents } from '../domain/evidence-freeze.ts';
import { ownFileRecipients, ownFileSections } from '../domain/own-file.ts';
import { closed, EventSummarySchema, oneOfStrings, uuid } from './schemas.ts';

const text = (maxLength = 500) => Type.String({ maxLength });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+03:00' });
const nullable = (maxLength = 500) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
const clockStatus = oneOfStrings(['running', 'due_soon', 'met', 'met_late', 'breached'] as const);

export const LodgeComplaintBody = closed({
  nature: oneOfStrings(complaintNatures),
  complainant: oneOfStrings(complainants, { description: 'The detainee, or who brought it on their behalf' }),
  complainant_name: Type.Optional(text(200)),
  subject: oneOfStrings(complaintSubjects),
  text: text(4000),
  received_at: instant,
  alleges_ill_treatment: Type.Optional(Type.Boolean({ description: 'It alleges torture or ill-treatment: the referral to the independent authority opens with it' })),
  confidential: Type.Optional(Type.Boolean({ description: 'Confidential (MR56(3)): only the authority independent of the facility reads it; the facility’s staff never see it' })),
});
export const ComplaintLodgedResponse = closed({ complaint_id: uuid, allegation_id: Type.Union([uuid, Type.Null()]), events: Type.Array(EventSummarySchema) });

export const AnswerComplaintBody = closed({ answer: text(4000), answered_at: instant });
export const ComplaintEventsResponse = closed({ complaint_id: uuid, events: Type.Array(EventSummarySchema) });

export const RecordAllegationBody = closed({
  heard_from: oneOfStrings(allegationSources, { description: 'Who told the recorder of it' }),
  account: text(4000),
  heard_at: instant,
});
export const AllegationRecordedResponse = closed({ allegation_id: uuid, events: Type.Array(EventSummarySchema) });
export const AcknowledgeBody = closed({ reference: text(200) });
export const CloseAllegationBody = closed({ outcome: oneOfStrings(allegationOutcomes), findings: text(4000) });
export const AllegationEventsResponse = closed({ allegation_id: uuid, events: Type.Array(EventSummarySchema) });

export const FreezeBody = closed({ incident: oneOfStrings(freezeIncidents), occurred_at: instant, description: text(2000) });
export const FreezeResponse = closed({ freeze_id: uuid, events: Type.Array(EventSummarySchema) });

const RedactionSchema = closed({ section: oneOfStrings(ownFileSections), what: text(500), legal_basis: text(500) });
export const DiscloseBody = closed({
  request_id: Type.Optional(Type.String({ format: 'uuid', description: 'The request for the file this copy answers (its clock is met)' })),
  recipient: oneOfStrings(ownFileRecipients),
  counsel_name: Type.Optional(text(200)),
  redactions: Type.Array(RedactionSchema, { maxItems: 20 }),
});
export const RequestOwnFileBody = closed({ requester: oneOfStrings(ownFileRecipients), counsel_name: Type.Optional(text(200)), received_at: instant });
export const OwnFileRequestedResponse = closed({ request_id: uuid, events: Type.Array(EventSummarySchema) });
export const DisclosureResponse = closed({ disclosure_id: uuid, events: Type.Array(EventSummarySchema) });

const ComplaintSchema = closed({
  id: uuid,
  person_id: uuid,
  nature: oneOfStrings(complaintNatures),
  complainant: oneOfStrings(complainants),
  complainant_name: nullable(200),
  subject: oneOfStrings(complaintSubjects),
  text: nullable(4000),
  text_sha256: Type.Union([Type.String({ description: 'The seal of a confidential complaint’s words, which its event holds in their place' }), Type.Null()]),
  received_at: Type.String(),
  due_at: Type.String(),
  recorded_by: Type.String(),
  allegation_id: Type.Union([uuid, Type.Null()]),
  confidential: Type.Boolean(),
  answer: Type.Union([closed({ text: nullable(4000), text_sha256: Type.Union([Type.String(), Type.Null()]), answered_at: Type.String(), answered_by: Type.String() }), Type.Null()]),
  clock: clockStatus,
});

export const AllegationSchema = closed({
  id: uuid,
  person_id: uuid,
  status: oneOfStrings(allegationStatuses),
  heard_from: oneOfStrings(allegationSources),
  account: nullable(4000),
  account_sha256: Type.Union([Type.String(), Type.Null()]),
  heard_at: Type.String(),
  recorded_by: Type.String(),
  complaint_id: Type.Union([uuid, Type.Null()]),
  task_id: uuid,
  escalate_at: Type.String(),
  acknowledged: Type.Union([closed({ at: Type.String(), by: Type.String(), reference: Type.String() }), Type.Null()]),
  closed: Type.Union([closed({ at: Type.String(), by: Type.String(), outcome: oneOfStrings(allegationOutcomes), findings: nullable(4000), findings_sha256: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  clock: clockStatus,
});

const FreezeSchema = closed({
  id: Type.String(),
  person_id: uuid,
  incident: oneOfStrings(freezeIncidents),
  occurred_at: Type.String(),
  description: Type.String(),
  frozen_by: Type.String(),
  up_to_idx: Type.Integer(),
});
const CorrectionSchema = closed({
  event_id: uuid,
  corrects: uuid,
  freeze_id: Type.String(),
  reason: Type.String(),
  changes: Type.Unknown(),
  recorded_by: Type.String(),
  recorded_at: Type.String(),
});

export const PersonComplaintsResponse = closed({
  complaints: Type.Array(ComplaintSchema),
  allegations: Type.Array(AllegationSchema),
  freezes: Type.Array(FreezeSchema),
  corrections: Type.Array(CorrectionSchema),
});

export const ReferralsResponse = closed({ referrals: Type.Array(AllegationSchema) });

export const ComplaintFiguresResponse = closed({
  total: Type.Integer(),
  by_subject: Type.Array(closed({ subject: oneOfStrings(complaintSubjects), count: Type.Integer() })),
  by_standing: Type.Array(closed({ standing: oneOfStrings(complaintStandings), count: Type.Integer() })),
  by_month: Type.Array(closed({ month: Type.String({ description: 'YYYY-MM, the register’s local time' }), count: Type.Integer() })),
});

const DisclosureSchema = closed({
  id: uuid,
  person_id: uuid,
  request_id: Type.Union([uuid, Type.Null()]),
  recipient: oneOfStrings(ownFileRecipients),
  counsel_name: nullable(200),
  redactions: Type.Array(closed({ section: oneOfStrings(ownFileSections), what: Type.String(), legal_basis: Type.String(), redacted_by: Type.String() })),
  disclosed_at: Type.String(),
  disclosed_by: Type.String(),
});
const OwnFileRequestSchema = closed({
  id: uuid,
  person_id: uuid,
  requester: oneOfStrings(ownFileRecipients),
  counsel_name: nullable(200),
  received_at: Type.String(),
  due_at: Type.String(),
  recorded_by: Type.String(),
  disclosure_id: Type.Union([uuid, Type.Null()]),
  disclosed_at: nullable(40),
  clock: clockStatus,
});
export const DisclosuresResponse = closed({ disclosures: Type.Array(DisclosureSchema), requests: Type.Array(OwnFileRequestSchema) });
