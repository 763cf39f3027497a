/** Logging in through the login form, as a browser does: the cookies it is given, and the CSRF token of its forms. */
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { password } from './api-client.ts';

/** The cookies a response sets, as a browser sends them back (name=value). */
export const cookiesOf = (res: LightMyRequestResponse): string[] => [res.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]!);

/** The session cookie a response sets (name=value), asserted to be there. */
export const sessionCookieOf = (res: LightMyRequestResponse): string => {
  const found = cookiesOf(res).find((c) => c.startsWith('sijill_session='));
  assert.ok(found, `no session cookie: ${res.statusCode} ${JSON.stringify(res.headers['set-cookie'])} ${res.body.slice(0, 200)}`);
  return found;
};

/** The CSRF token of a page's forms. */
export const csrfOf = (html: string): string => html.match(/name="_csrf" value="([^"]+)"/)![1]!;

/** Log in through the form and land on `next`: the browser's cookies, and the token for the forms of that page. */
export async function logInByForm(app: FastifyInstance, username: string, next = '/dashboard'): Promise<{ cookie: string; csrf: string }> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  const pre = cookiesOf(form);
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfOf(form.body), username, password, next }).toString(),
  });
  assert.equal(res.statusCode, 303, res.body);
  const cookie = [...pre, ...cookiesOf(res)].join('; ');
  const page = await app.inject({ method: 'GET', url: next, headers: { cookie } });
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  return { cookie, csrf: csrfOf(page.body) };
}
