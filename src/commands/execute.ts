/**
 * The write path (DESIGN 3.1). Every command goes through `execute`:
 * open a transaction → idempotency → lock subjects → load state → the domain decides
 * (events or a rejection) → append events to the log → apply projections → record the
 * command → commit. Either all of it is written or none.
 */
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';
import { defaultDeadlines, type Deadlines, type Decision, type DecisionContext } from '../domain/decision.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { DateOfBirth } from '../domain/values.ts';
import type { RegisterPerson } from '../domain/person.ts';
import type { Role } from '../domain/permissions.ts';
import { isRejection, reject, type Rejection } from '../domain/rejection.ts';
import { retryableSqlStates, sqlState, type Database, type Queryable } from '../store/database.ts';
import { appendEvents, EventTooLarge } from '../store/event-log.ts';
import { applyEvents } from '../store/projections.ts';
import { clockRules } from '../store/clock-projection.ts';
import { timed, timedSync, type StageTimes } from '../store/stage-times.ts';

/** Who runs a command, and under which idempotency key. */
export interface CommandContext {
  readonly actor: string;
  readonly role: Role;
  /** A retry with the same key and the same request returns the first result. */
  readonly idempotencyKey: string;
  /**
   * The request as the client sent it (route, path parameters, query, body), when it came over
   * HTTP: a retry is recognised by it, not by the command input, which also holds what the
   * server assigned (a new person's id and register number) and so differs between two
   * attempts that raced. Without it, the command input is compared.
   */
  readonly request?: unknown;
}

/** What a command may ask of the register's identity index (src/queries/identity-index.ts). */
export interface IdentityLookup {
  apply(events: readonly LoggedEvent[]): void;
  search(
    query: { name: string; dob?: DateOfBirth; nationalities?: readonly string[]; sex?: string; motherName?: string },
    top: number,
    q?: Queryable,
  ): Promise<{ query: unknown; candidates: readonly { id: string; score: number; viaAlias?: string; explanation?: unknown }[] }>;
  /**
   * One page of the matches for a name, explained, and how many persons match (counted up
   * to `countUpTo`; `more` when more than counted were found).
   */
  searchPage(
    query: Parameters<IdentityLookup['search']>[0],
    page: { offset: number; limit: number; countUpTo: number },
    q?: Queryable,
  ): Promise<{ query: unknown; candidates: readonly { id: string; score: number; viaAlias?: string; explanation?: unknown }[]; total: number; more: boolean }>;
  /**
   * Many look-ups at once, the log read once; explanations only when asked for (default: yes),
   * and with `explainFrom` only for candidates scoring at least that.
   */
  searchMany(
    queries: readonly Parameters<IdentityLookup['search']>[0][],
    top: number,
    q?: Queryable,
    options?: { explain?: boolean; explainFrom?: number },
  ): Promise<readonly (readonly { id: string; score: number; explanation?: unknown }[])[]>;
  /**
   * Likely duplicates of persons registered together, each as if registered one by one in
   * order (against the register and the batch's earlier persons), best first.
   */
  searchBatch(
    persons: readonly Pick<RegisterPerson, 'person_id' | 'names' | 'dob' | 'nationalities' | 'sex'>[],
    top: number,
    q?: Queryable,
  ): Promise<readonly (readonly { id: string; score: number; explanation?: unknown }[])[]>;
}

export interface Register {
  readonly db: Database;
  /** The identity index, where the register keeps one: registrations consult it for duplicates. */
  readonly identity?: IdentityLookup;
  readonly deadlines?: Deadlines;
  /** The clock; tests may fix it. */
  readonly clock?: () => Date;
  /** Told of every committed batch of events (the identity index and the ledger listen). */
  readonly onCommitted?: (events: readonly LoggedEvent[]) => void;
  /**
   * Where the time of each command goes, stage by stage, summed (the benchmark asks; the
   * register never keeps one). Stages: idempotency, lock, load, decide, append (and its
   * parts, see appendEvents), projections, command record, commit, identity index.
   */
  readonly stages?: StageTimes;
}

/** A command: how to lock and load its subjects, and which domain rule decides it. */
export interface CommandDefinition<I, S, R> {
  readonly kind: string;
  lock(tx: Queryable, input: I): Promise<void>;
  load(tx: Queryable, input: I, register: Register): Promise<S>;
  /** `actor` is the account running the command: some rules depend on who asks (approver ≠ creator). */
  decide(state: S, input: I, ctx: DecisionContext & { readonly role: Role; readonly actor: string }): Decision;
  respond(events: readonly LoggedEvent[], input: I, state: S): R;
  /**
   * What must be written with the events but never goes in the log (an account's password
   * hash: account-requests.ts), in the same transaction, after the projections. Most commands
   * have none.
   */
  effect?(tx: Queryable, events: readonly LoggedEvent[], input: I, state: S): Promise<void>;
}

