/** `sijill match`: run the identity matcher over a gallery and queries (JSON lines), for evaluation. */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_TOP, runMatch } from '../match/evaluate.ts';

export function addMatchCommand(program: Command): void {
  program
    .command('match')
    .description('match queries against a gallery; one JSON line per query on stdout, best candidates first')
    .requiredOption('--gallery <file>', 'JSON lines: {"id", "names": [...], "nationalities": [...], "dob": [...]}')
    .requiredOption('--queries <file>', 'JSON lines: {"qid", "name", "dob", "nationalities", ...}; scores are probabilities')
    .option('--top <k>', 'candidates per query', (value: string) => {
      const k = Number(value);
      if (!Number.isInteger(k) || k < 1 || k > 1000) throw new InvalidArgumentError('give a whole number from 1 to 1000');
      return k;
    }, DEFAULT_TOP)
    .action(async (options: { gallery: string; queries: string; top: number }) => {
      const summary = await runMatch({ galleryPath: options.gallery, queriesPath: options.queries, top: options.top });
      const notes = [
        summary.skippedNames && `${summary.skippedNames} gallery names had nothing to index`,
        summary.cappedNames && `${summary.cappedNames} names were cut at the length limit`,
        summary.emptyQueries && `${summary.emptyQueries} queries had nothing to search`,
      ].filter(Boolean);
      console.error(`matched ${summary.queries} queries against ${summary.entries} entries (${summary.names} names): index ${(summary.buildMs / 1000).toFixed(1)} s, search ${(summary.searchMs / 1000).toFixed(1)} s; parameters ${summary.parameters}${notes.length ? `; ${notes.join('; ')}` : ''}`);
    });
}
