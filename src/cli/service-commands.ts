import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import { printJson, withVigil, type GlobalOptions } from './open-vigil.ts';

export function registerServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('run the Vigil service (HTTP API, listeners)')
    .option('--config <file>', 'config file (YAML or JSON); also VIGIL_CONFIG')
    .option('--database <url>', 'SQLite file path or postgres:// URL; also VIGIL_DATABASE_URL')
    .option('--port <port>', 'HTTP port', (v) => Number(v))
    .option('--host <host>', 'HTTP bind address')
    .option('--demo', 'seed a demo tenant on an empty database and simulate alerts')
    .option('--no-simulator', 'with --demo: seed only, no simulated alerts')
    .action(async (options: GlobalOptions & { port?: number; host?: string; demo?: boolean; simulator: boolean }) => {
      const overrides: Record<string, unknown> = {};
      if (options.database !== undefined) overrides['database'] = { url: options.database };
      if (options.port !== undefined || options.host !== undefined) {
        overrides['server'] = { ...(options.port === undefined ? {} : { port: options.port }), ...(options.host === undefined ? {} : { host: options.host }) };
      }
      if (options.demo === true) overrides['demo'] = { seed: true, simulator: options.simulator };
      let config = loadConfig({ file: options.config, overrides });
      if (options.demo === true && config.detect.ruleDirs.length === 0) {
        // The demo detects with Vigil's own sample rules unless the config names rule folders.
        const ruleDirs = [fileURLToPath(new URL('../../rules/demo', import.meta.url))];
        config = loadConfig({ file: options.config, overrides: { ...overrides, detect: { ruleDirs } } });
      }
      const server = await startServer(config);
      const shutdown = (signal: string) => {
        server.vigil.app.log.info({ signal }, 'shutting down');
        server.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .action(async (options: GlobalOptions) => {
      await withVigil(options, (vigil) => {
        printJson({ database: vigil.store.handle.location, status: 'up to date' });
        return Promise.resolve();
      });
    });
}
