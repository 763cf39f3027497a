/**
 * C2SP tlog-checkpoint v1.0.0: the note text a log signs for a tree head.
 *
 *     <origin>\n<tree size in decimal>\n<base64 root hash>\n[<extension line>\n]*
 *
 * Parsing is strict: one accepted text per checkpoint, so two checkpoints that differ
 * in text always differ in content.
 */
import { decodeBase64, encodeBase64 } from './base64.ts';
import { HASH_SIZE } from './rfc6962.ts';
import { openNote, signNote } from './signed-note.ts';
import type { NoteOptions, NoteSigner, NoteVerifier, VerifiedNote } from './signed-note.ts';

/** A log's signed tree head, as its checkpoint text states it. */
export interface Checkpoint {
  /** The log's identity, e.g. `example.org/sijill`. */
  readonly origin: string;
  /** Number of leaves. */
  readonly size: number;
  /** RFC 6962 root hash of the first `size` leaves (32 bytes). */
  readonly rootHash: Buffer;
  /** Opaque extension lines, not recommended (monitors cannot audit them). */
  readonly extensions: readonly string[];
}

/** A checkpoint text that was refused. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** Parses a checkpoint note text (the body, final newline included). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw new CheckpointError('a checkpoint has an origin, a size and a root hash line');
  }
  for (const line of lines) assertLine(line);
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) throw new CheckpointError('tree size must be decimal without leading zeros');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new CheckpointError('tree size is too large');
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    throw new CheckpointError(`root hash must be ${HASH_SIZE} bytes in standard base64`);
  }
  return { origin, size, rootHash, extensions };
}

/** Formats a checkpoint note text. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointError('tree size must be a non-negative safe integer');
  if (rootHash.length !== HASH_SIZE) throw new CheckpointError(`root hash must be ${HASH_SIZE} bytes`);
  for (const line of [origin, ...extensions]) assertLine(line);
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/** Formats and signs a checkpoint, returning the signed note. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/** A verified checkpoint and the note it came in. */
export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: VerifiedNote;
}

/**
 * Verifies a signed checkpoint against known keys (see `openNote`) and parses it. When
 * `origin` is given, a checkpoint from any other log is refused.
 */
export function openCheckpoint(
  message: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: NoteOptions & { readonly origin?: string } = {},
): OpenedCheckpoint {
  const note = openNote(message, verifiers, options);
  const checkpoint = parseCheckpoint(note.text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new CheckpointError(`checkpoint is from ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(options.origin)}`);
  }
  return { checkpoint, note };
}

function assertLine(line: string): void {
  if (line.length === 0) throw new CheckpointError('checkpoint lines must not be empty');
  if (/[\u0000-\u001f]/.test(line)) throw new CheckpointError('checkpoint lines must not contain control characters');
}
