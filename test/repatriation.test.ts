import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Register } from '../src/commands/execute.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

/** Everything a repatriation command could write. */
async function written(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM command) AS commands, (SELECT count(*) FROM state_profile) AS profiles,
            (SELECT string_agg(id || ':' || status || ':' || md5(record::text), ',' ORDER BY id) FROM repatriation_case) AS cases`,
  );
  return rows[0];
}

const heard = { at: '2026-03-05T10:00:00+03:00', summary: 'wishes to see his family', counsel: { name: 'Counsel L. Fictional' }, interpreter: { name: 'Interpreter I. Fictional', language: 'fr' } };
const risk = (finding = 'no_real_risk') => ({ finding, reasoning: 'country reports and the person’s own account' });
const assessment = (torture = 'no_real_risk') => ({
  assessment: { risks: { torture: risk(torture), death_penalty: risk(), persecution: risk(), unfair_trial: risk() }, heard, wishes: { wish: 'wishes_to_return', statement: 'I want to go home' } },
});
const deathPenaltyAssurance = { against: 'death_penalty', text: 'the death penalty will not be sought nor carried out', given_by: 'Ministry of Justice', given_at: '2026-03-06T10:00:00+03:00', reference: 'NV-2026-17' };
/** The contacts after the return an approval sets. */
const follow_ups = [{ due_at: '2026-06-10T09:00:00+03:00' }, { due_at: '2026-09-10T09:00:00+03:00' }];

for (const backend of backends) {
  describe(`repatriation on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    let app: FastifyInstance;
    const now = new Date('2026-03-10T09:00:00Z');
    const users = {
      'officer.manage': 'facility_officer',
      'officer.assess': 'facility_officer',
      'officer.review': 'facility_officer',
      'supervisor.decide': 'supervisor',
      'admin.states': 'administrator',
      'auditor.icrc': 'auditor',
      'clerk.intake': 'registration_clerk',
      'court.clerk': 'court_clerk',
      'judge.one': 'judge',
    } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;

    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    /** A person registered with these nationalities and admitted to the prison; returns their id. */
    async function admitted(nationalities: string[] = ['FR']): Promise<string> {
      const { person_id: _id, register_number: _n, ...body } = aPerson({ nationalities });
      const registered = await post('clerk.intake', '/api/persons', body);
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(id, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
      assert.equal((await post('clerk.intake', '/api/admissions', admission)).statusCode, 201);
      return id;
    }

    /** A case opened for a French national; returns its id and the person's. */
    async function opened(nationalities = ['FR'], state = 'FR'): Promise<{ id: string; person: string }> {
      const person = await admitted(nationalities);
      const res = await post('officer.manage', '/api/repatriations', { person_id: person, state, reason: 'national of the state, held since the transfer' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers.location, `/api/repatriations/${res.json().case_id}`);
      return { id: res.json().case_id as string, person };
    }

    /** Take the case from identified to reviewed: request, acceptance, nationality, assessment by one officer, review by another. */
    async function reviewed(id: string, state = 'FR', torture = 'no_real_risk'): Promise<void> {
      const url = `/api/repatriations/${id}`;
      const steps: [keyof typeof users, string, unknown][] = [
        ['officer.manage', 'requests', { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-2026-01' }],
        ['officer.manage', 'answers', { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-9' }],
        ['officer.manage', 'nationality-confirmation', { state, confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'NV-10' }],
        ['officer.assess', 'assessment', assessment(torture)],
        ['officer.review', 'review', { outcome: 'concurs', notes: 'sources sufficient, heard with counsel and interpreter' }],
      ];
      for (const [who, path, body] of steps) {
        const res = await post(who, `${url}/${path}`, body);
        assert.equal(res.statusCode, 201, `${path}: ${res.body}`);
      }
    }

    /** The request is refused with this problem, and nothing at all is written. */
    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, field?: string) {
      const before = await written(db);
      assertProblem(await send(), status, code, field);
      assert.deepEqual(await written(db), before);
    }

    const status = async (id: string) => (await c['auditor.icrc']('GET', `/api/repatriations/${id}`)).json().status as string;

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
      const contact = { name: 'Officer L. Fictional', post: 'Embassy in Baghdad, consular section', contact: '+964 700 000 0003' };
      assert.equal((await post('admin.states', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [contact] })).statusCode, 201);
      assert.equal((await post('supervisor.decide', '/api/repatriations/states/TN', { consular_notification: 'mandatory', applies_death_penalty: true, liaison_contacts: [] })).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('states’ profiles are recorded through the write path and read by any account; an unknown code is refused at its field', async () => {
      const fr = await c['clerk.intake']('GET', '/api/repatriations/states/FR');
      assert.equal(fr.statusCode, 200, fr.body);
      assert.deepEqual(fr.json(), {
        state: 'FR',
        consular_notification: 'on_request',
        applies_death_penalty: false,
        liaison_contacts: [{ name: 'Officer L. Fictional', post: 'Embassy in Baghdad, consular section', contact: '+964 700 000 0003' }],
        // No data-sharing policy recorded: its liaison officers see the minimal default (test/liaison-nationals.test.ts).
        sharing_policy: null,
      });
      assert.deepEqual((await c['judge.one']('GET', '/api/repatriations/states')).json().states.map((s: { state: string }) => s.state), ['FR', 'TN']);
      const body = { consular_notification: 'mandatory', applies_death_penalty: false, liaison_contacts: [] };
      await refused(() => post('admin.states', '/api/repatriations/states/ZZ', body), 422, 'invalid_value', '/params/code');
      await refused(() => post('admin.states', '/api/repatriations/states/IQ', body), 422, 'invalid_value', '/params/code');
      await refused(() => post('admin.states', '/api/repatriations/states/fra', body), 400, 'invalid_request', '/params/code');
      await refused(() => post('admin.states', '/api/repatriations/states/DE', { ...body, consular_notification: 'sometimes' }), 400, 'invalid_request', '/consular_notification');
      await refused(() => post('officer.manage', '/api/repatriations/states/DE', body), 403, 'forbidden');
      assertProblem(await c['clerk.intake']('GET', '/api/repatriations/states/ZZ'), 422, 'invalid_value', '/params/code');
      assertProblem(await c['clerk.intake']('GET', '/api/repatriations/states/DE'), 404, 'not_found', '/params/code');
    });

    test('from identified to approved and closed through the API: each step by its official, read back (audited), the register checks', async () => {
      const { id, person } = await opened();
      assert.equal(await status(id), 'identified');
      await reviewed(id);
      assert.equal(await status(id), 'reviewed');
      const decision = await post('supervisor.decide', `/api/repatriations/${id}/decision`, { outcome: 'approved', assurances: [{ ...deathPenaltyAssurance, against: 'consular_access' }], follow_ups });
      assert.equal(decision.statusCode, 201, decision.body);
      const reads = async () => Number((await db.query(`SELECT count(*) AS n FROM read_audit WHERE person_id = $1`, [person])).rows[0]!.n);
      const readsBefore = await reads();
      const view = (await c['auditor.icrc']('GET', `/api/repatriations/${id}`)).json();
      assert.equal(await reads(), readsBefore + 1);
      assert.equal(view.status, 'approved');
      assert.equal(view.state, 'FR');
      assert.equal(view.person_id, person);
      assert.equal(view.assessment.assessed_by, 'officer.assess');
      assert.equal(view.review.reviewed_by, 'officer.review');
      assert.equal(view.decision.decided_by, 'supervisor.decide');
      assert.equal(view.decision.assurances[0].against, 'consular_access');
      assert.deepEqual(view.blockers, []);
      const listed = (await c['officer.manage']('GET', '/api/repatriations?state=FR&status=approved')).json().cases;
      assert.deepEqual(listed.map((r: { id: string }) => r.id), [id]);
      assert.equal((await post('officer.manage', `/api/repatriations/${id}/closure`, { reason: 'travel is arranged as a transfer' })).statusCode, 201);
      assert.equal(await status(id), 'closed');
      // Every event is on the person's chain, in order.
      const kinds = (await db.query<{ kind: string }>(`SELECT kind FROM event WHERE person_id = $1 AND kind LIKE 'repatriation.%' ORDER BY idx`, [person])).rows.map((r) => r.kind);
      assert.deepEqual(kinds, [
        'repatriation.opened', 'repatriation.request_sent', 'repatriation.answer_recorded', 'repatriation.nationality_confirmed', 'repatriation.safeguards_assessed',
        'repatriation.reviewed', 'repatriation.decided', 'repatriation.closed',
      ]);
      const report = await checkRegister(db);
      assert.equal(report.ok, true, JSON.stringify(report));
    });

    test('approval is refused by name and nothing is written: no assessment, no review, by the assessor, an open Iraqi case without the court’s permission, a death penalty without assurance, a real risk', async () => {
      const approve = (id: string, who: keyof typeof users = 'supervisor.decide', body: object = { outcome: 'approved', assurances: [], follow_ups }) => post(who, `/api/repatriations/${id}/decision`, body);
      const url = (id: string) => `/api/repatriations/${id}`;

      const early = await opened();
      await refused(() => approve(early.id), 409, 'safeguards_required', '/outcome');
      for (const [path, body] of [
        ['requests', { sent_at: '2026-03-02T10:00:00+03:00', channel: 'embassy', reference: 'L-1' }],
        ['answers', { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'A-1' }],
        ['nationality-confirmation', { state: 'FR', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'interview', reference: 'INT-1' }],
      ] as const) assert.equal((await post('officer.manage', `${url(early.id)}/${path}`, body)).statusCode, 201);
      await refused(() => approve(early.id), 409, 'safeguards_required', '/outcome');
      assert.equal((await post('supervisor.decide', `${url(early.id)}/assessment`, assessment())).statusCode, 201);
      await refused(() => approve(early.id, 'supervisor.decide'), 409, 'review_required', '/outcome');
      await refused(() => post('supervisor.decide', `${url(early.id)}/review`, { outcome: 'concurs', notes: 'my own' }), 403, 'same_official', '/outcome');
      assert.equal((await post('officer.review', `${url(early.id)}/review`, { outcome: 'concurs', notes: 'agreed' })).statusCode, 201);
      // The supervisor assessed: they may not approve, another supervisor would.
      await refused(() => approve(early.id, 'supervisor.decide'), 403, 'same_official', '/outcome');

      // An open case before an Iraqi court blocks approval until that court permits travel; a judge's account records it.
      const held = await opened();
      await reviewed(held.id);
      const courtCase = await post('court.clerk', `/api/persons/${held.person}/cases`, {
        reference: `INV/${randomUUID().slice(0, 8)}`, court: 'First Karkh Investigative Court', charges: [{ law: 'Anti-Terrorism Law No. 13 of 2005', article: '4', max_penalty: 'death' }],
      });
      assert.equal(courtCase.statusCode, 201, courtCase.body);
      const courtCaseId = courtCase.json().case_id as string;
      const view = (await c['officer.manage']('GET', url(held.id))).json();
      assert.deepEqual(view.blockers.map((b: { court_case_id: string }) => b.court_case_id), [courtCaseId]);
      assert.equal((await c['officer.manage']('GET', '/api/repatriations?state=FR')).json().cases.find((r: { id: string }) => r.id === held.id).blocked, true);
      await refused(() => approve(held.id), 409, 'court_blocker', '/outcome');
      const permission = { court_case_id: courtCaseId, reference: 'TP/1', judge: 'Judge F. Fictional', issued_at: '2026-03-08T10:00:00+03:00' };
      await refused(() => post('officer.manage', `${url(held.id)}/court-permissions`, permission), 403, 'forbidden');
      await refused(() => post('court.clerk', `${url(held.id)}/court-permissions`, permission), 403, 'forbidden');
      await refused(() => post('judge.one', `${url(held.id)}/court-permissions`, { ...permission, court_case_id: randomUUID() }), 404, 'not_found', '/court_case_id');
      assert.equal((await post('judge.one', `${url(held.id)}/court-permissions`, permission)).statusCode, 201);
      assert.deepEqual((await c['officer.manage']('GET', url(held.id))).json().blockers, []);
      assert.equal((await approve(held.id)).statusCode, 201);

      // Tunisia applies the death penalty: an approval needs its assurance against it.
      const tunisian = await opened(['TN'], 'TN');
      await reviewed(tunisian.id, 'TN');
      await refused(() => approve(tunisian.id), 422, 'assurance_required', '/assurances');
      await refused(() => approve(tunisian.id, 'supervisor.decide', { outcome: 'approved', assurances: [{ ...deathPenaltyAssurance, given_by: ' ' }], follow_ups }), 422, 'missing_item', '/assurances/0/given_by');
      assert.equal((await approve(tunisian.id, 'supervisor.decide', { outcome: 'approved', assurances: [deathPenaltyAssurance], follow_ups })).statusCode, 201);

      const risky = await opened();
      await reviewed(risky.id, 'FR', 'real_risk');
      await refused(() => approve(risky.id), 409, 'refoulement_risk', '/outcome');
      // Only a supervisor decides.
      await refused(() => approve(risky.id, 'officer.manage'), 403, 'forbidden');
    });

    test('bad input is refused at its field and writes nothing: unknown states, another state’s confirmation, a person not of that nationality, steps out of order', async () => {
      const person = await admitted(['FR']);
      await refused(() => post('officer.manage', '/api/repatriations', { person_id: person, state: 'ZZ', reason: 'r' }), 422, 'invalid_value', '/state');
      await refused(() => post('officer.manage', '/api/repatriations', { person_id: person, state: 'France', reason: 'r' }), 400, 'invalid_request', '/state');
      await refused(() => post('officer.manage', '/api/repatriations', { person_id: person, state: 'TN', reason: 'r' }), 422, 'invalid_value', '/state');
      const german = await admitted(['DE']);
      await refused(() => post('officer.manage', '/api/repatriations', { person_id: german, state: 'DE', reason: 'r' }), 404, 'not_found', '/state');
      await refused(() => post('officer.manage', '/api/repatriations', { person_id: randomUUID(), state: 'FR', reason: 'r' }), 404, 'not_found', '/person_id');
      const { id } = await opened();
      const url = `/api/repatriations/${id}`;
      await refused(() => post('officer.manage', `${url}/answers`, { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'A' }), 409, 'invalid_transition', '/params/id');
      await refused(() => post('officer.manage', `${url}/requests`, { sent_at: '2026-03-02T10:00:00', channel: 'embassy', reference: 'L' }), 422, 'invalid_value', '/sent_at');
      assert.equal((await post('officer.manage', `${url}/requests`, { sent_at: '2026-03-02T10:00:00+03:00', channel: 'embassy', reference: 'L' })).statusCode, 201);
      assert.equal((await post('officer.manage', `${url}/answers`, { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'A' })).statusCode, 201);
      await refused(() => post('officer.manage', `${url}/nationality-confirmation`, { state: 'TN', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'C' }), 422, 'invalid_value', '/state');
      await refused(() => post('officer.manage', `${url}/nationality-confirmation`, { state: 'XX', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'C' }), 422, 'invalid_value', '/state');
      await refused(() => post('officer.manage', `${url}/assessment`, assessment()), 409, 'invalid_transition', '/params/id');
      const { counsel: _c, ...heardWithoutCounsel } = heard;
      await refused(() => post('officer.assess', `${url}/assessment`, { assessment: { ...assessment().assessment, heard: heardWithoutCounsel } }), 400, 'invalid_request', '/assessment/heard/counsel');
      // Counsel or interpreter of neither shape: refused at the object, saying both shapes it accepts (not at the other shape's reason).
      const withHeard = (part: Record<string, unknown>) => ({ assessment: { ...assessment().assessment, heard: { ...heard, ...part } } });
      for (const [part, field, accepted] of [
        [{ counsel: {} }, '/assessment/heard/counsel', ['"name"', '"absent_reason"']],
        [{ counsel: { nam: 'Counsel L. Fictional' } }, '/assessment/heard/counsel', ['"name"', '"absent_reason"']],
        [{ counsel: 'Counsel L. Fictional' }, '/assessment/heard/counsel', ['"name"', '"absent_reason"']],
        [{ interpreter: { language: 'fr' } }, '/assessment/heard/interpreter', ['"name", "language"', '"not_needed_reason"']],
      ] as const) {
        let res!: LightMyRequestResponse;
        await refused(async () => (res = await post('officer.assess', `${url}/assessment`, withHeard(part))), 400, 'invalid_request', field);
        for (const shape of accepted) assert.ok(res.json().detail.includes(shape), res.body);
        assert.ok(!res.json().detail.includes(`${field}/`), res.body);
      }
      // Inside the shape that was meant, the field itself is still named.
      await refused(() => post('officer.assess', `${url}/assessment`, withHeard({ interpreter: { name: 'Interpreter I. Fictional' } })), 400, 'invalid_request', '/assessment/heard/interpreter/language');
      await refused(() => post('officer.manage', `/api/repatriations/${randomUUID()}/closure`, { reason: 'r' }), 404, 'not_found', '/params/id');
      await refused(() => post('clerk.intake', `${url}/closure`, { reason: 'r' }), 403, 'forbidden');
      assertProblem(await c['clerk.intake']('GET', url), 403, 'forbidden');
      assertProblem(await c['auditor.icrc']('GET', `/api/repatriations/${randomUUID()}`), 404, 'not_found', '/params/id');
      assertProblem(await c['auditor.icrc']('GET', '/api/repatriations?state=ZZ'), 422, 'invalid_value', '/query/state');
      // One open case per person.
      const again = (await db.query<{ person_id: string }>('SELECT person_id FROM repatriation_case WHERE id = $1', [id])).rows[0]!.person_id;
      await refused(() => post('officer.manage', '/api/repatriations', { person_id: again, state: 'FR', reason: 'r' }), 409, 'duplicate', '/person_id');
    });

    test('a liaison of one state sees, reads and answers only its own state’s cases: another state’s are as if they did not exist, nothing written', async () => {
      const liaison = async (username: string, liaisonState?: string) => {
        await createAccount(db, { username, displayName: `Fictional liaison ${liaisonState ?? 'unbound'}`, role: 'liaison', password, ...(liaisonState ? { liaisonState } : {}) }, { cost: cheap });
        return clientFor(app, await login(app, username));
      };
      const fra = await liaison('liaison-fra-test', 'FR');
      const tun = await liaison('liaison-tun-test', 'TN');
      const unbound = await liaison('liaison-none-test');
      const french = await opened(['FR'], 'FR');
      const tunisian = await opened(['TN', 'FR'], 'TN');
      for (const id of [french.id, tunisian.id]) {
        assert.equal((await post('officer.manage', `/api/repatriations/${id}/requests`, { sent_at: '2026-03-02T10:00:00+03:00', channel: 'liaison_officer', reference: 'NV-2026-31' })).statusCode, 201);
      }
      const ids = (res: LightMyRequestResponse) => (res.json().cases as { id: string }[]).map((r) => r.id);
      const listed = ids(await fra('GET', '/api/repatriations'));
      assert.ok(listed.includes(french.id));
      assert.ok(!listed.includes(tunisian.id));
      const everyState = (await db.query<{ state: string }>('SELECT DISTINCT r.state FROM repatriation_case r')).rows.map((r) => r.state);
      assert.ok(everyState.includes('TN'), 'the register holds Tunisian cases the French liaison must not see');
      assert.deepEqual((await fra('GET', '/api/repatriations')).json().cases.map((r: { state: string }) => r.state).filter((s: string) => s !== 'FR'), []);
      assert.deepEqual(ids(await fra('GET', '/api/repatriations?state=TN')), []);
      assert.deepEqual(ids(await fra('GET', `/api/repatriations?person_id=${tunisian.person}`)), [], 'not even a person of both nationalities, through the other state’s case');
      assert.deepEqual(ids(await tun('GET', '/api/repatriations')).sort(), ids(await c['auditor.icrc']('GET', '/api/repatriations?state=TN')).sort());
      assert.deepEqual(ids(await unbound('GET', '/api/repatriations')), [], 'a liaison bound to no state sees nothing');
      // Another state's case reads as one that does not exist, and is not audited as read.
      const reads = async (person: string) => Number((await db.query('SELECT count(*) AS n FROM read_audit WHERE person_id = $1', [person])).rows[0]!.n);
      const tunisianReads = await reads(tunisian.person);
      const other = await fra('GET', `/api/repatriations/${tunisian.id}`);
      const none = await fra('GET', `/api/repatriations/${randomUUID()}`);
      assertProblem(other, 404, 'not_found', '/params/id');
      assert.deepEqual({ ...(other.json() as object), instance: undefined }, { ...(none.json() as object), instance: undefined });
      assert.equal(await reads(tunisian.person), tunisianReads);
      // Its own state's case is read, and the read is audited under the liaison's account.
      const frenchReads = await reads(french.person);
      assert.equal((await fra('GET', `/api/repatriations/${french.id}`)).json().state, 'FR');
      assert.equal(await reads(french.person), frenchReads + 1);
      // It answers for its own state only: the other's case is not found, nothing written.
      const answer = { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-2026-32' };
      await refused(() => fra('POST', `/api/repatriations/${tunisian.id}/answers`, { body: answer }), 404, 'not_found', '/params/id');
      await refused(() => tun('POST', `/api/repatriations/${french.id}/nationality-confirmation`, { body: { state: 'TN', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'C' } }), 404, 'not_found', '/params/id');
      assert.equal((await fra('POST', `/api/repatriations/${french.id}/answers`, { body: answer })).statusCode, 201);
      const confirmed = await fra('POST', `/api/repatriations/${french.id}/nationality-confirmation`, { body: { state: 'FR', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'NV-2026-33' } });
      assert.equal(confirmed.statusCode, 201, confirmed.body);
      const view = (await c['auditor.icrc']('GET', `/api/repatriations/${french.id}`)).json();
      assert.equal(view.status, 'nationality_confirmed');
      assert.equal(view.nationality.confirmed_by, 'liaison-fra-test');
      // Nothing else: no case opened, no assessment, no decision, no person's record.
      await refused(() => fra('POST', '/api/repatriations', { body: { person_id: french.person, state: 'FR', reason: 'r' } }), 403, 'forbidden');
      await refused(() => fra('POST', `/api/repatriations/${french.id}/assessment`, { body: assessment() }), 403, 'forbidden');
      assertProblem(await fra('GET', `/api/persons/${french.person}`), 403, 'forbidden');
    });

    test('the person’s refusal and the state’s withdrawal are recorded; the case is then closed', async () => {
      const refusing = await opened();
      await reviewed(refusing.id);
      assert.equal((await post('officer.manage', `/api/repatriations/${refusing.id}/return-refusal`, { refused_at: '2026-03-09T10:00:00+03:00', statement: 'I will not go back' })).statusCode, 201);
      assert.equal(await status(refusing.id), 'person_refused');
      await refused(() => post('supervisor.decide', `/api/repatriations/${refusing.id}/decision`, { outcome: 'approved', assurances: [] }), 409, 'invalid_transition', '/outcome');
      assert.equal((await post('officer.manage', `/api/repatriations/${refusing.id}/closure`, { reason: 'the person refuses return' })).statusCode, 201);

      const withdrawn = await opened();
      await reviewed(withdrawn.id);
      assert.equal((await post('officer.manage', `/api/repatriations/${withdrawn.id}/acceptance-withdrawal`, { withdrawn_at: '2026-03-09T10:00:00+03:00', reference: 'NV-11', note: 'no reason given' })).statusCode, 201);
      const view = (await c['auditor.icrc']('GET', `/api/repatriations/${withdrawn.id}`)).json();
      assert.equal(view.status, 'acceptance_withdrawn');
      assert.equal(view.assessment, null);
      await refused(() => post('supervisor.decide', `/api/repatriations/${withdrawn.id}/decision`, { outcome: 'approved', assurances: [] }), 409, 'safeguards_required', '/outcome');
    });
  });
}
