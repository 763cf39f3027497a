/**
 * C2SP tlog-cosignature v1.0.1, Ed25519 type: a witness's timestamped statement that a
 * checkpoint is the largest consistent tree head it has seen for that log.
 *
 * A cosignature is an ordinary note signature line whose key ID uses signature type
 * 0x04 and whose signature bytes are an 8-byte big-endian POSIX timestamp followed by
 * an Ed25519 signature over
 *
 *     cosignature/v1\ntime <timestamp>\n<checkpoint text>
 *
 * so cosigners and their verifiers plug into `signNote` and `openNote` like any key.
 */
import { computeKeyId, formatVerifierKey, NoteError, parseNote, parseVerifierKey, signNote } from './signed-note.ts';
import type { NoteOptions, NoteSigner, NoteVerifier } from './signed-note.ts';
import { ED25519_PUBLIC_KEY_SIZE, ED25519_SIGNATURE_SIZE, ed25519KeyPair, ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.ts';

/** Signature type byte of timestamped Ed25519 cosignatures. */
export const COSIGNATURE_TYPE = 0x04;

/** Bytes of a cosignature after its key ID: timestamp (8) and Ed25519 signature (64). */
export const COSIGNATURE_SIZE = 8 + ED25519_SIGNATURE_SIZE;

const HEADER = 'cosignature/v1\n';
const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** The parts of a cosignature. */
export interface Cosignature {
  /** Seconds since the POSIX epoch when the cosigner signed. */
  readonly timestamp: number;
  readonly signature: Buffer;
}

/** A cosignature that cannot be read. */
export class CosignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CosignatureError';
  }
}

/** Key ID of an Ed25519 cosigner: SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]. */
export function cosignatureKeyId(name: string, publicKey: Uint8Array): number {
  return computeKeyId(name, COSIGNATURE_TYPE, publicKey);
}

/** The message a cosigner signs for a checkpoint text at a time. */
export function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  assertTimestamp(timestamp);
  if (!checkpointText.endsWith('\n')) throw new CosignatureError('checkpoint text must end with a newline');
  return Buffer.from(`${HEADER}time ${timestamp}\n${checkpointText}`, 'utf8');
}

/** Reads the signature bytes that follow the key ID in a cosignature line. */
export function parseCosignature(bytes: Uint8Array): Cosignature {
  if (bytes.length !== COSIGNATURE_SIZE) {
    throw new CosignatureError(`an Ed25519 cosignature is ${COSIGNATURE_SIZE} bytes after the key ID, not ${bytes.length}`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const timestamp = buffer.readBigUInt64BE(0);
  if (timestamp > MAX_TIMESTAMP) throw new CosignatureError('cosignature timestamp exceeds 2^63 − 1');
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) throw new CosignatureError('cosignature timestamp is beyond any plausible date');
  return { timestamp: Number(timestamp), signature: Buffer.from(buffer.subarray(8)) };
}

/** Encodes a cosignature's bytes (those after the key ID). */
export function encodeCosignature(cosignature: Cosignature): Buffer {
  assertTimestamp(cosignature.timestamp);
  if (cosignature.signature.length !== ED25519_SIGNATURE_SIZE) throw new CosignatureError('an Ed25519 signature is 64 bytes');
  const bytes = Buffer.alloc(COSIGNATURE_SIZE);
  bytes.writeBigUInt64BE(BigInt(cosignature.timestamp), 0);
  cosignature.signature.copy(bytes, 8);
  return bytes;
}

/** Formats a cosigner's verifier key string (type 0x04). */
export function cosignerVerifierKey(name: string, publicKey: Uint8Array): string {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw new CosignatureError('an Ed25519 public key is 32 bytes');
  return formatVerifierKey(name, COSIGNATURE_TYPE, publicKey);
}

/**
 * A note verifier for a cosigner, from its verifier key string (type 0x04). Pass it to
 * `openNote` or `openCheckpoint` next to the log's own key.
 */
export function cosignatureVerifier(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey);
  if (key.type !== COSIGNATURE_TYPE) throw new NoteError('unsupported-key-type', `key type ${key.type} is not a cosignature (4)`);
  if (key.publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw new NoteError('malformed-key', 'an Ed25519 public key is 32 bytes');
  const publicKey = ed25519PublicKey(key.publicKey);
  return {
    name: key.name,
    keyId: key.keyId,
    verify(text, bytes) {
      let cosignature: Cosignature;
      try {
        cosignature = parseCosignature(bytes);
      } catch {
        return false;
      }
      const message = cosignedMessage(Buffer.from(text).toString('utf8'), cosignature.timestamp);
      return ed25519Verify(publicKey, message, cosignature.signature);
    },
  };
}

/**
 * A cosigner from its name and 32-byte Ed25519 seed. `now` gives the POSIX time in
 * seconds to stamp each cosignature with.
 */
export function cosigner(name: string, seed: Uint8Array, now: () => number = () => Math.floor(Date.now() / 1000)): NoteSigner {
  const { privateKey, publicKey } = ed25519KeyPair(seed);
  return {
    name,
    keyId: cosignatureKeyId(name, publicKey),
    sign(text) {
      const timestamp = now();
      const signature = ed25519Sign(privateKey, cosignedMessage(Buffer.from(text).toString('utf8'), timestamp));
      return encodeCosignature({ timestamp, signature });
    },
  };
}

/**
 * Adds a cosignature to a signed checkpoint, keeping its other signatures. The caller
 * must already have verified the checkpoint and its consistency with what it saw before.
 */
export function cosignCheckpoint(signedCheckpoint: string, signer: NoteSigner, options: NoteOptions = {}): string {
  const note = parseNote(signedCheckpoint, options);
  return signNote(note.text, [signer], note.signatures);
}

function assertTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new CosignatureError('timestamp must be a non-negative integer');
}
