/**
 * Checking the register's published figures from outside (issue 17).
 *
 * Anyone (no account): every publication served at `/figures.json?publication=n` must be what
 * the log holds — its two events' bytes hash to leaves that an inclusion proof puts under a
 * checkpoint signed by the log's key, and the tables, parameters and log size served are the
 * ones in the `figures.prepared` event; the approval names the same publication and number, by
 * another official.
 *
 * A monitor with `log.read_entries` also recomputes every publication: it folds the entries
 * from the first to the publication's log size with the register's own fold
 * (domain/figures.ts), applies the same disclosure control with the publication's parameters
 * (domain/disclosure-control.ts) and compares cell by cell, and the instant the figures were
 * measured at and the day they stand at with the fold's. A table that does not follow from the
 * log — a number changed in the event before it was signed, or a size that does not match the
 * entries — is a finding. Entries are read through the same tiles `sijill monitor`
 * checks against the tree (run it first: it proves each entry hashes to its leaf).
 */
import { canonicalJson } from '../ledger/canonical-json.ts';
import { openCheckpoint } from '../ledger/checkpoint.ts';
import { leafHash, verifyInclusion } from '../ledger/rfc6962.ts';
import { ed25519NoteVerifier } from '../ledger/signed-note.ts';
import { TILE_WIDTH } from '../ledger/tiles.ts';
import { protectTables, type DisclosureParameters, type ProtectedTable } from '../domain/disclosure-control.ts';
import { FiguresFold, type NotMeasured, type TableRequest } from '../domain/figures.ts';
import { defaultClockRules, type ClockRules } from '../domain/clocks/rules.ts';
import { LogClient, LogHttpError, mapLimited } from './log-client.ts';
import { entryViews } from './monitor.ts';

export interface FiguresCheckOptions {
  /** The register's address, e.g. `https://register.example` (figures at /figures.json). */
  readonly siteUrl: string;
  /** The log's URL prefix (default: the site's `/log`). */
  readonly logUrl?: string;
  readonly verifierKey: string;
  readonly origin?: string;
  /** A Cookie header for a session holding `log.read_entries`: then every publication is recomputed. */
  readonly cookie?: string;
  readonly concurrency?: number;
}

/** What a check found wrong with a publication. */
export interface FiguresFinding {
  readonly publication: number;
  /** served: the served figures differ from the log's event; checkpoint/inclusion: not proven in the log; recomputed: the tables do not follow from the entries. */
  readonly check: 'served' | 'checkpoint' | 'inclusion' | 'approval' | 'recomputed';
  readonly message: string;
}

export interface FiguresCheckReport {
  readonly ok: boolean;
  readonly publications: number;
  /** Whether the tables were recomputed from the entries (needs log.read_entries). */
  readonly recomputed: boolean;
  readonly findings: readonly FiguresFinding[];
}

interface ServedDocument {
  number: number;
  publications: number;
  publication_id: string;
  log_size: number;
  as_of: string | null;
  measured_at?: string | null;
  checkpoint: string | null;
  threshold: number;
  rounding: number;
  publish_zeros: boolean;
  tables: unknown;
  not_measured: unknown;
  events: { prepared: { index: number; entry: string }; approved: { index: number; entry: string } };
}

interface PreparedData {
  publication_id: string;
  log_size: number;
  as_of: string | null;
  /** Absent in publications made before the instant measured at was recorded. */
  measured_at?: string | null;
  parameters: DisclosureParameters;
  requests: TableRequest[];
  tables: ProtectedTable[];
  not_measured: NotMeasured[];
  clock_rules?: ClockRules;
  prepared_by: string;
}

interface Envelope {
  kind: string;
  person: string | null;
  occurred_at: string;
  actor?: string;
  data: unknown;
}

/**
 * The tables of one publication recomputed from a fold standing at its log size: with the clock
 * rules it was measured with (the defaults for a publication that does not name them), and
 * without the columns it listed as not measured.
 */
export function recomputeTables(
  fold: FiguresFold,
  prepared: Pick<PreparedData, 'parameters' | 'requests'> & Partial<Pick<PreparedData, 'not_measured' | 'clock_rules' | 'as_of' | 'measured_at'>>,
): ProtectedTable[] {
  const options = {
    clockRules: prepared.clock_rules ?? defaultClockRules,
    notMeasured: Array.isArray(prepared.not_measured) ? prepared.not_measured : [],
    // A publication that did not record the instant it measured stood at that instant's UTC day (checked by standingDifference).
    ...(prepared.measured_at === undefined && prepared.as_of !== undefined ? { asOf: prepared.as_of } : {}),
  };
  return protectTables(fold.tables(prepared.requests, prepared.parameters.threshold, options), prepared.parameters);
}

