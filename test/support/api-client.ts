/** Logging in and sending requests through Fastify's inject, as one role or as nobody. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { PasswordCost } from '../../src/api/accounts.ts';

/** Tests hash passwords cheaply; the server's default cost is the secure one. */
export const cheap: PasswordCost = { memoryCost: 64, timeCost: 1, parallelism: 1 };
export const password = 'correct horse battery';

export interface Client {
  (method: string, url: string, options?: { body?: unknown; raw?: string; contentType?: string; key?: string | null; cookie?: string | null }): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

/** A client acting as one role (or as nobody, with `null`); POSTs carry a fresh Idempotency-Key. */
export function clientFor(app: FastifyInstance, cookie: string | null): Client {
  return (method, url, options = {}) => {
    const headers: Record<string, string> = {};
    const asCookie = options.cookie === undefined ? cookie : options.cookie;
    if (asCookie) headers.cookie = asCookie;
    const key = options.key === undefined ? (method === 'POST' ? randomUUID() : null) : options.key;
    if (key) headers['idempotency-key'] = key;
    if (options.raw !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    return app.inject({ method: method as 'GET', url, headers, ...(options.raw !== undefined ? { payload: options.raw } : options.body !== undefined ? { payload: options.body as object } : {}) });
  };
}

/**
 * A problem answer (RFC 9457, src/api/problem.ts): the status, as application/problem+json, with
 * its code, status, title, detail and type; and the field it names, when one is given.
 */
export function assertProblem(res: LightMyRequestResponse, status: number, code: string, field?: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, res.body);
  const problem = res.json();
  assert.equal(problem.code, code, res.body);
  assert.equal(problem.status, status, res.body);
  assert.equal(typeof problem.title, 'string', res.body);
  assert.equal(typeof problem.detail, 'string', res.body);
  assert.equal(problem.type, `/api/docs#problem-${code}`, res.body);
  if (field !== undefined) assert.equal(problem.field, field, res.body);
}
