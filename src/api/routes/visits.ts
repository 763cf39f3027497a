/**
 * Independent visits (issue 16; BP29, CIHL 124): visiting bodies and their accreditation; visits
 * with the persons seen and the fact of private interviews; refusals and deferrals of access
 * (reason, authority, end date), every one listed for oversight; notification lists for the
 * bodies, each export logged; and the visitor's view: the register of the facility an accredited
 * visit of their body is open at, now — outside it, nothing — less any detainee withheld from them (visitorRegister).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { closeVisit } from '../../commands/close-visit.ts';
import { drawUpNotificationList } from '../../commands/draw-up-notification-list.ts';
import { execute } from '../../commands/execute.ts';
import { exportNotificationList } from '../../commands/export-notification-list.ts';
import { openVisit } from '../../commands/open-visit.ts';
import { recordPersonSeen } from '../../commands/record-person-seen.ts';
import { registerVisitingBody } from '../../commands/register-visiting-body.ts';
import { restrictVisitAccess } from '../../commands/restrict-visit-access.ts';
import { withdrawAccreditation } from '../../commands/withdraw-accreditation.ts';
import { writeCsv } from '../../export/csv-writer.ts';
import { writeXlsx } from '../../export/xlsx-writer.ts';
import { machineLabels, notificationCells, notificationRows, type NotificationLabels } from '../../queries/notification-list.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { visitorRegister } from '../../queries/visitor-access.ts';
import { accessRestrictions, facilityRegister, personsOfRestrictions, personsOfVisit, visitViewOf, visitViews } from '../../queries/visits.ts';
import { heldAmong } from '../../queries/held-persons.ts';
import { loadNotificationList, visitingBodies } from '../../store/visits.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { scopeFacilities, scopeOf } from '../scope.ts';
import { personRecord } from '../read-models.ts';
import { answer, commandContext, runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';
import {
  BodyRegisteredResponse,
  CloseVisitBody,
  DrawUpBody,
  ExportBody,
  ExportQuery,
  ListDrawnUpResponse,
  NotificationListResponse,
  NotificationRowsResponse,
  OpenVisitBody,
  PersonSeenBody,
  PersonSeenResponse,
  RestrictionBody,
  RestrictionsResponse,
  VisitIdResponse,
  VisitingBodiesResponse,
  VisitingBodyBody,
  VisitorPersonResponse,
  VisitorRegisterResponse,
  VisitResponse,
  VisitsResponse,
  WithdrawalBody,
} from '../visit-schemas.ts';

const tags = ['visits'];
const visitFromPath = { '/visit_id': '/params/id' } as const;

/**
 * The facility whose register the request's visitor may see now, with the detainees withheld
 * from the visitors there, or a refusal: outside an accredited visit, nothing.
 */
export async function visitorFacilityOrRefuse(ctx: ApiContext, request: FastifyRequest): Promise<{ facility_id: string; withheld: ReadonlySet<string> }> {
  const found = await visitorRegister(ctx.db, request.account!.id, ctx.clock());
  if (!found) throw new ApiProblem('forbidden', 'no accredited visit of your body is open now: a visitor sees a facility’s register only during an accredited visit there');
  return found;
}