/**
 * Where a publication's instant and day differ from those of a fold standing at its log size,
 * in words; null when they agree. The instant is the latest event folded; the day is its local
 * day on the publication's clock rules (its UTC day in a publication that did not record the instant).
 */
export function standingDifference(fold: FiguresFold, prepared: Pick<PreparedData, 'as_of' | 'measured_at' | 'clock_rules'>): string | null {
  const measured = fold.measuredAt();
  if (prepared.measured_at === undefined) {
    const day = measured === null ? null : measured.slice(0, 10);
    return prepared.as_of === day ? null : `it stands at ${prepared.as_of ?? 'no day'}, but the entries' latest event falls on ${day ?? 'no day'} (UTC)`;
  }
  if (prepared.measured_at !== measured) return `it was measured at ${prepared.measured_at ?? 'no instant'}, but the entries' latest event is at ${measured ?? 'no instant'}`;
  const day = fold.asOf(prepared.clock_rules ?? defaultClockRules);
  return prepared.as_of === day ? null : `it stands at ${prepared.as_of ?? 'no day'}, but the entries' latest event falls on ${day ?? 'no day'} (local time)`;
}

/** Where two lists of protected tables differ: the first cell, total or label that does, in words; null when equal. */
export function tableDifference(published: readonly ProtectedTable[], recomputed: readonly ProtectedTable[]): string | null {
  if (canonicalJson(published) === canonicalJson(recomputed)) return null;
  for (const [i, r] of recomputed.entries()) {
    const p = published[i];
    if (!p || p.name !== r.name) return `table ${i} should be ${r.name}, but is ${p?.name ?? 'missing'}`;
    if (canonicalJson(p.rows) !== canonicalJson(r.rows) || canonicalJson(p.columns) !== canonicalJson(r.columns)) return `${r.name}: its rows or columns are not those of the entries`;
    for (const [a, row] of r.cells.entries()) {
      for (const [b, cell] of row.entries()) {
        const got = p.cells[a]?.[b];
        if (got !== cell) return `${r.name}, row ${r.rows[a]}, column ${r.columns[b]}: published ${got === null ? 'suppressed' : got}, the entries give ${cell === null ? 'suppressed' : cell}`;
      }
    }
    if (canonicalJson([p.row_totals, p.column_totals, p.total]) !== canonicalJson([r.row_totals, r.column_totals, r.total])) return `${r.name}: its totals are not those of the entries`;
  }
  return published.length !== recomputed.length ? `${published.length} tables published, ${recomputed.length} recomputed` : 'the tables differ';
}

async function getJson(url: string, cookie?: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) } });
  if (!res.ok) throw new LogHttpError(res.status, url, await res.text());
  return res.json();
}

