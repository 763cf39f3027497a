/**
 * Access control, default deny: every route declares the permission it needs in its
 * config (`config: { permission: 'person.read' }`), or `'authenticated'` (any logged-in
 * account), or `'public'`. A route that declares nothing cannot be registered at all.
 *
 * The check runs first in the request (onRequest), before the body is read or validated,
 * so an anonymous or unauthorised caller learns nothing about a route's input.
 */
import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestHookHandler } from 'fastify';
import { can, permissions, type Permission } from '../domain/permissions.ts';
import type { Database } from '../store/database.ts';
import { findSession, type FoundSession, type SessionAccount } from './accounts.ts';
import { ApiProblem } from './problem.ts';
import { checkScope, routeScopeKinds, type RouteScope } from './scope.ts';

/**
 * What a route requires: a permission, any logged-in account, or nothing; or, for the second
 * step of a login, a half-finished login waiting for its code (`second_factor`), or one that
 * must enrol a factor first — or a complete login enrolling one (`enrolment`).
 */
export type RoutePermission = Permission | 'authenticated' | 'public' | 'second_factor' | 'enrolment';

/** One registered route, the permission it declared, and the schema of its input (if any). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission;
  /** Where the route's record is, for the scope check (scope.ts); undefined where the permission reaches no person. */
  readonly scope?: RouteScope;
  /** The route's request schema as declared (body, querystring, params, headers), for tools that generate requests from it. */
  readonly schema?: Pick<FastifySchema, 'body' | 'querystring' | 'params' | 'headers'>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: see src/api/access.ts. */
    permission?: RoutePermission;
    /** Required on routes whose permission reaches records of persons or facilities (`scopedPermission`): see src/api/scope.ts. */
    scope?: RouteScope;
  }
  interface FastifyRequest {
    /** The logged-in account (a complete login), set by the access check on routes that are not public. */
    account: SessionAccount | null;
    /** The session on routes of the login's second step (`second_factor`, `enrolment`), at any stage they allow. */
    login: FoundSession | null;
  }
}

/** The name of the session cookie. */
export const sessionCookie = 'sijill_session';

const declared = new WeakMap<FastifyInstance, RouteAccess[]>();

/** Every route registered on a server built by buildServer, with its declared permission. */
export function routePermissions(app: FastifyInstance): readonly RouteAccess[] {
  return declared.get(app) ?? [];
}

function isRoutePermission(value: unknown): value is RoutePermission {
  return ['public', 'authenticated', 'second_factor', 'enrolment'].includes(value as string) || (permissions as readonly unknown[]).includes(value);
}

/**
 * The kinds of permission that reach records bound to persons or to facilities, so that a route
 * requiring one must declare its scope (scope.ts), and the server refuses to start otherwise:
 * persons, custody, cases, transfers; roll calls, visits and notification lists (at a facility);
 * classification and discipline (custody life), complaints, allegations, evidence freezes, a
 * detainee's own file, restrictions of what requesters are told, repatriation cases (each a
 * person's; a liaison reaches its state's cases), a state's nationals (a liaison's). A route of such a permission about nothing of
 * the kind says so (`'register'`: visiting bodies, reference data). Not yet among them:
 * information requests and oversight's reads (held only by roles that reach the whole register:
 * information officers, oversight), figures (counts, published).
 */
export const scopedPermissionKinds = ['person', 'custody', 'case', 'transfer', 'rollcall', 'visit', 'custody_life', 'complaint', 'allegation', 'evidence', 'own_file', 'restriction', 'repatriation', 'nationals'] as const;

/** Whether a route requiring this permission must declare its scope (see scopedPermissionKinds). */
export function scopedPermission(permission: RoutePermission): boolean {
  return (scopedPermissionKinds as readonly string[]).includes(permission.split('.')[0]!) && permission.includes('.');
}

const isRouteScope = (value: unknown): value is RouteScope =>
  value === 'filtered' || value === 'register' ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 1 && routeScopeKinds.includes(Object.keys(value)[0]!) &&
    /^\/(params|body|query)(\/\w+)+$/.test(String(Object.values(value)[0])));

