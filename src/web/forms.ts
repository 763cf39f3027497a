/**
 * Forms: a page's form posts to the web application, which sends the same request to the
 * API in-process (so the API's schema, permission check and command run exactly as for any
 * client) and shows the answer. A refusal comes back as a problem with a stable code and a
 * JSON pointer to the offending field; controls are named by those pointers, so the message
 * is shown next to the control it concerns, in the reader's language.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Translator } from './i18n.ts';

/** The server the API is on, asked in-process (Fastify's `inject`): what forms send their requests to. */
export type InProcessApi = Pick<FastifyInstance, 'inject'>;

export interface Problem {
  readonly code: string;
  readonly detail: string;
  readonly field?: string;
  readonly status: number;
  /** Seconds to wait before trying again (Retry-After of a 429), when the API said. */
  readonly retryAfter?: number;
}

export type ApiAnswer<T> =
  | { readonly ok: true; readonly status: number; readonly body: T; readonly setCookie: readonly string[] }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Send a request to the API as the reader (their session cookie and their address, so the
 * API's limits and logs see the browser, not this server), under an idempotency key.
 */
export async function callApi<T>(app: InProcessApi, request: FastifyRequest, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, idempotencyKey?: string): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (request.headers.cookie) headers.cookie = request.headers.cookie;
  if (method === 'POST' || method === 'PATCH' || method === 'DELETE') headers['idempotency-key'] = idempotencyKey && /^[\x21-\x7e]{8,200}$/.test(idempotencyKey) ? idempotencyKey : randomUUID();
  const res = await app.inject({ method, url, headers, remoteAddress: request.ip, ...(body === undefined ? {} : { payload: body as object }) });
  const parsed = res.body ? (JSON.parse(res.body) as unknown) : null;
  if (res.statusCode >= 400) {
    const p = parsed as Partial<Problem> | null;
    const retryAfter = Number(res.headers['retry-after']);
    return { ok: false, problem: { code: p?.code ?? 'internal_error', detail: p?.detail ?? '', field: p?.field, status: res.statusCode, ...(retryAfter > 0 ? { retryAfter } : {}) } };
  }
  const cookies = res.headers['set-cookie'];
  return { ok: true, status: res.statusCode, body: parsed as T, setCookie: cookies === undefined ? [] : [cookies].flat() };
}

/**
 * A read of the API that was refused: the page shows the page of its problem with the API's
 * status (web-routes.ts) — a record out of the reader's scope or not on the register 404, a
 * refusal 403, a request the API does not take 400 — never a 500 for what is no fault of the
 * server's.
 */
export class ReadRefused extends Error {
  constructor(readonly problem: Problem) {
    super(`a read of the API was refused: ${problem.status} ${problem.code}`);
  }
}

/**
 * A GET of the API whose answer is a file to hand on exactly as it is (the signed handover
 * receipt): its text, byte for byte, or the problem.
 */
export async function callApiText(app: InProcessApi, request: FastifyRequest, url: string): Promise<{ readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: Problem }> {
  const res = await app.inject({ method: 'GET', url, remoteAddress: request.ip, headers: request.headers.cookie ? { cookie: request.headers.cookie } : {} });
  if (res.statusCode < 400) return { ok: true, text: res.body };
  const p = (res.body ? JSON.parse(res.body) : null) as Partial<Problem> | null;
  return { ok: false, problem: { code: p?.code ?? 'internal_error', detail: p?.detail ?? '', field: p?.field, status: res.statusCode } };
}

/** Register numbers as typed, scanned or pasted from a scanner's export: one a line, or separated by commas, semicolons or tabs (spaces inside a number are allowed, as on a wristband). */
export function scannedNumbers(text: string | undefined): string[] {
  return (text ?? '').split(/[\r\n,;\t]+/).map((s) => s.trim()).filter(Boolean);
}

/** A form's values as posted (or to show), and its errors by control name. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: ReadonlyMap<string, string>;
  /** Errors that belong to no control on the form, and the whole form's outcome. */
  readonly general: readonly string[];
  /** Prefix of its controls' element ids, for a page with several forms naming the same fields. */
  readonly scope?: string;
}

export const emptyForm: FormState = { values: {}, errors: new Map(), general: [] };

/** A posted urlencoded body as name → value (a repeated name keeps its last value). */
export function postedValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const value = Array.isArray(v) ? v[v.length - 1] : v;
      if (typeof value === 'string') out[k] = value;
    }
  }
  return out;
}

/** All values posted under a name (checkbox lists). */
export function postedList(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/**
 * The message for a problem, in the reader's language: by code, and for a field the
 * field's own hint when the catalogue has one.
 */
export function problemMessage(t: Translator, problem: Problem): string {
  return t.of('problem', problem.code);
}

/**
 * Place a problem on the form: on the control named by its field pointer, or the nearest
 * control whose name is a prefix of it (an error inside an item goes to the item), or on the
 * form as a whole.
 */
export function withProblem(t: Translator, values: Record<string, string>, problem: Problem, controls: readonly string[], fromPath: Readonly<Record<string, string>> = {}): FormState {
  const message = problemMessage(t, problem);
  const field = problem.field === undefined ? undefined : (fromPath[problem.field] ?? problem.field);
  if (field) {
    let best: string | undefined;
    for (const name of controls) {
      if ((field === name || field.startsWith(`${name}/`)) && (!best || name.length > best.length)) best = name;
    }
    // An error about a group (e.g. /items/emergency_contact) goes to its first control.
    best ??= controls.find((name) => name.startsWith(`${field}/`));
    if (best) return { values, errors: new Map([[best, message]]), general: [t('form.check_marked')] };
  }
  return { values, errors: new Map(), general: [message] };
}

/**
 * A form refused before anything is sent: every error found, each at its control, in the
 * order the controls stand on the form (the summary at the top lists them in that order).
 */
export function withErrors(values: Record<string, string>, errors: ReadonlyMap<string, string>, controls: readonly string[]): FormState {
  const rank = (name: string) => {
    const i = controls.indexOf(name);
    return i < 0 ? controls.length : i;
  };
  return { values, errors: new Map([...errors].sort((a, b) => rank(a[0]) - rank(b[0]))), general: [] };
}

/** A local date and time from a form (`2026-01-21T14:00`) as ISO 8601 with the register's offset. */
export function instantFromLocal(value: string | undefined, offset = '+03:00'): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00${offset}` : value;
}

/** Now, as the value of a datetime-local control in the register's time zone (UTC+3). */
export function localNow(now: Date, offsetHours = 3): string {
  return new Date(now.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 16);
}

/** A fresh idempotency key for a form: a repeated submission is the same request. */
export const formKey = (): string => randomUUID();
