/**
 * Property-based fuzzing of every API route that takes a JSON body or a query, generated from
 * the route's own schema as the server registered it (routePermissions). Shared by
 * test/fuzz-routes.test.ts and bench/security/fuzz.ts: one generator, one set of checks.
 *
 * Each request is a value the schema accepts, or one with a single fault put into it: a
 * wrong type, a missing or an extra field (`__proto__` among them), a string with NUL, a lone
 * surrogate, bytes that are not UTF-8, a very long one, an impossible day or instant; a
 * huge, negative, non-integer or boundary number (1e400 written as such); deep nesting. It
 * is sent as an account that holds the route's permission. The checks: never a 5xx; a
 * refusal is a problem document, and a validation refusal names its field (near the fault
 * that was put in, when there was one); a refusal writes no row to the register's tables.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { routePermissions, type RouteAccess } from '../../src/api/server.ts';
import type { Database, Queryable } from '../../src/store/database.ts';
import { buildApp } from '../../src/app.ts';
import { IdentityIndex } from '../../src/queries/identity-index.ts';
import { createAccount, type PasswordCost, wholeRegister } from '../../src/api/accounts.ts';
import { can, roles, type Role } from '../../src/domain/permissions.ts';
import type { RegisterFacility } from '../../src/domain/facility.ts';
import { aFacility, aName, allItems, anAdmission, aPerson } from './factories.ts';

/** The JSON Schema keywords the route schemas use (TypeBox objects are plain JSON Schema). */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly then?: JsonSchema;
  readonly else?: JsonSchema;
  readonly description?: string;
}

/** A route the fuzz sends requests to. */
export interface FuzzRoute {
  readonly method: string;
  readonly url: string;
  readonly permission: RouteAccess['permission'];
  readonly body?: JsonSchema;
  readonly query?: JsonSchema;
  readonly params?: JsonSchema;
}

/** Every API route (under /api or /log) whose schema declares a body or a query, in registration order. */
export function fuzzableRoutes(app: FastifyInstance): FuzzRoute[] {
  return routePermissions(app)
    .filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/api/') || r.url.startsWith('/log/')) && (r.schema?.body || r.schema?.querystring))
    .map((r) => ({
      method: r.method,
      url: r.url,
      permission: r.permission,
      ...(r.schema?.body ? { body: r.schema.body as JsonSchema } : {}),
      ...(r.schema?.querystring ? { query: r.schema.querystring as JsonSchema } : {}),
      ...(r.schema?.params ? { params: r.schema.params as JsonSchema } : {}),
    }));
}

/** Ids of records the register holds, so requests reach past "not found": by `segment:param` (e.g. `persons:id`) or by param name. */
export interface FuzzPools {
  readonly params: Readonly<Record<string, readonly string[]>>;
  /** Any id the register holds: offered wherever a schema asks for a uuid. */
  readonly uuids: readonly string[];
}

// ---------------------------------------------------------------- values the schema accepts

