/**
 * A state's nationals as its liaison officer sees them (issue 15): the persons of that state's
 * nationality — claimed (the record holds it) or verified (a repatriation case to that state
 * confirmed it) — and of each only the fields the state's data-sharing policy allows
 * (domain/sharing-policy.ts), with the register number that names them. The state is applied in
 * every query, so a list, a search, a count or a file never holds anybody else: another state's
 * national is not found, not counted, not matched by a search.
 *
 * A search matches the register number, and — only where the policy shares them — the names
 * (every word searched is a word of one of the person's names, Arabic letters folded as clerks
 * write them: hamza forms of alif, alif maqsura, ta marbuta, short vowels and tatweel ignored;
 * Latin letters by case) and identity document numbers. A field the state is not shown is never searched: a search cannot tell it
 * what it may not see.
 */
import type { CustodyStatus } from '../domain/custody.ts';
import type { IdentityDocument } from '../domain/events.ts';
import type { LegalStatus, Sex } from '../domain/placement.ts';
import { parseRegisterNumber } from '../domain/register-number.ts';
import type { RepatriationStatus } from '../domain/repatriation.ts';
import { sharedFields, type SharedField, type SharingPolicy } from '../domain/sharing-policy.ts';
import type { DateOfBirth } from '../domain/values.ts';
import type { Queryable } from '../store/database.ts';

/** A national as a liaison officer sees them: the register number, and the fields the policy allows (the others absent). */
export interface National {
  readonly id: string;
  readonly register_number: string;
  readonly names?: readonly { readonly script: string; readonly full: string }[];
  readonly date_of_birth?: DateOfBirth;
  readonly sex?: Sex;
  readonly nationalities?: readonly string[];
  readonly languages?: readonly string[];
  readonly documents?: readonly IdentityDocument[];
  readonly custody_status?: CustodyStatus;
  readonly facility?: { readonly id: string; readonly name: string } | null;
  readonly legal_status?: LegalStatus | null;
  /** The person's latest repatriation case to this state, and where it stands. */
  readonly case_stage?: { readonly case_id: string; readonly status: RepatriationStatus } | null;
}

/** The SQL of each field, over `person p`; `$1` is the state. */
const fieldSql: Readonly<Record<SharedField, string>> = {
  names: `COALESCE((SELECT jsonb_agg(jsonb_build_object('script', n.script, 'full', n.full_name) ORDER BY n.full_name) FROM name_record n WHERE n.person_id = p.id), '[]'::jsonb)`,
  date_of_birth: 'p.dob',
  sex: 'p.sex',
  nationalities: 'p.nationalities',
  languages: 'p.languages',
  documents: `COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', d.kind, 'number', d.number, 'issuing_country', d.issuing_country) ORDER BY d.position) FROM person_document d WHERE d.person_id = p.id), '[]'::jsonb)`,
  custody_status: 'p.custody_status',
  facility: `(SELECT jsonb_build_object('id', f.id, 'name', f.name) FROM facility f WHERE f.id = p.facility_id)`,
  legal_status: 'p.legal_status',
  case_stage: `(SELECT jsonb_build_object('case_id', r.id, 'status', r.status) FROM repatriation_case r WHERE r.person_id = p.id AND r.state = $1 ORDER BY r.opened_idx DESC LIMIT 1)`,
};

/**
 * The ids of the state's nationals (`$1`): the persons whose record holds its nationality, and
 * those whose repatriation case to it confirmed the nationality; a record merged into another is
 * answered by the one it points to, so it is left out. Each branch is an index scan.
 */
const nationalIds = `SELECT p.id FROM person p WHERE p.nationalities @> ARRAY[$1::text] AND p.merged_into IS NULL
  UNION SELECT r.person_id FROM repatriation_case r JOIN person rp ON rp.id = r.person_id
         WHERE r.state = $1 AND r.record->>'nationality' IS NOT NULL AND rp.merged_into IS NULL`;

/** The same, as a condition on one person `p`: for persons already found by what was looked for. */
const isNational = `(p.nationalities @> ARRAY[$1::text] OR EXISTS (SELECT 1 FROM repatriation_case r WHERE r.person_id = p.id AND r.state = $1 AND r.record->>'nationality' IS NOT NULL)) AND p.merged_into IS NULL`;

/**
 * The words of a text as a search folds them — lower case; hamza forms of alif, alif maqsura and
 * ta marbuta as the plain letters; short vowels, shadda and tatweel left out; split at spaces and
 * hyphens — the expression of `name_record.words` (store/projections.sql), whose index answers.
 */
const nameWords = (expr: string) => `regexp_split_to_array(btrim(translate(lower(${expr}), 'أإآٱىةًٌٍَُِّْٰـ', 'اااايه')), '[[:space:]-]+')`;

export interface NationalsQuery {
  /** Words to look for: a register number; every word of one of the names (when names are shared); a document number (when documents are). */
  readonly text?: string;
  /** Only these persons (a page showing the names of the persons it lists). */
  readonly ids?: readonly string[];
  /** How many, after `offset`, in register-number order; null: every one (a download). */
  readonly limit: number | null;
  readonly offset?: number;
}

export interface NationalsPage {
  /** How many of the state's nationals match, in all. */
  readonly total: number;
  readonly nationals: National[];
}

