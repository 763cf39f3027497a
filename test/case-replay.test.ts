/**
 * Random histories of cases, orders, hearings, judgments and segregation for two persons,
 * through the write path: whatever is accepted or refused, a refusal writes nothing, and the
 * projections equal a replay of the log (`sijill check`), however the replay groups the events.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { execute, type CommandContext, type CommandDefinition, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { recordExit } from '../src/commands/record-exit.ts';
import { openCase } from '../src/commands/open-case.ts';
import { amendCharges } from '../src/commands/amend-charges.ts';
import { assignCounsel } from '../src/commands/assign-counsel.ts';
import { recordCounselVisit } from '../src/commands/record-counsel-visit.ts';
import { recordAppearance } from '../src/commands/record-appearance.ts';
import { recordOrder } from '../src/commands/record-order.ts';
import { confirmOrder } from '../src/commands/confirm-order.ts';
import { scheduleHearing } from '../src/commands/schedule-hearing.ts';
import { recordHearingOutcome } from '../src/commands/record-hearing-outcome.ts';
import { changeCaseStage } from '../src/commands/change-case-stage.ts';
import { recordVerdict } from '../src/commands/record-verdict.ts';
import { recordSentence } from '../src/commands/record-sentence.ts';
import { lodgeAppeal } from '../src/commands/lodge-appeal.ts';
import { decideAppeal } from '../src/commands/decide-appeal.ts';
import { recordSegregation } from '../src/commands/record-segregation.ts';
import { caseStages } from '../src/domain/case.ts';
import type { Role } from '../src/domain/permissions.ts';
import { checkRegister } from '../src/store/check.ts';
import type { Database } from '../src/store/database.ts';

const as = (role: Role): CommandContext => ({ actor: role === 'judge' ? 'judge.one' : role === 'court_clerk' ? 'court.clerk' : 'officer.gate', role, idempotencyKey: randomUUID() });

type Op =
  | { op: 'open'; who: number; court: number; reference: number }
  | { op: 'charges'; who: number; years: number }
  | { op: 'counsel'; who: number }
  | { op: 'visit'; who: number }
  | { op: 'appearance'; who: number }
  | { op: 'order'; who: number; kind: 'detention' | 'release' | 'court_extension' | 'production'; judge: boolean; scan: boolean; reference: number; days: number }
  | { op: 'confirm'; who: number; judge: boolean }
  | { op: 'hearing'; who: number }
  | { op: 'outcome'; who: number; adjourned: boolean; counsel: boolean }
  | { op: 'stage'; who: number; stage: (typeof caseStages)[number] }
  | { op: 'advance'; who: number }
  | { op: 'verdict'; who: number; convicted: boolean }
  | { op: 'sentence'; who: number; years: number }
  | { op: 'appeal'; who: number }
  | { op: 'appeal_decision'; who: number; outcome: 'upheld' | 'overturned' | 'sentence_changed' }
  | { op: 'segregate'; who: number; start: boolean }
  | { op: 'release'; who: number }
  | { op: 'next'; who: number };

/** A case's usual course, one step at a time: `next` takes the first person's next step, so runs reach the far end of a case between the random steps. */
const course: readonly ((who: number) => Op)[] = [
  (who) => ({ op: 'order', who, kind: 'detention', judge: false, scan: false, reference: 90, days: 15 }),
  (who) => ({ op: 'confirm', who, judge: true }),
  (who) => ({ op: 'hearing', who }),
  (who) => ({ op: 'outcome', who, adjourned: false, counsel: false }),
  (who) => ({ op: 'segregate', who, start: true }),
  (who) => ({ op: 'advance', who }),
  (who) => ({ op: 'advance', who }),
  (who) => ({ op: 'verdict', who, convicted: true }),
  (who) => ({ op: 'sentence', who, years: 4 }),
  (who) => ({ op: 'segregate', who, start: false }),
  (who) => ({ op: 'appeal', who }),
  (who) => ({ op: 'appeal_decision', who, outcome: 'sentence_changed' }),
];

