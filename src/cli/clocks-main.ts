/** `sijill clocks evaluate` alone: started without loading the register's modules (bin/sijill.js). */
import { Command } from 'commander';
import { clocksCommand } from './clocks.ts';

const program = new Command().name('sijill').showHelpAfterError();
clocksCommand(program);
await program.parseAsync(process.argv);
