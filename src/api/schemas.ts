/**
 * TypeBox schemas of every request and response body. Validation rejects unknown fields
 * and wrong types (no coercion, no stripping); the domain then checks meaning. The same
 * schemas feed the OpenAPI document, so what is documented is what is enforced.
 *
 * Objects are closed (`additionalProperties: false`). Choices are `enum`s, and unions are
 * written so a validation error points at one field: a discriminator on `kind`, or
 * `if/then/else` for "known, or unknown because …" items — a plain `anyOf` would report
 * every branch's error and name no single field.
 */
import { Type, type Static, type TProperties, type TSchema, type ObjectOptions } from '@sinclair/typebox';
import { admissionItemNames, facilityKinds, nameSources, scripts, taskKinds, type ExitKind } from '../domain/events.ts';
import { custodyStatuses } from '../domain/custody.ts';
import { permissions, roles } from '../domain/permissions.ts';
import { categories, legalStatuses, type Category } from '../domain/placement.ts';
import type { Known } from '../domain/values.ts';
import { cancellationCodes, maxTransferPersons, riskFindings, transferPersonStatuses, transferStatuses } from '../domain/transfer.ts';
import { maxStops } from '../domain/transfer-legs.ts';
import { textFault } from '../domain/text.ts';

/** A closed object: any field not listed is refused. */
export function closed<P extends TProperties>(properties: P, options: ObjectOptions = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** One of a list of strings, as a single `enum` (one error, not one per choice). */
export function oneOfStrings<T extends string>(values: readonly T[], options: Record<string, unknown> = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

function nullableString(maxLength: number) {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
}

/**
 * A union chosen by its `kind` property. Needs AJV's `discriminator` option; the error then
 * comes from the one branch the `kind` selects.
 */
function byKind<T extends TSchema[]>(variants: [...T]) {
  return Type.Unsafe<Static<T[number]>>({ type: 'object', oneOf: variants, discriminator: { propertyName: 'kind' }, required: ['kind'] });
}

const text = (maxLength = 500) => Type.String({ maxLength });
export const uuid = Type.String({ format: 'uuid' });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-01-21T14:00:00+03:00' });
const day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const version = Type.Integer({ minimum: 0, description: 'The version of the person’s record the client saw; a stale one is refused (409 stale_version).' });

/** A known item, or the reason it is not known: `{"unknown_reason": "…"}`. */
function known<T extends TSchema>(value: T) {
  const unknown = closed({ unknown_reason: text(1000) });
  return Type.Unsafe<Known<Static<T>>>({ if: { type: 'object', required: ['unknown_reason'] }, then: unknown, else: value });
}

// ---------------------------------------------------------------- persons and names

export const NameRecordSchema = closed({
  id: uuid,
  script: oneOfStrings(scripts),
  full: text(300),
  parts: closed({
    given: Type.Optional(text(200)),
    father: Type.Optional(text(200)),
    grandfather: Type.Optional(text(200)),
    family: Type.Optional(text(200)),
    kunya: Type.Optional(text(200)),
    laqab: Type.Optional(text(200)),
    nisba: Type.Optional(text(200)),
    mother_full: Type.Optional(text(300)),
  }),
  source: oneOfStrings(nameSources),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
});

export const DateOfBirthSchema = byKind([
  closed({ kind: Type.Literal('exact'), date: day }),
  closed({ kind: Type.Literal('year'), year: Type.Integer() }),
  closed({ kind: Type.Literal('range'), from: day, to: day }),
  closed({ kind: Type.Literal('unknown'), reason: text(500) }),
]);

const DocumentSchema = closed({
  kind: oneOfStrings(['national_id', 'passport', 'civil_status_record', 'residence_card', 'camp_card', 'other'] as const),
  number: text(64),
  issuing_country: text(2),
});

const BiometricRefSchema = closed({ system: text(100), reference: text(200) });

const detailProperties = {
  sex: oneOfStrings(['male', 'female', 'unknown'] as const),
  gender: oneOfStrings(['man', 'woman', 'other', 'not_stated'] as const),
  dob: DateOfBirthSchema,
  nationalities: Type.Array(text(16), { maxItems: 10, description: 'ISO 3166-1 alpha-2 codes, or "stateless", or "unknown"' }),
  languages: Type.Array(text(35), { maxItems: 20, description: 'BCP 47 tags such as ar, ckb, kmr, en' }),
  documents: Type.Array(DocumentSchema, { maxItems: 20 }),
  biometric_refs: Type.Array(BiometricRefSchema, { maxItems: 20 }),
};

/** POST /api/persons: the server assigns the person id and the register number. */
export const RegisterPersonBody = closed({
  ...detailProperties,
  names: Type.Array(NameRecordSchema, { maxItems: 50 }),
  duplicate_reason: Type.Optional({ ...text(2000), description: 'Why a new record is registered although the register probably holds the person already (required then: 409 likely_duplicate otherwise)' }),
});

export const AddNameBody = closed({ name: NameRecordSchema, expected_version: Type.Optional(version) });

export const CorrectionBody = closed({
  corrects: Type.String({ format: 'uuid', description: 'event_id of the event being corrected' }),
  reason: text(1000),
  changes: closed({
    sex: Type.Optional(detailProperties.sex),
    gender: Type.Optional(detailProperties.gender),
    dob: Type.Optional(detailProperties.dob),
    nationalities: Type.Optional(detailProperties.nationalities),
    languages: Type.Optional(detailProperties.languages),
    documents: Type.Optional(detailProperties.documents),
    biometric_refs: Type.Optional(detailProperties.biometric_refs),
    name: Type.Optional(NameRecordSchema),
  }),
  expected_version: Type.Optional(version),
});

// ---------------------------------------------------------------- facilities

const CapacitySchema = Type.Unsafe<Partial<Record<Category, number>>>(
  closed(Object.fromEntries(categories.map((c) => [c, Type.Optional(Type.Integer({ minimum: 0 }))])), {
    description: 'Places (or people held) per category group_status, e.g. men_untried',
  }),
);

const UnitSchema = closed({ id: uuid, name: text(200), category: oneOfStrings(categories) });

export const RegisterFacilityBody = closed({
  facility_id: uuid,
  name: text(200),
  kind: oneOfStrings(facilityKinds),
  authority: text(200),
  country: text(2),
  timezone: text(64),
  capacity: CapacitySchema,
  units: Type.Array(UnitSchema, { maxItems: 500 }),
});

export const FacilityResponse = closed({
  id: uuid,
  name: Type.String(),
  kind: oneOfStrings(facilityKinds),
  authority: Type.String(),
  country: Type.String(),
  timezone: Type.String(),
  capacity: CapacitySchema,
  occupancy: CapacitySchema,
  units: Type.Array(UnitSchema),
  version: Type.Integer(),
});

// ---------------------------------------------------------------- admissions

const AdmissionBasisSchema = closed({
  kind: oneOfStrings(['commitment_order', 'handover_document'] as const),
  reference: text(200),
  issuing_authority: text(200),
  issued_on: day,
});

const itemSchemas = {
  first_deprivation: known(closed({ at: instant, place: text(300), authority: text(200) })),
  ordering_authority: known(closed({ authority: text(200), law: text(200), article: text(100) })),
  supervising_authority: known(closed({ authority: text(200) })),
  injuries: known(closed({ visible_injuries: nullableString(2000), ill_treatment_complaint: nullableString(2000) })),
  property: known(
    closed({
      items: Type.Array(closed({ description: text(300), quantity: Type.Integer({ minimum: 0 }) }), { maxItems: 200 }),
      signed_by_detainee: Type.Boolean(),
      witnessed_by: text(200),
    }),
  ),
  family: known(
    closed({
      members: Type.Array(
        closed({
          relation: text(100),
          name: text(300),
          age: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0 }),
          whereabouts: text(300),
          cared_for_by: nullableString(300),
        }),
        { maxItems: 50 },
      ),
    }),
  ),
  emergency_contact: known(closed({ name: text(200), relation: text(100), contact: text(200) })),
  health_record: known(closed({ reference: text(200) })),
  officials: known(closed({ arresting: Type.Array(text(200), { maxItems: 50 }), admitting: text(200) })),
} satisfies Record<(typeof admissionItemNames)[number], TSchema>;

