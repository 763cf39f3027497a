import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { as } from './support/transfers.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { confirmOrder } from '../src/commands/confirm-order.ts';
import { recordVerdict } from '../src/commands/record-verdict.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

/** Everything a case command could write. */
async function written(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM command) AS commands, (SELECT count(*) FROM court_case) AS cases,
            (SELECT count(*) FROM court_order) AS orders, (SELECT count(*) FROM hearing) AS hearings, (SELECT count(*) FROM segregation_period) AS segregations,
            (SELECT string_agg(id || ':' || stage || ':' || COALESCE(verdict::text, '') || ':' || COALESCE(sentence::text, ''), ',' ORDER BY id) FROM court_case) AS case_states,
            (SELECT string_agg(id || ':' || confirmation, ',' ORDER BY id) FROM court_order) AS confirmations`,
  );
  return rows[0];
}

function assertProblem(res: LightMyRequestResponse, status: number, code: string, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  const problem = res.json();
  assert.equal(problem.code, code, res.body);
  if (field !== undefined) assert.equal(problem.field, field, res.body);
}

const charge = { law: 'Anti-Terrorism Law No. 13 of 2005', article: '4', max_penalty: 'death' as const };
const lesser = { law: 'Penal Code No. 111 of 1969', article: '298', max_penalty: { years: 15 } };

for (const backend of backends) {
  describe(`cases on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    let app: FastifyInstance;
    // 12:00 in Baghdad on 10 March 2026.
    const now = new Date('2026-03-10T09:00:00Z');
    const admittedAt = '2026-03-01T10:00:00+03:00';
    const users = {
      'court.clerk': 'court_clerk',
      'judge.one': 'judge',
      'officer.gate': 'facility_officer',
      'supervisor.duty': 'supervisor',
      'auditor.icrc': 'auditor',
      'clerk.intake': 'registration_clerk',
    } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;
    let holding: RegisterFacility;

    /** A person registered and admitted to the prison; returns their id. */
    async function admitted(overrides: Parameters<typeof aPerson>[0] = {}): Promise<string> {
      const { person_id: _id, register_number: _n, ...body } = aPerson(overrides);
      const registered = await c['clerk.intake']('POST', '/api/persons', { body });
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(id, prison, { admitted_at: admittedAt });
      const res = await c['clerk.intake']('POST', '/api/admissions', { body: admission });
      assert.equal(res.statusCode, 201, res.body);
      return id;
    }

    /** A case opened for a person by the court clerk; returns its id. */
    async function opened(personId: string, overrides: object = {}): Promise<string> {
      const res = await c['court.clerk']('POST', `/api/persons/${personId}/cases`, { body: { reference: `INV/${randomUUID().slice(0, 8)}`, court: 'First Karkh Investigative Court', judge: 'Judge F. Fictional', prosecutor: 'Prosecutor P. Fictional', charges: [charge], ...overrides } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().case_id as string;
    }

    const detention = (overrides: object = {}) => ({ order: 'detention', reference: `DO/${randomUUID().slice(0, 8)}`, issued_at: '2026-03-02T10:00:00+03:00', judge: 'Judge F. Fictional', days: 15, ...overrides });
    const post = (who: keyof typeof users, url: string, body: unknown) => c[who]('POST', url, { body });

    /** Move a case along to trial (the clerk's stage changes). */
    async function atTrial(caseId: string): Promise<void> {
      for (const stage of ['referred_to_trial', 'trial']) assert.equal((await post('court.clerk', `/api/cases/${caseId}/stage`, { stage })).statusCode, 201);
    }

    /** The request is refused with this problem, and nothing at all is written. */
    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, field?: string) {
      const before = await written(db);
      assertProblem(await send(), status, code, field);
      assert.deepEqual(await written(db), before);
    }

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
      holding = aFacility({ name: 'Fictional Court Holding', kind: 'court_holding' });
      for (const f of [prison, holding]) assert.equal((await post('supervisor.duty', '/api/facilities', f)).statusCode, 201);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('a case from opening to sentence and appeal: counsel, visits, appearances, orders confirmed three ways, hearings flagged, interrogation, verdict, sentence; read back, audited; the register checks', async () => {
      const person = await admitted({ languages: ['fr'] });
      const caseId = await opened(person);
      const url = `/api/cases/${caseId}`;

      const counsel = await post('court.clerk', `${url}/counsel`, { name: 'Counsel L. Fictional', appointment: 'court_appointed', contact: '+964 700 000 0001' });
      assert.equal(counsel.statusCode, 201, counsel.body);
      const counselId = counsel.json().counsel_id;
      assert.equal((await post('officer.gate', `${url}/counsel-visits`, { counsel_id: counselId, at: '2026-03-03T11:00:00+03:00', facility_id: prison.facility_id })).statusCode, 201);
      assert.equal((await post('judge.one', `${url}/appearance-extensions`, { at: '2026-03-02T08:00:00+03:00', judge: 'Judge F. Fictional' })).statusCode, 201);
      assert.equal((await post('court.clerk', `${url}/appearances`, { at: '2026-03-02T09:30:00+03:00', judge: 'Judge F. Fictional' })).statusCode, 201);

      // Entered by the clerk: pending until the judge's account confirms it. A retry under the same key is answered alike, and writes nothing.
      const key = randomUUID();
      const order = detention();
      const pending = await c['court.clerk']('POST', `${url}/orders`, { body: order, key });
      assert.equal(pending.statusCode, 201, pending.body);
      const pendingId = pending.json().order_id;
      const before = await written(db);
      const retried = await c['court.clerk']('POST', `${url}/orders`, { body: order, key });
      assert.deepEqual([retried.statusCode, retried.headers['idempotent-replayed'], retried.json()], [201, 'true', pending.json()]);
      assert.deepEqual(await written(db), before);
      const confirmed = await post('judge.one', `${url}/orders/${pendingId}/confirmation`, {});
      assert.equal(confirmed.statusCode, 201, confirmed.body);
      // Entered from the judge's account, or with the signed scan: confirmed at once.
      const byJudge = await post('judge.one', `${url}/orders`, detention({ issued_at: '2026-03-09T10:00:00+03:00', days: 20 }));
      assert.equal(byJudge.statusCode, 201, byJudge.body);
      const scanned = await post('court.clerk', `${url}/orders`, {
        order: 'production', reference: 'PO/1', issued_at: '2026-03-09T12:00:00+03:00', judge: 'Judge F. Fictional', to_facility_id: holding.facility_id, produce_at: '2026-03-12T09:00:00+03:00',
        scan: { reference: 'SCAN-2026-77', sha256: 'AB'.repeat(32) },
      });
      assert.equal(scanned.statusCode, 201, scanned.body);
      assertProblem(await post('judge.one', `${url}/orders/${byJudge.json().order_id}/confirmation`, {}), 409, 'invalid_transition', '/params/oid');

      const interrogation = await post('court.clerk', `${url}/interrogations`, {
        start: '2026-03-04T10:00:00+03:00', end: '2026-03-04T12:15:00+03:00', place: 'Fictional investigation room 2', present: ['Investigator I.', 'Clerk C.'], interpreter: 'Interpreter T.', lawyer: null,
      });
      assert.equal(interrogation.statusCode, 201, interrogation.body);

      // A hearing at the investigation stage: counsel is assigned and absent, no interpreter for a person who speaks French.
      const hearing = await post('court.clerk', `${url}/hearings`, { at: '2026-03-05T10:00:00+03:00', purpose: 'review of detention' });
      assert.equal(hearing.statusCode, 201, hearing.body);
      const outcome = await post('court.clerk', `${url}/hearings/${hearing.json().hearing_id}/outcome`, {
        at: '2026-03-05T10:20:00+03:00', outcome: 'adjourned', adjourned_reason: 'no interpreter available', present: { judge: 'Judge F. Fictional', prosecutor: 'Prosecutor P. Fictional', counsel: null, interpreter: null },
      });
      assert.equal(outcome.statusCode, 201, outcome.body);

      await atTrial(caseId);
      assert.equal((await post('judge.one', `${url}/verdict`, { at: '2026-03-09T13:00:00+03:00', outcome: 'convicted', judge: 'Judge V. Fictional' })).statusCode, 201);
      assert.equal((await post('judge.one', `${url}/sentence`, { at: '2026-03-09T13:30:00+03:00', sentence: { years: 5 }, judge: 'Judge V. Fictional' })).statusCode, 201);
      assert.equal((await post('court.clerk', `${url}/appeals`, { at: '2026-03-09T15:00:00+03:00' })).statusCode, 201);
      assertProblem(await post('court.clerk', `${url}/stage`, { stage: 'final' }), 409, 'invalid_transition', '/stage');
      assert.equal((await post('judge.one', `${url}/appeal-decision`, { at: '2026-03-10T10:00:00+03:00', outcome: 'sentence_changed', sentence: { years: 3, months: 6 } })).statusCode, 201);
      assert.equal((await post('court.clerk', `${url}/stage`, { stage: 'final' })).statusCode, 201);

      const read = await c['auditor.icrc']('GET', url);
      assert.equal(read.statusCode, 200, read.body);
      const file = read.json();
      assert.equal(file.person_id, person);
      assert.equal(file.court, 'First Karkh Investigative Court');
      assert.equal(file.stage, 'final');
      assert.deepEqual(file.verdict, { outcome: 'convicted', at: '2026-03-09T10:00:00.000Z', judge: 'Judge V. Fictional' });
      assert.deepEqual(file.sentence, { sentence: { years: 3, months: 6 }, at: '2026-03-10T07:00:00.000Z', judge: null, on_appeal: true });
      assert.deepEqual(file.appeal, { lodged_at: '2026-03-09T12:00:00.000Z', decided_at: '2026-03-10T07:00:00.000Z', outcome: 'sentence_changed' });
      assert.deepEqual(file.counsel_visits, [{ counsel_id: counselId, at: '2026-03-03T08:00:00.000Z', facility_id: prison.facility_id }]);
      assert.deepEqual(file.appearances.map((a: { kind: string; at: string }) => [a.kind, a.at]), [['first_appearance_extended', '2026-03-02T05:00:00.000Z'], ['brought_before_judge', '2026-03-02T06:30:00.000Z']]);
      assert.deepEqual(
        file.orders.map((o: { order: string; days: number | null; max_penalty: unknown; confirmation: string; confirmed_by: string | null; entered_by: string }) => [o.order, o.days, o.max_penalty, o.confirmation, o.confirmed_by, o.entered_by]),
        [
          ['detention', 15, 'death', 'confirmed', 'judge.one', 'court.clerk'],
          ['detention', 20, 'death', 'judge_account', null, 'judge.one'],
          ['production', null, null, 'signed_scan', null, 'court.clerk'],
        ],
      );
      assert.deepEqual(file.orders[2].scan, { reference: 'SCAN-2026-77', sha256: 'ab'.repeat(32) });
      assert.equal(file.orders[2].produce_at, '2026-03-12T06:00:00.000Z');
      assert.deepEqual(file.hearings.map((h: { status: string; flags: string[]; interpreter_required: boolean }) => [h.status, h.flags, h.interpreter_required]), [['adjourned', ['no_counsel', 'no_interpreter'], true]]);
      assert.equal(file.hearings[0].adjourned_reason, 'no interpreter available');
      assert.deepEqual(file.interrogations.map((i: { start: string; end: string; lawyer: string | null }) => [i.start, i.end, i.lawyer]), [['2026-03-04T07:00:00.000Z', '2026-03-04T09:15:00.000Z', null]]);

      // Every event is on the person's chain, in the order written.
      const events = (await c['supervisor.duty']('GET', `/api/persons/${person}/events`)).json().events as { kind: string }[];
      assert.deepEqual(events.map((e) => e.kind).filter((k) => k.startsWith('case.')), [
        'case.opened', 'case.counsel_assigned', 'case.counsel_visited', 'case.first_appearance_extended', 'case.brought_before_judge',
        'case.order_recorded', 'case.order_confirmed', 'case.order_recorded', 'case.order_recorded', 'case.interrogation_recorded', 'case.hearing_scheduled', 'case.hearing_held',
        'case.stage_changed', 'case.stage_changed', 'case.verdict_recorded', 'case.stage_changed', 'case.sentence_recorded', 'case.appeal_lodged', 'case.stage_changed', 'case.appeal_decided', 'case.stage_changed',
      ]);
      const list = await c['judge.one']('GET', `/api/persons/${person}/cases`);
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(list.json().cases.map((k: { id: string }) => k.id), [caseId]);
      const audit = await db.query<{ what: string }>(`SELECT what FROM read_audit WHERE person_id = $1 AND what IN ($2, 'cases') ORDER BY what`, [person, `case ${caseId}`]);
      assert.deepEqual(audit.rows.map((r) => r.what), ['case ' + caseId, 'cases']);

      const report = await checkRegister(db);
      assert.deepEqual(report.findings, []);
    });

    test('a hearing held with counsel and an interpreter is not flagged; at trial a hearing without counsel is, even with none assigned', async () => {
      const person = await admitted({ languages: ['ar'] });
      const caseId = await opened(person);
      const schedule = async () => (await post('court.clerk', `/api/cases/${caseId}/hearings`, { at: '2026-03-06T10:00:00+03:00', purpose: 'hearing' })).json().hearing_id as string;
      const hold = (hid: string, present: object) => post('court.clerk', `/api/cases/${caseId}/hearings/${hid}/outcome`, { at: '2026-03-06T10:00:00+03:00', outcome: 'held', present: { judge: 'Judge F.', prosecutor: null, counsel: null, interpreter: null, ...present } });
      assert.equal((await hold(await schedule(), {})).statusCode, 201);
      await atTrial(caseId);
      assert.equal((await hold(await schedule(), { counsel: 'Counsel L.' })).statusCode, 201);
      assert.equal((await hold(await schedule(), {})).statusCode, 201);
      const hid = await schedule();
      assert.equal((await post('court.clerk', `/api/cases/${caseId}/hearings/${hid}/outcome`, { at: '2026-03-06T11:00:00+03:00', outcome: 'held', interpreter_required: true, present: { judge: 'Judge F.', prosecutor: null, counsel: 'Counsel L.', interpreter: 'Interpreter T.' } })).statusCode, 201);
      const flags = (await c['judge.one']('GET', `/api/cases/${caseId}`)).json().hearings.map((h: { flags: string[] }) => h.flags);
      assert.deepEqual(flags, [[], [], ['no_counsel'], []]);
      assertProblem(await hold(hid, {}), 409, 'invalid_transition', '/params/hid');
    });

    test('what the law forbids is refused with its named error, at its field, and nothing is written', async () => {
      const person = await admitted();
      const caseId = await opened(person, { reference: 'INV/2026/100' });
      const url = `/api/cases/${caseId}`;

      // An order without a judge.
      await refused(() => post('court.clerk', `${url}/orders`, detention({ judge: '  ' })), 422, 'judge_required', '/judge');
      await refused(() => post('court.clerk', `${url}/appearances`, { at: '2026-03-02T09:00:00+03:00', judge: '' }), 422, 'judge_required', '/judge');
      // An order dated before custody started.
      await refused(() => post('court.clerk', `${url}/orders`, detention({ issued_at: '2026-03-01T09:59:00+03:00' })), 422, 'before_custody', '/issued_at');
      // Days of 0 or 400; 16 and 366 are recorded as the judge ordered them.
      await refused(() => post('court.clerk', `${url}/orders`, detention({ days: 0 })), 422, 'invalid_value', '/days');
      await refused(() => post('court.clerk', `${url}/orders`, detention({ days: 400 })), 422, 'invalid_value', '/days');
      for (const days of [16, 366]) assert.equal((await post('court.clerk', `${url}/orders`, detention({ days }))).statusCode, 201);
      // A court extension without until, or ending before it was issued.
      const extension = { order: 'court_extension', reference: 'CE/1', issued_at: '2026-03-05T10:00:00+03:00', judge: 'Judge C. Fictional', court: 'Fictional Criminal Court' };
      await refused(() => post('court.clerk', `${url}/orders`, extension), 400, 'invalid_request', '/until');
      await refused(() => post('court.clerk', `${url}/orders`, { ...extension, until: '2026-03-05T09:00:00+03:00' }), 422, 'invalid_value', '/until');
      assert.equal((await post('court.clerk', `${url}/orders`, { ...extension, until: '2026-09-01T00:00:00+03:00' })).statusCode, 201);
      // Two orders with the same reference in one court; the same number in another court is another order.
      assert.equal((await post('court.clerk', `${url}/orders`, detention({ reference: 'DO/2026/7' }))).statusCode, 201);
      await refused(() => post('court.clerk', `${url}/orders`, detention({ reference: 'DO/2026/7' })), 409, 'duplicate', '/reference');
      await refused(() => post('court.clerk', `${url}/orders`, detention({ reference: ' DO/2026/7 ', court: ' First  Karkh Investigative Court' })), 409, 'duplicate', '/reference');
      assert.equal((await post('court.clerk', `${url}/orders`, detention({ reference: 'DO/2026/7', court: 'Second Karkh Investigative Court' }))).statusCode, 201);
      // Two cases with one file number in one court.
      await refused(() => post('court.clerk', `/api/persons/${person}/cases`, { reference: 'INV/2026/100', court: 'First Karkh Investigative Court', charges: [charge] }), 409, 'duplicate', '/reference');
      // An instant in the future beyond a few minutes; one that does not exist on the calendar.
      await refused(() => post('court.clerk', `${url}/orders`, detention({ issued_at: '2026-03-10T12:10:00+03:00' })), 422, 'invalid_value', '/issued_at');
      assert.equal((await post('court.clerk', `${url}/orders`, detention({ issued_at: '2026-03-10T12:04:00+03:00' }))).statusCode, 201);
      await refused(() => post('court.clerk', `${url}/orders`, detention({ issued_at: '2026-02-30T10:00:00+03:00' })), 400, 'invalid_request', '/issued_at');
      await refused(() => post('court.clerk', `${url}/appearances`, { at: '2026-03-02T24:00:00+03:00', judge: 'Judge F.' }), 400, 'invalid_request', '/at');
      // Interrogation that ends before it starts.
      await refused(
        () => post('court.clerk', `${url}/interrogations`, { start: '2026-03-04T12:00:00+03:00', end: '2026-03-04T11:00:00+03:00', place: 'Room 2', present: ['Investigator I.'], interpreter: null, lawyer: null }),
        422, 'invalid_value', '/end',
      );
      // A sentence without a conviction: no verdict yet, then an acquittal.
      await atTrial(caseId);
      const sentence = { at: '2026-03-09T13:30:00+03:00', sentence: { years: 2, months: 0 }, judge: 'Judge V. Fictional' };
      await refused(() => post('judge.one', `${url}/sentence`, sentence), 409, 'not_convicted', '/sentence');
      assert.equal((await post('judge.one', `${url}/verdict`, { at: '2026-03-09T13:00:00+03:00', outcome: 'acquitted', judge: 'Judge V. Fictional' })).statusCode, 201);
      await refused(() => post('judge.one', `${url}/sentence`, sentence), 409, 'not_convicted', '/sentence');
      await refused(() => post('judge.one', `${url}/verdict`, { at: '2026-03-09T13:00:00+03:00', outcome: 'convicted', judge: 'Judge V. Fictional' }), 409, 'invalid_transition', '/params/id');
      // Segregation: a second start while one is open, an end with none open.
      const segregate = (action: string, at: string) => post('officer.gate', `/api/persons/${person}/segregation`, { action, at, reason: 'threat to others', authorised_by: 'Warden W. Fictional' });
      await refused(() => segregate('end', '2026-03-05T10:00:00+03:00'), 409, 'invalid_transition', '/action');
      assert.equal((await segregate('start', '2026-03-05T10:00:00+03:00')).statusCode, 201);
      await refused(() => segregate('start', '2026-03-06T10:00:00+03:00'), 409, 'invalid_transition', '/action');
      await refused(() => segregate('end', '2026-03-04T10:00:00+03:00'), 422, 'invalid_value', '/at');
      assert.equal((await segregate('end', '2026-03-07T10:00:00+03:00')).statusCode, 201);
      // Periods follow one another: a start dated inside the one that has ended is refused.
      await refused(() => segregate('start', '2026-03-06T10:00:00+03:00'), 422, 'invalid_value', '/at');
      const periods = (await c['auditor.icrc']('GET', `/api/persons/${person}/segregation`)).json().periods;
      assert.deepEqual(periods.map((p: { facility_id: string; started_at: string; ended_at: string }) => [p.facility_id, p.started_at, p.ended_at]), [[prison.facility_id, '2026-03-05T07:00:00.000Z', '2026-03-07T07:00:00.000Z']]);
      assert.deepEqual((await checkRegister(db)).findings, []);
    });

    test('a person no longer in custody: no hearing or order after the release; an order issued while held is still recorded', async () => {
      const person = await admitted();
      const caseId = await opened(person);
      const url = `/api/cases/${caseId}`;
      const release = await post('officer.gate', `/api/persons/${person}/exits`, {
        kind: 'person.released', occurred_at: '2026-03-08T10:00:00+03:00', details: { order_reference: 'RO/1', verified_by: 'Warden R. Fictional', released_to: 'family' },
      });
      assert.equal(release.statusCode, 201, release.body);
      await refused(() => post('court.clerk', `${url}/hearings`, { at: '2026-03-12T10:00:00+03:00', purpose: 'trial' }), 409, 'not_in_custody', '/at');
      await refused(() => post('court.clerk', `${url}/orders`, detention({ issued_at: '2026-03-09T10:00:00+03:00' })), 409, 'not_in_custody', '/issued_at');
      await refused(() => post('officer.gate', `/api/persons/${person}/segregation`, { action: 'start', at: '2026-03-09T10:00:00+03:00', reason: 'x', authorised_by: 'W.' }), 409, 'not_in_custody', '/params/id');
      const releaseOrder = await post('court.clerk', `${url}/orders`, { order: 'release', reference: 'RO/1', issued_at: '2026-03-08T09:00:00+03:00', judge: 'Judge F. Fictional' });
      assert.equal(releaseOrder.statusCode, 201, releaseOrder.body);
      // Someone never held has nothing judicial recorded.
      const { person_id: _id, register_number: _n, ...body } = aPerson();
      const listed = (await c['clerk.intake']('POST', '/api/persons', { body })).json().person_id as string;
      const theirs = await opened(listed);
      await refused(() => post('court.clerk', `/api/cases/${theirs}/appearances`, { at: '2026-03-02T09:00:00+03:00', judge: 'Judge F.' }), 409, 'not_in_custody', '/at');
    });

    test('confirmation: only a judge’s account confirms, once; a clerk is refused at the route and by the domain', async () => {
      const person = await admitted();
      const caseId = await opened(person);
      const order = (await post('court.clerk', `/api/cases/${caseId}/orders`, detention())).json().order_id as string;
      await refused(() => post('court.clerk', `/api/cases/${caseId}/orders/${order}/confirmation`, {}), 403, 'forbidden');
      const byClerk = await execute(register, confirmOrder, { case_id: caseId, order_id: order }, as('court.clerk', 'court_clerk'));
      assert.equal(!byClerk.ok && byClerk.rejection.code, 'forbidden');
      const verdictByOfficer = await execute(register, recordVerdict, { case_id: caseId, at: '2026-03-09T10:00:00+03:00', outcome: 'convicted', judge: 'Judge F.' }, as('supervisor.duty', 'supervisor'));
      assert.equal(!verdictByOfficer.ok && verdictByOfficer.rejection.code, 'forbidden');
      assert.equal((await post('judge.one', `/api/cases/${caseId}/orders/${order}/confirmation`, {})).statusCode, 201);
      await refused(() => post('judge.one', `/api/cases/${caseId}/orders/${order}/confirmation`, {}), 409, 'invalid_transition', '/params/oid');
      await refused(() => post('judge.one', `/api/cases/${caseId}/orders/${randomUUID()}/confirmation`, {}), 404, 'not_found', '/params/oid');
      await refused(() => post('judge.one', `/api/cases/${randomUUID()}/orders/${order}/confirmation`, {}), 404, 'not_found', '/params/id');
    });

    test('roles: the court clerk cannot decide, officers cannot open cases, a registration clerk cannot read them', async () => {
      const person = await admitted();
      const caseId = await opened(person);
      await refused(() => post('court.clerk', `/api/cases/${caseId}/verdict`, { at: '2026-03-09T10:00:00+03:00', outcome: 'convicted', judge: 'J.' }), 403, 'forbidden');
      await refused(() => post('court.clerk', `/api/cases/${caseId}/appearance-extensions`, { at: '2026-03-02T09:00:00+03:00', judge: 'J.' }), 403, 'forbidden');
      await refused(() => post('officer.gate', `/api/persons/${person}/cases`, { reference: 'X/1', court: 'C', charges: [charge] }), 403, 'forbidden');
      await refused(() => post('court.clerk', `/api/persons/${person}/segregation`, { action: 'start', at: '2026-03-05T10:00:00+03:00', reason: 'r', authorised_by: 'W.' }), 403, 'forbidden');
      await refused(() => post('judge.one', `/api/cases/${caseId}/counsel-visits`, { counsel_id: randomUUID(), at: '2026-03-05T10:00:00+03:00', facility_id: prison.facility_id }), 403, 'forbidden');
      assertProblem(await c['clerk.intake']('GET', `/api/cases/${caseId}`), 403, 'forbidden');
      assertProblem(await c['judge.one']('GET', `/api/cases/${randomUUID()}`), 404, 'not_found', '/params/id');
      assertProblem(await c['judge.one']('GET', `/api/persons/${randomUUID()}/cases`), 404, 'not_found', '/params/id');
      await refused(() => post('court.clerk', `/api/persons/${randomUUID()}/cases`, { reference: 'X/2', court: 'C', charges: [charge] }), 404, 'not_found', '/params/id');
      assert.equal((await c['officer.gate']('GET', `/api/cases/${caseId}`)).statusCode, 200);
    });

    test('the docket: a court’s hearings and productions on a local day, with who, from which facility and which case; the read is audited', async () => {
      const court = 'محكمة تحقيق الكرخ الأولى';
      const [early, late, other] = [await admitted(), await admitted(), await admitted()];
      const caseOf = new Map<string, string>();
      for (const p of [early, late, other]) caseOf.set(p, await opened(p, { court: p === other ? 'Another Court' : court, charges: [lesser, charge] }));
      const schedule = (p: string, at: string) => post('court.clerk', `/api/cases/${caseOf.get(p)}/hearings`, { at, purpose: 'review of detention' });
      // 23:30 in Baghdad on the 12th is the 12th; 00:30 on the 13th is the 13th, though both are the 12th in UTC.
      assert.equal((await schedule(early, '2026-03-12T23:30:00+03:00')).statusCode, 201);
      assert.equal((await schedule(late, '2026-03-13T00:30:00+03:00')).statusCode, 201);
      assert.equal((await schedule(other, '2026-03-12T10:00:00+03:00')).statusCode, 201);
      const production = await post('court.clerk', `/api/cases/${caseOf.get(late)}/orders`, {
        order: 'production', reference: 'PO/77', issued_at: '2026-03-09T12:00:00+03:00', judge: 'Judge F.', to_facility_id: holding.facility_id, produce_at: '2026-03-12T09:00:00Z',
      });
      assert.equal(production.statusCode, 201, production.body);

      const docket = await c['judge.one']('GET', `/api/courts/${encodeURIComponent(court)}/docket?date=2026-03-12`);
      assert.equal(docket.statusCode, 200, docket.body);
      const body = docket.json();
      assert.equal(body.court, court);
      const numbers = new Map(await Promise.all([early, late].map(async (p) => [p, (await c['judge.one']('GET', `/api/persons/${p}`)).json().register_number] as const)));
      assert.deepEqual(
        body.entries.map((e: { kind: string; at: string; person_id: string; register_number: string; facility: { id: string; name: string }; case_id: string; confirmation: string | null }) => [e.kind, e.at, e.person_id, e.register_number, e.facility, e.case_id, e.confirmation]),
        [
          ['production', '2026-03-12T09:00:00.000Z', late, numbers.get(late), { id: prison.facility_id, name: 'Fictional Karkh Prison' }, caseOf.get(late), 'pending'],
          ['hearing', '2026-03-12T20:30:00.000Z', early, numbers.get(early), { id: prison.facility_id, name: 'Fictional Karkh Prison' }, caseOf.get(early), null],
        ],
      );
      const next = (await c['judge.one']('GET', `/api/courts/${encodeURIComponent(court)}/docket?date=2026-03-13`)).json();
      assert.deepEqual(next.entries.map((e: { person_id: string }) => e.person_id), [late]);
      const audited = await db.query<{ person_id: string }>('SELECT person_id FROM read_audit WHERE what = $1 ORDER BY person_id', [`docket ${court} 2026-03-12`]);
      assert.deepEqual(audited.rows.map((r) => r.person_id), [early, late].sort());
      assertProblem(await c['judge.one']('GET', `/api/courts/${encodeURIComponent(court)}/docket?date=2026-02-30`), 400, 'invalid_request', '/query/date');
      assertProblem(await c['judge.one']('GET', `/api/courts/${encodeURIComponent(court)}/docket`), 400, 'invalid_request', '/query/date');
      // A court's name of the longest kind recorded (200 characters of Arabic: 1,200 once percent-encoded) has its docket too.
      const longest = 'م'.repeat(200);
      const empty = await c['judge.one']('GET', `/api/courts/${encodeURIComponent(longest)}/docket?date=2026-03-12`);
      assert.deepEqual([empty.statusCode, empty.json().court, empty.json().entries], [200, longest, []], empty.body);
      assertProblem(await c['judge.one']('GET', `/api/courts/${encodeURIComponent(longest + 'م')}/docket?date=2026-03-12`), 400, 'invalid_request', '/params/court');
    });
  });
}
