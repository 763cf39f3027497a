/**
 * TypeBox schemas of the information-request and restriction routes
 * (routes/information-requests.ts), in the manner of schemas.ts: closed objects, choices as one
 * `enum`. The domain checks meaning (information-request.ts, restriction.ts).
 */
import { Type } from '@sinclair/typebox';
import { identityChecks, requesterRelationships, requestStatuses } from '../domain/information-request.ts';
import { article18Items } from '../domain/restriction.ts';
import { closed, EventSummarySchema, oneOfStrings, PersonSummary, uuid } from './schemas.ts';

const text = (maxLength = 500) => Type.String({ maxLength });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+03:00' });

export const RecordRequestBody = closed({
  requester: closed({
    name: text(300),
    relationship: oneOfStrings(requesterRelationships, { description: 'How the requester is related to the person (ICPPED 18(1): relatives, representatives, counsel), or the authority asking' }),
    identity_check: closed({ method: oneOfStrings(identityChecks), reference: text(300) }, { description: 'How the requester’s identity was checked, and what was seen' }),
    contact: text(300),
  }),
  asked_about: closed({
    names: Type.Array(text(300), { minItems: 1, maxItems: 10, description: 'The person’s names as the requester spells them, in any script' }),
    dob: Type.Optional(Type.String({ maxLength: 10, description: 'A year (1990) or a date (1990-05-17)' })),
    mother_name: Type.Optional(text(300)),
    details: Type.Optional(text(2000)),
  }),
  received_at: instant,
});

export const RequestRecordedResponse = closed({ request_id: uuid, due_at: Type.String(), events: Type.Array(EventSummarySchema) });
export const RequestStepResponse = closed({ request_id: uuid, events: Type.Array(EventSummarySchema) });

export const LookupBody = closed({
  reviewed: Type.Array(uuid, { maxItems: 100, description: 'Every person the officer reviewed (each candidate the matcher proposes must be among them)' }),
  identified: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid', description: 'The person the request is about, among those reviewed; null: none of them' }),
  note: Type.Optional(text(2000)),
});
export const AnswerBody = closed({});

const Clock = closed({ status: oneOfStrings(['running', 'due_soon', 'met', 'met_late', 'breached'] as const), due: Type.String() });

export const RequestListQuery = closed({ status: Type.Optional(oneOfStrings(requestStatuses)) });
export const RequestListResponse = closed({
  requests: Type.Array(
    closed({
      id: uuid,
      status: oneOfStrings(requestStatuses),
      received_at: Type.String(),
      requester_name: Type.String(),
      relationship: oneOfStrings(requesterRelationships),
      asked_names: Type.Array(Type.String()),
      clock: Clock,
      withheld: Type.Boolean(),
    }),
  ),
});

export const RequestResponse = closed({
  request: Type.Unknown({ description: 'The request as its events fold it (information-request.ts InformationRequest): requester, the person asked about, look-up, answer' }),
  clock: Clock,
  persons: Type.Array(PersonSummary, { description: 'The persons named in the look-up and answer' }),
});

export const CandidatesResponse = closed({ candidates: Type.Array(closed({ person_id: uuid, score: Type.Number(), person: PersonSummary })) });

export const DraftAnswerResponse = closed({ answer: Type.Unknown({ description: 'Every article 18 item as the register holds it now (article18-answer.ts)' }) });

export const RestrictionBody = closed({
  person_id: uuid,
  items: Type.Array(oneOfStrings(article18Items), { maxItems: article18Items.length }),
  legal_basis: text(500),
  judicial_reference: Type.Optional(text(200)),
  applies_to: Type.Array(oneOfStrings(requesterRelationships), { maxItems: requesterRelationships.length }),
  expires_at: Type.Optional(instant),
});
export const RestrictionRecordedResponse = closed({ restriction_id: uuid, events: Type.Array(EventSummarySchema) });
export const RestrictionsQuery = closed({ person_id: Type.Optional(uuid) });
export const RestrictionsResponse = closed({ restrictions: Type.Array(Type.Unknown()), now: Type.String() });

export const WithheldAnswersResponse = closed({
  answers: Type.Array(
    closed({
      request_id: uuid,
      answered_at: Type.String(),
      answered_by: Type.String(),
      relationship: oneOfStrings(requesterRelationships),
      register_number: Type.String(),
      withheld: Type.Array(closed({ item: oneOfStrings(article18Items), restriction_id: uuid, legal_basis: Type.String(), judicial_reference: Type.String(), expires_at: Type.String() })),
    }),
  ),
});