/** Every item STANDARDS A requires, each given or `{"unknown_reason": "…"}`. */
export const AdmissionItemsSchema = closed(itemSchemas);

/** POST /api/admissions: the server assigns the admission id. */
export const AdmitPersonBody = closed({
  person_id: uuid,
  facility_id: uuid,
  unit_id: uuid,
  legal_status: oneOfStrings(legalStatuses),
  admitted_at: instant,
  basis: AdmissionBasisSchema,
  items: AdmissionItemsSchema,
  capacity_override: Type.Optional(closed({ reason: text(1000) })),
  expected_version: Type.Optional(version),
  duplicate_reason: Type.Optional({ ...text(2000), description: 'Why the person is admitted while an open duplicate question says they may be another record (required then: 409 likely_duplicate otherwise)' }),
});

// ---------------------------------------------------------------- moves and exits

export const MoveBody = closed({ unit_id: uuid, reason: text(1000), occurred_at: instant, expected_version: Type.Optional(version) });

function exitVariant<K extends ExitKind, P extends TProperties>(kind: K, details: P) {
  return closed({ kind: Type.Literal(kind), occurred_at: instant, details: closed(details), expected_version: Type.Optional(version) });
}

/** POST /api/persons/:id/exits: the `kind` chooses which details are required. */
export const ExitBody = byKind([
  exitVariant('person.released', { order_reference: text(200), verified_by: text(200), released_to: text(300) }),
  exitVariant('person.handed_over', { to_state: text(2), receiving_authority: text(200), receipt_reference: text(200) }),
  exitVariant('person.died', { circumstances: text(2000), cause: text(1000), remains: text(1000) }),
  exitVariant('person.escaped', { circumstances: text(2000) }),
  exitVariant('person.transferred_out_of_register', { register: text(200), receipt_reference: text(200) }),
]);

