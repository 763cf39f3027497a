/**
 * Separation of duties for accounts (domain/account-request.ts): the write path's commands for
 * account requests, with what they write beside the log — the requested account's display name,
 * kept apart until a second administrator approves; then the account and its enrolment token,
 * or its new role or scope, its disabling or enabling, or its second factor removed, with their
 * lines in the account audit. The log holds only the username, the role, the scope, what was
 * asked, who asked and who approved or refused.
 */
import { approveAccountRequest, bootstrapAccount, refuseAccountRequest } from '../commands/approve-account-request.ts';
import { requestAccount } from '../commands/request-account.ts';
import type { AccountRequest } from '../domain/account-request.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { Queryable } from '../store/database.ts';
import { randomUUID } from 'node:crypto';
import { execute, type Register } from '../commands/execute.ts';
import { changeAccount, createAccount, insertAccount, revokeSessions, type Account, type NewAccount, type PasswordCost } from './accounts.ts';
import { issueEnrolmentToken, type IssuedToken } from './enrolment-token.ts';
import { auditAccount, removeFactor } from './second-factor.ts';

async function accountId(tx: Queryable, username: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM account WHERE username = $1', [username]);
  return rows[0]?.id ?? null;
}

/**
 * Ask for a new account; its display name waits beside the log. Nobody chooses its password: its
 * official sets one with the token issued at approval. (The detail table's password column,
 * from when the asker chose the first password, is left empty.)
 */
export function requestAccountWith(detail: { readonly displayName: string }): typeof requestAccount {
  return {
    ...requestAccount,
    async effect(tx, events) {
      const e = events[0] as LoggedEvent<'account.requested'>;
      await tx.query("INSERT INTO account_request_detail (request_id, display_name, password_hash, created_at) VALUES ($1, $2, '', $3)", [e.data.request_id, detail.displayName, e.recorded_at]);
    },
  };
}

/** What an approval does: make the account (with its enrolment token), or give or take away what was asked. */
async function grant(tx: Queryable, request: AccountRequest, approval: LoggedEvent, tokenHours: number): Promise<IssuedToken | null> {
  const by = await accountId(tx, approval.actor);
  const now = new Date(approval.recorded_at);
  if (request.change === 'create') {
    const { rows } = await tx.query<{ display_name: string }>('DELETE FROM account_request_detail WHERE request_id = $1 RETURNING display_name', [request.id]);
    const detail = rows[0];
    if (!detail) throw new Error(`account request ${request.id} has lost its detail`);
    const account = await insertAccount(
      tx,
      {
        username: request.username,
        displayName: detail.display_name,
        role: request.role!,
        passwordHash: null,
        ...(request.scope ? { scope: request.scope } : {}),
        ...(request.liaison_state ? { liaisonState: request.liaison_state } : {}),
      },
      now,
    );
    await auditAccount(tx, account.id, `created:${account.role}`, by, now);
    return issueEnrolmentToken(tx, account.id, { purpose: 'new_account', by, now, hours: tokenHours });
  }
  if (request.change === 'second_factor_reset') {
    const target = await accountId(tx, request.username);
    if (!target) throw new Error(`account request ${request.id}: no account "${request.username}"`);
    await removeFactor(tx, target, by, now);
    await revokeSessions(tx, target);
    return null;
  }
  const change =
    request.change === 'disable' ? { disabled: true }
    : request.change === 'enable' ? { disabled: false }
    : { ...(request.role ? { role: request.role } : {}), ...(request.scope ? { scope: request.scope } : {}) };
  const changed = await changeAccount(tx, request.username, change, { by: by!, now });
  if (!changed) throw new Error(`account request ${request.id}: no account "${request.username}"`);
  return null;
}

/**
 * Approve an account request: what it asked is in effect from this transaction's commit. A new
 * account's enrolment token is given to `issued`, for the approver to see once: it is neither in
 * the log nor in the command's saved response (a retry of the approval does not show it again).
 */
export function approveAccountRequestGranting(options: { readonly tokenHours: number; readonly issued: (token: IssuedToken) => void }): typeof approveAccountRequest {
  return {
    ...approveAccountRequest,
    async effect(tx, events, _input, state) {
      const token = await grant(tx, state.request!, events[0]!, options.tokenHours);
      if (token) options.issued(token);
    },
  };
}

/** Refuse (or withdraw) an account request: a requested account's display name is dropped with it. */
export const refuseAccountRequestDropping: typeof refuseAccountRequest = {
  ...refuseAccountRequest,
  async effect(tx, _events, _input, state) {
    if (state.request!.change === 'create') await tx.query('DELETE FROM account_request_detail WHERE request_id = $1', [state.request!.id]);
  },
};

/**
 * The console's bootstrap (`sijill user add`): while the register has fewer than two
 * administrators, an account is made at once, with the password typed at the console, as an
 * `account.bootstrapped` event (who: the console) in the transaction that writes it. A refusal
 * names its reason.
 */
export async function bootstrapAccountAtConsole(register: Register, input: NewAccount, options: { cost?: PasswordCost; now?: Date } = {}): Promise<Account> {
  let made: Account | undefined;
  const command: typeof bootstrapAccount = {
    ...bootstrapAccount,
    async effect(tx, events) {
      const now = new Date(events[0]!.recorded_at);
      made = await createAccount(tx, input, { ...options, now });
      await auditAccount(tx, made.id, `created:${made.role}`, null, now);
    },
  };
  const outcome = await execute(register, command, { username: input.username, role: input.role, scope: input.scope ?? null, liaison_state: input.liaisonState ?? null }, { actor: 'console', role: 'administrator', idempotencyKey: randomUUID() });
  if (!outcome.ok) throw new BootstrapRefused(outcome.rejection.message, outcome.rejection.code);
  return made!;
}

export class BootstrapRefused extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'BootstrapRefused';
  }
}
