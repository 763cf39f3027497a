/**
 * The catalogue of stable error codes the API answers with, and how errors become
 * RFC 9457 problem details (`application/problem+json`). Clients and the UI translate by
 * `code`; `field` is a JSON pointer to the offending input — into the body, or under
 * `/query`, `/params` or `/headers` for the other parts of a request.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { rejectionCodes, type Rejection, type RejectionCode } from '../domain/rejection.ts';
import type { Problem } from './schemas.ts';

interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/** Problems of the HTTP layer itself: before a request reaches a command. */
const transportProblems = {
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  invalid_request: { status: 400, title: 'The request does not match the schema' },
  unauthenticated: { status: 401, title: 'Log in first' },
  invalid_credentials: { status: 401, title: 'Wrong username or password' },
  route_not_found: { status: 404, title: 'No such route' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send the body as application/json' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, ProblemKind>;

/** A title for every rejection the domain can give; the status comes from the domain's catalogue. */
const rejectionTitles: Readonly<Record<RejectionCode, string>> = {
  not_found: 'Not found',
  invalid_value: 'A value is not acceptable',
  missing_item: 'A required item is missing',
  stale_version: 'The record changed since you read it',
  already_in_custody: 'The person is already in custody',
  not_in_custody: 'The person is not in custody',
  invalid_transition: 'This change of custody is not allowed',
  separation_violation: 'Categories must be held apart',
  capacity_exceeded: 'The facility is full',
  record_frozen: 'The record is frozen',
  duplicate: 'This already exists',
  idempotency_key_reused: 'The idempotency key was used for another request',
  forbidden: 'Not allowed for your role',
  event_too_large: 'Too much for one record of the log',
};

const domainProblems = Object.fromEntries(
  (Object.keys(rejectionCodes) as RejectionCode[]).map((code) => [code, { status: rejectionCodes[code], title: rejectionTitles[code] }]),
) as Record<RejectionCode, ProblemKind>;

/** Every code the API may answer with, its HTTP status and title. */
export const problemCatalogue: Readonly<Record<ProblemCode, ProblemKind>> = { ...domainProblems, ...transportProblems };

export type ProblemCode = RejectionCode | keyof typeof transportProblems;

/** Where each code is explained: the reference page lists the catalogue. */
export function problemType(code: ProblemCode): string {
  return `/api/docs#problem-${code}`;
}

/** An error that is answered as a problem. Throw it from a handler or hook. */
export class ApiProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }

  toJSON(): Problem {
    const { status, title } = problemCatalogue[this.code];
    const problem: Problem = { type: problemType(this.code), title, status, detail: this.message, code: this.code };
    return this.field === undefined ? problem : { ...problem, field: this.field };
  }
}

/**
 * A domain rejection as a problem. Rejection fields point into the command input; where a
 * part of that input came from the URL (the person id), `fromPath` says where it is instead.
 */
export function rejectionProblem(rejection: Rejection, fromPath: Readonly<Record<string, string>> = {}): ApiProblem {
  const field = rejection.field === undefined ? undefined : (fromPath[rejection.field] ?? (rejection.field === '/' ? '' : rejection.field));
  return new ApiProblem(rejection.code, rejection.message, field);
}

const requestParts: Readonly<Record<string, string>> = { body: '', querystring: '/query', params: '/params', headers: '/headers' };

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer an AJV error is about, down to the missing, unknown or discriminating property. */
function pointerOf(error: AjvError): string {
  const property = error.params.missingProperty ?? error.params.additionalProperty ?? (error.keyword === 'discriminator' ? error.params.tag : undefined);
  return typeof property === 'string' ? `${error.instancePath}/${escapePointer(property)}` : error.instancePath;
}

/** AJV's message, in the words a clerk would use; never the value that was sent. */
function describe(error: AjvError): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'discriminator':
      return 'is not one of the kinds this route accepts (see the OpenAPI document)';
    default:
      return error.message ?? 'is not valid';
  }
}

const combinators = new Set(['if', 'anyOf', 'oneOf']);

function validationProblem(errors: readonly AjvError[], context: string | undefined): ApiProblem {
  // A combinator's own error only says "a branch failed"; the branch's error names the field.
  const error = errors.find((e) => !combinators.has(e.keyword)) ?? errors[0]!;
  const field = `${requestParts[context ?? 'body'] ?? ''}${pointerOf(error)}`;
  return new ApiProblem('invalid_request', `${field || 'the body'} ${describe(error)}`, field);
}

/** Turn anything thrown while answering a request into a problem. */
export function toProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  const e = error as Partial<FastifyError> & { validation?: AjvError[] };
  if (Array.isArray(e.validation) && e.validation.length) return validationProblem(e.validation, e.validationContext);
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiProblem('malformed_json', 'the body could not be read as JSON', '');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiProblem('unsupported_media_type', 'this route accepts application/json only', '/headers/content-type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiProblem('payload_too_large', 'the body is larger than this server accepts');
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own 4xx messages describe the request, never stored data.
    return new ApiProblem('invalid_request', e.message ?? 'the request could not be read');
  }
  return new ApiProblem('internal_error', 'the request failed; it has been logged');
}

/** Only what an operator needs: never values from the request or the database's detail text. */
function loggableError(error: unknown) {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
  return { type: e.name, code: e.code, message: e.message, stack: e.stack };
}

/** Fastify error handler: every error is answered as problem+json. */
export function replyWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  const status = problemCatalogue[problem.code].status;
  if (status >= 500) request.log.error({ err: loggableError(error) }, 'request failed');
  return reply.code(status).type('application/problem+json').send(problem.toJSON());
}

/** Fastify not-found handler. */
export function replyRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return replyWithProblem(new ApiProblem('route_not_found', `there is no route ${request.method} ${request.url.split('?')[0]}`), request, reply);
}
