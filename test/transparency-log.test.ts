/**
 * The transparency log end to end, on both backends: a demo register, its log served over
 * HTTP by the log routes alone, and the tamper drills — each detected by `sijill log verify`
 * and by the monitor, each with its own message.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { scratchServerDatabase } from './support/backends.ts';
import { runSijill } from './support/process-targets.ts';
import { aFacility } from './support/factories.ts';
import { startLogServer, type LogServer } from './support/log-server.ts';
import { execute } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { parseCheckpoint } from '../src/ledger/checkpoint.ts';
import { tilePath } from '../src/ledger/tiles.ts';
import { parseNote } from '../src/ledger/signed-note.ts';
import { ForkError, signLatestCheckpoint } from '../src/store/checkpoints.ts';
import type { Database } from '../src/store/database.ts';
import { verifyLog } from '../src/store/log-verify.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { treeSize } from '../src/store/tree-store.ts';
import { readLogKey, type LogKey } from '../src/transparency/log-key.ts';
import { MonitorFailure, runMonitor, type MonitorCheck } from '../src/transparency/monitor.ts';
import { openWitnessKey, runWitness, WitnessRefusal } from '../src/transparency/witness.ts';

// Asynchronous: the log server these commands talk to runs in this process.
const cli = (args: string[], env: NodeJS.ProcessEnv) => runSijill(args, env);


/** One register to tamper with: its environment for the CLI, and how to open it here. */
interface Copy {
  readonly env: NodeJS.ProcessEnv;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A seeded register (demo + first checkpoint) that each drill gets a fresh copy of. */
interface Seeded {
  readonly key: LogKey;
  copy(): Promise<Copy>;
  cleanup(): Promise<void>;
}

const origin = 'drill.example/log';

async function seed(env: NodeJS.ProcessEnv): Promise<void> {
  const demo = await cli(['demo', '--persons', '24'], env);
  assert.equal(demo.status, 0, demo.stderr);
  const checkpoint = await cli(['log', 'checkpoint'], env);
  assert.equal(checkpoint.status, 0, checkpoint.stderr);
}

const targets: { name: string; make(): Promise<Seeded> }[] = [
  {
    name: 'pglite',
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'sijill-log-'));
      const keyFile = join(dir, 'log-key');
      const env = { ...process.env, DATABASE_URL: '', SIJILL_DATA_DIR: join(dir, 'base'), SIJILL_LOG_ORIGIN: origin, SIJILL_LOG_KEY_FILE: keyFile };
      await seed(env);
      let n = 0;
      return {
        key: readLogKey(keyFile)!,
        async copy() {
          const data = join(dir, `copy-${n++}`);
          cpSync(join(dir, 'base'), data, { recursive: true });
          return {
            env: { ...env, SIJILL_DATA_DIR: data },
            open: () => openDatabase({ dataDir: data }),
            cleanup: async () => rmSync(data, { recursive: true, force: true }),
          };
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(process.env.SIJILL_TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          async make(): Promise<Seeded> {
            const dir = mkdtempSync(join(tmpdir(), 'sijill-log-'));
            const keyFile = join(dir, 'log-key');
            const base = await scratchServerDatabase();
            const env = { ...process.env, DATABASE_URL: base.url, SIJILL_DATA_DIR: dir, SIJILL_LOG_ORIGIN: origin, SIJILL_LOG_KEY_FILE: keyFile };
            await seed(env);
            const baseName = new URL(base.url).pathname.slice(1);
            return {
              key: readLogKey(keyFile)!,
              async copy() {
                const name = `${baseName}_c${randomUUID().slice(0, 8)}`;
                const admin = new pg.Client({ connectionString: process.env.SIJILL_TEST_DATABASE_URL });
                await admin.connect();
                await admin.query(`CREATE DATABASE ${name} TEMPLATE ${baseName}`);
                await admin.end();
                const url = new URL(base.url);
                url.pathname = `/${name}`;
                return {
                  env: { ...env, DATABASE_URL: url.toString() },
                  open: () => openDatabase({ databaseUrl: url.toString() }),
                  async cleanup() {
                    const c = new pg.Client({ connectionString: process.env.SIJILL_TEST_DATABASE_URL });
                    await c.connect();
                    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                    await c.end();
                  },
                };
              },
              async cleanup() {
                await base.drop();
                rmSync(dir, { recursive: true, force: true });
              },
            };
          },
        },
      ]
    : []),
];

