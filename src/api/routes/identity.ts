/**
 * Identity: search by any name in any script, register number or document number; likely
 * duplicates before registering; the review queue; merge, split and dismissal — each a
 * decision of an official, never automatic.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { dismissDuplicate } from '../../commands/dismiss-duplicate.ts';
import { mergePersons } from '../../commands/merge-persons.ts';
import { splitPerson } from '../../commands/split-person.ts';
import { parseRegisterNumber } from '../../domain/register-number.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { personScopeSql, personsInScope, scopeOf } from '../scope.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { heldAmong } from '../../queries/held-persons.ts';
import { findPersons, personSummaries } from '../read-models.ts';
import { runCommand } from '../run-command.ts';
import { closed, DateOfBirthSchema, EventsResponse, IdempotencyHeaders, IdParams, PersonSummary, problemResponses, uuid } from '../schemas.ts';
import { personFromPath } from './persons.ts';

type Params = { Params: Static<typeof IdParams> };

/** A search counts the persons it finds up to this many; beyond, it says there are more. */
export const searchCountCap = 1000;

const SearchQuery = closed({
  q: Type.String({ minLength: 1, maxLength: 300, description: 'a name in any script, a register number, or a document number' }),
  top: Type.Optional(Type.String({ pattern: '^(?:0|[1-9][0-9]?)$', description: 'how many results, 0–99 (default 10); 0 only counts them' })),
  offset: Type.Optional(Type.String({ pattern: '^(?:0|[1-9][0-9]{0,2})$', description: `how many results to skip, best first (0–${searchCountCap - 1}; default 0): the next page` })),
  held_at: Type.Optional(Type.String({ format: 'uuid', description: 'only persons held in custody at this facility (counted and paged among themselves)' })),
});

const Match = closed({
  person: PersonSummary,
  score: Type.Union([Type.Number(), Type.Null()], { description: 'null for an exact register or document number' }),
  matched_by: Type.Union([Type.Literal('register_number'), Type.Literal('document'), Type.Literal('name')]),
  via_alias: Type.Optional(uuid),
  explanation: Type.Unknown(),
});
const SearchResponse = closed({ query: Type.Unknown({ description: 'what became of the query: normalised form, script, tokens, whether it was capped' }), results: Type.Array(Match) });
const SearchPageResponse = closed({
  query: Type.Unknown({ description: 'what became of the query: normalised form, script, tokens, whether it was capped' }),
  results: Type.Array(Match),
  total: Type.Integer({ minimum: 0, description: `how many persons the search found, counted up to ${searchCountCap}` }),
  more: Type.Boolean({ description: 'more persons were found than `total` counts: narrow the search' }),
});

const DuplicatesBody = closed({
  names: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 20 }),
  dob: Type.Optional(DateOfBirthSchema),
  nationalities: Type.Optional(Type.Array(Type.String({ maxLength: 9 }), { maxItems: 10 })),
  sex: Type.Optional(Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('unknown')])),
  mother_name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
});

