/**
 * Roles and what each may do. Every API route and every command names one permission;
 * anything not granted here is denied.
 */
export const roles = ['registration_clerk', 'facility_officer', 'supervisor', 'auditor', 'administrator'] as const;
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
] as const;
export type Permission = (typeof permissions)[number];

// Transfers: officers at the gates draw up orders, dispatch and receive; a supervisor
// approves (never their own order: transfer.ts); clerks and auditors read.
// Roll calls: officers open, count, reconcile and resolve; a supervisor who took no part in
// the count signs it off (roll-call.ts); auditors read the reports.
const grants: Readonly<Record<Role, readonly Permission[]>> = {
  registration_clerk: ['person.read', 'person.register', 'custody.admit', 'facility.read', 'transfer.read'],
  facility_officer: ['person.read', 'person.register', 'custody.admit', 'custody.move', 'custody.exit', 'facility.read', 'transfer.read', 'transfer.manage', 'transfer.dispatch', 'transfer.receive',
    'rollcall.read', 'rollcall.run'],
  supervisor: [
    'person.read', 'person.register', 'person.correct', 'custody.admit', 'custody.move', 'custody.exit', 'custody.override_capacity', 'facility.read', 'facility.manage', 'audit.read',
    'transfer.read', 'transfer.manage', 'transfer.approve', 'transfer.dispatch', 'transfer.receive', 'log.read_entries',
    'rollcall.read', 'rollcall.run', 'rollcall.sign_off',
  ],
  // Auditors include outside monitors with agreed full access (ICRC, a national commission):
  // they may read the log's entries, which carry personal data, to check every person's chain.
  auditor: ['person.read', 'facility.read', 'audit.read', 'transfer.read', 'log.read_entries', 'rollcall.read'],
  administrator: ['facility.read', 'facility.manage', 'account.manage', 'audit.read'],
};

/** Whether a role holds a permission. Unknown roles hold nothing. */
export function can(role: string, permission: Permission): boolean {
  return (grants as Record<string, readonly Permission[] | undefined>)[role]?.includes(permission) ?? false;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
