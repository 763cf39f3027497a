/**
 * The record of sharings with states (STANDARDS D): each read or download by a state's liaison
 * officer, as queries/personal-read.ts wrote it — to which state and account, on what legal
 * basis, which fields, how many persons (and, for one sharing, which), when, and what was read.
 */
import type { Queryable } from '../store/database.ts';

export interface SharingRecordEntry {
  readonly id: number;
  readonly state: string;
  /** The username of the account that received it. */
  readonly account: string;
  readonly legal_basis: string | null;
  readonly fields: readonly string[];
  readonly what: string;
  readonly persons: number;
  readonly shared_at: string;
}

export interface SharingRecordDetail extends SharingRecordEntry {
  readonly person_list: readonly { readonly id: string; readonly register_number: string }[];
}

const columns = `s.id::int AS id, s.state, a.username AS account, s.legal_basis, s.fields, s.what, cardinality(s.person_ids) AS persons,
  to_char(s.shared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS shared_at`;

/** Sharings, the latest first, of one state or all; and how many there are in all. */
export async function sharingRecords(q: Queryable, filter: { state?: string; limit: number; offset: number }): Promise<{ records: SharingRecordEntry[]; total: number }> {
  const [{ rows }, { rows: count }] = await Promise.all([
    q.query<SharingRecordEntry>(
      `SELECT ${columns} FROM sharing_record s JOIN account a ON a.id = s.account_id
        WHERE ($1::text IS NULL OR s.state = $1) ORDER BY s.shared_at DESC, s.id DESC LIMIT $2 OFFSET $3`,
      [filter.state ?? null, filter.limit, filter.offset],
    ),
    q.query<{ n: string | number }>('SELECT count(*) AS n FROM sharing_record WHERE ($1::text IS NULL OR state = $1)', [filter.state ?? null]),
  ]);
  return { records: rows, total: Number(count[0]!.n) };
}

/** One sharing, with the persons it concerned (register-number order), or null. */
export async function sharingRecord(q: Queryable, id: number): Promise<SharingRecordDetail | null> {
  const { rows } = await q.query<SharingRecordEntry & { person_ids: string[] }>(`SELECT ${columns}, s.person_ids FROM sharing_record s JOIN account a ON a.id = s.account_id WHERE s.id = $1`, [id]);
  const found = rows[0];
  if (!found) return null;
  const { person_ids, ...entry } = found;
  const { rows: persons } = await q.query<{ id: string; register_number: string }>('SELECT id, register_number FROM person WHERE id = ANY($1::uuid[]) ORDER BY register_number', [person_ids]);
  return { ...entry, person_list: persons };
}
