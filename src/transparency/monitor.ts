/**
 * `sijill monitor`: what a third party (the ICRC, a human-rights commission, a detainee's
 * state) runs against a register's log to prove nobody disappeared from it.
 *
 * Each run: fetch the checkpoint and verify the log's signature; check it is consistent with
 * the checkpoint kept from the last run (same size: same root; larger: the server's
 * consistency proof verifies; smaller: never); fetch every new leaf hash (level-0 hash tiles)
 * and, where allowed, every new entry (entry bundles); rebuild the root itself from the leaf
 * hashes; check each entry hashes to its leaf; follow every person's chain of events (each
 * link resolves, no fork, no gap); only then keep the new checkpoint. On any failure nothing
 * is kept, the run exits non-zero, and an evidence file records both checkpoints, the proof
 * and what failed.
 *
 * Entry bundles need the `log.read_entries` permission (they hold personal data). Without it
 * the monitor runs hashes-only: signature, consistency and root are checked, chains and custody
 * facts are not, and the indexes it could not read are remembered so chain checks resume
 * correctly once it can.
 *
 * State (in `--state <dir>`): `state.json` (the kept checkpoint, the tree's right frontier,
 * every person's chain head and custody facts) and `checkpoint` (the kept note, for people).
 */
import { hash as oneShotHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCheckpoint, type Checkpoint } from '../ledger/checkpoint.ts';
import { HASH_SIZE, subtreeKey, TreeFrontier, verifyConsistency } from '../ledger/rfc6962.ts';
import { ed25519NoteVerifier } from '../ledger/signed-note.ts';
import { TILE_WIDTH } from '../ledger/tiles.ts';
import { custodyReport, observeEvent, type CustodyReport, type WatchedPerson } from './custody-watch.ts';
import type { PersonClocks } from '../domain/clocks/person-clocks.ts';
import { LogClient, LogHttpError, mapLimited } from './log-client.ts';

/** What a monitor run is told. */
export interface MonitorOptions {
  /** The log's URL prefix, e.g. `https://register.example/log`. */
  readonly url: string;
  readonly stateDir: string;
  /** The log's verifier key (signed-note form, as `sijill log key` prints it). */
  readonly verifierKey: string;
  /** The origin checkpoints must name (default: the key's name). */
  readonly origin?: string;
  /** A Cookie header value for a session holding `log.read_entries`. */
  readonly cookie?: string;
  /** Do not ask for entries at all. */
  readonly hashesOnly?: boolean;
  /** Report persons in custody with no event for this many days. */
  readonly quietDays?: number;
  /** Report transfers out with no transfer in after this many hours (issue 5). */
  readonly transferHours?: number;
  readonly now?: () => Date;
  /** Tiles fetched at once (default 8). */
  readonly concurrency?: number;
}

/** Which check failed. Each tamper a monitor can see has its own. */
export type MonitorCheck = 'signature' | 'rollback' | 'fork' | 'consistency' | 'tiles' | 'root' | 'missing' | 'order' | 'leaf' | 'entries' | 'chain';

/** A failed run: the check, the message, and where the evidence was written. */
export class MonitorFailure extends Error {
  constructor(
    readonly check: MonitorCheck,
    message: string,
    readonly evidencePath: string,
  ) {
    super(message);
    this.name = 'MonitorFailure';
  }
}

/** A run that passed. */
export interface MonitorReport {
  readonly ok: true;
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly previousSize: number;
  readonly newEntries: number;
  /** 'entries': chains and custody facts checked; 'hashes-only': they could not be. */
  readonly mode: 'entries' | 'hashes-only';
  readonly hashesOnlyReason?: string;
  readonly persons: number;
  readonly custody: CustodyReport;
}

interface MonitorState {
  version: 1;
  origin: string;
  checkpoint: string;
  size: number;
  root: string;
  /** The tree's right frontier at `size`: [level, index, hex hash]. */
  frontier: [number, number, string][];
  /** Leaf index ranges [from, to) whose entries were never read: links into them cannot be checked. */
  unseen: [number, number][];
  /** Person id → [chain head index, head leaf hash, latest occurred_at, held 0/1, open transfer out since]. */
  persons: Record<string, [number, string, string, 0 | 1, (string | null)?, PersonClocks?]>;
}

