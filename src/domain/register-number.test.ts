import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRegisterNumber, registerNumberFromBytes } from './register-number.ts';

test('the check symbol is the body value modulo 37 (worked by hand)', () => {
  // Body 00000001 has value 1, so the check symbol is symbol 1 = "1".
  assert.equal(registerNumberFromBytes(new Uint8Array([0, 0, 0, 0, 1])), '0000-0001-1');
  // Body 0000000Z has value 31; 31 mod 37 = 31 = "Z".
  assert.equal(registerNumberFromBytes(new Uint8Array([0, 0, 0, 0, 31])), '0000-000Z-Z');
  // Value 37 = "15" in base32; 37 mod 37 = 0.
  assert.equal(registerNumberFromBytes(new Uint8Array([0, 0, 0, 0, 37])), '0000-0015-0');
  // Value 36 = "14"; check symbol 36 is "U".
  assert.equal(registerNumberFromBytes(new Uint8Array([0, 0, 0, 0, 36])), '0000-0014-U');
});

test('a number read back in lower case, without hyphens, with I/L/O confusions, is the same number', () => {
  assert.equal(parseRegisterNumber('oooo ooo1 l'), '0000-0001-1');
  assert.equal(parseRegisterNumber('00000015-0'), '0000-0015-0');
});

test('every generated number parses to itself, and any single changed symbol is caught', () => {
  const symbols = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.nat(8), fc.nat(31), (bytes, position, replacement) => {
      const number = registerNumberFromBytes(bytes);
      assert.equal(parseRegisterNumber(number), number);
      const compact = number.replace(/-/g, '');
      const changed = compact.slice(0, position) + symbols[replacement] + compact.slice(position + 1);
      if (changed !== compact) assert.equal(parseRegisterNumber(changed), null);
    }),
  );
});

test('garbage is not a register number', () => {
  for (const input of ['', 'ABC', '0000-0001-2', '0000-0001-1-1', 'ابجد-هوز']) assert.equal(parseRegisterNumber(input), null);
});
