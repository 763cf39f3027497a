/**
 * C2SP signed-note v1.0.0: a text signed by one or more keys, with Ed25519 keys
 * (signature type 0x01) and the verifier/signer key strings the Go checksum database
 * introduced.
 *
 * A signed note is the text (ending in a newline), a blank line, then one or more lines
 * `— <key name> base64(key ID ‖ signature)`. Verification ignores signatures from unknown
 * keys, rejects the note if a known key's signature fails, and requires at least one
 * known key's signature to verify.
 */
import { createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { ED25519_PUBLIC_KEY_SIZE, ed25519KeyPair, ed25519PublicKey, ed25519Sign, ed25519Verify, generateEd25519Seed } from './ed25519.ts';

/** Signature type byte of plain Ed25519 note signatures. */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** Default cap on signature lines (as Go's implementation); the spec requires accepting at least 16. */
export const DEFAULT_MAX_SIGNATURES = 100;

/** Smallest cap the spec allows a verifier to apply. */
export const MIN_MAX_SIGNATURES = 16;

const SIGNATURE_PREFIX = '\u2014 ';
const PRIVATE_KEY_PREFIX = 'PRIVATE+KEY+';

/** Why a note or key was refused. */
export type NoteErrorCode =
  | 'malformed-note'
  | 'too-many-signatures'
  | 'malformed-key'
  | 'key-id-mismatch'
  | 'unsupported-key-type'
  | 'ambiguous-key'
  | 'invalid-signature'
  | 'no-verified-signature';

/** A note or key string that was refused, with a stable code. */
export class NoteError extends Error {
  readonly code: NoteErrorCode;
  constructor(code: NoteErrorCode, message: string) {
    super(message);
    this.name = 'NoteError';
    this.code = code;
  }
}

/** One signature line: key name, key ID and the signature bytes that follow the key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

/** A parsed, not yet verified note. */
export interface Note {
  /** The signed text, final newline included. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note whose signatures were checked against known keys. */
export interface VerifiedNote {
  readonly text: string;
  /** Signatures by known keys, each of which verified (one per key). */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys the verifier does not know, kept but not trusted. */
  readonly unverified: readonly NoteSignature[];
}

/** Checks signatures by one key. `verify` gets the note text and the bytes after the key ID. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** Signs note texts with one key; returns the bytes that follow the key ID. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Buffer;
}

/** The parts of a verifier key string `<name>+<hex key ID>+<base64(type ‖ public key)>`. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Buffer;
}

/** Options for parsing and opening notes. */
export interface NoteOptions {
  /** Refuse notes with more signature lines than this (default 100, at least 16). */
  readonly maxSignatures?: number;
}

/** A key name is non-empty and has no Unicode white space and no plus sign. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && isWellFormed(name) && !/[\p{White_Space}+]/u.test(name);
}

/** Key ID: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, type])).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

/** Parses a signed note without verifying it. Throws {@link NoteError} if malformed. */
export function parseNote(message: string | Uint8Array, options: NoteOptions = {}): Note {
  const maxSignatures = signatureCap(options);
  const text = typeof message === 'string' ? message : decodeUtf8(message);
  if (!isWellFormed(text)) throw malformed('a note must be valid UTF-8');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw malformed('a note must not contain control characters other than newline');

  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw malformed('a note needs a blank line before its signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('a note must end with newline-terminated signature lines');

  const lines = block.slice(0, -1).split('\n');
  if (lines.length > maxSignatures) {
    throw new NoteError('too-many-signatures', `a note may carry at most ${maxSignatures} signatures`);
  }
  return { text: body, signatures: lines.map(parseSignatureLine) };
}

/** Formats a note: text, blank line, one line per signature. */
export function formatNote(note: Note): string {
  assertNoteText(note.text);
  if (note.signatures.length === 0) throw malformed('a signed note needs at least one signature');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

/**
 * Signs `text` with each signer. Signatures already on the note (`existing`) are kept
 * first, except those by a key that signs again now.
 */
export function signNote(text: string, signers: readonly NoteSigner[], existing: readonly NoteSignature[] = []): string {
  assertNoteText(text);
  const bytes = Buffer.from(text, 'utf8');
  const fresh = signers.map((signer): NoteSignature => {
    if (!isValidKeyName(signer.name)) throw new NoteError('malformed-key', `invalid key name ${JSON.stringify(signer.name)}`);
    return { name: signer.name, keyId: signer.keyId, signature: signer.sign(bytes) };
  });
  const resigned = new Set(fresh.map((s) => keyLabel(s.name, s.keyId)));
  const kept = existing.filter((s) => !resigned.has(keyLabel(s.name, s.keyId)));
  return formatNote({ text, signatures: [...kept, ...fresh] });
}

/**
 * Parses a signed note and verifies it against known keys. Signatures by unknown keys
 * (name and key ID not both matching) are ignored; a known key's failing signature
 * rejects the whole note; at least one known key must have signed.
 */
export function openNote(message: string | Uint8Array, verifiers: readonly NoteVerifier[], options: NoteOptions = {}): VerifiedNote {
  const known = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const label = keyLabel(verifier.name, verifier.keyId);
    if (known.has(label)) throw new NoteError('ambiguous-key', `two verifiers share the key ${label}`);
    known.set(label, verifier);
  }
  const note = parseNote(message, options);
  const text = Buffer.from(note.text, 'utf8');
  const verified = new Map<string, NoteSignature>();
  const unverified: NoteSignature[] = [];
  for (const signature of note.signatures) {
    const label = keyLabel(signature.name, signature.keyId);
    const verifier = known.get(label);
    if (verifier === undefined) {
      unverified.push(signature);
    } else if (verifier.verify(text, signature.signature)) {
      if (!verified.has(label)) verified.set(label, signature);
    } else {
      throw new NoteError('invalid-signature', `the signature by known key ${label} does not verify`);
    }
  }
  if (verified.size === 0) throw new NoteError('no-verified-signature', 'no known key signed this note');
  return { text: note.text, verified: [...verified.values()], unverified };
}

/** Parses one signature line, without its newline. Throws {@link NoteError} if malformed. */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('a signature line starts with an em dash and a space');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const bytes = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
  if (!isValidKeyName(name) || bytes === undefined || bytes.length < 5) throw malformed('malformed signature line');
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

/** Formats one signature line, newline included. */
export function formatSignatureLine(signature: NoteSignature): string {
  if (!isValidKeyName(signature.name)) throw malformed(`invalid key name ${JSON.stringify(signature.name)}`);
  if (signature.signature.length === 0) throw malformed('a signature cannot be empty');
  const keyId = Buffer.alloc(4);
  keyId.writeUInt32BE(signature.keyId);
  return `${SIGNATURE_PREFIX}${signature.name} ${encodeBase64(Buffer.concat([keyId, signature.signature]))}\n`;
}

// ---------------------------------------------------------------------------
// Key strings
// ---------------------------------------------------------------------------

/**
 * Parses `<name>+<hex key ID>+<base64(type ‖ public key)>` for any signature type,
 * checking that the key ID is the one the name, type and key hash to.
 */
export function parseVerifierKey(vkey: string): VerifierKey {
  const parts = splitKeyString(vkey, 3);
  if (parts === undefined) throw malformedKey('a verifier key is <name>+<key ID>+<key>');
  const [name, keyIdHex, keyBase64] = parts as [string, string, string];
  const keyId = parseKeyId(keyIdHex);
  const payload = decodeBase64(keyBase64);
  if (!isValidKeyName(name) || keyId === undefined || payload === undefined || payload.length < 2) {
    throw malformedKey('malformed verifier key');
  }
  const type = payload[0] as number;
  const publicKey = payload.subarray(1);
  if (computeKeyId(name, type, publicKey) !== keyId) throw new NoteError('key-id-mismatch', 'verifier key ID does not match its key');
  return { name, keyId, type, publicKey };
}

/** Formats a verifier key string for a name, signature type and public key. */
export function formatVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformedKey(`invalid key name ${JSON.stringify(name)}`);
  const keyId = computeKeyId(name, type, publicKey);
  return `${name}+${formatKeyId(keyId)}+${encodeBase64(Buffer.concat([Buffer.from([type]), publicKey]))}`;
}

/** A verifier for Ed25519 note signatures from a verifier key string of type 0x01. */
export function ed25519NoteVerifier(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey);
  if (key.type !== ED25519_SIGNATURE_TYPE) throw new NoteError('unsupported-key-type', `key type ${key.type} is not Ed25519 (1)`);
  if (key.publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw malformedKey('an Ed25519 public key is 32 bytes');
  const publicKey = ed25519PublicKey(key.publicKey);
  return {
    name: key.name,
    keyId: key.keyId,
    verify: (text, signature) => ed25519Verify(publicKey, text, signature),
  };
}

/** Formats the verifier key string of an Ed25519 note key. */
export function ed25519VerifierKey(name: string, publicKey: Uint8Array): string {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw malformedKey('an Ed25519 public key is 32 bytes');
  return formatVerifierKey(name, ED25519_SIGNATURE_TYPE, publicKey);
}

/**
 * A signer from a signer key string `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>`.
 * The key ID is checked against the public key derived from the seed.
 */
export function ed25519NoteSigner(skey: string): NoteSigner {
  const { name, keyId, seed } = parseSignerKey(skey);
  const { privateKey, publicKey } = ed25519KeyPair(seed);
  if (computeKeyId(name, ED25519_SIGNATURE_TYPE, publicKey) !== keyId) {
    throw new NoteError('key-id-mismatch', 'signer key ID does not match its key');
  }
  return { name, keyId, sign: (text) => ed25519Sign(privateKey, text) };
}

/** The public key of an Ed25519 signer key string (to publish its verifier key). */
export function ed25519VerifierKeyOf(skey: string): string {
  const { name, seed } = parseSignerKey(skey);
  return ed25519VerifierKey(name, ed25519KeyPair(seed).publicKey);
}

/** Formats the signer key string of an Ed25519 note key from its 32-byte seed. */
export function ed25519SignerKey(name: string, seed: Uint8Array): string {
  const { publicKey } = ed25519KeyPair(seed);
  if (!isValidKeyName(name)) throw malformedKey(`invalid key name ${JSON.stringify(name)}`);
  const keyId = computeKeyId(name, ED25519_SIGNATURE_TYPE, publicKey);
  return `${PRIVATE_KEY_PREFIX}${name}+${formatKeyId(keyId)}+${encodeBase64(Buffer.concat([Buffer.from([ED25519_SIGNATURE_TYPE]), seed]))}`;
}

/** Generates a new Ed25519 note key: the secret signer key and the public verifier key. */
export function generateEd25519NoteKey(name: string): { signerKey: string; verifierKey: string } {
  const seed = generateEd25519Seed();
  return { signerKey: ed25519SignerKey(name, seed), verifierKey: ed25519VerifierKey(name, ed25519KeyPair(seed).publicKey) };
}

function parseSignerKey(skey: string): { name: string; keyId: number; seed: Buffer } {
  if (!skey.startsWith(PRIVATE_KEY_PREFIX)) throw malformedKey('a signer key starts with PRIVATE+KEY+');
  const parts = splitKeyString(skey.slice(PRIVATE_KEY_PREFIX.length), 3);
  if (parts === undefined) throw malformedKey('a signer key is PRIVATE+KEY+<name>+<key ID>+<key>');
  const [name, keyIdHex, keyBase64] = parts as [string, string, string];
  const keyId = parseKeyId(keyIdHex);
  const payload = decodeBase64(keyBase64);
  if (!isValidKeyName(name) || keyId === undefined || payload === undefined || payload.length < 2) {
    throw malformedKey('malformed signer key');
  }
  if (payload[0] !== ED25519_SIGNATURE_TYPE) throw new NoteError('unsupported-key-type', `key type ${payload[0]} is not Ed25519 (1)`);
  if (payload.length !== 33) throw malformedKey('an Ed25519 seed is 32 bytes');
  return { name, keyId, seed: payload.subarray(1) };
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw malformed('note text must end with a newline');
  if (!isWellFormed(text) || /[\u0000-\u0009\u000b-\u001f]/.test(text)) {
    throw malformed('note text must be valid UTF-8 without control characters other than newline');
  }
}

function signatureCap(options: NoteOptions): number {
  const cap = options.maxSignatures ?? DEFAULT_MAX_SIGNATURES;
  if (!Number.isSafeInteger(cap) || cap < MIN_MAX_SIGNATURES) {
    throw new RangeError(`maxSignatures must be an integer of at least ${MIN_MAX_SIGNATURES}`);
  }
  return cap;
}

/** Splits at the first `count − 1` plus signs; the last part (base64) may itself contain plus signs. */
function splitKeyString(text: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let i = 1; i < count; i++) {
    const plus = rest.indexOf('+');
    if (plus < 0) return undefined;
    parts.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  parts.push(rest);
  return parts;
}

function parseKeyId(hex: string): number | undefined {
  return /^[0-9a-f]{8}$/.test(hex) ? Number.parseInt(hex, 16) : undefined;
}

function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function keyLabel(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw malformed('a note must be valid UTF-8');
  }
}

function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function malformed(message: string): NoteError {
  return new NoteError('malformed-note', message);
}

function malformedKey(message: string): NoteError {
  return new NoteError('malformed-key', message);
}
