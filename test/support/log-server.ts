/**
 * A minimal HTTP server for the transparency-log tests: Fastify with only the log routes
 * (src/api/log-routes.ts) and the API's problem handler, so monitors and witnesses can be
 * tested without the full server. `entriesCookie` stands in for the permission check the
 * real server makes on `log.read_entries`: without that cookie, entry bundles answer 401.
 * Entry requests let through are an auditor's account made for the server (given no
 * `entriesCookie`, every one is).
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { createAccount } from '../../src/api/accounts.ts';
import { cheap } from './api-client.ts';
import { logRoutes, readEntriesPermission } from '../../src/api/log-routes.ts';
import { ApiProblem, replyWithProblem } from '../../src/api/problem.ts';
import { strictValidation } from '../../src/api/server.ts';
import type { Database } from '../../src/store/database.ts';

export interface LogServer {
  /** The log's URL prefix, e.g. http://127.0.0.1:41234/log. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startLogServer(db: Database, options: { witnessKeys?: readonly string[]; entriesCookie?: string } = {}): Promise<LogServer> {
  const app = Fastify({ logger: false, ajv: strictValidation });
  app.setErrorHandler(replyWithProblem);
  // Reads of entries are audited like every read of personal data, so they need a real account.
  const account = await createAccount(db, { username: `monitor-${randomBytes(4).toString('hex')}`, displayName: 'Fictional monitor', role: 'auditor', password: 'a monitor in a test' }, { cost: cheap });
  const wanted = options.entriesCookie;
  app.addHook('onRoute', (route) => {
    if ((route.config as { permission?: string } | undefined)?.permission !== readEntriesPermission) return;
    route.onRequest = [
      async (request) => {
        if (wanted !== undefined && request.headers.cookie !== wanted) throw new ApiProblem('unauthenticated', 'log in first');
        request.account = { ...account, expires_at: new Date(Date.now() + 3600_000).toISOString() };
      },
    ];
  });
  await app.register(logRoutes, { db, witnessKeys: options.witnessKeys ?? [] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/log`, close: () => app.close() };
}