const arabicWords = ['سالم', 'حميد', 'ناصر', 'فاطمة', 'العبيدي', 'محكمة تحقيق الكرخ', 'سجن', 'قاضٍ', 'عبد الله', 'أم علي'];
const latinWords = ['Salim', 'Hamid', 'Nasir', 'al-Ubaidi', 'Fictional court', 'Block A', 'IQ', 'SY', 'ar', 'en', 'stateless', 'unknown'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** A real day, YYYY-MM-DD, between 1930 and 2030. */
const dayArb = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
/** A real instant with an offset, recent (custody events are near today). */
const instantArb = fc
  .tuple(fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(0, 3, -5, 5.5))
  .map(([d, offset]) => {
    const local = new Date(d.getTime() + offset * 3_600_000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs))}:${pad((abs % 1) * 60)}`;
  });

function textArb(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 60, 60));
  const description = schema.description ?? '';
  if (/ISO 8601/.test(description)) return instantArb.filter((s) => s.length <= (schema.maxLength ?? 40));
  if (/YYYY-MM-DD/.test(description)) return dayArb;
  const words = fc.constantFrom(...arabicWords, ...latinWords).filter((w) => w.length >= min && w.length <= (schema.maxLength ?? Infinity));
  return fc.oneof({ weight: 2, arbitrary: words }, { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max }) });
}

function uuidArb(pools: FuzzPools): fc.Arbitrary<string> {
  return pools.uuids.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.uuids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
}

const typesOf = (schema: JsonSchema): readonly string[] => (schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type);

/** Values `schema` accepts (as far as these keywords say: the domain may still refuse them). */
export function validArb(schema: JsonSchema, pools: FuzzPools): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => validArb(s, pools)));
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validArb(s, pools)));
  if (schema.if && schema.then && schema.else) return fc.oneof(validArb(schema.then, pools), validArb(schema.else, pools));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validArb({ ...schema, type }, pools)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, schema.exclusiveMinimum === undefined ? -Infinity : schema.exclusiveMinimum + 1, -1_000_000);
      const max = Math.min(schema.maximum ?? 10_000, schema.exclusiveMaximum === undefined ? Infinity : schema.exclusiveMaximum - 1, 1_000_000);
      return fc.integer({ min, max: Math.max(min, max) });
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'string':
      if (schema.format === 'uuid') return uuidArb(pools);
      if (/YYYY-MM-DD|ISO 8601/.test(schema.description ?? '')) return textArb(schema);
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity));
      return textArb(schema);
    case 'array': {
      const items = schema.items ? validArb(schema.items, pools) : fc.jsonValue({ maxDepth: 1 });
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      if (!schema.properties && types[0] === undefined) return fc.jsonValue({ maxDepth: 2 });
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, validArb(s, pools)]));
      const required = (schema.required ?? []).filter((key) => key in properties);
      return fc.record(model, { requiredKeys: required });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

// ---------------------------------------------------------------- faults

/** A value written into the JSON text as it stands (JSON.stringify cannot say 1e400), or bytes that are not UTF-8. */
class Raw {
  constructor(
    readonly text: string,
    readonly label: string,
  ) {}
}
const badUtf8 = new Raw('\u0000BAD-UTF8\u0000', 'bytes that are not UTF-8');

const nastyStrings: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ud83d', 'a\ud83d\ude00\ud800', 'x'.repeat(10_001), 'ع'.repeat(100_000), '\u202eRTL', '\ufeff', '\u0007\u001b[2J',
  '2026-02-30', '2026-02-29', '2024-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '0000-01-01', '-0001-01-01', '+275760-09-13', '٢٠٢٦-٠١-٠١',
  '2026-02-30T10:00:00+03:00', '2026-01-01T24:00:00+03:00', '2026-01-01T23:59:60+03:00', '2026-01-01T10:00:00', '2026-01-01T10:00:00+25:00', '2026-01-01T10:60:00Z',
  '0000-01-01T00:00:00Z', '0000-12-31T23:59:59+14:00', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-01-01T10:00:00.123456789+03:00', 'now', 'not-a-date',
  '<script>alert(1)</script>', "'; DROP TABLE event; --", '%00', '../../etc/passwd', '__proto__', 'constructor', 'toString',
  '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '0000-0001-2', 'ZZ', 'stateless', 'death', 'life', 'NaN', '-1', '1e400', '18446744073709551616',
];
const nastyNumbers: readonly (number | Raw)[] = [
  0, -0, -1, 1, 0.5, -0.5, 1.0000001, 1e-300, Number.MIN_VALUE, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, 9999, 10_000, 100_000,
  new Raw('1e400', '1e400'), new Raw('-1e400', '-1e400'), new Raw('123456789012345678901234567890', 'thirty digits'), new Raw('1.0', '1.0'), new Raw('1e2', '1e2'),
];
const wrongTypes: readonly unknown[] = [null, true, false, 0, 1.5, 'text', [], [1], {}, { a: 1 }, ['\u0000']];
const extraNames: readonly string[] = ['extra', '__proto__', 'constructor', 'prototype', '\u0000', '\ud800', 'x'.repeat(5000), '', '$where', 'a/b', '~'];

function deep(depth: number, objects: boolean): Raw {
  return objects ? new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, `${depth} nested objects`) : new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`, `${depth} nested arrays`);
}

