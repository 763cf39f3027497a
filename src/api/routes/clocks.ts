/**
 * The legal clocks (CLOCKS.md) over HTTP: one person's clocks with their explanations, and the
 * lawful-detention view — counts by clock and state, and who is due soon or breached (held
 * without a valid order first). Each answer is computed at the server's now, or at `at`.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { parseInstant } from '../../domain/clocks/clock-time.ts';
import { evaluatePersonClocks } from '../../domain/clocks/person-clocks.ts';
import { clockRuleIds } from '../../domain/clocks/rules.ts';
import { clockRules } from '../../store/clock-projection.ts';
import { clockAlerts, lawfulDetentionSummary, personClocks } from '../../queries/lawful-detention.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { scopeFilter, scopeOf } from '../scope.ts';
import { closed, IdParams, oneOfStrings, problemResponses } from '../schemas.ts';
import { personClocksView } from '../clock-view.ts';
import { ClocksResponse, LawfulDetentionResponse } from '../clock-schemas.ts';

const AtQuery = closed({
  at: Type.Optional(Type.String({ maxLength: 40, description: 'the instant to evaluate at, ISO 8601 with its offset (default: now)' })),
});

const LawfulDetentionQuery = closed({
  at: Type.Optional(Type.String({ maxLength: 40, description: 'the instant to evaluate at, ISO 8601 with its offset (default: now)' })),
  rule: Type.Optional(oneOfStrings(clockRuleIds, { description: 'only this clock' })),
  status: Type.Optional(oneOfStrings(['due_soon', 'breached'] as const, { description: 'only this state' })),
  limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$', description: 'at most this many (1–1000, default 100)' })),
  offset: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,6})$', description: 'skip this many (default 0)' })),
});

/**
 * The instant to evaluate at: now, or a later instant (who will be due by Friday). The clocks
 * hold the events recorded so far, so an earlier instant cannot be answered from them; a case
 * file can (`sijill clocks evaluate`).
 */
function instantOf(at: string | undefined, now: () => Date, notBefore: number): Date {
  if (at === undefined) return now();
  const ms = parseInstant(at);
  if (ms === null) throw new ApiProblem('invalid_request', 'at must be an ISO 8601 instant with its offset, e.g. 2026-03-01T12:00:00+03:00', '/query/at');
  if (ms < notBefore) throw new ApiProblem('invalid_request', `at must be ${new Date(notBefore).toISOString()} or later: the clocks answer from the latest event recorded on; for an earlier instant evaluate a case file`, '/query/at');
  return new Date(ms);
}

/** How far before now `at` may be (the clocks of two servers differ by a little). */
const earlier = 5 * 60_000;

/** Register the clock routes. */
export function clockRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AtQuery> }>(
    '/api/persons/:id/clocks',
    {
      config: { permission: 'person.read', scope: { person: '/params/id' } },
      schema: { tags: ['clocks'], summary: 'A person’s legal clocks at an instant, each with the facts that produced it', params: IdParams, querystring: AtQuery, response: { 200: ClocksResponse, ...problemResponses } },
    },
    async (request) => {
      // The instant is checked inside the audited read: a refused `at` shows nothing, so no read is recorded.
      const read = await readPersonal(
        ctx.db,
        { accountId: request.account!.id, purpose: 'clocks', now: ctx.clock() },
        async (tx) => {
          const clocks = await personClocks(tx, request.params.id);
          return clocks ? { clocks, at: instantOf(request.query.at, ctx.clock, clocks.history.lastAt ?? -Infinity) } : null;
        },
        (found) => (found ? [request.params.id] : []),
      );
      if (!read) throw new ApiProblem('not_found', 'no person with this id', '/params/id');
      return personClocksView(read.clocks, evaluatePersonClocks(read.clocks, read.at.getTime(), clockRules()), read.at, request.params.id);
    },
  );

  app.get<{ Querystring: Static<typeof LawfulDetentionQuery> }>(
    '/api/lawful-detention',
    {
      config: { permission: 'person.read', scope: 'filtered' },
      schema: {
        tags: ['clocks'],
        summary: 'Persons in custody by legal clock and state, and those due soon or breached — held without a valid order first',
        querystring: LawfulDetentionQuery,
        response: { 200: LawfulDetentionResponse, ...problemResponses },
      },
    },
    async (request) => {
      const { rule, status, limit, offset } = request.query;
      const at = instantOf(request.query.at, ctx.clock, ctx.clock().getTime() - earlier);
      const within = scopeFilter(await scopeOf(ctx.db, request));
      return readPersonal(
        ctx.db,
        { accountId: request.account!.id, purpose: 'lawful detention', now: ctx.clock() },
        async (tx) => {
          const summary = await lawfulDetentionSummary(tx, at, within);
          const page = await clockAlerts(tx, at, { rule, status, limit: limit ? Number(limit) : 100, offset: offset ? Number(offset) : 0, within });
          return { at: at.toISOString(), ...summary, alerts: page.alerts, total: page.total };
        },
        (found) => found.alerts.map((a) => a.person_id),
      );
    },
  );
}
