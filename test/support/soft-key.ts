/**
 * A security key made of node:crypto, for tests: an ES256 (P-256) key pair that answers
 * WebAuthn ceremonies the way an authenticator and a browser together do — the client data
 * JSON, the authenticator data (RP id hash, flags, signature counter, attested credential data
 * with the COSE public key), the attestation object (format `none`) in CBOR, and an assertion
 * signed over authenticatorData ‖ SHA-256(clientDataJSON) — written here from the WebAuthn
 * Level 2 specification (§6.1, §6.5, §7) and RFC 8949 / RFC 9053, not by the library under
 * test. Every part can be bent (origin, RP id, type, counter, flags, challenge, the signing key)
 * to try what the server must refuse.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// ---------------------------------------------------------------- CBOR (RFC 8949), the few types WebAuthn needs

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.of((major << 5) | length);
  if (length < 0x100) return Buffer.of((major << 5) | 24, length);
  if (length < 0x10000) return Buffer.of((major << 5) | 25, length >> 8, length & 0xff);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts: Buffer[] = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- the key

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64u = (data: Uint8Array) => Buffer.from(data).toString('base64url');

/** Authenticator data flags (WebAuthn §6.1): user present, user verified, attested credential data included. */
export const flags = { up: 0x01, uv: 0x04, at: 0x40 } as const;

export interface Bent {
  /** The page's origin the browser writes into the client data (default: the key's origin). */
  readonly origin?: string;
  /** The RP id whose hash the authenticator data carries (default: the key's RP id). */
  readonly rpId?: string;
  /** The ceremony's type in the client data (default: webauthn.create / webauthn.get). */
  readonly type?: string;
  /** The challenge answered (default: the options'). */
  readonly challenge?: string;
  /** The signature counter (default: the key's next). */
  readonly counter?: number;
  /** The flags byte (default: user present, with attested credential data at registration). */
  readonly flags?: number;
  /** Sign with another private key (a forgery). */
  readonly signWith?: KeyObject;
  /** Client data as given, base64url (overrides the JSON made here). */
  readonly clientDataJSON?: string;
}

export class SoftKey {
  readonly credentialId: Buffer;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The counter of the last signature (the next one adds one), or null: a key without a counter (always 0). */
  counter: number | null;

  constructor(
    readonly origin: string,
    readonly rpId: string,
    options: { counter?: boolean } = {},
  ) {
    this.credentialId = randomBytes(32);
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.counter = options.counter === false ? null : 0;
  }

  /** The public key as a COSE_Key (RFC 9053 §7.1.1: kty EC2, alg ES256, crv P-256, x, y). */
  cosePublicKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  private nextCounter(bent: Bent): number {
    if (bent.counter !== undefined) return bent.counter;
    if (this.counter === null) return 0;
    return ++this.counter;
  }

  private clientData(type: string, challenge: string, bent: Bent): string {
    return bent.clientDataJSON ?? b64u(Buffer.from(JSON.stringify({ type: bent.type ?? type, challenge: bent.challenge ?? challenge, origin: bent.origin ?? this.origin, crossOrigin: false })));
  }

  private authData(flagsByte: number, counter: number, rpId: string, attested: boolean): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts: Buffer[] = [sha256(rpId), Buffer.of(flagsByte), count];
    if (attested) {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), length, this.credentialId, this.cosePublicKey());
    }
    return Buffer.concat(parts);
  }

  /** navigator.credentials.create's answer to `options` (PublicKeyCredentialCreationOptionsJSON), as the browser's toJSON gives it. */
  register(options: { challenge: string }, bent: Bent = {}) {
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, bent);
    const authData = this.authData(bent.flags ?? flags.up | flags.at, this.nextCounter(bent), bent.rpId ?? this.rpId, true);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const id = b64u(this.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      response: { clientDataJSON, attestationObject: b64u(attestationObject), transports: ['usb' as const] },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform' as const,
    };
  }

  /** navigator.credentials.get's answer to `options` (PublicKeyCredentialRequestOptionsJSON). */
  assert(options: { challenge: string }, bent: Bent = {}) {
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, bent);
    const authData = this.authData(bent.flags ?? flags.up, this.nextCounter(bent), bent.rpId ?? this.rpId, false);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), bent.signWith ?? this.privateKey);
    const id = b64u(this.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      response: { clientDataJSON, authenticatorData: b64u(authData), signature: b64u(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform' as const,
    };
  }
}