/** How the access check finds sessions: the database, the clock, and the idle timeout. */
export interface SessionLookup {
  readonly db: Database;
  readonly clock: () => Date;
  readonly sessionIdleMinutes: number;
}

/** The session of the request's cookie at any stage, if it is open. */
export async function requestSession(sessions: SessionLookup, request: FastifyRequest): Promise<FoundSession | null> {
  const token = request.cookies[sessionCookie];
  return token ? findSession(sessions.db, token, sessions.clock(), sessions.sessionIdleMinutes) : null;
}

/** The account of the request's session cookie, if any: only a complete login. */
export async function sessionAccount(sessions: SessionLookup, request: FastifyRequest): Promise<SessionAccount | null> {
  const found = await requestSession(sessions, request);
  return found?.stage === 'signed_in' ? found.account : null;
}

function guard(permission: Exclude<RoutePermission, 'public'>, sessions: SessionLookup): onRequestHookHandler {
  return async (request) => {
    const found = await requestSession(sessions, request);
    if (!found) throw new ApiProblem('unauthenticated', 'log in first: POST /api/session');
    if (permission === 'second_factor' || permission === 'enrolment') {
      const allowed = permission === 'second_factor' ? found.stage === 'second_factor' : found.stage === 'enrolment' || found.stage === 'signed_in';
      if (!allowed) throw new ApiProblem('unauthenticated', permission === 'second_factor' ? 'no login awaits a second-factor code: POST /api/session first' : 'log in first: POST /api/session');
      request.login = found;
      if (found.stage === 'signed_in') request.account = found.account;
      return;
    }
    // A half-finished login can do nothing but its next step.
    if (found.stage === 'second_factor') throw new ApiProblem('second_factor_required', 'give the code of your second factor first: POST /api/session/second-factor');
    if (found.stage === 'enrolment') throw new ApiProblem('enrolment_required', 'enrol a second factor first: POST /api/account/second-factor');
    const account = found.account;
    if (permission !== 'authenticated' && !can(account.role, permission)) {
      throw new ApiProblem('forbidden', `the role ${account.role} does not have the permission ${permission}`);
    }
    request.account = account;
  };
}

/**
 * Install the access check on `app`: call before any route is registered. Each route gets
 * its guard at registration, and is listed (with its permission) in the OpenAPI document.
 */
export function installAccessControl(app: FastifyInstance, sessions: SessionLookup): void {
  const routes: RouteAccess[] = [];
  declared.set(app, routes);
  app.decorateRequest('account', null);
  app.decorateRequest('login', null);
  app.decorateRequest('scope', null);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    const methods = [route.method].flat();
    if (!isRoutePermission(permission)) {
      throw new Error(`${methods.join(',')} ${route.url} declares no permission: set config.permission to a permission, 'authenticated' or 'public'`);
    }
    const scope = route.config?.scope;
    if (scope !== undefined && !isRouteScope(scope)) throw new Error(`${methods.join(',')} ${route.url} declares a scope that is none of those of src/api/scope.ts`);
    if (scope === undefined && scopedPermission(permission)) {
      throw new Error(`${methods.join(',')} ${route.url} requires ${permission}, which reaches records of persons or facilities: declare config.scope (src/api/scope.ts)`);
    }
    const schema = route.schema ? { body: route.schema.body, querystring: route.schema.querystring, params: route.schema.params, headers: route.schema.headers } : undefined;
    for (const method of methods) routes.push({ method, url: route.url, permission, ...(scope ? { scope } : {}), ...(schema ? { schema } : {}) });
    if (route.schema) {
      route.schema = {
        ...route.schema,
        'x-permission': permission,
        ...(scope ? { 'x-scope': scope } : {}),
        security: permission === 'public' ? [] : [{ session: [] }],
      } as typeof route.schema;
    }
    if (permission !== 'public') route.onRequest = [guard(permission, sessions), ...[route.onRequest ?? []].flat()];
    // The scope check needs the validated request (the id it names): it runs just before the handler.
    if (scope !== undefined && scope !== 'filtered' && scope !== 'register') {
      route.preHandler = [...[route.preHandler ?? []].flat(), async (request: FastifyRequest) => checkScope(sessions.db, request, scope, sessions.clock())];
    }
  });
}
