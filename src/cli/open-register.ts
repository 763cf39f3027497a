/**
 * Open the configured database, migrated, as a Register for commands. The embedded data
 * folder is locked first (see store/data-folder-lock.ts): a command is refused, naming the
 * holder, while another process has the register open. Only commands that may create a
 * register say `create: true`; any other command pointed at an empty folder is refused.
 */
import { useClockRules } from '../store/clock-projection.ts';
import { useResponseClockRules } from '../store/complaints.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Register } from '../commands/execute.ts';
import { DataFolderBusy, type DataFolderLock } from '../store/data-folder-lock.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabaseWith, type OpenedDatabase } from '../store/open-database.ts';
import { registerInUseMessage } from './register-in-use.ts';

/** A command's refusal: its message is printed as it is, and the exit is non-zero. */
export class CommandRefusal extends Error {}

export interface OpenedRegister extends Register {
  /** True when this command made a new, empty register. */
  readonly created: boolean;
  readonly lock: DataFolderLock | undefined;
}

/** Say on stderr that this command made a new register, and where (never the URL: it may hold a password). */
export function sayCreated(config: Config): void {
  console.error(`created a new, empty register in ${config.databaseUrl ? 'the database at DATABASE_URL' : config.dataDir}`);
}

/** Open the database only (migrated or not is the caller's business), turning a busy folder into a refusal. */
export async function openConfiguredDatabase(config: Config, options: { create?: boolean } = {}): Promise<OpenedDatabase> {
  // Clocks are folded with the configured rules by whatever this process writes.
  useClockRules(config.clockRules);
  useResponseClockRules(config.responseClockRules);
  try {
    return await openDatabaseWith({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, create: options.create ?? false });
  } catch (error) {
    if (error instanceof DataFolderBusy) throw new CommandRefusal(registerInUseMessage(error));
    throw error;
  }
}

/**
 * `create` defaults to true for programs that make their own register (test writers); every
 * command of the command line says what it needs.
 */
export async function openRegister(config: Config = loadConfig(), options: { create?: boolean } = {}): Promise<OpenedRegister> {
  const opened = await openConfiguredDatabase(config, { create: options.create ?? true });
  try {
    await migrate(opened.db);
  } catch (error) {
    await opened.db.close();
    throw error;
  }
  if (opened.created) sayCreated(config);
  return { db: opened.db, created: opened.created, lock: opened.lock };
}
