/**
 * The HTTP side of a monitor or witness: fetches a log's checkpoint, tiles, entry bundles and
 * proofs from its URL prefix (the `/log` routes of src/api/log-routes.ts, laid out as C2SP
 * tlog-tiles prescribes), and posts cosignatures.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tilePath, type EntryBundle, type HashTile } from '../ledger/tiles.ts';

/** The server answered with an error status. */
export class LogHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    detail: string,
  ) {
    super(`${url}: HTTP ${status}${detail ? ` — ${detail}` : ''}`);
    this.name = 'LogHttpError';
  }
}

export interface LogClientOptions {
  /** A `Cookie` header value (a session with the entry permission), sent with every request. */
  readonly cookie?: string;
}

/** Largest announced body length allocated up front (an entry bundle is at most 16 MiB). */
const MAX_PREALLOCATED = 32 * 1024 * 1024;

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * A client of one log, at its URL prefix such as `https://register.example/log`. It speaks
 * node:http with keep-alive rather than fetch: catching up on a million entries is thousands
 * of requests, and fetch's per-request and per-chunk overhead dominated that.
 */
export class LogClient {
  readonly prefix: string;
  readonly #headers: Record<string, string>;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;

  constructor(prefix: string, options: LogClientOptions = {}) {
    this.prefix = prefix.replace(/\/+$/, '');
    this.#headers = options.cookie ? { cookie: options.cookie } : {};
    const secure = new URL(this.prefix).protocol === 'https:';
    this.#agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.#request = secure ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  /** Closes idle connections, so a finished run does not keep the process alive. */
  close(): void {
    this.#agent.destroy();
  }

  #send(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = this.#request(url, { method, agent: this.#agent, headers: { ...this.#headers, ...headers } }, (response) => {
        // With a length announced, each chunk is copied once, straight into a buffer of that
        // size; otherwise (or if the server sends more) chunks are kept and joined at the end.
        const length = Number(response.headers['content-length']);
        let body = Number.isSafeInteger(length) && length >= 0 && length <= MAX_PREALLOCATED ? Buffer.allocUnsafe(length) : undefined;
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          if (body && received + chunk.length <= body.length) {
            chunk.copy(body, received);
          } else {
            if (body) chunks.push(body.subarray(0, received));
            body = undefined;
            chunks.push(chunk);
          }
          received += chunk.length;
        });
        response.on('end', () => {
          const whole = body ? body.subarray(0, received) : Buffer.concat(chunks, received);
          resolve({ status: response.statusCode ?? 0, body: whole });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  async #get(path: string): Promise<Buffer> {
    const url = `${this.prefix}/${path}`;
    const answer = await this.#send(url, 'GET', {});
    if (answer.status < 200 || answer.status > 299) throw new LogHttpError(answer.status, url, problemDetail(answer.body));
    return answer.body;
  }

  /** The signed checkpoint text, cosignatures included. */
  async checkpoint(): Promise<string> {
    return (await this.#get('checkpoint')).toString('utf8');
  }

  async hashTile(tile: HashTile): Promise<Buffer> {
    return this.#get(tilePath(tile));
  }

  async entryBundle(bundle: EntryBundle): Promise<Buffer> {
    return this.#get(tilePath(bundle));
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    const body = JSON.parse((await this.#get(`proof/consistency?from=${from}&to=${to}`)).toString('utf8')) as { hashes?: unknown };
    return hashList(body.hashes);
  }

  async inclusionProof(index: number, size: number): Promise<{ leafHash: Buffer; hashes: Buffer[] }> {
    const body = JSON.parse((await this.#get(`proof/inclusion?index=${index}&size=${size}`)).toString('utf8')) as { leaf_hash?: unknown; hashes?: unknown };
    return { leafHash: hashList([body.leaf_hash])[0]!, hashes: hashList(body.hashes) };
  }

  /** Submits a cosigned checkpoint; returns the server's answer. */
  async postCosignature(note: string): Promise<unknown> {
    const url = `${this.prefix}/cosignature`;
    const answer = await this.#send(url, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ checkpoint: note }));
    if (answer.status < 200 || answer.status > 299) throw new LogHttpError(answer.status, url, problemDetail(answer.body));
    return JSON.parse(answer.body.toString('utf8'));
  }
}

function problemDetail(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

function hashList(value: unknown): Buffer[] {
  if (!Array.isArray(value) || !value.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
    throw new Error('the server answered a proof that is not a list of 32-byte hex hashes');
  }
  return value.map((h: string) => Buffer.from(h, 'hex'));
}

/** Runs `work` over items with at most `limit` in flight, keeping results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
