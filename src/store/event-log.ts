/**
 * Appending to the event log: each event becomes RFC 8785 canonical bytes with a random
 * salt (so a leaf hash cannot be brute-forced from guessable fields), an RFC 6962 leaf hash,
 * a dense index, and a link to the previous event about the same person.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJsonBytes } from '../ledger/canonical-json.ts';
import type { EventKind, LoggedEvent, NewEvent } from '../domain/events.ts';
import { jsonByteLength, maxEventBytes } from '../domain/event-size.ts';
import { reject, type Rejection } from '../domain/rejection.ts';
import type { Queryable } from './database.ts';
import { growTree } from './tree-store.ts';
import { newEventId } from './event-id.ts';
import { timed, type StageTimes } from './stage-times.ts';

/** The envelope whose canonical bytes are the leaf. Version 1. */
export interface EventEnvelope {
  readonly v: 1;
  readonly id: string;
  readonly kind: EventKind;
  readonly person: string | null;
  readonly prev: { readonly idx: number; readonly hash: string } | null;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly actor: string;
  readonly data: unknown;
  readonly salt: string;
}

/** RFC 6962 leaf hash of event bytes. */
export function leafHash(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.from([0])).update(bytes).digest();
}

/** Read an event back from its stored bytes. */
export function parseEventBytes(idx: number, bytes: Uint8Array): { envelope: EventEnvelope; event: LoggedEvent } {
  const envelope = JSON.parse(Buffer.from(bytes).toString('utf8')) as EventEnvelope;
  return {
    envelope,
    event: {
      idx,
      event_id: envelope.id,
      kind: envelope.kind,
      person_id: envelope.person,
      occurred_at: envelope.occurred_at,
      recorded_at: envelope.recorded_at,
      actor: envelope.actor,
      data: envelope.data as never,
    },
  };
}

/**
 * An event whose canonical bytes would not fit a tlog-tiles entry (16-bit length): monitors
 * could not follow the log past it. Thrown before anything is inserted; the command's
 * transaction rolls back and `execute` answers with the rejection.
 */
export class EventTooLarge extends Error {
  readonly rejection: Rejection;
  constructor(event: NewEvent, bytes: number) {
    // The field of the event's data that takes the most room is what the request made too large.
    const fields = Object.entries(event.data as unknown as Record<string, unknown>).map(([key, value]) => ({ key, size: jsonByteLength(value) }));
    const largest = fields.sort((a, b) => b.size - a.size)[0];
    const message =
      `this would write a ${event.kind} record of ${bytes.toLocaleString('en')} bytes; a record of the log holds at most ${maxEventBytes.toLocaleString('en')} ` +
      `(so that outside monitors can follow it): send less${largest ? ` in ${largest.key}` : ''} at once, in several requests`;
    super(message);
    this.rejection = reject('event_too_large', message, largest ? `/${largest.key}` : '/');
  }
}

export interface AppendMeta {
  readonly actor: string;
  readonly idempotencyKey: string;
  readonly recordedAt: string;
}

export interface AppendOptions {
  /**
   * Only for measuring what the Merkle tree costs (bench/ledger-bench.ts): `false` leaves the
   * tree behind the log. The register never passes it; the next append or `catchUpTree`
   * brings the tree level again, and `sijill log verify` reports the gap meanwhile.
   */
  readonly tree?: boolean;
  /** Where the append's time goes (the benchmark asks): each part under `append: …`. */
  readonly times?: StageTimes | undefined;
}

