/**
 * Ed25519 (RFC 8032) over raw 32-byte seeds and public keys, the forms signed-note
 * keys carry, using node:crypto. Node only imports Ed25519 keys as DER, so the raw
 * bytes are wrapped in the fixed PKCS #8 and SPKI prefixes for that algorithm.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Bytes in an Ed25519 seed (the private key as signed-note key strings carry it). */
export const ED25519_SEED_SIZE = 32;
/** Bytes in an Ed25519 public key. */
export const ED25519_PUBLIC_KEY_SIZE = 32;
/** Bytes in an Ed25519 signature. */
export const ED25519_SIGNATURE_SIZE = 64;

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 private key ready to sign, with its raw public key. */
export interface Ed25519KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: Buffer;
}

/** Derives the key pair from a 32-byte seed. */
export function ed25519KeyPair(seed: Uint8Array): Ed25519KeyPair {
  if (seed.length !== ED25519_SEED_SIZE) throw new RangeError(`Ed25519 seed must be ${ED25519_SEED_SIZE} bytes`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(SPKI_PREFIX.length) };
}

/** A fresh random seed. */
export function generateEd25519Seed(): Buffer {
  return randomBytes(ED25519_SEED_SIZE);
}

/** Imports a raw 32-byte public key. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_PUBLIC_KEY_SIZE) throw new RangeError(`Ed25519 public key must be ${ED25519_PUBLIC_KEY_SIZE} bytes`);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Signs a message (Ed25519 is deterministic: same key and message, same signature). */
export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, privateKey);
}

/** Verifies a 64-byte signature; any other length is simply invalid. */
export function ed25519Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  return signature.length === ED25519_SIGNATURE_SIZE && verify(null, message, publicKey, signature);
}
