/**
 * Answering an information request (issue 16, ICPPED 18) for a person with 200 events on their
 * chain — registered, admitted, then 99 transfers between two prisons (each a dispatch and a
 * check-in through the write path) — on PGlite, in-process, with an information officer's
 * session: `POST /api/information-requests/:id/answer` (every article 18 item computed from the
 * person's events, with every transfer, and written as the answer) and the answer letter's page
 * `GET /print/information-requests/:id/letter`, each timed on the client side of `inject`.
 * Each sample answers a request of its own (recorded and looked up beforehand, untimed).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { buildApp } from '../src/app.ts';
import { createAccount } from '../src/api/accounts.ts';
import { execute, type CommandContext, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { createTransfer } from '../src/commands/create-transfer.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { dispatchTransfer } from '../src/commands/dispatch-transfer.ts';
import { checkInPerson } from '../src/commands/check-in-person.ts';
import { closeCount } from '../src/commands/close-count.ts';
import { registerNumberFromBytes } from '../src/domain/register-number.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { computeAnswer } from '../src/store/information-requests.ts';
import { quantile } from './stats.ts';

const ctx = (actor: string, role: CommandContext['role']): CommandContext => ({ actor, role, idempotencyKey: randomUUID() });
const must = <R>(outcome: { ok: true; response: R } | { ok: false; rejection: unknown }, what: string): R => {
  if (!outcome.ok) throw new Error(`${what}: ${JSON.stringify(outcome.rejection)}`);
  return outcome.response;
};

function facility(name: string) {
  return {
    facility_id: randomUUID(), name, kind: 'prison' as const, authority: 'Ministry of Justice', country: 'IQ', timezone: 'Asia/Baghdad', capacity: { men_untried: 100 },
    units: [{ id: randomUUID(), name: 'Block A', category: 'men_untried' as const }],
  };
}

export interface InformationFigures {
  readonly personEvents: number;
  readonly answer: { readonly p50: number; readonly p95: number };
  readonly letter: { readonly p50: number; readonly p95: number };
  /** A person's record (`GET /api/persons/:id`) in the same run, for scale on a shared machine. */
  readonly record: { readonly p50: number; readonly p95: number };
  /** The computation alone: the person's events read back from the log and every item computed (no HTTP, no write). */
  readonly compute: { readonly p50: number; readonly p95: number };
}

