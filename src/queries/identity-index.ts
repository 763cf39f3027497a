/**
 * The register's identity index: every name record of every person in the matcher's index,
 * with their date of birth, nationalities, sex and mother's name as evidence. Built from the
 * projections at start, then kept in step with the event log: before each search it reads
 * the events it has not seen yet (from any process) and applies them.
 */
import type { LoggedEvent, NameRecord, PersonDetails } from '../domain/events.ts';
import type { DateOfBirth } from '../domain/values.ts';
import { NameIndex, type Candidate, type Explanation, type MatchParameters, type NameQuery, type QueryReport } from '../match/name-index.ts';
import type { DateOfBirth as MatchDate } from '../match/dates.ts';
import type { Database, Queryable } from '../store/database.ts';
import { parseEventBytes } from '../store/event-log.ts';

interface Entry {
  names: Map<string, NameRecord>;
  sex: string;
  dob: DateOfBirth;
  nationalities: readonly string[];
  mergedInto: string | null;
}

/** What the register knows of a person, as the matcher takes it. */
export interface IdentityQuery {
  readonly name: string;
  readonly dob?: DateOfBirth;
  readonly nationalities?: readonly string[];
  readonly sex?: string;
  readonly motherName?: string;
}

export interface IdentityCandidate extends Candidate {
  /** Set when the best-matching record was merged into this one. */
  readonly viaAlias?: string;
}

/** A person about to be registered (a row of an intake batch), as the matcher takes them. */
export interface IncomingPerson {
  readonly person_id: string;
  readonly names: readonly NameRecord[];
  readonly sex?: string;
  readonly dob?: DateOfBirth;
  readonly nationalities?: readonly string[];
}

/** A register date of birth as the matcher takes it. */
export function matchDate(dob: DateOfBirth): MatchDate[] {
  switch (dob.kind) {
    case 'exact':
      return [{ date: dob.date }];
    case 'year':
      return [{ year: dob.year }];
    case 'range':
      return [{ from: dob.from, to: dob.to }];
    case 'unknown':
      return [];
  }
}

function matchQuery(query: IdentityQuery): NameQuery {
  return { name: query.name, dob: query.dob ? matchDate(query.dob) : undefined, nationalities: query.nationalities, sex: query.sex, motherName: query.motherName };
}

/** Put a person's names and evidence into a matcher index. */
function addPerson(index: NameIndex, personId: string, names: readonly NameRecord[], details: { sex?: string; dob?: DateOfBirth; nationalities?: readonly string[] }): void {
  index.add(personId, names.map((n) => n.full), {
    dob: details.dob ? matchDate(details.dob) : [],
    nationalities: details.nationalities ?? [],
    sex: details.sex,
    motherNames: names.map((n) => n.parts.mother_full).filter((m): m is string => Boolean(m)),
  });
}

/**
 * Persons from which the register estimates the evidence model's m and u from its own
 * records when the index is built: below it, too few pairs for EM, and the stated defaults
 * (src/match/fellegi-sunter.ts) are used.
 */
export const ESTIMATE_FROM = 500;
/**
 * Persons whose first name is searched to draw the pairs EM learns from. EM needs some
 * thousands of pairs, not all of them: a larger register is sampled (deterministically), so
 * the estimate costs about the same at 10,000 persons as at a million.
 */
export const ESTIMATE_SAMPLE = 1000;

/** Options of {@link IdentityIndex.build}. */
export interface IdentityIndexOptions {
  /** Estimate the parameters from the register's records (default true, from {@link ESTIMATE_FROM} persons). */
  estimate?: boolean;
}

export class IdentityIndex {
  private readonly index = new NameIndex();
  private readonly entries = new Map<string, Entry>();
  private appliedThrough = 0;
  /** The index of an intake batch's earlier rows (see {@link searchBatch}); empty between batches. */
  private scratch: NameIndex | undefined;

  private constructor(private readonly db: Database) {}

