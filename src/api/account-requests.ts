/**
 * Separation of duties for accounts (domain/account-request.ts): the write path's commands for
 * account requests, with what they write beside the log — the requested account's display name
 * and password hash, kept apart until a second administrator approves; then the account, or its
 * new role or scope, with its line in the account audit. The log holds only the username, the
 * role, the scope, who asked and who approved.
 */
import { approveAccountRequest, bootstrapAccount } from '../commands/approve-account-request.ts';
import { requestAccount } from '../commands/request-account.ts';
import type { AccountRequest } from '../domain/account-request.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { Queryable } from '../store/database.ts';
import { randomUUID } from 'node:crypto';
import { execute, type Register } from '../commands/execute.ts';
import { changeAccount, createAccount, insertAccount, type Account, type NewAccount, type PasswordCost } from './accounts.ts';
import { auditAccount } from './second-factor.ts';

async function accountId(tx: Queryable, username: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM account WHERE username = $1', [username]);
  return rows[0]?.id ?? null;
}

/** Ask for a new account; its display name and password hash wait beside the log. */
export function requestAccountWith(detail: { readonly displayName: string; readonly passwordHash: string }): typeof requestAccount {
  return {
    ...requestAccount,
    async effect(tx, events) {
      const e = events[0] as LoggedEvent<'account.requested'>;
      await tx.query('INSERT INTO account_request_detail (request_id, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4)', [e.data.request_id, detail.displayName, detail.passwordHash, e.recorded_at]);
    },
  };
}

/** What an approval does: make the account, or give it its new role or scope (its sessions end on a new role). */
async function grant(tx: Queryable, request: AccountRequest, approval: LoggedEvent): Promise<void> {
  const by = await accountId(tx, approval.actor);
  const now = new Date(approval.recorded_at);
  if (request.change === 'create') {
    const { rows } = await tx.query<{ display_name: string; password_hash: string }>('DELETE FROM account_request_detail WHERE request_id = $1 RETURNING display_name, password_hash', [request.id]);
    const detail = rows[0];
    if (!detail) throw new Error(`account request ${request.id} has lost its detail`);
    const account = await insertAccount(
      tx,
      {
        username: request.username,
        displayName: detail.display_name,
        role: request.role!,
        passwordHash: detail.password_hash,
        ...(request.scope ? { scope: request.scope } : {}),
        ...(request.liaison_state ? { liaisonState: request.liaison_state } : {}),
      },
      now,
    );
    await auditAccount(tx, account.id, `created:${account.role}`, by, now);
    return;
  }
  const changed = await changeAccount(tx, request.username, { ...(request.role ? { role: request.role } : {}), ...(request.scope ? { scope: request.scope } : {}) }, { by: by!, now });
  if (!changed) throw new Error(`account request ${request.id}: no account "${request.username}"`);
}

/** Approve an account request: the account, or its new role or scope, is in effect from this transaction's commit. */
export const approveAccountRequestGranting: typeof approveAccountRequest = {
  ...approveAccountRequest,
  effect: (tx, events, _input, request) => grant(tx, request!, events[0]!),
};

/**
 * The console's bootstrap (`sijill user add`): while the register has fewer than two
 * administrators, an account is made at once, as an `account.bootstrapped` event (who: the
 * console) in the transaction that writes it. A refusal names its reason.
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
