/**
 * TypeBox schemas of the case routes (routes/cases.ts), in the manner of schemas.ts: closed
 * objects, choices as one `enum`, unions written so an error names one field. The domain
 * checks meaning (case.ts, case-order.ts, case-hearing.ts, segregation.ts): a number of days
 * is any whole number here and refused there with its own code.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { appealOutcomes, caseStages, counselAppointments, verdictOutcomes } from '../domain/case.ts';
import { orderConfirmations, orderKinds } from '../domain/case-order.ts';
import { hearingFlags, hearingOutcomes } from '../domain/case-hearing.ts';
import { segregationActions } from '../domain/segregation.ts';
import { custodyStatuses } from '../domain/custody.ts';
import { productionStates } from '../domain/court-production.ts';
import { transferPersonStatuses, transferStatuses } from '../domain/transfer.ts';
import { scripts } from '../domain/events.ts';
import { closed, EventSummarySchema, oneOfStrings, uuid } from './schemas.ts';

const text = (maxLength = 500) => Type.String({ maxLength });
const nullableText = (maxLength = 200) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+03:00' });
const judge = text(200);

/** "death", "life", {"years": Y} or {"months": M}: the branch is chosen by the value's type and keys, so an error names its field. */
export const MaxPenaltySchema = Type.Unsafe<'death' | 'life' | { years: number } | { months: number }>({
  description: 'The maximum penalty the law sets: "death", "life", {"years": Y} or {"months": M}',
  if: { type: 'string' },
  then: { type: 'string', enum: ['death', 'life'] },
  else: {
    if: { type: 'object', required: ['years'] },
    then: closed({ years: Type.Integer() }),
    else: closed({ months: Type.Integer() }),
  },
});

/** "life", "death", or a term {"years": Y, "months": M} (either may be left out). */
export const SentenceSchema = Type.Unsafe<'life' | 'death' | { years?: number; months?: number }>({
  description: '"life", "death", or {"years": Y, "months": M}',
  if: { type: 'string' },
  then: { type: 'string', enum: ['life', 'death'] },
  else: closed({ years: Type.Optional(Type.Integer()), months: Type.Optional(Type.Integer()) }),
});

const ChargeSchema = closed({ law: text(300), article: text(100), max_penalty: MaxPenaltySchema });
const Charges = Type.Array(ChargeSchema, { maxItems: 50, description: 'At least one: the law (e.g. Anti-Terrorism Law No. 13 of 2005), the article, and its maximum penalty' });

export const OpenCaseBody = closed({
  reference: Type.String({ maxLength: 100, description: "The court's file number, unique in that court" }),
  court: text(200),
  judge: Type.Optional(nullableText()),
  prosecutor: Type.Optional(nullableText()),
  charges: Charges,
});

export const AmendChargesBody = closed({ charges: Charges });

export const AssignCounselBody = closed({ name: text(200), appointment: oneOfStrings(counselAppointments), contact: text(300) });

export const CounselVisitBody = closed({ counsel_id: uuid, at: instant, facility_id: uuid });

export const AppearanceBody = closed({ at: instant, judge });

/** A union chosen by its `order` property (AJV's discriminator: the error comes from that one branch). */
function byOrder<T extends TSchema[]>(variants: [...T]) {
  return Type.Unsafe<Static<T[number]>>({ type: 'object', oneOf: variants, discriminator: { propertyName: 'order' }, required: ['order'] });
}

const orderCommon = {
  reference: Type.String({ maxLength: 100, description: "The order's number, unique in the issuing court" }),
  issued_at: instant,
  judge,
  court: Type.Optional(Type.String({ maxLength: 200, description: "The issuing court; the case's court when left out" })),
  scan: Type.Optional(
    closed(
      { reference: text(200), sha256: Type.String({ maxLength: 64, description: 'SHA-256 of the scanned file, 64 hexadecimal digits' }) },
      { description: "The signed order, scanned: entered with it, a clerk's entry needs no judge's confirmation" },
    ),
  ),
};

