/**
 * Issue 5 figures: a handover list of 7,000 persons from an outside authority imported and
 * reconciled against a register of 100,000 persons, on PostgreSQL; the order approved,
 * dispatched, and every person checked in at the destination (one check-in command each, as
 * officers at the gate do), the count closed; the reconciliation report read; the receipt
 * issued, signed and verified. Each step is timed on its own (goal ≤ 20 s each).
 *
 * The register is filled through the intake batch command (it is the setup, timed apart).
 * The list is generated: men's names from the synthetic generator of the matching benches
 * (Zipf-distributed given names, family names from Arabic roots, several transliterations),
 * about 3% of rows listing a person a second time under another sender id (half of them spelt
 * another way), and
 * about 0.5% copying an existing register entry's names and date of birth (each opens a
 * duplicate review). `register-pool` names (see {@link ListNames}) reproduce the earlier list,
 * whose names came from the register's own few dozen words.
 *
 * Run alone: `node --import tsx bench/transfer-bench.ts [register] [manifest]` with
 * SIJILL_BENCH_DATABASE_URL pointing at a server (a scratch database is made and dropped).
 */
import { randomUUID } from 'node:crypto';
import { execute, type CommandContext, type Register } from '../src/commands/execute.ts';
import { intakeBatch, type IntakeRow } from '../src/commands/intake-batch.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { importHandoverList, type ImportedList } from '../src/commands/import-handover-list.ts';
import type { RegisterFacility } from '../src/domain/facility.ts';
import { approveTransfer } from '../src/commands/approve-transfer.ts';
import { dispatchTransfer } from '../src/commands/dispatch-transfer.ts';
import { checkInPerson } from '../src/commands/check-in-person.ts';
import { checkInBatch } from '../src/commands/check-in-batch.ts';
import { closeCount } from '../src/commands/close-count.ts';
import { issueHandoverReceipt } from '../src/commands/issue-handover-receipt.ts';
import { demoPlan, seededRandom } from '../src/demo/demo-data.ts';
import { syntheticGallery } from './match/synthetic-names.ts';
import { readHandoverList } from '../src/import/handover-list.ts';
import { parseMapping } from '../src/import/mapping.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { reconciliationReport } from '../src/queries/reconciliation-report.ts';
import { signedReceipt } from '../src/queries/handover-receipt.ts';
import { receiptFileText, verifyReceipt } from '../src/receipt/receipt-document.ts';
import { ed25519NoteSigner, generateEd25519NoteKey } from '../src/ledger/signed-note.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/postgres-database.ts';
import { createScratchDatabase } from '../src/store/scratch-database.ts';
import type { Database } from '../src/store/database.ts';
import { registerDay } from '../src/store/clock-projection.ts';

/** Arrivals per scanner upload at the gate, and stragglers checked in one scan at a time. */
const gateBatch = 1_000;
const singleScans = 100;

export interface TransferBenchOptions {
  /** Persons on the register before the list arrives (default 100,000). */
  readonly registerSize?: number;
  /** Rows on the handover list (default 7,000). */
  readonly manifest?: number;
  /** Where the list's new persons take their names (default `varied`). */
  readonly listNames?: ListNames;
  /** Told what is being done (progress on stderr). */
  readonly log?: (line: string) => void;
}

export interface TransferFigures {
  readonly server: string;
  readonly registerSize: number;
  readonly rows: number;
  readonly persons: number;
  readonly setupSeconds: number;
  readonly indexSeconds: number;
  readonly importSeconds: number;
  readonly approveSeconds: number;
  readonly dispatchSeconds: number;
  readonly checkInSeconds: number;
  readonly singleScans: number;
  readonly singleSeconds: number;
  readonly countSeconds: number;
  readonly reportSeconds: number;
  readonly receiptSeconds: number;
  readonly reviews: number;
  readonly listedTwice: number;
  readonly listNames: ListNames;
}