const ReviewsResponse = closed({
  reviews: Type.Array(closed({ person: PersonSummary, candidate: PersonSummary, score: Type.Number(), explanation: Type.Unknown(), opened_idx: Type.Integer() })),
  total: Type.Integer({ description: 'Open reviews in all' }),
});
const ReviewsQuery = closed({
  limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]?|1[0-9]{2}|200)$', description: 'how many, 1–200 (default 50)' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'how many to skip, in the same order' })),
});
const MergeBody = closed({ into: uuid, reason: Type.String({ minLength: 1, maxLength: 2000 }), expected_version: Type.Optional(Type.Integer({ minimum: 0 })) });
const ReasonBody = closed({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
const DismissParams = closed({ id: uuid, candidate: uuid });

export function identityRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const identity = () => {
    if (!ctx.register.identity) throw new ApiProblem('internal_error', 'this server runs without an identity index', '');
    return ctx.register.identity;
  };

  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/api/search',
    {
      config: { permission: 'person.read', scope: 'filtered' },
      schema: { tags: ['identity'], summary: 'Find persons by any name in any script, register number or document number', querystring: SearchQuery, response: { 200: SearchPageResponse, ...problemResponses } },
    },
    async (request) => {
      const top = Number(request.query.top ?? 10);
      const offset = Number(request.query.offset ?? 0);
      const text = request.query.q.trim();
      const number = parseRegisterNumber(text);
      // Exact numbers are counted as names are, up to the cap; only the page asked for is read.
      const heldAt = request.query.held_at;
      // Only persons within the account's scope are found, counted and shown.
      const scope = await scopeOf(ctx.db, request);
      const held = heldAt ? (ids: readonly string[]) => heldAmong(ctx.db, heldAt, ids) : undefined;
      const reached = scope.all ? undefined : async (ids: readonly string[]) => new Set(await personsInScope(ctx.db, scope, ids));
      const within =
        held && reached ? async (ids: readonly string[]) => { const h = await held(ids); return reached([...ids].filter((id) => h.has(id))); }
        : held ?? reached;
      const only = async (ids: string[]) => {
        if (!within) return ids;
        const inside = await within(ids);
        return ids.filter((id) => inside.has(id));
      };
      const exactAll = number ? await only(await findPersons(ctx.db, { registerNumber: number }, searchCountCap + 1)) : [];
      const documentAll = exactAll.length ? [] : await only(await findPersons(ctx.db, { document: text }, searchCountCap + 1));
      const byName = exactAll.length || documentAll.length ? null : await identity().searchPage({ name: text }, { offset, limit: top, countUpTo: searchCountCap, ...(within ? { within } : {}) });
      const exact = exactAll.slice(offset, offset + top);
      const byDocument = documentAll.slice(offset, offset + top);
      const found = byName ? { total: byName.total, more: byName.more } : { total: Math.min(exactAll.length + documentAll.length, searchCountCap), more: exactAll.length + documentAll.length > searchCountCap };
      const ids = [...exact, ...byDocument, ...(byName?.candidates.map((c) => c.id) ?? [])];
      const summaries = new Map((await readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'search result', now: ctx.clock() }, (tx) => personSummaries(tx, ids), (found) => found.map((s) => s.id))).map((s) => [s.id, s]));
      const results = [
        ...exact.map((id) => ({ person: summaries.get(id)!, score: null, matched_by: 'register_number' as const, explanation: null })),
        ...byDocument.map((id) => ({ person: summaries.get(id)!, score: null, matched_by: 'document' as const, explanation: null })),
        ...(byName?.candidates ?? []).map((c) => ({
          person: summaries.get(c.id)!,
          score: c.score,
          matched_by: 'name' as const,
          ...(c.viaAlias ? { via_alias: c.viaAlias } : {}),
          explanation: c.explanation ?? null,
        })),
      ].filter((r) => r.person);
      return { query: byName?.query ?? { exact: text }, results, ...found };
    },
  );

  app.post<{ Body: Static<typeof DuplicatesBody> }>(
    '/api/persons/duplicates',
    {
      config: { permission: 'person.register', scope: 'register' },
      schema: { tags: ['identity'], summary: 'Likely duplicates of a person about to be registered, with explanations', body: DuplicatesBody, response: { 200: SearchResponse, ...problemResponses } },
    },
    async (request) => {
      const { names, dob, nationalities, sex, mother_name } = request.body;
      const best = new Map<string, { id: string; score: number; viaAlias?: string; explanation?: unknown }>();
      let query: unknown = null;
      for (const name of names) {
        const found = await identity().search({ name, dob, nationalities, sex, motherName: mother_name }, 10);
        query ??= found.query;
        for (const c of found.candidates) if ((best.get(c.id)?.score ?? -Infinity) < c.score) best.set(c.id, c);
      }
      const ranked = [...best.values()].sort((a, b) => b.score - a.score).slice(0, 10);
      const summaries = new Map(
        (await readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'duplicate check', now: ctx.clock() }, (tx) => personSummaries(tx, ranked.map((c) => c.id)), (found) => found.map((s) => s.id))).map((s) => [s.id, s]),
      );
      return {
        query,
        results: ranked.map((c) => ({ person: summaries.get(c.id)!, score: c.score, matched_by: 'name' as const, ...(c.viaAlias ? { via_alias: c.viaAlias } : {}), explanation: c.explanation ?? null })).filter((r) => r.person),
      };
    },
  );

  app.get<{ Querystring: Static<typeof ReviewsQuery> }>(
    '/api/reviews',
    {
      config: { permission: 'person.read', scope: 'filtered' },
      schema: { tags: ['identity'], summary: 'Open duplicate reviews, the most likely first (then the oldest)', querystring: ReviewsQuery, response: { 200: ReviewsResponse, ...problemResponses } },
    },
    async (request) => {
      // A review shows both records: it is listed when the account's scope reaches both.
      const params: unknown[] = [Number(request.query.limit ?? 50), Number(request.query.offset ?? 0)];
      const scope = await scopeOf(ctx.db, request);
      const inScope = `${personScopeSql(scope, 'r.person_id', params)} AND ${personScopeSql(scope, 'r.candidate_id', params)}`;
      const { rows } = await ctx.db.query<{ person_id: string; candidate_id: string; score: number; explanation: unknown; opened_idx: number; total: number }>(
        `SELECT person_id, candidate_id, score, explanation, opened_idx, count(*) OVER ()::int AS total FROM duplicate_review r WHERE status = 'open' AND ${inScope} ORDER BY score DESC, opened_idx LIMIT $1 OFFSET $2`,
        params,
      );
      const countOpenReviews = async () => {
        const counted: unknown[] = [];
        const where = `${personScopeSql(scope, 'r.person_id', counted)} AND ${personScopeSql(scope, 'r.candidate_id', counted)}`;
        return (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM duplicate_review r WHERE status = 'open' AND ${where}`, counted)).rows[0]!.n;
      };
      const ids = [...new Set(rows.flatMap((r) => [r.person_id, r.candidate_id]))];
      const summaries = new Map((await readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'duplicate review queue', now: ctx.clock() }, (tx) => personSummaries(tx, ids), (found) => found.map((s) => s.id))).map((s) => [s.id, s]));
      return {
        reviews: rows.map((r) => ({ person: summaries.get(r.person_id)!, candidate: summaries.get(r.candidate_id)!, score: r.score, explanation: r.explanation, opened_idx: Number(r.opened_idx) })),
        total: rows[0]?.total ?? (await countOpenReviews()),
      };
    },
  );

  app.post<Params & { Body: Static<typeof MergeBody> }>(
    '/api/persons/:id/merge',
    {
      config: { permission: 'person.correct', scope: { person: '/params/id' } },
      schema: { tags: ['identity'], summary: 'Merge this record into the record of the same person (reversible; every name kept)', params: IdParams, headers: IdempotencyHeaders, body: MergeBody, response: { 201: EventsResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, mergePersons, { person_id: request.params.id, ...request.body }, request, reply, personFromPath)),
  );

  app.post<Params & { Body: Static<typeof ReasonBody> }>(
    '/api/persons/:id/split',
    {
      config: { permission: 'person.correct', scope: { person: '/params/id' } },
      schema: { tags: ['identity'], summary: 'Undo a merge: the record stands on its own again', params: IdParams, headers: IdempotencyHeaders, body: ReasonBody, response: { 201: EventsResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, splitPerson, { person_id: request.params.id, ...request.body }, request, reply, personFromPath)),
  );

  app.post<{ Params: Static<typeof DismissParams>; Body: Static<typeof ReasonBody> }>(
    '/api/persons/:id/duplicates/:candidate/dismiss',
    {
      config: { permission: 'person.correct', scope: { person: '/params/id' } },
      schema: { tags: ['identity'], summary: 'Close a duplicate review: these are different people', params: DismissParams, headers: IdempotencyHeaders, body: ReasonBody, response: { 201: EventsResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const input = { person_id: request.params.id, candidate_id: request.params.candidate, reason: request.body.reason };
      return reply.code(201).send(await runCommand(ctx.register, dismissDuplicate, input, request, reply, { ...personFromPath, '/candidate_id': '/params/candidate' }));
    },
  );
}