// ---------------------------------------------------------------- transfers

/** Where a transfer starts or ends, chosen by `kind` (so a refusal names the field that kind misses). */
export const TransferEndpointSchema = byKind([
  closed({ kind: Type.Literal('facility'), facility_id: uuid }),
  closed({ kind: Type.Literal('authority'), name: text(200), country: Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2' }) }),
]);

/** POST /api/transfers: the server assigns the transfer id. */
export const CreateTransferBody = closed({
  origin: TransferEndpointSchema,
  destination: TransferEndpointSchema,
  reason: text(1000),
  persons: Type.Array(uuid, { minItems: 1, maxItems: maxTransferPersons, description: 'Person ids, each once' }),
  stops: Type.Optional(Type.Array(uuid, { maxItems: maxStops, description: 'Intermediate facilities in order, where the escort lodges the persons (overnight stops)' })),
});

export const CancelTransferBody = closed({ code: oneOfStrings(cancellationCodes), note: text(1000) });

const RiskSchema = closed({ finding: oneOfStrings(riskFindings), reasoning: text(4000) });

export const SafeguardsBody = closed({
  person_id: uuid,
  assessment: closed({
    receiving_state: Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2' }),
    risks: closed({ torture: RiskSchema, death_penalty: RiskSchema, persecution: RiskSchema }),
    detainee_heard: closed({ heard_on: day, summary: text(4000) }),
    assurances: text(4000),
    approved_by: text(200),
  }),
});

export const DispatchBody = closed({ escort_authority: text(200), escort_commander: text(200), releasing_official: text(200), occurred_at: instant });
/** Arrival at the next stop: each person counted at its gate and the unit they are lodged in. */
export const StopArrivalBody = closed({
  counted: Type.Array(closed({ register_number: Type.String({ maxLength: 40, description: 'As typed or scanned at the gate' }), unit_id: uuid }), { maxItems: maxTransferPersons, description: 'Anyone in transit on the order and not counted here becomes an unaccounted incident' }),
  receiving_official: text(200),
  occurred_at: instant,
  capacity_override: Type.Optional(closed({ reason: text(1000) })),
});
export const StopDepartureBody = DispatchBody;

export const CheckInBody = closed({
  person_id: uuid,
  register_number: Type.String({ maxLength: 40, description: 'As typed or scanned at the gate; a mismatch holds the person in a discrepancy' }),
  receiving_official: text(200),
  occurred_at: instant,
  unit_id: Type.Optional(uuid),
  legal_status: Type.Optional(oneOfStrings(legalStatuses)),
  capacity_override: Type.Optional(closed({ reason: text(1000) })),
  receipt_reference: Type.Optional(text(200)),
});

export const CheckInBatchBody = closed({
  receiving_official: text(200),
  occurred_at: instant,
  arrivals: Type.Array(Type.Omit(CheckInBody, ['receiving_official', 'occurred_at'], { additionalProperties: false }), {
    minItems: 1,
    maxItems: 10_000,
    description: 'The list scanned at the gate: each person once, with the register number as scanned and, at a facility, the unit',
  }),
});
export const CheckInBatchResponse = closed({ transfer_id: uuid, received: Type.Integer(), discrepancies: Type.Integer(), handed_over: Type.Integer() });

export const CloseCountBody = closed({ receiving_official: text(200), occurred_at: instant, incident_owner: Type.Optional(text(200)) });

export const RejectTransferBody = closed({ reason: text(1000), receiving_official: text(200), occurred_at: instant });
export const RefusePersonBody = closed({ person_id: uuid, reason: text(1000), receiving_official: text(200), occurred_at: instant });
export const PersonRefusedResponse = closed({ outcome: Type.Literal('returned'), events: Type.Array(closed({ idx: Type.Integer(), event_id: uuid, kind: Type.String() })) });

export const TransferCreatedResponse = closed({ transfer_id: uuid, status: Type.Literal('draft'), persons: Type.Integer() });
export const TransferDispatchedResponse = closed({ transfer_id: uuid, status: Type.Literal('dispatched'), dispatched: Type.Integer() });
export const CheckInResponse = closed({ outcome: oneOfStrings(['received', 'discrepancy', 'handed_over'] as const), events: Type.Array(closed({ idx: Type.Integer(), event_id: uuid, kind: Type.String() })) });
export const CountClosedResponse = closed({
  transfer_id: uuid,
  status: Type.Literal('received'),
  received: Type.Integer(),
  discrepancies: Type.Integer(),
  unaccounted: Type.Array(closed({ person_id: uuid, incident_id: uuid }), { description: 'Each one an open incident, from now' }),
});
export const StopArrivedResponse = closed({
  transfer_id: uuid,
  stop: Type.Integer(),
  facility_id: uuid,
  arrived: Type.Integer(),
  unaccounted: Type.Array(closed({ person_id: uuid, incident_id: uuid })),
});
export const StopDepartedResponse = closed({ transfer_id: uuid, stop: Type.Integer(), departed: Type.Integer() });
export const TransferRejectedResponse = closed({ transfer_id: uuid, status: Type.Literal('rejected'), returned: Type.Integer() });

const nullableText = Type.Union([Type.String(), Type.Null()]);

export const TransferSummary = closed({
  id: uuid,
  status: oneOfStrings(transferStatuses),
  origin: TransferEndpointSchema,
  destination: TransferEndpointSchema,
  reason: Type.String(),
  persons: Type.Integer(),
  created_by: Type.String(),
  created_at: Type.String(),
  approved_by: nullableText,
  dispatched_at: nullableText,
  count_closed_at: nullableText,
  closed_at: nullableText,
});

export const TransferResponse = closed({
  ...TransferSummary.properties,
  cancellation: Type.Union([closed({ code: oneOfStrings(cancellationCodes), note: Type.String(), at: Type.String() }), Type.Null()]),
  escort: Type.Union([closed({ authority: Type.String(), commander: Type.String() }), Type.Null()]),
  releasing_official: nullableText,
  receiving_official: nullableText,
  rejection: Type.Union([closed({ reason: Type.String(), receiving_official: Type.String(), at: Type.String() }), Type.Null()]),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Persons by status on this transfer' }),
  stops: Type.Array(uuid, { description: 'Intermediate facilities in order' }),
  at_stop: Type.Union([Type.Integer(), Type.Null()], { description: 'Index of the stop the escort is lodged at, if any' }),
  next_stop: Type.Integer({ description: 'Index of the next stop to reach; the number of stops means the destination' }),
  production: Type.Union(
    [closed({ case_id: uuid, source: oneOfStrings(['order', 'hearing'] as const), source_id: uuid, court: Type.String(), produce_at: Type.String(), return_by: Type.String() }), Type.Null()],
    { description: 'A court production: the round trip to the court’s holding facility (the one stop) and back, for this order or hearing; anyone not back by return_by is an incident' },
  ),
  members: Type.Array(
    closed({
      person_id: uuid,
      register_number: Type.String(),
      status: oneOfStrings(transferPersonStatuses),
      safeguards_recorded: Type.Boolean(),
      unit_id: Type.Union([uuid, Type.Null()]),
      incident_id: Type.Union([uuid, Type.Null()]),
      settled_at: nullableText,
      refusal: Type.Union([closed({ reason: Type.String(), receiving_official: Type.String() }), Type.Null()], { description: 'Why this person alone was refused at arrival and returned' }),
    }),
  ),
});

export const TransfersResponse = closed({ transfers: Type.Array(TransferSummary), truncated: Type.Boolean() });

// ---------------------------------------------------------------- command responses

export const EventSummarySchema = closed({ idx: Type.Integer(), event_id: uuid, kind: Type.String() });
export const EventsResponse = closed({ events: Type.Array(EventSummarySchema) });
export const FacilityRegisteredResponse = closed({ facility_id: uuid });
/** A record that may be the same person, with the matcher's explanation (aligned tokens, evidence). */
export const DuplicateCandidateSchema = closed({
  person_id: uuid,
  score: Type.Number(),
  explanation: Type.Unknown({ description: 'which tokens aligned with what score, and which evidence agreed or conflicted' }),
});
export const PersonRegisteredResponse = closed({
  person_id: uuid,
  register_number: Type.String(),
  version: Type.Integer(),
  possible_duplicates: Type.Array(DuplicateCandidateSchema, { description: 'best first; those scoring high are opened for review' }),
});
export const AdmittedResponse = closed({ admission_id: uuid, events: Type.Array(EventSummarySchema) });

// ---------------------------------------------------------------- person reads

const NameResponse = NameRecordSchema;

export const PersonSummary = closed({
  id: uuid,
  register_number: Type.String(),
  names: Type.Array(closed({ script: oneOfStrings(scripts), full: Type.String() })),
  custody_status: oneOfStrings(custodyStatuses),
  facility_id: Type.Union([uuid, Type.Null()]),
  version: Type.Integer(),
});

export const PersonLookupResponse = closed({ persons: Type.Array(PersonSummary) });

export const TaskResponse = closed({
  id: uuid,
  person_id: uuid,
  register_number: Type.String(),
  kind: oneOfStrings(taskKinds),
  reason: Type.String(),
  due_at: Type.String(),
  overdue: Type.Boolean(),
});

export const PersonRecordResponse = closed({
  id: uuid,
  register_number: Type.String(),
  registered_at: Type.String(),
  details: closed({ ...detailProperties }),
  names: Type.Array(NameResponse),
  custody: closed({
    status: oneOfStrings(custodyStatuses),
    facility_id: Type.Union([uuid, Type.Null()]),
    unit_id: Type.Union([uuid, Type.Null()]),
    legal_status: Type.Union([oneOfStrings(legalStatuses), Type.Null()]),
    category: Type.Union([oneOfStrings(categories), Type.Null()]),
    since: Type.String(),
    history: Type.Array(
      closed({ status: oneOfStrings(custodyStatuses), facility_id: Type.Union([uuid, Type.Null()]), from: Type.String(), to: Type.Union([Type.String(), Type.Null()]) }),
    ),
  }),
  admissions: Type.Array(
    closed({
      id: uuid,
      facility_id: uuid,
      unit_id: uuid,
      legal_status: oneOfStrings(legalStatuses),
      category: oneOfStrings(categories),
      admitted_at: Type.String(),
      basis: AdmissionBasisSchema,
      items: AdmissionItemsSchema,
      capacity_override: Type.Union([closed({ reason: Type.String() }), Type.Null()]),
    }),
  ),
  open_tasks: Type.Array(TaskResponse),
  frozen: Type.Boolean(),
  version: Type.Integer(),
});

export const PersonEventsResponse = closed({
  events: Type.Array(
    closed({
      idx: Type.Integer(),
      event_id: uuid,
      kind: Type.String(),
      occurred_at: Type.String(),
      recorded_at: Type.String(),
      actor: Type.String(),
      data: Type.Unknown({ description: 'The event’s data as recorded in the log (see the event catalogue).' }),
    }),
  ),
});

export const ReadAuditResponse = closed({
  reads: Type.Array(closed({ username: Type.String(), what: Type.String(), read_at: Type.String() })),
});

export const TasksResponse = closed({ tasks: Type.Array(TaskResponse), truncated: Type.Boolean() });

// ---------------------------------------------------------------- accounts and sessions

/** Usernames as the account table allows them. */
export const usernamePattern = '^[a-z0-9._-]{2,64}$';
export const minPasswordLength = 8;

export const LoginBody = closed({ username: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 1024 }) });

