/**
 * Information requests (ICPPED 18) and restrictions (ICPPED 20), issue 16, through the API on
 * PGlite: an answer with every article 18 item (with a transfer, and a death), "not held" only
 * after the look-up is recorded, each refusal of a restriction by name, a restriction lifting at
 * the instant it expires, withheld answers shown to oversight, the requester never shown to the
 * facility, and bad input refused at its field with nothing written.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { approvedTransfer, atFacility, checkInInput, checkInPerson, closeCount, closeCountInput, dispatchInput, dispatchTransfer, ok, as } from './support/transfers.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { recordExit } from '../src/commands/record-exit.ts';
import type { Role } from '../src/domain/permissions.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { migrate } from '../src/store/migrate.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

const requester = (relationship = 'parent', name = 'نوال كريم الشمري') => ({
  name,
  relationship,
  identity_check: { method: 'national_id', reference: 'national identity card 1987-000-111' },
  contact: '+964 770 000 0101',
});

describe('information requests and restrictions (pglite)', () => {
  let db: Database;
  let register: Register;
  let app: FastifyInstance;
  let now = new Date('2026-03-10T09:00:00Z');
  const users = { 'info.one': 'information_officer', 'sup.one': 'supervisor', 'sup.two': 'supervisor', 'oversight.one': 'oversight', 'officer.one': 'facility_officer' } as const satisfies Record<string, Role>;
  const c = {} as Record<keyof typeof users, Client>;
  const prisonA = aFacility({ name: 'Fictional Karkh Prison', authority: 'Ministry of Justice' });
  const prisonB = aFacility({ name: 'Fictional Nasiriyah Prison', authority: 'Ministry of Justice' });
  // Held, then transferred from A to B.
  const moved = aPerson({ names: [aName({ full: 'سالم حميد ناصر العبيدي' }), aName({ script: 'Latn', full: 'Salim Hamid Nasir al-Ubaidi', parts: { given: 'Salim', father: 'Hamid' } })] });
  // Held at A, then died there.
  const died = aPerson({ names: [aName({ full: 'قاسم جواد كريم الساعدي', parts: { given: 'قاسم', father: 'جواد' } }), aName({ script: 'Latn', full: 'Qasim Jawad Karim al-Saadi', parts: { given: 'Qasim', father: 'Jawad' } })], dob: { kind: 'year', year: 1971 } });

  /** Move the register's clock, and log in again (a session ends after 30 idle minutes of that clock). */
  async function clockAt(instant: Date) {
    now = instant;
    for (const username of Object.keys(users) as (keyof typeof users)[]) c[username] = clientFor(app, await login(app, username));
  }
  const post = (who: keyof typeof users, url: string, body: unknown = {}) => c[who]('POST', url, { body });
  const written = async () => (await db.query('SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM information_request) AS requests, (SELECT count(*) FROM restriction) AS restrictions')).rows[0];
  async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, field?: string) {
    const before = await written();
    assertProblem(await send(), status, code, field);
    assert.deepEqual(await written(), before);
  }

  /** A request recorded in the requester's spelling; returns its id. */
  async function recorded(names: string[], relationship = 'parent'): Promise<string> {
    const res = await post('info.one', '/api/information-requests', { requester: requester(relationship), asked_about: { names }, received_at: '2026-03-10T10:00:00+03:00' });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().request_id as string;
  }
  /** Look up, review every candidate and identify `person` (or none). */
  async function lookedUp(id: string, person: string | null): Promise<string[]> {
    const candidates = (await c['info.one']('GET', `/api/information-requests/${id}/candidates`)).json().candidates.map((x: { person_id: string }) => x.person_id) as string[];
    const res = await post('info.one', `/api/information-requests/${id}/lookup`, { reviewed: candidates, identified: person, note: 'compared names, father and year of birth' });
    assert.equal(res.statusCode, 201, res.body);
    return candidates;
  }
  const answered = async (id: string) => {
    const res = await post('info.one', `/api/information-requests/${id}/answer`);
    assert.equal(res.statusCode, 201, res.body);
    return (await c['info.one']('GET', `/api/information-requests/${id}`)).json().request.answer;
  };

  before(async () => {
    db = await openPglite();
    await migrate(db);
    const identity = await IdentityIndex.build(db);
    register = { db, identity, clock: () => now };
    app = buildServer({ db, register, passwordCost: cheap });
    await app.ready();
    for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${role}`, role, password }, { cost: cheap });
    await clockAt(now);
    const clerk = () => as('clerk.intake', 'registration_clerk');
    for (const f of [prisonA, prisonB]) ok(await execute(register, registerFacility, f, as('sup', 'supervisor')), 'facility');
    for (const p of [moved, died]) {
      ok(await execute(register, registerPerson, p, clerk()), 'register');
      ok(await execute(register, admitPerson, anAdmission(p.person_id, prisonA, { admitted_at: '2026-01-21T14:00:00+03:00' }), clerk()), 'admit');
    }
    const transfer = await approvedTransfer(register, atFacility(prisonA.facility_id), atFacility(prisonB.facility_id), [moved.person_id]);
    ok(await execute(register, dispatchTransfer, dispatchInput(transfer), as('officer.gate')), 'dispatch');
    ok(await execute(register, checkInPerson, checkInInput(transfer, moved.person_id, moved.register_number, prisonB.units[0]!.id), as('officer.b')), 'check in');
    ok(await execute(register, closeCount, closeCountInput(transfer), as('officer.b')), 'close count');
    ok(
      await execute(register, recordExit, { person_id: died.person_id, kind: 'person.died', occurred_at: '2026-02-15T03:00:00+03:00', details: { circumstances: 'found unresponsive in his cell at the 03:00 count', cause: 'cardiac arrest (provisional, autopsy pending)', remains: 'Fictional Medico-Legal Institute, Baghdad' } }, as('officer.a')),
      'death',
    );
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  test('a request in the relative’s spelling is answered with every article 18 item, the transfer included', async () => {
    const id = await recorded(['سالم حميد العبيدي']);
    const candidates = await lookedUp(id, moved.person_id);
    assert.ok(candidates.includes(moved.person_id), 'the matcher proposes the person under another spelling of the name');
    const answer = (await answered(id)).answer;
    const items = answer.items;
    assert.equal(answer.register_number, moved.register_number);
    assert.deepEqual(items.ordering_authority, {
      status: 'given',
      facts: { authority: 'Investigative court, fictional district', law: 'Code of Criminal Procedure', article: '109', basis_reference: 'HD-2026-001', basis_issued_by: 'Fictional sending authority', basis_issued_on: '2026-01-20' },
    });
    assert.deepEqual(items.detention_began, { status: 'given', facts: { at: '2025-12-01T10:00:00+03:00', place: 'Fictional checkpoint 7', authority: 'Border guard' } });
    assert.deepEqual(items.admission, { status: 'given', facts: { at: '2026-01-21T14:00:00+03:00', facility: 'Fictional Karkh Prison', facility_authority: 'Ministry of Justice' } });
    assert.deepEqual(items.supervising_authority, { status: 'given', facts: { authority: 'Public prosecution' } });
    assert.equal(items.whereabouts.status, 'given');
    assert.equal(items.whereabouts.facts.status, 'in_custody');
    assert.equal(items.whereabouts.facts.place, 'Fictional Nasiriyah Prison');
    assert.deepEqual(
      items.whereabouts.facts.movements.map((m: { kind: string; place: string }) => [m.kind, m.place]),
      [['admitted', 'Fictional Karkh Prison'], ['dispatched', 'Fictional escort command'], ['checked_in', 'Fictional Nasiriyah Prison']],
    );
    assert.deepEqual(items.release, { status: 'given', facts: { released: false } });
    assert.deepEqual(items.health, { status: 'given', facts: { health_record: 'HR-0001', last_examination: null } });
    assert.deepEqual(items.death, { status: 'given', facts: { died: false } });
  });

  test('a death is answered with its circumstances, its cause and the destination of the remains', async () => {
    const id = await recorded(['Kasim Jawad al-Saadi'], 'spouse');
    await lookedUp(id, died.person_id);
    const items = (await answered(id)).answer.items;
    assert.deepEqual(items.death, {
      status: 'given',
      facts: { died: true, at: '2026-02-15T03:00:00+03:00', circumstances: 'found unresponsive in his cell at the 03:00 count', cause: 'cardiac arrest (provisional, autopsy pending)', remains: 'Fictional Medico-Legal Institute, Baghdad' },
    });
    assert.equal(items.whereabouts.facts.status, 'deceased');
  });

  test('"not held in this register" is refused until the candidates reviewed are recorded; a candidate not reviewed is refused', async () => {
    const id = await recorded(['سالم حميد العبيدي', 'Salem al-Obaidi']);
    await refused(() => post('info.one', `/api/information-requests/${id}/answer`), 409, 'lookup_not_reviewed', '/params/id');
    await refused(() => post('info.one', `/api/information-requests/${id}/lookup`, { reviewed: [], identified: null }), 409, 'lookup_not_reviewed', '/reviewed');
    const candidates = await lookedUp(id, null);
    assert.ok(candidates.includes(moved.person_id));
    const answer = await answered(id);
    assert.equal(answer.answer, null);
    assert.equal(answer.person_id, null);
    const request = (await c['info.one']('GET', `/api/information-requests/${id}`)).json().request;
    assert.deepEqual(request.lookup.reviewed, candidates);
  });

  test('a restriction without a judicial reference, without an expiry, or applied to judges or the visiting body is refused by name', async () => {
    const base = { person_id: moved.person_id, items: ['whereabouts'], legal_basis: 'Code of Criminal Procedure, art. 57 (secrecy of the investigation)', judicial_reference: 'Investigative court, decision 2026/311', applies_to: ['parent'], expires_at: '2026-03-20T09:00:00Z' };
    const { judicial_reference: _j, ...noReference } = base;
    await refused(() => post('info.one', '/api/restrictions', noReference), 422, 'judicial_reference_required', '/judicial_reference');
    await refused(() => post('info.one', '/api/restrictions', { ...base, judicial_reference: '  ' }), 422, 'judicial_reference_required', '/judicial_reference');
    const { expires_at: _e, ...noExpiry } = base;
    await refused(() => post('info.one', '/api/restrictions', noExpiry), 422, 'expiry_required', '/expires_at');
    await refused(() => post('info.one', '/api/restrictions', { ...base, applies_to: ['judicial_authority'] }), 422, 'restriction_not_applicable', '/applies_to/0');
    await refused(() => post('info.one', '/api/restrictions', { ...base, applies_to: ['parent', 'visiting_body'] }), 422, 'restriction_not_applicable', '/applies_to/1');
    const own = await post('sup.one', '/api/restrictions', base);
    assert.equal(own.statusCode, 201, own.body);
    await refused(() => post('sup.one', `/api/restrictions/${own.json().restriction_id}/approval`), 403, 'same_official');
  });

  test('an approved restriction withholds its item, says so, is logged for oversight, never applies to a judge, and lifts at the instant it expires', async () => {
    const expiry = '2026-03-12T09:00:00.000Z';
    const res = await post('info.one', '/api/restrictions', {
      person_id: moved.person_id, items: ['whereabouts', 'health'], legal_basis: 'Code of Criminal Procedure, art. 57', judicial_reference: 'Investigative court, decision 2026/312', applies_to: ['sibling'], expires_at: expiry,
    });
    assert.equal(res.statusCode, 201, res.body);
    const rid = res.json().restriction_id as string;
    const sibling = await recorded(['سالم حميد العبيدي'], 'sibling');
    await lookedUp(sibling, moved.person_id);
    const before = async () => (await c['info.one']('GET', `/api/information-requests/${sibling}/draft-answer`)).json().answer.items;
    assert.equal((await before()).whereabouts.status, 'given', 'not in force before it is approved');
    assert.equal((await post('sup.two', `/api/restrictions/${rid}/approval`)).statusCode, 201);

    await clockAt(new Date(Date.parse(expiry) - 1));
    const withheld = await before();
    assert.deepEqual(withheld.whereabouts, { status: 'withheld', restriction_id: rid, legal_basis: 'Code of Criminal Procedure, art. 57', judicial_reference: 'Investigative court, decision 2026/312', expires_at: expiry });
    assert.equal(withheld.health.status, 'withheld');
    assert.equal(withheld.admission.status, 'given');

    const judge = await recorded(['سالم حميد العبيدي'], 'judicial_authority');
    await lookedUp(judge, moved.person_id);
    const judgeItems = (await c['info.one']('GET', `/api/information-requests/${judge}/draft-answer`)).json().answer.items;
    assert.equal(judgeItems.whereabouts.status, 'given', 'a restriction never applies to judges');

    const answer = await answered(sibling);
    assert.equal(answer.answer.items.whereabouts.status, 'withheld');
    const logged = await c['oversight.one']('GET', '/api/oversight/withheld-answers');
    assert.equal(logged.statusCode, 200, logged.body);
    const entry = logged.json().answers.find((a: { request_id: string }) => a.request_id === sibling);
    // Each item withheld names its restriction with what the answer said of it: basis, judicial reference, expiry.
    const said = { restriction_id: rid, legal_basis: 'Code of Criminal Procedure, art. 57', judicial_reference: 'Investigative court, decision 2026/312', expires_at: expiry };
    assert.deepEqual(entry.withheld, [{ item: 'whereabouts', ...said }, { item: 'health', ...said }]);
    assert.equal(entry.register_number, moved.register_number);
    assertProblem(await c['officer.one']('GET', '/api/oversight/withheld-answers'), 403, 'forbidden');

    await clockAt(new Date(expiry));
    const lifted = await before();
    assert.equal(lifted.whereabouts.status, 'given', 'lifted at the instant of expiry, with no job run');
    assert.equal(lifted.health.status, 'given');
    await clockAt(new Date('2026-03-10T09:00:00Z'));
  });

  test('the requester’s identity is shown to information officers and oversight, never to the facility', async () => {
    const id = await recorded(['سالم حميد العبيدي'], 'child');
    await lookedUp(id, moved.person_id);
    await answered(id);
    assert.equal((await c['oversight.one']('GET', `/api/information-requests/${id}`)).json().request.requester.name, requester().name);
    assertProblem(await c['officer.one']('GET', `/api/information-requests/${id}`), 403, 'forbidden');
    assertProblem(await c['officer.one']('GET', '/api/information-requests'), 403, 'forbidden');
    assertProblem(await c['sup.one']('GET', `/api/information-requests/${id}`), 403, 'forbidden');
    const events = await c['officer.one']('GET', `/api/persons/${moved.person_id}/events`);
    assert.equal(events.statusCode, 200, events.body);
    assert.ok(events.json().events.some((e: { kind: string }) => e.kind === 'inforequest.answered'), 'the answer is on the person’s chain');
    assert.ok(!events.body.includes(requester().name) && !events.body.includes('1987-000-111'), 'the person’s chain never names who asked');
  });

  test('bad input is refused at its field, nothing written: an unknown relationship, a date that is none, a year of birth that is none', async () => {
    const body = { requester: requester(), asked_about: { names: ['سالم'] }, received_at: '2026-03-10T10:00:00+03:00' };
    await refused(() => post('info.one', '/api/information-requests', { ...body, requester: requester('cousin_twice_removed') }), 400, 'invalid_request', '/requester/relationship');
    await refused(() => post('info.one', '/api/information-requests', { ...body, received_at: 'yesterday' }), 422, 'invalid_value', '/received_at');
    await refused(() => post('info.one', '/api/information-requests', { ...body, received_at: '2026-04-10T10:00:00+03:00' }), 422, 'invalid_value', '/received_at');
    await refused(() => post('info.one', '/api/information-requests', { ...body, asked_about: { names: ['سالم'], dob: '90' } }), 422, 'invalid_value', '/asked_about/dob');
    await refused(() => post('info.one', '/api/information-requests', { ...body, asked_about: { names: ['  '] } }), 422, 'invalid_value', '/asked_about/names');
    await refused(() => post('info.one', '/api/restrictions', { person_id: moved.person_id, items: ['whereabouts'], legal_basis: 'x', judicial_reference: 'y', applies_to: ['parent'], expires_at: 'next month' }), 422, 'invalid_value', '/expires_at');
  });

  test('an answer is read back exactly as it was given, whatever the register says later; one kept by reference only that the log no longer gives is a 409 that says why, never a 500', async () => {
    const id = await recorded(['سالم حميد العبيدي'], 'counsel');
    await lookedUp(id, moved.person_id);
    const given = await answered(id);
    assert.equal(given.answer.items.whereabouts.facts.place, 'Fictional Nasiriyah Prison');
    const read = () => c['oversight.one']('GET', `/api/information-requests/${id}`);
    // The facility's row says otherwise now (as a register's code or reference data may, later): the answer is still as given.
    await db.query('UPDATE facility SET name = $1 WHERE id = $2', ['Fictional Renamed Prison', prisonB.facility_id]);
    const later = await read();
    assert.equal(later.statusCode, 200, later.body);
    assert.deepEqual(later.json().request.answer.answer, given.answer);
    // An answer given before answers were kept beside the log has only its reference: recomputed, it differs — refused by name, with the reason.
    await db.query('ALTER TABLE given_answer DISABLE TRIGGER given_answer_append_only');
    await db.query('DELETE FROM given_answer WHERE sha256 = $1', [given.reference.sha256]);
    await db.query('ALTER TABLE given_answer ENABLE TRIGGER given_answer_append_only');
    const lost = await read();
    assertProblem(lost, 409, 'answer_not_reproduced', '/params/id');
    assert.match(lost.json().detail, /differs from the answer given/);
    // Recomputed from the log with the facility as it was, the digest agrees again.
    await db.query('UPDATE facility SET name = $1 WHERE id = $2', [prisonB.name, prisonB.facility_id]);
    assert.deepEqual((await read()).json().request.answer.answer, given.answer);
  });

  test('the projections equal a replay of the log', async () => {
    const report = await checkRegister(db);
    assert.equal(report.ok, true, JSON.stringify(report));
  });
});
