/**
 * Repatriation (issue 15): states' profiles (register data), and each person's repatriation
 * case — the request to the state and its answer, the nationality confirmed, the safeguards
 * assessment and its review by a second official, the decision, a court's permission to
 * travel, the person's refusal, the state's withdrawal, the closing; reading a case (every
 * read audited) and the list of cases.
 */
import { repatriationScopeOf, type RouteScope } from '../scope.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { assessRepatriationSafeguards } from '../../commands/assess-repatriation-safeguards.ts';
import { closeRepatriation } from '../../commands/close-repatriation.ts';
import { sendConsularNotification, tellConsularRights } from '../../commands/record-consular-notification.ts';
import { confirmNationality } from '../../commands/confirm-nationality.ts';
import { decideRepatriationCase } from '../../commands/decide-repatriation.ts';
import type { CommandDefinition } from '../../commands/execute.ts';
import { openRepatriation } from '../../commands/open-repatriation.ts';
import { recordAcceptanceWithdrawal } from '../../commands/record-acceptance-withdrawal.ts';
import { recordBestInterests } from '../../commands/record-best-interests.ts';
import { recordReturnRefusal } from '../../commands/record-return-refusal.ts';
import { recordStateAnswer } from '../../commands/record-state-answer.ts';
import { recordStateProfile } from '../../commands/record-state-profile.ts';
import { recordTravelPermission } from '../../commands/record-travel-permission.ts';
import { reviewRepatriation } from '../../commands/review-repatriation.ts';
import { sendRepatriationRequest } from '../../commands/send-repatriation-request.ts';
import { escalateRepatriationRequest } from '../../commands/escalate-repatriation-request.ts';
import { nameRepatriationGuardian } from '../../commands/name-repatriation-guardian.ts';
import { recordRepatriationFamily } from '../../commands/record-repatriation-family.ts';
import { recordRepatriationFollowUp } from '../../commands/record-repatriation-follow-up.ts';
import { sendRepatriationReminder } from '../../commands/send-repatriation-reminder.ts';
import type { Permission } from '../../domain/permissions.ts';
import { checkForeignState } from '../../domain/state-profile.ts';
import { repatriationFile, repatriationList } from '../../queries/repatriation-file.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { awaitingStateAnswer, statesReport, unansweredAfterDays } from '../../queries/states-report.ts';
import { loadStateProfile, stateProfiles } from '../../store/repatriations.ts';
import { caseAsShared, caseFieldsShared, listEntryAsShared, liaisonOf, readerFor, type Liaison } from '../liaison.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem, rejectionProblem } from '../problem.ts';
import {
  AnswerBody,
  AssessmentBody,
  BestInterestsBody,
  ClosureBody,
  ConsularRightsBody,
  ConsularSentBody,
  CourtPermissionBody,
  DecisionBody,
  EscalationBody,
  FamilyBody,
  FollowUpBody,
  GuardianBody,
  NationalityBody,
  OpenRepatriationBody,
  RepatriationEventsResponse,
  RepatriationListQuery,
  RepatriationListResponse,
  RepatriationResponse,
  RequestBody,
  ReturnRefusalBody,
  ReviewBody,
  StateParams,
  StatesReportResponse,
  AwaitingResponse,
  StateProfileBody,
  StateProfileResponse,
  StateProfilesResponse,
  StateRecordedResponse,
  WithdrawalBody,
} from '../repatriation-schemas.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

/** Fields of a command's input that came from the URL: a case's id, or a state's code. */
const fromPath = { '/case_id': '/params/id' } as const;
const stateFromPath = { '/state': '/params/code' } as const;

const tags = ['repatriation'];

