/**
 * Information requests (ICPPED 18) and restrictions of their answers (ICPPED 20), issue 16:
 * record a request, look the person up by every name given (the identity matcher), record the
 * candidates reviewed, answer with every article 18 item (or "not held in this register");
 * request and approve restrictions; oversight's list of every answer that withheld something.
 * Only information officers and oversight read requests: the requester is never shown to the
 * facility holding the person. Every read of persons' data is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { answerInformationRequest } from '../../commands/answer-information-request.ts';
import { approveRestriction } from '../../commands/approve-restriction.ts';
import { lookupCandidates } from '../../commands/information-lookup.ts';
import { recordInformationRequest } from '../../commands/record-information-request.ts';
import { requestRestriction } from '../../commands/request-restriction.ts';
import { reviewInformationLookup } from '../../commands/review-information-lookup.ts';
import { withheldOfGiven } from '../../domain/article18-answer.ts';
import { defaultDeadlines } from '../../domain/decision.ts';
import { answerClock, type InformationRequest } from '../../domain/information-request.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { AnswerNotReproduced, answerOf, computeAnswer, loadInformationRequest, openRestrictions, restrictionsOf } from '../../store/information-requests.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { scopeFilter, scopeOf } from '../scope.ts';
import { personSummaries } from '../read-models.ts';
import {
  AnswerBody,
  CandidatesResponse,
  DraftAnswerResponse,
  LookupBody,
  RecordRequestBody,
  RequestListQuery,
  RequestListResponse,
  RequestRecordedResponse,
  RequestResponse,
  RequestStepResponse,
  RestrictionBody,
  RestrictionRecordedResponse,
  RestrictionsQuery,
  RestrictionsResponse,
  WithheldAnswersResponse,
} from '../information-request-schemas.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

const tags = ['information requests'];
const fromPath = { '/request_id': '/params/id' } as const;

/** The persons a request names: those reviewed in its look-up and the one identified. */
export const personsOfRequest = (r: InformationRequest): string[] => [...new Set([...(r.lookup?.reviewed ?? []), ...(r.lookup?.identified ? [r.lookup.identified] : [])])];