/** What a request is built from: its parts as values, and the fault put in (if any). */
export interface FuzzInput {
  readonly params: Record<string, unknown>;
  readonly query?: Record<string, unknown> | unknown;
  readonly body?: unknown;
  readonly hasBody: boolean;
  /** What was done to the valid value, and where: a JSON pointer with /params or /query, or into the body. */
  readonly fault: { readonly kind: string; readonly at: string; readonly what?: string } | null;
}

type Container = Record<string, unknown> | unknown[];

/** Every pointer into a value, with its parent and key (the root has none). */
function pointers(value: unknown, at = ''): { at: string; parent?: Container; key?: string | number; value: unknown }[] {
  const out: { at: string; parent?: Container; key?: string | number; value: unknown }[] = [{ at, value }];
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push({ at: `${p}/${i}`, parent: v, key: i, value: item });
        walk(item, `${p}/${i}`);
      });
    } else if (v !== null && typeof v === 'object' && !(v instanceof Raw)) {
      for (const [k, item] of Object.entries(v)) {
        const q = `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        out.push({ at: q, parent: v as Record<string, unknown>, key: k, value: item });
        walk(item, q);
      }
    }
  };
  walk(value, at);
  return out;
}

const faultKinds = ['none', 'none', 'wrong_type', 'string', 'number', 'missing', 'extra', 'deep', 'bad_utf8'] as const;

const faultArb = fc.record({
  kind: fc.constantFrom(...faultKinds),
  pick: fc.nat(),
  string: fc.constantFrom(...nastyStrings),
  number: fc.constantFrom(...nastyNumbers),
  wrong: fc.constantFrom(...wrongTypes),
  extra: fc.constantFrom(...extraNames),
  depth: fc.constantFrom(200, 2_000, 20_000, 100_000),
  objects: fc.boolean(),
  part: fc.constantFrom('body', 'body', 'body', 'body', 'query', 'query', 'params'),
});

const clone = <T>(value: T): T => structuredClone(value);

/** Put one fault into a copy of `input` (of the part `part` names, when the route has it). */
type Fault = typeof faultArb extends fc.Arbitrary<infer F> ? F : never;

function withFault(input: FuzzInput, fault: Fault): FuzzInput {
  if (fault.kind === 'none') return input;
  const parts = { params: input.params, query: input.query, body: input.body } as Record<string, unknown>;
  const available = (['body', 'query', 'params'] as const).filter((p) => (p === 'body' ? input.hasBody : p === 'query' ? input.query !== undefined : Object.keys(input.params).length > 0));
  if (!available.length) return input;
  const part = (available as readonly string[]).includes(fault.part) ? fault.part : available[0]!;
  const root = clone(parts[part]);
  const prefix = part === 'body' ? '' : `/${part}`;
  const all = pointers(root, prefix);
  // Params and the query are flat: their fault goes to one of their values. A path has no
  // parameter to add or leave out (the route's address names them all).
  const candidates = part === 'body' ? all : all.filter((p) => p.parent);
  if (!candidates.length || (part === 'params' && (fault.kind === 'missing' || fault.kind === 'extra'))) return input;
  const target = candidates[fault.pick % candidates.length]!;
  let replacement: unknown;
  let what: string;
  switch (fault.kind) {
    case 'wrong_type':
      replacement = fault.wrong;
      what = JSON.stringify(fault.wrong);
      break;
    case 'string':
      replacement = fault.string;
      what = JSON.stringify(fault.string.length > 40 ? `${fault.string.slice(0, 20)}… (${fault.string.length})` : fault.string);
      break;
    case 'number':
      replacement = fault.number;
      what = fault.number instanceof Raw ? fault.number.label : String(fault.number);
      break;
    case 'deep':
      replacement = deep(fault.depth, fault.objects);
      what = (replacement as Raw).label;
      break;
    case 'bad_utf8':
      replacement = badUtf8;
      what = badUtf8.label;
      break;
    case 'missing': {
      const owner = target.parent && !Array.isArray(target.parent) ? target : all.find((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value) && Object.keys(p.value).length);
      if (!owner) return input;
      if (owner.parent && !Array.isArray(owner.parent)) {
        delete (owner.parent as Record<string, unknown>)[owner.key as string];
        return { ...rebuilt(input, part, root), fault: { kind: 'missing', at: owner.at } };
      }
      const obj = owner.value as Record<string, unknown>;
      const key = Object.keys(obj)[fault.pick % Object.keys(obj).length]!;
      delete obj[key];
      return { ...rebuilt(input, part, root), fault: { kind: 'missing', at: `${owner.at}/${key}` } };
    }
    case 'extra': {
      const objects = all.filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value) && !(p.value instanceof Raw));
      const owner = objects[fault.pick % Math.max(objects.length, 1)];
      if (!owner) return input;
      Object.defineProperty(owner.value, fault.extra, { value: 'extra', enumerable: true, configurable: true, writable: true });
      return { ...rebuilt(input, part, root), fault: { kind: 'extra', at: `${owner.at}/${fault.extra.replace(/~/g, '~0').replace(/\//g, '~1')}`, what: JSON.stringify(fault.extra.slice(0, 20)) } };
    }
    default:
      return input;
  }
  if (!target.parent) return { ...rebuilt(input, part, replacement), fault: { kind: fault.kind, at: target.at, what } };
  (target.parent as Record<string | number, unknown>)[target.key!] = replacement;
  return { ...rebuilt(input, part, root), fault: { kind: fault.kind, at: target.at, what } };
}

function rebuilt(input: FuzzInput, part: string, value: unknown): FuzzInput {
  return { ...input, [part]: value } as FuzzInput;
}

/** Requests for one route: a valid input, with one fault put in most of the time. */
export function inputArb(route: FuzzRoute, pools: FuzzPools): fc.Arbitrary<FuzzInput> {
  const segment = route.url.split('/')[2] ?? '';
  const paramNames = Object.keys(route.params?.properties ?? {});
  const paramArbs = Object.fromEntries(
    paramNames.map((name) => {
      const known = pools.params[`${segment}:${name}`] ?? pools.params[name] ?? [];
      const schemaValue = validArb(route.params!.properties![name]!, pools);
      return [name, known.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: schemaValue }) : schemaValue];
    }),
  );
  const base = fc.record({
    params: fc.record(paramArbs) as fc.Arbitrary<Record<string, unknown>>,
    query: route.query ? validArb(route.query, pools) : fc.constant(undefined),
    body: route.body ? validArb(route.body, pools) : fc.constant(undefined),
  });
  return fc.tuple(base, faultArb).map(([b, fault]) => withFault({ params: b.params, query: b.query, body: b.body, hasBody: route.body !== undefined, fault: null }, fault));
}

