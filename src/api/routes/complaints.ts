/**
 * Complaints and allegations, evidence, the detainee's own file (issue 16): requests and
 * complaints and their answers; allegations of torture or ill-treatment, recorded by anyone
 * who hears them, and the independent authority's steps on their referral (which the domain
 * refuses, by name, to the facility's roles); freezing records as evidence; copies of the
 * file given to the detainee or counsel. Every read of them is audited.
 */
import { can } from '../../domain/permissions.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { acknowledgeReferral, closeAllegation } from '../../commands/allegation-step.ts';
import { answerComplaint } from '../../commands/answer-complaint.ts';
import { discloseOwnFile } from '../../commands/disclose-own-file.ts';
import { requestOwnFile } from '../../commands/request-own-file.ts';
import { freezeEvidence } from '../../commands/freeze-evidence.ts';
import { lodgeComplaint } from '../../commands/lodge-complaint.ts';
import { recordAllegation } from '../../commands/record-allegation.ts';
import { complaintFigures } from '../../queries/complaint-figures.ts';
import { personComplaints, referralQueue, showsSealedWords } from '../../queries/complaints-file.ts';
import { readPersonal, shownPersonal } from '../../queries/personal-read.ts';
import { disclosuresOf, ownFileRequestsOf } from '../../store/evidence.ts';
import { responseClockRules } from '../../store/complaints.ts';
import { responseClockStatus } from '../../domain/response-clock.ts';
import { scopeFilter, scopeOf } from '../scope.ts';
import type { ApiContext } from '../context.ts';
import {
  AcknowledgeBody,
  AllegationEventsResponse,
  AllegationRecordedResponse,
  AnswerComplaintBody,
  CloseAllegationBody,
  ComplaintEventsResponse,
  ComplaintFiguresResponse,
  ComplaintLodgedResponse,
  DisclosuresResponse,
  DiscloseBody,
  DisclosureResponse,
  FreezeBody,
  FreezeResponse,
  LodgeComplaintBody,
  OwnFileRequestedResponse,
  PersonComplaintsResponse,
  RecordAllegationBody,
  ReferralsResponse,
  RequestOwnFileBody,
} from '../complaint-schemas.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

const personPath = { '/person_id': '/params/id' } as const;
/** What the read audit says of a reading of a confidential complaint's words (MR56(3)). */
const confidentialWords = 'confidential complaint words';
const tags = ['complaints'];