export function informationRequestRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const reader = (request: FastifyRequest, purpose: string) => ({ accountId: request.account!.id, purpose, now: ctx.clock() });
  const alertHours = () => (ctx.register.deadlines ?? defaultDeadlines).informationAlertHours;
  const found = async (id: string) => {
    const r = await loadInformationRequest(ctx.db, id);
    if (!r) throw new ApiProblem('not_found', 'no information request with this id', '/params/id');
    return r;
  };

  app.post<{ Body: Static<typeof RecordRequestBody> }>(
    '/api/information-requests',
    {
      config: { permission: 'inforequest.manage' },
      schema: { tags, summary: 'Record a request for information about a person: who asks, their relationship, how their identity was checked, the person as they name them', headers: IdempotencyHeaders, body: RecordRequestBody, response: { 201: RequestRecordedResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, recordInformationRequest, request.body, request, reply);
      return reply.code(201).header('location', `/api/information-requests/${response.request_id}`).send(response);
    },
  );

  app.get<{ Querystring: Static<typeof RequestListQuery> }>(
    '/api/information-requests',
    { config: { permission: 'inforequest.read' }, schema: { tags, summary: 'Information requests, the answer due soonest first, with each one’s deadline', querystring: RequestListQuery, response: { 200: RequestListResponse, ...problemResponses } } },
    async (request) => {
      const { rows } = await ctx.db.query<{ record: InformationRequest; withheld: boolean }>(
        `SELECT record, withheld FROM information_request WHERE ($1::text IS NULL OR status = $1) ORDER BY (status = 'answered'), due_at, id LIMIT 500`,
        [request.query.status ?? null],
      );
      const now = ctx.clock().toISOString();
      return {
        requests: rows.map(({ record: r, withheld }) => ({
          id: r.id, status: r.status, received_at: r.received_at, requester_name: r.requester.name, relationship: r.requester.relationship, asked_names: [...r.asked_about.names],
          clock: answerClock(r, now, alertHours()), withheld,
        })),
      };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/information-requests/:id',
    { config: { permission: 'inforequest.read' }, schema: { tags, summary: 'A request, its look-up and its answer (an audited read of the persons it names)', params: IdParams, response: { 200: RequestResponse, ...problemResponses } } },
    async (request) => {
      const r = await found(request.params.id);
      // The answer as given, kept beside the log under the digest its event holds (an older one recomputed from the log and checked against it).
      const read = await readPersonal(
        ctx.db,
        reader(request, `information request ${r.id}`),
        async (tx) => ({ persons: await personSummaries(tx, personsOfRequest(r)), answer: r.answer ? await answerOf(tx, r.answer) : null }),
        (s) => s.persons.map((p) => p.id),
      ).catch((error: unknown) => {
        if (error instanceof AnswerNotReproduced) {
          throw new ApiProblem('answer_not_reproduced', `the answer given on ${r.answer!.answered_at} was kept by reference only, before answers were kept as given, and cannot be shown again: ${error.message}. The request, its look-up and the fact of the answer stand in the log.`, '/params/id');
        }
        throw error;
      });
      const given = r.answer ? { ...r, answer: { ...r.answer, answer: read.answer } } : r;
      return { request: given, clock: answerClock(r, ctx.clock().toISOString(), alertHours()), persons: read.persons };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/information-requests/:id/candidates',
    { config: { permission: 'inforequest.manage' }, schema: { tags, summary: 'The candidates the identity matcher proposes for every name the requester gave, each to review (an audited read)', params: IdParams, response: { 200: CandidatesResponse, ...problemResponses } } },
    async (request) => {
      const r = await found(request.params.id);
      const candidates = await lookupCandidates(ctx.register, r.asked_about);
      const summaries = await readPersonal(ctx.db, reader(request, `information request ${r.id} look-up`), (tx) => personSummaries(tx, candidates.map((c) => c.person_id)), (s) => s.map((p) => p.id));
      const byId = new Map(summaries.map((s) => [s.id, s]));
      return { candidates: candidates.flatMap((c) => (byId.has(c.person_id) ? [{ ...c, person: byId.get(c.person_id)! }] : [])) };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof LookupBody> }>(
    '/api/information-requests/:id/lookup',
    {
      config: { permission: 'inforequest.manage' },
      schema: { tags, summary: 'Record the look-up: every candidate reviewed, and the person identified or none (refused while a candidate the matcher proposes was not reviewed)', params: IdParams, headers: IdempotencyHeaders, body: LookupBody, response: { 201: RequestStepResponse, ...problemResponses } },
    },
    async (request, reply) =>
      reply.code(201).send(await runCommand(ctx.register, reviewInformationLookup, { request_id: request.params.id, reviewed: request.body.reviewed, identified: request.body.identified, note: request.body.note ?? '' }, request, reply, fromPath)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/information-requests/:id/draft-answer',
    { config: { permission: 'inforequest.manage' }, schema: { tags, summary: 'The answer as it would be given now: every article 18 item, with what a restriction withholds (an audited read)', params: IdParams, response: { 200: DraftAnswerResponse, ...problemResponses } } },
    async (request) => {
      const r = await found(request.params.id);
      const id = r.lookup?.identified;
      if (!id) return { answer: null };
      const answer = await readPersonal(ctx.db, reader(request, `information request ${r.id} answer`), async (tx) => (await computeAnswer(tx, id, r.requester.relationship, ctx.clock().toISOString()))?.answer ?? null, () => [id]);
      return { answer };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AnswerBody> }>(
    '/api/information-requests/:id/answer',
    {
      config: { permission: 'inforequest.manage' },
      schema: { tags, summary: 'Answer: every article 18 item as the register holds it now, or not held in this register (only once the look-up is recorded)', params: IdParams, headers: IdempotencyHeaders, body: AnswerBody, response: { 201: RequestStepResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, answerInformationRequest, { request_id: request.params.id }, request, reply, fromPath)),
  );

  app.post<{ Body: Static<typeof RestrictionBody> }>(
    '/api/restrictions',
    {
      config: { permission: 'restriction.request', scope: { person: '/body/person_id' } },
      schema: { tags, summary: 'Request a restriction of what requesters are told (ICPPED 20): items, legal basis, judicial reference, the requesters it applies to, expiry', headers: IdempotencyHeaders, body: RestrictionBody, response: { 201: RestrictionRecordedResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { ...b, judicial_reference: b.judicial_reference ?? '', expires_at: b.expires_at ?? '' };
      return reply.code(201).send(await runCommand(ctx.register, requestRestriction, input, request, reply));
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/restrictions/:id/approval',
    {
      // A restriction of a person the account does not reach answers as one that does not exist.
      config: { permission: 'restriction.approve', scope: { restriction: '/params/id' } },
      schema: { tags, summary: 'Approve a restriction (never by the official who requested it)', params: IdParams, headers: IdempotencyHeaders, response: { 201: RestrictionRecordedResponse, ...problemResponses } },
    },
    async (request, reply) => {
      return reply.code(201).send(await runCommand(ctx.register, approveRestriction, { restriction_id: request.params.id }, request, reply, { '/restriction_id': '/params/id' }));
    },
  );

  app.get<{ Querystring: Static<typeof RestrictionsQuery> }>(
    '/api/restrictions',
    {
      config: { permission: 'restriction.read', scope: { person: '/query/person_id' } },
      schema: { tags, summary: 'A person’s restrictions; without person_id, every restriction awaiting approval or in force of the persons the account reaches, the soonest to expire first (each with the person’s register number)', querystring: RestrictionsQuery, response: { 200: RestrictionsResponse, ...problemResponses } },
    },
    async (request) => {
      const id = request.query.person_id;
      if (id === undefined) {
        const within = scopeFilter(await scopeOf(ctx.db, request));
        const restrictions = await readPersonal(ctx.db, reader(request, 'restrictions'), (tx) => openRestrictions(tx, ctx.clock().toISOString(), 500, within), (found) => [...new Set(found.map((r) => r.person_id))]);
        return { restrictions, now: ctx.clock().toISOString() };
      }
      const restrictions = await readPersonal(ctx.db, reader(request, 'restrictions'), (tx) => restrictionsOf(tx, id), (found) => (found.length ? [id] : []));
      return { restrictions, now: ctx.clock().toISOString() };
    },
  );

  app.get(
    '/api/oversight/withheld-answers',
    { config: { permission: 'oversight.read' }, schema: { tags, summary: 'Every answer that withheld an item (each refusal of information), most recent first', response: { 200: WithheldAnswersResponse, ...problemResponses } } },
    async (request) => {
      const { rows } = await readPersonal(
        ctx.db,
        reader(request, 'withheld answers'),
        (tx) => tx.query<{ record: InformationRequest }>('SELECT record FROM information_request WHERE withheld ORDER BY answered_at DESC, id LIMIT 1000'),
        (found) => found.rows.flatMap((r) => (r.record.answer?.person_id ? [r.record.answer.person_id] : [])),
      );
      return {
        answers: rows.map(({ record: r }) => {
          const given = r.answer!;
          const registerNumber = given.reference?.register_number ?? given.answer?.register_number ?? '';
          return { request_id: r.id, answered_at: given.answered_at, answered_by: given.answered_by, relationship: r.requester.relationship, register_number: registerNumber, withheld: withheldOfGiven(given) };
        }),
      };
    },
  );
}