  /** Build from the projections, then follow the log from the size they were read at. */
  static async build(db: Database, options: IdentityIndexOptions = {}): Promise<IdentityIndex> {
    const identity = new IdentityIndex(db);
    await db.transaction(async (tx) => {
      // One snapshot for the log size and the projections it reflects.
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      identity.appliedThrough = (await tx.query<{ size: number }>('SELECT size FROM log_head')).rows[0]!.size;
      const persons = await tx.query<{ id: string; sex: string; dob: DateOfBirth; nationalities: string[]; merged_into: string | null; names: NameRecord[] }>(
        `SELECT p.id, p.sex, p.dob, p.nationalities, p.merged_into,
                COALESCE((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'script', n.script, 'full', n.full_name, 'parts', n.parts, 'source', n.source, 'confidence', n.confidence))
                            FROM name_record n WHERE n.person_id = p.id), '[]') AS names
           FROM person p`,
      );
      for (const p of persons.rows) {
        identity.entries.set(p.id, { names: new Map(p.names.map((n) => [n.id, n])), sex: p.sex, dob: p.dob, nationalities: p.nationalities, mergedInto: p.merged_into });
        identity.reindex(p.id);
      }
    });
    // The register's own parameters, estimated once at start and kept with the index (their
    // version is in every explanation); the records added later are weighed with them.
    if ((options.estimate ?? true) && identity.entries.size >= ESTIMATE_FROM) identity.index.estimateParameters({ sample: ESTIMATE_SAMPLE });
    return identity;
  }

  /** The evidence model's parameters in use (stated, or estimated from the register at start). */
  get parameters(): MatchParameters {
    return this.index.parameters;
  }

  /** Number of persons indexed. */
  get size(): number {
    return this.entries.size;
  }

  private reindex(personId: string): void {
    const entry = this.entries.get(personId);
    if (!entry) return;
    addPerson(this.index, personId, [...entry.names.values()], entry);
  }

  /** Apply logged events in order (the write path calls this after each commit). */
  apply(events: readonly LoggedEvent[]): void {
    for (const event of events) {
      if (event.idx < this.appliedThrough) continue;
      // A gap means another commit has not been applied yet: catchUp reads it from the log.
      if (event.idx > this.appliedThrough) return;
      this.applyOne(event);
      this.appliedThrough = event.idx + 1;
    }
  }

  private applyOne(event: LoggedEvent): void {
    const id = event.person_id;
    if (!id) return;
    const entry = this.entries.get(id);
    switch (event.kind) {
      case 'person.registered': {
        const d = event.data as LoggedEvent<'person.registered'>['data'];
        this.entries.set(id, { names: new Map(d.names.map((n) => [n.id, n])), sex: d.sex, dob: d.dob, nationalities: d.nationalities, mergedInto: null });
        return this.reindex(id);
      }
      case 'person.name_added': {
        const { name } = event.data as LoggedEvent<'person.name_added'>['data'];
        entry?.names.set(name.id, name);
        return this.reindex(id);
      }
      case 'person.corrected': {
        if (!entry) return;
        const { changes } = event.data as LoggedEvent<'person.corrected'>['data'];
        if (changes.name) entry.names.set(changes.name.id, changes.name);
        const details: Partial<PersonDetails> = changes;
        if (details.sex) entry.sex = details.sex;
        if (details.dob) entry.dob = details.dob;
        if (details.nationalities) entry.nationalities = details.nationalities;
        return this.reindex(id);
      }
      case 'person.merged':
        if (entry) entry.mergedInto = (event.data as LoggedEvent<'person.merged'>['data']).into;
        return;
      case 'person.split':
        if (entry) entry.mergedInto = null;
        return;
      default:
        return;
    }
  }

