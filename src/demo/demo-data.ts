/**
 * A fictional but realistic demo register: a prison, a detention centre, a camp, a
 * rehabilitation centre and a hospital, named in Arabic, as everything the clerks wrote; about 2,000 persons with generated Arabic names in
 * Arabic and Latin script, several nationalities, partial dates of birth; some released,
 * handed over, or moved. Generated from a fixed seed: no real person is in it.
 */
import { randomUUID } from 'node:crypto';
import type { AdmissionItems, NameRecord } from '../domain/events.ts';
import type { RegisterFacility } from '../domain/facility.ts';
import type { RegisterPerson } from '../domain/person.ts';
import { registerNumberFromBytes } from '../domain/register-number.ts';
import type { DateOfBirth } from '../domain/values.ts';
import type { IntakeRow } from '../commands/intake-batch.ts';

/** Mulberry32: a small seeded generator, so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Common given names: [Arabic, Latin]. */
const maleNames: [string, string][] = [
  ['محمد', 'Muhammad'], ['أحمد', 'Ahmad'], ['علي', 'Ali'], ['حسين', 'Hussein'], ['عمر', 'Omar'], ['خالد', 'Khalid'],
  ['إبراهيم', 'Ibrahim'], ['يوسف', 'Yusuf'], ['عبد الله', 'Abdullah'], ['عبد الرحمن', 'Abd al-Rahman'], ['مصطفى', 'Mustafa'],
  ['حمزة', 'Hamza'], ['سالم', 'Salim'], ['ناصر', 'Nasser'], ['فيصل', 'Faisal'], ['طارق', 'Tariq'], ['جاسم', 'Jasim'],
  ['كريم', 'Karim'], ['صالح', 'Salih'], ['ماجد', 'Majid'], ['عادل', 'Adel'], ['زياد', 'Ziyad'], ['بلال', 'Bilal'], ['أنس', 'Anas'],
  ['قاسم', 'Qasim'], ['رشيد', 'Rashid'], ['سعيد', 'Said'], ['هشام', 'Hisham'], ['وليد', 'Walid'], ['ياسين', 'Yassin'],
];
const femaleNames: [string, string][] = [
  ['فاطمة', 'Fatima'], ['عائشة', 'Aisha'], ['مريم', 'Maryam'], ['زينب', 'Zaynab'], ['خديجة', 'Khadija'], ['نور', 'Nour'],
  ['سارة', 'Sara'], ['هدى', 'Huda'], ['أمينة', 'Amina'], ['رقية', 'Ruqayya'], ['سمية', 'Sumayya'], ['ليلى', 'Layla'],
];
const families: [string, string][] = [
  ['الجبوري', 'al-Jubouri'], ['العبيدي', 'al-Ubaidi'], ['الدليمي', 'al-Dulaimi'], ['الشمري', 'al-Shammari'], ['الزبيدي', 'al-Zubaidi'],
  ['التميمي', 'al-Tamimi'], ['الجنابي', 'al-Janabi'], ['الحمداني', 'al-Hamdani'], ['العاني', 'al-Ani'], ['الراوي', 'al-Rawi'],
  ['الكبيسي', 'al-Kubaisi'], ['السامرائي', 'al-Samarrai'], ['البياتي', 'al-Bayati'], ['الخزرجي', 'al-Khazraji'],
];
const nationalityMix = ['IQ', 'IQ', 'IQ', 'IQ', 'IQ', 'SY', 'SY', 'SY', 'TR', 'TN', 'MA', 'FR', 'DE', 'RU', 'TJ', 'EG', 'SA', 'BE', 'GB', 'unknown'];

/**
 * What the courts have done with an untried demo person so far, so that the dashboard shows
 * every state of the legal clocks on first start (src/demo/demo-cases.ts records it).
 */
export const courtStories = ['running', 'running', 'running', 'due_soon', 'lapsed', 'gap_closed', 'awaiting_appearance', 'sentenced', 'segregated', 'late_appearance'] as const;
export type CourtStory = (typeof courtStories)[number];

/** Persons who reached a facility's gate together, and when: one intake batch, recorded then. */
export interface DemoArrival {
  readonly at: string;
  readonly rows: IntakeRow[];
}

