/** `sijill rollcall report`: the daily roll-call report of a facility, as text or JSON. */
import { InvalidArgumentError, type Command } from 'commander';
import { defaultNotSeenDays, maxNotSeenDays } from '../domain/roll-call.ts';
import { facilityIdOf, ReportError, rollCallReport, type DiscrepancyView, type RollCallReport } from '../queries/roll-call-report.ts';
import { openRegister } from './open-register.ts';

const label = { expected_not_counted: 'expected, not counted', counted_not_expected: 'counted, not expected' } as const;

function notSeenDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > maxNotSeenDays) throw new InvalidArgumentError(`give a whole number of days from 1 to ${maxNotSeenDays}`);
  return n;
}

function format(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('give text or json');
  return value;
}

/** Where the register holds a person, in words. */
function heldAt(d: DiscrepancyView): string {
  const h = d.held;
  if (!h) return 'on nobody’s record';
  const place = [h.facility_name, h.unit_name].filter(Boolean).join(' / ');
  const status = h.status.replace(/_/g, ' ');
  return h.transfer_id ? `${status} on transfer ${h.transfer_id}` : place ? `${status}, ${place}` : status;
}

/** The report as plain text, times in the facility's time zone. */
export function reportText(report: RollCallReport): string {
  const local = (iso: string | null) => (iso ? new Intl.DateTimeFormat('sv-SE', { timeZone: report.facility.timezone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '—');
  const lines = [
    `Roll-call report — ${report.facility.name}, ${report.date} (${report.facility.timezone}), as of ${local(report.as_of)}`,
    `Register roll (computed from the register): ${report.register_roll.in_custody} in custody — ${report.register_roll.by_unit.map((u) => `${u.unit_name} ${u.in_custody}`).join(', ') || 'no units'}`,
    '',
    `Roll calls: ${report.roll_calls.length}`,
  ];
  for (const rc of report.roll_calls) {
    const signed = rc.signed_off_by ? `signed off by ${rc.signed_off_by} at ${local(rc.signed_off_at)}` : `${rc.status.replace('_', ' ')}, not signed off`;
    lines.push(
      `  ${local(rc.opened_at)} ${rc.unit_name ?? 'whole facility'} — ${signed}`,
      `    expected ${rc.expected} · counted ${rc.counted} · discrepancies ${rc.discrepancies.length} (${rc.unresolved} unresolved)`,
      `    opened by ${rc.opened_by}; counted by ${rc.counted_by.join(', ') || 'nobody yet'}${rc.reconciled_by ? `; reconciled by ${rc.reconciled_by} at ${local(rc.reconciled_at)}` : ''}`,
    );
    for (const d of rc.discrepancies) {
      const resolution = d.status === 'resolved' ? `resolved by ${d.resolved_by}: ${d.reason}` : 'UNRESOLVED';
      lines.push(`    - ${label[d.kind].padEnd(22)} ${d.register_number}  held: ${heldAt(d)} — ${resolution}`);
    }
  }
  const q = report.not_seen;
  lines.push('', `Not seen for ${q.days} day${q.days === 1 ? '' : 's'} or more (last count or arrival before ${local(q.since)}): ${q.count}`);
  for (const p of q.persons) lines.push(`  ${p.register_number}  ${p.unit_name.padEnd(16)} last seen ${local(p.last_seen_at)} (${p.last_seen_by === 'roll_call' ? 'roll call' : 'arrival'})`);
  if (q.truncated) lines.push(`  … ${q.count - q.persons.length} more: use --format json`);
  return lines.join('\n');
}

export function addRollCallCommand(program: Command): void {
  const rollcall = program.command('rollcall').description('roll calls: headcounts counted against the register');
  rollcall
    .command('report')
    .description('the daily roll-call report of a facility: the register’s roll, each roll call and its discrepancies, and everyone not seen for N days')
    .requiredOption('--facility <id-or-name>', 'the facility’s id, or its exact name')
    .option('--date <YYYY-MM-DD>', 'the day, in the facility’s time zone (default: today there)')
    .option('--format <text|json>', 'output format', format, 'text' as const)
    .option('--not-seen-days <n>', `list everyone in custody not seen for n days (1–${maxNotSeenDays})`, notSeenDays, defaultNotSeenDays)
    .action(async (options: { facility: string; date?: string; format: 'text' | 'json'; notSeenDays: number }) => {
      const register = await openRegister(undefined, { create: false });
      try {
        const facility_id = await facilityIdOf(register.db, options.facility);
        const report = await rollCallReport(register.db, { facility_id, ...(options.date ? { date: options.date } : {}), not_seen_days: options.notSeenDays, limit: Number.MAX_SAFE_INTEGER, now: new Date() });
        console.log(options.format === 'json' ? JSON.stringify(report, null, 2) : reportText(report));
      } catch (error) {
        if (!(error instanceof ReportError)) throw error;
        const option = { facility_id: '--facility', date: '--date', not_seen_days: '--not-seen-days' }[error.field];
        console.error(`${option}: ${error.message}`);
        process.exitCode = 1;
      } finally {
        await register.db.close();
      }
    });
}
