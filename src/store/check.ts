/**
 * `sijill check`: the register verifies itself. Every leaf hash recomputes from the stored
 * bytes; the indexed columns agree with the bytes; every person's chain of events is
 * unbroken (no gap, no fork, no reordering); the projections equal a fresh replay of the
 * log; every event fits a tlog-tiles entry (65,535 bytes), so monitors can read it;
 * and the custody invariant holds (periods follow each other with no gap or overlap,
 * exactly one is open, and it agrees with the person's state; everyone in transit is in
 * transit on exactly one open transfer, on its open leg, and is listed there as such; everyone
 * lodged at a stop is held at that stop's facility while the escort is lodged there); and what is
 * kept beside the log under a digest an event holds (a confidential complaint's sealed words, an
 * answer as given) still gives that digest, and no sealed words the log names are missing.
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from './database.ts';
import { maxEventBytes } from '../domain/event-size.ts';
import { leafHash, parseEventBytes } from './event-log.ts';
import { createProjectionTables, projectionTables } from './projections.ts';
import { eventRows, replayInto } from './replay.ts';
import { sealOf } from './sealed-texts.ts';

export interface Finding {
  /**
   * `size`: an event larger than a tlog-tiles entry carries, so monitors cannot read it (written before the write path refused such events);
   * `kept`: what is kept beside the log under a digest an event holds is missing or no longer gives it.
   */
  readonly check: 'log' | 'leaf' | 'chain' | 'projection' | 'custody' | 'size' | 'kept';
  readonly message: string;
}

export interface CheckReport {
  readonly ok: boolean;
  readonly events: number;
  readonly persons: number;
  readonly findings: readonly Finding[];
}

const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : null);

/** Leaves, columns and per-person chains, streamed from the log. */
async function checkLog(q: Queryable, findings: Finding[]): Promise<{ events: number; persons: number }> {
  const heads = new Map<string, { idx: number; hash: string; length: number }>();
  let expected = 0;
  for await (const rows of eventRows(q)) {
    for (const row of rows) {
      const at = `event ${row.idx} (${row.event_id})`;
      if (row.idx !== expected) findings.push({ check: 'log', message: `events ${expected}–${row.idx - 1} are missing before ${at}` });
      expected = row.idx + 1;
      const hash = leafHash(row.bytes).toString('hex');
      if (hash !== hex(row.leaf_hash)) findings.push({ check: 'leaf', message: `${at}: leaf hash does not recompute from the stored bytes` });
      if (row.bytes.length > maxEventBytes) {
        findings.push({ check: 'size', message: `${at}, ${row.kind}: ${row.bytes.length} bytes, more than a log entry carries (${maxEventBytes}); monitors cannot read the entry bundle that holds it` });
      }
      let envelope;
      try {
        envelope = parseEventBytes(row.idx, row.bytes).envelope;
      } catch {
        findings.push({ check: 'leaf', message: `${at}: stored bytes are not JSON` });
        continue;
      }
      const columnsAgree =
        envelope.id === row.event_id &&
        envelope.kind === row.kind &&
        envelope.person === row.person_id &&
        (envelope.prev?.idx ?? null) === row.prev_person_idx &&
        (envelope.prev?.hash ?? null) === hex(row.prev_person_hash) &&
        Date.parse(envelope.occurred_at) === row.occurred_at.getTime() &&
        Date.parse(envelope.recorded_at) === row.recorded_at.getTime() &&
        envelope.actor === row.actor;
      if (!columnsAgree) findings.push({ check: 'leaf', message: `${at}: indexed columns disagree with the stored bytes` });
      if (envelope.person) {
        const head = heads.get(envelope.person);
        const want = head ? `${head.idx}:${head.hash}` : 'none';
        const got = envelope.prev ? `${envelope.prev.idx}:${envelope.prev.hash}` : 'none';
        if (want !== got) {
          findings.push({ check: 'chain', message: `${at}: person ${envelope.person}'s chain is broken — the event links to ${got}, but the person's previous event in the log is ${want}` });
        }
        heads.set(envelope.person, { idx: row.idx, hash, length: (head?.length ?? 0) + 1 });
      }
    }
  }
  const size = (await q.query<{ size: number }>('SELECT size FROM log_head')).rows[0]?.size;
  if (size !== expected) findings.push({ check: 'log', message: `the log head says ${size} events, the log holds ${expected}` });
  const stored = await q.query<{ person_id: string; last_idx: number; last_hash: Uint8Array; length: number }>('SELECT * FROM person_chain');
  for (const row of stored.rows) {
    const head = heads.get(row.person_id);
    if (!head || head.idx !== row.last_idx || head.hash !== hex(row.last_hash) || head.length !== row.length) {
      findings.push({ check: 'chain', message: `person ${row.person_id}: chain head on record (event ${row.last_idx}) does not match the log (event ${head?.idx ?? 'none'})` });
    }
  }
  if (stored.rows.length !== heads.size) findings.push({ check: 'chain', message: `${heads.size} persons have events in the log, ${stored.rows.length} chain heads are on record` });
  return { events: expected, persons: heads.size };
}

