/**
 * Reading the log back: streaming events in index order, and rebuilding the projections
 * from them.
 */
import type { LoggedEvent } from '../domain/events.ts';
import type { Database, Queryable } from './database.ts';
import { parseEventBytes } from './event-log.ts';
import { applyEvents, createProjectionTables, dropProjectionTables, projectionSchemaDigest } from './projections.ts';

export interface StoredEventRow {
  idx: number;
  event_id: string;
  kind: string;
  person_id: string | null;
  prev_person_idx: number | null;
  prev_person_hash: Uint8Array | null;
  occurred_at: Date;
  recorded_at: Date;
  actor: string;
  bytes: Uint8Array;
  leaf_hash: Uint8Array;
}

/** Stored event rows in index order, a chunk at a time. */
export async function* eventRows(q: Queryable, chunk = 5000): AsyncGenerator<StoredEventRow[]> {
  let from = 0;
  for (;;) {
    const { rows } = await q.query<StoredEventRow>('SELECT * FROM event WHERE idx >= $1 ORDER BY idx LIMIT $2', [from, chunk]);
    if (rows.length === 0) return;
    yield rows;
    from = rows[rows.length - 1]!.idx + 1;
  }
}

/** Replay the whole log into the projection tables in the current search_path. */
export async function replayInto(tx: Queryable): Promise<number> {
  let count = 0;
  for await (const rows of eventRows(tx)) {
    const events: LoggedEvent[] = rows.map((r) => parseEventBytes(r.idx, r.bytes).event);
    await applyEvents(tx, events);
    count += events.length;
  }
  return count;
}

/** Drop and rebuild the projections from the log, in one transaction. */
export async function rebuildProjections(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE log_head IN EXCLUSIVE MODE');
    await dropProjectionTables(tx);
    await createProjectionTables(tx);
    const count = await replayInto(tx);
    await tx.query(
      'INSERT INTO projection_schema (digest) VALUES ($1) ON CONFLICT (singleton) DO UPDATE SET digest = excluded.digest',
      [projectionSchemaDigest],
    );
    return count;
  });
}
