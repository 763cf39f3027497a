/**
 * Cases before the courts: opening a case file for a person, its charges, counsel and their
 * visits, appearances before the judge, orders and their confirmation by a judge's account,
 * hearings and their outcome, interrogation sessions, stage, verdict, sentence and appeal;
 * a person's segregation; reading case files (every read audited) and a court's docket.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { amendCharges } from '../../commands/amend-charges.ts';
import { assignCounsel } from '../../commands/assign-counsel.ts';
import { changeCaseStage } from '../../commands/change-case-stage.ts';
import { confirmOrder } from '../../commands/confirm-order.ts';
import { decideAppeal } from '../../commands/decide-appeal.ts';
import { extendFirstAppearance } from '../../commands/extend-first-appearance.ts';
import { lodgeAppeal } from '../../commands/lodge-appeal.ts';
import { openCase } from '../../commands/open-case.ts';
import { recordAppearance } from '../../commands/record-appearance.ts';
import { recordCounselVisit } from '../../commands/record-counsel-visit.ts';
import { recordHearingOutcome } from '../../commands/record-hearing-outcome.ts';
import { recordInterrogation } from '../../commands/record-interrogation.ts';
import { recordOrder } from '../../commands/record-order.ts';
import { recordSegregation } from '../../commands/record-segregation.ts';
import { recordSentence } from '../../commands/record-sentence.ts';
import { recordVerdict } from '../../commands/record-verdict.ts';
import { scheduleHearing } from '../../commands/schedule-hearing.ts';
import type { CommandDefinition } from '../../commands/execute.ts';
import { productionState } from '../../domain/court-production.ts';
import { courtName } from '../../domain/case.ts';
import type { Permission } from '../../domain/permissions.ts';
import { caseFile, personCaseFiles, segregationPeriods } from '../../queries/case-file.ts';
import { courtDocket } from '../../queries/court-docket.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { personsInScope, scopeOf } from '../scope.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';
import {
  AmendChargesBody,
  AppealBody,
  AppealDecisionBody,
  AppearanceBody,
  AssignCounselBody,
  CaseEventsResponse,
  CaseHearingParams,
  CaseOrderParams,
  CaseResponse,
  CasesResponse,
  CounselAssignedResponse,
  CounselVisitBody,
  DocketParams,
  DocketQuery,
  DocketResponse,
  HearingBody,
  HearingOutcomeBody,
  HearingScheduledResponse,
  InterrogationBody,
  InterrogationRecordedResponse,
  NoBody,
  OpenCaseBody,
  OrderRecordedResponse,
  RecordOrderBody,
  SegregationBody,
  SegregationPeriodsResponse,
  SegregationResponse,
  SentenceBody,
  StageBody,
  VerdictBody,
} from '../case-schemas.ts';

type Params = { Params: Static<typeof IdParams> };

/** Fields of a command's input that came from the URL. */
const fromPath = { '/case_id': '/params/id', '/person_id': '/params/id', '/order_id': '/params/oid', '/hearing_id': '/params/hid' } as const;

const tags = ['cases'];