const ctx = () => ({ actor: 'drill', role: 'supervisor' as const, idempotencyKey: randomUUID() });

/** Bypass a guard as the database owner would. */
async function asOwner(db: Database, tables: string[], sql: string, params: unknown[] = []): Promise<void> {
  const trigger = (t: string) => `${t}_append_only`;
  for (const t of tables) await db.exec(`ALTER TABLE ${t} DISABLE TRIGGER ${trigger(t)}`);
  await db.query(sql, params);
  for (const t of tables) await db.exec(`ALTER TABLE ${t} ENABLE TRIGGER ${trigger(t)}`);
}

async function monitorFails(options: Parameters<typeof runMonitor>[0], check: MonitorCheck, message: RegExp): Promise<MonitorFailure> {
  try {
    await runMonitor(options);
  } catch (error) {
    assert.ok(error instanceof MonitorFailure, String(error));
    assert.equal(error.check, check, error.message);
    assert.match(error.message, message, error.message);
    return error;
  }
  assert.fail(`the monitor did not detect it (expected ${check})`);
}

async function verifyFails(copy: Copy, message: RegExp): Promise<void> {
  const verify = await cli(['log', 'verify'], copy.env);
  assert.equal(verify.status, 1, verify.stdout + verify.stderr);
  assert.match(verify.stderr, message);
}