export interface DemoPlan {
  readonly facilities: RegisterFacility[];
  /** The rows in chunks of 500, in the order drawn (for benches and tests that intake in bulk). */
  readonly batches: IntakeRow[][];
  /**
   * The same rows as they arrived, oldest first: each arrival is registered and admitted at its
   * own time, so that nobody is admitted before they were registered (seed-demo.ts).
   */
  readonly arrivals: DemoArrival[];
  /** Untried persons and what the courts have done with each (the others are convicted, or not charged in camps). */
  readonly untried: readonly { readonly person_id: string; readonly admitted_at: string; readonly story: CourtStory }[];
  /** Exits to record after intake: register-number-free, by person id. */
  readonly releases: string[];
  readonly handovers: { person_id: string; to_state: string }[];
}

function facility(name: string, kind: RegisterFacility['kind'], authority: string, units: [string, RegisterFacility['units'][number]['category'], number][]): RegisterFacility {
  const capacity: Record<string, number> = {};
  for (const [, category, places] of units) capacity[category] = (capacity[category] ?? 0) + places;
  return {
    facility_id: randomUUID(),
    name,
    kind,
    authority,
    country: 'IQ',
    timezone: 'Asia/Baghdad',
    capacity,
    units: units.map(([unitName, category]) => ({ id: randomUUID(), name: unitName, category })),
  };
}

function items(r: () => number, admitted: string): AdmissionItems {
  const unknown = (reason: string) => ({ unknown_reason: reason });
  return {
    first_deprivation: r() < 0.8 ? { at: `2025-${String(1 + Math.floor(r() * 11)).padStart(2, '0')}-1${Math.floor(r() * 9)}T09:00:00+03:00`, place: 'موقع احتجاز في الشمال الشرقي (وهمي)', authority: 'الجهة المرسِلة (وهمية)' } : unknown('غير مذكور في قائمة التسليم؛ يُسأل عنه لدى الجهة المرسِلة'),
    ordering_authority: { authority: 'محكمة التحقيق (وهمية)', law: 'قانون أصول المحاكمات الجزائية', article: '109' },
    supervising_authority: { authority: 'الادعاء العام (وهمي)' },
    injuries: r() < 0.05 ? { visible_injuries: 'كدمات على الذراع اليسرى', ill_treatment_complaint: null } : { visible_injuries: null, ill_treatment_complaint: null },
    // Relations, property items and an unknown whereabouts are the register's reference values
    // (src/domain/reference-values.ts), shown in the reader's language.
    property: { items: [{ description: 'clothing', quantity: 1 }], signed_by_detainee: true, witnessed_by: 'ضابط الخفر (وهمي)' },
    family: r() < 0.6 ? { members: [{ relation: 'mother', name: 'مجهولة', age: null, whereabouts: 'unknown', cared_for_by: null }] } : unknown('امتنع المحتجز عن الإجابة عند الإدخال'),
    emergency_contact: r() < 0.7 ? { name: 'قريب المحتجز (وهمي)', relation: 'brother', contact: '+964 700 000 0000' } : unknown('لا يُعرف أحد يُتصل به بعد'),
    health_record: { reference: `HR-${admitted.slice(0, 4)}-${Math.floor(r() * 1e6)}` },
    officials: { arresting: ['مفرزة الجهة المرسِلة (وهمية)'], admitting: 'ضابط الإدخال (وهمي)' },
  };
}

/** Build the demo plan from a seed. */
/**
 * The demo register: `persons` fictional persons, the same for the same seed. Untried persons
 * (one in 72, in Block A, Wing 1 and Wing 2) were admitted in the days before `now`, so their clocks run;
 * everyone else was admitted in 2026 as convicted, or not charged in a camp.
 */