export const SessionResponse = closed({
  username: Type.String(),
  display_name: Type.String(),
  role: oneOfStrings(roles),
  permissions: Type.Array(oneOfStrings(permissions)),
  expires_at: Type.String(),
});

/** What an account reaches (src/domain/scope.ts): the whole register, facilities, courts. */
export const AccountScopeBody = closed({
  all: Type.Optional(Type.Boolean({ description: 'The whole register (a supervisor over every facility); auditors reach it by their role' })),
  facilities: Type.Optional(Type.Array(uuid, { maxItems: 500, description: 'Facilities whose persons the account reaches (officers, clerks, supervisors)' })),
  courts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }), { maxItems: 100, description: 'Courts whose persons the account reaches (judges, court clerks), named as on the cases' })),
});

export const CreateAccountBody = closed({
  username: Type.String({ pattern: usernamePattern }),
  display_name: text(200),
  role: oneOfStrings(roles),
  scope: Type.Optional(AccountScopeBody),
  liaison_state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'For a liaison account: the state (ISO 3166-1 alpha-2) whose nationals’ repatriation cases it sees' })),
});

export const AccountResponse = closed({ id: uuid, username: Type.String(), display_name: Type.String(), role: oneOfStrings(roles), created_at: Type.String() });

// ---------------------------------------------------------------- text and calendar values

