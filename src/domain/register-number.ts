/**
 * Permanent register numbers: Crockford base32, with Crockford's mod-37 check symbol,
 * printed in groups (`7KQ4-9XZT-M`) so a clerk can read one aloud or copy it from a wristband.
 * Input is forgiving as Crockford intends: case, hyphens and spaces are ignored, I and L read
 * as 1, O as 0.
 */

const symbols = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const checkSymbols = `${symbols}*~$=U`;
const bodyLength = 8;

function checkSymbolOf(body: string): string {
  let remainder = 0;
  for (const char of body) remainder = (remainder * 32 + symbols.indexOf(char)) % 37;
  return checkSymbols[remainder]!;
}

/** Make a register number from 40 bits of randomness (5 bytes) supplied by the caller. */
export function registerNumberFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 5) throw new RangeError('a register number takes exactly 5 random bytes');
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let body = '';
  for (let i = bodyLength - 1; i >= 0; i--) body += symbols[Number((bits >> BigInt(5 * i)) & 31n)];
  return format(body + checkSymbolOf(body));
}

function format(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

/**
 * Read a register number as typed or scanned. Returns the canonical printed form, or
 * null when it is not a register number or its check symbol does not agree.
 */
export function parseRegisterNumber(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (compact.length !== bodyLength + 1) return null;
  const body = compact.slice(0, bodyLength);
  if (![...body].every((c) => symbols.includes(c))) return null;
  return checkSymbolOf(body) === compact[bodyLength] ? format(compact) : null;
}