const who = fc.nat(1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('open' as const), who, court: fc.nat(1), reference: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('charges' as const), who, years: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('counsel' as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('visit' as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('appearance' as const), who }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('order' as const), who, kind: fc.constantFrom('detention' as const, 'detention' as const, 'release' as const, 'court_extension' as const, 'production' as const),
      judge: fc.constantFrom(true, false, false), scan: fc.constantFrom(true, false, false), reference: fc.nat(5), days: fc.constantFrom(15, 15, 30, 0),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('confirm' as const), who, judge: fc.constantFrom(true, true, false) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('hearing' as const), who }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('outcome' as const), who, adjourned: fc.boolean(), counsel: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('stage' as const), who, stage: fc.constantFrom(...caseStages) }) },
  // The next stage on the way to trial, so runs reach verdicts, sentences and appeals.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('advance' as const), who }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('verdict' as const), who, convicted: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sentence' as const), who, years: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('appeal' as const), who }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('appeal_decision' as const), who, outcome: fc.constantFrom('upheld' as const, 'overturned' as const, 'sentence_changed' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('segregate' as const), who, start: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), who }) },
  { weight: 24, arbitrary: fc.record({ op: fc.constant('next' as const), who: fc.constant(0) }) },
);

async function written(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT size FROM log_head) AS size, (SELECT count(*) FROM command) AS commands,
            (SELECT string_agg(id || stage || COALESCE(verdict::text, '') || COALESCE(sentence::text, '') || COALESCE(appeal::text, ''), ',' ORDER BY id) FROM court_case) AS cases,
            (SELECT string_agg(id || confirmation, ',' ORDER BY id) FROM court_order) AS orders, (SELECT string_agg(id || status, ',' ORDER BY id) FROM hearing) AS hearings,
            (SELECT string_agg(started_idx || COALESCE(ended_idx::text, '-'), ',' ORDER BY person_id, started_idx) FROM segregation_period) AS segregation`,
  );
  return rows[0];
}

for (const backend of backends) {
  describe(`case histories on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const now = new Date('2026-03-10T09:00:00Z');
    const facility = aFacility();

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => now };
      assert.ok((await execute(register, registerFacility, facility, as('supervisor'))).ok);
    });
    after(() => db.close());

    test('whatever is accepted or refused, a refusal writes nothing and the projections equal a replay of the log', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 20, maxLength: 60 }), async (ops) => {
          const persons: string[] = [];
          for (let i = 0; i < 2; i++) {
            const p = aPerson();
            assert.ok((await execute(register, registerPerson, p, as('registration_clerk'))).ok);
            assert.ok((await execute(register, admitPerson, anAdmission(p.person_id, facility, { admitted_at: '2026-03-01T10:00:00+03:00' }), as('registration_clerk'))).ok);
            persons.push(p.person_id);
          }
          const tag = randomUUID().slice(0, 8);
          const cases = new Map<number, string>();
          // Each run starts with a case for each person, so its steps reach orders, hearings and judgments.
          const history: Op[] = [{ op: 'open', who: 0, court: 0, reference: 10 }, { op: 'open', who: 1, court: 1, reference: 10 }, ...ops];
          const counsel = new Map<number, string>();
          const orders = new Map<number, string>();
          const hearings = new Map<number, string>();
          const taken = [0, 0];
          for (const [i, drawn] of history.entries()) {
            const op = drawn.op === 'next' ? course[taken[drawn.who]!++ % course.length]!(drawn.who) : drawn;
            // Each step an hour after the one before, from a day after admission, in the past of `now`.
            const at = new Date(Date.parse('2026-03-02T07:00:00Z') + i * 3_600_000).toISOString().replace('.000Z', '+00:00');
            const caseId = cases.get(op.who) ?? randomUUID();
            const run = async <I, S, R>(command: CommandDefinition<I, S, R>, input: I, role: Role) => {
              const before = await written(db);
              const outcome = await execute(register, command, input, as(role));
              if (!outcome.ok) assert.deepEqual(await written(db), before, `${JSON.stringify(op)} was refused (${outcome.rejection.code}) and wrote something`);
              return outcome.ok ? (outcome.response as Record<string, unknown>) : null;
            };
            switch (op.op) {
              case 'open': {
                const opened = await run(openCase, { person_id: persons[op.who]!, reference: `INV/${tag}/${op.reference}`, court: `Court ${op.court}`, charges: [{ law: 'L', article: '4', max_penalty: 'death' }] }, 'court_clerk');
                if (opened) cases.set(op.who, opened.case_id as string);
                break;
              }
              case 'charges':
                await run(amendCharges, { case_id: caseId, charges: [{ law: 'L', article: '5', max_penalty: { years: op.years } }] }, 'court_clerk');
                break;
              case 'counsel': {
                const assigned = await run(assignCounsel, { case_id: caseId, name: 'Counsel L.', appointment: 'chosen', contact: '+964' }, 'court_clerk');
                if (assigned) counsel.set(op.who, assigned.counsel_id as string);
                break;
              }
              case 'visit':
                await run(recordCounselVisit, { case_id: caseId, counsel_id: counsel.get(op.who) ?? randomUUID(), at, facility_id: facility.facility_id }, 'facility_officer');
                break;
              case 'appearance':
                await run(recordAppearance, { case_id: caseId, at, judge: 'Judge F.' }, 'court_clerk');
                break;
              case 'order': {
                const extra =
                  op.kind === 'detention' ? { days: op.days } : op.kind === 'court_extension' ? { until: '2026-09-01T00:00:00+03:00' } : op.kind === 'production' ? { to_facility_id: facility.facility_id, produce_at: '2026-03-12T09:00:00+03:00' } : {};
                const recorded = await run(
                  recordOrder,
                  { case_id: caseId, order: op.kind, reference: `O/${tag}/${op.reference}`, issued_at: at, judge: 'Judge F.', ...extra, ...(op.scan ? { scan: { reference: 'S', sha256: 'a'.repeat(64) } } : {}) },
                  op.judge ? 'judge' : 'court_clerk',
                );
                if (recorded) orders.set(op.who, recorded.order_id as string);
                break;
              }
              case 'confirm':
                await run(confirmOrder, { case_id: caseId, order_id: orders.get(op.who) ?? randomUUID() }, op.judge ? 'judge' : 'court_clerk');
                break;
              case 'hearing': {
                const scheduled = await run(scheduleHearing, { case_id: caseId, at: '2026-03-12T10:00:00+03:00', purpose: 'review' }, 'court_clerk');
                if (scheduled) hearings.set(op.who, scheduled.hearing_id as string);
                break;
              }
              case 'outcome':
                await run(
                  recordHearingOutcome,
                  {
                    case_id: caseId, hearing_id: hearings.get(op.who) ?? randomUUID(), at, outcome: op.adjourned ? 'adjourned' : 'held', ...(op.adjourned ? { adjourned_reason: 'court closed' } : {}),
                    present: { judge: 'Judge F.', prosecutor: null, counsel: op.counsel ? 'Counsel L.' : null, interpreter: null },
                  },
                  'court_clerk',
                );
                break;
              case 'stage':
                await run(changeCaseStage, { case_id: caseId, stage: op.stage }, 'court_clerk');
                break;
              case 'advance': {
                const { rows } = await db.query<{ stage: string }>('SELECT stage FROM court_case WHERE id = $1', [caseId]);
                const next: Record<string, (typeof caseStages)[number]> = { investigation: 'referred_to_trial', referred_to_trial: 'trial', appeal: 'trial' };
                await run(changeCaseStage, { case_id: caseId, stage: next[rows[0]?.stage ?? ''] ?? 'final' }, 'court_clerk');
                break;
              }
              case 'verdict':
                await run(recordVerdict, { case_id: caseId, at, outcome: op.convicted ? 'convicted' : 'acquitted', judge: 'Judge V.' }, 'judge');
                break;
              case 'sentence':
                await run(recordSentence, { case_id: caseId, at, sentence: { years: op.years, months: 0 }, judge: 'Judge V.' }, 'judge');
                break;
              case 'appeal':
                await run(lodgeAppeal, { case_id: caseId, at }, 'court_clerk');
                break;
              case 'appeal_decision':
                await run(decideAppeal, { case_id: caseId, at, outcome: op.outcome, ...(op.outcome === 'sentence_changed' ? { sentence: { years: 1, months: 6 } } : {}) }, 'judge');
                break;
              case 'segregate':
                await run(recordSegregation, { person_id: persons[op.who]!, action: op.start ? 'start' : 'end', at, reason: 'threat', authorised_by: 'Warden W.' }, 'facility_officer');
                break;
              case 'next':
                throw new Error('a course step is taken above');
              case 'release':
                await run(recordExit, { person_id: persons[op.who]!, kind: 'person.released', occurred_at: at, details: { order_reference: 'RO', verified_by: 'W.', released_to: 'family' } }, 'facility_officer');
                break;
            }
          }
          const report = await checkRegister(db);
          assert.deepEqual(report.findings, []);
        }),
        // Besides the random runs, one that follows the whole course: the far end is always reached at least once.
        { numRuns: 10, examples: [[course.map(() => ({ op: 'next' as const, who: 0 }))]] },
      );
      // The runs reached the far end of a case, not only its refusals.
      const { rows } = await db.query<{ kind: string }>(`SELECT DISTINCT kind FROM event WHERE kind LIKE 'case.%' OR kind LIKE 'person.segregation%'`);
      const reached = new Set(rows.map((r) => r.kind));
      for (const kind of ['case.order_confirmed', 'case.hearing_held', 'case.verdict_recorded', 'case.sentence_recorded', 'case.appeal_decided', 'person.segregation_ended']) assert.ok(reached.has(kind), `no run reached ${kind}`);
    });
  });
}
