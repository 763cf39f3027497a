/**
 * `sijill serve`: open the register (migrated; made on first start), load the demo register
 * when asked (an empty register only), and serve the API. Stops cleanly on SIGINT and SIGTERM.
 *
 * The register opens while the server's own modules load (serve-register.ts, imported here
 * only once the command runs): on a first start the new database is made in a worker thread
 * (store/pglite-cluster.ts), so the two overlap.
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
      const [opened, { serveRegister }] = await Promise.all([openRegister(config, { create: true }), import('./serve-register.ts')]);
      await serveRegister(opened, config, options.demo ?? false);
    });
}