/**
 * Append events in order, inside the caller's transaction. Locks the log head, so appends
 * are serialised and indexes are dense in commit order. An event larger than a tlog-tiles
 * entry can carry is refused (`EventTooLarge`) before anything is inserted.
 */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[], meta: AppendMeta, options: AppendOptions = {}): Promise<LoggedEvent[]> {
  if (events.length === 0) return [];
  const times = options.times;
  const head = await timed(times, 'append: log head and person chains', () => tx.query<{ size: number }>('SELECT size FROM log_head FOR UPDATE'));
  const size = head.rows[0]!.size;
  let idx = size;
  const persons = [...new Set(events.map((e) => e.person_id).filter((p): p is string => p !== null))];
  const chains = new Map<string, { idx: number; hash: Buffer; length: number; existed: boolean }>();
  if (persons.length) {
    const found = await timed(times, 'append: log head and person chains', () =>
      tx.query<{ person_id: string; last_idx: number; last_hash: Uint8Array; length: number }>(
        'SELECT person_id, last_idx, last_hash, length FROM person_chain WHERE person_id = ANY($1::uuid[]) FOR UPDATE',
        [persons],
      ),
    );
    for (const row of found.rows) chains.set(row.person_id, { idx: row.last_idx, hash: Buffer.from(row.last_hash), length: row.length, existed: true });
  }

  const columns = { idx: [] as number[], id: [] as string[], kind: [] as string[], person: [] as (string | null)[], prevIdx: [] as (number | null)[], prevHash: [] as (string | null)[], occurred: [] as string[], bytes: [] as string[], hash: [] as string[] };
  const leaves: Buffer[] = [];
  const logged: LoggedEvent[] = [];
  // One draw from the CSPRNG for the whole batch: 16 bytes of salt per event.
  const hashing = performance.now();
  const salts = randomBytes(16 * events.length);
  for (const [i, event] of events.entries()) {
    const chain = event.person_id ? chains.get(event.person_id) : undefined;
    const envelope: EventEnvelope = {
      v: 1,
      id: newEventId(),
      kind: event.kind,
      person: event.person_id,
      prev: chain ? { idx: chain.idx, hash: chain.hash.toString('hex') } : null,
      occurred_at: event.occurred_at,
      recorded_at: meta.recordedAt,
      actor: meta.actor,
      data: event.data,
      salt: salts.subarray(16 * i, 16 * i + 16).toString('base64'),
    };
    const bytes = canonicalJsonBytes(envelope);
    if (bytes.length > maxEventBytes) throw new EventTooLarge(event, bytes.length);
    const hash = leafHash(bytes);
    leaves.push(hash);
    columns.idx.push(idx);
    columns.id.push(envelope.id);
    columns.kind.push(event.kind);
    columns.person.push(event.person_id);
    columns.prevIdx.push(chain?.idx ?? null);
    columns.prevHash.push(envelope.prev?.hash ?? null);
    columns.occurred.push(event.occurred_at);
    columns.bytes.push(bytes.toString('hex'));
    columns.hash.push(hash.toString('hex'));
    logged.push({ ...event, idx, event_id: envelope.id, recorded_at: meta.recordedAt, actor: meta.actor });
    if (event.person_id) chains.set(event.person_id, { idx, hash, length: (chain?.length ?? 0) + 1, existed: chain?.existed ?? false });
    idx++;
  }
  times?.add('append: canonical bytes and leaf hashes', performance.now() - hashing);

  // Column arrays with unnest: both backends pass text arrays natively. Bytes travel as hex.
  // Measured with 10,000 intake admissions: one binary parameter of all the batch's bytes,
  // cut per row with substring(), was 10% faster on PostgreSQL but twice as slow on PGlite;
  // the canonical text converted in SQL was slower on both.
  await timed(times, 'append: event rows', () => tx.query(
    `INSERT INTO event (idx, event_id, kind, person_id, prev_person_idx, prev_person_hash, occurred_at, recorded_at, actor, idempotency_key, bytes, leaf_hash)
     SELECT r.idx, r.event_id, r.kind, r.person_id, r.prev_idx, decode(r.prev_hash, 'hex'), r.occurred_at, $10, $11, $12, decode(r.bytes, 'hex'), decode(r.leaf_hash, 'hex')
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::uuid[], $5::bigint[], $6::text[], $7::timestamptz[], $8::text[], $9::text[])
         AS r(idx, event_id, kind, person_id, prev_idx, prev_hash, occurred_at, bytes, leaf_hash)`,
    [columns.idx, columns.id, columns.kind, columns.person, columns.prevIdx, columns.prevHash, columns.occurred, columns.bytes, columns.hash, meta.recordedAt, meta.actor, meta.idempotencyKey],
  ));
  // The Merkle tree grows in the same transaction, so no committed event is ever outside it
  // and no checkpoint can cover an event that was rolled back.
  if (options.tree !== false) await timed(times, 'append: Merkle tree', () => growTree(tx, size, leaves));
  const about = new Set(persons);
  const heads = [...chains.entries()]
    .filter(([person]) => about.has(person))
    .map(([person_id, c]) => ({ person_id, last_idx: c.idx, last_hash: c.hash.toString('hex'), length: c.length }));
  if (heads.length) {
    await timed(times, 'append: log head and person chains', () => tx.query(
      `INSERT INTO person_chain (person_id, last_idx, last_hash, length)
       SELECT r.person_id, r.last_idx, decode(r.last_hash, 'hex'), r.length
         FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, last_idx bigint, last_hash text, length integer)
       ON CONFLICT (person_id) DO UPDATE SET last_idx = excluded.last_idx, last_hash = excluded.last_hash, length = excluded.length`,
      [JSON.stringify(heads)],
    ));
  }
  await timed(times, 'append: log head and person chains', () => tx.query('UPDATE log_head SET size = $1', [idx]));
  return logged;
}