/**
 * The state's nationals that match, as its policy lets them be seen, in register-number order;
 * the state is applied in the query. One statement: the persons found are gathered once, counted,
 * and only the page asked for is read.
 */
export async function findNationals(q: Queryable, state: string, policy: SharingPolicy, query: NationalsQuery): Promise<NationalsPage> {
  const params: unknown[] = [state];
  // With words or ids to look for, the persons they name are found first (by index) and kept if
  // they are the state's nationals; with neither, the state's nationals are every one listed.
  const sources: string[] = [];
  const text = query.text?.trim();
  if (text) {
    const number = parseRegisterNumber(text);
    if (number) {
      params.push(number);
      sources.push(`SELECT id FROM person WHERE register_number = $${params.length}`);
    }
    if (policy.fields.includes('names')) {
      params.push(text);
      sources.push(`SELECT person_id FROM name_record WHERE words @> ${nameWords(`$${params.length}::text`)}`);
    }
    if (policy.fields.includes('documents')) {
      params.push(text);
      sources.push(`SELECT person_id FROM person_document WHERE upper(number) = upper($${params.length}::text)`);
    }
    if (!sources.length) sources.push('SELECT NULL::uuid WHERE FALSE');
  }
  const conditions = sources.length ? [`p.id IN (${sources.join(' UNION ')})`] : [];
  if (query.ids) {
    params.push([...query.ids]);
    conditions.push(`p.id = ANY($${params.length}::uuid[])`);
  }
  // Persons found by what was looked for are kept if they are nationals; otherwise every national is.
  const found = conditions.length ? [...conditions, isNational].join(' AND ') : `p.id IN (${nationalIds})`;
  let page = '';
  if (query.limit !== null) {
    params.push(query.limit, query.offset ?? 0);
    page = ` LIMIT $${params.length - 1} OFFSET $${params.length}`;
  }
  const columns = sharedFields.filter((f) => policy.fields.includes(f)).map((f) => `, ${fieldSql[f]} AS ${f}`).join('');
  const { rows } = await q.query<National & { total: string | number }>(
    `WITH found AS (SELECT p.id, p.register_number FROM person p WHERE ${found})
     SELECT t.total, p.id, p.register_number${columns}
       FROM (SELECT count(*) AS total FROM found) t
       LEFT JOIN LATERAL (SELECT f.id FROM found f ORDER BY f.register_number${page}) shown ON true
       LEFT JOIN person p ON p.id = shown.id
      ORDER BY p.register_number`,
    params,
  );
  return { total: Number(rows[0]?.total ?? 0), nationals: rows.filter((r) => r.id !== null).map(({ total: _total, ...n }) => n as National) };
}

/** One of the state's nationals, as its policy lets them be seen; null for anybody else (as for nobody). */
export async function nationalOf(q: Queryable, state: string, policy: SharingPolicy, id: string): Promise<National | null> {
  const { nationals } = await findNationals(q, state, policy, { ids: [id], limit: 1 });
  return nationals[0] ?? null;
}

/** Whether a person is one of the state's nationals (the scope of a liaison's read of one person). */
export async function isNationalOf(q: Queryable, state: string, id: string): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM person p WHERE p.id = $2::uuid AND ${isNational}`, [state, id]);
  return rows.length > 0;
}

/** A date of birth as a file's cell: the day, the year, `from/to` (ISO 8601), or `unknown`. */
function dobCell(dob: DateOfBirth | undefined): string {
  if (!dob) return '';
  switch (dob.kind) {
    case 'exact':
      return dob.date;
    case 'year':
      return String(dob.year);
    case 'range':
      return `${dob.from}/${dob.to}`;
    case 'unknown':
      return 'unknown';
  }
}

/** One cell per shared field: codes, not words (the reader's language is in the titles only). */
const cellOf: Readonly<Record<SharedField, (n: National) => string>> = {
  names: (n) => (n.names ?? []).map((x) => x.full).join('; '),
  date_of_birth: (n) => dobCell(n.date_of_birth),
  sex: (n) => n.sex ?? '',
  nationalities: (n) => (n.nationalities ?? []).join(';'),
  languages: (n) => (n.languages ?? []).join(';'),
  documents: (n) => (n.documents ?? []).map((d) => `${d.kind}:${d.issuing_country}:${d.number}`).join('; '),
  custody_status: (n) => n.custody_status ?? '',
  facility: (n) => n.facility?.name ?? '',
  legal_status: (n) => n.legal_status ?? '',
  case_stage: (n) => n.case_stage?.status ?? '',
};

/** The columns of a nationals' file: the register number, then the shared fields in the closed list's order. */
export function nationalsColumns(policy: SharingPolicy): string[] {
  return ['register_number', ...sharedFields.filter((f) => policy.fields.includes(f))];
}

/** The rows of a nationals' file (the header first): titles given by column (the reader's language), else the columns' names. */
export function nationalsCells(nationals: readonly National[], policy: SharingPolicy, titles: Readonly<Record<string, string | undefined>> = {}): string[][] {
  const columns = nationalsColumns(policy);
  const fields = columns.slice(1) as SharedField[];
  return [columns.map((c) => titles[c] ?? c), ...nationals.map((n) => [n.register_number, ...fields.map((f) => cellOf[f](n))])];
}
