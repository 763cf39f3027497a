/**
 * The transparency log over HTTP, read-only, for monitors and witnesses:
 *
 * - `GET /log/checkpoint` — the latest signed checkpoint (C2SP tlog-checkpoint in a signed
 *   note) with the witnesses' cosignatures appended; public.
 * - `GET /log/tile/<L>/<N>[.p/<W>]` — hash tiles (C2SP tlog-tiles v0.1.0); public.
 * - `GET /log/tile/entries/<N>[.p/<W>]` — entry bundles: the events' canonical bytes. Events
 *   hold personal data, so these need the permission `log.read_entries`, and each bundle
 *   served is an audited read of every person whose event it holds.
 * - `GET /log/proof/inclusion?index=&size=` and `GET /log/proof/consistency?from=&to=` — JSON
 *   proofs, as `sijill log inclusion` and `sijill log consistency` print them; public.
 * - `POST /log/cosignature` — a witness submits `{ "checkpoint": "<cosigned note>" }`; only
 *   cosignatures by the configured witness keys are kept. Public: the signature is the
 *   credential.
 *
 * Errors are thrown as ApiProblem and answered as problem+json by the server's error handler.
 * Tiles are immutable once served (a partial tile of width W never changes either), so
 * hash tiles are cacheable forever; entry bundles are personal data and never cached.
 */
import type { FastifyInstance } from 'fastify';
import { cosignatureVerifier } from '../ledger/cosignature.ts';
import { EntryTooLargeError, MAX_ENTRY_SIZE, parseTilePath, TILE_WIDTH, TileError, type EntryBundle, type HashTile } from '../ledger/tiles.ts';
import { CosignatureRefused, servedCheckpoint, storeCosignatures } from '../store/checkpoints.ts';
import type { Database } from '../store/database.ts';
import { LogRangeError, readEntryBundle, readHashTile, treeReader } from '../store/tree-store.ts';
import type { RoutePermission } from './access.ts';
import { ApiProblem } from './problem.ts';
import { readPersonal } from '../queries/personal-read.ts';

/** The permission to read entry bundles (the events' bytes, which carry personal data). */
export const readEntriesPermission: RoutePermission = 'log.read_entries';

/** What the log routes need. */
export interface LogRoutesOptions {
  readonly db: Database;
  /** Verifier keys of the witnesses whose cosignatures are kept and served (config.logWitnessKeys). */
  readonly witnessKeys?: readonly string[];
  /** The clock of the read audit (the server's; the system clock by default). */
  readonly clock?: () => Date;
}

const immutable = 'public, max-age=31536000, immutable';
const hexes = (hashes: readonly Buffer[]) => hashes.map((h) => h.toString('hex'));
/** A tree size or index in a query string: decimal digits (query values are strings; nothing is coerced). */
const count = { type: 'string', pattern: '^(0|[1-9][0-9]{0,15})$' } as const;

function notFound(detail: string): ApiProblem {
  return new ApiProblem('not_found', detail);
}

/** Answers a proof, turning a request the log cannot meet into a 404 that says why. */
async function proof<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (error instanceof LogRangeError) throw error.reason === 'beyond' ? notFound(error.message) : new ApiProblem('invalid_request', error.message, '/query');
    throw error;
  }
}

/** The tree size an entry bundle needs: one past its last entry. */
const entriesEnd = (bundle: EntryBundle) => bundle.index * TILE_WIDTH + bundle.width;

function tileFrom(path: string): HashTile | EntryBundle {
  try {
    return parseTilePath(path);
  } catch (error) {
    if (error instanceof TileError) throw notFound(error.message);
    throw error;
  }
}

/**
 * An entry bundle that cannot be built: an event longer than a tlog-tiles entry carries. The
 * write path refuses such events (event_too_large), so only a register written before it
 * can hold one; the answer names the event instead of failing as a 500, and `sijill check`
 * and `sijill log verify` report it.
 */
async function tooLargeForBundle(db: Database, bundle: EntryBundle, error: EntryTooLargeError): Promise<never> {
  const idx = bundle.index * TILE_WIDTH + error.position;
  const { rows } = await db.query<{ event_id: string; kind: string }>('SELECT event_id, kind FROM event WHERE idx = $1', [idx]);
  const event = rows[0] ? `event ${idx} (${rows[0].event_id}, ${rows[0].kind})` : `event ${idx}`;
  throw new ApiProblem(
    'event_too_large',
    `${event} takes ${error.size.toLocaleString('en')} bytes, more than an entry bundle can carry (${MAX_ENTRY_SIZE.toLocaleString('en')}); it was written before the register refused such events. ` +
      'Its leaf is in the tree and its hash in the hash tiles; sijill log verify on the register names it.',
  );
}

