/**
 * Driving transfers through the write path in tests: a creator, an approver (another
 * official), and the officers at each end. Places and officials are fictional.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type CommandOutcome, type Register } from '../../src/commands/execute.ts';
import { createTransfer } from '../../src/commands/create-transfer.ts';
import { approveTransfer } from '../../src/commands/approve-transfer.ts';
import { dispatchTransfer } from '../../src/commands/dispatch-transfer.ts';
import { checkInPerson } from '../../src/commands/check-in-person.ts';
import { closeCount } from '../../src/commands/close-count.ts';
import type { Role } from '../../src/domain/permissions.ts';
import type { TransferEndpoint } from '../../src/domain/transfer.ts';
import type { CheckInPerson } from '../../src/domain/transfer-movement.ts';

export const as = (actor: string, role: Role = 'facility_officer'): CommandContext => ({ actor, role, idempotencyKey: randomUUID() });
export const creator = () => as('officer.gate');
export const approver = () => as('supervisor.duty', 'supervisor');

export function ok<R>(outcome: CommandOutcome<R>, what: string): R {
  assert.ok(outcome.ok, `${what}: ${JSON.stringify(outcome)}`);
  return outcome.response;
}

export const atFacility = (facility_id: string): TransferEndpoint => ({ kind: 'facility', facility_id });

/** Create and approve an order; returns its id. */
export async function approvedTransfer(register: Register, origin: TransferEndpoint, destination: TransferEndpoint, persons: readonly string[]): Promise<string> {
  const transfer_id = randomUUID();
  ok(await execute(register, createTransfer, { transfer_id, origin, destination, reason: 'court order: trial at the destination', persons }, creator()), 'create');
  ok(await execute(register, approveTransfer, { transfer_id }, approver()), 'approve');
  return transfer_id;
}

export const dispatchInput = (transfer_id: string, occurred_at = '2026-03-01T06:00:00+03:00') => ({
  transfer_id,
  escort_authority: 'Fictional escort command',
  escort_commander: 'Captain F. Fictional',
  releasing_official: 'Warden R. Fictional',
  occurred_at,
});

export function checkInInput(transfer_id: string, person_id: string, register_number: string, unit_id: string, overrides: Partial<CheckInPerson> = {}): CheckInPerson {
  return { transfer_id, person_id, register_number, unit_id, receiving_official: 'Officer D. Fictional', occurred_at: '2026-03-01T12:00:00+03:00', ...overrides };
}

export const closeCountInput = (transfer_id: string, occurred_at = '2026-03-01T18:00:00+03:00') => ({ transfer_id, receiving_official: 'Warden D. Fictional', occurred_at });

export { dispatchTransfer, checkInPerson, closeCount };
