/**
 * The catalogue of stable error codes the API answers with, and how errors become
 * RFC 9457 problem details (`application/problem+json`). Clients and the UI translate by
 * `code`; `field` is a JSON pointer to the offending input — into the body, or under
 * `/query`, `/params` or `/headers` for the other parts of a request.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { rejectionCodes, type Rejection, type RejectionCode } from '../domain/rejection.ts';
import { cutText } from '../domain/text.ts';
import type { Problem } from './schemas.ts';

interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/** Problems of the HTTP layer itself: before a request reaches a command. */
const transportProblems = {
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  malformed_request: { status: 400, title: 'The request could not be read as HTTP' },
  invalid_encoding: { status: 400, title: 'The request body is not valid UTF-8' },
  invalid_request: { status: 400, title: 'The request does not match the schema' },
  unauthenticated: { status: 401, title: 'Log in first' },
  invalid_credentials: { status: 401, title: 'Wrong username or password' },
  invalid_code: { status: 401, title: 'The code is wrong, or was used already' },
  security_key_refused: { status: 401, title: 'The security key’s answer is not accepted' },
  invalid_token: { status: 401, title: 'The enrolment token is wrong' },
  token_expired: { status: 410, title: 'The enrolment token has expired' },
  token_used: { status: 410, title: 'The enrolment token was used already' },
  second_factor_required: { status: 401, title: 'Give the code of your second factor first' },
  enrolment_required: { status: 403, title: 'Enrol a second factor first' },
  route_not_found: { status: 404, title: 'No such route' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send the body as application/json' },
  too_many_attempts: { status: 429, title: 'Too many attempts: wait before trying again' },
  uri_too_long: { status: 414, title: 'A part of the URL is too long' },
  request_head_too_large: { status: 431, title: 'The URL or the headers are too large' },
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
  judge_required: 'A judge must be named',
  not_convicted: 'The person is not convicted in this case',
  before_custody: 'Dated before the person’s custody began',
  likely_duplicate: 'The person is probably registered already',
  safeguards_required: 'No safeguards assessment stands',
  review_required: 'A second official must review the assessment',
  same_official: 'The official who assessed cannot review or approve',
  court_blocker: 'A case before an Iraqi court blocks travel',
  refoulement_risk: 'A real risk in the receiving state forbids the return',
  assurance_required: 'An assurance against the death penalty is required',
  best_interests_required: 'A child’s best-interests assessment is required',
  would_separate_child: 'The return would leave a child behind',
  follow_up_required: 'Contacts after the return are required',
  follow_up_pending: 'Contacts after the return are still due',
  guardian_required: 'An unaccompanied child’s guardian is required',
  repatriation_not_approved: 'The repatriation is not approved',
  rights_not_told: 'The person has not been told of their right to consular notification',
  notification_refused: 'The person refused consular notification',
  independent_authority_only: 'Only the authority independent of the facility may do this',
  lookup_not_reviewed: 'The candidates of the look-up must be reviewed and recorded first',
  judicial_reference_required: 'A restriction needs a judicial reference',
  expiry_required: 'A restriction needs an expiry',
  restriction_not_applicable: 'A restriction never applies to judges or the visiting body',
  answer_not_reproduced: 'The answer as it was given cannot be shown again',
  not_accredited: 'The visiting body is not accredited',
  restriction_unjustified: 'A refusal or deferral of access needs a reason, an authority and an end date',
  offence_not_defined: 'Only an act the facility’s rules define is a disciplinary offence',
  hearing_required: 'No sanction without a hearing where the person is heard',
  prohibited_sanction: 'The law prohibits this sanction',
  too_few_administrators: 'The register keeps at least two enabled administrators',
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

/** The most of any one value sent that an error repeats, and of a whole detail or field. */
export const maxEcho = 200;
const maxDetail = 1000;


/**
 * A detail as an error may say it: a value it quotes ("…") is cut to {@link maxEcho}
 * characters, and the whole to a bounded length, so an error never repeats a request in bulk
 * (a 5 MB column title comes back as its first 200 characters).
 */
export function boundDetail(detail: string): string {
  return cutText(detail.replace(/"([^"]{201,})"/g, (_quoted, value: string) => `"${cutText(value, maxEcho)}"`), maxDetail);
}

/** A JSON pointer as an error may repeat it: each segment (a field name as sent) cut to {@link maxEcho} characters. */
export function boundPointer(pointer: string): string {
  return cutText(pointer.split('/').map((segment) => cutText(segment, maxEcho)).join('/'), maxDetail);
}

/**
 * An error that is answered as a problem. Throw it from a handler or hook. What it repeats
 * of the request is bounded here, for every problem the API gives (see boundDetail).
 */
export class ApiProblem extends Error {
  readonly field?: string;

  constructor(
    readonly code: ProblemCode,
    detail: string,
    field?: string,
  ) {
    super(boundDetail(detail));
    if (field !== undefined) this.field = boundPointer(field);
  }

  /** The HTTP status, for error handlers that read `statusCode` (Fastify's, the web pages'). */
  get statusCode(): number {
    return problemCatalogue[this.code].status;
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
  /** The schema object holding the failed keyword (AJV's `verbose`). */
  parentSchema?: { readonly $comment?: unknown; readonly description?: unknown };
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

/** The `$comment` of a schema that accepts one of two shapes and is refused as a whole when it is neither. */
export const eitherShape = 'either';

/** Errors about an object's own shape (a property missing or unknown, not an object at all), not a value inside it. */
const shapeKeywords = new Set(['required', 'additionalProperties', 'type']);

/**
 * The "one of two shapes" schema whose object matched neither: the second shape, tried when
 * the first's property is absent, is marked `eitherShape` and described with both; a property
 * of it missing or unknown, or no object at all, means the object is what is wrong.
 */
function eitherRefused(error: AjvError): AjvError | null {
  const schema = error.parentSchema;
  if (!shapeKeywords.has(error.keyword) || schema?.$comment !== eitherShape) return null;
  return { keyword: 'either', instancePath: error.instancePath, params: {}, message: `must be ${String(schema.description ?? 'one of the shapes the OpenAPI document gives')}` };
}

function validationProblem(errors: readonly AjvError[], context: string | undefined): ApiProblem {
  // A combinator's own error only says "a branch failed"; the branch's error names the field.
  const first = errors.find((e) => !combinators.has(e.keyword)) ?? errors[0]!;
  const error = eitherRefused(first) ?? first;
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

/**
 * Fastify `clientErrorHandler`: Node answers a request it cannot parse before any route or
 * hook sees it — a request line and headers over `maxHeaderSize` (431), bad HTTP syntax
 * (400), a request that never finishes arriving (408). Answer those as problem+json too.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiProblem('request_head_too_large', 'the URL and headers together are larger than this server accepts: shorten the URL or the headers', '/headers')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ApiProblem('request_timeout', 'the request did not arrive in time: send it again')
        : new ApiProblem('malformed_request', 'the request is not valid HTTP/1.1', '');
  const status = problem.statusCode;
  const body = JSON.stringify(problem.toJSON());
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * Fastify `frameworkErrors`: errors Fastify meets before it has found a route — a path
 * parameter over `maxParamLength` (414), a path that is not percent-encoded right (400) —
 * answered as problems like everything else, repeating none of the path.
 */
export function replyWithFrameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  switch (error.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return replyWithProblem(new ApiProblem('uri_too_long', 'a part of the path is longer than this server accepts', '/params'), request, reply);
    case 'FST_ERR_BAD_URL':
      return replyWithProblem(new ApiProblem('invalid_request', 'the path is not percent-encoded UTF-8', '/params'), request, reply);
    default:
      return replyWithProblem(error, request, reply);
  }
}
