/**
 * A state's liaison officer and its nationals (issue 15): the data-sharing policy on the
 * state's profile (a closed list of fields and a legal basis; the minimal default without one);
 * the nationals — claimed (the record holds the nationality) or verified (a repatriation case
 * confirmed it) — listed, searched, read and downloaded as XLSX and CSV with the allowed fields
 * only; every such read a sharing recorded (recipient, legal basis, fields, persons, when),
 * listed for oversight and administrators; and, on every route and page a liaison may open, a
 * liaison of one state learns nothing about another state's nationals: 404 as for nobody, empty
 * lists, counts that leave them out. Bad input is refused naming the field, nothing written.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aName, aPerson, anAdmission } from './support/factories.ts';
import { assertProblem, cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { logInByForm } from './support/web-session.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { routePermissions } from '../src/api/server.ts';
import { grants, type Role } from '../src/domain/permissions.ts';
import type { RegisterPerson } from '../src/domain/person.ts';
import { parseCsv } from '../src/import/csv.ts';
import { readXlsx } from '../src/import/xlsx.ts';
import type { Database } from '../src/store/database.ts';

const staff = { supervisor: 'supervisor', officer: 'facility_officer', clerk: 'registration_clerk', auditor: 'auditor', admin: 'administrator', oversight: 'oversight', court: 'court_clerk' } as const satisfies Record<string, Role>;
const liaisons = { 'liaison.fr': 'FR', 'liaison.tn': 'TN', 'liaison.none': null } as const;
type User = keyof typeof staff | keyof typeof liaisons;

const frPolicy = { fields: ['case_stage', 'names', 'date_of_birth'], legal_basis: 'Fictional bilateral agreement on the return of nationals, art. 4' };

for (const backend of backends) {
  describe(`a liaison officer and its nationals on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    const api = {} as Record<User, Client>;
    const now = new Date('2026-03-10T09:00:00Z');
    const prison = aFacility({ name: 'Fictional Karkh Prison' });
    /** French only; French and Tunisian; Tunisian only; French verified by its case, then the record corrected; Iraqi. */
    const p = {} as Record<'french' | 'dual' | 'tunisian' | 'verified' | 'iraqi', { id: string; number: string }>;
    let tunisianCase = '';
    let frenchCase = '';

    const post = async (who: User, url: string, body: unknown) => {
      const res = await api[who]('POST', url, { body });
      assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
      return res.json();
    };
    const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    const lastSharing = async () =>
      (await db.query<{ state: string; username: string; legal_basis: string | null; fields: string[]; what: string; person_ids: string[] }>(
        'SELECT s.state, a.username, s.legal_basis, s.fields, s.what, s.person_ids FROM sharing_record s JOIN account a ON a.id = s.account_id ORDER BY s.id DESC LIMIT 1',
      )).rows[0]!;
    const sorted = (ids: readonly string[]) => [...ids].sort();

    before(async () => {
      db = await backend.open();
      app = buildApp({ db, passwordCost: cheap, register: { db, clock: () => now } });
      await app.ready();
      for (const [username, role] of Object.entries(staff)) await createAccount(db, { username, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
      for (const [username, state] of Object.entries(liaisons)) {
        await createAccount(db, { username, displayName: `Fictional liaison ${state ?? 'of no state'}`, role: 'liaison', password, ...(state ? { liaisonState: state } : {}) }, { cost: cheap });
      }
      for (const username of [...Object.keys(staff), ...Object.keys(liaisons)] as User[]) api[username] = clientFor(app, await login(app, username));
      await post('supervisor', '/api/facilities', prison);
      await post('supervisor', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [], sharing_policy: frPolicy });
      // Tunisia's profile records no policy: its liaison sees the minimal default.
      await post('supervisor', '/api/repatriations/states/TN', { consular_notification: 'mandatory', applies_death_penalty: true, liaison_contacts: [] });
      const admit = async (overrides: Partial<RegisterPerson>) => {
        const { person_id: _id, register_number: _n, ...body } = aPerson(overrides);
        const registered = await post('clerk', '/api/persons', { ...body, duplicate_reason: 'another fictional person' });
        const { admission_id: _a, ...admission } = anAdmission(registered.person_id, prison, { admitted_at: '2026-03-01T10:00:00+03:00' });
        await post('clerk', '/api/admissions', { ...admission, duplicate_reason: 'another fictional person' });
        return { id: registered.person_id as string, number: registered.register_number as string };
      };
      p.french = await admit({ nationalities: ['FR'], names: [aName({ script: 'Latn', full: 'Jean Fictif Martin' }), aName({ full: 'أحمد جان مارتان' })], documents: [{ kind: 'passport', number: 'FRP-100-FICT', issuing_country: 'FR' }] });
      p.dual = await admit({ nationalities: ['TN', 'FR'], names: [aName({ script: 'Latn', full: 'Karim Fictif Double' })], dob: { kind: 'exact', date: '1991-04-02' } });
      p.tunisian = await admit({ nationalities: ['TN'], names: [aName({ script: 'Latn', full: 'Hedi Fictif Tounsi' }), aName({ full: 'هادي التونسي' })], documents: [{ kind: 'passport', number: 'TNP-200-FICT', issuing_country: 'TN' }] });
      p.verified = await admit({ nationalities: ['FR'], names: [aName({ script: 'Latn', full: 'Luc Fictif Verifie' })] });
      p.iraqi = await admit({ nationalities: ['IQ'], names: [aName({ script: 'Latn', full: 'Omar Fictif Iraqi' })] });

      // The verified national: France confirmed the nationality on his case, then his record was corrected to another.
      frenchCase = (await post('officer', '/api/repatriations', { person_id: p.verified.id, state: 'FR', reason: 'national of the state' })).case_id;
      await post('officer', `/api/repatriations/${frenchCase}/requests`, { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-1' });
      await post('liaison.fr', `/api/repatriations/${frenchCase}/answers`, { answer: 'accepted', answered_at: '2026-03-03T10:00:00+03:00', reference: 'NV-2' });
      await post('liaison.fr', `/api/repatriations/${frenchCase}/nationality-confirmation`, { state: 'FR', confirmed_at: '2026-03-04T10:00:00+03:00', evidence: 'state_confirmation', reference: 'NV-3' });
      const registered = (await api.supervisor('GET', `/api/persons/${p.verified.id}/events`)).json().events.find((e: { kind: string }) => e.kind === 'person.registered');
      await post('supervisor', `/api/persons/${p.verified.id}/corrections`, { corrects: registered.event_id, reason: 'a document shows another nationality', changes: { nationalities: ['DZ'] } });
      tunisianCase = (await post('officer', '/api/repatriations', { person_id: p.tunisian.id, state: 'TN', reason: 'national of the state' })).case_id;
      await post('officer', `/api/repatriations/${tunisianCase}/requests`, { sent_at: '2026-03-02T10:00:00+03:00', channel: 'diplomatic_note', reference: 'NV-TN-1' });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('the policy is on the state’s profile, in the closed list’s order; a field not in the list, no legal basis, an unknown state: refused naming the field, nothing written', async () => {
      const fr = (await api.clerk('GET', '/api/repatriations/states/FR')).json();
      assert.deepEqual(fr.sharing_policy, { fields: ['names', 'date_of_birth', 'case_stage'], legal_basis: frPolicy.legal_basis });
      assert.equal((await api.clerk('GET', '/api/repatriations/states/TN')).json().sharing_policy, null);
      const events = await count('event');
      const body = { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [] };
      const religion = await api.supervisor('POST', '/api/repatriations/states/FR', { body: { ...body, sharing_policy: { fields: ['names', 'religion'], legal_basis: 'x' } } });
      assertProblem(religion, 400, 'invalid_request', '/sharing_policy/fields/1');
      assertProblem(await api.supervisor('POST', '/api/repatriations/states/FR', { body: { ...body, sharing_policy: { fields: ['names', 'names'], legal_basis: 'x' } } }), 422, 'invalid_value', '/sharing_policy/fields/1');
      assertProblem(await api.supervisor('POST', '/api/repatriations/states/FR', { body: { ...body, sharing_policy: { fields: ['names'], legal_basis: '  ' } } }), 422, 'missing_item', '/sharing_policy/legal_basis');
      assertProblem(await api.supervisor('POST', '/api/repatriations/states/FR', { body: { ...body, sharing_policy: { fields: ['names'] } } }), 400, 'invalid_request', '/sharing_policy/legal_basis');
      assertProblem(await api.supervisor('POST', '/api/repatriations/states/ZZ', { body: { ...body, sharing_policy: frPolicy } }), 422, 'invalid_value', '/params/code');
      assertProblem(await api['liaison.fr']('POST', '/api/repatriations/states/FR', { body: { ...body, sharing_policy: { fields: [...frPolicy.fields, 'facility'], legal_basis: 'x' } } }), 403, 'forbidden');
      assert.equal(await count('event'), events);
      assert.deepEqual((await api.clerk('GET', '/api/repatriations/states/FR')).json().sharing_policy.fields, ['names', 'date_of_birth', 'case_stage']);
    });

    test('a liaison lists its nationals, claimed or verified, with the allowed fields only; the sharing is recorded with its legal basis', async () => {
      const sharings = await count('sharing_record');
      const res = await api['liaison.fr']('GET', '/api/nationals');
      assert.equal(res.statusCode, 200, res.body);
      const list = res.json();
      assert.equal(list.state, 'FR');
      assert.deepEqual(list.fields, ['register_number', 'names', 'date_of_birth', 'case_stage']);
      assert.equal(list.legal_basis, frPolicy.legal_basis);
      assert.equal(list.total, 3);
      assert.deepEqual(sorted(list.nationals.map((n: { id: string }) => n.id)), sorted([p.french.id, p.dual.id, p.verified.id]));
      for (const n of list.nationals) assert.deepEqual(Object.keys(n).sort(), ['case_stage', 'date_of_birth', 'id', 'names', 'register_number']);
      const dual = list.nationals.find((n: { id: string }) => n.id === p.dual.id);
      assert.deepEqual(dual.date_of_birth, { kind: 'exact', date: '1991-04-02' });
      assert.equal(dual.case_stage, null);
      assert.deepEqual(list.nationals.find((n: { id: string }) => n.id === p.verified.id).case_stage, { case_id: frenchCase, status: 'nationality_confirmed' });
      assert.equal(await count('sharing_record'), sharings + 1);
      const shared = await lastSharing();
      assert.deepEqual({ ...shared, person_ids: sorted(shared.person_ids) }, {
        state: 'FR',
        username: 'liaison.fr',
        legal_basis: frPolicy.legal_basis,
        fields: ['register_number', 'names', 'date_of_birth', 'case_stage'],
        what: 'nationals list',
        person_ids: sorted([p.french.id, p.dual.id, p.verified.id]),
      });
      const audited = await db.query<{ person_id: string }>("SELECT r.person_id FROM read_audit r JOIN account a ON a.id = r.account_id WHERE a.username = 'liaison.fr' AND r.what = 'nationals list'");
      assert.deepEqual(sorted([...new Set(audited.rows.map((r) => r.person_id))]), sorted([p.french.id, p.dual.id, p.verified.id]));
    });

    test('without a policy the minimum: register numbers only, no legal basis claimed, names never searched', async () => {
      const list = (await api['liaison.tn']('GET', '/api/nationals')).json();
      assert.deepEqual(list.fields, ['register_number']);
      assert.equal(list.legal_basis, null);
      assert.deepEqual(sorted(list.nationals.map((n: { id: string }) => n.id)), sorted([p.dual.id, p.tunisian.id]));
      for (const n of list.nationals) assert.deepEqual(Object.keys(n).sort(), ['id', 'register_number']);
      const shared = await lastSharing();
      assert.deepEqual([shared.state, shared.legal_basis, shared.fields], ['TN', null, ['register_number']]);
      assert.equal((await api['liaison.tn']('GET', `/api/nationals?q=${encodeURIComponent('Tounsi')}`)).json().total, 0, 'a name not shared is not searched');
      assert.equal((await api['liaison.tn']('GET', '/api/nationals?q=TNP-200-FICT')).json().total, 0, 'nor a document');
      const byNumber = (await api['liaison.tn']('GET', `/api/nationals?q=${p.tunisian.number}`)).json();
      assert.deepEqual(byNumber.nationals.map((n: { id: string }) => n.id), [p.tunisian.id]);
      // A liaison bound to no state sees nobody, and nothing is shared.
      const sharings = await count('sharing_record');
      const none = (await api['liaison.none']('GET', '/api/nationals')).json();
      assert.deepEqual([none.state, none.total, none.nationals], [null, 0, []]);
      assert.equal(await count('sharing_record'), sharings);
    });

    test('a search matches the allowed names in any script (Arabic letters folded) and never another state’s national', async () => {
      const ids = async (q: string) => (await api['liaison.fr']('GET', `/api/nationals?q=${encodeURIComponent(q)}`)).json().nationals.map((n: { id: string }) => n.id);
      assert.deepEqual(await ids('martin'), [p.french.id]);
      assert.deepEqual(await ids('احمد'), [p.french.id], 'hamza on alif folded');
      assert.deepEqual(await ids(p.dual.number), [p.dual.id]);
      assert.deepEqual(await ids('Tounsi'), []);
      assert.deepEqual(await ids('التونسي'), []);
      assert.deepEqual(await ids(p.tunisian.number), [], 'another state’s national: not even by its register number');
      assert.deepEqual(await ids('FRP-100-FICT'), [], 'documents are not shared with France');
      const only = (await api['liaison.fr']('GET', `/api/nationals?ids=${p.tunisian.id},${p.french.id},${p.iraqi.id}`)).json();
      assert.deepEqual([only.total, only.nationals.map((n: { id: string }) => n.id)], [1, [p.french.id]]);
      const search = await lastSharing();
      assert.deepEqual([search.what, search.person_ids], ['nationals list', [p.french.id]]);
      assertProblem(await api['liaison.fr']('GET', '/api/nationals?limit=500'), 400, 'invalid_request', '/query/limit');
      assertProblem(await api['liaison.fr']('GET', '/api/nationals?ids=not-an-id'), 400, 'invalid_request', '/query/ids');
    });

    test('one national: the allowed fields; another state’s national is answered as nobody, recorded as a scope denial, nothing shared', async () => {
      const one = await api['liaison.fr']('GET', `/api/nationals/${p.verified.id}`);
      assert.equal(one.statusCode, 200, one.body);
      assert.deepEqual(Object.keys(one.json()).sort(), ['case_stage', 'date_of_birth', 'id', 'names', 'register_number']);
      assert.equal((await lastSharing()).what, 'national');
      const sharings = await count('sharing_record');
      const denials = await count('scope_denial');
      const other = await api['liaison.fr']('GET', `/api/nationals/${p.tunisian.id}`);
      const nobody = await api['liaison.fr']('GET', `/api/nationals/${randomUUID()}`);
      assertProblem(other, 404, 'not_found', '/params/id');
      assert.deepEqual({ ...(other.json() as object), instance: undefined }, { ...(nobody.json() as object), instance: undefined });
      assertProblem(await api['liaison.tn']('GET', `/api/nationals/${p.verified.id}`), 404, 'not_found', '/params/id');
      assertProblem(await api['liaison.fr']('GET', `/api/nationals/${p.iraqi.id}`), 404, 'not_found', '/params/id');
      assertProblem(await api['liaison.none']('GET', `/api/nationals/${p.french.id}`), 404, 'not_found', '/params/id');
      assert.equal(await count('sharing_record'), sharings);
      assert.equal(await count('scope_denial'), denials + 5);
      // No other role reads a national this way; the desk reads the person's record.
      assertProblem(await api.supervisor('GET', `/api/nationals/${p.french.id}`), 403, 'forbidden');
    });

    test('the nationals’ list downloads as XLSX and CSV: allowed fields only, titles as given, codes in the cells; each download a sharing', async () => {
      const titles = { register_number: 'رقم السجل', names: 'الأسماء', date_of_birth: 'تاريخ الميلاد', case_stage: 'مرحلة ملف الإعادة' };
      const xlsx = await api['liaison.fr']('POST', '/api/nationals/exports?format=xlsx', { body: { column_titles: titles, right_to_left: true } });
      assert.equal(xlsx.statusCode, 200, xlsx.body);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      const sheet = readXlsx(new Uint8Array(xlsx.rawPayload));
      assert.deepEqual([...sheet.rows[0]!.cells], ['رقم السجل', 'الأسماء', 'تاريخ الميلاد', 'مرحلة ملف الإعادة']);
      assert.equal(sheet.rows.length, 4);
      const byNumber = new Map(sheet.rows.slice(1).map((r) => [r.cells[0], [...r.cells]]));
      assert.deepEqual(sorted([...byNumber.keys()] as string[]), sorted([p.french.number, p.dual.number, p.verified.number]));
      assert.deepEqual(byNumber.get(p.dual.number), [p.dual.number, 'Karim Fictif Double', '1991-04-02']);
      assert.deepEqual(byNumber.get(p.verified.number)!.slice(2), ['1990', 'nationality_confirmed']);
      assert.ok(!xlsx.rawPayload.includes(Buffer.from(p.tunisian.number)));
      const shared = await lastSharing();
      assert.deepEqual([shared.what, shared.legal_basis, shared.fields, sorted(shared.person_ids)], ['nationals download xlsx', frPolicy.legal_basis, ['register_number', 'names', 'date_of_birth', 'case_stage'], sorted([p.french.id, p.dual.id, p.verified.id])]);

      const csv = await api['liaison.tn']('POST', '/api/nationals/exports?format=csv');
      assert.equal(csv.statusCode, 200, csv.body);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const rows = parseCsv(new Uint8Array(csv.rawPayload)).map((r) => r.fields);
      assert.deepEqual(rows[0], ['register_number']);
      assert.deepEqual(sorted(rows.slice(1).map((r) => r[0]!)), sorted([p.dual.number, p.tunisian.number]));
      assert.equal((await lastSharing()).what, 'nationals download csv');

      const sharings = await count('sharing_record');
      assertProblem(await api['liaison.fr']('POST', '/api/nationals/exports?format=pdf'), 400, 'invalid_request', '/query/format');
      assertProblem(await api['liaison.fr']('POST', '/api/nationals/exports?format=csv', { body: { column_titles: { religion: 'x' } } }), 400, 'invalid_request', '/column_titles/religion');
      assertProblem(await api.officer('POST', '/api/nationals/exports?format=csv'), 403, 'forbidden');
      const empty = await api['liaison.none']('POST', '/api/nationals/exports?format=csv');
      assert.deepEqual(parseCsv(new Uint8Array(empty.rawPayload)).map((r) => r.fields), [['register_number']]);
      assert.equal(await count('sharing_record'), sharings, 'nothing shared by a refusal or an empty list');
    });

    test('a liaison’s reads of its state’s repatriation cases are sharings too', async () => {
      const list = await api['liaison.fr']('GET', '/api/repatriations');
      assert.deepEqual(list.json().cases.map((c: { id: string }) => c.id), [frenchCase]);
      assert.deepEqual(await lastSharing().then((s) => [s.state, s.what, s.fields, s.person_ids, s.legal_basis]), ['FR', 'repatriations', ['register_number', 'repatriation_case'], [p.verified.id], frPolicy.legal_basis]);
      assert.equal((await api['liaison.fr']('GET', `/api/repatriations/${frenchCase}`)).statusCode, 200);
      assert.equal((await lastSharing()).what, `repatriation ${frenchCase}`);
      // The desk's own reads are audited reads, not sharings.
      const sharings = await count('sharing_record');
      await api.officer('GET', `/api/repatriations/${frenchCase}`);
      assert.equal(await count('sharing_record'), sharings);
    });

    test('a liaison is shown its national’s case as its state’s policy shares it: court cases only with legal_status, never the facility; the record names what was shown', async () => {
      const reference = `INV/${randomUUID().slice(0, 8)}`;
      const courtCase = (await post('court', `/api/persons/${p.verified.id}/cases`, { reference, court: 'Fictional Karkh Investigative Court', charges: [{ law: 'Fictional Penal Code', article: '7', max_penalty: 'life' }] })).case_id as string;
      const caseOf = async (who: User) => {
        const res = await api[who]('GET', `/api/repatriations/${frenchCase}`);
        assert.equal(res.statusCode, 200, res.body);
        return res;
      };
      const blockedIn = async (who: User) => (await api[who]('GET', '/api/repatriations')).json().cases.find((c: { id: string }) => c.id === frenchCase).blocked;
      const noFacility = (body: string) => assert.ok(!body.includes(prison.facility_id) && !body.includes(prison.name) && !/"facility/.test(body), 'no facility in the case');

      // France's policy shares names, date of birth and the case's stage: neither legal_status nor facility.
      const trimmed = await caseOf('liaison.fr');
      assert.equal(trimmed.json().blockers, null);
      assert.equal(trimmed.json().court_permissions, null);
      assert.equal(trimmed.json().nationality.reference, 'NV-3', 'the state’s own steps are shown');
      assert.equal(trimmed.json().answer.answer, 'accepted');
      assert.ok(!trimmed.body.includes(reference) && !trimmed.body.includes(courtCase) && !trimmed.body.includes('Fictional Karkh Investigative Court'), 'no court case details');
      noFacility(trimmed.body);
      assert.deepEqual((await lastSharing()).fields, ['register_number', 'repatriation_case']);
      assert.equal(await blockedIn('liaison.fr'), null);
      assert.deepEqual((await lastSharing()).fields, ['register_number', 'repatriation_case']);
      // The page renders the trimmed case, in Arabic, without the court case.
      const session = await logInByForm(app, 'liaison.fr', `/repatriations/${frenchCase}`);
      const page = await app.inject({ method: 'GET', url: `/repatriations/${frenchCase}`, headers: { cookie: session.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.ok(page.body.includes(p.verified.number) && !page.body.includes(reference) && !page.body.includes('id="blockers"'));
      assert.ok(page.body.includes('تُعرض هذه القضية كما تسمح بها سياسة تبادل البيانات لدولتك'));
      for (const section of ['consular', 'assessment', 'timeline']) assert.ok(!page.body.includes(`id="${section}"`), section);
      assert.deepEqual(trimmed.json().shared, ['register_number', 'repatriation_case']);

      // The desk sees the whole case.
      const whole = (await caseOf('officer')).json();
      assert.deepEqual(whole.blockers.map((b: { court_case_id: string; reference: string }) => [b.court_case_id, b.reference]), [[courtCase, reference]]);
      assert.deepEqual(whole.court_permissions, []);
      assert.equal(whole.reason, 'national of the state');
      assert.equal(whole.shared, undefined);
      const desk = await logInByForm(app, 'officer', `/repatriations/${frenchCase}`);
      const deskPage = await app.inject({ method: 'GET', url: `/repatriations/${frenchCase}`, headers: { cookie: desk.cookie } });
      assert.equal(deskPage.statusCode, 200);
      for (const section of ['blockers', 'consular', 'assessment', 'timeline']) assert.ok(deskPage.body.includes(`id="${section}"`), section);
      assert.ok(deskPage.body.includes(reference) && !deskPage.body.includes('id="shared"'));
      assert.equal(await blockedIn('officer'), true);

      // A policy that shares legal_status and the facility: the court case is shown, and recorded as shown.
      const wider = { fields: ['names', 'facility', 'legal_status', 'case_stage'], legal_basis: frPolicy.legal_basis };
      await post('supervisor', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [], sharing_policy: wider });
      try {
        const shown = await caseOf('liaison.fr');
        assert.deepEqual(shown.json().blockers.map((b: { court_case_id: string; reference: string; court: string }) => [b.court_case_id, b.reference, b.court]), [[courtCase, reference, 'Fictional Karkh Investigative Court']]);
        assert.deepEqual(shown.json().court_permissions, []);
        noFacility(shown.body);
        assert.deepEqual(await lastSharing().then((s) => [s.what, s.fields, s.person_ids]), [`repatriation ${frenchCase}`, ['register_number', 'repatriation_case', 'legal_status'], [p.verified.id]]);
        assert.equal(await blockedIn('liaison.fr'), true);
        assert.deepEqual((await lastSharing()).fields, ['register_number', 'repatriation_case', 'legal_status']);
        const shownPage = await app.inject({ method: 'GET', url: `/repatriations/${frenchCase}`, headers: { cookie: session.cookie } });
        assert.equal(shownPage.statusCode, 200);
        assert.ok(shownPage.body.includes(reference) && shownPage.body.includes('id="blockers"'));
      } finally {
        await post('supervisor', '/api/repatriations/states/FR', { consular_notification: 'on_request', applies_death_penalty: false, liaison_contacts: [], sharing_policy: frPolicy });
      }
    });

    test('the record of sharings: listed for oversight, administrators and auditors, by state; one sharing with its persons is an audited read', async () => {
      for (const who of ['oversight', 'admin', 'auditor'] as const) {
        const res = await api[who]('GET', '/api/sharing-records?state=FR');
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(res.json().total >= 4);
        assert.ok(res.json().records.every((r: { state: string; account: string }) => r.state === 'FR' && r.account === 'liaison.fr'));
      }
      const { records } = (await api.oversight('GET', '/api/sharing-records?limit=200')).json();
      const download = records.find((r: { what: string }) => r.what === 'nationals download xlsx');
      assert.deepEqual([download.state, download.account, download.legal_basis, download.persons, download.fields], ['FR', 'liaison.fr', frPolicy.legal_basis, 3, ['register_number', 'names', 'date_of_birth', 'case_stage']]);
      const detail = await api.oversight('GET', `/api/sharing-records/${download.id}`);
      assert.equal(detail.statusCode, 200, detail.body);
      assert.deepEqual(sorted(detail.json().person_list.map((x: { register_number: string }) => x.register_number)), sorted([p.french.number, p.dual.number, p.verified.number]));
      const reads = await db.query<{ n: string }>("SELECT count(*) AS n FROM read_audit r JOIN account a ON a.id = r.account_id WHERE a.username = 'oversight' AND r.what = 'sharing record'");
      assert.equal(Number(reads.rows[0]!.n), 3);
      assertProblem(await api.oversight('GET', '/api/sharing-records/999999'), 404, 'not_found', '/params/id');
      assertProblem(await api.oversight('GET', '/api/sharing-records?state=ZZ'), 422, 'invalid_value', '/query/state');
      assertProblem(await api.oversight('GET', '/api/sharing-records?state=IQ'), 422, 'invalid_value', '/query/state');
      for (const who of ['liaison.fr', 'officer', 'supervisor', 'clerk'] as const) assertProblem(await api[who]('GET', '/api/sharing-records'), 403, 'forbidden');
      // The page lists them in the reader's language.
      const session = await logInByForm(app, 'oversight');
      const page = await app.inject({ method: 'GET', url: '/sharing-records', headers: { cookie: session.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.ok(page.body.includes('سجل المشاركة مع الدول'));
      assert.ok(page.body.includes(frPolicy.legal_basis));
      const one = await app.inject({ method: 'GET', url: `/sharing-records/${download.id}`, headers: { cookie: session.cookie } });
      assert.equal(one.statusCode, 200);
      assert.ok(one.body.includes(p.french.number));
    });

    test('every route and page a liaison may open, aimed at another state’s national, its case or its state: nothing about them', async () => {
      const session = await logInByForm(app, 'liaison.fr');
      const leaks = [p.tunisian.id, p.tunisian.number, tunisianCase, 'Tounsi', 'Hedi Fictif', 'التونسي', 'TNP-200-FICT', p.iraqi.id, p.iraqi.number, 'Omar Fictif'];
      const routes = routePermissions(app).filter((r) => r.method === 'GET' && (r.permission === 'authenticated' || r.permission === 'public' || (grants.liaison as readonly string[]).includes(r.permission)));
      assert.ok(routes.some((r) => r.url === '/nationals/:id') && routes.some((r) => r.url === '/api/repatriations/:id'), 'the liaison’s routes are among them');
      const address = (url: string) =>
        url
          .replace(/^(\/api)?\/nationals\/:id$/, `$1/nationals/${p.tunisian.id}`)
          .replace(/^(\/api)?\/repatriations\/:id$/, `$1/repatriations/${tunisianCase}`)
          .replace(':code', 'TN')
          .replace(':name', 'app.css')
          .replace(/:\w+/g, () => randomUUID())
          .replace(/\*$/, '0/000.p/1');
      // Lists asked about the other state's national every way they can be asked.
      const asked = new Map<string, string[]>([
        ['/api/nationals', [`?q=${p.tunisian.number}`, `?ids=${p.tunisian.id},${p.iraqi.id}`, '?q=Tounsi']],
        ['/nationals', [`?q=${p.tunisian.number}`, '?q=Tounsi']],
        ['/api/repatriations', [`?person_id=${p.tunisian.id}`, '?state=TN']],
        ['/repatriations', ['?state=TN']],
      ]);
      const failures: string[] = [];
      let tried = 0;
      for (const route of routes) {
        for (const query of ['', ...(asked.get(route.url) ?? [])]) {
          const url = `${address(route.url)}${query}`;
          const res = await app.inject({ method: 'GET', url, headers: { cookie: `${session.cookie}; sijill_lang=en` } });
          tried++;
          if (res.statusCode >= 500) failures.push(`${url}: ${res.statusCode}`);
          const body = res.body;
          // What the request itself carries (a search box keeps its words, a link back its address) is no leak.
          for (const leak of leaks) if (!decodeURIComponent(url).includes(leak) && body.includes(leak)) failures.push(`${url} (${res.statusCode}) shows ${leak}`);
          if (/^\/(api\/)?nationals\/:id$|^\/(api\/)?repatriations\/:id$/.test(route.url) && res.statusCode !== 404) failures.push(`${url}: ${res.statusCode}, not 404`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(tried >= 20, `${tried} requests`);
      // The counts leave them out: the report has France's row only, and its nationals' count excludes Tunisians.
      assert.deepEqual((await api['liaison.fr']('GET', '/api/repatriations/states-report')).json().states.map((s: { state: string }) => s.state), ['FR']);
      assert.equal((await api['liaison.fr']('GET', '/api/nationals?limit=1')).json().total, 3);
      // Nor is anything written about them: answers on another state's case are not found.
      const events = await count('event');
      assertProblem(await api['liaison.fr']('POST', `/api/repatriations/${tunisianCase}/answers`, { body: { answer: 'declined', answered_at: '2026-03-05T10:00:00+03:00', reference: 'X' } }), 404, 'not_found', '/params/id');
      assertProblem(await api['liaison.fr']('POST', `/api/repatriations/${tunisianCase}/nationality-confirmation`, { body: { state: 'FR', confirmed_at: '2026-03-05T10:00:00+03:00', evidence: 'state_confirmation', reference: 'X' } }), 404, 'not_found', '/params/id');
      assert.equal(await count('event'), events);
    });

    test('the pages: the nationals list with its policy said plainly, the national’s page, and the download in the reader’s language', async () => {
      const session = await logInByForm(app, 'liaison.fr', '/nationals');
      const list = await app.inject({ method: 'GET', url: '/nationals', headers: { cookie: session.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<html lang="ar" dir="rtl">/);
      assert.ok(list.body.includes(frPolicy.legal_basis));
      for (const n of [p.french, p.dual, p.verified]) assert.ok(list.body.includes(`data-person="${n.id}"`), n.number);
      assert.ok(!list.body.includes(p.tunisian.number));
      assert.ok(list.body.includes('Jean Fictif Martin'));
      const found = await app.inject({ method: 'GET', url: `/nationals?q=${encodeURIComponent('Karim')}`, headers: { cookie: session.cookie } });
      assert.ok(found.body.includes(`data-person="${p.dual.id}"`) && !found.body.includes(`data-person="${p.french.id}"`));
      const one = await app.inject({ method: 'GET', url: `/nationals/${p.verified.id}`, headers: { cookie: session.cookie } });
      assert.equal(one.statusCode, 200);
      assert.ok(one.body.includes(`href="/repatriations/${frenchCase}"`));
      const download = await app.inject({
        method: 'POST',
        url: '/nationals/export',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: session.csrf, format: 'xlsx' }).toString(),
      });
      assert.equal(download.statusCode, 200, download.body.slice(0, 300));
      assert.deepEqual([...readXlsx(new Uint8Array(download.rawPayload)).rows[0]!.cells], ['رقم السجل', 'الأسماء', 'تاريخ الميلاد', 'مرحلة ملف الإعادة']);
      // Tunisia shares no names: the liaison of Tunisia sees register numbers, and on its case page no name.
      const tn = await logInByForm(app, 'liaison.tn');
      const tnList = await app.inject({ method: 'GET', url: '/nationals', headers: { cookie: tn.cookie } });
      assert.ok(tnList.body.includes(p.tunisian.number) && !tnList.body.includes('Hedi Fictif Tounsi'));
      const tnCase = await app.inject({ method: 'GET', url: `/repatriations/${tunisianCase}`, headers: { cookie: tn.cookie } });
      assert.equal(tnCase.statusCode, 200);
      assert.ok(!tnCase.body.includes('Hedi Fictif Tounsi') && !tnCase.body.includes('هادي التونسي'), 'names are not shared with Tunisia');
      const desk = await app.inject({ method: 'GET', url: `/repatriations/${tunisianCase}`, headers: { cookie: (await logInByForm(app, 'officer')).cookie } });
      assert.ok(desk.body.includes('Hedi Fictif Tounsi') || desk.body.includes('هادي التونسي'), 'the desk sees them');
      // The states' profiles say each policy.
      const states = await app.inject({ method: 'GET', url: '/repatriations/states', headers: { cookie: `${session.cookie}; sijill_lang=en` } });
      assert.match(states.body, /data-policy="FR">Register number, Names, Date of birth, Repatriation case stage/);
      assert.match(states.body, /data-policy="TN">Register number<div class="muted">No policy recorded/);
    });
  });
}