  /** Read and apply the events committed since the last one applied, by any process. */
  async catchUp(q: Queryable = this.db): Promise<void> {
    for (;;) {
      const { rows } = await q.query<{ idx: number; bytes: Uint8Array }>('SELECT idx, bytes FROM event WHERE idx >= $1 ORDER BY idx LIMIT 5000', [this.appliedThrough]);
      if (rows.length === 0) return;
      this.apply(rows.map((r) => parseEventBytes(r.idx, r.bytes).event));
    }
  }

  /**
   * Likely matches for a name and what else is known, best first, each with its
   * explanation. A record merged into another is answered by the record it points to.
   */
  async search(query: IdentityQuery, top = 10, q?: Queryable): Promise<{ query: QueryReport; candidates: IdentityCandidate[] }> {
    await this.catchUp(q);
    return this.lookup(query, top);
  }

  /**
   * One page of the likely matches for a name, best first, and how many match in all: the
   * candidates from `offset` on, at most `limit`, each explained; `total` counts the
   * persons found up to `countUpTo`, and `more` says that more than that were found (a
   * search to narrow). Merged records are answered by the record they point to, as in
   * {@link search}; one look-up in the index, so the page and the count agree. `within`, when
   * given, says which of the persons found to keep (the others are neither counted nor shown).
   */
  async searchPage(
    query: IdentityQuery,
    page: { offset: number; limit: number; countUpTo: number; within?: (ids: readonly string[]) => Promise<ReadonlySet<string>> },
    q?: Queryable,
  ): Promise<{ query: QueryReport; candidates: IdentityCandidate[]; total: number; more: boolean }> {
    await this.catchUp(q);
    const asked = (page.countUpTo + 1) * 2;
    const result = this.index.search(matchQuery(query), { top: asked, explain: 'later' });
    const seen = new Set<string>();
    let kept: { candidate: IdentityCandidate; at: number }[] = [];
    result.candidates.forEach((candidate, i) => {
      const target = this.entries.get(candidate.id)?.mergedInto ?? candidate.id;
      if (seen.has(target)) return;
      seen.add(target);
      kept.push({ candidate: target === candidate.id ? candidate : { ...candidate, id: target, viaAlias: candidate.id }, at: i });
    });
    // Only the persons `within` keeps (those held at one facility): counted and paged among themselves.
    if (page.within) {
      const inside = await page.within(kept.map((k) => k.candidate.id));
      kept = kept.filter((k) => inside.has(k.candidate.id));
    }
    const candidates = kept.slice(page.offset, page.offset + page.limit).map(({ candidate, at }) => ({ ...candidate, explanation: result.explainers![at]!() }));
    // The index was asked for a bounded number of names: if it answered that many, more may exist beyond them.
    const more = kept.length > page.countUpTo || result.candidates.length === asked;
    return { query: result.query, candidates, total: Math.min(kept.length, page.countUpTo), more };
  }

  /**
   * Many look-ups at once (the rows of a handover list): the log is read once, not once per
   * query. Best first, at most `top` per query, in the order given; explanations only when
   * asked for (a caller that only ranks and scores leaves them out), and with `explainFrom`
   * only for the candidates scoring at least that (a caller that keeps only those spares the
   * rest: an explanation costs about a third of a look-up).
   */
  async searchMany(queries: readonly IdentityQuery[], top: number, q?: Queryable, options: { explain?: boolean; explainFrom?: number } = {}): Promise<IdentityCandidate[][]> {
    await this.catchUp(q);
    const explainFrom = (options.explain ?? true) ? (options.explainFrom ?? -Infinity) : Infinity;
    return queries.map((query) => this.lookup(query, top, explainFrom).candidates);
  }

