import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeadlines } from './decision.ts';
import { isRejection } from './rejection.ts';
import {
  checkTransferMove,
  decideApproveTransfer,
  decideCancelTransfer,
  transferStatuses,
  transferTransitions,
  type SafeguardsAssessment,
  type Transfer,
  type TransferMember,
} from './transfer.ts';
import { decideDispatch } from './transfer-movement.ts';

let n = 0;
const ctx = (actor = 'supervisor.b') => ({ now: '2026-03-01T00:00:00Z', newId: () => `id-${++n}`, deadlines: defaultDeadlines, actor });

const member = (i: number, safeguards: SafeguardsAssessment | null = null): TransferMember => ({
  person_id: `p${i}`,
  register_number: `REG-${i}`,
  status: 'listed',
  from_facility_id: null,
  from_unit_id: null,
  from_category: null,
  safeguards,
  leg: null,
});

function aTransfer(overrides: Partial<Transfer> = {}): Transfer {
  return {
    id: 't1',
    status: 'draft',
    origin: { kind: 'facility', facility_id: 'f1' },
    destination: { kind: 'facility', facility_id: 'f2' },
    origin_country: 'IQ',
    created_by: 'officer.a',
    persons: 2,
    stops: [],
    at_stop: null,
    next_stop: 0,
    members: [member(1), member(2)],
    ...overrides,
  };
}

const assessment = (finding: 'no_real_risk' | 'real_risk' = 'no_real_risk'): SafeguardsAssessment => ({
  receiving_state: 'FR',
  risks: { torture: { finding, reasoning: 'report' }, death_penalty: { finding: 'no_real_risk', reasoning: 'abolished' }, persecution: { finding: 'no_real_risk', reasoning: 'none' } },
  detainee_heard: { heard_on: '2026-02-20', summary: 'agrees' },
  assurances: 'note verbale',
  approved_by: 'Director S.',
});

test('every listed move of a transfer is allowed, and every other is refused with invalid_transition', () => {
  for (const from of transferStatuses) {
    for (const to of transferStatuses) {
      const refused = checkTransferMove(from, to);
      if (transferTransitions[from].includes(to)) assert.equal(refused, null, `${from} → ${to}`);
      else assert.equal(refused?.code, 'invalid_transition', `${from} → ${to}`);
    }
  }
  assert.deepEqual(transferTransitions.cancelled, []);
  assert.deepEqual(transferTransitions.closed, []);
  assert.ok(!transferTransitions.dispatched.includes('cancelled'), 'cancelled only before dispatch');
});

test('the approver is not the creator', () => {
  const own = decideApproveTransfer(aTransfer(), ctx('officer.a'));
  assert.ok(isRejection(own) && own.code === 'forbidden');
  const other = decideApproveTransfer(aTransfer(), ctx('supervisor.b'));
  assert.ok(!isRejection(other) && other[0]!.kind === 'transfer.approved');
});

test('cancelling after dispatch is refused; before it, a coded reason is required', () => {
  for (const status of ['dispatched', 'received', 'closed'] as const) {
    const refused = decideCancelTransfer(aTransfer({ status }), { transfer_id: 't1', code: 'order_withdrawn', note: '' }, ctx());
    assert.ok(isRejection(refused) && refused.code === 'invalid_transition', status);
  }
  const uncoded = decideCancelTransfer(aTransfer(), { transfer_id: 't1', code: 'whim' as never, note: '' }, ctx());
  assert.ok(isRejection(uncoded) && uncoded.field === '/code');
  const other = decideCancelTransfer(aTransfer({ status: 'approved' }), { transfer_id: 't1', code: 'other', note: '' }, ctx());
  assert.ok(isRejection(other) && other.field === '/note');
  assert.ok(!isRejection(decideCancelTransfer(aTransfer({ status: 'approved' }), { transfer_id: 't1', code: 'court_order', note: '' }, ctx())));
});

test('to another state, approval names the first person without a safeguards assessment, and refuses a real risk', () => {
  const abroad = { kind: 'authority' as const, name: 'Fictional Ministry', country: 'FR' };
  const missing = decideApproveTransfer(aTransfer({ destination: abroad, members: [member(1, assessment()), member(2)] }), ctx());
  assert.ok(isRejection(missing) && missing.code === 'missing_item');
  assert.match(missing.message, /REG-2/);
  const risky = decideApproveTransfer(aTransfer({ destination: abroad, members: [member(1, assessment('real_risk')), member(2, assessment())] }), ctx());
  assert.ok(isRejection(risky) && /REG-1.*torture/.test(risky.message));
  assert.ok(!isRejection(decideApproveTransfer(aTransfer({ destination: abroad, members: [member(1, assessment()), member(2, assessment())] }), ctx())));
  // An outside authority in the origin's own country is not a transfer to another state.
  assert.ok(!isRejection(decideApproveTransfer(aTransfer({ destination: { ...abroad, country: 'IQ' } }), ctx())));
});

test('a draft cannot be dispatched', () => {
  const input = { transfer_id: 't1', escort_authority: 'Escort', escort_commander: 'Cpt', releasing_official: 'Warden', occurred_at: '2026-02-28T10:00:00+03:00' };
  const refused = decideDispatch(aTransfer(), new Map(), new Map(), input, ctx());
  assert.ok(isRejection(refused) && refused.code === 'invalid_transition' && /not approved/.test(refused.message));
});
