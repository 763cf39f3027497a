/**
 * Single admissions as clerks make them: over HTTP, one person a request pair, against the
 * real server (`sijill serve`, in a process of its own, listening on 127.0.0.1) from clients
 * in this process — so the clients' work does not share the server's event loop.
 *
 * Each admission is what the web registration and admission forms send (src/web/pages/
 * register.tsx, admit.tsx): `POST /api/persons` with the person's names and details (the
 * server looks every name up in its identity index and answers with likely duplicates),
 * then `POST /api/admissions` for the person it returned — each request with its own
 * Idempotency-Key, under a clerk's session. N clients run at once, each with its own
 * clerk account and session, each taking the next person from one shared list.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { IntakeRow } from '../src/commands/intake-batch.ts';
import { duplicateReviewThreshold } from '../src/commands/register-person.ts';

export interface HttpAdmissionFigures {
  readonly clients: number;
  readonly admissions: number;
  readonly seconds: number;
  /** Time of one admission (both requests), milliseconds. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Registrations whose answer listed a possible duplicate scoring enough to open a review (0.8). */
  readonly reviews: number;
}

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Start `sijill serve` (no demo) on an ephemeral port with `env` (DATABASE_URL or
 * SIJILL_DATA_DIR), with the configuration's defaults otherwise — request logs at `info`,
 * checkpoints signed every 2 s — and wait until it listens.
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(new URL('../bin/sijill.js', import.meta.url)), 'serve'], {
    // The bench's clients log in with a password alone (no authenticator to hand).
    env: { ...process.env, DATABASE_URL: '', SIJILL_SECOND_FACTOR: 'optional', ...env, PORT: '0', HOST: '127.0.0.1' },
    // The request log goes where a service's standard output goes when nobody reads it.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 120 s: ${stderr.slice(-2000)}`)), 120_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const found = /Sijill is serving on (http:\/\/\S+)/.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened: ${stderr.slice(-2000)}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0 && code !== null) throw new Error(`the server stopped with exit code ${code}: ${stderr.slice(-2000)}`);
    },
  };
}

/** Log in as `username`; the session cookie to send. Waits out a rate limit, if the server has one. */
export async function logIn(url: string, username: string, password: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = await response.text();
    if (response.status === 429 && attempt < 20) {
      await new Promise((r) => setTimeout(r, 1000 * Math.min(60, Number(response.headers.get('retry-after') ?? 1))));
      continue;
    }
    if (response.status !== 200) throw new Error(`logging in as ${username}: HTTP ${response.status} ${body.slice(0, 500)}`);
    const cookie = response.headers.getSetCookie()[0];
    if (!cookie) throw new Error(`logging in as ${username}: no session cookie`);
    return cookie.split(';')[0]!;
  }
}

async function post(url: string, path: string, cookie: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Register and admit one person as the web forms do; milliseconds taken, and whether a duplicate review was opened. */
async function admitOne(url: string, cookie: string, row: IntakeRow): Promise<{ ms: number; review: boolean }> {
  const { person_id: _assignedByServer, register_number: _alsoAssigned, ...person } = row.person;
  const { admission_id: _assignedToo, ...admission } = row.admission;
  const started = performance.now();
  let registered = await post(url, '/api/persons', cookie, person);
  // A probable duplicate is registered as a clerk would: the form asks why, the clerk says, and sends it again.
  const despite = registered.status === 409 && registered.body.code === 'likely_duplicate' ? { duplicate_reason: 'A namesake on the list: to be reviewed' } : {};
  if ('duplicate_reason' in despite) registered = await post(url, '/api/persons', cookie, { ...person, ...despite });
  if (registered.status !== 201) throw new Error(`POST /api/persons: HTTP ${registered.status} ${JSON.stringify(registered.body).slice(0, 500)}`);
  const admitted = await post(url, '/api/admissions', cookie, { ...admission, person_id: registered.body.person_id, ...despite });
  if (admitted.status !== 201) throw new Error(`POST /api/admissions: HTTP ${admitted.status} ${JSON.stringify(admitted.body).slice(0, 500)}`);
  const candidates = registered.body.possible_duplicates as { score: number }[];
  return { ms: performance.now() - started, review: candidates.some((c) => c.score >= duplicateReviewThreshold()) };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Admit every row, `cookies.length` clients at once, each with its own session. */
export async function admitConcurrently(url: string, cookies: readonly string[], rows: readonly IntakeRow[]): Promise<HttpAdmissionFigures> {
  let next = 0;
  const times: number[] = [];
  let reviews = 0;
  const started = performance.now();
  await Promise.all(
    cookies.map(async (cookie) => {
      for (let i = next++; i < rows.length; i = next++) {
        const done = await admitOne(url, cookie, rows[i]!);
        times.push(done.ms);
        if (done.review) reviews++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { clients: cookies.length, admissions: rows.length, seconds, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), reviews };
}
