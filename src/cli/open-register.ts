/** Open the configured database, migrated, as a Register for commands. */
import { loadConfig, type Config } from '../config.ts';
import type { Register } from '../commands/execute.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabase } from '../store/open-database.ts';

export async function openRegister(config: Config = loadConfig()): Promise<Register> {
  const db = await openDatabase(config);
  await migrate(db);
  return { db };
}