/** Register the visit routes. */
export function visitRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const reader = (request: FastifyRequest, purpose: string) => ({ accountId: request.account!.id, purpose, now: ctx.clock() });

  app.get('/api/visiting-bodies', { config: { permission: 'visit.read', scope: 'register' }, schema: { tags, summary: 'The visiting bodies and their accreditation', response: { 200: VisitingBodiesResponse, ...problemResponses } } }, async () => ({
    bodies: await visitingBodies(ctx.db),
  }));

  app.post<{ Body: Static<typeof VisitingBodyBody> }>(
    '/api/visiting-bodies',
    {
      config: { permission: 'visit.manage_bodies', scope: 'register' },
      schema: { tags, summary: 'Register a visiting body (the ICRC, an inspectorate, a commission) with the authority and reference of its accreditation', headers: IdempotencyHeaders, body: VisitingBodyBody, response: { 201: BodyRegisteredResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, registerVisitingBody, request.body, request, reply)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WithdrawalBody> }>(
    '/api/visiting-bodies/:id/withdrawal',
    {
      config: { permission: 'visit.manage_bodies', scope: 'register' },
      schema: { tags, summary: 'Withdraw a body’s accreditation: its visitors see nothing from then on', params: IdParams, headers: IdempotencyHeaders, body: WithdrawalBody, response: { 201: BodyRegisteredResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, withdrawAccreditation, { body_id: request.params.id, ...request.body }, request, reply, { '/body_id': '/params/id' })),
  );

  app.get(
    '/api/visits',
    { config: { permission: 'visit.read', scope: 'filtered' }, schema: { tags, summary: 'Visits to the facilities the account reaches, the latest first, with the persons seen and any refusal or deferral (an audited read)', response: { 200: VisitsResponse, ...problemResponses } } },
    async (request) => {
      const facilities = scopeFacilities(await scopeOf(ctx.db, request));
      return { visits: await readPersonal(ctx.db, reader(request, 'visits'), (tx) => visitViews(tx, { facilities }), (found) => found.flatMap(personsOfVisit)) };
    },
  );

  app.post<{ Body: Static<typeof OpenVisitBody> }>(
    '/api/visits',
    { config: { permission: 'visit.manage', scope: { facility: '/body/facility_id' } }, schema: { tags, summary: 'Open a visit of an accredited body to a facility, between two instants', headers: IdempotencyHeaders, body: OpenVisitBody, response: { 201: VisitIdResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, openVisit, request.body, request, reply)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/visits/:id',
    { config: { permission: 'visit.read', scope: { visit: '/params/id' } }, schema: { tags, summary: 'A visit (an audited read)', params: IdParams, response: { 200: VisitResponse, ...problemResponses } } },
    async (request) => {
      const visit = await readPersonal(ctx.db, reader(request, `visit ${request.params.id}`), (tx) => visitViewOf(tx, request.params.id), (found) => personsOfVisit(found ?? null));
      if (!visit) throw new ApiProblem('not_found', 'no visit has this id', '/params/id');
      return visit;
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PersonSeenBody> }>(
    '/api/visits/:id/persons-seen',
    {
      config: { permission: 'visit.manage', scope: { visit: '/params/id' } },
      schema: { tags, summary: 'A person the visitors saw, and whether in a private interview (the fact, never the content)', params: IdParams, headers: IdempotencyHeaders, body: PersonSeenBody, response: { 201: PersonSeenResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, recordPersonSeen, { visit_id: request.params.id, ...request.body }, request, reply, visitFromPath)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RestrictionBody> }>(
    '/api/visits/:id/access-restrictions',
    {
      config: { permission: 'visit.manage', scope: { visit: '/params/id' } },
      schema: {
        tags,
        summary: 'Refuse or defer the visit’s access: refused by name (restriction_unjustified) without a reason, the authority that decided it, and its end date',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RestrictionBody,
        response: { 201: VisitIdResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, restrictVisitAccess, { visit_id: request.params.id, ...request.body }, request, reply, visitFromPath)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CloseVisitBody> }>(
    '/api/visits/:id/closing',
    { config: { permission: 'visit.manage', scope: { visit: '/params/id' } }, schema: { tags, summary: 'Close the visit', params: IdParams, headers: IdempotencyHeaders, body: CloseVisitBody, response: { 201: VisitIdResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, closeVisit, { visit_id: request.params.id }, request, reply, visitFromPath)),
  );

  app.get(
    '/api/visit-access-restrictions',
    { config: { permission: 'visit.read', scope: 'filtered' }, schema: { tags, summary: 'Every refusal and deferral of access to a visit of a facility the account reaches, the latest first', response: { 200: RestrictionsResponse, ...problemResponses } } },
    async (request) => {
      const reach = scopeFacilities(await scopeOf(ctx.db, request));
      return { restrictions: await readPersonal(ctx.db, reader(request, 'visit access refusals'), (tx) => accessRestrictions(tx, 500, reach), personsOfRestrictions) };
    },
  );

  app.post<{ Body: Static<typeof DrawUpBody> }>(
    '/api/notification-lists',
    {
      config: { permission: 'visit.notification_list', scope: { facility: '/body/facility_id' } },
      schema: { tags, summary: 'Draw up a body’s next notification list of a facility: the admissions, transfers and exits recorded since its previous list', headers: IdempotencyHeaders, body: DrawUpBody, response: { 201: ListDrawnUpResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const drawn = await runCommand(ctx.register, drawUpNotificationList, request.body, request, reply);
      return reply.code(201).header('location', `/api/notification-lists/${drawn.list_id}`).send(drawn);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/notification-lists/:id',
    { config: { permission: 'visit.notification_list', scope: { notification_list: '/params/id' } }, schema: { tags, summary: 'A notification list: its window of the log and its exports', params: IdParams, response: { 200: NotificationListResponse, ...problemResponses } } },
    async (request) => {
      const list = await loadNotificationList(ctx.db, request.params.id);
      if (!list) throw new ApiProblem('not_found', 'no notification list has this id', '/params/id');
      return list;
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ExportQuery>; Body: Static<typeof ExportBody> | undefined }>(
    '/api/notification-lists/:id/exports',
    {
      config: { permission: 'visit.notification_list', scope: { notification_list: '/params/id' } },
      schema: {
        tags,
        summary: 'Export a notification list as XLSX or CSV (the export is logged; the persons listed are an audited read)',
        params: IdParams,
        querystring: ExportQuery,
        body: ExportBody,
        headers: IdempotencyHeaders,
        response: { 200: NotificationRowsResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const format = request.query.format;
      answer(await execute(ctx.register, exportNotificationList, { list_id: request.params.id, format }, commandContext(request)), reply, { '/list_id': '/params/id' });
      const list = (await loadNotificationList(ctx.db, request.params.id))!;
      const rows = await readPersonal(ctx.db, reader(request, `notification list ${list.id}`), (tx) => notificationRows(tx, list.facility_id, list.after_idx, list.up_to_idx), (found) => found.map((r) => r.person_id));
      if (format === 'print') return { rows };
      // The column titles in the requester's language when the client gives them (the pages do); the codes stay codes.
      const titles = request.body?.column_titles;
      const cells = notificationCells(rows, titles ? { ...machineLabels, header: titles as unknown as NotificationLabels['header'] } : machineLabels);
      const name = `notification-list-${list.id}`;
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(writeCsv(cells));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(Buffer.from(writeXlsx(cells, { sheetName: 'notification list' })));
    },
  );

  // The visitor's view. Both routes ask visitorFacilityOrRefuse first: outside an accredited
  // visit the answer is a refusal, and a person not held at the visited facility is not found.
  app.get(
    '/api/visitor/register',
    // Scoped to the facility of the visitor's open accredited visit, which the handler finds (visitorFacilityOrRefuse).
    { config: { permission: 'visit.register_read', scope: 'filtered' }, schema: { tags, summary: 'For a visitor during an accredited visit: the persons held at the facility visited (an audited read)', response: { 200: VisitorRegisterResponse, ...problemResponses } } },
    async (request) => {
      const { facility_id: facility, withheld } = await visitorFacilityOrRefuse(ctx, request);
      // A detainee withheld from the visitors (access to them alone refused or deferred) is not in the register they see.
      const persons = await readPersonal(ctx.db, reader(request, 'visit register'), async (tx) => (await facilityRegister(tx, facility)).filter((p) => !withheld.has(p.id)), (found) => found.map((p) => p.id));
      return { facility_id: facility, persons };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/visitor/persons/:id',
    // Scoped to the facility of the visitor's open accredited visit, which the handler finds (visitorFacilityOrRefuse).
    { config: { permission: 'visit.register_read', scope: 'filtered' }, schema: { tags, summary: 'For a visitor during an accredited visit: the record of a person held at the facility visited (an audited read)', params: IdParams, response: { 200: VisitorPersonResponse, ...problemResponses } } },
    async (request) => {
      const { facility_id: facility, withheld } = await visitorFacilityOrRefuse(ctx, request);
      if (withheld.has(request.params.id)) throw new ApiProblem('forbidden', 'access to this person is refused or deferred during this visit', '/params/id');
      const now = ctx.clock();
      const record = await readPersonal(
        ctx.db,
        reader(request, 'visit record'),
        async (tx) => ((await heldAmong(tx, facility, [request.params.id])).has(request.params.id) ? personRecord(tx, request.params.id, now) : null),
        (found) => (found ? [found.id] : []),
      );
      if (!record) throw new ApiProblem('not_found', 'no person with this id is held at the facility visited', '/params/id');
      return record;
    },
  );
}
