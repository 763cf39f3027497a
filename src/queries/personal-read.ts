/**
 * Reads of personal data, audited (MR6, ICPPED 22). Every read that shows persons' data —
 * to the API, to the web pages, to a monitor fetching the log's entries — goes through
 * `readPersonal`, which runs the read and records, in the same transaction and before the
 * data is returned, who read which persons and why. If the audit cannot be written, nothing
 * is shown. This is the only module that writes the read audit.
 *
 * A read by a state's liaison officer is also a sharing with that state (STANDARDS D): its
 * reader names the state, the legal basis and the fields shown, and the same transaction
 * writes the sharing record (`sharing_record`) — recipient, basis, fields, persons, when.
 */
import type { Database, Queryable } from '../store/database.ts';

/** Who reads, why (shown in the audit: "record", "lookup", "handover list …"), and when. */
export interface Reader {
  readonly accountId: string;
  readonly purpose: string;
  readonly now: Date;
  /** Set when the reader is a state's liaison officer: what is shared with that state, and on what basis. */
  readonly sharing?: Sharing;
}

/** A sharing with a state: the recipient state, the legal basis (null: none recorded, the minimal default), the fields shown. */
export interface Sharing {
  readonly state: string;
  readonly legalBasis: string | null;
  readonly fields: readonly string[];
}

const isDatabase = (q: Queryable | Database): q is Database => typeof (q as Partial<Database>).transaction === 'function';

/**
 * Record that `reader` read these persons. Ids that are no register entry (a row of a list
 * that only a dry run would register) are not recorded: there was no record to read.
 */
async function recordRead(tx: Queryable, reader: Reader, personIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(personIds)];
  if (!ids.length) return;
  await tx.query('INSERT INTO read_audit (account_id, person_id, what, read_at) SELECT $1, p.id, $3, $4 FROM person p WHERE p.id = ANY($2::uuid[]) ORDER BY p.id', [
    reader.accountId,
    ids,
    reader.purpose,
    reader.now.toISOString(),
  ]);
  if (reader.sharing) {
    const { state, legalBasis, fields } = reader.sharing;
    await tx.query(
      `INSERT INTO sharing_record (account_id, state, legal_basis, fields, what, person_ids, shared_at)
       SELECT $1, $2, $3, $4, $5, ARRAY(SELECT p.id FROM person p WHERE p.id = ANY($6::uuid[]) ORDER BY p.id), $7`,
      [reader.accountId, state, legalBasis, [...fields], reader.purpose, ids, reader.now.toISOString()],
    );
  }
}

/**
 * Run `read` and audit the persons `personsOf` finds in its result, in one transaction:
 * given a database, a transaction of its own; given a transaction, that one.
 */
export async function readPersonal<T>(q: Queryable | Database, reader: Reader, read: (tx: Queryable) => Promise<T>, personsOf: (result: T) => Iterable<string>): Promise<T> {
  const work = async (tx: Queryable) => {
    const result = await read(tx);
    await recordRead(tx, reader, personsOf(result));
    return result;
  };
  return isDatabase(q) ? q.transaction(work) : work(q);
}

/** Audit persons whose data the caller already holds and is about to show (an answer computed elsewhere, such as a command's). */
export async function shownPersonal(q: Queryable | Database, reader: Reader, personIds: Iterable<string>): Promise<void> {
  await readPersonal(q, reader, async () => [...personIds], (ids) => ids);
}
