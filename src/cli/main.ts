/**
 * The `sijill` command line: serve, migrate, demo, check, user, match, transfer, receipt,
 * rollcall, clocks, states, log, monitor, figures-verify, witness. Each command prints results on stdout
 * and errors on stderr, and exits non-zero on failure. Only the module of the command asked for
 * is loaded (the server's modules are not loaded to answer `check`); help loads them all.
 */
import { Command } from 'commander';
import { ConfigError } from '../config.ts';
import { NoRegister } from '../store/open-database.ts';
import { CommandRefusal } from './open-register.ts';

type Adder = (program: Command) => void;

const register = async (): Promise<Adder> => (await import('./register-commands.ts')).addRegisterCommands;
const log = async (): Promise<Adder> => (await import('./log-commands.ts')).registerLogCommands;
/** Each top-level command and the module that adds it, in the order help lists them. */
const modules: [readonly string[], () => Promise<Adder>][] = [
  [['migrate', 'demo', 'check'], register],
  [['serve'], async () => (await import('./serve.ts')).addServeCommand],
  [['user'], async () => (await import('./user.ts')).addUserCommand],
  [['match'], async () => (await import('./match.ts')).addMatchCommand],
  [['transfer'], async () => (await import('./transfer.ts')).addTransferCommand],
  [['receipt'], async () => (await import('./receipt.ts')).addReceiptCommand],
  [['rollcall'], async () => (await import('./rollcall.ts')).addRollCallCommand],
  [
    ['clocks'],
    async () => {
      const [{ clocksCommand }, { addClocksReportCommand }] = await Promise.all([import('./clocks.ts'), import('./clocks-report.ts')]);
      return (program) => addClocksReportCommand(clocksCommand(program));
    },
  ],
  [['states'], async () => (await import('./states.ts')).addStatesCommand],
  [['log', 'monitor', 'figures-verify', 'witness'], log],
];

const program = new Command();
program.name('sijill').description('Sijill — a custody register nobody can disappear from').showHelpAfterError();

// The command word is the first argument; anything else (help, a typo) gets every command.
const word = process.argv[2];
const asked = modules.filter(([names]) => names.includes(word ?? ''));
for (const [, load] of asked.length ? asked : modules) (await load())(program);

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) console.error(`configuration: ${error.message}`);
  else if (error instanceof NoRegister) console.error(`refused: ${error.message}`);
  else if (error instanceof CommandRefusal) console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