export function demoPlan(persons = 2000, seed = 2026, now = new Date('2026-10-01T09:00:00Z'), options: { readonly courts?: boolean } = {}): DemoPlan {
  // courts false: every detainee untried and admitted in 2026, nobody's case recorded (the benches' registers).
  const courts = options.courts ?? true;
  const r = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  // With courts: the few untried men in Block A and Wing 1 (as before), the convicted in Block B and Wing 4.
  // Names in Arabic, as the register holds one name per facility and unit (transliterations in the comments).
  // al-Sijn al-Markazi; al-Qati' A, B, C.
  const prison = facility('السجن المركزي (وهمي)', 'prison', 'وزارة العدل', [['القاطع أ', 'men_untried', courts ? 300 : 1400], ['القاطع ب', 'men_convicted', courts ? 1400 : 200], ['القاطع ج', 'men_untried', 200]]);
  // Markaz al-Ihtijaz; al-Janah 1 to 4, Janah al-Ahdath (juveniles).
  const centre = facility(
    'مركز الاحتجاز (وهمي)',
    'detention_centre',
    'وزارة الداخلية',
    courts
      ? [['الجناح ١', 'men_untried', 100], ['الجناح ٢', 'women_untried', 40], ['جناح الأحداث', 'boys_untried', 60], ['الجناح ٣', 'women_convicted', 100], ['الجناح ٤', 'men_convicted', 700]]
      : [['الجناح ١', 'men_untried', 700], ['الجناح ٢', 'women_untried', 100], ['جناح الأحداث', 'boys_untried', 60]],
  );
  // Mukhayyam al-Nour; al-Qita' 1, 2.
  const camp = facility('مخيم النور (وهمي)', 'camp', 'وزارة الهجرة والمهجرين', [['القطاع ١', 'family_not_charged', 600], ['القطاع ٢', 'family_not_charged', 600]]);
  // Markaz Iadat al-Ta'hil; al-Awa'il (families).
  const rehab = facility('مركز إعادة التأهيل (وهمي)', 'rehabilitation_centre', 'وزارة الهجرة والمهجرين', [['العوائل', 'family_not_charged', 300]]);
  // al-Mustashfa al-Amm, al-Radha al-Mu'ammana (secure ward).
  const hospital = facility('المستشفى العام، الردهة المؤمَّنة (وهمي)', 'hospital', 'وزارة الصحة', [['الردهة المؤمَّنة', 'men_untried', 20]]);
  // Where the courts' hearings take those they hear (demo-cases.ts: court productions).
  // Mawqif Mahkamat al-Karkh; al-Rijal, al-Nisa', al-Ahdath.
  const holding = courts ? [facility('موقف محكمة الكرخ (وهمي)', 'court_holding', 'مجلس القضاء الأعلى', [['الرجال', 'men_untried', 30], ['النساء', 'women_untried', 10], ['الأحداث', 'boys_untried', 5]])] : [];
  const rows: IntakeRow[] = [];
  const releases: string[] = [];
  const handovers: { person_id: string; to_state: string }[] = [];
  const untried: { person_id: string; admitted_at: string; story: CourtStory }[] = [];
  for (let i = 0; i < persons; i++) {
    const toCamp = i % 4 === 3;
    const isUntried = courts ? i % 72 === 0 : !toCamp;
    const female = toCamp ? r() < 0.7 : r() < 0.04;
    const minor = toCamp && (!female || r() < 0.3);
    const [givenAr, givenLa] = pick(female ? femaleNames : maleNames);
    const [fatherAr, fatherLa] = pick(maleNames);
    const [grandAr, grandLa] = pick(maleNames);
    const [familyAr, familyLa] = pick(families);
    const year = minor ? 2010 + Math.floor(r() * 8) : 1965 + Math.floor(r() * 38);
    const dob: DateOfBirth = r() < 0.5 ? { kind: 'year', year } : r() < 0.8 ? { kind: 'exact', date: `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}` } : { kind: 'range', from: `${year - 2}-01-01`, to: `${year + 2}-12-31` };
    const nationality = pick(nationalityMix);
    const names: NameRecord[] = [
      { id: randomUUID(), script: 'Arab', full: `${givenAr} ${fatherAr} ${grandAr} ${familyAr}`, parts: { given: givenAr, father: fatherAr, grandfather: grandAr, family: familyAr }, source: 'handover_list', confidence: 0.7 },
      { id: randomUUID(), script: 'Latn', full: `${givenLa} ${fatherLa} ${grandLa} ${familyLa}`, parts: { given: givenLa, father: fatherLa, grandfather: grandLa, family: familyLa }, source: 'handover_list', confidence: 0.6 },
    ];
    if (!female && !minor && r() < 0.15) names.push({ id: randomUUID(), script: 'Latn', full: `Abu ${pick(maleNames)[1]}`, parts: { kunya: `Abu ${pick(maleNames)[1]}` }, source: 'officer_observation', confidence: 0.3 });
    const person: RegisterPerson = {
      person_id: randomUUID(),
      register_number: registerNumberFromBytes(Uint8Array.from({ length: 5 }, () => Math.floor(r() * 256))),
      names,
      sex: female ? 'female' : 'male',
      // The register's genders are man, woman, other and not stated: a child's is not stated.
      gender: minor ? 'not_stated' : female ? 'woman' : 'man',
      dob,
      nationalities: [nationality],
      languages: nationality === 'IQ' || nationality === 'SY' ? ['ar'] : ['ar', 'en'],
      documents: r() < 0.3 && nationality !== 'unknown' ? [{ kind: 'national_id', number: `${nationality}${Math.floor(r() * 1e9)}`, issuing_country: nationality }] : [],
      biometric_refs: [],
    };
    const drawn = toCamp ? (r() < 0.8 ? camp : rehab) : female ? centre : r() < 0.7 ? prison : centre;
    const place = drawn;
    const category = toCamp ? 'family_not_charged' : `${female ? 'women' : 'men'}_${isUntried ? 'untried' : 'convicted'}`;
    const unit = place.units.find((u) => u.category === category)!;
    const inYear = `2026-0${1 + Math.floor(r() * 9)}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T${String(8 + Math.floor(r() * 10)).padStart(2, '0')}:00:00+03:00`;
    const story = courtStories[untried.length % courtStories.length]!;
    const admittedAt = courts && isUntried ? demoAdmission(now, story, untried.length) : inYear;
    if (courts && isUntried) untried.push({ person_id: person.person_id, admitted_at: admittedAt, story });
    rows.push({
      person,
      admission: {
        admission_id: randomUUID(),
        facility_id: place.facility_id,
        unit_id: unit.id,
        legal_status: toCamp ? 'not_charged' : isUntried ? 'untried' : 'convicted',
        admitted_at: admittedAt,
        basis: { kind: toCamp ? 'handover_document' : 'commitment_order', reference: `${toCamp ? 'HD' : 'CO'}-2026-${String(i).padStart(5, '0')}`, issuing_authority: toCamp ? 'إدارة المخيم المرسِل (وهمية)' : 'محكمة التحقيق (وهمية)', issued_on: admittedAt.slice(0, 10) },
        items: items(r, admittedAt),
      },
    });
    if (toCamp && r() < 0.15) releases.push(person.person_id);
    else if (!toCamp && nationality !== 'IQ' && nationality !== 'unknown' && r() < 0.08 && !(courts && isUntried)) handovers.push({ person_id: person.person_id, to_state: nationality });
  }
  const arrivals = arrive(rows, new Set(untried.map((u) => u.person_id)));
  const batches: IntakeRow[][] = [];
  for (let i = 0; i < rows.length; i += 500) batches.push(rows.slice(i, i + 500));
  return { facilities: [prison, centre, camp, rehab, hospital, ...holding], batches, arrivals, releases, handovers, untried };
}

