/**
 * `sijill clocks evaluate --case FILE`: the legal clocks of a case file, as CLOCKS.md's output
 * JSON with each clock's explanation in the chosen language. A file that breaks the page's
 * rules prints `{"error": {"event", "field", "message"}}` and exits 2. It never opens the
 * register, so it starts without loading it (bin/sijill.js).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadClockRules } from '../config.ts';
import { readCaseFile } from '../domain/clocks/case-file.ts';
import { clockOutput } from '../domain/clocks/clock-output.ts';
import { evaluateClocks } from '../domain/clocks/evaluate-clocks.ts';
import { explainClock } from '../web/clock-explanation.ts';
import { isLocale, locales, translator, type Locale } from '../web/i18n.ts';

function language(value: string): Locale {
  if (!isLocale(value)) throw new InvalidArgumentError(`give one of ${locales.join(', ')}`);
  return value;
}

/** Evaluate a case file; the JSON to print and the exit status. */
export function evaluateCaseFileText(text: string, locale: Locale): { readonly output: unknown; readonly status: 0 | 2 } {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { output: { error: { event: null, field: 'events', message: `the file is not JSON: ${(error as Error).message}` } }, status: 2 };
  }
  const rules = loadClockRules(process.env);
  const read = readCaseFile(input, rules);
  if ('error' in read) return { output: { error: read.error }, status: 2 };
  const t = translator(locale);
  return { output: clockOutput(evaluateClocks(read.history, read.now, rules), (e) => explainClock(t, e)), status: 0 };
}

export function addClocksEvaluateCommand(clocks: Command): void {
  clocks
    .command('evaluate')
    .description('print the legal clocks of a case file (CLOCKS.md) as JSON; an invalid file prints the error naming the event and field, and exits 2')
    .requiredOption('--case <file>', 'the case file: {"now", "person": {"dob"}, "events": [...]}')
    .option('--language <locale>', `language of the explanations (${locales.join(', ')})`, language, 'ar')
    .action((options: { case: string; language: Locale }) => {
      let text: string;
      try {
        text = readFileSync(options.case, 'utf8');
      } catch (error) {
        console.error(`cannot read ${options.case}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      const { output, status } = evaluateCaseFileText(text, options.language);
      console.log(JSON.stringify(output, null, 2));
      process.exitCode = status;
    });
}

/** The `clocks` command group; `report` is added where the register is opened (main.ts). */
export function clocksCommand(program: Command): Command {
  const clocks = program.command('clocks').description('the legal clocks: first appearance, detention orders, pre-trial cap, segregation, coming of age, release date');
  addClocksEvaluateCommand(clocks);
  return clocks;
}
