/**
 * An answer to an information request for a person with 400 transfers (802 movements: the
 * admission, then a dispatch and a check-in for each) is larger than an event may be
 * (event-size.ts: 65,535 bytes). The register keeps it by reference — the events it was computed
 * from, the restrictions that withheld, and its digest — so it is written, and its letter, which
 * recomputes it from the log, lists every movement. A restriction that withheld an item is
 * recorded with the answer, and the letter still withholds it after the restriction has expired.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { as, ok } from './support/transfers.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { createTransfer } from '../src/commands/create-transfer.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { dispatchTransfer } from '../src/commands/dispatch-transfer.ts';
import { checkInPerson } from '../src/commands/check-in-person.ts';
import { closeCount } from '../src/commands/close-count.ts';
import { maxEventBytes } from '../src/domain/event-size.ts';
import { newEvent, type NewEvent } from '../src/domain/events.ts';
import { appendEvents, parseEventBytes } from '../src/store/event-log.ts';
import { canonicalJson } from '../src/ledger/canonical-json.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import type { Database } from '../src/store/database.ts';

const transfers = 400;

for (const backend of backends) {
  describe(`an answer for a person with ${transfers} transfers (${backend.name})`, () => {
    let db: Database;
    let app: FastifyInstance;
    let now = new Date('2027-03-01T09:00:00Z');
    let register: Register;
    let info: Client;
    let sup: Client;
    const karkh = aFacility({ name: 'Fictional Karkh Prison', authority: 'Ministry of Justice' });
    const nasiriyah = aFacility({ name: 'Fictional Nasiriyah Prison', authority: 'Ministry of Justice' });
    const person = aPerson();
    let requestId = '';

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => now };
      for (const f of [karkh, nasiriyah]) ok(await execute(register, registerFacility, f, as('setup', 'supervisor')), 'facility');
      ok(await execute(register, registerPerson, person, as('setup', 'registration_clerk')), 'register');
      ok(await execute(register, admitPerson, anAdmission(person.person_id, karkh, { admitted_at: '2026-01-01T10:00:00+03:00' }), as('setup', 'registration_clerk')), 'admit');
      // Two transfers through the write path (Karkh → Nasiriyah → Karkh); the 398 that follow are
      // their dispatch and check-in events written again, later, in one append to the log — the
      // answer reads only the log — rather than 2,000 commands (minutes on PGlite).
      let [from, to] = [karkh, nasiriyah];
      const start = Date.parse('2026-01-02T06:00:00Z');
      const at = (i: number, h: number) => new Date(start + i * 12 * 3_600_000 + h * 3_600_000).toISOString();
      for (let i = 0; i < 2; i++) {
        const transfer_id = randomUUID();
        ok(await execute(register, createTransfer, { transfer_id, origin: { kind: 'facility', facility_id: from.facility_id }, destination: { kind: 'facility', facility_id: to.facility_id }, reason: 'court order', persons: [person.person_id] }, as('officer.gate')), 'create');
        ok(await execute(register, approveTransfer, { transfer_id }, as('supervisor.duty', 'supervisor')), 'approve');
        ok(await execute(register, dispatchTransfer, { transfer_id, escort_authority: 'Fictional escort command', escort_commander: 'Captain F.', releasing_official: 'Warden R.', occurred_at: at(i, 0) }, as('officer.gate')), 'dispatch');
        ok(await execute(register, checkInPerson, { transfer_id, person_id: person.person_id, register_number: person.register_number, unit_id: to.units[0]!.id, receiving_official: 'Officer D.', occurred_at: at(i, 4) }, as('officer.gate2')), 'check in');
        ok(await execute(register, closeCount, { transfer_id, receiving_official: 'Warden D.', occurred_at: at(i, 5) }, as('officer.gate2')), 'close');
        [from, to] = [to, from];
      }
      const { rows } = await db.query<{ idx: string; bytes: Uint8Array }>("SELECT idx, bytes FROM event WHERE person_id = $1 AND kind IN ('person.dispatched', 'person.checked_in') ORDER BY idx", [person.person_id]);
      const moves = rows.map((r) => parseEventBytes(Number(r.idx), r.bytes).event);
      assert.deepEqual(moves.map((e) => e.kind), ['person.dispatched', 'person.checked_in', 'person.dispatched', 'person.checked_in']);
      const again: NewEvent[] = [];
      for (let i = 2; i < transfers; i++) {
        const [dispatched, checkedIn] = [moves[(i % 2) * 2]!, moves[(i % 2) * 2 + 1]!];
        again.push(newEvent(dispatched.kind, person.person_id, at(i, 0), dispatched.data as never), newEvent(checkedIn.kind, person.person_id, at(i, 4), checkedIn.data as never));
      }
      await db.transaction((tx) => appendEvents(tx, again, { actor: 'officer.gate', idempotencyKey: randomUUID(), recordedAt: now.toISOString() }));
      for (const [username, role] of [['info', 'information_officer'], ['sup', 'supervisor'], ['sup2', 'supervisor']] as const) {
        await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
      }
      register = { db, clock: () => now, identity: await IdentityIndex.build(db) };
      app = buildApp({ db, register, passwordCost: cheap });
      await app.ready();
      info = clientFor(app, await login(app, 'info'));
      sup = clientFor(app, await login(app, 'sup'));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('the answer is written by reference, within the event size, and its letter lists every movement', async () => {
      // Health withheld from the requester's relationship until 2027-03-05: approved by a second supervisor.
      const restricted = await sup('POST', '/api/restrictions', { body: { person_id: person.person_id, items: ['health'], legal_basis: 'Code of Criminal Procedure, art. 57', judicial_reference: 'Karkh investigative court 88/2027', applies_to: ['sibling'], expires_at: '2027-03-05T12:00:00+03:00' } });
      assert.equal(restricted.statusCode, 201, restricted.body);
      const sup2 = clientFor(app, await login(app, 'sup2'));
      assert.equal((await sup2('POST', `/api/restrictions/${restricted.json().restriction_id}/approval`)).statusCode, 201);

      const recorded = await info('POST', '/api/information-requests', {
        body: { requester: { name: 'Fictional sibling', relationship: 'sibling', identity_check: { method: 'national_id', reference: 'ID 7' }, contact: '+964 700 000 0007' }, asked_about: { names: [person.names[0]!.full] }, received_at: '2027-03-01T10:00:00+03:00' },
      });
      assert.equal(recorded.statusCode, 201, recorded.body);
      requestId = recorded.json().request_id;
      const candidates = (await info('GET', `/api/information-requests/${requestId}/candidates`)).json().candidates.map((c: { person_id: string }) => c.person_id) as string[];
      assert.ok(candidates.includes(person.person_id));
      assert.equal((await info('POST', `/api/information-requests/${requestId}/lookup`, { body: { reviewed: candidates, identified: person.person_id, note: 'same name and father' } })).statusCode, 201);

      const answered = await info('POST', `/api/information-requests/${requestId}/answer`, { body: {} });
      assert.equal(answered.statusCode, 201, answered.body);

      const { rows } = await db.query<{ bytes: Uint8Array }>("SELECT bytes FROM event WHERE kind = 'inforequest.answered'");
      assert.equal(rows.length, 1);
      assert.ok(rows[0]!.bytes.length < maxEventBytes, `the answer's event takes ${rows[0]!.bytes.length} bytes`);
      const read = (await info('GET', `/api/information-requests/${requestId}`)).json().request.answer;
      const answer = read.answer;
      const movements = answer.items.whereabouts.facts.movements as { kind: string; place: string }[];
      assert.equal(movements.length, 1 + 2 * transfers);
      assert.deepEqual(movements.slice(0, 3).map((m) => [m.kind, m.place]), [['admitted', 'Fictional Karkh Prison'], ['dispatched', 'Fictional escort command'], ['checked_in', 'Fictional Nasiriyah Prison']]);
      // 400 transfers back and forth: the last check-in is at Karkh again.
      assert.deepEqual([answer.items.whereabouts.facts.status, answer.items.whereabouts.facts.place], ['in_custody', 'Fictional Karkh Prison']);
      assert.equal(answer.items.health.status, 'withheld');
      assert.ok(Buffer.byteLength(canonicalJson(answer)) > maxEventBytes, 'the answer itself would not fit in an event');
      // The reference: the 801 events it was computed from, the restriction that withheld, the digest of the answer read back.
      const ref = read.reference;
      assert.equal(ref.events, 1 + 2 * transfers);
      assert.deepEqual(ref.withheld.map((w: { item: string; judicial_reference: string }) => [w.item, w.judicial_reference]), [['health', 'Karkh investigative court 88/2027']]);
      assert.equal(ref.sha256, createHash('sha256').update(canonicalJson(answer)).digest('hex'));
      assert.ok(!JSON.stringify(ref).includes('Fictional escort command'), 'the movements are not in the event');

      const letter = await info('GET', `/print/information-requests/${requestId}/letter?lang=ar`);
      assert.equal(letter.statusCode, 200);
      const rowsInLetter = letter.body.slice(letter.body.indexOf('class="movements"')).split('</table>')[0]!.match(/<tr>/g)!.length;
      assert.equal(rowsInLetter, 1 + 1 + 2 * transfers, 'the head row and every movement');
    });

    test('after the restriction has expired and the person has moved again, the letter is still the answer given', async () => {
      now = new Date('2027-03-10T09:00:00Z');
      info = clientFor(app, await login(app, 'info'));
      const transfer_id = randomUUID();
      ok(await execute(register, createTransfer, { transfer_id, origin: { kind: 'facility', facility_id: karkh.facility_id }, destination: { kind: 'facility', facility_id: nasiriyah.facility_id }, reason: 'court order', persons: [person.person_id] }, as('officer.gate')), 'create');
      ok(await execute(register, approveTransfer, { transfer_id }, as('supervisor.duty', 'supervisor')), 'approve');
      ok(await execute(register, dispatchTransfer, { transfer_id, escort_authority: 'Fictional escort command', escort_commander: 'Captain F.', releasing_official: 'Warden R.', occurred_at: '2027-03-09T08:00:00Z' }, as('officer.gate')), 'dispatch');
      const answer = (await info('GET', `/api/information-requests/${requestId}`)).json().request.answer.answer;
      assert.equal(answer.items.whereabouts.facts.movements.length, 1 + 2 * transfers);
      assert.equal(answer.items.health.status, 'withheld');
      assert.equal(answer.computed_at, '2027-03-01T09:00:00.000Z');
      const letter = await info('GET', `/print/information-requests/${requestId}/letter?lang=en`);
      assert.equal(letter.statusCode, 200);
      assert.match(letter.body, /Karkh investigative court 88\/2027/);
    });
  });
}