interface Envelope {
  kind?: unknown;
  person?: unknown;
  prev?: { idx?: unknown; hash?: unknown } | null;
  occurred_at?: unknown;
  data?: unknown;
}

class Failed extends Error {
  constructor(
    readonly check: MonitorCheck,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function loadState(dir: string): MonitorState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as MonitorState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the monitor state in ${dir}: ${(error as Error).message}`);
  }
}

function writeAtomically(path: string, data: string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** Run the monitor once. Resolves with a report, or rejects with a {@link MonitorFailure}. */
export async function runMonitor(options: MonitorOptions): Promise<MonitorReport> {
  mkdirSync(options.stateDir, { recursive: true });
  const now = (options.now ?? (() => new Date()))();
  const state = loadState(options.stateDir);
  const client = new LogClient(options.url, options.cookie === undefined ? {} : { cookie: options.cookie });
  const verifier = ed25519NoteVerifier(options.verifierKey);
  const origin = options.origin ?? verifier.name;
  const evidence: { served_checkpoint?: string; proof?: { from: number; to: number; hashes: string[] } } = {};

  try {
    // 1. The checkpoint, signed by the log.
    let served: string;
    try {
      served = await client.checkpoint();
    } catch (error) {
      throw new Failed('signature', `could not fetch the checkpoint: ${(error as Error).message}`);
    }
    evidence.served_checkpoint = served;
    let checkpoint: Checkpoint;
    try {
      checkpoint = openCheckpoint(served, [verifier], { origin }).checkpoint;
    } catch (error) {
      throw new Failed('signature', `the served checkpoint does not verify with the log key: ${(error as Error).message}`);
    }
    const size = checkpoint.size;
    const root = checkpoint.rootHash;
    const kept = state ? { size: state.size, root: Buffer.from(state.root, 'hex') } : { size: 0, root: undefined };

    // 2. Consistent with what was kept.
    if (state) {
      if (state.origin !== origin) throw new Failed('signature', `the state in ${options.stateDir} is for the log ${state.origin}, not ${origin}`);
      if (size < kept.size) {
        throw new Failed('rollback', `the log shrank: it now serves a checkpoint of size ${size}, after one of size ${kept.size} was kept — entries were removed (a rollback)`);
      }
      if (size === kept.size && !root.equals(kept.root!)) {
        throw new Failed(
          'fork',
          `the log signed two checkpoints of size ${size} with different roots (kept ${kept.root!.toString('hex')}, now ${root.toString('hex')}): it was rolled back and regrown differently — a fork`,
        );
      }
      if (size > kept.size && kept.size > 0) {
        let hashes: Buffer[];
        try {
          hashes = await client.consistencyProof(kept.size, size);
        } catch (error) {
          throw new Failed('consistency', `the log did not give a consistency proof from ${kept.size} to ${size}: ${(error as Error).message}`);
        }
        evidence.proof = { from: kept.size, to: size, hashes: hashes.map(hex) };
        if (!verifyConsistency(kept.size, size, hashes, kept.root!, root)) {
          throw new Failed('consistency', `the log's consistency proof from size ${kept.size} to ${size} does not verify: the log is not an extension of the one kept — its history was changed`);
        }
      }
    }

    // 3. New leaves and entries, a window of tiles at a time.
    const frontier = new TreeFrontier(kept.size, new Map((state?.frontier ?? []).map(([l, i, h]) => [subtreeKey(l, i), Buffer.from(h, 'hex')])));
    const persons = new Map<string, WatchedPerson>(
      Object.entries(state?.persons ?? {}).map(([id, [idx, hash, at, held, transferOut, clocks]]) => [id, { idx, hash, at, held: held === 1, ...(transferOut ? { transferOut } : {}), ...(clocks ? { clocks } : {}) }]),
    );
    const unseen: [number, number][] = state?.unseen.map(([a, b]) => [a, b]) ?? [];
    let entriesAllowed = !options.hashesOnly;
    let hashesOnlyReason = options.hashesOnly ? 'asked for hashes only' : undefined;
    let rootNow: Buffer = kept.root ?? Buffer.alloc(0);
    const firstTile = Math.floor(kept.size / TILE_WIDTH);
    const tiles: number[] = [];
    for (let t = firstTile; t * TILE_WIDTH < size; t++) tiles.push(t);
    const fetchTile = async (t: number) => {
      const width = Math.min(TILE_WIDTH, size - t * TILE_WIDTH);
      const hashTile = client.hashTile({ kind: 'hashes', level: 0, index: t, width }).catch((error: unknown) => {
        throw new Failed('tiles', `could not fetch the leaf hashes of tile ${t}: ${(error as Error).message}`);
      });
      const bundle = entriesAllowed
        ? client.entryBundle({ kind: 'entries', index: t, width }).catch((error: unknown) => {
            if (error instanceof LogHttpError && (error.status === 401 || error.status === 403)) {
              entriesAllowed = false;
              hashesOnlyReason = `the log refused the entries (HTTP ${error.status}): hashes only`;
              return undefined;
            }
            throw new Failed('entries', `could not fetch entry bundle ${t}: ${(error as Error).message}`);
          })
        : Promise.resolve(undefined);
      const [hashes, entries] = await Promise.all([hashTile, bundle]);
      if (hashes.length !== width * HASH_SIZE) throw new Failed('tiles', `hash tile ${t} holds ${hashes.length} bytes, not ${width} hashes`);
      return { t, width, hashes, entries };
    };
    // Windows of tiles, the next one fetched while this one is checked.
    const window = 64;
    const fetchWindow = (w: number) => {
      const fetching = mapLimited(tiles.slice(w, w + window), options.concurrency ?? 8, fetchTile);
      fetching.catch(() => {}); // Awaited below; a failure after an earlier one is of no interest.
      return fetching;
    };
    let ahead = tiles.length ? fetchWindow(0) : undefined;
    for (let w = 0; w < tiles.length; w += window) {
      const fetched = await ahead!;
      ahead = w + window < tiles.length ? fetchWindow(w + window) : undefined;
      for (const { t, width, hashes, entries } of fetched) {
        const first = t * TILE_WIDTH;
        const from = Math.max(first, frontier.size) - first;
        if (entries && entriesAllowed) checkEntries(t, first, from, width, hashes, entries, persons, unseen);
        else markUnseen(unseen, first + from, first + width);
        for (let i = from; i < width; i++) frontier.append(hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
      }
    }
    if (frontier.size > kept.size) rootNow = frontier.root();

    // 4. The root, rebuilt here from the leaves, is the one the log signed.
    if (size === 0) rootNow = Buffer.from(root);
    if (!rootNow.equals(root)) {
      throw new Failed(
        'root',
        `the root rebuilt from the log's ${size} leaf hashes is ${rootNow.toString('hex')}, but the checkpoint signs ${root.toString('hex')}: the log's stored tree does not match its leaves (a stored hash was replaced)`,
      );
    }

    // 5. Keep the checkpoint, only now.
    const next: MonitorState = {
      version: 1,
      origin,
      checkpoint: served,
      size,
      root: root.toString('hex'),
      frontier: frontier.subtrees().map(({ level, index, hash }) => [level, index, hex(hash)]),
      unseen,
      persons: Object.fromEntries(
        [...persons].map(([id, p]) => [id, p.clocks ? [p.idx, p.hash, p.at, p.held ? 1 : 0, p.transferOut ?? null, p.clocks] : p.transferOut ? [p.idx, p.hash, p.at, p.held ? 1 : 0, p.transferOut] : [p.idx, p.hash, p.at, p.held ? 1 : 0]]),
      ),
    };
    client.close();
    writeAtomically(join(options.stateDir, 'state.json'), JSON.stringify(next));
    writeAtomically(join(options.stateDir, 'checkpoint'), served);
    return {
      ok: true,
      origin,
      size,
      root: root.toString('hex'),
      previousSize: kept.size,
      newEntries: size - kept.size,
      mode: entriesAllowed ? 'entries' : 'hashes-only',
      ...(hashesOnlyReason && !entriesAllowed ? { hashesOnlyReason } : {}),
      persons: persons.size,
      custody: custodyReport(persons, now, {
        ...(options.quietDays === undefined ? {} : { quietDays: options.quietDays }),
        ...(options.transferHours === undefined ? {} : { transferHours: options.transferHours }),
      }),
    };
  } catch (error) {
    client.close();
    if (!(error instanceof Failed)) throw error;
    const path = join(options.stateDir, `evidence-${now.toISOString().replace(/[:.]/g, '-')}.json`);
    const record = {
      failed: error.check,
      message: error.message,
      at: now.toISOString(),
      log: options.url,
      kept_checkpoint: state?.checkpoint ?? null,
      served_checkpoint: evidence.served_checkpoint ?? null,
      proof: evidence.proof ?? null,
      details: error.details ?? null,
    };
    writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
    throw new MonitorFailure(error.check, error.message, path);
  }
}

