/**
 * Account requests (domain/account-request.ts) as the projection keeps them, and what a request
 * is decided against. The account itself is not a projection: it holds a password hash, which
 * never enters the log. The API writes it (and what an approval grants or takes away) in the
 * same transaction as the approval's event, through the command's `effect`.
 */
import { createHash } from 'node:crypto';
import type { AccountRequest, AccountRequestState, AccountRequestStatus } from '../domain/account-request.ts';
import type { Role } from '../domain/permissions.ts';
import type { LoggedEvent } from '../domain/events.ts';
import { isUuid } from '../domain/values.ts';
import type { Queryable } from './database.ts';

export async function applyAccountRequestEvent(tx: Queryable, e: LoggedEvent): Promise<void> {
  if (e.kind === 'account.requested') {
    const d = e.data as LoggedEvent<'account.requested'>['data'];
    const r: AccountRequest = {
      id: d.request_id, change: d.change, username: d.username, role: d.role, scope: d.scope, liaison_state: d.liaison_state,
      requested_by: d.requested_by, requested_at: e.occurred_at, approved_by: null, approved_at: null, refused_by: null, refused_at: null,
    };
    await tx.query("INSERT INTO account_request (id, username, status, record, requested_idx) VALUES ($1, $2, 'awaiting_approval', $3::jsonb, $4)", [r.id, r.username, JSON.stringify(r), e.idx]);
    return;
  }
  if (e.kind === 'account.request_refused') {
    const d = e.data as LoggedEvent<'account.request_refused'>['data'];
    await tx.query(
      `UPDATE account_request SET status = 'refused', record = record || jsonb_build_object('refused_by', $2::text, 'refused_at', $3::text) WHERE id = $1`,
      [d.request_id, d.refused_by, e.occurred_at],
    );
    return;
  }
  const d = e.data as LoggedEvent<'account.approved'>['data'];
  await tx.query(
    `UPDATE account_request SET status = 'approved', record = record || jsonb_build_object('approved_by', $2::text, 'approved_at', $3::text) WHERE id = $1`,
    [d.request_id, d.approved_by, e.occurred_at],
  );
}

/**
 * Requests about one username run one after another, and after them whatever counts the
 * administrators (transaction-scoped advisory locks, always in this order: the username, then
 * the administrators' number — so a request, its approval and the console's bootstrap of the
 * same username never both pass, nor two approvals that each leave "enough" administrators).
 */
export async function lockAccountUsername(tx: Queryable, username: string): Promise<void> {
  for (const name of [username, '\0administrators']) {
    const key = createHash('sha256').update(`account\0${name}`).digest().readBigInt64BE(0);
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
  }
}

/** The username's account (role, whether disabled, whether it has a second factor: an authenticator app or a security key), whether a request about it waits, and how many administrators are enabled. */
export async function accountRequestState(q: Queryable, username: string): Promise<AccountRequestState> {
  const { rows } = await q.query<{ role: Role | null; disabled: boolean | null; factor: boolean | null; pending: boolean; administrators: number }>(
    `SELECT a.role, a.disabled_at IS NOT NULL AS disabled, (EXISTS (SELECT 1 FROM second_factor f WHERE f.account_id = a.id) OR EXISTS (SELECT 1 FROM security_key k WHERE k.account_id = a.id)) AS factor,
            EXISTS (SELECT 1 FROM account_request WHERE username = $1 AND status = 'awaiting_approval') AS pending,
            (SELECT count(*)::int FROM account WHERE role = 'administrator' AND disabled_at IS NULL) AS administrators
       FROM (SELECT 1) one LEFT JOIN account a ON a.username = $1`,
    [username],
  );
  const row = rows[0]!;
  return {
    account: row.role === null ? null : { role: row.role, disabled: row.disabled === true, secondFactor: row.factor === true },
    pendingRequest: row.pending,
    administrators: row.administrators,
  };
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

/**
 * Requests, those awaiting approval first, then the latest; only those of one status when given.
 * A page of them (`offset`, `limit`) and how many there are in all.
 */
export async function listAccountRequests(q: Queryable, options: { status?: AccountRequestStatus; offset?: number; limit?: number } = {}): Promise<{ requests: AccountRequest[]; total: number }> {
  const where = options.status ? 'WHERE status = $1' : '';
  const filter = options.status ? [options.status] : [];
  const { rows: counted } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_request ${where}`, filter);
  const { rows } = await q.query<{ record: AccountRequest }>(
    `SELECT record FROM account_request ${where} ORDER BY status <> 'awaiting_approval', requested_idx DESC OFFSET $${filter.length + 1} LIMIT $${filter.length + 2}`,
    [...filter, options.offset ?? 0, options.limit ?? 100],
  );
  return { requests: rows.map((r) => r.record), total: counted[0]!.n };
}

/**
 * Whether `approver` is an account that the administrator who asked for this request made, or
 * gave a role, through an approved request of their own — or that such an account did, and so
 * on. Such an account never approves its maker's requests.
 *
 * Until enrolment tokens, whoever asked for an account chose its first password and could hold it
 * still, so the account approving its maker's requests could be the same official twice. Now the
 * official sets their own password with a single-use token handed to them by the approver, and the
 * asker never learns it; the rule is kept as defence in depth: an administrator and those brought
 * in at their request remain two circles that check each other, and a token the asker somehow came
 * by (over the approver's shoulder) still buys them no second signature.
 */
export async function approverMadeByRequester(q: Queryable, requestId: string, approver: string): Promise<boolean> {
  const { rows } = await q.query<{ made: boolean }>(
    `WITH RECURSIVE made (username) AS (
       SELECT g.username FROM account_request g, account_request r
        WHERE r.id = $1 AND g.status = 'approved' AND g.record->>'requested_by' = r.record->>'requested_by'
          AND (g.record->>'change' = 'create' OR g.record->>'role' IS NOT NULL)
       UNION
       SELECT g.username FROM account_request g JOIN made m ON g.record->>'requested_by' = m.username
        WHERE g.status = 'approved' AND (g.record->>'change' = 'create' OR g.record->>'role' IS NOT NULL)
     )
     SELECT EXISTS (SELECT 1 FROM made WHERE username = $2) AS made`,
    [requestId, approver],
  );
  return rows[0]?.made === true;
}
