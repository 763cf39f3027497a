import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.ts';

interface PGliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(db: PGliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await db.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/**
 * bytea in PostgreSQL's hex text form (`\x…`), read and written by Node's hex codec: PGlite's
 * own converts byte by byte in JavaScript, which made reading the log back (the figures, the
 * identity index following the log) most of their time. A Buffer, as node-postgres gives.
 */
function parseBytea(text: string): Buffer {
  return Buffer.from(text.slice(2), 'hex');
}

function serializeBytea(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/**
 * PGlite in this process. `dataDir` is a folder for a lasting database, or undefined for
 * one in memory (tests). PGlite has one connection: its transactions run one at a time.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, {
    parsers: { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v), [types.BYTEA]: parseBytea },
    serializers: { [types.BYTEA]: serializeBytea },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}