/**
 * The entries of a bundle (C2SP tlog-tiles: uint16 big-endian length, then the bytes) as views
 * into it, not copies: a catch-up reads every entry of the log once and keeps none of them.
 */
export function entryViews(bundle: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  let offset = 0;
  while (offset < bundle.length) {
    if (offset + 2 > bundle.length) throw new Error('the bundle ends inside a length prefix');
    const end = offset + 2 + bundle.readUInt16BE(offset);
    if (end > bundle.length) throw new Error('the bundle ends inside an entry');
    entries.push(bundle.subarray(offset + 2, end));
    offset = end;
  }
  return entries;
}

/**
 * RFC 6962 leaf hash, SHA-256(0x00 ‖ entry), of an entry of `bundle` (a view from
 * {@link entryViews}), hashed in place in one call: the byte before the entry — the low byte
 * of its length prefix, already read — stands in for the 0x00 prefix, and is put back after.
 */
function leafHashInBundle(bundle: Buffer, entry: Buffer): Buffer {
  const at = entry.byteOffset - bundle.byteOffset - 1;
  const lengthByte = bundle[at]!;
  bundle[at] = 0x00;
  try {
    return oneShotHash('sha256', bundle.subarray(at, at + 1 + entry.length), 'buffer');
  } finally {
    bundle[at] = lengthByte;
  }
}

