/**
 * Custody life (STANDARDS B): a person's classification and risk assessments and the detainee's
 * contests of them; disciplinary charges, hearings, sanctions and appeals. Every route is the
 * person's, so the account's scope (the facilities it reaches) applies to each; every read is
 * audited. The domain refuses by name what the law forbids (classification.ts, discipline.ts,
 * sanction.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { appealSanction } from '../../commands/appeal-sanction.ts';
import { assessClassification } from '../../commands/assess-classification.ts';
import { chargeDiscipline } from '../../commands/charge-discipline.ts';
import { contestClassification } from '../../commands/contest-classification.ts';
import { decideClassificationContest } from '../../commands/decide-classification-contest.ts';
import { decideSanctionAppeal } from '../../commands/decide-sanction-appeal.ts';
import { endSanction } from '../../commands/end-sanction.ts';
import { hearDiscipline } from '../../commands/hear-discipline.ts';
import { imposeSanction } from '../../commands/impose-sanction.ts';
import { personCustodyLife } from '../../queries/custody-life.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import type { ApiContext } from '../context.ts';
import {
  AppealBody,
  AssessBody,
  ChargeBody,
  ClassificationEventsResponse,
  ContestBody,
  CustodyLifeResponse,
  DecideAppealBody,
  DecideContestBody,
  DisciplineEventsResponse,
  EndSanctionBody,
  HearingBody,
  PersonClassificationParams,
  PersonDisciplineParams,
  SanctionBody,
} from '../custody-life-schemas.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

const tags = ['custody life'];
const scope = { person: '/params/id' } as const;
const personPath = { '/person_id': '/params/id' } as const;
const classificationPath = { ...personPath, '/classification_id': '/params/classification_id' } as const;
const casePath = { ...personPath, '/case_id': '/params/case_id' } as const;

export function custodyLifeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  type Post<P, B> = { Params: P; Body: B };
  type OnClassification<B> = Post<Static<typeof PersonClassificationParams>, B>;
  type OnCase<B> = Post<Static<typeof PersonDisciplineParams>, B>;

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/persons/:id/custody-life',
    { config: { permission: 'custody_life.read', scope }, schema: { tags, summary: 'A person’s classifications with their review clocks and contests, and disciplinary cases with hearings, sanctions and appeals (an audited read)', params: IdParams, response: { 200: CustodyLifeResponse, ...problemResponses } } },
    async (request) => readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'custody life', now: ctx.clock() }, (tx) => personCustodyLife(tx, request.params.id, ctx.clock()), () => [request.params.id]),
  );

  app.post<Post<Static<typeof IdParams>, Static<typeof AssessBody>>>(
    '/api/persons/:id/classifications',
    { config: { permission: 'custody_life.record', scope }, schema: { tags, summary: 'A classification and risk assessment: category, risk, reasons and the review date (MR89–94); it supersedes the current one', params: IdParams, headers: IdempotencyHeaders, body: AssessBody, response: { 201: ClassificationEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, assessClassification, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.post<OnClassification<Static<typeof ContestBody>>>(
    '/api/persons/:id/classifications/:classification_id/contest',
    { config: { permission: 'custody_life.record', scope }, schema: { tags, summary: 'The detainee (or counsel) contests the current assessment, with the grounds', params: PersonClassificationParams, headers: IdempotencyHeaders, body: ContestBody, response: { 201: ClassificationEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, contestClassification, { ...request.body, person_id: request.params.id, classification_id: request.params.classification_id }, request, reply, classificationPath)),
  );

  app.post<OnClassification<Static<typeof DecideContestBody>>>(
    '/api/persons/:id/classifications/:classification_id/contest-decision',
    { config: { permission: 'custody_life.decide', scope }, schema: { tags, summary: 'The contest decided, upheld (the assessment is set aside) or dismissed, by an official other than the assessor (same_official otherwise)', params: PersonClassificationParams, headers: IdempotencyHeaders, body: DecideContestBody, response: { 201: ClassificationEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, decideClassificationContest, { ...request.body, person_id: request.params.id, classification_id: request.params.classification_id }, request, reply, classificationPath)),
  );

  app.post<Post<Static<typeof IdParams>, Static<typeof ChargeBody>>>(
    '/api/persons/:id/discipline',
    { config: { permission: 'custody_life.record', scope }, schema: { tags, summary: 'A disciplinary charge for an offence of the rules in force at the facility on the day of the act (MR37), of which the person was told', params: IdParams, headers: IdempotencyHeaders, body: ChargeBody, response: { 201: DisciplineEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, chargeDiscipline, { ...request.body, person_id: request.params.id }, request, reply, personPath)),
  );

  app.post<OnCase<Static<typeof HearingBody>>>(
    '/api/persons/:id/discipline/:case_id/hearing',
    { config: { permission: 'custody_life.decide', scope }, schema: { tags, summary: 'The hearing of the charge, where the person is heard (MR41), and its finding', params: PersonDisciplineParams, headers: IdempotencyHeaders, body: HearingBody, response: { 201: DisciplineEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, hearDiscipline, { ...request.body, person_id: request.params.id, case_id: request.params.case_id }, request, reply, casePath)),
  );

  app.post<OnCase<Static<typeof SanctionBody>>>(
    '/api/persons/:id/discipline/:case_id/sanction',
    { config: { permission: 'custody_life.decide', scope }, schema: { tags, summary: 'A sanction on a charge found proven at a hearing, one the facility’s rules permit for the offence; what MR43–44 prohibit is refused by name (prohibited_sanction); solitary confinement opens (or continues) the person’s period of segregation, with its 15-day clock', params: PersonDisciplineParams, headers: IdempotencyHeaders, body: SanctionBody, response: { 201: DisciplineEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, imposeSanction, { ...request.body, person_id: request.params.id, case_id: request.params.case_id }, request, reply, casePath)),
  );

  app.post<OnCase<Static<typeof EndSanctionBody>>>(
    '/api/persons/:id/discipline/:case_id/sanction-end',
    { config: { permission: 'custody_life.record', scope }, schema: { tags, summary: 'The end of a sanction that lasts (served, or ended early); a solitary confinement’s end ends the person’s period of segregation', params: PersonDisciplineParams, headers: IdempotencyHeaders, body: EndSanctionBody, response: { 201: DisciplineEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, endSanction, { ...request.body, person_id: request.params.id, case_id: request.params.case_id }, request, reply, casePath)),
  );

  app.post<OnCase<Static<typeof AppealBody>>>(
    '/api/persons/:id/discipline/:case_id/appeal',
    { config: { permission: 'custody_life.record', scope }, schema: { tags, summary: 'The person appeals the sanction to the independent authority (MR41(4))', params: PersonDisciplineParams, headers: IdempotencyHeaders, body: AppealBody, response: { 201: DisciplineEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, appealSanction, { ...request.body, person_id: request.params.id, case_id: request.params.case_id }, request, reply, casePath)),
  );

  app.post<OnCase<Static<typeof DecideAppealBody>>>(
    '/api/persons/:id/discipline/:case_id/appeal-decision',
    { config: { permission: 'custody_life.appeal_decide', scope }, schema: { tags, summary: 'The independent authority decides the appeal: the sanction confirmed or quashed', params: PersonDisciplineParams, headers: IdempotencyHeaders, body: DecideAppealBody, response: { 201: DisciplineEventsResponse, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, decideSanctionAppeal, { ...request.body, person_id: request.params.id, case_id: request.params.case_id }, request, reply, casePath)),
  );
}