/** Persons of one convoy at most. */
const convoySize = 25;

/**
 * Group the rows into arrivals, oldest first: those admitted on their own (the untried, whose
 * days in custody the court stories count) arrive alone; the others by facility, in order
 * of the day drawn, in convoys of at most {@link convoySize} admitted at the first one's time.
 * The rows' admission times (and the date of their basis) are set to their arrival's.
 */
function arrive(rows: IntakeRow[], alone: ReadonlySet<string>): DemoArrival[] {
  const arrivals: DemoArrival[] = [];
  const byFacility = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (alone.has(row.person.person_id)) arrivals.push({ at: row.admission.admitted_at, rows: [row] });
    else byFacility.set(row.admission.facility_id, [...(byFacility.get(row.admission.facility_id) ?? []), i]);
  });
  for (const indices of byFacility.values()) {
    indices.sort((a, b) => Date.parse(rows[a]!.admission.admitted_at) - Date.parse(rows[b]!.admission.admitted_at) || a - b);
    for (let k = 0; k < indices.length; k += convoySize) {
      const convoy = indices.slice(k, k + convoySize);
      const at = rows[convoy[0]!]!.admission.admitted_at;
      for (const i of convoy) {
        const { admission } = rows[i]!;
        rows[i] = { ...rows[i]!, admission: { ...admission, admitted_at: at, basis: { ...admission.basis, issued_on: at.slice(0, 10) } } };
      }
      arrivals.push({ at, rows: convoy.map((i) => rows[i]!) });
    }
  }
  return arrivals.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

const hour = 3_600_000;
const day = 24 * hour;

/** When an untried person of this story was admitted: hours or days before `now`, in Baghdad time. */
function demoAdmission(now: Date, story: CourtStory, n: number): string {
  const ago = {
    running: (12 + (n % 20)) * day,
    due_soon: (13 + (n % 3)) * day,
    lapsed: (18 + (n % 3)) * day,
    gap_closed: 25 * day,
    awaiting_appearance: (18 + (n % 4)) * hour,
    sentenced: 60 * day,
    segregated: 30 * day,
    late_appearance: 8 * day,
  }[story];
  return baghdad(new Date(now.getTime() - ago));
}

/** An instant written in Baghdad time (+03:00), to the minute. */
export function baghdad(at: Date): string {
  return `${new Date(at.getTime() + 3 * hour).toISOString().slice(0, 16)}:00+03:00`;
}
