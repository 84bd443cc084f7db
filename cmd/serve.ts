import type { Command } from 'commander';
import { loadConfig } from '../src/infrastructure/config/config';
import { createLogger } from '../src/infrastructure/logger';
import { UsageError } from './errors';
import { portOption } from './options';
import { listenForStop } from './stop-signal';

/** `codepix serve`: the hub alone, against an existing Postgres (DATABASE_URL). */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the hub against DATABASE_URL; logs go to stderr; SIGINT/SIGTERM stop it gracefully')
    .option('--migrate', 'apply pending migrations before serving')
    .addOption(portOption())
    .action(async (opts: { migrate?: boolean; port?: number }) => {
      const config = loadConfig();
      if (!config.databaseUrl) {
        throw new UsageError(
          'DATABASE_URL is not set (for a local stack with its own Postgres: codepix dev up)',
        );
      }
      const logger = createLogger(config.logLevel);
      const stop = listenForStop(logger);
      const { startHub } = await import('../src/infrastructure/hub');
      const hub = await startHub({
        config: { ...config, grpcPort: opts.port ?? config.grpcPort },
        logger,
        databaseUrl: config.databaseUrl,
        migrate: Boolean(opts.migrate),
      });
      await stop.received;
      await hub.stop();
      logger.info('hub stopped');
    });
}