export const RecordOrderBody = byOrder([
  closed({ order: Type.Literal('detention'), ...orderCommon, days: Type.Integer({ description: 'The day of issue is day 1; more than 15 is recorded and reported by the clock' }) }),
  closed({ order: Type.Literal('release'), ...orderCommon }),
  closed({ order: Type.Literal('production'), ...orderCommon, to_facility_id: uuid, produce_at: instant }),
  closed({ order: Type.Literal('transfer'), ...orderCommon, to_facility_id: uuid }),
  closed({ order: Type.Literal('court_extension'), ...orderCommon, until: instant }),
]);

export const HearingBody = closed({
  at: instant,
  court: Type.Optional(text(200)),
  purpose: text(500),
  holding_facility_id: Type.Optional({ ...uuid, description: "The court's holding facility where the person is produced: the movement there and back is drafted as a transfer order" }),
});

export const HearingOutcomeBody = closed({
  at: instant,
  outcome: oneOfStrings(hearingOutcomes),
  adjourned_reason: Type.Optional(text(1000)),
  present: closed({ judge, prosecutor: nullableText(), counsel: nullableText(), interpreter: nullableText() }),
  interpreter_required: Type.Optional(Type.Boolean({ description: 'The person needs an interpreter; the languages on their record can require one too' })),
});

export const InterrogationBody = closed({
  start: instant,
  end: instant,
  place: text(300),
  present: Type.Array(text(200), { maxItems: 50, description: 'Everyone present, the interrogator first' }),
  interpreter: nullableText(),
  lawyer: nullableText(),
});

export const StageBody = closed({ stage: oneOfStrings(caseStages) });
export const VerdictBody = closed({ at: instant, outcome: oneOfStrings(verdictOutcomes), judge });
export const SentenceBody = closed({ at: instant, sentence: SentenceSchema, judge });
export const AppealBody = closed({ at: instant });
export const AppealDecisionBody = closed({ at: instant, outcome: oneOfStrings(appealOutcomes), sentence: Type.Optional(SentenceSchema) });
export const SegregationBody = closed({ action: oneOfStrings(segregationActions), at: instant, reason: text(1000), authorised_by: text(200) });
export const NoBody = closed({});