const given = ['Muhammad', 'Ahmad', 'Ali', 'Hussein', 'Omar', 'Khalid', 'Ibrahim', 'Yusuf', 'Abdullah', 'Mustafa', 'Hamza', 'Salim', 'Nasser', 'Faisal', 'Tariq', 'Jasim', 'Karim', 'Salih', 'Majid', 'Adel', 'Ziyad', 'Bilal', 'Anas', 'Qasim', 'Rashid', 'Said', 'Hisham', 'Walid', 'Yassin', 'Marwan', 'Sufyan', 'Luay', 'Raed', 'Ghassan', 'Nabil', 'Imad', 'Firas', 'Haitham', 'Uday', 'Ammar'];
/** Spellings lists use for the same name (as in the alias data: Hamid/Hameed, Abdallah/Abdullah, Walid/Waleed). */
const variants: Record<string, string> = { Muhammad: 'Mohammed', Ahmad: 'Ahmed', Hussein: 'Husayn', Omar: 'Umar', Khalid: 'Khaled', Yusuf: 'Yousef', Abdullah: 'Abdallah', Mustafa: 'Mostafa', Salim: 'Saleem', Nasser: 'Nasir', Salih: 'Saleh', Majid: 'Maajid', Adel: 'Adil', Ziyad: 'Ziad', Qasim: 'Qassim', Rashid: 'Rasheed', Walid: 'Waleed', Yassin: 'Yasin', Raed: "Ra'id", Haitham: 'Haytham' };
const families = ['al-Jubouri', 'al-Ubaidi', 'al-Dulaimi', 'al-Shammari', 'al-Zubaidi', 'al-Tamimi', 'al-Janabi', 'al-Hamdani', 'al-Ani', 'al-Rawi', 'al-Kubaisi', 'al-Samarrai', 'al-Bayati', 'al-Khazraji', 'al-Hiti', 'al-Mashhadani', 'al-Azzawi', 'al-Jumaili', 'al-Qaisi', 'al-Obeidi'];

const seconds = (started: number) => (performance.now() - started) / 1000;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, seconds(started)];
}

/**
 * Where the list's new persons take their names: `varied` — the synthetic generator of the
 * matching benches (Zipf-distributed Arabic given names, family names from Arabic roots, several
 * transliterations), as a movement from outside the register would be; `register-pool` — four
 * words drawn uniformly from the same few dozen names and families as the demo register, so
 * that about a third of the rows match some register entry strongly by chance.
 */
export type ListNames = 'varied' | 'register-pool';

/** Female given names of the synthetic generator: the list is of men (its sex defaults to male). */
const femaleGiven = new Set(['فاطمة', 'زينب', 'مريم', 'نور', 'هدى', 'سارة', 'عائشة', 'خديجة', 'رقية', 'اسماء', 'ليلى', 'سعاد', 'پەروین', 'ژیلا', 'ڤیان']);

/**
 * Men of Arabic or Kurdish names from the synthetic generator, one after another: the Latin
 * spellings it made of each (the list's Name column takes one; a second listing another).
 */
function* variedMen(seed: number): Generator<string[]> {
  for (let chunk = 0; ; chunk++) {
    for (const entry of syntheticGallery(20_000, seed + chunk)) {
      const [written, ...latin] = entry.names;
      if (!/\p{Script=Arabic}/u.test(written!) || femaleGiven.has(written!.split(' ')[0]!)) continue;
      const spellings = latin.filter((n) => !n.startsWith('Abu '));
      if (spellings.length) yield spellings;
    }
  }
}

