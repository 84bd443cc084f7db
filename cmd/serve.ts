import cluster from 'node:cluster';
import type { Command } from 'commander';
import { loadConfig } from '../src/infrastructure/config/config';
import { createLogger, type Logger } from '../src/infrastructure/logger';
import { UsageError } from './errors';
import { listenOption, portOption, workersOption } from './options';
import { listenForStop, type StopSignal } from './stop-signal';

/** `codepix serve`: the hub alone, against an existing Postgres (DATABASE_URL). */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the hub against DATABASE_URL; logs go to stderr; SIGINT/SIGTERM stop it gracefully')
    .option('--migrate', 'apply pending migrations before serving')
    .addOption(portOption())
    .addOption(listenOption())
    .addOption(workersOption())
    .action(async (opts: { migrate?: boolean; port?: number; listen?: string; workers: number }) => {
      const loaded = loadConfig();
      const config = { ...loaded, grpcHost: opts.listen ?? loaded.grpcHost };
      if (!config.databaseUrl) {
        throw new UsageError(
          'DATABASE_URL is not set (for a local stack with its own Postgres: codepix dev up)',
        );
      }
      const logger = createLogger(config.logLevel);
      const stop = listenForStop(logger);
      if (opts.workers > 1 && cluster.isPrimary) {
        await superviseWorkers(opts.workers, stop, logger);
        return;
      }
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

/**
 * Hub instances are stateless, so one machine can run several as processes sharing the gRPC port
 * (node:cluster hands connections out in turn). A worker that dies is replaced until a stop is asked for.
 */
async function superviseWorkers(count: number, stop: StopSignal, logger: Logger): Promise<void> {
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stop.signal) return;
    logger.error('hub worker died; starting another', { pid: worker.process.pid, code, signal });
    fork();
  });
  const signal = await stop.received;
  const workers = Object.values(cluster.workers ?? {});
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker?.once('exit', () => resolve());
          worker?.process.kill(signal);
        }),
    ),
  );
}