export const CaseOrderParams = closed({ id: uuid, oid: uuid });
export const CaseHearingParams = closed({ id: uuid, hid: uuid });
export const DocketParams = closed({ court: Type.String({ maxLength: 200, description: 'The court, by its name as recorded on its cases' }) });
export const DocketQuery = closed({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The local day (Asia/Baghdad), YYYY-MM-DD' }) });

// ---------------------------------------------------------------- responses

const events = Type.Array(EventSummarySchema);
export const CaseEventsResponse = closed({ case_id: uuid, events });
export const CounselAssignedResponse = closed({ case_id: uuid, counsel_id: uuid, events });
const production_transfer_id = Type.Union([uuid, Type.Null()], { description: 'The transfer order drafted for the court production (to the court’s holding facility and back), or null when nothing was to be moved' });
export const OrderRecordedResponse = closed({ case_id: uuid, order_id: uuid, events, production_transfer_id });
export const HearingScheduledResponse = closed({ case_id: uuid, hearing_id: uuid, events, production_transfer_id });
export const InterrogationRecordedResponse = closed({ case_id: uuid, interrogation_id: uuid, events });
export const SegregationResponse = closed({ events });

const nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) => Type.Union([schema, Type.Null()], options);
/** A penalty or sentence as recorded (see MaxPenaltySchema, SentenceSchema), written out as it is. */
const asRecorded = (description: string) => Type.Unknown({ description });
const str = Type.String();
const nullableStr = nullable(Type.String());

export const CaseResponse = closed({
  id: uuid,
  person_id: uuid,
  register_number: str,
  reference: str,
  court: str,
  judge: nullableStr,
  prosecutor: nullableStr,
  stage: oneOfStrings(caseStages),
  charges: Type.Array(closed({ law: str, article: str, max_penalty: asRecorded('"death", "life", {"years": Y} or {"months": M}') })),
  opened_at: str,
  opened_by: str,
  verdict: nullable(closed({ outcome: oneOfStrings(verdictOutcomes), at: str, judge: str }), { description: 'The verdict that stands; null before one, or once overturned on appeal' }),
  sentence: nullable(closed({ sentence: asRecorded('"life", "death" or {"years": Y, "months": M}'), at: str, judge: nullableStr, on_appeal: Type.Boolean() })),
  appeal: nullable(closed({ lodged_at: str, decided_at: nullableStr, outcome: nullable(oneOfStrings(appealOutcomes)) })),
  counsel: Type.Array(closed({ counsel_id: uuid, name: str, appointment: oneOfStrings(counselAppointments), contact: str, assigned_at: str })),
  counsel_visits: Type.Array(closed({ counsel_id: uuid, at: str, facility_id: uuid })),
  appearances: Type.Array(closed({ kind: oneOfStrings(['brought_before_judge', 'first_appearance_extended'] as const), at: str, judge: str })),
  orders: Type.Array(
    closed({
      order_id: uuid,
      order: oneOfStrings(orderKinds),
      reference: str,
      court: str,
      issued_at: str,
      judge: str,
      days: nullable(Type.Integer()),
      until: nullableStr,
      max_penalty: asRecorded('Detention: the maximum penalty of the most serious charge when the order was recorded; null otherwise'),
      to_facility_id: nullable(uuid),
      produce_at: nullableStr,
      entered_by: str,
      confirmation: oneOfStrings([...orderConfirmations, 'confirmed'] as const, { description: "judge_account or signed_scan at entry; pending until a judge's account confirms it (then confirmed)" }),
      scan: nullable(closed({ reference: str, sha256: str })),
      confirmed_by: nullableStr,
      confirmed_at: nullableStr,
    }),
  ),
  hearings: Type.Array(
    closed({
      hearing_id: uuid,
      at: str,
      court: str,
      purpose: str,
      status: oneOfStrings(['scheduled', ...hearingOutcomes] as const),
      held_at: nullableStr,
      adjourned_reason: nullableStr,
      present: nullable(closed({ judge: str, prosecutor: nullableStr, counsel: nullableStr, interpreter: nullableStr })),
      interpreter_required: nullable(Type.Boolean()),
      flags: Type.Array(oneOfStrings(hearingFlags), { description: 'A safeguard missing at the hearing: no counsel where required, no interpreter where required' }),
    }),
  ),
  interrogations: Type.Array(closed({ interrogation_id: uuid, start: str, end: str, place: str, present: Type.Array(str), interpreter: nullableStr, lawyer: nullableStr })),
});

export const CasesResponse = closed({ cases: Type.Array(CaseResponse) });

export const SegregationPeriodsResponse = closed({
  periods: Type.Array(
    closed({ facility_id: uuid, started_at: str, reason: str, authorised_by: str, ended_at: nullableStr, end_reason: nullableStr, end_authorised_by: nullableStr }),
  ),
});

export const DocketResponse = closed({
  court: str,
  date: str,
  entries: Type.Array(
    closed({
      kind: oneOfStrings(['hearing', 'production'] as const),
      at: str,
      person_id: uuid,
      register_number: str,
      names: Type.Array(closed({ script: oneOfStrings(scripts), full: str })),
      custody_status: oneOfStrings(custodyStatuses),
      facility: nullable(closed({ id: uuid, name: str }), { description: 'Where the person is held now: the facility that produces them' }),
      case_id: uuid,
      case_reference: str,
      hearing_id: nullable(uuid),
      purpose: nullableStr,
      status: nullableStr,
      order_id: nullable(uuid),
      order_reference: nullableStr,
      confirmation: nullableStr,
      movement: nullable(
        closed({ transfer_id: uuid, transfer_status: oneOfStrings(transferStatuses), person_status: oneOfStrings(transferPersonStatuses), leg: nullable(Type.Integer()), return_by: str }),
        { description: 'The movement to the court’s holding facility and back drafted for this hearing or order, or null' },
      ),
      production: oneOfStrings(productionStates, { description: 'Where the production stands now: not arranged, awaiting approval, ready, to court, at court, returning, back, cancelled, an incident, or not returned by the end of the day' }),
    }),
  ),
});
