/**
 * The states of nationality, as the repatriation desk needs to know them (issue 15): for each
 * state, by its ISO 3166-1 alpha-2 code (the codes the register's nationalities use,
 * values.ts), whether its consular post is told of a national's detention on the person's
 * request or always (VCCR 36, BP16(2); mandatory where a bilateral treaty says so), whether
 * it applies the death penalty (an approval of a return there then needs an assurance against
 * it: repatriation.ts), the liaison contacts the desk writes to, and its data-sharing policy:
 * what its liaison officers see of its nationals, and on what legal basis (sharing-policy.ts).
 *
 * A profile is register data: recorded through the write path (`state.profile_recorded`),
 * each recording the whole profile as it now stands, so the log keeps every earlier one. A
 * recording without a data-sharing policy leaves the state with the minimal default.
 */
import { filled, type Decision, type DecisionContext } from './decision.ts';
import { newEvent } from './events.ts';
import { reject } from './rejection.ts';
import { checkSharingPolicy, normalSharingPolicy, type SharedField, type SharingPolicy } from './sharing-policy.ts';
import { isCountryCode } from './values.ts';

/** The state that keeps this register: nobody is repatriated to it. */
export const registerState = 'IQ';

export const consularNotificationPolicies = ['on_request', 'mandatory'] as const;
export type ConsularNotificationPolicy = (typeof consularNotificationPolicies)[number];

export interface LiaisonContact {
  readonly name: string;
  /** The post or office, e.g. "Embassy in Baghdad, consular section". */
  readonly post: string;
  /** Telephone, address or official e-mail. */
  readonly contact: string;
}

/** A state's profile as recorded. */
export interface StateProfile {
  readonly state: string;
  readonly consular_notification: ConsularNotificationPolicy;
  readonly applies_death_penalty: boolean;
  readonly liaison_contacts: readonly LiaisonContact[];
  /** What its liaison officers see of its nationals; absent or null: the minimal default (sharing-policy.ts). */
  readonly sharing_policy?: SharingPolicy | null;
}

export const maxLiaisonContacts = 20;

/** Check an ISO 3166-1 alpha-2 code of a foreign state, at `field`. */
export function checkForeignState(code: string, field: string) {
  if (!isCountryCode(code)) return reject('invalid_value', `${code} is not an ISO 3166-1 alpha-2 code of a state (two capital letters, e.g. FR, TN)`, field);
  if (code === registerState) return reject('invalid_value', `${registerState} is the state that keeps this register: nobody is repatriated to it`, field);
  return null;
}

/** Record a state's profile: its consular-notification policy, the death penalty, its liaison contacts. */
export function decideRecordStateProfile(input: StateProfile, ctx: DecisionContext): Decision {
  const bad = checkForeignState(input.state, '/state');
  if (bad) return bad;
  if (!consularNotificationPolicies.includes(input.consular_notification)) {
    return reject('invalid_value', `consular_notification is one of: ${consularNotificationPolicies.join(', ')}`, '/consular_notification');
  }
  if (typeof input.applies_death_penalty !== 'boolean') return reject('invalid_value', 'applies_death_penalty is true or false', '/applies_death_penalty');
  if (input.liaison_contacts.length > maxLiaisonContacts) return reject('invalid_value', `at most ${maxLiaisonContacts} liaison contacts`, '/liaison_contacts');
  for (const [i, c] of input.liaison_contacts.entries()) {
    for (const field of ['name', 'post', 'contact'] as const) {
      if (!filled(c[field])) return reject('missing_item', `a liaison contact gives its ${field}`, `/liaison_contacts/${i}/${field}`);
    }
  }
  const policy = input.sharing_policy ?? null;
  if (policy) {
    const bad = checkSharingPolicy(policy, '/sharing_policy');
    if (bad) return bad;
  }
  return [
    newEvent('state.profile_recorded', null, ctx.now, {
      state: input.state,
      consular_notification: input.consular_notification,
      applies_death_penalty: input.applies_death_penalty,
      liaison_contacts: input.liaison_contacts.map((c) => ({ name: c.name.trim(), post: c.post.trim(), contact: c.contact.trim() })),
      ...(policy ? { sharing_policy: normalSharingPolicy({ fields: policy.fields as readonly SharedField[], legal_basis: policy.legal_basis! }) } : {}),
    }),
  ];
}