class RollBack extends Error {}

/** Replay the log into a scratch schema and compare it with the projections; nothing is kept. */
async function checkProjections(db: Database, findings: Finding[]): Promise<void> {
  const differences: Finding[] = [];
  await db
    .transaction(async (tx) => {
      await tx.exec('CREATE SCHEMA sijill_replay; SET LOCAL search_path TO sijill_replay, public;');
      await createProjectionTables(tx);
      await replayInto(tx);
      for (const table of projectionTables) {
        const { rows } = await tx.query<{ missing: number; extra: number }>(
          `SELECT (SELECT count(*) FROM (SELECT * FROM sijill_replay.${table} EXCEPT ALL SELECT * FROM public.${table}) a) AS missing,
                  (SELECT count(*) FROM (SELECT * FROM public.${table} EXCEPT ALL SELECT * FROM sijill_replay.${table}) b) AS extra`,
        );
        const { missing, extra } = rows[0]!;
        if (missing || extra) differences.push({ check: 'projection', message: `table ${table} differs from a replay of the log: ${missing} rows missing or changed, ${extra} rows not explained by the log` });
      }
      throw new RollBack();
    })
    .catch((error) => {
      if (!(error instanceof RollBack)) throw error;
    });
  findings.push(...differences);
}

/**
 * DESIGN 3.2 on the projections: one open custody period per person, contiguous, agreeing
 * with the person; and a person in transit answers to exactly one open transfer (one not
 * closed or cancelled), which lists them as in transit, in a discrepancy or unaccounted, on
 * the leg its escort travels now (an unaccounted person: on that leg or an earlier one). A
 * person lodged at a stop is in custody at that stop's facility, while the escort is there.
 */
