/**
 * The log's signing key: an Ed25519 signed-note key kept in one file, in the signer key
 * form the Go checksum database introduced (`PRIVATE+KEY+<name>+<id>+<base64>`). It is made
 * on first start with mode 0600; a file others can read is refused, because whoever reads
 * it can sign checkpoints in the log's name.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ed25519NoteSigner, ed25519NoteVerifier, ed25519VerifierKeyOf, generateEd25519NoteKey } from '../ledger/signed-note.ts';
import type { NoteSigner, NoteVerifier } from '../ledger/signed-note.ts';

/** The log's key, ready to sign and to be published. */
export interface LogKey {
  readonly name: string;
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  /** The verifier key in signed-note form, for monitors and witnesses. */
  readonly verifierKey: string;
  readonly path: string;
  /** Whether this call created the key file. */
  readonly created: boolean;
}

/** The key file is unusable: wrong permissions, wrong name, or not a key. */
export class LogKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogKeyError';
  }
}

function fromSignerKey(path: string, skey: string, created: boolean): LogKey {
  let signer: NoteSigner;
  let verifierKey: string;
  try {
    signer = ed25519NoteSigner(skey);
    verifierKey = ed25519VerifierKeyOf(skey);
  } catch (error) {
    throw new LogKeyError(`${path} does not hold an Ed25519 signer key: ${(error as Error).message}`);
  }
  return { name: signer.name, signer, verifier: ed25519NoteVerifier(verifierKey), verifierKey, path, created };
}

/** Reads the key file, or returns undefined if there is none. */
export function readLogKey(path: string): LogKey | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new LogKeyError(`the log key ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it, and consider it exposed`);
  }
  return fromSignerKey(path, readFileSync(path, 'utf8').trim(), false);
}

/**
 * Opens the log key at `path`, creating it for `name` if there is none. A key made for
 * another name is refused: the name is part of every signature line monitors check.
 */
export function openLogKey(path: string, name: string): LogKey {
  const existing = readLogKey(path);
  if (existing) {
    if (existing.name !== name) throw new LogKeyError(`the log key ${path} is named "${existing.name}", but the configured key name is "${name}"`);
    return existing;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { signerKey } = generateEd25519NoteKey(name);
  // Written whole to a private file, then linked into place: link fails if the key appeared
  // meanwhile, so two processes starting at once end up with the same key, never a torn one.
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return openLogKey(path, name);
    throw error;
  } finally {
    unlinkSync(draft);
  }
  return fromSignerKey(path, signerKey, true);
}
