/**
 * `sijill witness`: a witness per C2SP tlog-cosignature v1.0.1. It cosigns a log's
 * checkpoint only after verifying the log's signature and that the checkpoint is consistent
 * with the last one it cosigned (same size: same root; larger: the consistency proof
 * verifies; smaller: never). It saves the new checkpoint before releasing the cosignature,
 * so a crash can never make it cosign two views of the log. Then it posts the cosignature
 * to the log, which serves it with the checkpoint.
 *
 * State (in `--state <dir>`): `witness-key` (its Ed25519 seed and name, mode 0600),
 * `witness-state.json` (the last cosigned checkpoint per origin), and evidence files.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCheckpoint } from '../ledger/checkpoint.ts';
import { cosignatureKeyId, cosignCheckpoint, cosigner, cosignerVerifierKey } from '../ledger/cosignature.ts';
import { ed25519KeyPair, ED25519_SEED_SIZE } from '../ledger/ed25519.ts';
import { verifyConsistency } from '../ledger/rfc6962.ts';
import { ed25519NoteVerifier, isValidKeyName, type NoteVerifier } from '../ledger/signed-note.ts';
import { LogClient } from './log-client.ts';

/** A witness's own key. */
export interface WitnessKey {
  readonly name: string;
  readonly seed: Buffer;
  /** Its verifier key (type 0x04), for the log's SIJILL_LOG_WITNESS_KEYS. */
  readonly verifierKey: string;
  readonly keyId: number;
}

/** Opens the witness key in `stateDir`, creating it (for `name`) on first use. */
export function openWitnessKey(stateDir: string, name: string | undefined): WitnessKey {
  const path = join(stateDir, 'witness-key');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    const chosen = name ?? 'sijill-witness';
    if (!isValidKeyName(chosen)) throw new Error(`the witness name must have no spaces and no plus sign, not "${chosen}"`);
    writeFileSync(path, `${JSON.stringify({ name: chosen, seed: randomBytes(ED25519_SEED_SIZE).toString('base64') })}\n`, { mode: 0o600, flag: 'wx' });
  }
  if ((statSync(path).mode & 0o077) !== 0) throw new Error(`the witness key ${path} can be read by other users: chmod 600 it, and consider it exposed`);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { name: string; seed: string };
  if (name !== undefined && name !== stored.name) throw new Error(`the witness key in ${stateDir} is named "${stored.name}", not "${name}"`);
  const seed = Buffer.from(stored.seed, 'base64');
  const { publicKey } = ed25519KeyPair(seed);
  return { name: stored.name, seed, verifierKey: cosignerVerifierKey(stored.name, publicKey), keyId: cosignatureKeyId(stored.name, publicKey) };
}

export interface WitnessOptions {
  /** The log's URL prefix, e.g. `https://register.example/log`. */
  readonly url: string;
  readonly stateDir: string;
  /** The log's verifier key. */
  readonly logKey: string;
  /** The origin its checkpoints must name (default: the log key's name). */
  readonly origin?: string;
  /** The witness's name, for a new key (default `sijill-witness`). */
  readonly name?: string;
  /** Post the cosignature to the log (default true). */
  readonly post?: boolean;
  readonly now?: () => Date;
}

export interface WitnessReport {
  readonly ok: true;
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly previousSize: number;
  readonly witnessKey: string;
  /** The cosigned checkpoint note. */
  readonly cosigned: string;
  readonly posted: unknown;
}

/** The witness refused to cosign; the evidence file says why. */
export class WitnessRefusal extends Error {
  constructor(
    message: string,
    readonly evidencePath: string,
  ) {
    super(message);
    this.name = 'WitnessRefusal';
  }
}

interface WitnessState {
  [origin: string]: { size: number; root: string; checkpoint: string };
}

/** Verify the log's latest checkpoint, cosign it, keep it, post the cosignature. */
export async function runWitness(options: WitnessOptions): Promise<WitnessReport> {
  const key = openWitnessKey(options.stateDir, options.name);
  const now = (options.now ?? (() => new Date()))();
  const client = new LogClient(options.url);
  const verifier = ed25519NoteVerifier(options.logKey);
  const origin = options.origin ?? verifier.name;
  const statePath = join(options.stateDir, 'witness-state.json');
  const state: WitnessState = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as WitnessState) : {};

  try {
    return await witness(options, key, client, state, statePath, now, origin, verifier);
  } finally {
    client.close();
  }
}

async function witness(
  options: WitnessOptions,
  key: WitnessKey,
  client: LogClient,
  state: WitnessState,
  statePath: string,
  now: Date,
  origin: string,
  verifier: NoteVerifier,
): Promise<WitnessReport> {
  const last = state[origin];
  const served = await client.checkpoint();
  const refuse = (message: string, proof?: unknown): never => {
    const path = join(options.stateDir, `evidence-${now.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(path, `${JSON.stringify({ refused: message, at: now.toISOString(), log: options.url, last_cosigned: last?.checkpoint ?? null, served_checkpoint: served, proof: proof ?? null }, null, 2)}\n`);
    throw new WitnessRefusal(message, path);
  };
  let opened;
  try {
    opened = openCheckpoint(served, [verifier], { origin });
  } catch (error) {
    return refuse(`the checkpoint does not verify with the log key: ${(error as Error).message}`);
  }
  const { size, rootHash } = opened.checkpoint;
  if (last) {
    const lastRoot = Buffer.from(last.root, 'hex');
    if (size < last.size) refuse(`the log offers size ${size}, smaller than the ${last.size} already cosigned: refusing to cosign a rollback`);
    if (size === last.size && !rootHash.equals(lastRoot)) refuse(`fork: size ${size} was cosigned with root ${last.root}, the log now offers root ${rootHash.toString('hex')}`);
    if (size > last.size && last.size > 0) {
      const proof = await client.consistencyProof(last.size, size);
      if (!verifyConsistency(last.size, size, proof, lastRoot, rootHash)) {
        refuse(`the consistency proof from ${last.size} to ${size} does not verify: refusing to cosign`, { from: last.size, to: size, hashes: proof.map((h) => h.toString('hex')) });
      }
    }
  }

  // Saved before the cosignature leaves this process: a witness never cosigns two views.
  state[origin] = { size, root: rootHash.toString('hex'), checkpoint: opened.note.text };
  writeFileSync(`${statePath}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${statePath}.tmp`, statePath);

  const signer = cosigner(key.name, key.seed, () => Math.floor(now.getTime() / 1000));
  const cosigned = cosignCheckpoint(served, signer);
  const posted = options.post === false ? null : await client.postCosignature(cosigned);
  return { ok: true, origin, size, root: rootHash.toString('hex'), previousSize: last?.size ?? 0, witnessKey: key.verifierKey, cosigned, posted };
}
