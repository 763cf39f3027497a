import { decidePreparation, readPreparation, type ComputedFigures, type PrepareFigures, type Publication } from '../domain/figures-publication.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';
import { foldRegister, loadPublication } from '../store/figures.ts';

/** The publication prepared, and its events. */
export interface PreparedResponse {
  readonly publication_id: string;
  readonly log_size: number;
  readonly events: ReturnType<typeof eventSummary>;
}

const nothingComputed: ComputedFigures = { log_size: 0, as_of: null, tables: [], not_measured: [] };

/**
 * Prepare a publication of the figures: fold the log as it stands (every committed event),
 * read the tables asked for at that size, and let the domain protect them. A request the
 * domain would refuse is refused before the log is read.
 */
export const prepareFigures: CommandDefinition<PrepareFigures, { existing: Publication | null; computed: ComputedFigures }, PreparedResponse> = {
  kind: 'prepare-figures',
  lock: async () => {},
  async load(tx, input) {
    const existing = await loadPublication(tx, input.publication_id);
    const read = readPreparation(input);
    if ('rejected' in read || existing) return { existing, computed: nothingComputed };
    const fold = await foldRegister(tx);
    return { existing, computed: { log_size: fold.size, as_of: fold.asOf(), tables: fold.tables(read.tables, read.parameters.threshold), not_measured: fold.notMeasured(read.tables) } };
  },
  decide: ({ existing, computed }, input, ctx) => decidePreparation(existing, computed, input, ctx),
  respond: (events, input, { computed }) => ({ publication_id: input.publication_id, log_size: computed.log_size, events: eventSummary(events) }),
};
