/**
 * Account requests (domain/account-request.ts) as the projection keeps them, and what a request
 * is decided against. The account itself is not a projection: it holds a password hash, which
 * never enters the log. The API writes it (and the role or scope an approval grants) in the
 * same transaction as the approval's event, through the command's `effect`.
 */
import { createHash } from 'node:crypto';
import type { AccountRequest, AccountRequestState } from '../domain/account-request.ts';
import type { LoggedEvent } from '../domain/events.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

export async function applyAccountRequestEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  if (e.kind === 'account.requested') {
    const d = e.data as LoggedEvent<'account.requested'>['data'];
    const r: AccountRequest = {
      id: d.request_id, change: d.change, username: d.username, role: d.role, scope: d.scope, liaison_state: d.liaison_state,
      requested_by: d.requested_by, requested_at: e.occurred_at, approved_by: null, approved_at: null,
    };
    await tx.query('INSERT INTO account_request (id, username, approved, record, requested_idx) VALUES ($1, $2, false, $3::jsonb, $4)', [r.id, r.username, JSON.stringify(r), e.idx]);
    return;
  }
  const d = e.data as LoggedEvent<'account.approved'>['data'];
  await tx.query(
    `UPDATE account_request SET approved = true, record = record || jsonb_build_object('approved_by', $2::text, 'approved_at', $3::text) WHERE id = $1`,
    [d.request_id, d.approved_by, e.occurred_at],
  );
}

/** Requests about one username run one after another (a transaction-scoped advisory lock). */
export async function lockAccountUsername(tx: Queryable, username: string): Promise<void> {
  const key = createHash('sha256').update(`account\0${username}`).digest().readBigInt64BE(0);
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
}

/** Whether the username has an account, and whether a request about it awaits approval. */
export async function accountRequestState(q: Queryable, username: string): Promise<AccountRequestState> {
  const { rows } = await q.query<{ account: boolean; pending: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM account WHERE username = $1) AS account,
            EXISTS (SELECT 1 FROM account_request WHERE username = $1 AND NOT approved) AS pending`,
    [username],
  );
  return { accountExists: rows[0]!.account, pendingRequest: rows[0]!.pending };
}

export async function loadAccountRequest(q: Queryable, id: string): Promise<AccountRequest | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ record: AccountRequest }>('SELECT record FROM account_request WHERE id = $1', [id]);
  return rows[0]?.record ?? null;
}

/** The username a request is about (to lock it before loading), or null. */
export async function accountRequestUsername(q: Queryable, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<{ username: string }>('SELECT username FROM account_request WHERE id = $1', [id]);
  return rows[0]?.username ?? null;
}

/** Every request, those awaiting approval first, then the latest. */
export async function listAccountRequests(q: Queryable): Promise<AccountRequest[]> {
  const { rows } = await q.query<{ record: AccountRequest }>('SELECT record FROM account_request ORDER BY approved, requested_idx DESC');
  return rows.map((r) => r.record);
}

/** How many enabled administrator accounts the register has. */
export async function administratorCount(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM account WHERE role = 'administrator' AND disabled_at IS NULL");
  return rows[0]!.n;
}

/**
 * Whether `approver` is an account that the administrator who asked for this request made, or
 * gave a role, through an approved request of their own — or that such an account did, and so
 * on. Whoever asked for an account chose its first password and may hold it still: such an
 * account approving its maker's requests would be the same official twice.
 */
export async function approverMadeByRequester(q: Queryable, requestId: string, approver: string): Promise<boolean> {
  const { rows } = await q.query<{ made: boolean }>(
    `WITH RECURSIVE made (username) AS (
       SELECT g.username FROM account_request g, account_request r
        WHERE r.id = $1 AND g.approved AND g.record->>'requested_by' = r.record->>'requested_by'
          AND (g.record->>'change' = 'create' OR g.record->>'role' IS NOT NULL)
       UNION
       SELECT g.username FROM account_request g JOIN made m ON g.record->>'requested_by' = m.username
        WHERE g.approved AND (g.record->>'change' = 'create' OR g.record->>'role' IS NOT NULL)
     )
     SELECT EXISTS (SELECT 1 FROM made WHERE username = $2) AS made`,
    [requestId, approver],
  );
  return rows[0]?.made === true;
}
