/**
 * The application: the HTTP API (`/api`, src/api/server.ts), the transparency log for
 * monitors (`/log`, src/api/log-routes.ts) and the web application for officials (HTML at
 * `/`, src/web/web-routes.ts), mounted on one server. This is the one module above both the
 * API and the web application; the API imports nothing of the web, and each can be built and
 * tested alone.
 */
import { publicFiguresRoutes } from './api/routes/figures.ts';
import type { FastifyInstance } from 'fastify';
import { apiContext, buildServer, type ServerOptions } from './api/server.ts';
import { logRoutes } from './api/log-routes.ts';
import { notFoundHandler, webRoutes } from './web/web-routes.ts';
import { closePdfBrowser } from './web/pdf.ts';

export interface AppOptions extends ServerOptions {
  /** Verifier keys of the witnesses whose cosignatures the log keeps and serves. */
  readonly witnessKeys?: readonly string[];
}

/**
 * Build the whole application (not listening): the API, the log and the pages on one
 * Fastify instance, so every route — page or API — passes the same access check.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const ctx = apiContext(options);
  // One not-found handler for the server: problem+json under /api and /log, a page for a browser elsewhere.
  const app = buildServer(options, { ctx, notFound: notFoundHandler(ctx) });
  // The transparency log, for monitors: checkpoint, tiles and proofs are public; entry bundles
  // carry personal data and need log.read_entries.
  app.register(logRoutes, { db: options.db, witnessKeys: options.witnessKeys ?? [], clock: ctx.clock });
  // The published figures as JSON and CSV, for everyone (issue 17).
  app.register(async (scope) => publicFiguresRoutes(scope, ctx));
  // The web application for officials (HTML at /; src/web): every page declares its permission
  // too, and its forms send their requests to this server's API in-process.
  app.register(webRoutes, { ctx, api: app });
  app.addHook('onClose', closePdfBrowser);
  return app;
}
