/**
 * The tail of every command route: the command goes through the write path as the
 * logged-in account, under the request's Idempotency-Key, and a refusal becomes a problem.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { execute, type CommandContext, type CommandDefinition, type CommandOutcome, type Register } from '../commands/execute.ts';
import type { Queryable } from '../store/database.ts';
import { ApiProblem, rejectionProblem } from './problem.ts';

/** The Idempotency-Key of a request (required and checked by the route's header schema). */
export function idempotencyKey(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') throw new ApiProblem('invalid_request', 'send an Idempotency-Key header', '/headers/idempotency-key');
  return key;
}

/** Who runs a command: the logged-in account, under the request's Idempotency-Key. */
export function commandContext(request: FastifyRequest): CommandContext {
  const account = request.account;
  if (!account) throw new ApiProblem('unauthenticated', 'log in first: POST /api/session');
  return { actor: account.username, role: account.role, idempotencyKey: idempotencyKey(request), request: canonicalRequest(request) };
}

/**
 * What the client asked, as the write path compares it for a retry: the route, its path
 * parameters, query and body — never what the server adds (ids it assigns).
 */
function canonicalRequest(request: FastifyRequest): unknown {
  return { route: `${request.method} ${request.routeOptions.url ?? ''}`, params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? null };
}

/**
 * A command's response, or its refusal as a problem. A replay of an earlier request is
 * answered the same way, with `Idempotent-Replayed: true`. `fromPath` maps fields of the
 * command input that came from the URL (see rejectionProblem).
 */
export function answer<R>(outcome: CommandOutcome<R>, reply: FastifyReply, fromPath: Readonly<Record<string, string>> = {}): R {
  if (!outcome.ok) throw rejectionProblem(outcome.rejection, fromPath);
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return outcome.response;
}

/** Run a command for the request's account and answer with its response (see `answer`). */
export async function runCommand<I, S, R>(
  register: Register,
  command: CommandDefinition<I, S, R>,
  input: I,
  request: FastifyRequest,
  reply: FastifyReply,
  fromPath: Readonly<Record<string, string>> = {},
): Promise<R> {
  return answer(await execute(register, command, input, commandContext(request)), reply, fromPath);
}

/**
 * The saved response of an earlier command under this key, if any. Routes whose server
 * assigns ids (a new person's id and register number, an admission's id) reuse the ids of
 * that first attempt, so a retry is the same request and replays instead of being refused
 * as a reused key.
 */
export async function earlierResponse(q: Queryable, context: CommandContext, kind: string): Promise<Record<string, unknown> | null> {
  const { rows } = await q.query<{ response: Record<string, unknown> }>('SELECT response FROM command WHERE actor = $1 AND idempotency_key = $2 AND kind = $3', [context.actor, context.idempotencyKey, kind]);
  return rows[0]?.response ?? null;
}