async function checkCustody(q: Queryable, findings: Finding[]): Promise<void> {
  const { rows } = await q.query<{ person_id: string; problem: string }>(`
    WITH p AS (
      SELECT c.*, lead(c.from_idx) OVER w AS next_from, lead(c.seq) OVER w AS next_seq, row_number() OVER w AS n
        FROM custody_period c WINDOW w AS (PARTITION BY c.person_id ORDER BY c.seq))
    SELECT person_id, 'period ' || seq || ' is followed by a gap or an overlap' AS problem FROM p
     WHERE next_seq IS NOT NULL AND (to_idx IS NULL OR to_idx <> next_from OR next_seq <> seq + 1)
    UNION ALL
    SELECT person_id, 'period ' || seq || ' is the last but is closed' FROM p WHERE next_seq IS NULL AND to_idx IS NOT NULL
    UNION ALL
    SELECT person_id, 'periods do not start at 1' FROM p WHERE n = 1 AND seq <> 1
    UNION ALL
    SELECT x.id, 'state ' || x.custody_status || ' disagrees with the open custody period' FROM person x
      LEFT JOIN custody_period c ON c.person_id = x.id AND c.to_idx IS NULL
     WHERE c.person_id IS NULL OR c.status <> x.custody_status OR c.facility_id IS DISTINCT FROM x.facility_id
    UNION ALL
    SELECT x.id, 'in custody without a facility and unit' FROM person x
     WHERE x.custody_status = 'in_custody' AND (x.facility_id IS NULL OR x.unit_id IS NULL)
    UNION ALL
    SELECT x.id, 'in transit on ' || count(t.id) || ' open transfers; exactly one must answer for the person' FROM person x
      LEFT JOIN transfer_person tp ON tp.person_id = x.id AND tp.status IN ('in_transit', 'discrepancy', 'unaccounted')
      LEFT JOIN transfer t ON t.id = tp.transfer_id AND t.status NOT IN ('closed', 'cancelled')
     WHERE x.custody_status = 'in_transit' GROUP BY x.id HAVING count(t.id) <> 1
    UNION ALL
    SELECT tp.person_id, 'listed as ' || tp.status || ' on transfer ' || tp.transfer_id || ' but ' || x.custody_status FROM transfer_person tp
      JOIN person x ON x.id = tp.person_id
     WHERE tp.status IN ('in_transit', 'discrepancy', 'unaccounted') AND x.custody_status <> 'in_transit'
    UNION ALL
    SELECT c.person_id, 'the open in-transit period names transfer ' || COALESCE(c.transfer_id::text, 'none') || ', not the one the person is in transit on' FROM custody_period c
     WHERE c.to_idx IS NULL AND c.status = 'in_transit'
       AND NOT EXISTS (SELECT 1 FROM transfer_person tp WHERE tp.person_id = c.person_id AND tp.transfer_id = c.transfer_id AND tp.status IN ('in_transit', 'discrepancy', 'unaccounted'))
    UNION ALL
    SELECT tp.person_id, tp.status || ' on leg ' || COALESCE(tp.leg::text, 'none') || ' of transfer ' || t.id || ', but its escort is '
           || CASE WHEN t.at_stop IS NULL THEN 'on leg ' || t.next_stop ELSE 'lodged at stop ' || t.at_stop END || ': an open leg must answer for the person' FROM transfer_person tp
      JOIN transfer t ON t.id = tp.transfer_id
     WHERE t.status NOT IN ('closed', 'cancelled')
       AND ((tp.status IN ('in_transit', 'discrepancy') AND (tp.leg IS DISTINCT FROM t.next_stop OR t.at_stop IS NOT NULL))
         OR (tp.status = 'unaccounted' AND (tp.leg IS NULL OR tp.leg > t.next_stop)))
    UNION ALL
    SELECT tp.person_id, 'lodged at stop ' || COALESCE(tp.leg::text, 'none') || ' of transfer ' || t.id || ' (' || t.status || ', escort ' || COALESCE('at stop ' || t.at_stop, 'on the road')
           || ') but ' || x.custody_status || COALESCE(' at ' || x.facility_id, '') FROM transfer_person tp
      JOIN transfer t ON t.id = tp.transfer_id JOIN person x ON x.id = tp.person_id
     WHERE tp.status = 'at_stop'
       AND (t.status <> 'dispatched' OR t.at_stop IS DISTINCT FROM tp.leg OR x.custody_status <> 'in_custody' OR x.facility_id IS DISTINCT FROM (t.stops->>t.at_stop)::uuid)
    ORDER BY 1 LIMIT 1000`);
  for (const row of rows) findings.push({ check: 'custody', message: `person ${row.person_id}: ${row.problem}` });
}

/**
 * What is kept beside the log: sealed words and answers as given each still give the digest they
 * are kept under, and every seal a complaint or allegation holds (the projections equal the log's
 * replay, checked above) has its words kept.
 */
async function checkKept(q: Queryable, findings: Finding[]): Promise<void> {
  const sealed = await q.query<{ sha256: string; salt: string; words: string }>('SELECT sha256, salt, words FROM sealed_text');
  for (const r of sealed.rows) if (sealOf(r.salt, r.words) !== r.sha256) findings.push({ check: 'kept', message: `sealed words kept under ${r.sha256} no longer give that seal` });
  const answers = await q.query<{ sha256: string; answer: string }>('SELECT sha256, answer FROM given_answer');
  for (const r of answers.rows) if (createHash('sha256').update(r.answer).digest('hex') !== r.sha256) findings.push({ check: 'kept', message: `the answer kept under ${r.sha256} no longer gives that digest` });
  const missing = await q.query<{ seal: string; kind: string; id: string }>(
    `WITH seals AS (
       SELECT record->>'text_sha256' AS seal, 'complaint' AS kind, id FROM complaint
       UNION ALL SELECT record->'answer'->>'text_sha256', 'complaint answer', id FROM complaint
       UNION ALL SELECT record->>'account_sha256', 'allegation', id FROM allegation
       UNION ALL SELECT record->'closed'->>'findings_sha256', 'allegation findings', id FROM allegation)
     SELECT s.seal, s.kind, s.id::text FROM seals s WHERE s.seal IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sealed_text t WHERE t.sha256 = s.seal) ORDER BY s.kind, s.id`,
  );
  for (const r of missing.rows) findings.push({ check: 'kept', message: `${r.kind} ${r.id}: the words sealed in the log (${r.seal}) are not kept beside it` });
}

/** Run every check. */
export async function checkRegister(db: Database): Promise<CheckReport> {
  const findings: Finding[] = [];
  const { events, persons } = await checkLog(db, findings);
  await checkProjections(db, findings);
  await checkCustody(db, findings);
  await checkKept(db, findings);
  return { ok: findings.length === 0, events, persons, findings };
}