  /**
   * Likely duplicates of persons registered together (an intake batch), each as if they
   * were registered one by one in order: every name of a person is looked up among the
   * register's persons and the batch's earlier persons, and each candidate keeps its best
   * score over those names. Best first, at most `top` per person, in the order given.
   * The batch is matched in a separate index that borrows the register's name
   * frequencies, so the register's index is not touched and scores compare with single
   * registration.
   */
  async searchBatch(persons: readonly IncomingPerson[], top: number, q?: Queryable): Promise<IdentityCandidate[][]> {
    await this.catchUp(q);
    // The scratch index is kept from one batch to the next, emptied, for what it learnt of tokens.
    const batch = (this.scratch ??= new NameIndex({ frequenciesFrom: this.index }));
    batch.clear();
    // Weighed as the register weighs: its parameters.
    batch.setParameters(this.index.parameters);
    const out: IdentityCandidate[][] = [];
    for (const person of persons) {
      const motherName = person.names.map((n) => n.parts.mother_full).find(Boolean);
      // Each candidate's best answer over the person's names, explained once it is kept.
      const best = new Map<string, { candidate: IdentityCandidate; explain: () => Explanation }>();
      const keep = (c: IdentityCandidate, explain: () => Explanation): void => {
        if (c.id !== person.person_id && (best.get(c.id)?.candidate.score ?? -Infinity) < c.score) best.set(c.id, { candidate: c, explain });
      };
      for (const name of person.names) {
        const query = matchQuery({ name: name.full, dob: person.dob, nationalities: person.nationalities, sex: person.sex, motherName });
        const registered = this.lookupLater(query, top);
        registered.candidates.forEach((c, i) => keep(c, registered.explainers[i]!));
        const earlier = batch.search(query, { top, explain: 'later' });
        earlier.candidates.forEach((c, i) => keep(c, earlier.explainers![i]!));
      }
      const kept = [...best.values()].sort((a, b) => b.candidate.score - a.candidate.score).slice(0, top);
      out.push(kept.map(({ candidate: { id, score, viaAlias }, explain }) => (viaAlias === undefined ? { id, score, explanation: explain() } : { id, score, explanation: explain(), viaAlias })));
      addPerson(batch, person.person_id, person.names, person);
    }
    batch.clear();
    return out;
  }

  /** {@link lookup} with explanations built on demand (before the register's index changes). */
  private lookupLater(query: NameQuery, top: number): { candidates: IdentityCandidate[]; explainers: Array<() => Explanation> } {
    const result = this.index.search(query, { top: top * 2, explain: 'later' });
    const best = new Map<string, { candidate: IdentityCandidate; explain: () => Explanation }>();
    result.candidates.forEach((candidate, i) => {
      const target = this.entries.get(candidate.id)?.mergedInto ?? candidate.id;
      if (best.has(target)) return;
      best.set(target, { candidate: target === candidate.id ? candidate : { ...candidate, id: target, viaAlias: candidate.id }, explain: result.explainers![i]! });
    });
    const kept = [...best.values()].slice(0, top);
    return { candidates: kept.map((k) => k.candidate), explainers: kept.map((k) => k.explain) };
  }

  /**
   * Best first, at most `top`, each merged record answered by the one it points to; once kept,
   * explained when it scores at least `explainFrom` (-Infinity: all of them; Infinity: none).
   */
  private lookup(query: IdentityQuery, top: number, explainFrom = -Infinity): { query: QueryReport; candidates: IdentityCandidate[] } {
    const explain = explainFrom !== Infinity;
    const result = this.index.search(matchQuery(query), { top: top * 2, explain: explain ? 'later' : false });
    const best = new Map<string, IdentityCandidate>();
    const explainers: Array<() => Explanation> = [];
    result.candidates.forEach((candidate, i) => {
      if (best.size === top) return;
      const target = this.entries.get(candidate.id)?.mergedInto ?? candidate.id;
      if (best.has(target)) return;
      const explained = explain && candidate.score >= explainFrom ? { ...candidate, explanation: result.explainers![i]!() } : candidate;
      best.set(target, target === candidate.id ? explained : { ...explained, id: target, viaAlias: candidate.id });
    });
    return { query: result.query, candidates: [...best.values()] };
  }
}
