/**
 * The web application (server-rendered HTML at /, progressively enhanced with htmx). Every
 * route declares its permission exactly like an API route (src/api/access.ts checks it
 * before anything else runs); every POST carries a CSRF token; pages read through the API's
 * read models and write by sending the same request to the API in-process (forms.ts).
 *
 * Errors become pages that say what happened and what to do: not logged in → the login
 * page (and back after it); not allowed → a page that says so; anything else → a page that
 * says the request failed and was logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { ApiContext } from '../api/context.ts';
import type { RoutePermission } from '../api/access.ts';
import type { RouteScope } from '../api/scope.ts';
import { ApiProblem, replyRouteNotFound } from '../api/problem.ts';
import { Html } from './jsx.ts';
import { assetRoutes } from './assets.ts';
import { messagePage } from './layout.tsx';
import { csrfValid, viewOf, type View } from './view.ts';
import { problemMessage, ReadRefused, type InProcessApi } from './forms.ts';
import { sessionPages } from './pages/session.tsx';
import { dashboardPages } from './pages/dashboard.tsx';
import { lawfulDetentionPages } from './pages/lawful-detention.tsx';
import { searchPages } from './pages/search.tsx';
import { personPages } from './pages/person.tsx';
import { registerPages } from './pages/register.tsx';
import { figuresPages } from './pages/figures.tsx';
import { figureDraftPages } from './pages/figure-drafts.tsx';
import { matchThresholds } from '../config.ts';
import { reviewPages } from './pages/reviews.tsx';
import { admitPages } from './pages/admit.tsx';
import { transferPages } from './pages/transfers/routes.tsx';
import { printPages } from './pages/print/routes.tsx';
import { rollCallPages } from './pages/roll-calls/routes.tsx';
import { casePages } from './pages/cases/routes.tsx';
import { repatriationPages } from './pages/repatriations/routes.tsx';
import { nationalPages } from './pages/nationals.tsx';
import { complaintPages } from './pages/complaints/routes.tsx';
import { custodyLifePages } from './pages/custody-life/routes.tsx';
import { disciplinaryRulesPages } from './pages/disciplinary-rules.tsx';
import { informationRequestPages } from './pages/information-requests/routes.tsx';
import { restrictionPages } from './pages/restrictions.tsx';
import { secondFactorPages } from './pages/second-factor.tsx';
import { visitPages } from './pages/visits.tsx';
import { accountPages } from './pages/accounts.tsx';
import { enrolmentPages } from './pages/enrolment.tsx';

export type WebAnswer = string | Html | FastifyReply;
export type WebHandler<Q = Record<string, string | undefined>, P = Record<string, string>> = (
  request: FastifyRequest<{ Querystring: Q; Params: P }>,
  reply: FastifyReply,
  view: View,
) => Promise<WebAnswer>;

/** What the application (src/app.ts) gives the web application. */
export interface WebOptions {
  readonly ctx: ApiContext;
  /** The server the API is on: forms send their requests to it in-process. */
  readonly api: InProcessApi;
}

/** What a page requires: a permission, and where its record is when the permission reaches persons (src/api/scope.ts). */
export type PageAccess = RoutePermission | { readonly permission: RoutePermission; readonly scope: RouteScope };

const configOf = (access: PageAccess): { permission: RoutePermission; scope?: RouteScope } => (typeof access === 'string' ? { permission: access } : { permission: access.permission, scope: access.scope });

/** What page modules register their routes with. */
export interface Web {
  /** The API, called in-process (forms.ts `callApi`). */
  readonly api: InProcessApi;
  readonly ctx: ApiContext;
  get<Q = Record<string, string | undefined>, P = Record<string, string>>(path: string, access: PageAccess, handler: WebHandler<Q, P>): void;
  /** A form's target: refused with 403 unless the CSRF token is right. */
  post<Q = Record<string, string | undefined>, P = Record<string, string>>(path: string, access: PageAccess, handler: WebHandler<Q, P>): void;
}

class CsrfRefused extends Error {}

const securityHeaders = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function send(reply: FastifyReply, answer: WebAnswer): FastifyReply {
  if (answer instanceof Html) return reply.type('text/html; charset=utf-8').send(answer.value);
  if (typeof answer === 'string') return reply.type('text/html; charset=utf-8').send(answer);
  return answer;
}

/** Where a logged-out reader goes: the login page, then back to where they were. */
function toLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const back = request.method === 'GET' ? request.url : '/dashboard';
  const target = `/login?next=${encodeURIComponent(back)}`;
  if (request.headers['hx-request'] === 'true') return reply.code(401).header('hx-redirect', target).send();
  return reply.redirect(target, 303);
}

/** Whether a path is the API's or the transparency log's (answered as JSON problems), not a page. */
const isMachinePath = (url: string) => /^\/(api|log)(\/|\?|$)/.test(url);

/**
 * The server's one not-found handler: an unknown address outside /api and /log asked for by
 * a browser (Accept: text/html) gets a page in the reader's language; everything else keeps
 * the API's problem+json answer.
 */
