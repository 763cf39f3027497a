/**
 * The demo register's accounts (README.md lists them): created by `sijill serve --demo`,
 * named on the login page of a demo register and nowhere else.
 */
import type { Role } from '../domain/permissions.ts';

export const demoAccounts: readonly { username: string; role: Role; displayName: string }[] = [
  { username: 'clerk', role: 'registration_clerk', displayName: 'Demo registration clerk' },
  { username: 'officer', role: 'facility_officer', displayName: 'Demo facility officer' },
  { username: 'supervisor', role: 'supervisor', displayName: 'Demo supervisor' },
  { username: 'auditor', role: 'auditor', displayName: 'Demo auditor' },
  { username: 'admin', role: 'administrator', displayName: 'Demo administrator' },
  { username: 'judge', role: 'judge', displayName: 'Demo investigative judge' },
  { username: 'court-clerk', role: 'court_clerk', displayName: 'Demo court clerk' },
];
export const demoPassword = 'sijill-demo';
