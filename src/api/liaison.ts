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
import type { RepatriationListEntry, RepatriationView } from '../queries/repatriation-file.ts';
import type { Queryable } from '../store/database.ts';

/** A liaison officer's account: its state (null: bound to none, who sees nothing) and the policy in force for it. */
export interface Liaison {
  readonly state: string | null;
  readonly policy: SharingPolicy;
}

/**
 * A repatriation case as its reader is shown it. For anyone but a liaison officer it is the
 * whole case; for a liaison, what `caseAsShared` leaves: a field the state's policy does not
 * share is null (the court blockers and permissions) or empty (what is never shared).
 */
export type RepatriationCaseShown = Omit<RepatriationView, 'blockers' | 'court_permissions'> & {
  readonly blockers: RepatriationView['blockers'] | null;
  readonly court_permissions: RepatriationView['court_permissions'] | null;
  /** Only on a liaison officer's case: what was shown, as the sharing record names it. */
  readonly shared?: readonly string[];
};
export type RepatriationListEntryShown = Omit<RepatriationListEntry, 'blocked'> & { readonly blocked: boolean | null };

/**
 * What a liaison officer is shown of a repatriation case of its state, as the sharing record
 * names it: the register number and the case as the state is party to it — its stage and its
 * own steps (the requests to it, its answers and their clock, the nationality it confirmed, the
 * decision's outcome and the assurances it gave, its withdrawal, the travel to it, the closing,
 * the family group's members of its nationality by register number) — and, when its policy
 * shares `legal_status`, the person's open cases before Iraqi courts that block travel and the
 * courts' permissions (legal status, not `case_stage`: that field is the repatriation case's own
 * stage, which the state is always shown as a party to it).
 */
export function caseFieldsShared(policy: SharingPolicy): string[] {
  return ['register_number', 'repatriation_case', ...(policy.fields.includes('legal_status') ? ['legal_status'] : [])];
}

/**
 * A repatriation case trimmed to what `policy` shares with the state (STANDARDS D: minimisation).
 * Never shared, whatever the policy: the safeguards assessment and its review (the risks the
 * person runs in that very state), the person's words in a refusal to return, a child's
 * best-interests assessment and guardian, the consular notification (the person's wish about
 * the state's own consulate), the contacts after the return and who made them, the reasons of
 * a decision, the case's internal history. The case carries no facility, no date of birth and
 * no name (names are shown through the nationals' read, which applies the policy itself).
 */
export function caseAsShared(view: RepatriationView, policy: SharingPolicy): RepatriationCaseShown {
  const legal = policy.fields.includes('legal_status');
  return {
    ...view,
    reason: '',
    assessment: null,
    review: null,
    decision: view.decision ? { ...view.decision, reasons: null } : null,
    person_refusal: view.person_refusal ? { refused_at: view.person_refusal.refused_at, statement: '' } : null,
    best_interests: null,
    guardian: null,
    consular: null,
    consular_clock: null,
    contacts: [],
    history: [],
    family: view.family ? { ...view.family, evidence: '' } : null,
    blockers: legal ? view.blockers : null,
    court_permissions: legal ? view.court_permissions : null,
    shared: caseFieldsShared(policy),
  };
}

/** A list's entry as a liaison officer is shown it: whether a court case blocks travel only when the policy shares `legal_status`. */
export function listEntryAsShared(entry: RepatriationListEntry, policy: SharingPolicy): RepatriationListEntryShown {
  return policy.fields.includes('legal_status') ? entry : { ...entry, blocked: null };
}

/** Each request's liaison officer, once looked up (the scope check and the handler both ask). */
const looked = new WeakMap<FastifyRequest, Liaison | null>();

/**
 * The liaison officer behind a request, or null when the account is not bound to a state by its
 * role: the one reading of a liaison's state, for the scope check (api/scope.ts) and the
 * handlers alike, looked up once per request.
 */
export async function liaisonOf(q: Queryable, request: FastifyRequest): Promise<Liaison | null> {
  const known = looked.get(request);
  if (known !== undefined) return known;
  const account = request.account!;
  let liaison: Liaison | null = null;
  if (stateBoundRoles.includes(account.role)) {
    // The account's state and that state's policy, in one look-up.
    const { rows } = await q.query<{ liaison_state: string | null; sharing_policy: SharingPolicy | null }>(
      'SELECT a.liaison_state, s.sharing_policy FROM account a LEFT JOIN state_profile s ON s.state = a.liaison_state WHERE a.id = $1',
      [account.id],
    );
    const state = rows[0]?.liaison_state ?? null;
    liaison = { state, policy: policyInForce(state ? { sharing_policy: rows[0]!.sharing_policy } : null) };
  }
  looked.set(request, liaison);
  return liaison;
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
