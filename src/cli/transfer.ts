/**
 * `sijill transfer import <file> --mapping <file>`: import a handover list against an order
 * (--transfer) or draw up a new order from it (--origin, --destination, --reason), as the
 * account given with --as. Shows progress on stderr; prints the summary (or, with --dry-run,
 * the full reconciliation report) as JSON on stdout. Row errors are listed one per line with
 * row, column and field, and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { execute, type Register } from '../commands/execute.ts';
import { importHandoverListCommand, previewHandoverList } from '../commands/import-handover-list.ts';
import { isRole, type Role } from '../domain/permissions.ts';
import type { ImportHandoverList } from '../domain/reconciliation.ts';
import type { TransferEndpoint } from '../domain/transfer.ts';
import { readHandoverList } from '../import/handover-list.ts';
import { listFormats, parseMapping, type ListFormat } from '../import/mapping.ts';
import { IdentityIndex } from '../queries/identity-index.ts';
import { reconciliationReport } from '../queries/reconciliation-report.ts';
import type { Queryable } from '../store/database.ts';
import { openRegister } from './open-register.ts';
import { registerDay } from '../store/clock-projection.ts';

/** `facility:<id>` or `authority:<ISO country>:<name>`. */
function endpoint(value: string): TransferEndpoint {
  const facility = /^facility:([0-9a-f-]{36})$/i.exec(value);
  if (facility) return { kind: 'facility', facility_id: facility[1]!.toLowerCase() };
  const authority = /^authority:([A-Za-z]{2}):(.+)$/.exec(value);
  if (authority) return { kind: 'authority', country: authority[1]!.toUpperCase(), name: authority[2]!.trim() };
  throw new InvalidArgumentError('give facility:<facility id> or authority:<ISO country>:<name>, e.g. authority:SY:Fictional sending authority');
}

function format(value: string): ListFormat {
  if (!(listFormats as readonly string[]).includes(value)) throw new InvalidArgumentError(`give one of: ${listFormats.join(', ')}`);
  return value as ListFormat;
}

/** The account a command runs as: it must exist and be active; its role decides what it may do. */
export async function accountRole(q: Queryable, username: string): Promise<Role> {
  const { rows } = await q.query<{ role: string }>('SELECT role FROM account WHERE username = $1 AND disabled_at IS NULL', [username]);
  const role = rows[0]?.role;
  if (!role || !isRole(role)) throw new Error(`--as: no active account named "${username}" (sijill user add creates one)`);
  return role;
}

const progress = (what: string) => (done: number, total: number) => process.stderr.write(`\r${what}: ${done}/${total} rows${done === total ? '\n' : ''}`);

interface ImportOptions {
  mapping: string;
  as: string;
  sender: string;
  transfer?: string;
  origin?: TransferEndpoint;
  destination?: TransferEndpoint;
  reason?: string;
  format?: ListFormat;
  dryRun?: boolean;
  report?: string;
}

export function addTransferCommand(program: Command): void {
  const transfer = program.command('transfer').description('transfer orders');
  transfer
    .command('import')
    .description('import a handover list (CSV or XLSX) against an order, or draw up a new order from it; all or nothing')
    .argument('<file>', 'the list: .csv (UTF-8) or .xlsx')
    .requiredOption('--mapping <file>', 'the mapping file (JSON): which column holds which field (see README)')
    .requiredOption('--as <username>', 'the account the import is recorded under')
    .requiredOption('--sender <name>', 'who sent the list: the sending authority or official')
    .option('--transfer <id>', 'the order the list feeds')
    .option('--origin <end>', 'for a new order: facility:<id> or authority:<country>:<name>', endpoint)
    .option('--destination <end>', 'for a new order: facility:<id> or authority:<country>:<name>', endpoint)
    .option('--reason <text>', 'for a new order: why the persons are transferred')
    .option('--format <format>', `the list's format (${listFormats.join(', ')}); by default from the mapping or the file name`, format)
    .option('--dry-run', 'read, match and decide, write nothing, print the full reconciliation report')
    .option('--report <file>', 'also write the reconciliation report (JSON) to this file')
    .action(async (file: string, options: ImportOptions) => {
      const newOrder = options.origin || options.destination || options.reason;
      if (Boolean(options.transfer) === Boolean(newOrder)) throw new Error('give either --transfer <id>, or --origin, --destination and --reason for a new order');
      if (newOrder && !(options.origin && options.destination && options.reason)) throw new Error('a new order needs --origin, --destination and --reason');
      const mapping = parseMapping(readFileSync(options.mapping, 'utf8'));
      const opened = await openRegister(undefined, { create: false });
      try {
        const role = await accountRole(opened.db, options.as);
        const today = registerDay();
        const list = readHandoverList(readFileSync(file), basename(file), mapping, { ...(options.format ? { format: options.format } : {}), today });
        if (list.errors.length) {
          for (const e of list.errors) console.error(`row ${e.row}${e.column ? `, column ${e.column}${e.header ? ` "${e.header}"` : ''}` : ''} (${e.field}): ${e.message}`);
          console.error(`${list.errors.length} errors in ${new Set(list.errors.map((e) => e.row)).size} of ${list.rows} rows; nothing was imported`);
          process.exitCode = 1;
          return;
        }
        process.stderr.write(`read ${list.entries.length} rows; building the identity index…\n`);
        const register: Register = { ...opened, identity: await IdentityIndex.build(opened.db) };
        const input: ImportHandoverList = {
          list_id: randomUUID(),
          transfer_id: options.transfer ?? randomUUID(),
          ...(newOrder ? { new_transfer: { origin: options.origin!, destination: options.destination!, reason: options.reason! } } : {}),
          sender: options.sender,
          source: basename(file),
          entries: list.entries,
        };
        if (options.dryRun) {
          const preview = await previewHandoverList(register, input, { actor: options.as, role }, progress('matching'));
          if (!preview.ok) {
            console.error(`refused (${preview.rejection.code}) ${preview.rejection.field ?? ''}: ${preview.rejection.message}`);
            process.exitCode = 1;
            return;
          }
          if (options.report) writeFileSync(options.report, `${JSON.stringify(preview.report, null, 2)}\n`);
          console.log(JSON.stringify({ dry_run: true, ...preview.summary, report: preview.report }));
          return;
        }
        const outcome = await execute(register, importHandoverListCommand(progress('matching')), input, { actor: options.as, role, idempotencyKey: randomUUID() });
        if (!outcome.ok) {
          console.error(`refused (${outcome.rejection.code}) ${outcome.rejection.field ?? ''}: ${outcome.rejection.message}; nothing was imported`);
          process.exitCode = 1;
          return;
        }
        if (options.report) writeFileSync(options.report, `${JSON.stringify(await reconciliationReport(register.db, input.list_id), null, 2)}\n`);
        console.log(JSON.stringify(outcome.response));
      } finally {
        await opened.db.close();
      }
    });
}