export function notFoundHandler(ctx: ApiContext): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    const wantsHtml = /\btext\/html\b/.test(String(request.headers.accept ?? ''));
    if (isMachinePath(request.url) || !wantsHtml) return replyRouteNotFound(request, reply);
    const view = await viewOf(request, reply, ctx);
    const { t } = view;
    for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(messagePage(view, t('error.page_not_found.title'), t('error.page_not_found.what'), t('error.page_not_found.todo')));
  };
}

/**
 * The web application as a Fastify plugin, registered by the application (src/app.ts) on the
 * server the API is on, after the API's access check.
 */
export async function webRoutes(app: FastifyInstance, options: WebOptions): Promise<void> {
  const { ctx, api } = options;
  await app.register(formbody, { bodyLimit: 1_048_576 });

  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  app.setErrorHandler(async (error, request, reply) => {
    if ((error instanceof ApiProblem && error.code === 'unauthenticated') || (error instanceof ReadRefused && error.problem.code === 'unauthenticated')) return toLogin(request, reply);
    // A half-finished login is sent to its next step, whatever page it asked for.
    if (error instanceof ApiProblem && (error.code === 'second_factor_required' || error.code === 'enrolment_required')) {
      const step = error.code === 'second_factor_required' ? '/login/code' : '/second-factor';
      const target = `${step}?next=${encodeURIComponent(request.method === 'GET' ? request.url : '/dashboard')}`;
      if (request.headers['hx-request'] === 'true') return reply.code(401).header('hx-redirect', target).send();
      return reply.redirect(target, 303);
    }
    const view = await viewOf(request, reply, ctx).catch(() => null);
    if (!view) return reply.code(500).type('text/plain; charset=utf-8').send('The request failed; it has been logged.');
    const { t } = view;
    if (error instanceof ApiProblem && error.code === 'forbidden') {
      return reply.code(403).type('text/html; charset=utf-8').send(messagePage(view, t('error.forbidden.title'), t('error.forbidden.what'), t('error.forbidden.todo')));
    }
    // A record that does not exist, or is out of the reader's scope (answered alike: src/api/scope.ts).
    if (error instanceof ApiProblem && error.code === 'not_found') {
      return reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, t('error.not_found.title'), t('error.not_found.what'), t('error.not_found.todo')));
    }
    // A read of the API the page made and the API refused: its page, with the API's status.
    if (error instanceof ReadRefused && error.problem.status < 500) {
      const { status } = error.problem;
      const html =
        status === 404
          ? messagePage(view, t('error.not_found.title'), t('error.not_found.what'), t('error.not_found.todo'))
          : status === 403
            ? messagePage(view, t('error.forbidden.title'), t('error.forbidden.what'), t('error.forbidden.todo'))
            : messagePage(view, t('error.bad_request.title'), problemMessage(t, error.problem), t('error.bad_request.todo'));
      return reply.code(status).type('text/html; charset=utf-8').send(html);
    }
    if (error instanceof CsrfRefused) {
      return reply.code(403).type('text/html; charset=utf-8').send(messagePage(view, t('error.csrf.title'), t('error.csrf.what'), t('error.csrf.todo')));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.code(status).type('text/html; charset=utf-8').send(messagePage(view, t('error.bad_request.title'), t('error.bad_request.what'), t('error.bad_request.todo')));
    }
    const e = error as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
    request.log.error({ err: { type: e.name, code: e.code, message: e.message, stack: e.stack } }, 'page failed');
    return reply.code(500).type('text/html; charset=utf-8').send(messagePage(view, t('error.failed.title'), t('error.failed.what'), t('error.failed.todo')));
  });

  const web: Web = {
    api,
    ctx,
    get(path, access, handler) {
      app.get(path, { config: configOf(access), schema: { hide: true } }, async (request, reply) => {
        const view = await viewOf(request, reply, ctx);
        return send(reply, await handler(request as never, reply, view));
      });
    },
    post(path, access, handler) {
      app.post(
        path,
        {
          config: configOf(access),
          schema: { hide: true },
          preHandler: async (request) => {
            if (!(await csrfValid(request, ctx))) throw new CsrfRefused('csrf');
          },
        },
        async (request, reply) => {
          const view = await viewOf(request, reply, ctx);
          return send(reply, await handler(request as never, reply, view));
        },
      );
    },
  };

  assetRoutes(app);
  sessionPages(web);
  dashboardPages(web);
  lawfulDetentionPages(web);
  visitPages(web);
  searchPages(web);
  personPages(web);
  registerPages(web);
  reviewPages(web, { likely: () => matchThresholds().likely });
  admitPages(web);
  transferPages(web);
  printPages(web);
  rollCallPages(web);
  casePages(web);
  repatriationPages(web);
  nationalPages(web);
  complaintPages(web);
  custodyLifePages(web);
  disciplinaryRulesPages(web);
  informationRequestPages(web);
  restrictionPages(web);
  secondFactorPages(web);
  enrolmentPages(web);
  accountPages(web);
  figureDraftPages(web);
  figuresPages(web);
}