/** Check every publication of a register's figures. */
export async function checkPublishedFigures(options: FiguresCheckOptions): Promise<FiguresCheckReport> {
  const site = options.siteUrl.replace(/\/+$/, '');
  const client = new LogClient(options.logUrl ?? `${site}/log`, options.cookie === undefined ? {} : { cookie: options.cookie });
  const verifier = ed25519NoteVerifier(options.verifierKey);
  const origin = options.origin ?? verifier.name;
  const findings: FiguresFinding[] = [];
  try {
    let latest: ServedDocument;
    try {
      latest = (await getJson(`${site}/figures.json`)) as ServedDocument;
    } catch (error) {
      if (error instanceof LogHttpError && error.status === 404) return { ok: true, publications: 0, recomputed: false, findings: [] };
      throw error;
    }
    const documents: ServedDocument[] = [];
    for (let n = 1; n <= latest.publications; n++) documents.push(n === latest.number ? latest : ((await getJson(`${site}/figures.json?publication=${n}`)) as ServedDocument));

    const prepared = new Map<number, PreparedData>();
    for (const doc of documents) {
      const found = (check: FiguresFinding['check'], message: string) => findings.push({ publication: doc.number, check, message });
      // 1. The events served are in the log, under a checkpoint the log signed.
      if (!doc.checkpoint) {
        found('checkpoint', 'no signed checkpoint covers this publication yet');
        continue;
      }
      let root: Buffer;
      let size: number;
      try {
        const opened = openCheckpoint(doc.checkpoint, [verifier], { origin }).checkpoint;
        root = opened.rootHash;
        size = opened.size;
      } catch (error) {
        found('checkpoint', `the checkpoint served with it does not verify with the log key: ${(error as Error).message}`);
        continue;
      }
      const entries = { prepared: Buffer.from(doc.events.prepared.entry, 'base64'), approved: Buffer.from(doc.events.approved.entry, 'base64') };
      let included = true;
      for (const which of ['prepared', 'approved'] as const) {
        const { index } = doc.events[which];
        const proof = await client.inclusionProof(index, size).catch(() => null);
        if (!proof || !verifyInclusion(index, size, leafHash(entries[which]), proof.hashes, root)) {
          found('inclusion', `its ${which} event (log index ${index}) is not proven in the log of size ${size}: the bytes served do not hash to a leaf the checkpoint covers`);
          included = false;
        }
      }
      if (!included) continue;
      const prep = JSON.parse(entries.prepared.toString('utf8')) as Envelope;
      const appr = JSON.parse(entries.approved.toString('utf8')) as Envelope;
      const p = prep.data as PreparedData;
      const a = appr.data as { publication_id: string; approved_by: string; number: number };
      if (prep.kind !== 'figures.prepared' || appr.kind !== 'figures.approved' || a.publication_id !== p.publication_id || p.publication_id !== doc.publication_id || a.number !== doc.number) {
        found('approval', 'the events served are not the preparation and the approval of this publication');
        continue;
      }
      if (a.approved_by === p.prepared_by) found('approval', `approved by its preparer ${p.prepared_by}`);
      // 2. What is served is what the log holds.
      const served = { log_size: doc.log_size, as_of: doc.as_of, measured_at: doc.measured_at ?? null, threshold: doc.threshold, rounding: doc.rounding, publish_zeros: doc.publish_zeros, tables: doc.tables, not_measured: doc.not_measured };
      const logged = { log_size: p.log_size, as_of: p.as_of, measured_at: p.measured_at ?? null, threshold: p.parameters.threshold, rounding: p.parameters.rounding, publish_zeros: p.parameters.publish_zeros, tables: p.tables, not_measured: p.not_measured };
      if (canonicalJson(served) !== canonicalJson(logged)) {
        const standing = canonicalJson([served.as_of, served.measured_at]) !== canonicalJson([logged.as_of, logged.measured_at]);
        const where = tableDifference(p.tables, doc.tables as ProtectedTable[]) ?? (standing ? 'the day or instant they stand at' : 'its log size or parameters');
        found('served', `the figures served differ from those the log holds in event ${doc.events.prepared.index} (${where}): they were changed after they were signed`);
      }
      prepared.set(doc.number, p);
    }

    // 3. With the entries: recompute every publication at its log size.
    let recomputed = false;
    if (options.cookie !== undefined && prepared.size > 0) {
      const bySize = [...prepared].sort(([, x], [, y]) => x.log_size - y.log_size);
      const end = bySize[bySize.length - 1]![1].log_size;
      const fold = new FiguresFold();
      let next = 0;
      const check = () => {
        while (next < bySize.length && bySize[next]![1].log_size === fold.size) {
          const [n, p] = bySize[next++]!;
          const difference = standingDifference(fold, p) ?? tableDifference(p.tables, recomputeTables(fold, p));
          if (difference) findings.push({ publication: n, check: 'recomputed', message: `the tables do not follow from the log's first ${p.log_size} entries: ${difference}` });
        }
      };
      check();
      const tiles: number[] = [];
      for (let t = 0; t * TILE_WIDTH < end; t++) tiles.push(t);
      const window = 64;
      for (let w = 0; w < tiles.length; w += window) {
        const bundles = await mapLimited(tiles.slice(w, w + window), options.concurrency ?? 8, (t) => client.entryBundle({ kind: 'entries', index: t, width: Math.min(TILE_WIDTH, end - t * TILE_WIDTH) }));
        for (const bundle of bundles) {
          for (const entry of entryViews(bundle)) {
            const e = JSON.parse(entry.toString('utf8')) as Envelope;
            fold.apply({ kind: e.kind, person: e.person, occurred_at: e.occurred_at, data: e.data });
            check();
          }
        }
      }
      recomputed = true;
    }
    return { ok: findings.length === 0, publications: documents.length, recomputed, findings };
  } finally {
    client.close();
  }
}
