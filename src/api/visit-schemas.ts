/**
 * TypeBox schemas of the visit routes (routes/visits.ts), in the manner of schemas.ts: closed
 * objects, choices as one `enum`. The domain checks meaning (visit.ts, notification-list.ts):
 * a refusal with no reason, authority or end date passes the schema and is refused by name.
 */
import { Type } from '@sinclair/typebox';
import { notificationKinds, notificationListFormats } from '../domain/notification-list.ts';
import { accessDecisions, visitingBodyKinds } from '../domain/visit.ts';
import { closed, oneOfStrings, PersonRecordResponse, uuid } from './schemas.ts';

const text = (maxLength = 500) => Type.String({ maxLength });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+03:00' });

export const VisitingBodyBody = closed({
  name: text(200),
  kind: oneOfStrings(visitingBodyKinds),
  accredited_by: Type.String({ maxLength: 300, description: 'The authority that accredited the body (a ministry, an agreement’s signatory)' }),
  accreditation_reference: Type.String({ maxLength: 200, description: 'The reference of the agreement or decree' }),
});
export const VisitingBodyResponse = closed({
  id: uuid,
  name: Type.String(),
  kind: oneOfStrings(visitingBodyKinds),
  accredited: Type.Boolean(),
  accredited_by: Type.String(),
  accreditation_reference: Type.String(),
});
export const VisitingBodiesResponse = closed({ bodies: Type.Array(VisitingBodyResponse) });
export const BodyRegisteredResponse = closed({ body_id: uuid });
export const WithdrawalBody = closed({ reason: text(1000) });

export const OpenVisitBody = closed({ body_id: uuid, facility_id: uuid, starts_at: instant, ends_at: instant });
export const VisitIdResponse = closed({ visit_id: uuid });
export const PersonSeenBody = closed({ person_id: uuid, seen_at: instant, private_interview: Type.Boolean({ description: 'Whether the visitors spoke with the person in private; the content is never recorded' }) });
export const PersonSeenResponse = closed({ visit_id: uuid, person_id: uuid });
export const RestrictionBody = closed({
  person_id: Type.Optional(Type.String({ format: 'uuid', description: 'Withhold this one detainee (held at the facility visited) from the visitors, the visit going on; absent: the whole visit' })),
  decision: oneOfStrings(accessDecisions),
  reason: Type.String({ maxLength: 1000, description: 'Why access is refused or deferred (required: refused by name without it)' }),
  authority: Type.String({ maxLength: 300, description: 'The authority that decided it (required)' }),
  until: Type.String({ maxLength: 40, description: 'When the refusal or deferral ends, ISO 8601 with an offset (required)' }),
});
export const CloseVisitBody = closed({});

const RestrictionView = closed({
  person_id: Type.Union([uuid, Type.Null()], { description: 'The detainee withheld; null: the whole visit' }),
  register_number: Type.Union([Type.String(), Type.Null()]),
  decision: oneOfStrings(accessDecisions), reason: Type.String(), authority: Type.String(), until: Type.String(), decided_by: Type.String(), decided_at: Type.String() });
const SeenView = closed({ person_id: uuid, register_number: Type.String(), seen_at: Type.String(), private_interview: Type.Boolean() });
export const VisitResponse = closed({
  id: uuid,
  body_id: uuid,
  body_name: Type.String(),
  facility_id: uuid,
  facility_name: Type.String(),
  starts_at: Type.String(),
  ends_at: Type.String(),
  closed: Type.Boolean(),
  restrictions: Type.Array(RestrictionView),
  seen: Type.Array(SeenView),
});
export const VisitsResponse = closed({ visits: Type.Array(VisitResponse) });
export const RestrictionsResponse = closed({
  restrictions: Type.Array(closed({ visit_id: uuid, body_name: Type.String(), facility_name: Type.String(), ...RestrictionView.properties })),
});

export const DrawUpBody = closed({ body_id: uuid, facility_id: uuid });
export const ListDrawnUpResponse = closed({ list_id: uuid });
export const ExportBody = Type.Union([
  Type.Null(),
  closed({
    column_titles: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        minItems: 6,
        maxItems: 6,
        description: 'The six column titles in the requester’s language (register number, names, kind, at, exit status, other facility); without them, the field names. The cells keep their codes.',
      }),
    ),
  }),
]);
export const ExportQuery = closed({ format: oneOfStrings(notificationListFormats, { description: 'xlsx or csv: the file; print: the rows as JSON, for a printed list' }) });
export const NotificationRowsResponse = closed({
  rows: Type.Array(
    closed({
      person_id: uuid,
      register_number: Type.String(),
      names: Type.String(),
      kind: oneOfStrings(notificationKinds),
      at: Type.String(),
      exit_status: Type.Union([Type.String(), Type.Null()]),
      other_facility: Type.Union([Type.String(), Type.Null()]),
      idx: Type.Integer(),
    }),
  ),
});
export const NotificationListResponse = closed({
  id: uuid,
  body_id: uuid,
  facility_id: uuid,
  after_idx: Type.Integer(),
  up_to_idx: Type.Integer(),
  drawn_up_by: Type.String(),
  drawn_up_at: Type.String(),
  exports: Type.Array(closed({ format: Type.String(), by: Type.String(), at: Type.String() })),
});

export const VisitorRegisterResponse = closed({
  facility_id: uuid,
  persons: Type.Array(closed({ id: uuid, register_number: Type.String(), names: Type.String() })),
});
export const VisitorPersonResponse = PersonRecordResponse;
