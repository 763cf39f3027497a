import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newEventId } from './event-id.ts';

/** The 16 bytes of a UUID in its canonical text form. */
function bytesOf(id: string): Buffer {
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

test('10,000 event ids made in a tight loop are strictly increasing, as text and as bytes', () => {
  const ids: string[] = [];
  for (let i = 0; i < 10_000; i++) ids.push(newEventId());
  for (let i = 1; i < ids.length; i++) {
    const previous = ids[i - 1]!;
    const id = ids[i]!;
    assert.ok(previous < id, `id ${i} ${id} does not sort after ${previous}`);
    assert.equal(Buffer.compare(bytesOf(previous), bytesOf(id)), -1, `id ${i} ${id} does not sort after ${previous} as bytes`);
  }
});

test('an event id is a version 7, RFC 9562 variant UUID whose first 48 bits are the milliseconds when it was made', () => {
  const before = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < 10_000; i++) ids.push(newEventId());
  const after = Date.now();
  for (const id of ids) {
    const bytes = bytesOf(id);
    assert.equal(bytes[6]! >> 4, 7, `${id}: version`);
    assert.equal(bytes[8]! >> 6, 0b10, `${id}: variant`);
    const ms = bytes.readUIntBE(0, 6);
    assert.ok(ms >= before && ms <= after, `${id}: timestamp ${ms} outside ${before}..${after}`);
  }
});
