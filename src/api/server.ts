/**
 * The HTTP API (DESIGN 3.5): Fastify, JSON, a schema for every request and response, an
 * OpenAPI 3.1 document and its reference page, a declared permission on every route
 * (default deny), and RFC 9457 problem details for every error.
 *
 * A request goes: authenticate and check the route's permission (onRequest) → parse and
 * validate (unknown fields refused, nothing coerced) → the command runs in one transaction
 * through the write path → the response is a presenter shape, serialised by its schema.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { Register } from '../commands/execute.ts';
import type { Database } from '../store/database.ts';
import { defaultPasswordCost, type PasswordCost } from './accounts.ts';
import { defaultEnrolmentTokenHours } from './enrolment-token.ts';
import { installAccessControl, sessionCookie } from './access.ts';
import type { ApiContext } from './context.ts';
import { answerClientError, ApiProblem, replyRouteNotFound, replyWithFrameworkProblem, replyWithProblem } from './problem.ts';
import { ProblemSchema, unkeepableString } from './schemas.ts';
import { custodyRoutes } from './routes/custody.ts';
import { facilityRoutes } from './routes/facilities.ts';
import { personRoutes } from './routes/persons.ts';
import { referenceRoutes } from './routes/reference.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { taskRoutes } from './routes/tasks.ts';
import { clockRoutes } from './routes/clocks.ts';
import { identityRoutes } from './routes/identity.ts';
import { transferRoutes } from './routes/transfers.ts';
import { handoverListRoutes } from './routes/handover-lists.ts';
import { receiptRoutes } from './routes/receipts.ts';
import type { LogKey } from '../transparency/log-key.ts';
import { loadConfig, loadLoginThrottle, loadTrustProxy, loadWebAuthn, type LoginThrottle, type TrustProxy, type WebAuthnSettings } from '../config.ts';
import { openReceiptKey, receiptKeySettings } from '../receipt/receipt-key.ts';
import { openSecondFactorKey, type SecondFactorKey } from './second-factor.ts';
import { rollCallRoutes } from './routes/roll-calls.ts';
import { caseRoutes } from './routes/cases.ts';
import { repatriationRoutes } from './routes/repatriations.ts';
import { nationalRoutes } from './routes/nationals.ts';
import { complaintRoutes } from './routes/complaints.ts';
import { custodyLifeRoutes } from './routes/custody-life.ts';
import { disciplinaryRulesRoutes } from './routes/disciplinary-rules.ts';
import { informationRequestRoutes } from './routes/information-requests.ts';
import { visitRoutes } from './routes/visits.ts';
import { accountRoutes } from './routes/accounts.ts';
import { figuresRoutes } from './routes/figures.ts';

export { routePermissions, type RouteAccess, type RoutePermission } from './access.ts';

/** A writable stream for log lines (pino destination). */
export interface LogStream {
  write(line: string): unknown;
}

export interface ServerOptions {
  readonly db: Database;
  /** The write path; by default one over `db` with the system clock. */
  readonly register?: Register;
  /** The database holds demonstration data; the reference page and /api/health say so. */
  readonly demo?: boolean;
  /** Mark the session cookie Secure: set whenever the server is reached over HTTPS. */
  readonly secureCookies?: boolean;
  /** How long a login lasts at most, in hours (default 12: one shift). */
  readonly sessionHours?: number;
  /** A session not used for this many minutes ends (default 30). */
  readonly sessionIdleMinutes?: number;
  /**
   * Roles that can change custody, approve, sign off, decide or administer accounts must log
   * in with a second factor (domain/permissions.ts secondFactorRequired). Off unless set: the
   * configuration turns it on outside demo mode (config.ts, `sijill serve`).
   */
  readonly requireSecondFactor?: boolean;
  /** The key that seals second-factor secrets (src/api/second-factor.ts); by default opened from the configuration when first needed. */
  readonly secondFactorKey?: SecondFactorKey;
  /** argon2id cost for accounts created through the API; lower it in tests only. */
  readonly passwordCost?: PasswordCost;
  /** How long an enrolment token is accepted, in hours (default 72: src/api/enrolment-token.ts). */
  readonly enrolmentTokenHours?: number;
  /** Limits on failed logins (default: from SIJILL_LOGIN_*, see config.ts). */
  readonly loginThrottle?: LoginThrottle;
  /** Where security keys are used (default: from SIJILL_WEBAUTHN_RP_ID and SIJILL_WEBAUTHN_ORIGINS, see config.ts). */
  readonly webAuthn?: WebAuthnSettings;
  /** Which proxies' X-Forwarded-For names the client (default: SIJILL_TRUST_PROXY, off). */
  readonly trustProxy?: TrustProxy;
  /** The register's receipt key (src/receipt/receipt-key.ts); by default opened from the configuration when a receipt is first signed. */
  readonly receiptKey?: LogKey;
  /** Request logging (off by default). Cookies, credentials, passwords and query strings are never logged. */
  readonly logger?: boolean | { readonly level?: string; readonly stream?: LogStream };
}