/** The generated list as CSV: about 3% of rows list a person a second time, about 0.5% copy a register entry. */
function handoverCsv(rows: number, existing: readonly IntakeRow[], names: ListNames, seed = 5): string {
  const r = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const spell = (name: string) => (variants[name] && r() < 0.3 ? variants[name]! : name);
  const men = variedMen(seed);
  const lines = ['No.,Name,Mother,DOB,Nationality'];
  const people: { spellings: string[]; row: string[] }[] = [];
  for (let i = 0; i < rows; i++) {
    const n = i + 1;
    if (people.length > 50 && r() < 0.03) {
      // The same person again, under another number: copied as first written, or spelt another way.
      const again = pick(people);
      const others = again.spellings.filter((x) => x !== again.row[1]);
      const other = r() < 0.5 ? again.row[1]! : others.length ? pick(others) : again.row[1]!.split(' ').map(spell).join(' ');
      lines.push([`SDF-${n}`, other, again.row[2], again.row[3], again.row[4]].join(','));
      continue;
    }
    if (r() < 0.005) {
      const known = pick(existing).person;
      const latin = known.names.find((x) => x.script === 'Latn')!.full;
      const dob = known.dob.kind === 'exact' ? known.dob.date : known.dob.kind === 'year' ? String(known.dob.year) : '';
      lines.push([`SDF-${n}`, latin, '', dob, 'Iraqi'].join(','));
      continue;
    }
    const spellings = names === 'varied' ? men.next().value! : [[pick(given), pick(given), pick(given), pick(families)].map(spell).join(' ')];
    const dob = r() < 0.6 ? `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/${String(1 + Math.floor(r() * 12)).padStart(2, '0')}/${1965 + Math.floor(r() * 40)}` : String(1965 + Math.floor(r() * 40));
    const row = [`SDF-${n}`, spellings[0]!, r() < 0.4 ? `${pick(['Fatima', 'Aisha', 'Maryam', 'Zaynab', 'Khadija', 'Huda'])} ${pick(given)}` : '', dob, pick(['Iraqi', 'Iraqi', 'Iraqi', 'Syrian', 'Tunisian', 'French', 'Russian', 'Unknown'])];
    people.push({ spellings, row });
    lines.push(row.join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const mapping = parseMapping({
  columns: { sender_id: 'No.', name_latin: 'Name', mother_name: 'Mother', dob: 'DOB', nationality: 'Nationality' },
  values: { nationality: { Iraqi: 'IQ', Syrian: 'SY', Tunisian: 'TN', French: 'FR', Russian: 'RU' } },
  defaults: { sex: 'male' },
});

/** The register before the list arrives: its facilities, the destination, and the men held (whose names a few rows copy). */
export interface FilledRegister {
  readonly destination: RegisterFacility;
  readonly men: readonly IntakeRow[];
}

const ctx = (actor: string, role: CommandContext['role'] = 'supervisor'): CommandContext => ({ actor, role, idempotencyKey: randomUUID() });
const must = <R>(outcome: { ok: true; response: R } | { ok: false; rejection: unknown }, what: string): R => {
  if (!outcome.ok) throw new Error(`${what}: ${JSON.stringify(outcome.rejection)}`);
  return outcome.response;
};
const destinationName = 'Fictional Reception Prison';

/** The demo register's rows at this size (the names are seeded: the same size gives the same names). */
function registerPlan(registerSize: number) {
  const plan = demoPlan(registerSize, 2027, undefined, { courts: false });
  const big = (f: (typeof plan.facilities)[number]) => ({ ...f, capacity: Object.fromEntries(Object.keys(f.capacity).map((k) => [k, registerSize])) });
  const facilities = plan.facilities.map(big);
  const rows = plan.batches.flat();
  const men = new Set(facilities.flatMap((f) => f.units.filter((u) => u.category === 'men_untried').map((u) => u.id)));
  return { facilities, rows, men: rows.filter((row) => men.has(row.admission.unit_id)) };
}

/** Fill an empty register through the intake command: the bench's setup (timed apart from the steps). */
export async function fillRegister(db: Database, registerSize: number, manifest: number, log: (line: string) => void = () => {}): Promise<FilledRegister> {
  const base: Register = { db };
  const { facilities, rows, men } = registerPlan(registerSize);
  const destination = { ...facilities[0]!, facility_id: randomUUID(), name: destinationName, units: facilities[0]!.units.map((u) => ({ ...u, id: randomUUID() })), capacity: { men_untried: manifest * 2, men_convicted: 10 } };
  for (const f of [...facilities, destination]) must(await execute(base, registerFacility, f, ctx('bench.setup')), 'facility');
  for (let i = 0; i < rows.length; i += 1000) {
    must(await execute(base, intakeBatch, { rows: rows.slice(i, i + 1000) }, ctx('bench.setup')), 'intake');
    log(`register: ${Math.min(i + 1000, rows.length)}/${rows.length}`);
  }
  return { destination, men };
}

/** A register filled earlier by {@link fillRegister} (a copy of a database it filled), found again by the destination's name. */
export async function filledRegister(db: Database, registerSize: number): Promise<FilledRegister> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM facility WHERE name = $1', [destinationName]);
  const { rows: units } = await db.query<{ id: string; name: string; category: string }>('SELECT id, name, category FROM facility_unit WHERE facility_id = $1', [rows[0]!.id]);
  const destination = { facility_id: rows[0]!.id, units } as unknown as RegisterFacility;
  return { destination, men: registerPlan(registerSize).men };
}

/** The handover list the bench imports, as CSV bytes. */
export function benchList(filled: FilledRegister, manifest: number, names: ListNames = 'varied'): Uint8Array {
  return Buffer.from(handoverCsv(manifest, filled.men, names), 'utf8');
}

/** Import the list as a new order from an outside authority to the destination: one command. */
export async function importList(
  register: Register,
  filled: FilledRegister,
  csv: Uint8Array,
  ids: { transfer_id: string; list_id: string } = { transfer_id: randomUUID(), list_id: randomUUID() },
  command = importHandoverList,
): Promise<ImportedList> {
  const list = readHandoverList(csv, 'handover.csv', mapping, { today: registerDay() });
  if (list.errors.length) throw new Error(`list errors: ${JSON.stringify(list.errors.slice(0, 3))}`);
  return must(
    await execute(register, command, {
      ...ids,
      new_transfer: { origin: { kind: 'authority', name: 'Fictional sending authority', country: 'SY' }, destination: { kind: 'facility', facility_id: filled.destination.facility_id }, reason: 'handover of a movement from the sending authority' },
      sender: 'Fictional sending authority',
      source: 'handover.csv',
      entries: list.entries,
    }, ctx('officer.gate', 'facility_officer')),
    'import',
  );
}

/** Run the whole movement on a migrated, empty server database. */
export async function measureTransfer(db: Database, server: string, options: TransferBenchOptions = {}): Promise<TransferFigures> {
  const registerSize = options.registerSize ?? 100_000;
  const manifest = options.manifest ?? 7_000;
  const log = options.log ?? (() => {});
  const [filled, setupSeconds] = await timed(() => fillRegister(db, registerSize, manifest, log));
  const { destination } = filled;

  const [identity, indexSeconds] = await timed(() => IdentityIndex.build(db));
  const register: Register = { db, identity };
  log(`identity index: ${identity.size} persons`);

  const csv = benchList(filled, manifest, options.listNames);
  const transfer_id = randomUUID();
  const list_id = randomUUID();
  const [imported, importSeconds] = await timed(() => importList(register, filled, csv, { transfer_id, list_id }));
  log(`imported: ${imported.rows} rows, ${imported.counts.on_order} persons on the order`);

  const [, approveSeconds] = await timed(async () => must(await execute(register, approveTransfer, { transfer_id }, ctx('supervisor.duty')), 'approve'));
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const [, dispatchSeconds] = await timed(async () =>
    must(await execute(register, dispatchTransfer, { transfer_id, escort_authority: 'Fictional escort command', escort_commander: 'Captain F. Fictional', releasing_official: 'Official R. Fictional', occurred_at: at }, ctx('officer.origin', 'facility_officer')), 'dispatch'),
  );
  log('dispatched');
  const { rows: members } = await db.query<{ person_id: string; register_number: string }>('SELECT tp.person_id, p.register_number FROM transfer_person tp JOIN person p ON p.id = tp.person_id WHERE tp.transfer_id = $1 ORDER BY tp.position', [transfer_id]);
  const unit = destination.units.find((u) => u.category === 'men_untried')!;
  // The gate scans the list: batches of 1,000 (a scanner's upload), then the last ones one
  // scan at a time, as stragglers are checked in; both are part of receiving.
  const singles = Math.min(singleScans, members.length);
  const batched = members.slice(0, members.length - singles);
  const [, batchSeconds] = await timed(async () => {
    for (let i = 0; i < batched.length; i += gateBatch) {
      const arrivals = batched.slice(i, i + gateBatch).map((m) => ({ person_id: m.person_id, register_number: m.register_number, unit_id: unit.id, legal_status: 'untried' as const }));
      must(await execute(register, checkInBatch, { transfer_id, receiving_official: 'Official D. Fictional', occurred_at: at, arrivals }, ctx('officer.destination', 'facility_officer')), 'batch check in');
      log(`checked in: ${Math.min(i + gateBatch, batched.length)}/${members.length}`);
    }
  });
  const [, singleSeconds] = await timed(async () => {
    for (const m of members.slice(batched.length)) {
      must(await execute(register, checkInPerson, { transfer_id, person_id: m.person_id, register_number: m.register_number, receiving_official: 'Official D. Fictional', occurred_at: at, unit_id: unit.id, legal_status: 'untried' }, ctx('officer.destination', 'facility_officer')), 'check in');
    }
  });
  const checkInSeconds = batchSeconds + singleSeconds;
  const [, countSeconds] = await timed(async () => must(await execute(register, closeCount, { transfer_id, receiving_official: 'Official D. Fictional', occurred_at: at }, ctx('officer.destination', 'facility_officer')), 'count'));
  const [report, reportSeconds] = await timed(async () => (await reconciliationReport(db, list_id))!);
  if (report.counts.listed_and_received !== report.counts.persons_listed) throw new Error(`report: ${JSON.stringify(report.counts)}`);
  const key = generateEd25519NoteKey('sijill.example/receipts');
  const [, receiptSeconds] = await timed(async () => {
    must(await execute(register, issueHandoverReceipt, { transfer_id, receipt_id: randomUUID() }, ctx('officer.destination', 'facility_officer')), 'receipt');
    const document = (await signedReceipt(db, transfer_id, ed25519NoteSigner(key.signerKey)))!;
    if (!verifyReceipt(receiptFileText(document), key.verifierKey).ok) throw new Error('receipt does not verify');
  });
  return {
    server,
    registerSize,
    rows: imported.rows,
    persons: imported.counts.on_order,
    setupSeconds,
    indexSeconds,
    importSeconds,
    approveSeconds,
    dispatchSeconds,
    checkInSeconds,
    singleScans: singles,
    singleSeconds,
    countSeconds,
    reportSeconds,
    receiptSeconds,
    reviews: imported.reviews_opened,
    listedTwice: imported.counts.listed_twice,
    listNames: options.listNames ?? 'varied',
  };
}

const s = (x: number) => `${x.toFixed(1)} s`;

/** The markdown section for docs/BENCHMARKS.md. */
export function transferMarkdown(f: TransferFigures): string {
  const goal = (x: number) => (x <= 20 ? `**${s(x)}**` : `**${s(x)}** (over the 20 s goal)`);
  return `## Transfers and handover lists (issue 5)

A handover list of ${f.rows.toLocaleString('en')} rows (CSV, generated fictional names with the variant spellings lists use; ${f.listedTwice} rows list a person a second time; ${f.reviews} duplicate reviews were opened for new entries whose names and evidence match an existing one at 0.8 or more — ${f.listNames === 'varied' ? 'a few rows copy a register entry, the rest match by chance' : 'most are chance matches: the names were drawn from the register’s own few dozen words'}) from an outside authority, on ${f.server}, against a register of ${f.registerSize.toLocaleString('en')} persons (filled through the intake command in ${s(f.setupSeconds)}, the setup, not a step; the identity index built in ${s(f.indexSeconds)}, once, as the server does at start). Each step is one command through the write path, timed alone.

| step | figure |
| --- | --- |
| import and reconcile: read the CSV, match every row (within the list, and against the register), register ${(f.persons - 0).toLocaleString('en')} persons, draw up the order, write the list — one transaction | ${goal(f.importSeconds)} |
| approve | ${s(f.approveSeconds)} |
| dispatch ${f.persons.toLocaleString('en')} persons | ${goal(f.dispatchSeconds)} |
| receive: ${f.persons.toLocaleString('en')} check-ins — the scanned list in uploads of ${gateBatch.toLocaleString('en')}, the last ${f.singleScans} one scan each | ${goal(f.checkInSeconds)} (single scans ${((f.singleSeconds * 1000) / Math.max(1, f.singleScans)).toFixed(1)} ms each) |
| close the count | ${s(f.countSeconds)} |
| reconciliation report after the count | ${s(f.reportSeconds)} |
| issue, sign and verify the receipt | ${s(f.receiptSeconds)} |

Goal: ≤ 20 s for each of import, dispatch and receipt.
`;
}

/** Measure on a scratch database of the server at `adminUrl`; the markdown section. */
export async function transferBench(adminUrl: string, options: TransferBenchOptions = {}): Promise<string> {
  const scratch = await createScratchDatabase(adminUrl, 'sijill_bench');
  const db = openPostgres(scratch.url);
  try {
    await migrate(db);
    const v = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    return transferMarkdown(await measureTransfer(db, `PostgreSQL ${v} (127.0.0.1)`, options));
  } finally {
    await db.close();
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.SIJILL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const registerSize = Number(process.argv[2] ?? 100_000);
  const manifest = Number(process.argv[3] ?? 7_000);
  console.log(await transferBench(url, { registerSize, manifest, log: (line) => process.stderr.write(`${line}\n`) }));
}
