/**
 * The engine of `sijill match --gallery G.jsonl --queries Q.jsonl [--top K]`: index a
 * gallery of people and their names, then answer each query with the best candidates,
 * one JSON line per query, written as soon as it is known (a million-name gallery does
 * not need the answers held in memory).
 *
 * Gallery lines: `{"id", "names": [...], "nationalities": [...], "dob": [...]}`; only
 * these fields are read. The evidence model's parameters are then estimated from the
 * gallery itself (unsupervised). Query lines: `{"qid", "name", "dob", "nationalities", ...}`;
 * only qid, name, dob and nationalities are read, so answer fields in evaluation files
 * (target, truth, namesake_of, script...) cannot leak into matching. A query's dob is a
 * string ("13 Dec 1963", "circa 1938", "1979"), an object ({"type_of_date", "date" | "year" |
 * "from_year", "to_year"}) or a list of them; dates and nationalities that cannot be read
 * count as unknown. Scores are probabilities that the candidate is the query's person.
 * A bad line stops the run with an error naming the file and the line number.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DateOfBirth } from './dates.ts';
import { NameIndex } from './name-index.ts';
import type { NameIndexOptions, NameQuery } from './name-index.ts';

/** Default number of candidates per query. */
export const DEFAULT_TOP = 10;

/** A line of an input file that cannot be used, with where it is. */
export class MatchFileError extends Error {
  override readonly name = 'MatchFileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** Options of {@link runMatch}. */
export interface RunMatchOptions {
  galleryPath: string;
  queriesPath: string;
  /** Candidates per query (default {@link DEFAULT_TOP}). */
  top?: number;
  /**
   * Receives each output line (with its newline). May return a promise, which is awaited
   * (for backpressure). Default: standard output.
   */
  write?: (line: string) => unknown;
  /** Tuning of the index (tests and benches). */
  index?: NameIndexOptions;
  /** Estimate the evidence model from the gallery (default true; false keeps the index's parameters). */
  estimate?: boolean;
}

/** What a run did. */
export interface RunMatchSummary {
  entries: number;
  names: number;
  queries: number;
  /** Gallery names that had nothing to index (empty, digits or punctuation only). */
  skippedNames: number;
  /** Names and queries cut at the length limit. */
  cappedNames: number;
  /** Queries with nothing to search (empty after normalisation). */
  emptyQueries: number;
  buildMs: number;
  searchMs: number;
  /** The version of the evidence model's parameters used. */
  parameters: string;
}

/**
 * What the matcher reads of a query line: its name, and its dates of birth and
 * nationalities when they are of a usable shape (anything else is left out: unknown).
 */
export function queryOf(value: Record<string, unknown>, name: string): NameQuery {
  const query: NameQuery = { name };
  const dob = value['dob'];
  if (Array.isArray(dob)) query.dob = dob.filter((d): d is DateOfBirth => typeof d === 'string' || isRecord(d));
  else if (typeof dob === 'string' || isRecord(dob)) query.dob = [dob as DateOfBirth];
  const nationalities = value['nationalities'];
  if (Array.isArray(nationalities)) query.nationalities = nationalities.filter((n): n is string => typeof n === 'string');
  else if (typeof nationalities === 'string') query.nationalities = [nationalities];
  return query;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function* jsonLines(path: string): AsyncGenerator<{ line: number; value: unknown }> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new MatchFileError(path, line, `invalid JSON (${(error as Error).message})`);
    }
    yield { line, value };
  }
}

function stringArray(path: string, line: number, v: unknown, field: string, required: boolean): string[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v)) throw new MatchFileError(path, line, `"${field}" must be an array of strings`);
  for (const x of v) if (typeof x !== 'string') throw new MatchFileError(path, line, `"${field}" must contain only strings`);
  return v as string[];
}

function dobArray(path: string, line: number, v: unknown): DateOfBirth[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new MatchFileError(path, line, '"dob" must be an array');
  for (const x of v) {
    if (typeof x !== 'string' && !isRecord(x)) throw new MatchFileError(path, line, '"dob" must contain strings or objects');
  }
  return v as DateOfBirth[];
}

/** Read a gallery file into a new index. */
export async function loadGallery(
  path: string,
  options: NameIndexOptions = {},
): Promise<{ index: NameIndex; entries: number; names: number; skippedNames: number; cappedNames: number }> {
  const index = new NameIndex(options);
  let names = 0;
  let skippedNames = 0;
  let cappedNames = 0;
  for await (const { line, value } of jsonLines(path)) {
    if (!isRecord(value)) throw new MatchFileError(path, line, 'expected a JSON object');
    const id = value['id'];
    if (typeof id !== 'string' || id === '') throw new MatchFileError(path, line, '"id" must be a non-empty string');
    const entryNames = stringArray(path, line, value['names'], 'names', true);
    const nationalities = stringArray(path, line, value['nationalities'] ?? undefined, 'nationalities', false);
    const dob = dobArray(path, line, value['dob']);
    if (index.has(id)) throw new MatchFileError(path, line, `duplicate id ${JSON.stringify(id)}`);
    const report = index.add(id, entryNames, { nationalities, dob });
    names += report.indexed;
    skippedNames += report.skipped.length;
    cappedNames += report.capped;
  }
  return { index, entries: index.size, names, skippedNames, cappedNames };
}

function stdoutWrite(line: string): Promise<void> | undefined {
  if (process.stdout.write(line)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

/**
 * Run a matching job: index the gallery, then write one line per query,
 * `{"qid": "...", "candidates": [{"id": "...", "score": 0.97}, ...]}`, best first.
 * Throws {@link MatchFileError} on the first bad line of either file.
 */
export async function runMatch(options: RunMatchOptions): Promise<RunMatchSummary> {
  const top = options.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1) throw new RangeError(`top must be a positive integer, got ${top}`);
  const write = options.write ?? stdoutWrite;
  const t0 = performance.now();
  const gallery = await loadGallery(options.galleryPath, options.index);
  if (options.estimate ?? true) gallery.index.estimateParameters();
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  let queries = 0;
  let emptyQueries = 0;
  let cappedNames = gallery.cappedNames;
  for await (const { line, value } of jsonLines(options.queriesPath)) {
    if (!isRecord(value)) throw new MatchFileError(options.queriesPath, line, 'expected a JSON object');
    const qid = value['qid'];
    const name = value['name'];
    if (typeof qid !== 'string' || qid === '') throw new MatchFileError(options.queriesPath, line, '"qid" must be a non-empty string');
    if (typeof name !== 'string') throw new MatchFileError(options.queriesPath, line, '"name" must be a string');
    const result = gallery.index.search(queryOf(value, name), { top, explain: false });
    queries++;
    if (result.query.problem) emptyQueries++;
    if (result.query.capped) cappedNames++;
    // Twelve decimals: probabilities near 1 still tell candidates apart.
    const candidates = result.candidates.map((c) => ({ id: c.id, score: Math.round(c.score * 1e12) / 1e12 }));
    const pending = write(`${JSON.stringify({ qid, candidates })}\n`);
    if (pending instanceof Promise) await pending;
  }
  return {
    entries: gallery.entries,
    names: gallery.names,
    queries,
    skippedNames: gallery.skippedNames,
    cappedNames,
    emptyQueries,
    buildMs,
    searchMs: performance.now() - t1,
    parameters: gallery.index.parameters.version,
  };
}