/** What no string of a request may hold: see domain/text.ts. */
export { textFault };

/** A date, or a date and time, in ISO 8601 form: YYYY-MM-DD, then optionally a time and an offset. */
const isoForm = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Why a string written as an ISO 8601 date or date and time names none, or null: a day the
 * month does not have (Feb 30, Feb 29 outside leap years), month 13, year 0, hour 24, minute
 * or second 60, an offset beyond ±14:00. A string not in that form is left to the schema and
 * the domain. The database would refuse such a value in the middle of a command, or roll it
 * over to another day; here it is refused with its field before anything runs.
 */
export function calendarFault(value: string): string | null {
  const m = isoForm.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `is not a date of the calendar (${m[1]}-${m[2]}-${m[3]})`;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return 'is not a time of day: hours 00–23, minutes and seconds 00–59';
  if (m[7] !== undefined) {
    const [hours, minutes] = [Number(m[7]), Number(m[8] ?? 0)];
    if (minutes > 59 || hours * 60 + minutes > 14 * 60) return 'has an offset from UTC beyond ±14:00';
  }
  return null;
}

const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first string of a parsed request part — a value or a field name, at any depth — that
 * cannot be kept (see textFault) or names no day of the calendar (see calendarFault), with
 * the JSON pointer to it under `prefix`. This one check covers every string of every route,
 * whichever file declares its schema. `calendar: false` leaves the days to the caller (a page's
 * form, whose request to the API is checked, and whose answer the page puts at the field).
 */
