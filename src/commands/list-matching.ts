/**
 * Matching the rows of a handover list: how a row's names are looked up (with the row's date
 * of birth, nationality, sex and mother's name as evidence), and which rows list a person a
 * second time — an earlier row with the same sender id or register number, or whose names and
 * evidence agree with the row's (scoring at least {@link sameRowThreshold}). For that, each
 * row's names are looked up among the earlier rows that list someone first, in order.
 *
 * Matching a list with itself is most of what an import costs (each row meets the earlier rows
 * that share its common given names), and nothing else in the import needs its answer until
 * the register has been searched too. So a long list is matched with itself in a worker thread
 * ({@link listedEarlierAside}) while the import searches the register on this one: the same
 * code on the same rows, the same answer.
 */
import { Worker } from 'node:worker_threads';
import { sameRowThreshold, type HandoverListEntry, type RowCandidate } from '../domain/reconciliation.ts';
import { NameIndex, type NameQuery } from '../match/name-index.ts';
import { matchDate } from '../queries/identity-index.ts';

/** The names a row gives, Arabic first. */
export const namesOfEntry = (e: HandoverListEntry) => [e.name_arabic, e.name_latin].filter((n): n is string => Boolean(n));

/** The look-up of one of a row's names, with the row's evidence. */
export function queryOf(e: HandoverListEntry, name: string): NameQuery {
  return {
    name,
    dob: matchDate(e.dob),
    ...(e.nationalities.length && !e.nationalities.includes('unknown') ? { nationalities: e.nationalities } : {}),
    ...(e.sex && e.sex !== 'unknown' ? { sex: e.sex } : {}),
    ...(e.mother_name ? { motherName: e.mother_name } : {}),
  };
}

/** Best score per person over several searches, best first, at or above a threshold. */
export function best(found: Iterable<RowCandidate>, threshold: number, top = 3): RowCandidate[] {
  const by = new Map<string, RowCandidate>();
  for (const c of found) if (c.score >= threshold && (by.get(c.person_id)?.score ?? -Infinity) < c.score) by.set(c.person_id, c);
  return [...by.values()].sort((a, b) => b.score - a.score || (a.person_id < b.person_id ? -1 : 1)).slice(0, top);
}

/**
 * Rows listing a person already listed by an earlier row, by the earlier row: the same sender
 * id or register number, or names and evidence agreeing. Per row, in order: the first row's
 * number, or null for a row that lists someone first.
 */
export function listedEarlier(entries: readonly HandoverListEntry[]): (number | null)[] {
  const same = listedEarlierByKey(entries);
  const index = new NameIndex();
  const out: (number | null)[] = [];
  for (const [i, e] of entries.entries()) {
    let first = same[i]!;
    if (first === null) {
      const found: RowCandidate[] = [];
      for (const name of namesOfEntry(e)) {
        for (const c of index.search(queryOf(e, name), { top: 3, explain: false }).candidates) found.push({ person_id: c.id, score: c.score });
      }
      const earlier = best(found, sameRowThreshold, 1)[0];
      if (earlier) first = Number(earlier.person_id);
    }
    out.push(first);
    // Only first listings are indexed: a third listing points at the first, not at the second.
    if (first === null) {
      index.add(String(e.row), namesOfEntry(e), {
        dob: matchDate(e.dob),
        nationalities: e.nationalities.filter((n) => n !== 'unknown'),
        ...(e.sex && e.sex !== 'unknown' ? { sex: e.sex } : {}),
        motherNames: e.mother_name ? [e.mother_name] : [],
      });
    }
  }
  return out;
}

/**
 * The part of {@link listedEarlier} that needs no matching: the earlier row with the same
 * sender id or register number (null where there is none). A row it answers is a second
 * listing whatever the names say.
 */
export function listedEarlierByKey(entries: readonly HandoverListEntry[]): (number | null)[] {
  const firstBy = new Map<string, number>();
  return entries.map((e) => {
    let same: number | null = null;
    for (const key of [e.sender_id && `id:${e.sender_id.toLowerCase()}`, e.register_number && `rn:${e.register_number}`]) {
      if (!key) continue;
      const first = firstBy.get(key);
      if (first !== undefined && same === null) same = first;
      else if (first === undefined) firstBy.set(key, e.row);
    }
    return same;
  });
}

/** From how many rows a list is matched with itself in a worker thread (starting one costs a few tenths of a second). */
export const asideFrom = 500;

/**
 * The worker: TypeScript is loaded as the command line loads it (bin/sijill.js), then this
 * module, whose {@link listedEarlier} answers.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then(({ register }) => { register(); return import(workerData.module); })
  .then(({ listedEarlier }) => parentPort.postMessage({ ok: true, same: listedEarlier(workerData.entries) }))
  .catch((error) => parentPort.postMessage({ ok: false, message: error instanceof Error ? error.stack ?? error.message : String(error) }));
`;

/** {@link listedEarlier}, computed in a worker thread while this one goes on. */
export async function listedEarlierAside(entries: readonly HandoverListEntry[]): Promise<(number | null)[]> {
  const worker = new Worker(workerSource, { eval: true, workerData: { tsx: import.meta.resolve('tsx/esm/api'), module: import.meta.url, entries } });
  try {
    const outcome = await new Promise<{ ok: boolean; same?: (number | null)[]; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`matching the list with itself stopped (worker exit ${code})`)));
    });
    if (!outcome.ok) throw new Error(`matching the list with itself failed: ${outcome.message}`);
    return outcome.same!;
  } finally {
    await worker.terminate();
  }
}