/** Registers the log routes. Use as `app.register(logRoutes, { db, witnessKeys })`. */
export async function logRoutes(app: FastifyInstance, options: LogRoutesOptions): Promise<void> {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  // Proofs and the tree's size come through the database's one reader, which keeps the upper
  // levels of the tree in memory (store/tree-store.ts): every request shares what it read.
  const tree = treeReader(db);
  const witnesses = (options.witnessKeys ?? []).map((key) => cosignatureVerifier(key));

  app.get('/log/checkpoint', { config: { permission: 'public' }, schema: { tags: ['log'], summary: 'The latest signed checkpoint (C2SP tlog-checkpoint), with witnesses’ cosignatures' } }, async (_request, reply) => {
    const served = await servedCheckpoint(db);
    if (!served) throw notFound('the log has not signed a checkpoint yet');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(served.text);
  });

  app.get('/log/tile/entries/*', { config: { permission: readEntriesPermission }, schema: { tags: ['log'], summary: 'An entry bundle (C2SP tlog-tiles): the events’ canonical bytes, which carry personal data' } }, async (request, reply) => {
    const tile = tileFrom(`tile/entries/${(request.params as { '*': string })['*']}`);
    if (!(await tree.holds(entriesEnd(tile as EntryBundle)))) throw notFound('the log does not hold these entries yet');
    // Audited before the bytes are read: the entries of a committed tree never change, so the
    // persons they name are known from the event rows.
    const [first, end] = [(tile as EntryBundle).index * TILE_WIDTH, entriesEnd(tile as EntryBundle)];
    await readPersonal(
      db,
      { accountId: request.account!.id, purpose: `log entries ${first}-${end - 1}`, now: clock() },
      (tx) => tx.query<{ person_id: string }>('SELECT DISTINCT person_id FROM event WHERE idx >= $1 AND idx < $2 AND person_id IS NOT NULL', [first, end]),
      ({ rows }) => rows.map((r) => r.person_id),
    );
    const bytes = await readEntryBundle(db, tile as EntryBundle).catch((error: unknown) => {
      if (error instanceof EntryTooLargeError) return tooLargeForBundle(db, tile as EntryBundle, error);
      throw error;
    });
    return reply.type('application/octet-stream').header('cache-control', 'private, no-store').send(bytes);
  });

  app.get('/log/tile/*', { config: { permission: 'public' }, schema: { tags: ['log'], summary: 'A tile of Merkle tree hashes (C2SP tlog-tiles)' } }, async (request, reply) => {
    const tile = tileFrom(`tile/${(request.params as { '*': string })['*']}`);
    if (tile.kind !== 'hashes') throw notFound('no such tile');
    const bytes = await readHashTile(db, tile);
    if (!bytes) throw notFound('the tree does not hold this tile yet');
    return reply.type('application/octet-stream').header('cache-control', immutable).send(bytes);
  });

  app.get<{ Querystring: { index: string; size: string } }>(
    '/log/proof/inclusion',
    {
      config: { permission: 'public' },
      schema: { tags: ['log'], summary: 'RFC 6962 inclusion proof of a leaf in a tree of a given size', querystring: { type: 'object', required: ['index', 'size'], additionalProperties: false, properties: { index: count, size: count } } },
    },
    async (request) => {
      const [index, size] = [Number(request.query.index), Number(request.query.size)];
      const { leafHash, hashes } = await proof(() => tree.inclusion(index, size));
      return { index, size, leaf_hash: leafHash.toString('hex'), hashes: hexes(hashes) };
    },
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/log/proof/consistency',
    {
      config: { permission: 'public' },
      schema: { tags: ['log'], summary: 'RFC 6962 consistency proof between two tree sizes', querystring: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: count, to: count } } },
    },
    async (request) => {
      const [from, to] = [Number(request.query.from), Number(request.query.to)];
      return { from, to, hashes: hexes(await proof(() => tree.consistency(from, to))) };
    },
  );

  app.post<{ Body: { checkpoint: string } }>(
    '/log/cosignature',
    {
      config: { permission: 'public' },
      bodyLimit: 64 * 1024,
      schema: { tags: ['log'], summary: 'A witness submits its cosignature (C2SP tlog-cosignature) of a checkpoint', body: { type: 'object', required: ['checkpoint'], additionalProperties: false, properties: { checkpoint: { type: 'string', maxLength: 60_000 } } } },
    },
    async (request) => {
      try {
        return await storeCosignatures(db, request.body.checkpoint, witnesses);
      } catch (error) {
        if (!(error instanceof CosignatureRefused)) throw error;
        if (error.code === 'unknown_checkpoint') throw notFound(error.message);
        if (error.code === 'malformed') throw new ApiProblem('invalid_request', error.message, '/checkpoint');
        throw new ApiProblem('forbidden', error.message, '/checkpoint');
      }
    },
  );
}
