/** Health, the OpenAPI document and its reference page: public, and free of personal data. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ApiContext } from '../context.ts';
import { referencePage, type OpenApiDocument } from '../reference-page.ts';
import { closed, oneOfStrings, problemResponses } from '../schemas.ts';

const HealthResponse = closed({ status: Type.Literal('ok'), database: oneOfStrings(['pglite', 'postgres'] as const), demo: Type.Boolean() });

const OpenApiResponse = Type.Object(
  { openapi: Type.String(), info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }), paths: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: true, description: 'The OpenAPI 3.1 document of this API' },
);

/** Register health, the OpenAPI document and the reference page. */
export function referenceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['reference'], summary: 'Whether the server and its database answer', response: { 200: HealthResponse, ...problemResponses } },
    },
    async () => {
      await ctx.db.query('SELECT 1');
      return { status: 'ok' as const, database: ctx.db.kind, demo: ctx.demo };
    },
  );

  app.get(
    '/api/openapi.json',
    {
      config: { permission: 'public' },
      schema: { tags: ['reference'], summary: 'This API as an OpenAPI 3.1 document', response: { 200: OpenApiResponse, ...problemResponses } },
    },
    async () => app.swagger(),
  );

  app.get(
    '/api/docs',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'This API’s reference page (HTML, no script)',
        response: { 200: { description: 'The reference page', content: { 'text/html': { schema: Type.String() } } }, ...problemResponses },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(referencePage(app.swagger() as unknown as OpenApiDocument, { demo: ctx.demo })),
  );
}
