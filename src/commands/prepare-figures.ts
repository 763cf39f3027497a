import { decidePreparation, readPreparation, type ComputedFigures, type PrepareFigures, type Publication } from '../domain/figures-publication.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';
import { foldRegister, loadPublication, logSizeAt } from '../store/figures.ts';
import { clockRules } from '../store/clock-projection.ts';

/** The publication prepared, and its events. */
export interface PreparedResponse {
  readonly publication_id: string;
  readonly log_size: number;
  readonly events: ReturnType<typeof eventSummary>;
}

const nothingComputed: ComputedFigures = { log_size: 0, as_of: null, measured_at: null, tables: [], not_measured: [], clock_rules: clockRules() };

/**
 * Prepare a publication of the figures: fold the log as it stands (every committed event) or,
 * for a past day, as it stood at the end of that day (the events recorded before local midnight),
 * read the tables asked for at that size (the lawful-detention column with the clock rules this
 * process holds, recorded with the figures so that a monitor folds with the same), and let the
 * domain protect them. A request the
 * domain would refuse is refused before the log is read.
 */
/** The instant a local day ends: midnight starting the next day, at the offset of the clocks. */
function endOfDay(day: string, offsetMinutes: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - offsetMinutes * 60_000).toISOString();
}

export const prepareFigures: CommandDefinition<PrepareFigures, { existing: Publication | null; computed: ComputedFigures }, PreparedResponse> = {
  kind: 'prepare-figures',
  lock: async () => {},
  async load(tx, input) {
    const existing = await loadPublication(tx, input.publication_id);
    const read = readPreparation(input);
    if ('rejected' in read || existing) return { existing, computed: nothingComputed };
    const rules = clockRules();
    const fold = await foldRegister(tx, input.log_as_of === undefined ? undefined : await logSizeAt(tx, endOfDay(input.log_as_of, rules.utcOffsetMinutes)));
    return { existing, computed: { log_size: fold.size, as_of: fold.asOf(rules), measured_at: fold.measuredAt(), tables: fold.tables(read.tables, read.parameters.threshold, { clockRules: rules }), not_measured: [], clock_rules: rules } };
  },
  decide: ({ existing, computed }, input, ctx) => decidePreparation(existing, computed, input, ctx),
  respond: (events, input, { computed }) => ({ publication_id: input.publication_id, log_size: computed.log_size, events: eventSummary(events) }),
};
