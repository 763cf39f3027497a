/**
 * The demo register's accounts (README.md lists them): created by `sijill serve --demo`,
 * named on the login page of a demo register and nowhere else. Each official's display name is
 * a fictional person's name in Arabic (an account holds one display name; the transliteration
 * is in the comment), shown wherever the register names who did something.
 */
import type { Role } from '../domain/permissions.ts';

export const demoAccounts: readonly { username: string; role: Role; displayName: string; liaisonState?: string }[] = [
  { username: 'clerk', role: 'registration_clerk', displayName: 'سعاد كاظم الحمداني' }, // Suad Kadhim al-Hamdani
  { username: 'officer', role: 'facility_officer', displayName: 'كريم جبار العبيدي' }, // Karim Jabbar al-Ubaidi
  { username: 'supervisor', role: 'supervisor', displayName: 'ناصر حميد الدليمي' }, // Nasser Hamid al-Dulaimi
  // A second supervisor: what needs two officials (approving the figures another prepared) can be shown.
  { username: 'deputy', role: 'supervisor', displayName: 'زينب علي الجبوري' }, // Zainab Ali al-Jubouri
  { username: 'auditor', role: 'auditor', displayName: 'ليلى عادل الراوي' }, // Layla Adel al-Rawi
  { username: 'admin', role: 'administrator', displayName: 'هشام صالح السامرائي' }, // Hisham Salih al-Samarrai
  { username: 'judge', role: 'judge', displayName: 'القاضي فيصل مجيد التميمي' }, // Judge Faisal Majid al-Tamimi
  { username: 'court-clerk', role: 'court_clerk', displayName: 'مريم طارق الزبيدي' }, // Maryam Tariq al-Zubaidi
  // The liaison officers of two fictional states' embassies: each sees only its state's nationals' repatriation cases.
  { username: 'liaison-fra', role: 'liaison', displayName: 'ضابط ارتباط السفارة الفرنسية (وهمي)', liaisonState: 'FR' }, // the French embassy's liaison officer
  { username: 'liaison-tun', role: 'liaison', displayName: 'ضابط ارتباط السفارة التونسية (وهمي)', liaisonState: 'TN' }, // the Tunisian embassy's liaison officer
  { username: 'info-officer', role: 'information_officer', displayName: 'عمر نبيل الخزرجي' }, // Omar Nabil al-Khazraji
  { username: 'oversight', role: 'oversight', displayName: 'رنا سمير الجبوري' }, // Rana Samir al-Jubouri
  // An ICRC delegate, bound to the demo's ICRC delegation (demo-visits.ts): sees the register of the facility visited, during the visit.
  { username: 'visitor-icrc', role: 'visitor', displayName: 'سلمى جواد الخفاجي' }, // Salma Jawad al-Khafaji
];
export const demoPassword = 'sijill-demo';

/** The demo account that records what an official of this role does in the demo (the event's actor). */
export function demoActor(role: Role): string {
  return demoAccounts.find((a) => a.role === role)!.username;
}
