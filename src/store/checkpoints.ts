/**
 * Signed checkpoints and witness cosignatures in `log_checkpoint` and `log_cosignature`.
 *
 * A checkpoint is signed inside a transaction that reads the tree, so it covers only what
 * is committed; the primary key on size means two roots for one size cannot both be kept,
 * and a signer that finds a different root already stored for the size refuses loudly: that
 * is a fork, and the log has been rolled back and regrown.
 */
import { parseCheckpoint, signCheckpoint } from '../ledger/checkpoint.ts';
import { parseCosignature } from '../ledger/cosignature.ts';
import { formatSignatureLine, NoteError, openNote, parseNote } from '../ledger/signed-note.ts';
import type { NoteSigner, NoteVerifier } from '../ledger/signed-note.ts';
import type { Database, Queryable } from './database.ts';
import { rootAt, treeSize } from './tree-store.ts';

/** A checkpoint as stored. */
export interface StoredCheckpoint {
  readonly size: number;
  readonly root: Buffer;
  /** The signed note, as signed (no cosignatures). */
  readonly note: string;
  readonly createdAt: Date;
}

/** The stored tree disagrees with a checkpoint the log signed before: refuse to sign again. */
export class ForkError extends Error {
  constructor(
    readonly size: number,
    readonly signedRoot: Buffer,
    readonly treeRoot: Buffer,
  ) {
    super(
      `a checkpoint of size ${size} was signed with root ${signedRoot.toString('hex')}, but the tree now has root ${treeRoot.toString('hex')} at that size: the log was rolled back and regrown (a fork); refusing to sign`,
    );
    this.name = 'ForkError';
  }
}

interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: Date;
}

const toCheckpoint = (row: CheckpointRow): StoredCheckpoint => ({ size: row.size, root: Buffer.from(row.root), note: row.note, createdAt: row.created_at });

/** The checkpoint of the largest size, if any. */
export async function latestCheckpoint(q: Queryable): Promise<StoredCheckpoint | undefined> {
  const { rows } = await q.query<CheckpointRow>('SELECT size, root, note, created_at FROM log_checkpoint ORDER BY size DESC LIMIT 1');
  return rows[0] && toCheckpoint(rows[0]);
}

/** The checkpoint of one size, if one was signed. */
export async function checkpointAt(q: Queryable, size: number): Promise<StoredCheckpoint | undefined> {
  const { rows } = await q.query<CheckpointRow>('SELECT size, root, note, created_at FROM log_checkpoint WHERE size = $1', [size]);
  return rows[0] && toCheckpoint(rows[0]);
}

/** Every stored checkpoint in size order, a page at a time. */
export async function* allCheckpoints(q: Queryable, page = 1000): AsyncGenerator<StoredCheckpoint[]> {
  let after = -1;
  for (;;) {
    const { rows } = await q.query<CheckpointRow>('SELECT size, root, note, created_at FROM log_checkpoint WHERE size > $1 ORDER BY size LIMIT $2', [after, page]);
    if (rows.length === 0) return;
    yield rows.map(toCheckpoint);
    after = rows[rows.length - 1]!.size;
  }
}

/**
 * Signs a checkpoint for the tree as committed now, unless one exists for that size (then
 * returns it, after checking the tree still has its root). Safe to call from several
 * processes at once: the loser of a race gets the winner's checkpoint.
 */
export async function signLatestCheckpoint(db: Database, signer: NoteSigner, origin: string): Promise<{ checkpoint: StoredCheckpoint; created: boolean }> {
  return db.transaction(async (tx) => {
    const size = await treeSize(tx);
    const root = await rootAt(tx, size);
    const existing = await checkpointAt(tx, size);
    if (existing) {
      if (!existing.root.equals(root)) throw new ForkError(size, existing.root, root);
      return { checkpoint: existing, created: false };
    }
    const note = signCheckpoint({ origin, size, rootHash: root, extensions: [] }, [signer]);
    const { rows } = await tx.query<CheckpointRow>(
      'INSERT INTO log_checkpoint (size, root, note) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING RETURNING size, root, note, created_at',
      [size, root, note],
    );
    if (rows[0]) return { checkpoint: toCheckpoint(rows[0]), created: true };
    const winner = (await checkpointAt(tx, size))!;
    if (!winner.root.equals(root)) throw new ForkError(size, winner.root, root);
    return { checkpoint: winner, created: false };
  });
}

/** The latest checkpoint as served: the signed note with the witnesses' cosignature lines appended. */
export async function servedCheckpoint(q: Queryable): Promise<{ checkpoint: StoredCheckpoint; text: string } | undefined> {
  const checkpoint = await latestCheckpoint(q);
  if (!checkpoint) return undefined;
  const { rows } = await q.query<{ line: string }>('SELECT line FROM log_cosignature WHERE size = $1 ORDER BY witness, key_id', [checkpoint.size]);
  return { checkpoint, text: checkpoint.note + rows.map((r) => r.line).join('') };
}

/** A submitted cosignature that is not accepted, and why (a stable code for the API). */
export class CosignatureRefused extends Error {
  constructor(
    readonly code: 'malformed' | 'unknown_checkpoint' | 'no_witness_signature' | 'invalid_signature',
    message: string,
  ) {
    super(message);
    this.name = 'CosignatureRefused';
  }
}

/**
 * Keeps the cosignatures on a submitted note by the configured witnesses. The note's text
 * must be a checkpoint this log signed; signatures by other keys are ignored; a configured
 * witness's signature that fails refuses the whole submission.
 */
export async function storeCosignatures(db: Database, submitted: string, witnesses: readonly NoteVerifier[]): Promise<{ size: number; stored: number; witnesses: string[] }> {
  let note;
  try {
    note = parseNote(submitted);
  } catch (error) {
    throw new CosignatureRefused('malformed', `not a signed note: ${(error as Error).message}`);
  }
  let size: number;
  try {
    size = parseCheckpoint(note.text).size;
  } catch (error) {
    throw new CosignatureRefused('malformed', `not a checkpoint: ${(error as Error).message}`);
  }
  const stored = await checkpointAt(db, size);
  if (!stored || parseNote(stored.note).text !== note.text) throw new CosignatureRefused('unknown_checkpoint', `this log has not signed that checkpoint of size ${size}`);
  let verified;
  try {
    verified = openNote(submitted, witnesses).verified;
  } catch (error) {
    if (error instanceof NoteError && error.code === 'no-verified-signature') throw new CosignatureRefused('no_witness_signature', 'no configured witness cosigned this checkpoint');
    if (error instanceof NoteError && error.code === 'invalid-signature') throw new CosignatureRefused('invalid_signature', error.message);
    throw new CosignatureRefused('malformed', (error as Error).message);
  }
  const rows = verified.map((s) => {
    const at = new Date(parseCosignature(s.signature).timestamp * 1000);
    if (Number.isNaN(at.getTime())) throw new CosignatureRefused('malformed', `the cosignature by ${s.name} has an impossible timestamp`);
    return { witness: s.name, key_id: s.keyId, signed_at: at.toISOString(), line: formatSignatureLine(s) };
  });
  const { rowCount } = await db.query(
    `INSERT INTO log_cosignature (size, witness, key_id, signed_at, line)
     SELECT $1, r.witness, r.key_id, r.signed_at, r.line FROM jsonb_to_recordset($2::jsonb) AS r(witness text, key_id bigint, signed_at timestamptz, line text)
     ON CONFLICT DO NOTHING`,
    [size, JSON.stringify(rows)],
  );
  return { size, stored: rowCount, witnesses: rows.map((r) => r.witness) };
}
