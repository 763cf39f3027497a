/**
 * Roles and what each may do. Every API route and every command names one permission;
 * anything not granted here is denied.
 */
export const roles = ['registration_clerk', 'facility_officer', 'supervisor', 'auditor', 'administrator', 'judge', 'court_clerk', 'information_officer', 'visitor', 'liaison', 'oversight'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'person.read',
  'person.register',
  'person.correct',
  'custody.admit',
  'custody.move',
  'custody.exit',
  'custody.override_capacity',
  'facility.read',
  'facility.manage',
  'transfer.read',
  'transfer.manage',
  'transfer.approve',
  'transfer.dispatch',
  'transfer.receive',
  'audit.read',
  'account.manage',
  'log.read_entries',
  'rollcall.read',
  'rollcall.run',
  'rollcall.sign_off',
  'case.read',
  'case.manage',
  'case.decide',
  'case.counsel_visit',
  'custody.segregate',
  'repatriation.read',
  'repatriation.manage',
  'repatriation.answer',
  'repatriation.assess',
  'repatriation.decide',
  'repatriation.manage_states',
  'nationals.read',
  'sharing.read',
  'complaint.read',
  'complaint.record',
  'complaint.answer',
  'allegation.record',
  'allegation.refer',
  'evidence.freeze',
  'own_file.disclose',
  'inforequest.read',
  'inforequest.manage',
  'restriction.read',
  'restriction.request',
  'restriction.approve',
  'oversight.read',
  'visit.read',
  'visit.manage',
  'visit.manage_bodies',
  'visit.notification_list',
  'visit.register_read',
  'figures.prepare',
  'figures.approve',
  'custody_life.read',
  'custody_life.record',
  'custody_life.decide',
  'custody_life.appeal_decide',
] as const;
export type Permission = (typeof permissions)[number];

