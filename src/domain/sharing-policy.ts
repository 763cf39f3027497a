/**
 * What the register shares with a state about its own nationals (issue 15; STANDARDS D, the
 * ICRC Handbook on Data Protection in Humanitarian Action: purpose limitation, minimisation,
 * a record of every sharing with another state). A state's data-sharing policy, kept on its
 * profile (state-profile.ts), lists the fields of a national's record that the state's liaison
 * officers may see — from a closed list — and the legal basis the sharing rests on.
 *
 * Without a recorded policy the minimum is shared: each national's register number, with
 * which the state can answer about a person, and nothing else; no legal basis is then claimed.
 */
import { filled } from './decision.ts';
import { reject, type Rejection } from './rejection.ts';

/**
 * The fields of a person's record a policy may share, in the order the lists and files show
 * them: names (every name record, with its script), date of birth, sex, nationalities,
 * languages, identity documents, custody status, the facility holding the person, their legal
 * status (untried, convicted), and the stage of their repatriation case to that state.
 */
export const sharedFields = ['names', 'date_of_birth', 'sex', 'nationalities', 'languages', 'documents', 'custody_status', 'facility', 'legal_status', 'case_stage'] as const;
export type SharedField = (typeof sharedFields)[number];

export const isSharedField = (value: string): value is SharedField => (sharedFields as readonly string[]).includes(value);

export interface SharingPolicy {
  /** The fields shared, besides the register number (always shared: it names the person). */
  readonly fields: readonly SharedField[];
  /** The legal basis: a treaty, an agreement, a law and its article. Null only for the minimal default. */
  readonly legal_basis: string | null;
}

/** What is shared with a state whose profile records no policy: register numbers only. */
export const minimalSharingPolicy: SharingPolicy = { fields: [], legal_basis: null };

export const maxLegalBasisLength = 1000;

/** The policy in force for a state: the one its profile records, or the minimal default. */
export function policyInForce(profile: { readonly sharing_policy?: SharingPolicy | null } | null): SharingPolicy {
  return profile?.sharing_policy ?? minimalSharingPolicy;
}

/**
 * What a recorded policy must be, at `field` (e.g. `/sharing_policy`): fields from the closed
 * list, each once, and a legal basis — a policy is a decision to share, and says on what ground.
 */
export function checkSharingPolicy(policy: { readonly fields: readonly string[]; readonly legal_basis: string | null }, field: string): Rejection | null {
  if (!Array.isArray(policy.fields)) return reject('invalid_value', `fields is a list of: ${sharedFields.join(', ')}`, `${field}/fields`);
  for (const [i, name] of policy.fields.entries()) {
    if (typeof name !== 'string' || !isSharedField(name)) return reject('invalid_value', `${String(name)} is not a field a state may be shown; the fields are: ${sharedFields.join(', ')}`, `${field}/fields/${i}`);
    if (policy.fields.indexOf(name) !== i) return reject('invalid_value', `${name} is listed twice: list each field once`, `${field}/fields/${i}`);
  }
  if (!filled(policy.legal_basis)) return reject('missing_item', 'a data-sharing policy names its legal basis (a treaty, an agreement, a law and its article)', `${field}/legal_basis`);
  if (policy.legal_basis.length > maxLegalBasisLength) return reject('invalid_value', `the legal basis is at most ${maxLegalBasisLength} characters`, `${field}/legal_basis`);
  return null;
}

/** A recorded policy as the log keeps it: fields in the closed list's order, the basis trimmed. */
export function normalSharingPolicy(policy: { readonly fields: readonly SharedField[]; readonly legal_basis: string }): SharingPolicy {
  return { fields: sharedFields.filter((f) => policy.fields.includes(f)), legal_basis: policy.legal_basis.trim() };
}

/** What one sharing showed of each person: the register number, and the policy's fields. */
export function fieldsShared(policy: SharingPolicy): string[] {
  return ['register_number', ...policy.fields];
}