/** Register the case routes. */
export function caseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const reader = (request: FastifyRequest, purpose: string) => ({ accountId: request.account!.id, purpose, now: ctx.clock() });
  const noPerson = () => new ApiProblem('not_found', 'no person with this id is registered', '/params/id');

  app.post<Params & { Body: Static<typeof OpenCaseBody> }>(
    '/api/persons/:id/cases',
    {
      // The court named must be one of the account's: opening the case brings the person before it.
      config: { permission: 'case.manage', scope: { court: '/body/court' } },
      schema: { tags, summary: 'Open a case file for a person: court, file number (unique in the court), judge, prosecutor, charges; the server assigns its id', params: IdParams, headers: IdempotencyHeaders, body: OpenCaseBody, response: { 201: CaseEventsResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, openCase, { person_id: request.params.id, ...request.body }, request, reply, fromPath);
      return reply.code(201).header('location', `/api/cases/${response.case_id}`).send(response);
    },
  );

  app.get<Params>(
    '/api/persons/:id/cases',
    { config: { permission: 'case.read', scope: { person: '/params/id' } }, schema: { tags, summary: 'Every case file of a person (an audited read)', params: IdParams, response: { 200: CasesResponse, ...problemResponses } } },
    async (request) => {
      const cases = await readPersonal(ctx.db, reader(request, 'cases'), (tx) => personCaseFiles(tx, request.params.id), (found) => (found ? [request.params.id] : []));
      if (!cases) throw noPerson();
      return { cases };
    },
  );

  app.get<Params>(
    '/api/persons/:id/segregation',
    { config: { permission: 'case.read', scope: { person: '/params/id' } }, schema: { tags, summary: 'A person’s periods of segregation (an audited read)', params: IdParams, response: { 200: SegregationPeriodsResponse, ...problemResponses } } },
    async (request) => {
      const periods = await readPersonal(ctx.db, reader(request, 'segregation'), (tx) => segregationPeriods(tx, request.params.id), (found) => (found ? [request.params.id] : []));
      if (!periods) throw noPerson();
      return { periods };
    },
  );

  app.post<Params & { Body: Static<typeof SegregationBody> }>(
    '/api/persons/:id/segregation',
    {
      config: { permission: 'custody.segregate', scope: { person: '/params/id' } },
      schema: { tags, summary: 'Start a period of segregation at the facility holding the person (one at a time), or end the open one (MR44)', params: IdParams, headers: IdempotencyHeaders, body: SegregationBody, response: { 201: SegregationResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, recordSegregation, { person_id: request.params.id, ...request.body }, request, reply, fromPath)),
  );

  app.get<Params>(
    '/api/cases/:id',
    { config: { permission: 'case.read', scope: { case: '/params/id' } }, schema: { tags, summary: 'A case file: charges, counsel, appearances, orders, hearings, interrogations, verdict, sentence, appeal (an audited read)', params: IdParams, response: { 200: CaseResponse, ...problemResponses } } },
    async (request) => {
      const view = await readPersonal(ctx.db, reader(request, `case ${request.params.id}`), (tx) => caseFile(tx, request.params.id), (found) => (found ? [found.person_id] : []));
      if (!view) throw new ApiProblem('not_found', 'no case with this id', '/params/id');
      return view;
    },
  );

  /** A command on a case, at POST /api/cases/:id/<path>. */
  function command<T extends TSchema, I, S, R>(
    path: string,
    permission: Permission,
    summary: string,
    body: T,
    response: TSchema,
    definition: CommandDefinition<I, S, R>,
    input: (params: Record<string, string>, body: Static<T>) => I,
    params: TSchema = IdParams,
  ) {
    type B = Static<T>;
    app.post<{ Params: Record<string, string>; Body: B }>(
      `/api/cases/:id/${path}`,
      { config: { permission, scope: { case: '/params/id' } }, schema: { tags, summary, params, headers: IdempotencyHeaders, body, response: { 201: response, ...problemResponses } } },
      async (request: FastifyRequest<{ Params: Record<string, string>; Body: B }>, reply: FastifyReply) =>
        reply.code(201).send(await runCommand(ctx.register, definition, input(request.params, request.body as B), request, reply, fromPath)),
    );
  }

  command('charges', 'case.manage', 'Amend the charges: the list given replaces the one recorded', AmendChargesBody, CaseEventsResponse, amendCharges, (p, b) => ({ case_id: p.id!, ...b }));
  command('counsel', 'case.manage', 'Assign counsel, appointed by the court or chosen, with a contact; the server assigns the counsel id', AssignCounselBody, CounselAssignedResponse, assignCounsel, (p, b) => ({ case_id: p.id!, ...b }));
  command('counsel-visits', 'case.counsel_visit', 'Record a visit of counsel to the person at a facility', CounselVisitBody, CaseEventsResponse, recordCounselVisit, (p, b) => ({ case_id: p.id!, ...b }));
  command('appearances', 'case.manage', 'The person was brought before the investigative judge (the first, across their cases, is the first appearance)', AppearanceBody, CaseEventsResponse, recordAppearance, (p, b) => ({ case_id: p.id!, ...b }));
  command('appearance-extensions', 'case.decide', 'A judge extends the time to the first appearance', AppearanceBody, CaseEventsResponse, extendFirstAppearance, (p, b) => ({ case_id: p.id!, ...b }));
  command(
    'orders',
    'case.manage',
    'Record an order (detention, release, production, transfer, court extension): confirmed at once from a judge’s account or with its signed scan, otherwise pending a judge’s confirmation',
    RecordOrderBody,
    OrderRecordedResponse,
    recordOrder,
    (p, b) => ({ case_id: p.id!, ...b }),
  );
  command('orders/:oid/confirmation', 'case.decide', 'A judge’s account confirms an order a clerk entered', NoBody, CaseEventsResponse, confirmOrder, (p) => ({ case_id: p.id!, order_id: p.oid! }), CaseOrderParams);
  command('hearings', 'case.manage', 'Schedule a hearing (it may lie ahead); the server assigns its id', HearingBody, HearingScheduledResponse, scheduleHearing, (p, b) => ({ case_id: p.id!, ...b }));
  command(
    'hearings/:hid/outcome',
    'case.manage',
    'Record that a hearing was held or adjourned and who was present; a hearing without counsel or interpreter where required is flagged',
    HearingOutcomeBody,
    CaseEventsResponse,
    recordHearingOutcome,
    (p, b) => ({ case_id: p.id!, hearing_id: p.hid!, ...b }),
    CaseHearingParams,
  );
  command('interrogations', 'case.manage', 'Record an interrogation session: start, end, place, everyone present, interpreter, lawyer (BP23)', InterrogationBody, InterrogationRecordedResponse, recordInterrogation, (p, b) => ({ case_id: p.id!, ...b }));
  command('stage', 'case.manage', 'Move the case to another stage (the verdict and appeal stages come with the verdict and the appeal)', StageBody, CaseEventsResponse, changeCaseStage, (p, b) => ({ case_id: p.id!, ...b }));
  command('verdict', 'case.decide', 'A judge’s account records the verdict of the trial', VerdictBody, CaseEventsResponse, recordVerdict, (p, b) => ({ case_id: p.id!, ...b }));
  command('sentence', 'case.decide', 'A judge’s account records the sentence of a conviction', SentenceBody, CaseEventsResponse, recordSentence, (p, b) => ({ case_id: p.id!, ...b }));
  command('appeals', 'case.manage', 'Record an appeal lodged against the verdict', AppealBody, CaseEventsResponse, lodgeAppeal, (p, b) => ({ case_id: p.id!, ...b }));
  command('appeal-decision', 'case.decide', 'A judge’s account records the appeal court’s decision: upheld, overturned, or the sentence changed', AppealDecisionBody, CaseEventsResponse, decideAppeal, (p, b) => ({ case_id: p.id!, ...b }));

  app.get<{ Params: Static<typeof DocketParams>; Querystring: Static<typeof DocketQuery> }>(
    '/api/courts/:court/docket',
    {
      config: { permission: 'case.read', scope: 'filtered' },
      schema: {
        tags,
        summary: 'A court’s list for a local day (Asia/Baghdad): its hearings and the persons production orders bring before it, with the facility holding each and the case (an audited read)',
        params: DocketParams,
        querystring: DocketQuery,
        response: { 200: DocketResponse, ...problemResponses },
      },
    },
    async (request) => {
      const court = courtName(request.params.court);
      const { date } = request.query;
      const scope = await scopeOf(ctx.db, request);
      const found = await readPersonal(
        ctx.db,
        reader(request, `docket ${court} ${date}`),
        async (tx) => {
          const entries = await courtDocket(tx, court, date);
          const reached = new Set(await personsInScope(tx, scope, entries.map((e) => e.person_id)));
          return entries.filter((e) => reached.has(e.person_id));
        },
        (rows) => rows.map((e) => e.person_id),
      );
      const now = ctx.clock().toISOString();
      return { court, date, entries: found.map((e) => ({ ...e, production: productionState(e.movement, now) })) };
    },
  );
}