// ---------------------------------------------------------------- requests

/** Percent-encode text for a URL; a lone surrogate becomes bytes that are not UTF-8 (as a client that does not check would send it). */
function encode(text: string): string {
  return Array.from(text, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) return '%ED%A0%80';
    return encodeURIComponent(ch);
  }).join('');
}

/** A value as it goes into a URL, percent-encoded. */
const urlPart = (value: unknown): string =>
  value === badUtf8 ? '%C3%28' : encode(value instanceof Raw ? value.text : typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** JSON text of a value with its Raw pieces written in as they stand (bytes that are not UTF-8 included). */
function jsonBytes(value: unknown): Buffer {
  const raws: Raw[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (v instanceof Raw) {
      raws.push(v);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return Buffer.alloc(0);
  const pieces: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(/"\\u0001RAW(\d+)\\u0001"/g)) {
    pieces.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    const raw = raws[Number(match[1])]!;
    pieces.push(raw === badUtf8 ? Buffer.concat([Buffer.from('"a'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('b"')]) : Buffer.from(raw.text, 'utf8'));
    last = match.index! + match[0].length;
  }
  pieces.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(pieces);
}

/** The URL and payload of a request for `route` built from `input`. */
export function requestOf(route: FuzzRoute, input: FuzzInput): { url: string; payload?: Buffer } {
  let path = route.url.replace(/:(\w+)/g, (_m, name: string) => urlPart(input.params[name]));
  if (input.query !== undefined && input.query !== null && typeof input.query === 'object' && !Array.isArray(input.query)) {
    const pairs = Object.entries(input.query as Record<string, unknown>).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${encode(k)}=${urlPart(item)}`));
    if (pairs.length) path += `?${pairs.join('&')}`;
  } else if (input.query !== undefined) {
    path += `?${urlPart(input.query)}`;
  }
  return input.hasBody && input.body !== undefined ? { url: path, payload: jsonBytes(input.body) } : { url: path };
}

// ---------------------------------------------------------------- checks

/** The rows of every table of the register but the sessions and failed logins (which a login writes, or refuses to). */
export async function rowCounter(db: Queryable): Promise<() => Promise<Record<string, number>>> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('session', 'login_failure') ORDER BY table_name",
  );
  const sql = `SELECT ${rows.map((r, i) => `(SELECT count(*) FROM "${r.name}")::int AS c${i}`).join(', ')}`;
  return async () => {
    const counted = (await db.query<Record<string, number>>(sql)).rows[0]!;
    return Object.fromEntries(rows.map((r, i) => [r.name, counted[`c${i}`]!]));
  };
}

const validationCodes = new Set(['invalid_request', 'invalid_value', 'missing_item']);

/** Whether a reported field is the fault's place, inside it, or holds it. */
function near(field: string, at: string): boolean {
  // A path parameter's or query parameter's name is repeated as it was written (percent-encoded when it is not text).
  const part = /^\/(params|query)(\/|$)/.exec(at);
  if (part) return field === `/${part[1]}` || field.startsWith(`/${part[1]}/`);
  // A long field name is repeated cut, ending in "…".
  if (field.endsWith('…')) return at.startsWith(field.slice(0, -1)) || field.slice(0, -1).startsWith(at);
  // A field of the same object counts too when the fault was to the property that chooses
  // the branch of a union: without its "unknown_reason" (or another `kind`, `order`) an object
  // is read as the other branch, which misses another field.
  const parent = at.slice(0, at.lastIndexOf('/'));
  const chooser = /\/(unknown_reason|kind|order)$/.test(at);
  return field === at || at.startsWith(`${field}/`) || field.startsWith(`${at}/`) || (chooser && field.startsWith(`${parent}/`));
}

export interface FuzzFinding {
  readonly route: string;
  readonly problem: string;
  readonly request: string;
}

export interface RouteFuzzFigures {
  readonly route: string;
  readonly tried: number;
  readonly status: Readonly<Record<string, number>>;
  readonly serverErrors: number;
  /** Wall time of the route's requests and checks, ms. */
  readonly ms: number;
  readonly findings: readonly FuzzFinding[];
}

export interface FuzzTarget {
  readonly app: FastifyInstance;
  /** The session cookie to send a route's requests with (null: none). */
  readonly cookieFor: (route: FuzzRoute) => string | null;
  readonly count: () => Promise<Record<string, number>>;
  readonly pools: FuzzPools;
}

function describeRequest(route: FuzzRoute, input: FuzzInput, url: string, payload?: Buffer): string {
  const fault = input.fault ? `${input.fault.kind} at ${JSON.stringify(input.fault.at)}${input.fault.what ? ` (${input.fault.what})` : ''}` : 'no fault put in';
  const body = payload ? payload.toString('utf8') : '';
  return `${route.method} ${url.length > 300 ? `${url.slice(0, 300)}…` : url} — ${fault}${body ? ` — body ${body.length > 600 ? `${body.slice(0, 600)}… (${payload!.length} bytes)` : body}` : ''}`;
}

/**
 * Send `runs` generated requests to `route` (fixed seed: the same requests every time) and
 * check each answer. Returns what was sent and every finding; it throws nothing.
 */
export async function fuzzRoute(target: FuzzTarget, route: FuzzRoute, options: { readonly runs: number; readonly seed: number }): Promise<RouteFuzzFigures> {
  const name = `${route.method} ${route.url}`;
  const started = performance.now();
  const inputs = fc.sample(inputArb(route, target.pools), { numRuns: options.runs, seed: options.seed });
  const status: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let serverErrors = 0;
  let key = 0;
  let before = await target.count();
  for (const input of inputs) {
    const { url, payload } = requestOf(route, input);
    const cookie = target.cookieFor(route);
    const headers: Record<string, string> = { 'idempotency-key': `fuzz-${options.seed}-${key++}-${Date.now()}` };
    if (cookie) headers.cookie = cookie;
    if (payload) headers['content-type'] = 'application/json';
    const res = await target.app.inject({ method: route.method as 'POST', url, headers, ...(payload ? { payload } : {}) });
    const klass = `${Math.floor(res.statusCode / 100)}xx`;
    status[res.statusCode] = (status[res.statusCode] ?? 0) + 1;
    const finding = (problem: string) => findings.push({ route: name, problem, request: describeRequest(route, input, url, payload) });
    if (klass === '5xx') {
      serverErrors++;
      finding(`${res.statusCode}: ${res.body.slice(0, 300)}`);
    }
    if (res.statusCode >= 400) {
      if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) finding(`${res.statusCode} is not a problem document: ${String(res.headers['content-type'])}`);
      else {
        const problem = res.json() as { code?: string; field?: unknown; detail?: string };
        if (problem.code && validationCodes.has(problem.code)) {
          if (typeof problem.field !== 'string') finding(`${res.statusCode} ${problem.code} names no field: ${problem.detail}`);
          else if (problem.code === 'invalid_request' && input.fault && !near(problem.field, input.fault.at)) {
            finding(`${res.statusCode} ${problem.code} names ${JSON.stringify(problem.field)}, not the fault's place ${JSON.stringify(input.fault.at)}: ${problem.detail}`);
          }
        }
      }
      const after = await target.count();
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) finding(`${res.statusCode} refused, yet wrote rows: ${changed.map((t) => `${t} ${before[t]}→${after[t]}`).join(', ')}`);
      before = after;
    } else {
      before = await target.count();
    }
  }
  return { route: name, tried: inputs.length, status, serverErrors, ms: performance.now() - started, findings };
}

