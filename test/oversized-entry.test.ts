/**
 * A register written before the write path refused large events may hold one an entry bundle
 * cannot carry (tlog-tiles: 16-bit length). The entry route never answers 500 for it: it
 * answers a problem+json naming the event, and `sijill check` and `sijill log verify` report
 * it as a finding naming the event, so the operator learns of it before a monitor does.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { backends } from './support/backends.ts';
import { aFacility } from './support/factories.ts';
import { startLogServer, type LogServer } from './support/log-server.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { canonicalJsonBytes } from '../src/ledger/canonical-json.ts';
import { tilePath } from '../src/ledger/tiles.ts';
import { leafHash, type EventEnvelope } from '../src/store/event-log.ts';
import { newEventId } from '../src/store/event-id.ts';
import { applyEvents } from '../src/store/projections.ts';
import { growTree } from '../src/store/tree-store.ts';
import { checkRegister } from '../src/store/check.ts';
import { verifyLog } from '../src/store/log-verify.ts';
import type { Database } from '../src/store/database.ts';
import type { LoggedEvent } from '../src/domain/events.ts';

const supervisor = () => ({ actor: 'admin', role: 'supervisor' as const, idempotencyKey: randomUUID() });

/** Append an event as the write path did before it refused large ones: no size check. */
async function appendUnchecked(db: Database, kind: 'facility.registered', data: object): Promise<{ idx: number; id: string; size: number }> {
  return db.transaction(async (tx) => {
    const idx = (await tx.query<{ size: number }>('SELECT size FROM log_head FOR UPDATE')).rows[0]!.size;
    const recorded = '2026-03-01T00:00:00.000Z';
    const envelope: EventEnvelope = { v: 1, id: newEventId(), kind, person: null, prev: null, occurred_at: recorded, recorded_at: recorded, actor: 'admin', data, salt: randomBytes(16).toString('base64') };
    const bytes = canonicalJsonBytes(envelope);
    const hash = leafHash(bytes);
    await tx.query(
      `INSERT INTO event (idx, event_id, kind, person_id, prev_person_idx, prev_person_hash, occurred_at, recorded_at, actor, idempotency_key, bytes, leaf_hash)
       VALUES ($1, $2, $3, NULL, NULL, NULL, $4, $4, 'admin', $5, $6, $7)`,
      [idx, envelope.id, kind, recorded, randomUUID(), bytes, hash],
    );
    await growTree(tx, idx, [hash]);
    await tx.query('UPDATE log_head SET size = $1', [idx + 1]);
    const logged: LoggedEvent = { idx, event_id: envelope.id, kind, person_id: null, occurred_at: recorded, recorded_at: recorded, actor: 'admin', data: data as never };
    await applyEvents(tx, [logged]);
    return { idx, id: envelope.id, size: bytes.length };
  });
}

for (const backend of backends) {
  describe(`an oversized legacy entry on ${backend.name}`, () => {
    let db: Database;
    let server: LogServer;
    let legacy: { idx: number; id: string; size: number };
    before(async () => {
      db = await backend.open();
      assert.ok((await execute({ db }, registerFacility, aFacility(), supervisor())).ok);
      // A facility of 1,500 units: some 140 KB in one event.
      const big = aFacility({ units: Array.from({ length: 1500 }, (_, i) => ({ id: randomUUID(), name: `Fictional block ${i}`, category: 'men_untried' as const })) });
      const { facility_id, ...rest } = big;
      legacy = await appendUnchecked(db, 'facility.registered', { facility_id, ...rest });
      assert.ok(legacy.size > 65_535);
      assert.ok((await execute({ db }, registerFacility, aFacility(), supervisor())).ok);
      server = await startLogServer(db, { entriesCookie: 'sijill_session=ok' });
    });
    after(async () => {
      await server?.close();
      await db?.close();
    });

    test('the entry bundle that would hold it answers a problem+json naming the event, not 500', async () => {
      const response = await fetch(`${server.url}/${tilePath({ kind: 'entries', index: 0, width: 3 })}`, { headers: { cookie: 'sijill_session=ok' } });
      assert.equal(response.status, 422);
      assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
      const problem = (await response.json()) as { code: string; detail: string };
      assert.equal(problem.code, 'event_too_large');
      assert.ok(problem.detail.includes(legacy.id) && problem.detail.includes(`event ${legacy.idx}`), problem.detail);
      assert.match(problem.detail, /sijill log verify/);
    });

    test('sijill check reports it, naming the event', async () => {
      const report = await checkRegister(db);
      assert.equal(report.ok, false);
      assert.deepEqual(report.findings.map((f) => f.check), ['size']);
      assert.ok(report.findings[0]!.message.includes(legacy.id) && report.findings[0]!.message.includes(String(legacy.size)), report.findings[0]!.message);
    });

    test('sijill log verify reports it, naming the event', async () => {
      const report = await verifyLog(db);
      const oversized = report.findings.filter((f) => f.check === 'oversized');
      assert.equal(oversized.length, 1, JSON.stringify(report.findings));
      assert.ok(oversized[0]!.message.includes(legacy.id) && oversized[0]!.message.includes(`event ${legacy.idx}`), oversized[0]!.message);
    });
  });
}
