/**
 * A state's liaison officer as the API serves them (issue 15): the state its account is bound
 * to, the data-sharing policy in force for that state (domain/sharing-policy.ts), and the
 * reader of its reads — a reader that names the state, the legal basis and the fields, so the
 * read audit writes the sharing record with the read (queries/personal-read.ts).
 */
import type { FastifyRequest } from 'fastify';
import { stateBoundRoles } from '../domain/permissions.ts';
import { fieldsShared, policyInForce, type SharingPolicy } from '../domain/sharing-policy.ts';
import type { Reader } from '../queries/personal-read.ts';
import type { Queryable } from '../store/database.ts';

/** A liaison officer's account: its state (null: bound to none, who sees nothing) and the policy in force for it. */
export interface Liaison {
  readonly state: string | null;
  readonly policy: SharingPolicy;
}

/** What a liaison officer is shown of a repatriation case of its state: the case as the state is party to it. */
export const caseFieldsShared: readonly string[] = ['register_number', 'repatriation_case'];

/** The liaison officer behind a request, or null when the account is not bound to a state by its role. */
export async function liaisonOf(q: Queryable, request: FastifyRequest): Promise<Liaison | null> {
  const account = request.account!;
  if (!stateBoundRoles.includes(account.role)) return null;
  // The account's state and that state's policy, in one look-up.
  const { rows } = await q.query<{ liaison_state: string | null; sharing_policy: SharingPolicy | null }>(
    'SELECT a.liaison_state, s.sharing_policy FROM account a LEFT JOIN state_profile s ON s.state = a.liaison_state WHERE a.id = $1',
    [account.id],
  );
  const state = rows[0]?.liaison_state ?? null;
  return { state, policy: policyInForce(state ? { sharing_policy: rows[0]!.sharing_policy } : null) };
}

/**
 * The reader of a read by `request`'s account: for a liaison officer bound to a state, one that
 * records the sharing with that state (the policy's fields unless `fields` says what else was
 * shown); for anyone else, a plain audited reader.
 */
export function readerFor(request: FastifyRequest, liaison: Liaison | null, purpose: string, now: Date, fields?: readonly string[]): Reader {
  const reader = { accountId: request.account!.id, purpose, now };
  if (!liaison?.state) return reader;
  return { ...reader, sharing: { state: liaison.state, legalBasis: liaison.policy.legal_basis, fields: fields ?? fieldsShared(liaison.policy) } };
}
