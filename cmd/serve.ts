import cluster from 'node:cluster';
import type { Command } from 'commander';
import { AggregatorRegistry } from 'prom-client';
import { createLogger, type Logger } from '../lib/observability/logger';
import { type Config, loadConfig } from '../src/infrastructure/config/config';
import { startConsole } from '../src/infrastructure/console/console-server';
import { startMetricsServer } from '../src/infrastructure/metrics/metrics-server';
import { UsageError } from './errors';
import { consolePortOption, listenOption, metricsPortOption, portOption, workersOption } from './options';
import { listenForStop, type StopSignal } from './stop-signal';

/** `codepix serve`: the hub alone, against an existing Postgres (DATABASE_URL). */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the hub against DATABASE_URL; logs go to stderr; SIGINT/SIGTERM stop it gracefully')
    .option('--migrate', 'apply pending migrations before serving')
    .addOption(portOption())
    .addOption(metricsPortOption())
    .addOption(consolePortOption())
    .addOption(listenOption())
    .addOption(workersOption())
    .action(async (opts: ServeOptions) => {
      const loaded = loadConfig();
      const config = {
        ...loaded,
        grpcHost: opts.listen ?? loaded.grpcHost,
        metricsPort: opts.metricsPort ?? loaded.metricsPort,
        consolePort: opts.consolePort ?? loaded.consolePort,
      };
      if (!config.databaseUrl) {
        throw new UsageError(
          'DATABASE_URL is not set (for a local stack with its own Postgres: codepix dev up)',
        );
      }
      const logger = createLogger(config.logLevel);
      const stop = listenForStop(logger);
      if (opts.workers > 1 && cluster.isPrimary) {
        await superviseWorkers(opts.workers, { ...config, databaseUrl: config.databaseUrl }, stop, logger);
        return;
      }
      const { startHub } = await import('../src/infrastructure/hub');
      const hub = await startHub({
        config: { ...config, grpcPort: opts.port ?? config.grpcPort },
        logger,
        databaseUrl: config.databaseUrl,
        migrate: Boolean(opts.migrate),
        metricsDoor: cluster.isPrimary,
      });
      // A worker's metrics are read by its supervisor, which serves the sum of every worker's.
      if (cluster.isWorker) AggregatorRegistry.setRegistries([hub.metrics.registry]);
      await stop.received;
      await hub.stop();
      logger.info('hub stopped');
    });
}

interface ServeOptions {
  migrate?: boolean;
  port?: number;
  metricsPort?: number;
  consolePort?: number;
  listen?: string;
  workers: number;
}

/**
 * Hub instances are stateless, so one machine can run several as processes sharing the gRPC port
 * (node:cluster hands connections out in turn). A worker that dies is replaced until a stop is asked for.
 * The supervisor serves the workers' metrics, summed, on the one metrics door, and the console: it
 * reads only Postgres, so one per machine serves them all.
 */
async function superviseWorkers(
  count: number,
  config: Config & { databaseUrl: string },
  stop: StopSignal,
  logger: Logger,
): Promise<void> {
  const aggregator = new AggregatorRegistry();
  const door = await startMetricsServer({
    host: config.grpcHost,
    port: config.metricsPort,
    source: { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() },
    logger,
  });
  const consoleDoor = await startConsole({ config, logger, databaseUrl: config.databaseUrl });
  logger.info('hub workers starting', { workers: count, metrics: door.url, console: consoleDoor?.url });
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stop.signal) return;
    logger.error('hub worker died; starting another', { workerPid: worker.process.pid, code, signal });
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
  await consoleDoor?.close();
  await door.close();
}