export async function measureInformationAnswer(log: (line: string) => void, samples = 25): Promise<InformationFigures> {
  const db = await openPglite();
  await migrate(db);
  const now = new Date('2026-11-20T09:00:00Z');
  const register: Register = { db, clock: () => now };
  try {
    const [a, b] = [facility('Fictional Karkh Prison'), facility('Fictional Rusafa Prison')];
    for (const f of [a, b]) must(await execute(register, registerFacility, f, ctx('bench.sup', 'supervisor')), 'facility');
    const person_id = randomUUID();
    const name = { id: randomUUID(), script: 'Arab' as const, full: 'سالم حميد ناصر العبيدي', parts: { given: 'سالم', father: 'حميد' }, source: 'handover_list' as const, confidence: 0.8 };
    must(
      await execute(register, registerPerson, { person_id, register_number: registerNumberFromBytes(Buffer.from([1, 2, 3, 4, 5])), names: [name], sex: 'male', gender: 'man', dob: { kind: 'year', year: 1990 }, nationalities: ['IQ'], languages: ['ar'], documents: [], biometric_refs: [] }, ctx('bench.clerk', 'registration_clerk')),
      'register',
    );
    const items = {
      first_deprivation: { at: '2025-12-01T10:00:00+03:00', place: 'Fictional checkpoint 7', authority: 'Border guard' },
      ordering_authority: { authority: 'Investigative court (fictional)', law: 'Code of Criminal Procedure', article: '109' },
      supervising_authority: { authority: 'Public prosecution' },
      injuries: { visible_injuries: null, ill_treatment_complaint: null },
      property: { items: [], signed_by_detainee: true, witnessed_by: 'Officer K. Fictional' },
      family: { members: [] },
      emergency_contact: { unknown_reason: 'not given' },
      health_record: { reference: 'HR-0001' },
      officials: { arresting: ['Officer A'], admitting: 'Officer B' },
    };
    must(
      await execute(register, admitPerson, { admission_id: randomUUID(), person_id, facility_id: a.facility_id, unit_id: a.units[0]!.id, legal_status: 'untried', admitted_at: '2026-01-01T10:00:00+03:00', basis: { kind: 'handover_document', reference: 'HD-1', issuing_authority: 'Fictional authority', issued_on: '2026-01-01' }, items }, ctx('bench.clerk', 'registration_clerk')),
      'admit',
    );
    let from = a;
    let to = b;
    const start = Date.parse('2026-01-02T06:00:00+03:00');
    for (let i = 0; i < 99; i++) {
      const transfer_id = randomUUID();
      const at = (h: number) => new Date(start + i * 24 * 3_600_000 + h * 3_600_000).toISOString().replace('Z', '+00:00');
      must(await execute(register, createTransfer, { transfer_id, origin: { kind: 'facility', facility_id: from.facility_id }, destination: { kind: 'facility', facility_id: to.facility_id }, reason: 'court order', persons: [person_id] }, ctx('bench.officer', 'facility_officer')), 'create');
      must(await execute(register, approveTransfer, { transfer_id }, ctx('bench.sup', 'supervisor')), 'approve');
      must(await execute(register, dispatchTransfer, { transfer_id, escort_authority: 'Fictional escort command', escort_commander: 'Captain F.', releasing_official: 'Warden R.', occurred_at: at(0) }, ctx('bench.officer', 'facility_officer')), 'dispatch');
      must(await execute(register, checkInPerson, { transfer_id, person_id, register_number: registerNumberFromBytes(Buffer.from([1, 2, 3, 4, 5])), unit_id: to.units[0]!.id, receiving_official: 'Officer D.', occurred_at: at(4) }, ctx('bench.officer2', 'facility_officer')), 'check in');
      must(await execute(register, closeCount, { transfer_id, receiving_official: 'Warden D.', occurred_at: at(5) }, ctx('bench.officer2', 'facility_officer')), 'close');
      [from, to] = [to, from];
    }
    const personEvents = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM event WHERE person_id = $1', [person_id])).rows[0]!.n);
    log(`information requests: a person with ${personEvents} events`);

    await createAccount(db, { username: 'bench.info', displayName: 'Bench information officer', role: 'information_officer', password: 'sijill-bench-pass' });
    log(`information requests: load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
    const app = buildApp({ db, register: { ...register }, demo: false });
    await app.ready();
    try {
      const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'bench.info', password: 'sijill-bench-pass' } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const send = async (method: 'GET' | 'POST', url: string, payload?: unknown, accept = 'application/json') => {
        const res = await app.inject({ method, url, headers: { cookie, accept, ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}) }, ...(payload !== undefined ? { payload: payload as object } : {}) });
        if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        return res;
      };
      const answer: number[] = [];
      const letter: number[] = [];
      for (let i = 0; i < samples; i++) {
        const recorded = await send('POST', '/api/information-requests', {
          requester: { name: 'Fictional relative', relationship: 'parent', identity_check: { method: 'national_id', reference: 'ID 1' }, contact: '+964 700 000 0000' },
          asked_about: { names: ['سالم حميد العبيدي'] },
          received_at: '2026-11-20T10:00:00+03:00',
        });
        const id = recorded.json().request_id as string;
        await send('POST', `/api/information-requests/${id}/lookup`, { reviewed: [person_id], identified: person_id });
        let t0 = performance.now();
        await send('POST', `/api/information-requests/${id}/answer`, {});
        answer.push(performance.now() - t0);
        t0 = performance.now();
        await send('GET', `/print/information-requests/${id}/letter`, undefined, 'text/html');
        letter.push(performance.now() - t0);
      }
      const record: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        await send('GET', `/api/persons/${person_id}`);
        record.push(performance.now() - t0);
      }
      record.sort((x, y) => x - y);
      const compute: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        await computeAnswer(db, person_id, 'parent', now.toISOString());
        compute.push(performance.now() - t0);
      }
      compute.sort((x, y) => x - y);
      answer.sort((x, y) => x - y);
      letter.sort((x, y) => x - y);
      return { personEvents, answer: { p50: quantile(answer, 0.5), p95: quantile(answer, 0.95) }, letter: { p50: quantile(letter, 0.5), p95: quantile(letter, 0.95) }, compute: { p50: quantile(compute, 0.5), p95: quantile(compute, 0.95) }, record: { p50: quantile(record, 0.5), p95: quantile(record, 0.95) } };
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

export function informationMarkdown(f: InformationFigures): string {
  return `## Information requests (issue 16)

Answering a request (ICPPED 18: every article 18 item computed from the register, with every
transfer) for a person with ${f.personEvents} events on their chain (registered, admitted, 99 transfers
between two prisons), PGlite in-process, an information officer's session, 25 requests:

| route | p50 | p95 | goal |
| --- | --- | --- | --- |
| \`POST /api/information-requests/:id/answer\` | ${f.answer.p50.toFixed(1)} ms | ${f.answer.p95.toFixed(1)} ms | ≤ 50 ms |
| \`GET /print/information-requests/:id/letter\` (the answer letter) | ${f.letter.p50.toFixed(1)} ms | ${f.letter.p95.toFixed(1)} ms | — |
| \`GET /api/persons/:id\` (a person's record, for scale) | ${f.record.p50.toFixed(1)} ms | ${f.record.p95.toFixed(1)} ms | — |
| the computation alone (\`computeAnswer\`: events read back, every item) | ${f.compute.p50.toFixed(1)} ms | ${f.compute.p95.toFixed(1)} ms | — |
`;
}