export type CommandOutcome<R> =
  | { readonly ok: true; readonly response: R; readonly replayed: boolean }
  | { readonly ok: false; readonly rejection: Rejection };

class Refused extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/** The request a key stands for, as RFC 8785 canonical JSON: the order of fields does not matter. */
function requestHash(kind: string, input: unknown, request: unknown): Buffer {
  const asked = request === undefined ? { kind, input } : { kind, request };
  return createHash('sha256').update(canonicalJson(asked)).digest();
}

/**
 * One actor's key is used by one transaction at a time: a transaction-scoped advisory lock on
 * hash(actor, key), taken before the key is looked up. A retry sent while the first attempt
 * runs waits for it, then finds its saved response (READ COMMITTED: the look-up after the
 * wait sees the commit) instead of deciding again against the state the first one changed.
 */
async function lockIdempotencyKey(tx: Queryable, ctx: CommandContext): Promise<void> {
  const key = createHash('sha256').update(`idempotency\0${ctx.actor}\0${ctx.idempotencyKey}`).digest().readBigInt64BE(0);
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
}

const uniqueViolation = '23505';

/** Run a command through the write path. */
export async function execute<I, S, R>(register: Register, command: CommandDefinition<I, S, R>, input: I, ctx: CommandContext): Promise<CommandOutcome<R>> {
  const times = register.stages;
  const hash = timedSync(times, 'idempotency', () => requestHash(command.kind, input, ctx.request));
  for (let attempt = 1; ; attempt++) {
    try {
      let bodyEnded = 0;
      const result = await register.db.transaction(async (tx) => {
        const seen = await timed(times, 'idempotency', async () => {
          await lockIdempotencyKey(tx, ctx);
          return tx.query<{ request_hash: Uint8Array; response: R }>('SELECT request_hash, response FROM command WHERE actor = $1 AND idempotency_key = $2', [ctx.actor, ctx.idempotencyKey]);
        });
        if (seen.rows[0]) {
          if (!Buffer.from(seen.rows[0].request_hash).equals(hash)) {
            throw new Refused(reject('idempotency_key_reused', 'this idempotency key was used for another request; use a new key for a new request', '/idempotency_key'));
          }
          return { response: seen.rows[0].response, replayed: true, events: [] as LoggedEvent[] };
        }
        await timed(times, 'lock', () => command.lock(tx, input));
        const state = await timed(times, 'load', () => command.load(tx, input, register));
        const now = (register.clock ?? (() => new Date()))().toISOString();
        const decision = timedSync(times, 'decide', () => command.decide(state, input, { now, newId: randomUUID, deadlines: register.deadlines ?? defaultDeadlines, utcOffsetMinutes: clockRules().utcOffsetMinutes, role: ctx.role, actor: ctx.actor }));
        if (isRejection(decision)) throw new Refused(decision);
        const events = await timed(times, 'append', () => appendEvents(tx, decision, { actor: ctx.actor, idempotencyKey: ctx.idempotencyKey, recordedAt: now }, { times }));
        await timed(times, 'projections', () => applyEvents(tx, events, times));
        if (command.effect) await command.effect(tx, events, input, state);
        const response = await timed(times, 'command record', async () => {
          const response = command.respond(events, input, state);
          await tx.query(
            'INSERT INTO command (idempotency_key, kind, actor, request_hash, response, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)',
            [ctx.idempotencyKey, command.kind, ctx.actor, hash, JSON.stringify(response), now],
          );
          return response;
        });
        if (times) bodyEnded = performance.now();
        return { response, replayed: false, events };
      });
      if (times && bodyEnded) times.add('commit', performance.now() - bodyEnded);
      if (result.events.length) {
        timedSync(times, 'identity index', () => register.identity?.apply(result.events));
        register.onCommitted?.(result.events);
      }
      return { ok: true, response: result.response, replayed: result.replayed };
    } catch (error) {
      if (error instanceof Refused) return { ok: false, rejection: error.rejection };
      if (error instanceof EventTooLarge) return { ok: false, rejection: error.rejection };
      const state = sqlState(error);
      const lostRace = state !== undefined && (retryableSqlStates.has(state) || state === uniqueViolation);
      if (lostRace && attempt < 4) continue;
      if (state === uniqueViolation) return { ok: false, rejection: reject('duplicate', 'this record already exists (a concurrent request made it)', '/') };
      throw error;
    }
  }
}

/** The usual response: the events a command wrote. */
export function eventSummary(events: readonly LoggedEvent[]) {
  return events.map((e) => ({ idx: e.idx, event_id: e.event_id, kind: e.kind }));
}
