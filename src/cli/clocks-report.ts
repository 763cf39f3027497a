/**
 * `sijill clocks report [--at INSTANT] [--format text|json]`: every person in custody with a
 * legal clock due soon or breached at the instant (now by default), breaches first — the
 * daily lawful-detention report.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { parseInstant } from '../domain/clocks/clock-time.ts';
import { clockAlerts, lawfulDetentionSummary, type ClockAlert } from '../queries/lawful-detention.ts';
import { openRegister } from './open-register.ts';

function instant(value: string): Date {
  const ms = parseInstant(value);
  if (ms === null) throw new InvalidArgumentError('give an ISO 8601 instant with its offset, e.g. 2026-03-01T12:00:00+03:00');
  return new Date(ms);
}

function format(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('give text or json');
  return value;
}

const ruleNames: Record<string, string> = {
  first_appearance: 'first appearance before a judge',
  detention_order: 'held without a valid order',
  pretrial_cap: 'pre-trial detention limit',
  segregation: 'segregation',
  coming_of_age: 'coming of age',
  release_date: 'release date',
};

function line(a: ClockAlert): string {
  const when = a.status === 'breached' ? `BREACHED since ${a.since ?? '—'}` : `due ${a.due}`;
  const owner = a.status === 'breached' ? `${a.owner_role.replace('_', ' ')} (escalated)` : a.owner_role.replace('_', ' ');
  return `  ${a.register_number.padEnd(16)} ${(ruleNames[a.rule] ?? a.rule).padEnd(32)} ${when.padEnd(40)} ${owner.padEnd(24)} ${a.facility ?? ''}`;
}

export function addClocksReportCommand(clocks: Command): void {
  clocks
    .command('report')
    .description('list every person in custody with a legal clock due soon or breached, breaches first')
    .option('--at <instant>', 'the instant to report at: now (the default) or later, ISO 8601 with its offset', instant)
    .option('--format <format>', 'text or json', format, 'text')
    .action(async (options: { at?: Date; format: 'text' | 'json' }) => {
      const now = new Date();
      const at = options.at ?? now;
      if (at.getTime() < now.getTime() - 5 * 60_000) {
        console.error('--at must be now or later: the register\'s clocks answer from the events recorded so far; for an earlier instant, evaluate a case file (sijill clocks evaluate --case FILE)');
        process.exitCode = 2;
        return;
      }
      const register = await openRegister(undefined, { create: false });
      try {
        const summary = await lawfulDetentionSummary(register.db, at);
        const alerts: ClockAlert[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await clockAlerts(register.db, at, { limit: 1000, offset });
          alerts.push(...page.alerts);
          if (page.alerts.length < 1000) break;
        }
        if (options.format === 'json') {
          // Register numbers name the persons; their names stay in the audited reads of the API and pages.
          console.log(JSON.stringify({ at: at.toISOString(), held_without_valid_order: summary.held_without_valid_order, met_late: summary.met_late, alerts: alerts.map(({ name: _name, ...a }) => a) }, null, 2));
          return;
        }
        const breached = alerts.filter((a) => a.status === 'breached');
        const soon = alerts.filter((a) => a.status === 'due_soon');
        console.log(`Lawful detention at ${at.toISOString()}`);
        console.log(`Held without a valid order: ${summary.held_without_valid_order}`);
        console.log(`Breached: ${breached.length}`);
        for (const a of breached) console.log(line(a));
        console.log(`Due soon: ${soon.length}`);
        for (const a of soon) console.log(line(a));
      } finally {
        await register.db.close();
      }
    });
}