function markUnseen(unseen: [number, number][], from: number, to: number): void {
  if (from >= to) return;
  const last = unseen[unseen.length - 1];
  if (last && last[1] === from) last[1] = to;
  else unseen.push([from, to]);
}

function isUnseen(unseen: readonly [number, number][], idx: number): boolean {
  return unseen.some(([a, b]) => idx >= a && idx < b);
}

/**
 * One entry bundle against its hash tile: every entry hashes to its leaf (a removed, moved or
 * edited entry each fails with its own message), then every new entry's chain link.
 */
function checkEntries(
  t: number,
  first: number,
  from: number,
  width: number,
  hashes: Buffer,
  bundle: Buffer,
  persons: Map<string, WatchedPerson>,
  unseen: readonly [number, number][],
): void {
  let entries: Buffer[];
  try {
    entries = entryViews(bundle);
  } catch (error) {
    throw new Failed('entries', `entry bundle ${t} cannot be read: ${(error as Error).message}`);
  }
  const leafAt = (i: number) => hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  const own = entries.map((e) => leafHashInBundle(bundle, e));
  if (entries.length !== width) {
    // Say which leaf lost its entry: the first place the entries stop matching the leaves.
    let i = 0;
    while (i < Math.min(width, own.length) && own[i]!.equals(leafAt(i))) i++;
    throw new Failed(
      'missing',
      `entry bundle ${t} holds ${entries.length} entries, but the log's tree has ${width} leaves there: the entry of leaf ${first + i} (${hex(leafAt(i))}) is gone — an event was removed from the log`,
    );
  }
  const wrong: number[] = [];
  for (let i = 0; i < width; i++) if (own[i]!.compare(hashes, i * HASH_SIZE, (i + 1) * HASH_SIZE) !== 0) wrong.push(i);
  if (wrong.length) {
    for (const i of wrong) {
      const j = wrong.find((k) => k !== i && own[i]!.equals(leafAt(k)) && own[k]!.equals(leafAt(i)));
      if (j !== undefined) {
        throw new Failed('order', `entries ${first + i} and ${first + j} are swapped: each holds the entry the log's tree has at the other's place`);
      }
    }
    const i = wrong[0]!;
    throw new Failed('leaf', `entry ${first + i}: its bytes hash to ${hex(own[i]!)}, but the log's leaf ${first + i} is ${hex(leafAt(i))} — the entry was changed after it was logged`);
  }
  for (let i = from; i < width; i++) checkChain(first + i, entries[i]!, own[i]!.toString('hex'), persons, unseen);
}