export function complaintRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const reader = (request: FastifyRequest, purpose: string) => ({ accountId: request.account!.id, purpose, now: ctx.clock() });
  type PersonPost<B> = { Params: Static<typeof IdParams>; Body: B };

  app.post<PersonPost<Static<typeof LodgeComplaintBody>>>(
    '/api/persons/:id/complaints',
    {
      config: { permission: 'complaint.record', scope: { person: '/params/id' } },
      schema: { tags, summary: 'A request or complaint by the detainee or on their behalf, with its answer’s deadline; one alleging ill-treatment opens the independent referral too', params: IdParams, headers: IdempotencyHeaders, body: LodgeComplaintBody, response: { 201: ComplaintLodgedResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, lodgeComplaint, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/persons/:id/complaints',
    { config: { permission: 'complaint.read', scope: { person: '/params/id' } }, schema: { tags, summary: 'A person’s requests and complaints, allegations and their referrals with their clocks, records frozen as evidence and their corrections (an audited read)', params: IdParams, response: { 200: PersonComplaintsResponse, ...problemResponses } } },
    // A confidential complaint (MR56(3)) is the independent authority's alone: the facility's staff are not shown it. Its words, opened
    // from beside the log, are a reading of their own in the audit.
    async (request) =>
      readPersonal(
        ctx.db,
        reader(request, 'complaints'),
        async (tx) => {
          const file = await personComplaints(tx, request.params.id, ctx.clock(), can(request.account!.role, 'oversight.read'));
          if (showsSealedWords(file)) await shownPersonal(tx, reader(request, confidentialWords), [request.params.id]);
          return file;
        },
        () => [request.params.id],
      ),
  );

  app.post<PersonPost<Static<typeof AnswerComplaintBody>>>(
    '/api/complaints/:id/answer',
    { config: { permission: 'complaint.answer', scope: { complaint: '/params/id' } }, schema: { tags, summary: 'The answer to a request or complaint', params: IdParams, headers: IdempotencyHeaders, body: AnswerComplaintBody, response: { 201: ComplaintEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, answerComplaint, { ...request.body, complaint_id: request.params.id }, request, reply, { '/complaint_id': '/params/id' })),
  );

  app.post<PersonPost<Static<typeof RecordAllegationBody>>>(
    '/api/persons/:id/allegations',
    {
      config: { permission: 'allegation.record', scope: { person: '/params/id' } },
      schema: { tags, summary: 'An allegation of torture or ill-treatment heard, complaint or not: it opens at once the referral to the authority independent of the facility', params: IdParams, headers: IdempotencyHeaders, body: RecordAllegationBody, response: { 201: AllegationRecordedResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, recordAllegation, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.get(
    '/api/allegations',
    { config: { permission: 'allegation.refer', scope: 'filtered' }, schema: { tags, summary: 'The independent authority’s queue: referrals not closed of the persons the account reaches, the most urgent first, with their escalation clocks (an audited read)', response: { 200: ReferralsResponse, ...problemResponses } } },
    async (request) => {
      const within = scopeFilter(await scopeOf(ctx.db, request));
      return {
      referrals: await readPersonal(
        ctx.db,
        reader(request, 'referrals'),
        async (tx) => {
          const referrals = await referralQueue(tx, ctx.clock(), within);
          await shownPersonal(tx, reader(request, confidentialWords), referrals.filter((r) => showsSealedWords({ allegations: [r] })).map((r) => r.person_id));
          return referrals;
        },
        (rows) => rows.map((r) => r.person_id),
      ),
      };
    },
  );

  app.get(
    '/api/oversight/complaint-figures',
    { config: { permission: 'oversight.read' }, schema: { tags, summary: 'Requests and complaints in figures (MR10): by subject, by where their answer stands now, by month received; counts only, naming no one', response: { 200: ComplaintFiguresResponse, ...problemResponses } } },
    async () => complaintFigures(ctx.db, ctx.clock()),
  );

  // Anyone who may record an allegation reaches these steps; the domain refuses every role but
  // the independent authority's by name (independent_authority_only), so the refusal is explicit.
  app.post<PersonPost<Static<typeof AcknowledgeBody>>>(
    '/api/allegations/:id/acknowledgement',
    { config: { permission: 'allegation.record', scope: { allegation: '/params/id' } }, schema: { tags, summary: 'The independent authority takes the referral up (its reference); the escalation clock is met', params: IdParams, headers: IdempotencyHeaders, body: AcknowledgeBody, response: { 201: AllegationEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, acknowledgeReferral, { ...request.body, allegation_id: request.params.id }, request, reply, { '/allegation_id': '/params/id' })),
  );

  app.post<PersonPost<Static<typeof CloseAllegationBody>>>(
    '/api/allegations/:id/closure',
    { config: { permission: 'allegation.record', scope: { allegation: '/params/id' } }, schema: { tags, summary: 'The independent authority closes the referral with its findings; the facility’s roles are refused (independent_authority_only)', params: IdParams, headers: IdempotencyHeaders, body: CloseAllegationBody, response: { 201: AllegationEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, closeAllegation, { ...request.body, allegation_id: request.params.id }, request, reply, { '/allegation_id': '/params/id' })),
  );

  app.post<PersonPost<Static<typeof FreezeBody>>>(
    '/api/persons/:id/evidence-freezes',
    { config: { permission: 'evidence.freeze', scope: { person: '/params/id' } }, schema: { tags, summary: 'Freeze the person’s records as evidence after a disappearance or a serious injury, and report it to the independent authority (a death freezes by itself)', params: IdParams, headers: IdempotencyHeaders, body: FreezeBody, response: { 201: FreezeResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, freezeEvidence, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.post<PersonPost<Static<typeof DiscloseBody>>>(
    '/api/persons/:id/own-file',
    { config: { permission: 'own_file.disclose', scope: { person: '/params/id' } }, schema: { tags, summary: 'Give the detainee or counsel the detainee’s own file (MR9), every redaction with what, its legal basis and who', params: IdParams, headers: IdempotencyHeaders, body: DiscloseBody, response: { 201: DisclosureResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, discloseOwnFile, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.post<PersonPost<Static<typeof RequestOwnFileBody>>>(
    '/api/persons/:id/own-file-requests',
    { config: { permission: 'own_file.disclose', scope: { person: '/params/id' } }, schema: { tags, summary: 'The detainee (or counsel) asks for the detainee’s own file (MR9): recorded with the limit by which a copy is given', params: IdParams, headers: IdempotencyHeaders, body: RequestOwnFileBody, response: { 201: OwnFileRequestedResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, requestOwnFile, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/persons/:id/own-file',
    { config: { permission: 'person.read', scope: { person: '/params/id' } }, schema: { tags, summary: 'The requests for the file with their clocks, and the copies given to the detainee or counsel with their redactions (an audited read)', params: IdParams, response: { 200: DisclosuresResponse, ...problemResponses } } },
    async (request) =>
      readPersonal(
        ctx.db,
        reader(request, 'own file'),
        async (tx) => {
          const now = ctx.clock().toISOString();
          const requests = (await ownFileRequestsOf(tx, request.params.id)).map((r) => ({ ...r, clock: responseClockStatus(r.due_at, r.disclosed_at, now, responseClockRules().ownFileAlertHours) }));
          return { disclosures: await disclosuresOf(tx, request.params.id), requests };
        },
        () => [request.params.id],
      ),
  );
}
