/**
 * The embedded register is held by one process at a time (issue 10, defect 0). A server runs
 * as a child process on a temporary data folder; every `sijill` command is run against the
 * same folder meanwhile and is either refused, naming the server, or answers without opening
 * the folder (through the server's HTTP log, or from files alone). After the server stops,
 * the register opens again and `check` passes with the persons registered during the run.
 * Also: a lock left by a SIGKILLed process does not block the next start, and commands
 * pointed at a folder that holds no register are refused and create nothing.
 *
 * PGlite only: a PostgreSQL server serves many clients and takes no lock.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchServerDatabase } from './support/backends.ts';
import { runSijill, type ChildResult as Result } from './support/process-targets.ts';
import { aPerson } from './support/factories.ts';
import { openDatabase } from '../src/store/open-database.ts';

const root = new URL('..', import.meta.url).pathname;
const sijill = join(root, 'bin/sijill.js');
const password = 'a long enough test password';



const cli = (args: string[], env: NodeJS.ProcessEnv, input = '') => runSijill(args, env, { input, timeout: 180_000 });

function environment(dataDir: string): NodeJS.ProcessEnv {
  // The supervisor here logs in with a password alone: the second factor is tested in second-factor.test.ts.
  return { ...process.env, DATABASE_URL: '', SIJILL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SIJILL_LOG_LEVEL: 'warn', SIJILL_SECOND_FACTOR: 'optional' };
}

/** Start `sijill serve` and wait for the address it announces. */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const child = spawn(process.execPath, [sijill, 'serve'], { env, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      const serving = /Sijill is serving on (http:\/\/\S+)/.exec(stderr);
      if (serving) resolve(serving[1]!);
    });
    void exited.then(({ code }) => reject(new Error(`the server stopped (${code}) before serving: ${stderr}`)));
  });
  return { child, url, exited };
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function registerPerson(url: string, cookie: string): Promise<string> {
  const { person_id: _id, register_number: _number, ...person } = aPerson();
  // Every person here has the factory's name: registered all the same, with the reason the register asks for.
  const body = { ...person, duplicate_reason: 'Another man of the same name, registered while the server runs' };
  const res = await fetch(`${url}/api/persons`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return (JSON.parse(text) as { person_id: string }).person_id;
}

/** Everything under a folder, as relative paths. */
function contents(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('one process at a time on an embedded register', () => {
  test('while the server runs, every command is refused naming it or answers without opening the folder; after it stops the register opens and check passes with the persons registered meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-lock-'));
    const data = join(dir, 'data');
    const env = environment(data);
    try {
      // The first account on a fresh install creates the register, and says so.
      const added = await cli(['user', 'add', '--username', 'sup', '--role', 'supervisor', '--display-name', 'Test supervisor'], env, `${password}\n`);
      assert.equal(added.status, 0, added.stderr);
      assert.match(added.stderr, /created a new, empty register/);

      const server = await startServer(env);
      const pid = server.child.pid!;
      try {
        const cookie = await login(server.url, 'sup');
        const persons = [await registerPerson(server.url, cookie)];

        // Files the commands need to get as far as opening the register.
        writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ columns: { sender_id: 'No.', name_latin: 'Name' } }));
        writeFileSync(join(dir, 'list.csv'), 'No.,Name\n1,Salim Hamid\n');
        writeFileSync(join(dir, 'gallery.jsonl'), `${JSON.stringify({ id: 'g1', names: ['Salim Hamid Nasir'] })}\n`);
        writeFileSync(join(dir, 'queries.jsonl'), `${JSON.stringify({ qid: 'q1', name: 'Salim Hamid' })}\n`);
        writeFileSync(join(dir, 'not-a-receipt.json'), '{}\n');

        const refused: string[][] = [
          ['serve'],
          ['migrate'],
          ['demo', '--persons', '1'],
          ['check'],
          ['check', '--rebuild'],
          ['user', 'add', '--username', 'second', '--role', 'auditor', '--display-name', 'Second'],
          ['rollcall', 'report', '--facility', randomUUID()],
          ['clocks', 'report', '--format', 'json'],
          ['states', 'report', '--format', 'json'],
          ['transfer', 'import', join(dir, 'list.csv'), '--mapping', join(dir, 'mapping.json'), '--as', 'sup', '--sender', 'Test sender', '--transfer', randomUUID(), '--dry-run'],
          ['receipt', 'issue', randomUUID(), '--as', 'sup', '--out', join(dir, 'receipt.json')],
          ['log', 'checkpoint'],
          ['log', 'root'],
          ['log', 'inclusion', '--index', '0'],
          ['log', 'consistency', '--from', '1'],
          ['log', 'verify'],
        ];
        const answers = new Map<string, Result>();
        for (const args of refused) {
          const result = await cli(args, env, `${password}\n`);
          answers.set(args.join(' '), result);
          const what = `sijill ${args.join(' ')}`;
          assert.notEqual(result.status, 0, `${what} was not refused: ${result.stdout}`);
          assert.match(result.stderr, new RegExp(`in use by process ${pid} \\(sijill serve\\), since \\d{4}-\\d\\d-\\d\\dT`), `${what}: ${result.stderr}`);
          assert.ok(result.stderr.includes(`serving on ${server.url}`), `${what} names where the server answers: ${result.stderr}`);
          assert.match(result.stderr, new RegExp(`What to do: .*kill ${pid}`), `${what} says what to do: ${result.stderr}`);
          assert.equal(result.stdout, '', `${what} printed an answer`);
        }
        // A read that has an HTTP route names it, with the server's address.
        const inclusion = answers.get('log inclusion --index 0')!;
        assert.ok(inclusion.stderr.includes(`GET ${server.url}/log/proof/inclusion?`), inclusion.stderr);
        const desk = answers.get('states report --format json')!;
        assert.ok(desk.stderr.includes(`GET ${server.url}/api/repatriations/states-report`), desk.stderr);

        // Commands that do not open the register answer while it runs.
        const vkey = await cli(['log', 'key', '--raw'], env);
        assert.equal(vkey.status, 0, vkey.stderr);
        const checkpoint = await fetch(`${server.url}/log/checkpoint`);
        assert.equal(checkpoint.status, 200);
        // The monitor verifies the running log through the server's HTTP log.
        const monitor = await cli(['monitor', `${server.url}/log`, '--state', join(dir, 'monitor'), '--key', vkey.stdout.trim(), '--hashes-only'], env);
        assert.equal(monitor.status, 0, monitor.stderr);
        const receiptKey = await cli(['receipt', 'key', '--raw'], env);
        assert.equal(receiptKey.status, 0, receiptKey.stderr);
        const servedKey = (await (await fetch(`${server.url}/api/receipts/key`)).json()) as Record<string, unknown>;
        assert.ok(Object.values(servedKey).includes(receiptKey.stdout.trim()), `the receipt key printed is the one the server publishes: ${JSON.stringify(servedKey)}`);
        const verify = await cli(['receipt', 'verify', join(dir, 'not-a-receipt.json')], env);
        assert.equal(verify.status, 1);
        assert.match(verify.stderr, /^FAIL /);
        const match = await cli(['match', '--gallery', join(dir, 'gallery.jsonl'), '--queries', join(dir, 'queries.jsonl')], env);
        assert.equal(match.status, 0, match.stderr);
        const witness = await cli(['witness', '--state', join(dir, 'witness'), '--show-key'], env);
        assert.equal(witness.status, 0, witness.stderr);
        writeFileSync(join(dir, 'case.json'), JSON.stringify({ now: '2026-03-01T12:00:00+03:00', events: [{ kind: 'custody_start', at: '2026-03-01T10:00:00+03:00' }] }));
        const clocks = await cli(['clocks', 'evaluate', '--case', join(dir, 'case.json')], env);
        assert.equal(clocks.status, 0, clocks.stderr);
        assert.equal(JSON.parse(clocks.stdout).clocks[0].status, 'running');

        // The server is unharmed and goes on writing.
        persons.push(await registerPerson(server.url, cookie));
        assert.equal(JSON.parse(readFileSync(join(data, 'pglite.lock'), 'utf8')).pid, pid);

        server.child.kill('SIGTERM');
        assert.deepEqual(await server.exited, { code: 0, signal: null });
        assert.equal(existsSync(join(data, 'pglite.lock')), false, 'the server released the folder when it stopped');

        const check = await cli(['check'], env);
        assert.equal(check.status, 0, check.stderr);
        const report = JSON.parse(check.stdout) as { ok: boolean; persons: number };
        assert.equal(report.ok, true);
        assert.equal(report.persons, 2);
        const db = await openDatabase({ dataDir: data });
        try {
          const { rows } = await db.query<{ id: string }>('SELECT id FROM person ORDER BY id');
          assert.deepEqual(rows.map((r) => r.id), [...persons].sort());
        } finally {
          await db.close();
        }
      } finally {
        server.child.kill('SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a lock left by a process killed with SIGKILL does not block the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-lock-'));
    const data = join(dir, 'data');
    const env = environment(data);
    try {
      const server = await startServer(env);
      const pid = server.child.pid!;
      server.child.kill('SIGKILL');
      assert.equal((await server.exited).signal, 'SIGKILL');
      // The lock is still there, naming a process that is gone.
      assert.equal(JSON.parse(readFileSync(join(data, 'pglite.lock'), 'utf8')).pid, pid);
      const check = await cli(['check'], env);
      assert.equal(check.status, 0, check.stderr);
      assert.equal((JSON.parse(check.stdout) as { ok: boolean }).ok, true);
      const again = await startServer(env);
      try {
        assert.equal(JSON.parse(readFileSync(join(data, 'pglite.lock'), 'utf8')).pid, again.child.pid);
      } finally {
        again.child.kill('SIGINT');
        assert.deepEqual(await again.exited, { code: 0, signal: null });
      }
      assert.equal(existsSync(join(data, 'pglite.lock')), false, 'SIGINT released the folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('commands pointed at a folder that holds no register say so, exit non-zero and create nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-lock-'));
    try {
      writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ columns: { sender_id: 'No.', name_latin: 'Name' } }));
      writeFileSync(join(dir, 'list.csv'), 'No.,Name\n1,Salim Hamid\n');
      const empty = join(dir, 'empty');
      mkdirSync(empty);
      const commands: string[][] = [
        ['check'],
        ['log', 'checkpoint'],
        ['log', 'root'],
        ['log', 'inclusion', '--index', '0'],
        ['log', 'consistency', '--from', '0'],
        ['log', 'verify'],
        ['rollcall', 'report', '--facility', randomUUID()],
        ['clocks', 'report'],
        ['states', 'report'],
        ['transfer', 'import', join(dir, 'list.csv'), '--mapping', join(dir, 'mapping.json'), '--as', 'sup', '--sender', 'Test sender', '--transfer', randomUUID()],
        ['receipt', 'issue', randomUUID(), '--as', 'sup', '--out', join(dir, 'receipt.json')],
      ];
      // Every command on an empty folder; on a folder that does not exist, two of them.
      const runs: [string, string[]][] = [...commands.map((args): [string, string[]] => [empty, args]), [join(dir, 'missing'), ['check']], [join(dir, 'missing'), ['log', 'checkpoint']]];
      for (const [folder, args] of runs) {
        const result = await cli(args, environment(folder));
        const what = `sijill ${args.join(' ')} on ${folder}`;
        assert.equal(result.status, 1, `${what}: ${result.stdout}`);
        assert.ok(result.stderr.includes(`${folder} holds no register`), `${what}: ${result.stderr}`);
        assert.equal(result.stdout, '');
      }
      assert.deepEqual(contents(empty), []);
      assert.equal(existsSync(join(dir, 'missing')), false);
      assert.equal(existsSync(join(dir, 'receipt.json')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  if (process.env.SIJILL_TEST_DATABASE_URL) {
    test('on PostgreSQL, a database with no register is refused too, takes no lock, and migrate creates the register', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sijill-lock-'));
      const scratch = await scratchServerDatabase();
      const env = { ...environment(dir), DATABASE_URL: scratch.url };
      try {
        const check = await cli(['check'], env);
        assert.equal(check.status, 1, check.stdout);
        assert.match(check.stderr, /the database at DATABASE_URL holds no register/);
        assert.ok(!check.stderr.includes(scratch.url), 'the URL, which may carry a password, is not repeated');
        const migrate = await cli(['migrate'], env);
        assert.equal(migrate.status, 0, migrate.stderr);
        assert.match(migrate.stderr, /created a new, empty register in the database at DATABASE_URL/);
        const again = await cli(['check'], env);
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual(contents(dir), [], 'no lock file: a server takes many clients');
      } finally {
        await scratch.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
