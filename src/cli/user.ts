/**
 * `sijill user add`: the console's bootstrap of a register's first accounts; the password is
 * read from standard input. It works while the register has fewer than two administrators
 * (a fresh install, or one whose administrators were all disabled but one): each account it
 * makes is an `account.bootstrapped` event in the log. From then on an account is requested
 * by one administrator and approved by another (POST /api/accounts).
 */
import type { Command } from 'commander';
import { revokeSessions } from '../api/accounts.ts';
import { BootstrapRefused, bootstrapAccountAtConsole } from '../api/account-requests.ts';
import { removeFactor } from '../api/second-factor.ts';
import { isRole, roles } from '../domain/permissions.ts';
import { openRegister } from './open-register.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function addUserCommand(program: Command): void {
  const user = program.command('user').description('manage accounts');
  user
    .command('add')
    .description('create one of a register\'s first accounts (while it has fewer than two administrators); give the password on standard input')
    .requiredOption('--username <name>', 'login name: 2–64 of a-z, 0-9, ".", "_", "-"')
    .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
    .requiredOption('--display-name <name>', 'the official’s name as shown on every record they write')
    .option('--state <code>', 'for a liaison account: the state (ISO 3166-1 alpha-2, e.g. FR) whose nationals’ repatriation cases it sees and answers')
    .action(async (options: { username: string; role: string; displayName: string; state?: string }) => {
      if (!isRole(options.role)) throw new Error(`--role must be one of: ${roles.join(', ')}`);
      const password = await readStdin();
      // The first account of a fresh install may create the register (openRegister says so).
      const register = await openRegister(undefined, { create: true });
      try {
        const bound = options.state === undefined ? {} : { liaisonState: options.state };
        const account = await bootstrapAccountAtConsole(register, { username: options.username, displayName: options.displayName, role: options.role, password, ...bound });
        console.log(JSON.stringify({ id: account.id, username: account.username, role: account.role, ...(options.state === undefined ? {} : { state: options.state }) }));
      } catch (error) {
        if (error instanceof BootstrapRefused && error.code === 'duplicate') throw new Error(`the username "${options.username}" is taken`);
        throw error;
      } finally {
        await register.db.close();
      }
    });
  user
    .command('remove-second-factor')
    .description('remove an account’s second factors (its authenticator app and security keys) and recovery codes (a lost phone or key, the last administrator included) and end its sessions; it enrols again at its next login')
    .requiredOption('--username <name>', 'the account')
    .action(async (options: { username: string }) => {
      const register = await openRegister(undefined, { create: false });
      try {
        const { rows } = await register.db.query<{ id: string }>('SELECT id FROM account WHERE username = $1', [options.username]);
        if (!rows[0]) throw new Error(`no account "${options.username}"`);
        const removed = await removeFactor(register.db, rows[0].id, null, new Date());
        const ended = await revokeSessions(register.db, rows[0].id);
        console.log(JSON.stringify({ username: options.username, second_factor_removed: removed, sessions_ended: ended }));
      } finally {
        await register.db.close();
      }
    });
}