export function unkeepableString(part: unknown, prefix = '', options: { readonly calendar: boolean } = { calendar: true }): { field: string; fault: string } | null {
  const pending: [unknown, string][] = [[part, prefix]];
  while (pending.length) {
    const [value, pointer] = pending.pop()!;
    if (typeof value === 'string') {
      const fault = textFault(value) ?? (options.calendar ? calendarFault(value) : null);
      if (fault) return { field: pointer, fault };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${pointer}/${i}`]);
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        const fault = textFault(key);
        if (fault) return { field: `${pointer}/${escapeSegment(key)}`, fault: `is a field name that ${fault}` };
        pending.push([item, `${pointer}/${escapeSegment(key)}`]);
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------- shared pieces

export const IdParams = closed({ id: uuid });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 200,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'A fresh key (e.g. a UUID) per intended change; a retry with the same key and body returns the first result.',
  }),
});

/** RFC 9457 problem details, with our stable `code` and the offending `field`. Shared by $id. */
export const ProblemSchema = closed(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    field: Type.Optional(Type.String({ description: 'JSON pointer to the offending input: into the body, or under /query, /params or /headers' })),
  },
  { $id: 'Problem', title: 'Problem' },
);

export type Problem = Static<typeof ProblemSchema>;

const problemRef = Type.Ref(ProblemSchema);

/** Problem responses every route may give, documented as application/problem+json. */
export const problemResponses = {
  '4xx': { description: 'Refused: RFC 9457 problem details', content: { 'application/problem+json': { schema: problemRef } } },
  '5xx': { description: 'Failed: RFC 9457 problem details', content: { 'application/problem+json': { schema: problemRef } } },
};