/**
 * Logger settings that keep secrets and personal data out of the logs: cookies,
 * Authorization and Set-Cookie headers and passwords are redacted, bodies are never logged,
 * and a URL is logged without its query string (a lookup's query is a document number).
 */
export function loggerOptions(level = 'info', stream?: LogStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'password', '*.password', 'body', 'req.body'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id?: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
    },
  };
}

/**
 * Validation settings: refuse what does not match instead of repairing it — no stripped
 * fields, no coerced types, no filled-in defaults. `discriminator` selects a union's branch
 * by `kind`. `verbose` gives an error its schema, so a problem can say what a union accepts
 * (problem.ts; the value sent, which verbose adds too, is never put in a problem).
 */
export const strictValidation = {
  customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, discriminator: true, verbose: true },
} as const;

/** Bodies read as text: JSON (also `+json`), forms, `text/*`. */
const textBody = /^\s*(application\/([\w.+-]*\+)?json|application\/x-www-form-urlencoded|text\/)/i;

/**
 * A request body passed through as it arrives, checked to be UTF-8 on the way (a fatal
 * decoder): bytes that are not are refused (400 invalid_encoding), never read as U+FFFD.
 * It reports the bytes received, so the route's body limit still counts them.
 */
class Utf8Checked extends Transform {
  receivedEncodedLength = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      return done(Utf8Checked.refusal());
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.decode();
    } catch {
      return done(Utf8Checked.refusal());
    }
    done();
  }

  private static refusal(): ApiProblem {
    return new ApiProblem('invalid_encoding', 'the body is not valid UTF-8: send text encoded as UTF-8', '');
  }
}

/**
 * The name of the first query parameter whose percent-escapes are not UTF-8 (the query parser
 * would keep such a value as its raw text), or null. A name that cannot be decoded either is
 * given as it was written.
 */
function undecodableQueryParameter(url: string): string | null {
  const start = url.indexOf('?');
  if (start < 0) return null;
  for (const pair of url.slice(start + 1).split('&')) {
    const cut = pair.indexOf('=');
    const [name, value] = cut < 0 ? [pair, ''] : [pair.slice(0, cut), pair.slice(cut + 1)];
    const decoded = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        return null;
      }
    };
    const readName = decoded(name);
    if (readName === null) return name.slice(0, 200);
    if (decoded(value) === null) return readName.slice(0, 200);
  }
  return null;
}

/**
 * Input no schema needs to mention, checked for every route (API and pages) before its own
 * parser and schema: a text body must be UTF-8, whichever parser reads it (JSON, or the
 * pages' forms); and no string of the body, query or path — value or field name — may hold
 * NUL or a lone surrogate, or name a day the calendar has not (schemas.ts unkeepableString;
 * a page's form has its days checked by the API request the page makes from it).
 */
function refuseUnkeepableInput(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!textBody.test(String(request.headers['content-type'] ?? ''))) return payload;
    const checked = new Utf8Checked();
    (payload as Readable).on('error', (error) => checked.destroy(error));
    return payload.pipe(checked);
  });
  app.addHook('preValidation', async (request) => {
    const undecodable = undecodableQueryParameter(request.url);
    if (undecodable !== null) throw new ApiProblem('invalid_request', `/query/${undecodable} is percent-encoded bytes that are not UTF-8: encode the text as UTF-8`, `/query/${undecodable}`);
    const parts = [
      [request.params, '/params'],
      [request.query, '/query'],
      [request.body, ''],
    ] as const;
    // A page's form is read by its page, which sends it to the API, where an impossible day is
    // refused with its field; the page shows that at the control (web/forms.ts withProblem).
    const pageForm = !request.url.startsWith('/api/');
    for (const [part, prefix] of parts) {
      const found = unkeepableString(part, prefix, { calendar: !(pageForm && prefix === '') });
      if (found) throw new ApiProblem('invalid_request', `${found.field || 'the body'} ${found.fault}`, found.field);
    }
  });
}

/** The second-factor key of the configuration, opened (and made, on first use) when first needed. */
function lazySecondFactorKey(): () => SecondFactorKey {
  let opened: SecondFactorKey | undefined;
  return () => (opened ??= openSecondFactorKey(loadConfig().secondFactorKeyFile));
}

/** What the API's routes are given, from the server's options. */
export function apiContext(options: ServerOptions): ApiContext {
  const register = options.register ?? { db: options.db };
  return {
    db: options.db,
    register,
    clock: register.clock ?? (() => new Date()),
    demo: options.demo ?? false,
    secureCookies: options.secureCookies ?? false,
    sessionHours: options.sessionHours ?? 12,
    sessionIdleMinutes: options.sessionIdleMinutes ?? 30,
    requireSecondFactor: options.requireSecondFactor ?? false,
    secondFactorKey: options.secondFactorKey ? () => options.secondFactorKey! : lazySecondFactorKey(),
    passwordCost: options.passwordCost ?? defaultPasswordCost,
    enrolmentTokenHours: options.enrolmentTokenHours ?? defaultEnrolmentTokenHours,
    loginThrottle: options.loginThrottle ?? loadLoginThrottle(),
    webAuthn: options.webAuthn ?? loadWebAuthn(),
  };
}