for (const target of targets) {
  describe(`transparency log on ${target.name}`, () => {
    let seeded: Seeded;
    before(async () => {
      seeded = await target.make();
    });
    after(async () => {
      await seeded?.cleanup();
    });

    /**
     * A drill on a fresh copy of the seeded register: opened here and served over HTTP, with
     * monitor state folders; `close()` shuts both so the CLI can open the database (PGlite
     * has one opener at a time), `open()` brings them back.
     */
    async function drill(work: (d: Drill) => Promise<void>): Promise<void> {
      const copy = await seeded.copy();
      const states = mkdtempSync(join(tmpdir(), 'sijill-monitor-'));
      let n = 0;
      const d: Drill = {
        copy,
        db: undefined as unknown as Database,
        server: undefined as unknown as LogServer,
        key: seeded.key.verifierKey,
        state: () => join(states, `m${n++}`),
        async open() {
          d.db = await copy.open();
          d.server = await startLogServer(d.db);
        },
        async close() {
          await d.server.close();
          await d.db.close();
        },
      };
      await d.open();
      try {
        await work(d);
      } finally {
        await d.close().catch(() => {});
        await copy.cleanup();
        rmSync(states, { recursive: true, force: true });
      }
    }

    test('an untouched log verifies; the monitor follows it in entries or hashes-only mode; a witness cosigns and the log serves it', async () => {
      const copy = await seeded.copy();
      const states = mkdtempSync(join(tmpdir(), 'sijill-monitor-'));
      const verify = await cli(['log', 'verify'], copy.env);
      assert.equal(verify.status, 0, verify.stderr);
      assert.equal(JSON.parse(verify.stdout).findings, 0);
      const witnessState = join(states, 'witness');
      const witnessKey = openWitnessKey(witnessState, 'witness.drill');
      const db = await copy.open();
      const server = await startLogServer(db, { entriesCookie: 'sijill_session=ok', witnessKeys: [witnessKey.verifierKey] });
      try {
        const key = seeded.key.verifierKey;
        const refused = await runMonitor({ url: server.url, stateDir: join(states, 'a'), verifierKey: key });
        assert.equal(refused.mode, 'hashes-only');
        assert.match(refused.hashesOnlyReason ?? '', /HTTP 401/);
        const full = await runMonitor({ url: server.url, stateDir: join(states, 'b'), verifierKey: key, cookie: 'sijill_session=ok', quietDays: 0 });
        assert.equal(full.mode, 'entries');
        assert.equal(full.persons, 24);
        assert.ok(full.custody.quiet && full.custody.quiet.count > 0, 'persons in custody show up as quiet after 0 days');

        // Entries one past the log are not there yet; once the log has grown, they are served.
        const cookie = { cookie: 'sijill_session=ok' };
        const nextEntry = `${server.url}/${tilePath({ kind: 'entries', index: Math.floor(full.size / 256), width: (full.size % 256) + 1 })}`;
        assert.equal((await fetch(nextEntry, { headers: cookie })).status, 404);

        // The log grows; the hashes-only monitor, now allowed entries, checks chains from there on.
        for (let i = 0; i < 3; i++) assert.ok((await execute({ db }, registerFacility, aFacility(), ctx())).ok);
        assert.equal((await fetch(nextEntry, { headers: cookie })).status, 200);
        await signLatestCheckpoint(db, seeded.key.signer, origin);
        const later = await runMonitor({ url: server.url, stateDir: join(states, 'a'), verifierKey: key, cookie: 'sijill_session=ok' });
        assert.equal(later.mode, 'entries');
        assert.equal(later.newEntries, 3);

        const cosigned = await runWitness({ url: server.url, stateDir: witnessState, logKey: key });
        assert.deepEqual(cosigned.posted, { size: later.size, stored: 1, witnesses: ['witness.drill'] });
        const served = await (await fetch(`${server.url}/checkpoint`)).text();
        assert.match(served, /— witness\.drill /);
        assert.equal(parseNote(served).signatures.length, 2);
        // The monitor ignores signatures by keys it does not know, the witness's included.
        assert.equal((await runMonitor({ url: server.url, stateDir: join(states, 'b'), verifierKey: key })).size, later.size);

        // Proof endpoints answer as the CLI does; entries need the permission; bad input is a problem+json.
        const inclusion = (await (await fetch(`${server.url}/proof/inclusion?index=3&size=${later.size}`)).json()) as { hashes: string[] };
        assert.ok(inclusion.hashes.length > 0);
        assert.equal((await fetch(`${server.url}/tile/entries/000.p/3`)).status, 401);
        assert.equal((await fetch(`${server.url}/tile/0/000.p/255`)).status, 404);
        const bad = await fetch(`${server.url}/proof/consistency?from=0&to=5`);
        assert.equal(bad.status, 400);
        assert.match(bad.headers.get('content-type') ?? '', /problem\+json/);
      } finally {
        await server.close();
        await db.close();
        await copy.cleanup();
        rmSync(states, { recursive: true, force: true });
      }
    });

    test("drill: a leaf's bytes edited", async () => {
      await drill(async (d) => {
        const victim = (await d.db.query<{ idx: number }>("SELECT idx FROM event WHERE kind = 'person.admitted' AND position('\"untried\"' IN convert_from(bytes, 'UTF8')) > 0 ORDER BY idx LIMIT 1")).rows[0]!.idx;
        await asOwner(d.db, ['event'], "UPDATE event SET bytes = convert_to(replace(convert_from(bytes, 'UTF8'), 'untried', 'convicted'), 'UTF8') WHERE idx = $1", [victim]);
        await monitorFails({ url: d.server.url, stateDir: d.state(), verifierKey: d.key }, 'leaf', new RegExp(`entry ${victim}: its bytes hash to .* the entry was changed after it was logged`));
        await d.close();
        await verifyFails(d.copy, new RegExp(`FAIL leaf: event ${victim}: its stored bytes hash to .*the bytes were edited`));
      });
    });

    test('drill: an event row deleted by a superuser', async () => {
      await drill(async (d) => {
        const victim = (await d.db.query<{ idx: number }>("SELECT idx FROM event WHERE kind = 'person.admitted' ORDER BY idx LIMIT 1 OFFSET 2")).rows[0]!.idx;
        await asOwner(d.db, ['event'], 'DELETE FROM event WHERE idx = $1', [victim]);
        await monitorFails({ url: d.server.url, stateDir: d.state(), verifierKey: d.key }, 'missing', new RegExp(`the entry of leaf ${victim} \\(\\w+\\) is gone — an event was removed`));
        await d.close();
        await verifyFails(d.copy, new RegExp(`FAIL missing: event ${victim} is missing from the log, but the tree holds its leaf`));
      });
    });

    test('drill: two rows swapped', async () => {
      await drill(async (d) => {
        await asOwner(d.db, ['event'], 'UPDATE event SET idx = 1000000000 WHERE idx = 1');
        await asOwner(d.db, ['event'], 'UPDATE event SET idx = 1 WHERE idx = 3');
        await asOwner(d.db, ['event'], 'UPDATE event SET idx = 3 WHERE idx = 1000000000');
        await monitorFails({ url: d.server.url, stateDir: d.state(), verifierKey: d.key }, 'order', /entries 1 and 3 are swapped/);
        await d.close();
        await verifyFails(d.copy, /FAIL order: events 1 and 3 are swapped/);
      });
    });

    test('drill: a stored hash replaced', async () => {
      await drill(async (d) => {
        const kept = d.state();
        await runMonitor({ url: d.server.url, stateDir: kept, verifierKey: d.key });
        const size = await treeSize(d.db);
        const level = Math.floor(Math.log2(size));
        // The largest complete subtree: every later root and proof is built on it.
        await asOwner(d.db, ['log_subtree'], 'UPDATE log_subtree SET hash = sha256(hash) WHERE level = $1 AND idx = 0', [level]);
        for (let i = 0; i < 3; i++) assert.ok((await execute({ db: d.db }, registerFacility, aFacility(), ctx())).ok);
        await signLatestCheckpoint(d.db, seeded.key.signer, origin);
        await monitorFails({ url: d.server.url, stateDir: kept, verifierKey: d.key }, 'consistency', /consistency proof from size \d+ to \d+ does not verify/);
        await monitorFails({ url: d.server.url, stateDir: d.state(), verifierKey: d.key }, 'root', /the root rebuilt from the log's \d+ leaf hashes is \w+, but the checkpoint signs \w+: .*a stored hash was replaced/);
        await d.close();
        await verifyFails(d.copy, new RegExp(`FAIL tree: the stored hash of subtree ${level}/0 \\(leaves 0–${2 ** level - 1}\\) is \\w+, but the leaves under it give \\w+: a stored hash was replaced`));
      });
    });

    test('drill: the log rolled back and regrown differently (a fork)', async () => {
      await drill(async (d) => {
        const kept = d.state();
        const witnessState = d.state();
        await runMonitor({ url: d.server.url, stateDir: kept, verifierKey: d.key });
        await runWitness({ url: d.server.url, stateDir: witnessState, logKey: d.key, post: false });
        const size = await treeSize(d.db);
        const keep = size - 4;
        // Roll the data back to `keep` events, as the database owner, and regrow it with other events.
        await asOwner(d.db, ['event'], 'DELETE FROM event WHERE idx >= $1', [keep]);
        await asOwner(d.db, ['log_subtree'], 'DELETE FROM log_subtree WHERE (idx + 1) * (1::bigint << level) > $1', [keep]);
        await d.db.query('UPDATE log_head SET size = $1', [keep]);
        for (let i = 0; i < 4; i++) assert.ok((await execute({ db: d.db }, registerFacility, aFacility(), ctx())).ok);
        assert.equal(await treeSize(d.db), size);
        // The log itself refuses to sign a second root for a size it signed.
        await assert.rejects(signLatestCheckpoint(d.db, seeded.key.signer, origin), ForkError);
        await d.close();
        await verifyFails(d.copy, new RegExp(`FAIL checkpoint: the checkpoint of size ${size} signed root \\w+, but the first ${size} events as stored now have root \\w+: .*rolled back and regrown \\(a fork\\)`));
        // Covering the tracks: the old checkpoint removed, the regrown log signed. Only outsiders can tell now.
        await d.open();
        await asOwner(d.db, ['log_checkpoint'], 'DELETE FROM log_checkpoint WHERE size > $1', [keep]);
        await signLatestCheckpoint(d.db, seeded.key.signer, origin);
        assert.equal((await verifyLog(d.db, { verifier: seeded.key.verifier, origin })).ok, true);
        const second = await cli(['monitor', d.server.url, '--state', kept, '--key', d.key], d.copy.env);
        assert.equal(second.status, 1, second.stdout + second.stderr);
        assert.match(second.stderr, new RegExp(`FAIL fork: the log signed two checkpoints of size ${size} with different roots`), second.stderr);
        const evidence = JSON.parse(readFileSync(JSON.parse(second.stdout).evidence, 'utf8')) as { failed: string; kept_checkpoint: string; served_checkpoint: string };
        assert.equal(evidence.failed, 'fork');
        const before = parseCheckpoint(parseNote(evidence.kept_checkpoint).text);
        const after = parseCheckpoint(parseNote(evidence.served_checkpoint).text);
        assert.equal(before.size, size);
        assert.equal(after.size, size);
        assert.notDeepEqual(before.rootHash, after.rootHash);
        // The state was not advanced, and a witness refuses to cosign the other view.
        assert.equal(readdirSync(kept).filter((f) => f.startsWith('evidence-')).length, 1);
        await assert.rejects(runWitness({ url: d.server.url, stateDir: witnessState, logKey: d.key, post: false }), (e: unknown) => e instanceof WitnessRefusal && /fork/.test(e.message));
      });
    });
  });
}

interface Drill {
  readonly copy: Copy;
  db: Database;
  server: LogServer;
  readonly key: string;
  state(): string;
  open(): Promise<void>;
  close(): Promise<void>;
}
