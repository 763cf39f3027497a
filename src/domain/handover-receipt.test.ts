import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeadlines } from './decision.ts';
import type { EventData } from './events.ts';
import { decideIssueReceipt, type ReceiptSource } from './handover-receipt.ts';
import { maxEventBytes } from './event-size.ts';
import { registerNumberFromBytes } from './register-number.ts';
import { isRejection } from './rejection.ts';

const ctx = { now: '2026-03-02T10:00:00.000Z', newId: () => 'x', deadlines: defaultDeadlines, actor: 'officer.destination' };
const number = (i: number) => registerNumberFromBytes(Uint8Array.of(2, 0, i >> 16, (i >> 8) & 0xff, i & 0xff));

test('the receipt of a transfer of 10,000: the issued event and the events after it carry every register number, in order, each small enough for the log', () => {
  const members = Array.from({ length: 10_000 }, (_, i) => ({ register_number: number(i), status: i % 10 === 3 ? ('unaccounted' as const) : ('received' as const) }));
  const source: ReceiptSource = {
    transfer_id: 't1', status: 'received', origin_place: 'Fictional Origin (SY)', destination_place: 'Fictional Prison (IQ)',
    releasing_official: 'Warden R.', escort: { authority: 'Escort command', commander: 'Captain F.' }, dispatched_at: '2026-03-01T03:00:00.000Z',
    receiving_official: 'Warden D.', count_closed_at: '2026-03-02T09:00:00.000Z', members, issued: null,
  };
  const events = decideIssueReceipt(source, { transfer_id: 't1', receipt_id: 'r1' }, ctx);
  assert.ok(!isRejection(events));
  assert.equal(events[0]!.kind, 'transfer.receipt_issued');
  assert.ok(events.length > 1);
  assert.deepEqual(new Set(events.slice(1).map((e) => e.kind)), new Set(['transfer.receipt_listed']));
  const issued = events[0]!.data as EventData['transfer.receipt_issued'];
  const rest = events.slice(1).map((e) => e.data as EventData['transfer.receipt_listed']);
  for (const r of rest) assert.deepEqual([r.transfer_id, r.receipt_id], ['t1', 'r1']);
  const received = [...issued.receipt.received_register_numbers, ...rest.flatMap((r) => r.received_register_numbers)];
  const notReceived = [...issued.receipt.not_received, ...rest.flatMap((r) => r.not_received)];
  assert.deepEqual(received, members.filter((m) => m.status === 'received').map((m) => m.register_number));
  assert.deepEqual(notReceived, members.filter((m) => m.status !== 'received').map((m) => ({ register_number: m.register_number, status: 'unaccounted' })));
  assert.deepEqual(issued.receipt.count, { dispatched: 10_000, received: 9_000, not_received: 1_000 });
  for (const e of events) assert.ok(Buffer.byteLength(JSON.stringify(e.data)) < maxEventBytes - 1024);
});