/** How the server answers an address it has no route for. */
export type NotFoundHandler = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;

/** What the composition above the API (src/app.ts) may give the API's server. */
export interface ServerParts {
  /** The routes' context, when the caller shares it with routes of its own. */
  readonly ctx?: ApiContext;
  /** The server's one not-found handler (default: the API's problem+json). */
  readonly notFound?: NotFoundHandler;
}

/**
 * Build the API server alone (the routes under /api registered, not listening). Others may
 * register more routes on it (src/app.ts adds the transparency log and the web
 * application); each must declare its permission like ours, or registration fails.
 */
export function buildServer(options: ServerOptions, parts: ServerParts = {}): FastifyInstance {
  const ctx = parts.ctx ?? apiContext(options);
  const trustProxy = options.trustProxy ?? loadTrustProxy();
  const logger = options.logger === true ? loggerOptions() : options.logger ? loggerOptions(options.logger.level, options.logger.stream) : false;
  const app = Fastify({
    logger: logger as FastifyServerOptions['logger'],
    ajv: strictValidation,
    trustProxy: (Array.isArray(trustProxy) ? [...trustProxy] : trustProxy) as FastifyServerOptions['trustProxy'],
    // Requests Node refuses before Fastify sees them (a head over maxHeaderSize: 431) are answered as problems too.
    clientErrorHandler: answerClientError,
    frameworkErrors: replyWithFrameworkProblem,
    // A court's name is a path parameter (its docket): 200 characters of Arabic are 1,200 once percent-encoded.
    routerOptions: { maxParamLength: 2048 },
  });

  // Access control first: every route registered after this line is checked.
  installAccessControl(app, ctx);
  app.setErrorHandler(replyWithProblem);
  refuseUnkeepableInput(app);
  // One not-found handler for the server: the API's problem+json, unless the composition gives another.
  app.setNotFoundHandler(parts.notFound ?? replyRouteNotFound);

  app.addSchema(ProblemSchema);
  app.register(cookie, { hook: 'onRequest' });
  app.register(swagger, {
    // Shared schemas keep their own names under components/schemas.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sijill custody register API',
        version: '0.1.0',
        description: `A custody register nobody can disappear from. Log in with POST /api/session; the ${sessionCookie} cookie carries the session. Every command takes an Idempotency-Key header.`,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookie } } },
      tags: [
        { name: 'session', description: 'Logging in and out' },
        { name: 'accounts', description: 'Officials’ accounts' },
        { name: 'facilities', description: 'Where people are held' },
        { name: 'persons', description: 'The register of persons; every read is audited' },
        { name: 'custody', description: 'Admissions, moves and exits' },
        { name: 'tasks', description: 'Follow-ups with legal deadlines' },
        { name: 'visits', description: 'Independent visits: visiting bodies, visits, refusals of access, notification lists, and the visitor’s view of the facility visited' },
        { name: 'roll calls', description: 'Headcounts counted against the register, reconciled and signed off' },
        { name: 'cases', description: 'Case files before the courts: charges, counsel, appearances, orders, hearings, verdicts, sentences, appeals; segregation; court dockets' },
        { name: 'repatriation', description: 'States’ profiles; each foreign national’s repatriation case, from the request to the state to the decision, behind the safeguards the law requires; a state’s liaison officer and its nationals' },
        { name: 'audit', description: 'Who read what; every sharing with a state' },
        { name: 'reference', description: 'Health and this documentation' },
        { name: 'log', description: 'The transparency log, for outside monitors and witnesses' },
      ],
    },
  });
  let openedReceiptKey = options.receiptKey;
  const receiptKey = (): LogKey => (openedReceiptKey ??= openReceiptKey(receiptKeySettings(loadConfig())));
  // Routes in a plugin of their own, so they are registered after swagger has started
  // collecting them; they still inherit the access check and error handlers above.
  app.register(async (api) => {
    sessionRoutes(api, ctx);
    accountRoutes(api, ctx);
    facilityRoutes(api, ctx);
    personRoutes(api, ctx);
    custodyRoutes(api, ctx);
    taskRoutes(api, ctx);
    clockRoutes(api, ctx);
    identityRoutes(api, ctx);
    transferRoutes(api, ctx);
    handoverListRoutes(api, ctx);
    receiptRoutes(api, ctx, receiptKey);
    rollCallRoutes(api, ctx);
    caseRoutes(api, ctx);
    repatriationRoutes(api, ctx);
    nationalRoutes(api, ctx);
    complaintRoutes(api, ctx);
    custodyLifeRoutes(api, ctx);
    disciplinaryRulesRoutes(api, ctx);
    informationRequestRoutes(api, ctx);
    visitRoutes(api, ctx);
    figuresRoutes(api, ctx);
    referenceRoutes(api, ctx);
  });
  return app;
}
