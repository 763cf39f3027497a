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
import { findSession, type SessionAccount } from './accounts.ts';
import { ApiProblem } from './problem.ts';

/** What a route requires: a permission, any logged-in account, or nothing. */
export type RoutePermission = Permission | 'authenticated' | 'public';

/** One registered route, the permission it declared, and the schema of its input (if any). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission;
  /** The route's request schema as declared (body, querystring, params, headers), for tools that generate requests from it. */
  readonly schema?: Pick<FastifySchema, 'body' | 'querystring' | 'params' | 'headers'>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: see src/api/access.ts. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** The logged-in account, set by the access check on routes that are not public. */
    account: SessionAccount | null;
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
  return value === 'public' || value === 'authenticated' || (permissions as readonly unknown[]).includes(value);
}

/** The account of the request's session cookie, if any. */
export async function sessionAccount(db: Database, request: FastifyRequest, now: Date): Promise<SessionAccount | null> {
  const token = request.cookies[sessionCookie];
  return token ? findSession(db, token, now) : null;
}

function guard(permission: Exclude<RoutePermission, 'public'>, db: Database, clock: () => Date): onRequestHookHandler {
  return async (request) => {
    const account = await sessionAccount(db, request, clock());
    if (!account) throw new ApiProblem('unauthenticated', 'log in first: POST /api/session');
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
export function installAccessControl(app: FastifyInstance, db: Database, clock: () => Date): void {
  const routes: RouteAccess[] = [];
  declared.set(app, routes);
  app.decorateRequest('account', null);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    const methods = [route.method].flat();
    if (!isRoutePermission(permission)) {
      throw new Error(`${methods.join(',')} ${route.url} declares no permission: set config.permission to a permission, 'authenticated' or 'public'`);
    }
    const schema = route.schema ? { body: route.schema.body, querystring: route.schema.querystring, params: route.schema.params, headers: route.schema.headers } : undefined;
    for (const method of methods) routes.push({ method, url: route.url, permission, ...(schema ? { schema } : {}) });
    if (route.schema) {
      route.schema = {
        ...route.schema,
        'x-permission': permission,
        security: permission === 'public' ? [] : [{ session: [] }],
      } as typeof route.schema;
    }
    if (permission !== 'public') route.onRequest = [guard(permission, db, clock), ...[route.onRequest ?? []].flat()];
  });
}