// ---------------------------------------------------------------- a register to fuzz

/**
 * A server on `db` with an account per role and a few records (two facilities, persons
 * admitted, a transfer, a roll call, a case with an order), so that generated ids reach past
 * "not found". Requests to a route go as the first role (in `roles` order) that holds its
 * permission; public routes go without a session.
 */
export async function openFuzzTarget(db: Database, options: { readonly passwordCost: PasswordCost }): Promise<FuzzTarget & { close(): Promise<void> }> {
  // The server as `sijill serve` builds it: with the identity index search and duplicates need.
  const app = buildApp({ db, passwordCost: options.passwordCost, register: { db, identity: await IdentityIndex.build(db) } });
  await app.ready();
  const cookies = new Map<Role, string>();
  for (const role of roles) {
    await createAccount(db, { username: `fuzz-${role}`, displayName: `Fictional ${role}`, role, password: fuzzPassword, scope: wholeRegister }, { cost: options.passwordCost });
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: `fuzz-${role}`, password: fuzzPassword } });
    if (res.statusCode !== 200) throw new Error(`login as ${role}: ${res.statusCode} ${res.body}`);
    cookies.set(role, String(res.headers['set-cookie']).split(';')[0]!);
  }
  let key = 0;
  const send = async (role: Role, method: string, url: string, payload?: unknown): Promise<Record<string, unknown>> => {
    const res = await app.inject({ method: method as 'POST', url, headers: { cookie: cookies.get(role)!, 'idempotency-key': `fuzz-seed-${key++}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const facility = aFacility();
  const other = aFacility({ name: 'Fictional Court Holding', kind: 'court_holding' as RegisterFacility['kind'] });
  await send('supervisor', 'POST', '/api/facilities', facility);
  await send('supervisor', 'POST', '/api/facilities', other);
  const persons: string[] = [];
  for (let i = 0; i < 3; i++) {
    // Three people no matcher would take for one another.
    const [arabic, latin, year] = ([['كريم جاسم عباس', 'Karim Jasim Abbas', 1971], ['يوسف طارق منصور', 'Yusuf Tariq Mansur', 1988], ['نادية سعيد حسون', 'Nadia Said Hassun', 1995]] as const)[i]!;
    const { person_id: _id, register_number: _number, ...body } = aPerson({ names: [aName({ full: arabic, parts: { given: arabic.split(' ')[0]! } }), aName({ script: 'Latn', full: latin, parts: {} })], dob: { kind: 'year', year }, sex: i === 2 ? 'female' : 'male', gender: i === 2 ? 'woman' : 'man' });
    const person = (await send('registration_clerk', 'POST', '/api/persons', body)).person_id as string;
    const { admission_id: _a, ...admission } = anAdmission(person, facility, { unit_id: facility.units[i === 2 ? 1 : 0]!.id, items: allItems(i === 0 ? { health_record: { unknown_reason: 'record not sent with the list' } } : {}) });
    await send('registration_clerk', 'POST', '/api/admissions', admission);
    persons.push(person);
  }
  const tasks = ((await send('supervisor', 'GET', '/api/tasks')).tasks as { task_id?: string; id?: string }[] | undefined ?? []).map((t) => t.task_id ?? t.id).filter((t): t is string => typeof t === 'string');
  const transfer = (await send('facility_officer', 'POST', '/api/transfers', { origin: { kind: 'facility', facility_id: facility.facility_id }, destination: { kind: 'facility', facility_id: other.facility_id }, reason: 'hearing', persons: [persons[1]] })).transfer_id as string;
  const rollCall = (await send('facility_officer', 'POST', '/api/roll-calls', { facility_id: facility.facility_id })).roll_call_id as string;
  const court = 'محكمة تحقيق الكرخ';
  const kase = (await send('judge', 'POST', `/api/persons/${persons[2]}/cases`, { reference: 'FUZZ-1/2026', court, charges: [{ law: 'Penal Code', article: '443', max_penalty: { years: 7 } }] })) as Record<string, unknown>;
  const caseId = (kase.case_id ?? kase.id) as string;
  const units = facility.units.map((u) => u.id);
  const pools: FuzzPools = {
    params: {
      'persons:id': persons,
      'persons:task': tasks,
      'persons:candidate': persons,
      'transfers:id': [transfer],
      'roll-calls:id': [rollCall],
      'cases:id': [caseId],
      'courts:court': [court],
      'facilities:id': [facility.facility_id, other.facility_id],
    },
    uuids: [...persons, ...tasks, transfer, rollCall, caseId, facility.facility_id, other.facility_id, ...units],
  };
  // A login's second step answers only a login awaiting its code: fuzzed as nobody (never a 5xx, nothing written).
  const roleFor = (permission: FuzzRoute['permission']): Role | null =>
    permission === 'public' || permission === 'second_factor'
      ? null
      : permission === 'authenticated' || permission === 'enrolment'
        ? 'supervisor'
        : (roles.find((role) => can(role, permission)) ?? null);
  return {
    app,
    pools,
    count: await rowCounter(db),
    cookieFor: (route) => {
      const role = roleFor(route.permission);
      return role ? cookies.get(role)! : null;
    },
    async close() {
      await app.close();
    },
  };
}

export const fuzzPassword = 'fuzz horse battery staple';