// Transfers: officers at the gates draw up orders, dispatch and receive; a supervisor
// approves (never their own order: transfer.ts); clerks and auditors read.
// Roll calls: officers open, count, reconcile and resolve; a supervisor who took no part in
// the count signs it off (roll-call.ts); auditors read the reports.
// Cases (ICPPED 17(3): the register is made available to judicial authorities): a court clerk
// opens case files and enters charges, counsel, appearances, hearings, interrogations and
// orders, which wait for a judge's confirmation (case-order.ts); only a judge confirms orders,
// extends the first appearance, and records verdicts, sentences and appeal decisions. Both
// read persons: which persons (those before their court) is the account's scope, not yet
// applied. Facility officers record counsel visits and segregation, and read cases.
// Repatriation (issue 15; the repatriation desk and the liaison accounts of states come later):
// facility officers, who hold the foreign nationals, open cases and record the requests to the
// states, their answers, the nationality confirmed, a person's refusal, a withdrawal and the
// closing (manage); officers and supervisors assess the risks and review another official's
// assessment (assess: repatriation.ts refuses the assessor as reviewer or approver); only a
// supervisor decides, as a supervisor approves transfers; auditors and monitors read. States'
// profiles are reference data kept by supervisors and administrators, as facilities are. A
// court's decision permitting travel is entered from a judge's account (case.decide).
// A state's answer to a request and its confirmation of a nationality (answer) are recorded by
// the desk's officers, or by the liaison officer of that state: a `liaison` account is bound to
// one state (its account's liaison state) and reads and answers only the repatriation cases of
// that state — the scope is applied in every query (api/routes/repatriations.ts), so a liaison
// of one state learns nothing of another's nationals, not even that they exist. A liaison also
// lists, searches and downloads its state's nationals, seeing of each only the fields the state's
// data-sharing policy allows (nationals.read; api/routes/nationals.ts), and every such read is a
// sharing recorded with its legal basis (STANDARDS D). The record of sharings is read by those
// who audit the register: auditors, administrators and oversight (sharing.read).
// Complaints and allegations (issue 16): officers and supervisors record requests and
// complaints, supervisors answer them; a confidential complaint (MR56(3)) is read and answered by
// `oversight` alone (complaint.ts refuses the facility's roles by name), which also records the
// complaints made to it directly; anyone who hears an allegation of torture or
// ill-treatment records it (allegation.record: every role that meets detainees or their
// files); the referral is taken up and closed only by `oversight`, the authority independent
// of the facility (allegation.refer; allegation.ts also refuses any other role by name).
// Supervisors freeze records as evidence after a disappearance or a serious injury, and give
// the detainee or counsel their own file with its redactions (MR9).
// Information requests (ICPPED 18, 20; issue 16): information officers record relatives',
// counsel's and representatives' requests, look the person up, answer, and ask for a
// restriction of an answer; the requester's identity is theirs and oversight's to see, never the
// facility's (no facility role holds inforequest.read). Supervisors may request restrictions
// too; a supervisor approves one, never the official who requested it (restriction.ts). Oversight — an authority independent of the
// facilities — reads the requests, the restrictions and every answer that withheld something.
// Independent visits (BP29, CIHL 124; visit.ts): supervisors and administrators keep the visiting
// bodies (reference data, as facilities); facility officers and supervisors open visits, record
// the persons seen, refuse or defer access (with a reason, an authority and an end date), and
// draw up the notification lists for the bodies; oversight and auditors read all of it, every
// refusal included. A visitor (an account bound to a body, migration 0008) holds one permission:
// the register of the facility an accredited visit of their body is open at, now
// (visitorFacility); everything else is denied.
// Custody life (STANDARDS B; classification.ts, discipline.ts): facility officers and supervisors
// assess classifications, record a detainee's contest, charge disciplinary offences and record a
// detainee's appeal (record); a supervisor decides a contest (never the assessor's own:
// classification.ts), holds the disciplinary hearing and imposes the sanction (decide); an appeal
// against a sanction is decided by `oversight` alone, the authority independent of the facility
// (appeal_decide; discipline.ts also refuses any other role by name). Auditors and oversight read.
// Public figures (issue 17): a supervisor prepares a publication of the register's figures and
// another supervisor approves it (figures-publication.ts refuses the preparer as approver);
// published figures are public (no login). No statistician role yet: supervisors already see
// the whole register the figures are computed from, and must log in with a second factor.
export const grants: Readonly<Record<Role, readonly Permission[]>> = {
  registration_clerk: ['person.read', 'person.register', 'custody.admit', 'facility.read', 'transfer.read', 'allegation.record'],
  facility_officer: ['person.read', 'person.register', 'custody.admit', 'custody.move', 'custody.exit', 'facility.read', 'transfer.read', 'transfer.manage', 'transfer.dispatch', 'transfer.receive',
    'rollcall.read', 'rollcall.run', 'case.read', 'case.counsel_visit', 'custody.segregate', 'repatriation.read', 'repatriation.manage', 'repatriation.answer', 'repatriation.assess',
    'complaint.read', 'complaint.record', 'allegation.record', 'visit.read', 'visit.manage', 'visit.notification_list', 'custody_life.read', 'custody_life.record'],
  supervisor: [
    'person.read', 'person.register', 'person.correct', 'custody.admit', 'custody.move', 'custody.exit', 'custody.override_capacity', 'facility.read', 'facility.manage', 'audit.read',
    'transfer.read', 'transfer.manage', 'transfer.approve', 'transfer.dispatch', 'transfer.receive', 'log.read_entries',
    'rollcall.read', 'rollcall.run', 'rollcall.sign_off', 'case.read', 'case.counsel_visit', 'custody.segregate',
    'repatriation.read', 'repatriation.manage', 'repatriation.answer', 'repatriation.assess', 'repatriation.decide', 'repatriation.manage_states',
    'complaint.read', 'complaint.record', 'complaint.answer', 'allegation.record', 'evidence.freeze', 'own_file.disclose', 'restriction.read', 'restriction.request', 'restriction.approve',
    'visit.read', 'visit.manage', 'visit.manage_bodies', 'visit.notification_list',
    'figures.prepare', 'figures.approve', 'custody_life.read', 'custody_life.record', 'custody_life.decide',
  ],
  // Auditors include outside monitors with agreed full access (ICRC, a national commission):
  // they may read the log's entries, which carry personal data, to check every person's chain.
  auditor: ['person.read', 'facility.read', 'audit.read', 'transfer.read', 'log.read_entries', 'rollcall.read', 'case.read', 'repatriation.read', 'sharing.read', 'complaint.read', 'allegation.record', 'visit.read', 'custody_life.read'],
  administrator: ['facility.read', 'facility.manage', 'account.manage', 'audit.read', 'repatriation.manage_states', 'sharing.read', 'visit.manage_bodies'],
  judge: ['person.read', 'facility.read', 'case.read', 'case.manage', 'case.decide', 'allegation.record'],
  court_clerk: ['person.read', 'facility.read', 'case.read', 'case.manage', 'allegation.record'],
  information_officer: ['person.read', 'facility.read', 'inforequest.read', 'inforequest.manage', 'restriction.read', 'restriction.request'],
  visitor: ['visit.register_read'],
  liaison: ['repatriation.read', 'repatriation.answer', 'nationals.read'],
  // The authority independent of the facility (a national preventive mechanism, a human rights
  // commission, the public prosecution's inspectorate): reads persons and their complaints,
  // records and answers the confidential ones, takes up and closes referrals of ill-treatment, and reads information requests, their
  // restrictions and every answer that withheld something.
  oversight: ['person.read', 'facility.read', 'audit.read', 'sharing.read', 'complaint.read', 'complaint.record', 'complaint.answer', 'allegation.record', 'allegation.refer', 'inforequest.read', 'restriction.read', 'oversight.read', 'visit.read', 'custody_life.read', 'custody_life.appeal_decide'],
};

/** Roles whose accounts are bound to one state and see only its nationals' repatriation cases. */
export const stateBoundRoles: readonly Role[] = ['liaison'];

/** Whether a role holds a permission. Unknown roles hold nothing. */
export function can(role: string, permission: Permission): boolean {
  return (grants as Record<string, readonly Permission[] | undefined>)[role]?.includes(permission) ?? false;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * Permissions that change where a person is held: admission, moves, exits, capacity overrides,
 * segregation, and the transfer steps that take persons out (dispatch) and in (receive).
 */
export const custodyWritingPermissions: readonly Permission[] = [
  'custody.admit',
  'custody.move',
  'custody.exit',
  'custody.override_capacity',
  'custody.segregate',
  'transfer.dispatch',
  'transfer.receive',
];

/** Permissions whose holders must log in with a second factor besides those that write custody. */
const decisivePermissions: readonly Permission[] = ['transfer.approve', 'rollcall.sign_off', 'case.decide', 'account.manage', 'restriction.approve', 'figures.approve'];

/**
 * Whether a role needs a second factor (when the register requires one): a role that can change
 * custody, approve transfers, sign off roll calls, decide cases or administer accounts.
 */
export function secondFactorRequired(role: string): boolean {
  return [...custodyWritingPermissions, ...decisivePermissions].some((p) => can(role, p));
}
