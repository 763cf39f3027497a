/**
 * An implementation of RFC 6238 of the tests' own (node:crypto), to compute the codes an
 * authenticator app would show: checked against RFC 6238's test vectors in
 * test/second-factor.test.ts.
 */
import { createHmac } from 'node:crypto';

/** HOTP (RFC 4226) with HMAC-SHA-1. */
export function hotp(key: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** TOTP (RFC 6238) with 30-second steps from T0 = 0. */
export const totp = (key: Uint8Array, at: Date, digits = 6) => hotp(key, Math.floor(at.getTime() / 1000 / 30), digits);

/** RFC 4648 base32, as the secret is shown to type into an app. */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
}
