/**
 * The legal clocks through the register (issue 11): computed from the events the write path
 * records, incrementally with each event, and equal to a replay of the log (`check`). A
 * detention order counts once a judge stands behind it; when cover ends the person is held
 * without a valid order — on their clocks, in the lawful-detention counts and list — and a
 * renewal recorded late puts the cover back in its place in time, leaving the gap it left as
 * an unlawful period. A person not charged runs no clock of criminal procedure.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { cheap, clientFor, login, password, type Client } from './support/api-client.ts';
import { buildServer } from '../src/api/server.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import type { Register } from '../src/commands/execute.ts';
import type { Role } from '../src/domain/permissions.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { checkRegister } from '../src/store/check.ts';
import { refreshClocks } from '../src/store/clock-projection.ts';
import type { Database } from '../src/store/database.ts';

for (const backend of backends) {
  describe(`legal clocks through the register on ${backend.name}`, () => {
    let db: Database;
    let app: FastifyInstance;
    let now = new Date('2026-03-02T09:00:00Z');
    const users = { 'court.clerk': 'court_clerk', 'judge.one': 'judge', 'clerk.intake': 'registration_clerk', 'supervisor.duty': 'supervisor' } as const satisfies Record<string, Role>;
    const c = {} as Record<keyof typeof users, Client>;
    let prison: RegisterFacility;
    let camp: RegisterFacility;

    async function admitted(legal_status: 'untried' | 'not_charged' = 'untried', admitted_at = '2026-03-01T10:00:00+03:00'): Promise<string> {
      const { person_id: _id, register_number: _n, ...body } = aPerson({});
      const registered = await c['clerk.intake']('POST', '/api/persons', { body });
      assert.equal(registered.statusCode, 201, registered.body);
      const id = registered.json().person_id as string;
      const { admission_id: _a, ...admission } = anAdmission(id, legal_status === 'untried' ? prison : camp, { admitted_at, legal_status });
      const res = await c['clerk.intake']('POST', '/api/admissions', { body: admission });
      assert.equal(res.statusCode, 201, res.body);
      return id;
    }
    const post = async (who: keyof typeof users, url: string, body: unknown) => {
      const res = await c[who]('POST', url, { body });
      assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
      return res.json();
    };
    const clocks = async (person: string) => {
      const res = await c['supervisor.duty']('GET', `/api/persons/${person}/clocks`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { clocks: { rule: string; status: string; due: string | null; since?: string }[]; held_without_valid_order: boolean; unlawful_periods: { rule: string; from: string; to: string | null }[]; orders_awaiting_confirmation: number };
    };
    const clock = async (person: string, rule: string) => (await clocks(person)).clocks.find((k) => k.rule === rule)!;
    const lawful = async () => {
      const res = await c['supervisor.duty']('GET', '/api/lawful-detention?rule=detention_order&status=breached');
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { held_without_valid_order: number; alerts: { person_id: string; since: string; owner_role: string }[] };
    };
    const order = (issued_at: string, extra: object = {}) => ({ order: 'detention', reference: `DO/${randomUUID().slice(0, 8)}`, issued_at, judge: 'Judge F. Fictional', days: 15, ...extra });

    /** Sessions end with time: log everyone in again at the test's instant. */
    async function loggedIn(): Promise<void> {
      for (const username of Object.keys(users) as (keyof typeof users)[]) c[username] = clientFor(app, await login(app, username));
    }

    before(async () => {
      db = await backend.open();
      const register: Register = { db, clock: () => now };
      app = buildServer({ db, register, passwordCost: cheap });
      await app.ready();
      for (const [username, role] of Object.entries(users) as [keyof typeof users, Role][]) {
        await createAccount(db, { username, displayName: `Fictional ${role}`, role, password, scope: wholeRegister }, { cost: cheap });
        c[username] = clientFor(app, await login(app, username));
      }
      prison = aFacility({ name: 'Fictional Karkh Prison' });
      camp = aFacility({ name: 'Fictional Camp', kind: 'camp', capacity: { men_not_charged: 50 }, units: [{ id: randomUUID(), name: 'Section 1', category: 'men_not_charged' }] });
      for (const f of [prison, camp]) await post('supervisor.duty', '/api/facilities', f);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    test('from admission to a lapsed order: first appearance, an order counted once confirmed, held without a valid order, a late renewal', async () => {
      now = new Date('2026-03-01T12:00:00Z');
      await loggedIn();
      const person = await admitted();
      // Admitted 10:00 Baghdad (07:00Z): the first appearance is due 24 h later.
      const first = await clock(person, 'first_appearance');
      assert.deepEqual([first.status, first.due], ['running', '2026-03-02T07:00:00.000Z']);
      const caseId = (await post('court.clerk', `/api/persons/${person}/cases`, { reference: `INV/${randomUUID().slice(0, 8)}`, court: 'First Karkh Investigative Court', judge: 'Judge F. Fictional', prosecutor: null, charges: [{ law: 'Penal Code No. 111 of 1969', article: '298', max_penalty: { years: 10 } }] })).case_id as string;
      now = new Date('2026-03-02T06:00:00Z');
      await loggedIn();
      await post('court.clerk', `/api/cases/${caseId}/appearances`, { at: '2026-03-02T08:30:00+03:00', judge: 'Judge F. Fictional' });
      assert.equal((await clock(person, 'first_appearance')).status, 'met');
      // Before any order, the person is already held without one: since the appearance.
      const bare = await clock(person, 'detention_order');
      assert.equal(bare.status, 'breached');
      assert.equal(bare.since, '2026-03-02T05:30:00.000Z');
      // The clerk's order is pending: it does not count yet.
      const pending = await post('court.clerk', `/api/cases/${caseId}/orders`, order('2026-03-02T08:30:00+03:00'));
      assert.equal((await clocks(person)).orders_awaiting_confirmation, 1);
      assert.equal((await clocks(person)).held_without_valid_order, true);
      assert.equal((await lawful()).held_without_valid_order, 1);
      // The judge confirms: it counts from its issue, 15 days: until local midnight ending 16 March.
      const orderId = (pending.order_id ?? pending.events?.[0]?.data?.order_id) as string | undefined;
      const caseFile = (await c['supervisor.duty']('GET', `/api/cases/${caseId}`)).json();
      const id = orderId ?? caseFile.orders[0].order_id ?? caseFile.orders[0].id;
      await post('judge.one', `/api/cases/${caseId}/orders/${id}/confirmation`, {});
      const covered = await clock(person, 'detention_order');
      assert.deepEqual([covered.status, covered.due], ['running', '2026-03-16T21:00:00.000Z']);
      assert.equal((await clocks(person)).unlawful_periods.length, 0, 'confirmed, the order covers from its issue: no gap');
      assert.equal((await lawful()).held_without_valid_order, 0);

      // Time passes: inside the alert window, then past the end of the order.
      now = new Date('2026-03-15T09:00:00Z');
      await loggedIn();
      assert.equal((await clock(person, 'detention_order')).status, 'due_soon');
      const soon = (await c['supervisor.duty']('GET', '/api/lawful-detention?rule=detention_order&status=due_soon')).json() as { alerts: { person_id: string; owner_role: string }[] };
      assert.deepEqual(soon.alerts.map((a) => [a.person_id, a.owner_role]), [[person, 'court_clerk']], 'inside the window, the court clerk has the order renewed');
      now = new Date('2026-03-17T09:00:00Z');
      await loggedIn();
      const lapsed = await clocks(person);
      assert.equal(lapsed.held_without_valid_order, true);
      assert.deepEqual(lapsed.unlawful_periods, [{ rule: 'detention_order', from: '2026-03-16T21:00:00.000Z', to: null }]);
      const list = await lawful();
      assert.equal(list.held_without_valid_order, 1);
      assert.deepEqual(list.alerts.map((a) => [a.person_id, a.since, a.owner_role]), [[person, '2026-03-16T21:00:00Z', 'supervisor']], 'escalated to a supervisor once the limit has passed');

      // The renewal, issued on 17 March 10:00 Baghdad by a judge's own account, recorded now.
      await post('judge.one', `/api/cases/${caseId}/orders`, order('2026-03-17T10:00:00+03:00'));
      const renewed = await clocks(person);
      assert.equal(renewed.held_without_valid_order, false);
      assert.deepEqual(renewed.unlawful_periods, [{ rule: 'detention_order', from: '2026-03-16T21:00:00.000Z', to: '2026-03-17T07:00:00.000Z' }]);
      assert.equal((await lawful()).held_without_valid_order, 0);

      // Incremental equals full: a replay of the log gives the same clock tables, and refolding changes nothing.
      const report = await checkRegister(db);
      assert.deepEqual(report.findings, []);
      assert.equal(await refreshClocks(db), 0);
    });

    test('a person not charged runs no clock of criminal procedure', async () => {
      now = new Date('2026-04-10T09:00:00Z');
      await loggedIn();
      const person = await admitted('not_charged', '2026-04-01T10:00:00+03:00');
      const result = await clocks(person);
      assert.deepEqual(result.clocks.slice(0, 3).map((k) => k.status), ['not_applicable', 'not_applicable', 'not_applicable']);
      assert.equal(result.held_without_valid_order, false);
    });

    test('clocks are read with person.read and audited; a malformed instant is refused at its field', async () => {
      await loggedIn();
      const person = await admitted('untried', '2026-04-01T10:00:00+03:00');
      const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM read_audit WHERE person_id = $1', [person])).rows[0]!.n;
      await clocks(person);
      const after = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM read_audit WHERE person_id = $1', [person])).rows[0]!.n;
      assert.equal(after, before + 1);
      const bad = await c['supervisor.duty']('GET', `/api/persons/${person}/clocks?at=2026-02-30T10:00:00Z`);
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().field, '/query/at');
      const earlier = await c['supervisor.duty']('GET', `/api/persons/${person}/clocks?at=2026-03-31T00:00:00Z`);
      assert.equal(earlier.statusCode, 400, 'before the latest event the clocks cannot answer');
      assert.equal(earlier.json().field, '/query/at');
      const words = await c['supervisor.duty']('GET', `/api/persons/${person}/clocks?at=yesterday`);
      assert.equal(words.statusCode, 400, words.body);
      assert.equal(words.json().field, '/query/at');
    });
  });
}
