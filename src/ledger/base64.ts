/**
 * Strict standard base64 (RFC 4648 section 4), as signed notes, checkpoints and
 * cosignatures use it. Node's own decoder skips invalid characters and missing
 * padding, which would let two different strings name the same signature or root.
 */

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard, padded base64, or returns undefined for anything else, including
 * a non-canonical encoding (unused low bits set), so every byte string has exactly
 * one accepted text form.
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (!CANONICAL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Encodes bytes as standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
