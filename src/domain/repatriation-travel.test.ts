import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJourneyHome, type TravelStanding } from './repatriation-travel.ts';

const open = { id: 'c1', reference: 'INV/2026/17', court: 'First Karkh Investigative Court', stage: 'investigation' as const };
const standing = (over: Partial<TravelStanding> = {}): TravelStanding => ({ register_number: 'K7P2-9QX4', repatriation: null, courtCases: [], pendingHearings: [], ...over });
const approved = (permitted: string[] = []) => ({ id: 'r1', status: 'approved' as const, court_permissions: permitted.map((id) => ({ court_case_id: id, reference: 'TP/1', judge: 'Judge F. Fictional', issued_at: '2026-03-08T10:00:00+03:00' })) });

test('nothing in the way: no case before a court, or every open one permitted by its court; a final case blocks nothing', () => {
  assert.equal(checkJourneyHome('FR', standing(), '/persons/0'), null);
  assert.equal(checkJourneyHome('FR', standing({ repatriation: approved(['c1']), courtCases: [open] }), '/persons/0'), null);
  assert.equal(checkJourneyHome('FR', standing({ courtCases: [{ ...open, stage: 'final' }] }), '/persons/0'), null);
});

test('an open case without its court’s permission is a court blocker naming the person, the case, the court and the pending hearing', () => {
  const r = checkJourneyHome('FR', standing({ repatriation: approved(), courtCases: [open], pendingHearings: [{ court_case_id: 'c1', at: '2026-03-20T07:00:00.000Z' }] }), '/persons/3');
  assert.equal(r?.code, 'court_blocker');
  assert.equal(r?.field, '/persons/3');
  assert.equal(
    r?.message,
    'person K7P2-9QX4 has the case INV/2026/17 open before First Karkh Investigative Court, a hearing pending on 2026-03-20T07:00:00.000Z, and no decision of that court permitting travel is recorded: nobody leaves for another state while a court holds them',
  );
});

test('a repatriation case to that state that is not approved refuses the journey before anything else', () => {
  const r = checkJourneyHome('FR', standing({ repatriation: { ...approved(), status: 'acceptance_withdrawn' }, courtCases: [open] }), '/persons/0');
  assert.equal(r?.code, 'repatriation_not_approved');
  assert.equal(r?.message, "person K7P2-9QX4's repatriation case to FR is acceptance withdrawn: the journey home follows its approval");
});
