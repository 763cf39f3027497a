/**
 * The demo register's accounts (README.md lists them): created by `sijill serve --demo`,
 * named on the login page of a demo register and nowhere else. Each official's display name is
 * a fictional person's name in Arabic (an account holds one display name; the transliteration
 * is in the comment), shown wherever the register names who did something.
 */
import type { Role } from '../domain/permissions.ts';
import type { ScopeAssignment } from '../domain/scope.ts';

/**
 * What a demo account reaches: the whole register, the demo's facilities of some kinds (found by
 * kind, since a demo register's facility ids are drawn when it is seeded), or the demo's court.
 */
/** The demo's court: its cases are recorded by demo-cases.ts; the demo judge and court clerk are assigned it. */
export const demoCourt = 'محكمة تحقيق الكرخ الأولى (وهمية)';

export type DemoReach = 'all' | { readonly facilityKinds: readonly string[] } | 'court' | 'none';

export const demoAccounts: readonly { username: string; role: Role; displayName: string; reach: DemoReach; liaisonState?: string }[] = [
  { username: 'clerk', role: 'registration_clerk', displayName: 'سعاد كاظم الحمداني', reach: { facilityKinds: ['prison', 'detention_centre', 'court_holding', 'hospital'] } }, // Suad Kadhim al-Hamdani
  { username: 'officer', role: 'facility_officer', displayName: 'كريم جبار العبيدي', reach: { facilityKinds: ['prison', 'detention_centre', 'court_holding', 'hospital'] } }, // Karim Jabbar al-Ubaidi
  { username: 'supervisor', role: 'supervisor', displayName: 'ناصر حميد الدليمي', reach: 'all' }, // Nasser Hamid al-Dulaimi
  // A second supervisor: what needs two officials (approving the figures another prepared) can be shown.
  { username: 'deputy', role: 'supervisor', displayName: 'زينب علي الجبوري', reach: 'all' }, // Zainab Ali al-Jubouri
  { username: 'auditor', role: 'auditor', displayName: 'ليلى عادل الراوي', reach: 'all' }, // Layla Adel al-Rawi
  { username: 'admin', role: 'administrator', displayName: 'هشام صالح السامرائي', reach: 'all' }, // Hisham Salih al-Samarrai
  { username: 'judge', role: 'judge', displayName: 'القاضي فيصل مجيد التميمي', reach: 'court' }, // Judge Faisal Majid al-Tamimi
  { username: 'court-clerk', role: 'court_clerk', displayName: 'مريم طارق الزبيدي', reach: 'court' }, // Maryam Tariq al-Zubaidi
  // The liaison officers of two fictional states' embassies: each sees only its state's nationals' repatriation cases (their role reaches no person record).
  { username: 'liaison-fra', role: 'liaison', displayName: 'ضابط ارتباط السفارة الفرنسية (وهمي)', reach: 'none', liaisonState: 'FR' }, // the French embassy's liaison officer
  { username: 'liaison-tun', role: 'liaison', displayName: 'ضابط ارتباط السفارة التونسية (وهمي)', reach: 'none', liaisonState: 'TN' }, // the Tunisian embassy's liaison officer
  { username: 'info-officer', role: 'information_officer', displayName: 'عمر نبيل الخزرجي', reach: 'all' }, // Omar Nabil al-Khazraji
  { username: 'oversight', role: 'oversight', displayName: 'رنا سمير الجبوري', reach: 'all' }, // Rana Samir al-Jubouri
  // An ICRC delegate, bound to the demo's ICRC delegation (demo-visits.ts): sees the register of the facility visited, during the visit.
  { username: 'visitor-icrc', role: 'visitor', displayName: 'سلمى جواد الخفاجي', reach: 'none' }, // Salma Jawad al-Khafaji
];
export const demoPassword = 'sijill-demo';

/**
 * The assignment of a demo account, given the demo register's facilities: the gate's officer and
 * clerk work at the prison, the detention centre, the hospital's secured ward and the court's
 * holding cells (not the camp nor the rehabilitation centre, whose families they do not see);
 * the judge and the court clerk at the demo's court; the supervisor over the whole register.
 */
export function demoScope(reach: DemoReach, facilities: readonly { id: string; kind: string }[]): ScopeAssignment {
  if (reach === 'all') return { all: true, facilities: [], courts: [] };
  if (reach === 'court') return { all: false, facilities: [], courts: [demoCourt] };
  if (reach === 'none') return { all: false, facilities: [], courts: [] };
  return { all: false, facilities: facilities.filter((f) => reach.facilityKinds.includes(f.kind)).map((f) => f.id), courts: [] };
}

/** The demo account that records what an official of this role does in the demo (the event's actor). */
export function demoActor(role: Role): string {
  return demoAccounts.find((a) => a.role === role)!.username;
}
