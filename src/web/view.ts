/**
 * What every page is rendered with: the reader's language, their account and permissions,
 * and the CSRF token their forms carry.
 *
 * CSRF: every form posts a token that is an HMAC of a secret the browser holds in an
 * HttpOnly, SameSite=Strict cookie — the session token once logged in, a random
 * pre-session value before (the login form). A page on another site can neither read the
 * cookie nor compute the token, and every POST to the web application is refused without it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie, sessionAccount } from '../api/access.ts';
import type { SessionAccount } from '../api/accounts.ts';
import type { ApiContext } from '../api/context.ts';
import { can, type Permission } from '../domain/permissions.ts';
import { defaultLocale, isLocale, translator, type Locale, type Translator } from './i18n.ts';
import { officialNames, type OfficialName } from './officials.ts';

/** The language cookie: the reader's choice, remembered for a year. */
export const languageCookie = 'sijill_lang';
/** The pre-session secret behind the login form's CSRF token. */
export const preSessionCookie = 'sijill_form';
export const csrfField = '_csrf';

export interface View {
  readonly t: Translator;
  readonly account: SessionAccount | null;
  readonly csrf: string;
  /** The path of the page (for the language switch and login's way back). */
  readonly path: string;
  readonly demo: boolean;
  /** The request came from htmx: answer with the fragment, not the whole page. */
  readonly htmx: boolean;
  can(permission: Permission): boolean;
  /** The display name of the official behind a recorded username (officials.ts). */
  readonly official: OfficialName;
}

export function localeOf(request: FastifyRequest): Locale {
  const chosen = request.cookies[languageCookie];
  return isLocale(chosen) ? chosen : defaultLocale;
}

function csrfToken(secret: string): string {
  return createHmac('sha256', secret).update('sijill web form v1').digest('base64url');
}

/** The secret of this request's forms, setting the pre-session cookie when there is none. */
function formSecret(request: FastifyRequest, reply: FastifyReply | null, account: SessionAccount | null, ctx: ApiContext): string | null {
  if (account) return request.cookies[sessionCookie]!;
  const existing = request.cookies[preSessionCookie];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  if (!reply) return null;
  const fresh = randomBytes(32).toString('base64url');
  reply.setCookie(preSessionCookie, fresh, { httpOnly: true, sameSite: 'strict', path: '/', secure: ctx.secureCookies });
  // The form rendered in this same response must carry the new token.
  request.cookies[preSessionCookie] = fresh;
  return fresh;
}

/** Whether a posted token is the one this browser's secret gives. */
export async function csrfValid(request: FastifyRequest, ctx: ApiContext): Promise<boolean> {
  const account = request.account ?? (await sessionAccount(ctx, request));
  const secret = formSecret(request, null, account, ctx);
  const body = request.body as Record<string, unknown> | undefined;
  const sent = (typeof body?.[csrfField] === 'string' ? body[csrfField] : undefined) ?? request.headers['x-csrf-token'];
  if (!secret || typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The view of a request. On public routes the account is looked up here. */
export async function viewOf(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext): Promise<View> {
  const account = request.account ?? (await sessionAccount(ctx, request));
  const secret = formSecret(request, reply, account, ctx)!;
  return {
    t: translator(localeOf(request)),
    account,
    csrf: csrfToken(secret),
    path: request.url,
    demo: ctx.demo,
    htmx: request.headers['hx-request'] === 'true' && request.headers['hx-boosted'] !== 'true' && request.headers['hx-history-restore-request'] !== 'true',
    can: (permission) => account !== null && can(account.role, permission),
    // Only a logged-in reader sees who did what.
    official: account ? await officialNames(ctx.db) : (username) => username,
  };
}
