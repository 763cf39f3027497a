/**
 * `sijill migrate`, `demo` and `check`: the commands that make, fill and verify a register.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { checkRegister } from '../store/check.ts';
import { migrate } from '../store/migrate.ts';
import { rebuildProjections } from '../store/replay.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { openConfiguredDatabase, openRegister, sayCreated } from './open-register.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number, 1 or more');
  return n;
}

/** Adds `migrate`, `demo` and `check` to the sijill command. */
export function addRegisterCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations and (re)build projections if their schema changed')
    .action(async () => {
      const config = loadConfig();
      const { db, created } = await openConfiguredDatabase(config, { create: true });
      if (created) sayCreated(config);
      try {
        const report = await migrate(db);
        console.log(JSON.stringify(report));
      } finally {
        await db.close();
      }
    });

  program
    .command('demo')
    .description('load the fictional demo register (only into an empty register)')
    .option('--persons <n>', 'how many persons', positiveInt, 2000)
    .action(async (options: { persons: number }) => {
      const register = await openRegister(undefined, { create: true });
      try {
        const report = await seedDemo(register, options.persons, (done, total) => process.stderr.write(`\rdemo: ${done}/${total} persons`));
        process.stderr.write('\n');
        console.log(JSON.stringify(report));
      } finally {
        await register.db.close();
      }
    });

  program
    .command('check')
    .description('verify leaf hashes, per-person chains, projections against a replay, and the custody invariant')
    .option('--rebuild', 'drop and rebuild the projections from the log first')
    .action(async (options: { rebuild?: boolean }) => {
      const register = await openRegister(undefined, { create: false });
      try {
        if (options.rebuild) console.error(`rebuilt projections from ${await rebuildProjections(register.db)} events`);
        const report = await checkRegister(register.db);
        for (const finding of report.findings) console.error(`FAIL ${finding.check}: ${finding.message}`);
        console.log(JSON.stringify({ ok: report.ok, events: report.events, persons: report.persons, findings: report.findings.length }));
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await register.db.close();
      }
    });
}