const TOP_LEVEL_ID = Buffer.from(',"id":"');

/**
 * The envelope fields a chain check needs. RFC 8785 orders keys, so in an event's canonical
 * bytes everything after the large `data` value starts at the last `,"id":"` (inside a string
 * a quote would be escaped); parsing only that tail is several times faster than the whole
 * entry. A tail that does not parse, or lacks a field, is a sign of non-canonical bytes: then
 * the whole entry is parsed.
 */
function envelopeOf(bytes: Buffer): Envelope {
  const at = bytes.lastIndexOf(TOP_LEVEL_ID);
  if (at > 0) {
    try {
      const tail = JSON.parse(`{${bytes.toString('utf8', at + 1)}`) as Envelope;
      if ('kind' in tail && 'person' in tail && 'prev' in tail && 'occurred_at' in tail) return tail;
    } catch {
      // Fall through to the whole entry.
    }
  }
  return JSON.parse(bytes.toString('utf8')) as Envelope;
}

function checkChain(idx: number, bytes: Buffer, hash: string, persons: Map<string, WatchedPerson>, unseen: readonly [number, number][]): void {
  let envelope: Envelope;
  try {
    envelope = envelopeOf(bytes);
  } catch {
    throw new Failed('entries', `entry ${idx} is not JSON`);
  }
  const person = envelope.person;
  if (person === null || person === undefined) return;
  if (typeof person !== 'string' || typeof envelope.kind !== 'string' || typeof envelope.occurred_at !== 'string') {
    throw new Failed('entries', `entry ${idx} is not an event envelope`);
  }
  const head = persons.get(person);
  const prev = envelope.prev;
  const at = `person ${person}: event ${idx}`;
  if (prev === null || prev === undefined) {
    if (head) throw new Failed('chain', `${at} starts a second chain, but the person's chain already ends at event ${head.idx}: a fork`);
  } else {
    if (typeof prev.idx !== 'number' || typeof prev.hash !== 'string') throw new Failed('entries', `entry ${idx} has a malformed link`);
    if (prev.idx >= idx) throw new Failed('chain', `${at} links forward to event ${prev.idx}`);
    if (!isUnseen(unseen, prev.idx)) {
      if (!head) throw new Failed('chain', `${at} links to event ${prev.idx}, which is not an event of this person in the log: a gap (an event was removed)`);
      if (prev.idx < head.idx) throw new Failed('chain', `${at} links to event ${prev.idx}, but the person's chain already continued from it at event ${head.idx}: a fork`);
      if (prev.idx > head.idx) throw new Failed('chain', `${at} links to event ${prev.idx}, but the person's last event in the log is ${head.idx}: a gap`);
      if (prev.hash !== head.hash) throw new Failed('chain', `${at} links to event ${prev.idx} with hash ${prev.hash}, but that event's leaf hash is ${head.hash}`);
    }
  }
  const watched: WatchedPerson = head ?? { idx, hash, at: envelope.occurred_at, held: false };
  watched.idx = idx;
  watched.hash = hash;
  observeEvent(watched, envelope.kind, envelope.occurred_at, idx, envelope.data);
  persons.set(person, watched);
}
