import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { as, atFacility, checkInInput, checkInPerson, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { createTransfer } from '../src/commands/create-transfer.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { checkInBatch } from '../src/commands/check-in-batch.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

const written = async (db: Database) =>
  (await db.query(`SELECT (SELECT count(*) FROM event) AS events, (SELECT string_agg(id || status, ',' ORDER BY id) FROM transfer) AS transfers, (SELECT string_agg(id || custody_status, ',' ORDER BY id) FROM person) AS persons`)).rows[0];

const heard = { at: '2026-03-05T10:00:00+03:00', summary: 'wishes to see his family', counsel: { name: 'Counsel L. Fictional' }, interpreter: { name: 'Interpreter I. Fictional', language: 'fr' } };
const risk = { finding: 'no_real_risk', reasoning: 'country reports and the person’s own account' };
const assessment = { assessment: { risks: { torture: risk, death_penalty: risk, persecution: risk, unfair_trial: risk }, heard, wishes: { wish: 'wishes_to_return', statement: 'I want to go home' } } };
const toFrance = { kind: 'authority' as const, name: 'Fictional Ministry of the Interior', country: 'FR' };

for (const backend of backends) {
  describe(`the journey home as a transfer on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const users = {
      'supervisor.decide': 'supervisor',
      'officer.manage': 'facility_officer',
      'officer.assess': 'facility_officer',
      'officer.review': 'facility_officer',
      'clerk.intake': 'registration_clerk',
      'court.clerk': 'court_clerk',
      'judge.one': 'judge',
      'admin.states': 'administrator',
    } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;
    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    /** A French national admitted, with a repatriation case approved for France. */
    async function approved(): Promise<{ id: string; person: string; register_number: string }> {
      const { person_id: _id, register_number: _n, ...body } = aPerson({ nationalities: ['FR'] });
      const registered = await post('clerk.intake', '/api/persons', body);
      assert.equal(registered.statusCode, 201, registered.body);
      const person = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(person, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await post('clerk.intake', '/api/admissions', admission)).statusCode, 201);
      const opened = await post('officer.manage', '/api/repatriations', { person_id: person, state: 'FR', reason: 'national of the state, held since the transfer' });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().case_id as string;
      const steps: [keyof typeof users, string, unknown][] = [
        ['officer.manage', 'requests', { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-2026-01' }],
        ['officer.manage', 'answers', { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-9' }],
        ['officer.manage', 'nationality-confirmation', { state: 'FR', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'NV-10' }],
        ['officer.assess', 'assessment', assessment],
        ['officer.review', 'review', { outcome: 'concurs', notes: 'sources sufficient' }],
        ['supervisor.decide', 'decision', { outcome: 'approved', assurances: [], follow_ups: [{ due_at: '2026-06-10T09:00:00+03:00' }] }],
      ];
      for (const [who, path, stepBody] of steps) {
        const res = await post(who, `/api/repatriations/${id}/${path}`, stepBody);
        assert.equal(res.statusCode, 201, `${path}: ${res.body}`);
      }
      const { rows } = await db.query<{ register_number: string }>('SELECT register_number FROM person WHERE id = $1', [person]);
      return { id, person, register_number: rows[0]!.register_number };
    }

    /** An order from the prison to France for the person, created and approved (the approved return stands for its safeguards). */
    async function orderHome(person: string): Promise<string> {
      const transfer_id = randomUUID();
      ok(await execute(register, createTransfer, { transfer_id, origin: atFacility(prison.facility_id), destination: toFrance, reason: 'repatriation', persons: [person] }, as('officer.gate')), 'create');
      ok(await execute(register, approveTransfer, { transfer_id }, as('supervisor.duty', 'supervisor')), 'approve');
      return transfer_id;
    }

    const followUpTasks = async (person: string) =>
      (await db.query<{ due_at: Date; status: string }>(`SELECT due_at, status FROM task WHERE person_id = $1 AND kind = 'repatriation_follow_up' ORDER BY due_at`, [person])).rows.map((r) => ({ due_at: new Date(r.due_at).toISOString(), status: r.status }));
    const dispatch = (transfer_id: string) => execute(register, dispatchTransfer, dispatchInput(transfer_id, '2026-03-10T10:00:00+03:00'), as('officer.origin'));
    const openCourtCase = async (person: string, reference: string) => {
      const res = await post('court.clerk', `/api/persons/${person}/cases`, { reference, court: 'First Karkh Investigative Court', charges: [{ law: 'Anti-Terrorism Law No. 13 of 2005', article: '4', max_penalty: 'death' }] });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().case_id as string;
    };

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => now };
      app = buildServer({ db, register, passwordCost: cheap });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        await createAccount(db, { username, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
        c[username] = clientFor(app, await login(app, username));
      }
      prison = aFacility({ name: 'Fictional Karkh Prison' });
      assert.equal((await post('supervisor.decide', '/api/facilities', prison)).statusCode, 201);
      assert.equal((await post('admin.states', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [] })).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('an approved return travels as a transfer; a court case opened since blocks the dispatch by name until that court permits travel; the state’s confirmation returns the person', async () => {
      const home = await approved();
      const transfer_id = await orderHome(home.person);
      const reference = `INV/${randomUUID().slice(0, 8)}`;
      const courtCase = await openCourtCase(home.person, reference);

      const before = await written(db);
      const blocked = await dispatch(transfer_id);
      assert.ok(!blocked.ok);
      assert.equal(blocked.rejection.code, 'court_blocker');
      assert.equal(blocked.rejection.field, '/persons/0');
      assert.ok(blocked.rejection.message.includes(reference) && blocked.rejection.message.includes(home.register_number), blocked.rejection.message);
      assert.deepEqual(await written(db), before);

      assert.equal((await post('judge.one', `/api/repatriations/${home.id}/court-permissions`, { court_case_id: courtCase, reference: 'TP/2', judge: 'Judge F. Fictional', issued_at: '2026-03-09T10:00:00+03:00' })).statusCode, 201);
      ok(await dispatch(transfer_id), 'dispatch');
      const handed = ok(await execute(register, checkInPerson, checkInInput(transfer_id, home.person, home.register_number, '', { unit_id: undefined, occurred_at: '2026-03-10T11:00:00+03:00', receiving_official: 'Commissioner R. Fictional', receipt_reference: 'FR-RCPT-7' }), as('officer.escort')), 'handover');
      assert.equal(handed.outcome, 'handed_over');
      assert.deepEqual(handed.events.map((e: { kind: string }) => e.kind), ['person.handed_over', 'repatriation.returned']);

      const view = (await c['officer.manage']('GET', `/api/repatriations/${home.id}`)).json();
      assert.equal(view.status, 'returned');
      assert.deepEqual(view.returned, { returned_at: '2026-03-10T11:00:00+03:00', transfer_id, receiving_authority: 'Fictional Ministry of the Interior', receiving_official: 'Commissioner R. Fictional', receipt_reference: 'FR-RCPT-7' });
      const custody = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [home.person]);
      assert.equal(custody.rows[0]!.custody_status, 'handed_over');
      // The handover opened the contact the approval set, due 10 June; the case is not closed before it is made.
      assert.deepEqual(await followUpTasks(home.person), [{ due_at: '2026-06-10T06:00:00.000Z', status: 'open' }]);
      assert.deepEqual(view.follow_up_clocks, [{ due: '2026-06-10T09:00:00+03:00', made_at: null, status: 'running' }]);
      const closure = await post('officer.manage', `/api/repatriations/${home.id}/closure`, { reason: 'returned; follow-up by the embassy' });
      assert.equal(closure.statusCode, 409, closure.body);
      assert.equal(closure.json().code, 'follow_up_pending');
      const contact = await post('officer.manage', `/api/repatriations/${home.id}/follow-ups`, { contacted_at: '2026-03-10T12:00:00+03:00', channel: 'consular_visit', contacted_by: 'Consul A. Fictional, Embassy of Iraq in Paris', person_reached: 'seen', concerns_raised: false });
      assert.equal(contact.statusCode, 201, contact.body);
      assert.deepEqual(await followUpTasks(home.person), [{ due_at: '2026-06-10T06:00:00.000Z', status: 'done' }]);
      assert.equal((await c['officer.manage']('GET', `/api/repatriations/${home.id}`)).json().status, 'followed_up');
      assert.equal((await post('officer.manage', `/api/repatriations/${home.id}/closure`, { reason: 'returned; every contact made' })).statusCode, 201);
    });

    test('a return checked in with the batch of a gate returns the person and opens the contacts too', async () => {
      const home = await approved();
      const transfer_id = await orderHome(home.person);
      ok(await dispatch(transfer_id), 'dispatch');
      const batch = ok(
        await execute(register, checkInBatch, { transfer_id, receiving_official: 'Commissioner R. Fictional', occurred_at: '2026-03-10T11:00:00+03:00', arrivals: [{ person_id: home.person, register_number: home.register_number, receipt_reference: 'FR-RCPT-8' }] }, as('officer.escort')),
        'batch',
      );
      assert.equal(batch.handed_over, 1);
      assert.equal((await c['officer.manage']('GET', `/api/repatriations/${home.id}`)).json().status, 'returned');
      assert.deepEqual(await followUpTasks(home.person), [{ due_at: '2026-06-10T06:00:00.000Z', status: 'open' }]);
    });

    test('the state withdraws its acceptance after the order was approved: the dispatch is refused by name and nothing is written', async () => {
      const home = await approved();
      const transfer_id = await orderHome(home.person);
      assert.equal((await post('officer.manage', `/api/repatriations/${home.id}/acceptance-withdrawal`, { withdrawn_at: '2026-03-09T10:00:00+03:00', reference: 'NV-12', note: 'no reason given' })).statusCode, 201);
      const before = await written(db);
      const refused = await dispatch(transfer_id);
      assert.ok(!refused.ok);
      assert.equal(refused.rejection.code, 'repatriation_not_approved');
      assert.equal(refused.rejection.field, '/persons/0');
      assert.deepEqual(await written(db), before);
    });

    test('the register checks', async () => {
      const report = await checkRegister(db);
      assert.equal(report.ok, true, JSON.stringify(report));
    });
  });
}
