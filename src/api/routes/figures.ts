/**
 * The register's public figures (issue 17): an official prepares a publication, another
 * approves it (both through the write path, under /api), and anyone reads it without login as
 * JSON or CSV (publicFiguresRoutes, mounted by the application) — with the checkpoint that covers it and its events' bytes, so that it can be checked
 * against the log (transparency/figures-verify.ts) and recomputed by a monitor.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { approveFigures } from '../../commands/approve-figures.ts';
import { prepareFigures } from '../../commands/prepare-figures.ts';
import { figuresCsv, figuresDocument } from '../../queries/public-figures.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { ApprovedFiguresResponse, FiguresDocumentSchema, FiguresQuery, PreparedFiguresResponse, PrepareFiguresBody } from '../figures-schemas.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

const tags = ['figures'];
const fromPath = { '/publication_id': '/params/id' } as const;

/** Register the figures' routes. */
export function figuresRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Static<typeof PrepareFiguresBody> }>(
    '/api/figures',
    {
      config: { permission: 'figures.prepare' },
      schema: { tags, summary: 'Prepare a publication of the figures: the tables computed at the log’s size, protected by disclosure control; public once another official approves it', headers: IdempotencyHeaders, body: PrepareFiguresBody, response: { 201: PreparedFiguresResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, prepareFigures, { publication_id: randomUUID(), ...request.body } as Parameters<typeof prepareFigures.decide>[1], request, reply);
      return reply.code(201).send(response);
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/figures/:id/approval',
    {
      config: { permission: 'figures.approve' },
      schema: { tags, summary: 'Approve a prepared publication (not its preparer): it becomes public under the next number', params: IdParams, headers: IdempotencyHeaders, response: { 201: ApprovedFiguresResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, approveFigures, { publication_id: request.params.id }, request, reply, fromPath)),
  );

}

/**
 * The published figures as data, without login: `/figures.json` and `/figures.csv`. Outside
 * `/api` (like the log's routes, for people outside the institution): the application mounts
 * them (src/app.ts).
 */
export function publicFiguresRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const documentOf = async (publication: string | undefined) => {
    const doc = await figuresDocument(ctx.db, publication === undefined ? undefined : Number(publication));
    if (!doc) throw new ApiProblem('not_found', publication === undefined ? 'no figures have been published yet' : `there is no publication ${publication}`, publication === undefined ? undefined : '/query/publication');
    return doc;
  };

  app.get<{ Querystring: Static<typeof FiguresQuery> }>(
    '/figures.json',
    { config: { permission: 'public' }, schema: { tags, summary: 'The published figures (the latest, or publication n), with the checkpoint covering them; no login', querystring: FiguresQuery, response: { 200: FiguresDocumentSchema, ...problemResponses } } },
    async (request, reply) => reply.header('cache-control', 'no-cache').send(await documentOf(request.query.publication)),
  );

  app.get<{ Querystring: Static<typeof FiguresQuery> }>(
    '/figures.csv',
    { config: { permission: 'public' }, schema: { tags, summary: 'The published figures as CSV: table, row, column, count (empty when suppressed); no login', querystring: FiguresQuery } },
    async (request, reply) => {
      const doc = await documentOf(request.query.publication);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="figures-${doc.number}.csv"`).send(figuresCsv(doc));
    },
  );
}
