/**
 * Complaints and allegations, evidence frozen, the detainee's own file (issue 16): through the
 * write path on PGlite, and the API's named refusals.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { correctPerson } from '../src/commands/correct-person.ts';
import { mergePersons } from '../src/commands/merge-persons.ts';
import { lodgeComplaint } from '../src/commands/lodge-complaint.ts';
import { answerComplaint } from '../src/commands/answer-complaint.ts';
import { recordAllegation } from '../src/commands/record-allegation.ts';
import { acknowledgeReferral, closeAllegation } from '../src/commands/allegation-step.ts';
import { freezeEvidence } from '../src/commands/freeze-evidence.ts';
import { discloseOwnFile } from '../src/commands/disclose-own-file.ts';
import { personComplaints } from '../src/queries/complaints-file.ts';
import { responseClockStatus } from '../src/domain/response-clock.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { Database } from '../src/store/database.ts';
import { checkRegister } from '../src/store/check.ts';

const as = (role: Role, actor: string = role) => ({ actor, role, idempotencyKey: randomUUID() });
const facilityRoles: Role[] = ['registration_clerk', 'facility_officer', 'supervisor', 'administrator'];

const backend = backends.find((b) => b.name === 'pglite') ?? backends[0]!;

describe('complaints, allegations, evidence and the own file', () => {
  let db: Database;
  let register: Register;
  let now = new Date('2026-03-10T09:00:00Z');
  const facility = aFacility();

  before(async () => {
    db = await backend.open();
    register = { db, clock: () => now };
    assert.ok((await execute(register, registerFacility, facility, as('supervisor'))).ok);
  });
  after(() => db.close());

  async function admitted(): Promise<string> {
    const person = aPerson();
    assert.ok((await execute(register, registerPerson, person, as('registration_clerk'))).ok);
    const done = await execute(register, admitPerson, anAdmission(person.person_id, facility), as('registration_clerk'));
    assert.ok(done.ok, JSON.stringify(done));
    return person.person_id;
  }

  async function events(personId: string) {
    const { rows } = await db.query<{ event_id: string; kind: string; idx: string; bytes: Uint8Array }>('SELECT event_id, kind, idx, bytes FROM event WHERE person_id = $1 ORDER BY idx', [personId]);
    return rows.map((r) => ({ ...r, data: JSON.parse(Buffer.from(r.bytes).toString('utf8')).data }));
  }

  test('a complaint is recorded with its answer deadline; answered once; the clock is met', async () => {
    const id = await admitted();
    const lodged = await execute(
      register,
      lodgeComplaint,
      { person_id: id, nature: 'complaint', complainant: 'relative', complainant_name: 'Fictional Brother', subject: 'contact_with_family', text: 'no family visit for six weeks', received_at: '2026-03-10T10:00:00+03:00' },
      as('facility_officer'),
    );
    assert.ok(lodged.ok, JSON.stringify(lodged));
    assert.equal(lodged.response.allegation_id, null);
    let view = await personComplaints(db, id, now, true);
    // 7 days (the default) from 07:00Z on 10 March.
    assert.equal(view.complaints[0]!.due_at, '2026-03-17T07:00:00.000Z');
    assert.equal(view.complaints[0]!.clock, 'running');
    const answered = await execute(register, answerComplaint, { complaint_id: lodged.response.complaint_id, answer: 'visits resume on Thursday', answered_at: '2026-03-10T12:00:00+03:00' }, as('supervisor'));
    assert.ok(answered.ok, JSON.stringify(answered));
    view = await personComplaints(db, id, now, true);
    assert.equal(view.complaints[0]!.answer?.text, 'visits resume on Thursday');
    assert.equal(view.complaints[0]!.clock, 'met');
    const again = await execute(register, answerComplaint, { complaint_id: lodged.response.complaint_id, answer: 'again', answered_at: '2026-03-10T12:00:00+03:00' }, as('supervisor'));
    assert.equal(!again.ok && again.rejection.code, 'invalid_transition');
  });

  test('a complaint on someone’s behalf names who brought it; nothing is written otherwise', async () => {
    const id = await admitted();
    const before = (await events(id)).length;
    const nameless = await execute(register, lodgeComplaint, { person_id: id, nature: 'request', complainant: 'counsel', subject: 'legal_process', text: 'copy of the order', received_at: '2026-03-10T10:00:00+03:00' }, as('facility_officer'));
    assert.equal(!nameless.ok && nameless.rejection.field, '/complainant_name');
    assert.equal((await events(id)).length, before);
  });

  test('the answer clock: inclusive limit, alert window, breach, met late', () => {
    const due = '2026-03-17T07:00:00.000Z';
    assert.equal(responseClockStatus(due, null, '2026-03-15T06:59:59Z', 48), 'running');
    assert.equal(responseClockStatus(due, null, '2026-03-15T07:00:00Z', 48), 'due_soon');
    assert.equal(responseClockStatus(due, null, '2026-03-17T07:00:00Z', 48), 'due_soon');
    assert.equal(responseClockStatus(due, null, '2026-03-17T07:00:01Z', 48), 'breached');
    assert.equal(responseClockStatus(due, '2026-03-17T07:00:00Z', '2026-03-20T00:00:00Z', 48), 'met');
    assert.equal(responseClockStatus(due, '2026-03-17T07:00:01Z', '2026-03-20T00:00:00Z', 48), 'met_late');
  });

  test('a torture allegation opens the independent referral at once, formal complaint or not; the facility cannot close it', async () => {
    const id = await admitted();
    // Heard by a registration clerk, no complaint made.
    const heard = await execute(register, recordAllegation, { person_id: id, heard_from: 'detainee', account: 'beaten during questioning on the night of arrival', heard_at: '2026-03-10T11:00:00+03:00' }, as('registration_clerk'));
    assert.ok(heard.ok, JSON.stringify(heard));
    const [recorded] = (await events(id)).filter((e) => e.kind === 'allegation.recorded');
    assert.equal(recorded!.data.referral.to_role, 'oversight');
    assert.equal(recorded!.data.referral.escalate_at, '2026-03-11T08:00:00.000Z');
    // A complaint alleging ill-treatment opens the same referral in the same command.
    const complained = await execute(
      register,
      lodgeComplaint,
      { person_id: id, nature: 'complaint', complainant: 'detainee', subject: 'treatment_by_staff', text: 'kicked by a guard in the yard', received_at: '2026-03-10T11:30:00+03:00', alleges_ill_treatment: true },
      as('facility_officer'),
    );
    assert.ok(complained.ok, JSON.stringify(complained));
    assert.deepEqual(complained.response.events.map((e) => e.kind), ['complaint.lodged', 'allegation.recorded']);
    const view = await personComplaints(db, id, now, true);
    assert.equal(view.allegations.length, 2);
    assert.ok(view.allegations.every((a) => a.status === 'referred' && a.clock === 'running'));
    assert.equal(view.allegations[1]!.complaint_id, complained.response.complaint_id);

    const allegationId = heard.response.allegation_id;
    for (const role of facilityRoles) {
      const closed = await execute(register, closeAllegation, { allegation_id: allegationId, outcome: 'not_substantiated', findings: 'nothing found' }, as(role));
      assert.equal(!closed.ok && closed.rejection.code, 'independent_authority_only', role);
      const taken = await execute(register, acknowledgeReferral, { allegation_id: allegationId, reference: 'X-1' }, as(role));
      assert.equal(!taken.ok && taken.rejection.code, 'independent_authority_only', role);
    }
    // Past the escalation instant with nobody independent taking it up: breached.
    now = new Date('2026-03-11T08:00:01Z');
    assert.equal((await personComplaints(db, id, now, true)).allegations[0]!.clock, 'breached');
    const taken = await execute(register, acknowledgeReferral, { allegation_id: allegationId, reference: 'NPM-2026-17' }, as('oversight', 'oversight.one'));
    assert.ok(taken.ok, JSON.stringify(taken));
    const closed = await execute(register, closeAllegation, { allegation_id: allegationId, outcome: 'referred_for_prosecution', findings: 'injuries consistent with the account' }, as('oversight', 'oversight.one'));
    assert.ok(closed.ok, JSON.stringify(closed));
    const after = (await personComplaints(db, id, now, true)).allegations[0]!;
    assert.equal(after.status, 'closed');
    assert.equal(after.clock, 'met_late');
    now = new Date('2026-03-10T09:00:00Z');
  });

  test('a serious injury freezes the records: a correction of a frozen event is a new event referencing it; a change (a merge) is refused by name; the log refuses an edit', async () => {
    const id = await admitted();
    const registered = (await events(id)).find((e) => e.kind === 'person.registered')!;
    const frozen = await execute(register, freezeEvidence, { person_id: id, incident: 'serious_injury', occurred_at: '2026-03-10T08:00:00+03:00', description: 'fractured arm found at the morning count' }, as('supervisor'));
    assert.ok(frozen.ok, JSON.stringify(frozen));
    const tasks = await db.query<{ kind: string }>("SELECT kind FROM task WHERE person_id = $1 AND kind = 'independent_incident_referral'", [id]);
    assert.equal(tasks.rows.length, 1);

    const sexBefore = (await db.query<{ sex: string }>('SELECT sex FROM person WHERE id = $1', [id])).rows[0]!.sex;
    // A correction beside a frozen record is checked as any correction is: a birth date after today is refused at its field, nothing written.
    const bad = await execute(register, correctPerson, { person_id: id, corrects: registered.event_id, reason: 'mistyped', changes: { dob: { kind: 'exact', date: '2099-01-01' } } }, as('supervisor'));
    assert.ok(!bad.ok && bad.rejection.field?.startsWith('/changes/dob'), JSON.stringify(bad));
    assert.equal((await events(id)).filter((e) => e.kind === 'evidence.correction_recorded').length, 0);
    const corrected = await execute(register, correctPerson, { person_id: id, corrects: registered.event_id, reason: 'sex mistyped at registration', changes: { sex: sexBefore === 'male' ? 'female' : 'male' } }, as('supervisor'));
    assert.ok(corrected.ok, JSON.stringify(corrected));
    assert.deepEqual(corrected.response.events.map((e) => e.kind), ['evidence.correction_recorded']);
    const note = (await events(id)).find((e) => e.kind === 'evidence.correction_recorded')!;
    assert.equal(note.data.corrects, registered.event_id);
    assert.equal(note.data.freeze_id, frozen.response.freeze_id);
    // The record as frozen is unchanged; the correction stands beside it.
    assert.equal((await db.query<{ sex: string }>('SELECT sex FROM person WHERE id = $1', [id])).rows[0]!.sex, sexBefore);
    assert.equal((await personComplaints(db, id, now, true)).corrections[0]!.corrects, registered.event_id);

    const other = await admitted();
    const merge = await execute(register, mergePersons, { person_id: id, into: other, reason: 'same person' }, as('supervisor'));
    assert.equal(!merge.ok && merge.rejection.code, 'record_frozen');
    await assert.rejects(db.query(`UPDATE event SET actor = 'someone' WHERE event_id = $1`, [registered.event_id]), /append-only/);
  });

  test('a freeze is of a disappearance or a serious injury (a death freezes by its own event), described', async () => {
    const id = await admitted();
    const death = await execute(register, freezeEvidence, { person_id: id, incident: 'death', occurred_at: '2026-03-10T08:00:00+03:00', description: 'x' }, as('supervisor'));
    assert.equal(!death.ok && death.rejection.field, '/incident');
    const bare = await execute(register, freezeEvidence, { person_id: id, incident: 'disappearance', occurred_at: '2026-03-10T08:00:00+03:00', description: ' ' }, as('supervisor'));
    assert.equal(!bare.ok && bare.rejection.field, '/description');
  });

  test('the own file: every redaction with its legal basis and who redacted it', async () => {
    const id = await admitted();
    const baseless = await execute(register, discloseOwnFile, { person_id: id, recipient: 'detainee', redactions: [{ section: 'events', what: 'the name of an informant', legal_basis: ' ' }] }, as('supervisor'));
    assert.equal(!baseless.ok && baseless.rejection.field, '/redactions/0/legal_basis');
    const counselless = await execute(register, discloseOwnFile, { person_id: id, recipient: 'counsel', redactions: [] }, as('supervisor'));
    assert.equal(!counselless.ok && counselless.rejection.field, '/counsel_name');
    const given = await execute(
      register,
      discloseOwnFile,
      { person_id: id, recipient: 'counsel', counsel_name: 'Fictional Counsel', redactions: [{ section: 'allegations', what: 'the name of the staff witness', legal_basis: 'Witness protection law, art. 5' }] },
      as('supervisor', 'supervisor.two'),
    );
    assert.ok(given.ok, JSON.stringify(given));
    const { rows } = await db.query<{ record: { redactions: { what: string; legal_basis: string; redacted_by: string }[] } }>('SELECT record FROM own_file_disclosure WHERE person_id = $1', [id]);
    assert.deepEqual(rows[0]!.record.redactions, [{ section: 'allegations', what: 'the name of the staff witness', legal_basis: 'Witness protection law, art. 5', redacted_by: 'supervisor.two' }]);
  });

  test('every projection of these events is what a replay of the log builds', async () => {
    assert.deepEqual((await checkRegister(db)).findings, []);
  });
});