/** Register the repatriation routes. */
export function repatriationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // A liaison officer's read of its state's cases is a sharing with that state, recorded with the read (api/liaison.ts).
  // What it is shown is trimmed to its state's data-sharing policy, and the record names those fields.
  const reader = (request: FastifyRequest, liaison: Liaison | null, purpose: string) => readerFor(request, liaison, purpose, ctx.clock(), caseFieldsShared(liaison?.policy ?? { fields: [], legal_basis: null }));

  /** The cases the account sees (api/scope.ts): a liaison its state's, an official bound to facilities their persons', others every case. */
  const scopeOf = (request: FastifyRequest) => repatriationScopeOf(ctx.db, request);
  /** A case outside the account's scope is answered as one that does not exist (api/scope.ts, before the handler). */
  const theCase: RouteScope = { repatriation: '/params/id' };

  /** A state code from the URL (`field`): a foreign state's ISO 3166-1 alpha-2 code, or a problem naming it. */
  const stateOf = (code: string, field = '/params/code') => {
    const bad = checkForeignState(code, '/state');
    if (bad) throw rejectionProblem(bad, { '/state': field });
    return code;
  };

  // States' profiles are reference data, not personal data: any account may read them, as any
  // account reads the facilities.
  app.get(
    '/api/repatriations/states',
    { config: { permission: 'authenticated', scope: 'register' }, schema: { tags, summary: 'Every state’s profile: consular-notification policy, death penalty, liaison contacts', response: { 200: StateProfilesResponse, ...problemResponses } } },
    async () => ({ states: await stateProfiles(ctx.db) }),
  );

  app.get<{ Params: Static<typeof StateParams> }>(
    '/api/repatriations/states/:code',
    { config: { permission: 'authenticated', scope: 'register' }, schema: { tags, summary: 'One state’s profile', params: StateParams, response: { 200: StateProfileResponse, ...problemResponses } } },
    async (request) => {
      const profile = await loadStateProfile(ctx.db, stateOf(request.params.code));
      if (!profile) throw new ApiProblem('not_found', `no profile is recorded for ${request.params.code}`, '/params/code');
      return profile;
    },
  );

  // The states desk: counts only (no person named), in the reader's scope (a liaison: its own state's row).
  app.get(
    '/api/repatriations/states-report',
    {
      config: { permission: 'repatriation.read', scope: 'filtered' },
      schema: { tags, summary: 'Per state of nationality: nationals held (men, women, children), cases by status, consular notifications sent, owed and overdue, requests unanswered for more than the reminder clock’s days, acceptances', response: { 200: StatesReportResponse, ...problemResponses } },
    },
    async (request) => ({ states: await statesReport(ctx.db, ctx.clock(), await scopeOf(request)), unanswered_after_days: unansweredAfterDays() }),
  );

  app.get<{ Params: Static<typeof StateParams> }>(
    '/api/repatriations/states/:code/awaiting',
    {
      config: { permission: 'repatriation.read', scope: 'filtered' },
      schema: { tags, summary: 'A state’s nationals whose repatriation request awaits its answer, the oldest first: for the letter to the state (an audited read)', params: StateParams, response: { 200: AwaitingResponse, ...problemResponses } },
    },
    async (request) => {
      const state = stateOf(request.params.code);
      const scope = await scopeOf(request);
      const cases = await readPersonal(ctx.db, reader(request, await liaisonOf(ctx.db, request), `letter to ${state}`), (tx) => awaitingStateAnswer(tx, state, scope), (rows) => rows.map((r) => r.person_id));
      return { state, cases };
    },
  );

  app.post<{ Params: Static<typeof StateParams>; Body: Static<typeof StateProfileBody> }>(
    '/api/repatriations/states/:code',
    {
      config: { permission: 'repatriation.manage_states', scope: 'register' },
      schema: { tags, summary: 'Record a state’s profile as it now stands (the log keeps every earlier one)', params: StateParams, headers: IdempotencyHeaders, body: StateProfileBody, response: { 201: StateRecordedResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, recordStateProfile, { state: request.params.code, ...request.body }, request, reply, stateFromPath)),
  );

  app.post<{ Body: Static<typeof OpenRepatriationBody> }>(
    '/api/repatriations',
    {
      config: { permission: 'repatriation.manage', scope: { person: '/body/person_id' } },
      schema: { tags, summary: 'Open a repatriation case for a person identified as a national of a state whose profile is recorded (one open case per person)', headers: IdempotencyHeaders, body: OpenRepatriationBody, response: { 201: RepatriationEventsResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, openRepatriation, request.body, request, reply);
      return reply.code(201).header('location', `/api/repatriations/${response.case_id}`).send(response);
    },
  );

  app.get<{ Querystring: Static<typeof RepatriationListQuery> }>(
    '/api/repatriations',
    { config: { permission: 'repatriation.read', scope: 'filtered' }, schema: { tags, summary: 'Repatriation cases, by state, status and person, with whether a court case blocks travel (an audited read)', querystring: RepatriationListQuery, response: { 200: RepatriationListResponse, ...problemResponses } } },
    async (request) => {
      const { state, status, person_id } = request.query;
      if (state !== undefined) stateOf(state, '/query/state');
      const scope = await scopeOf(request);
      const liaison = await liaisonOf(ctx.db, request);
      const cases = await readPersonal(ctx.db, reader(request, liaison, `repatriations ${state ?? ''} ${status ?? ''}`.trim()), (tx) => repatriationList(tx, { state, status, person_id }, scope), (rows) => rows.map((r) => r.person_id));
      return { cases: liaison ? cases.map((c) => listEntryAsShared(c, liaison.policy)) : cases };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/repatriations/:id',
    { config: { permission: 'repatriation.read', scope: theCase }, schema: { tags, summary: 'A repatriation case, with what blocks the person’s travel (an audited read)', params: IdParams, response: { 200: RepatriationResponse, ...problemResponses } } },
    async (request) => {
      const scope = await scopeOf(request);
      // The members of its family group shown with it are read too.
      const liaison = await liaisonOf(ctx.db, request);
      const view = await readPersonal(ctx.db, reader(request, liaison, `repatriation ${request.params.id}`), (tx) => repatriationFile(tx, request.params.id, scope, ctx.clock()), (found) =>
        found ? [found.person_id, ...found.family_members.map((m) => m.person_id), ...found.named_children.map((n) => n.person_id)] : [],
      );
      if (!view) throw new ApiProblem('not_found', 'no repatriation case with this id', '/params/id');
      // A state's liaison officer is shown the case as its state's policy shares it (api/liaison.ts).
      return liaison ? caseAsShared(view, liaison.policy) : view;
    },
  );

  /** A step of a case, at POST /api/repatriations/:id/<path>; the case must be within the account's reach, unless the step names another record that must. */
  function step<T extends TSchema, I, S, R>(path: string, permission: Permission, summary: string, body: T, definition: CommandDefinition<I, S, R>, scope: RouteScope = theCase) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<T> }>(
      `/api/repatriations/:id/${path}`,
      { config: { permission, scope }, schema: { tags, summary, params: IdParams, headers: IdempotencyHeaders, body, response: { 201: RepatriationEventsResponse, ...problemResponses } } },
      async (request: FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<T> }>, reply: FastifyReply) =>
        reply.code(201).send(await runCommand(ctx.register, definition, { case_id: request.params.id, ...(request.body as object) } as I, request, reply, fromPath)),
    );
  }

  step('requests', 'repatriation.manage', 'A request to the state to take its national back: when, the channel, the reference (again after a refusal, a request for verification or no answer)', RequestBody, sendRepatriationRequest);
  step('answers', 'repatriation.answer', 'The state’s answer: accepted, declined, verification requested, or no answer', AnswerBody, recordStateAnswer);
  step('nationality-confirmation', 'repatriation.answer', 'The person’s nationality of the case’s state, confirmed by the state, a document or an interview', NationalityBody, confirmNationality);
  step('assessment', 'repatriation.assess', 'The safeguards assessment (STANDARDS C): risks of torture, the death penalty, persecution and a flagrantly unfair trial; the person heard, with counsel and interpreter; their wishes', AssessmentBody, assessRepatriationSafeguards);
  step('review', 'repatriation.assess', 'A second official, who did not assess, reviews the assessment: concurs, or returns it for a new one', ReviewBody, reviewRepatriation);
  step(
    'decision',
    'repatriation.decide',
    'The decision: approved with the assurances recorded (refused by name without an assessment, a review, by the assessor, with an open Iraqi court case and no permission to travel, a real risk, or a death penalty without an assurance), refused with reasons, or suspended',
    DecisionBody,
    decideRepatriationCase,
  );
  step('court-permissions', 'case.decide', 'A judge’s account records an Iraqi court’s decision permitting travel while the person’s case before it is open', CourtPermissionBody, recordTravelPermission, {
    case: '/body/court_case_id',
  });
  step('return-refusal', 'repatriation.manage', 'The person refuses to return, in their words', ReturnRefusalBody, recordReturnRefusal);
  step('acceptance-withdrawal', 'repatriation.manage', 'The state withdraws its acceptance', WithdrawalBody, recordAcceptanceWithdrawal);
  step(
    'consular-rights',
    'repatriation.manage',
    'The person told of their right to have the consular post of the case’s state informed (VCCR 36(1)(b)), in which language, and their wish: they ask for it, or refuse it in their words (respected unless the state makes notification mandatory); a notification owed gets its deadline and task',
    ConsularRightsBody,
    tellConsularRights,
  );
  step(
    'consular-notification',
    'repatriation.manage',
    'The consular post informed: when, the channel, the post, the reference (refused by name before the person was told of their right, or against a refusal the state’s policy respects)',
    ConsularSentBody,
    sendConsularNotification,
  );
  step('closure', 'repatriation.manage', 'Close the case, with the reason', ClosureBody, closeRepatriation);
  step(
    'best-interests',
    'repatriation.assess',
    'A child’s best-interests assessment (required before a minor’s return is approved): travels with a parent, joins one in the state, or a reasoned separation decided by a named official',
    BestInterestsBody,
    recordBestInterests,
  );
  // The reminder clock of an unanswered request, the contacts after the return, families.
  step('reminders', 'repatriation.manage', 'A reminder to the state of a request it has not answered: when, the channel, the reference (answers the reminder task the request opened, due N days after it)', RequestBody, sendRepatriationReminder);
  step('escalation', 'repatriation.manage', 'A request still unanswered raised above the desk: to whom, the reference, what was done (answers the escalation task, due M days after the reminder)', EscalationBody, escalateRepatriationRequest);
  step(
    'follow-ups',
    'repatriation.manage',
    'A contact after the return: when, the channel, who made it, whether the person was seen or heard (or not reached), the concerns raised; a contact that reached the person makes the earliest one due',
    FollowUpBody,
    recordRepatriationFollowUp,
  );
  step('family', 'repatriation.manage', 'The case’s family group, the person’s place in it with the evidence, and on a parent’s case the children by register number', FamilyBody, recordRepatriationFamily);
  step('guardian', 'repatriation.assess', 'The guardian of an unaccompanied child (the child’s case is not closed without one)', GuardianBody, nameRepatriationGuardian);
}
