/**
 * `sijill serve`: open the register (migrated; made on first start), load the demo register
 * when asked (an empty register only), and serve the API. Stops cleanly on SIGINT and SIGTERM.
 *
 * The register opens while the server's own modules load (serve-register.ts, imported here
 * only once the command runs) and the server is built: on a first start the new database is
 * made in a worker thread (store/pglite-cluster.ts), so they overlap.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openRegister } from './open-register.ts';

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the register over HTTP (API at /api, OpenAPI at /api/openapi.json)')
    .option('--demo', 'load the fictional demo register into an empty register, and create the demo accounts')
    .action(async (options: { demo?: boolean }) => {
      const config = loadConfig();
      // Opening starts at once; its failure (a folder in use, a bad URL) is heard where it is awaited.
      const opening = openRegister(config, { create: true });
      opening.catch(() => undefined);
      const { serveRegister } = await import('./serve-register.ts');
      await serveRegister(opening, config, options.demo ?? false);
    });
}
