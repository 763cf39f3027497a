import { matchThresholds } from '../config.ts';
import { checkLikelyDuplicates, suspectDuplicates, type DuplicateCandidate } from '../domain/identity.ts';
import { decideRegistration, type RegisterPerson } from '../domain/person.ts';
import { isRejection } from '../domain/rejection.ts';
import type { CommandDefinition } from './execute.ts';

/**
 * A candidate at least this likely to be the same person is opened for review; weaker ones
 * are only shown (SIJILL_MATCH_LIKELY, default 0.8).
 */
export const duplicateReviewThreshold = (): number => matchThresholds().likely;
const shown = 5;

export interface PersonRegistered {
  readonly person_id: string;
  readonly register_number: string;
  readonly version: number;
  /** Records that may be the same person, best first, with the matcher's explanation. */
  readonly possible_duplicates: readonly DuplicateCandidate[];
}

/**
 * Register a person under every name given. Every name is looked up in the identity index
 * first; the strongest candidates are opened for review (never merged automatically).
 */
/** The candidates found, best first, and the register number of each (to name them in a refusal). */
interface Found {
  readonly candidates: readonly DuplicateCandidate[];
  readonly numbers: ReadonlyMap<string, string>;
}

export const registerPerson: CommandDefinition<RegisterPerson, Found, PersonRegistered> = {
  kind: 'register-person',
  lock: async () => {},
  async load(tx, input, register) {
    if (!register.identity) return { candidates: [], numbers: new Map() };
    const best = new Map<string, DuplicateCandidate>();
    const mother = input.names.map((n) => n.parts.mother_full).find(Boolean);
    for (const name of input.names) {
      const { candidates } = await register.identity.search({ name: name.full, dob: input.dob, nationalities: input.nationalities, sex: input.sex, motherName: mother }, shown, tx);
      for (const c of candidates) {
        if ((best.get(c.id)?.score ?? -Infinity) < c.score) best.set(c.id, { person_id: c.id, score: c.score, explanation: c.explanation ?? null });
      }
    }
    const candidates = [...best.values()].sort((a, b) => b.score - a.score).slice(0, shown);
    const { rows } = await tx.query<{ id: string; register_number: string }>('SELECT id, register_number FROM person WHERE id = ANY($1::uuid[])', [candidates.map((c) => c.person_id)]);
    return { candidates, numbers: new Map(rows.map((r) => [r.id, r.register_number])) };
  },
  decide({ candidates, numbers }, input, ctx) {
    const registered = decideRegistration(input, ctx);
    if (isRejection(registered)) return registered;
    const likely = candidates.filter((c) => c.score >= duplicateReviewThreshold() && c.person_id !== input.person_id);
    const duplicate = checkLikelyDuplicates(likely.map((c) => numbers.get(c.person_id) ?? c.person_id), input.duplicate_reason, 'register');
    if (duplicate) return duplicate;
    return [...registered, ...suspectDuplicates(input.person_id, likely, ctx, input.duplicate_reason)];
  },
  respond: (events, input, { candidates }) => ({ person_id: input.person_id, register_number: input.register_number, version: events.length, possible_duplicates: candidates }),
};
