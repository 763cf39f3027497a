import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSendConsularNotification, decideTellConsularRights, evolveConsularNotification, type ConsularEventKind, type ConsularNotification, type ConsularSubject } from './consular-notification.ts';
import { defaultDeadlines } from './decision.ts';
import type { EventData, NewEvent } from './events.ts';
import type { Person } from './person.ts';
import { isRejection, type Rejection } from './rejection.ts';
import type { StateProfile } from './state-profile.ts';

const now = '2026-03-10T09:00:00.000Z';
let n = 0;
const ctx = { now, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, deadlines: defaultDeadlines, actor: 'officer.m' };
const person: Person = {
  id: 'p1',
  register_number: '0000-0001-1',
  details: { sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 }, nationalities: ['TN'], languages: ['ar'], documents: [], biometric_refs: [] },
  names: [],
  custody: { status: 'in_custody', facility_id: 'f1', unit_id: 'u1', legal_status: 'untried', category: 'men_untried' },
  frozen: false,
  merged_into: null,
  version: 3,
};
const profile = (policy: StateProfile['consular_notification']): StateProfile => ({ state: 'TN', consular_notification: policy, applies_death_penalty: true, liaison_contacts: [] });
const admissionTask = { task_id: 'task-admission', due_at: '2026-03-04T07:00:00.000Z' };
const subject = (policy: StateProfile['consular_notification'], record: ConsularNotification | null = null) => ({ person, state: 'TN', profile: profile(policy), record, openTask: record ? null : admissionTask, taskOpen: false }) satisfies ConsularSubject & { taskOpen: boolean };
const notification = { sent_at: '2026-03-03T12:00:00+03:00', channel: 'embassy', post: 'Embassy of Tunisia in Baghdad', reference: 'CN-1' } as const;
const told = (wish: 'requests' | 'refuses') => ({ told_at: '2026-03-02T10:00:00+03:00', language: 'Arabic', wish, ...(wish === 'refuses' ? { statement: 'do not tell them' } : {}) });

const refusal = (d: readonly NewEvent[] | Rejection) => (isRejection(d) ? d.code : 'written');
const written = (d: readonly NewEvent[] | Rejection) => {
  assert.ok(!isRejection(d), JSON.stringify(d));
  return d;
};
const fold = (events: readonly NewEvent[], prior: ConsularNotification | null = null) =>
  events.filter((e) => e.kind.startsWith('consular.')).reduce<ConsularNotification | null>((r, e) => evolveConsularNotification(r, { kind: e.kind as ConsularEventKind, person_id: e.person_id, data: e.data as EventData[ConsularEventKind] }), prior)!;

test('under a mandatory policy the post is informed before the person is told: the notification answers the admission’s task', () => {
  const events = written(decideSendConsularNotification(subject('mandatory'), notification, ctx));
  assert.deepEqual(events.map((e) => e.kind), ['consular.notification_sent', 'person.task_completed']);
  assert.deepEqual((events[0]!.data as EventData['consular.notification_sent']).untold, { policy: 'mandatory', due_at: '2026-03-04T07:00:00.000Z', task_id: 'task-admission' });
  assert.equal((events[1]!.data as EventData['person.task_completed']).task_id, 'task-admission');
  const record = fold(events);
  assert.equal(record.told, null);
  assert.equal(record.wish, null);
  assert.equal(record.due_at, '2026-03-04T07:00:00.000Z');
  assert.equal(record.sent?.reference, 'CN-1');
  // Told afterwards: recorded, nothing owed anew, no task; told twice, refused.
  const after = written(decideTellConsularRights(subject('mandatory', record), told('refuses'), ctx));
  assert.deepEqual(after.map((e) => e.kind), ['consular.rights_told']);
  assert.deepEqual((after[0]!.data as EventData['consular.rights_told']).tasks, []);
  const toldAfter = fold(after, record);
  assert.equal(toldAfter.wish, 'refuses');
  assert.equal(toldAfter.sent?.reference, 'CN-1');
  assert.equal(toldAfter.due_at, '2026-03-04T07:00:00.000Z');
  assert.equal(refusal(decideTellConsularRights(subject('mandatory', toldAfter), told('requests'), ctx)), 'invalid_transition');
  assert.equal(refusal(decideSendConsularNotification(subject('mandatory', toldAfter), notification, ctx)), 'duplicate');
});

test('under a mandatory policy the person’s refusal never blocks the notification', () => {
  const record = fold(written(decideTellConsularRights(subject('mandatory'), told('refuses'), ctx)));
  assert.equal(record.due_at, '2026-03-04T07:00:00.000Z');
  assert.equal(refusal(decideSendConsularNotification({ ...subject('mandatory', record), taskOpen: true }, notification, ctx)), 'written');
});

test('under "on request" the person is told first, and their refusal is respected', () => {
  assert.equal(refusal(decideSendConsularNotification(subject('on_request'), notification, ctx)), 'rights_not_told');
  const refused = fold(written(decideTellConsularRights(subject('on_request'), told('refuses'), ctx)));
  assert.equal(refused.due_at, null);
  assert.equal(refusal(decideSendConsularNotification(subject('on_request', refused), notification, ctx)), 'notification_refused');
  const asked = fold(written(decideTellConsularRights(subject('on_request'), told('requests'), ctx)));
  assert.equal(refusal(decideSendConsularNotification(subject('on_request', asked), notification, ctx)), 'written');
});
