/**
 * `sijill states report [--format text|json]`: the states desk (issue 15) — per state of
 * nationality with a recorded profile, its nationals held (men, women, children), their
 * repatriation cases by stage, the requests awaiting its answer and those unanswered past the
 * reminder's days, consular notifications sent, owed and overdue, the cases it accepted and those
 * returned — from the same query as the page and the API
 * (queries/states-report.ts). Counts only: no person is named, so nothing is read of anyone.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { repatriationStatuses } from '../domain/repatriation.ts';
import { awaitingAnswer, statesReport, unansweredAfterDays, type StateReportRow } from '../queries/states-report.ts';
import { openRegister } from './open-register.ts';

function format(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('give text or json');
  return value;
}

const columns = ['state', 'men', 'women', 'children', 'other', 'awaiting', 'unanswered', 'accepted', 'returned', 'sent', 'owed', 'overdue'] as const;

/** The report as a table of text, one line per state, then each state's cases by stage. */
export function statesReportText(rows: readonly StateReportRow[], at: Date): string {
  const lines = [`States desk at ${at.toISOString()}`, `States with a profile: ${rows.length}`, `Unanswered: requests awaiting the state's answer more than ${unansweredAfterDays()} days`];
  if (!rows.length) return `${lines.join('\n')}\n`;
  const cells = rows.map((r) => [
    r.state,
    r.held.men,
    r.held.women,
    r.held.children,
    r.held.other,
    awaitingAnswer.reduce((sum, s) => sum + r.cases[s], 0),
    r.unanswered,
    r.accepted,
    r.cases.returned,
    r.notifications.sent,
    r.notifications.owed,
    r.notifications.overdue,
  ].map(String));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  lines.push('', line(columns), ...cells.map(line), '', 'Cases by stage:');
  for (const r of rows) {
    const stages = repatriationStatuses.filter((s) => r.cases[s] > 0).map((s) => `${s} ${r.cases[s]}`);
    lines.push(`  ${r.state}: ${stages.join(', ') || 'none'}`);
  }
  return `${lines.join('\n')}\n`;
}

export function addStatesCommand(program: Command): void {
  const states = program.command('states').description('the states desk: each state of nationality, its nationals held and their repatriation');
  states
    .command('report')
    .description('per state: nationals held (men, women, children), repatriation cases by stage, requests awaiting an answer and those unanswered past the reminder’s days, accepted, returned, consular notifications sent, owed and overdue')
    .option('--format <format>', 'text or json', format, 'text')
    .action(async (options: { format: 'text' | 'json' }) => {
      const register = await openRegister(undefined, { create: false });
      try {
        const at = new Date();
        const rows = await statesReport(register.db, at, 'every_state');
        if (options.format === 'json') console.log(JSON.stringify({ at: at.toISOString(), unanswered_after_days: unansweredAfterDays(), states: rows }, null, 2));
        else process.stdout.write(statesReportText(rows, at));
      } finally {
        await register.db.close();
      }
    });
}
