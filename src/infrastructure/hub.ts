import type { Config } from './config/config';
import { bankUseCases, buildContainer, pixKeyUseCases } from './container';
import { type GrpcServer, startGrpcServer } from './grpc/server';
import type { Logger } from './logger';
import { createDataSource } from './persistence/data-source';
import { DirectoryCache } from './persistence/directory-cache';
import { migrate } from './persistence/migrate';
import type { DirectoryEntry } from './persistence/repositories/cached-repositories';

export interface Hub {
  grpcPort: number;
  grpc: GrpcServer;
  stop(): Promise<void>;
}

/** Connects to Postgres (migrating first when asked), wires the use cases and opens the gRPC door. */
export async function startHub(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  migrate?: boolean;
}): Promise<Hub> {
  const dataSource = await createDataSource(opts.databaseUrl).initialize();
  try {
    if (opts.migrate) {
      const applied = await migrate(dataSource);
      if (applied.length) opts.logger.info('migrations applied', { applied });
    }
    const cache = new DirectoryCache<DirectoryEntry>(opts.databaseUrl, opts.logger);
    await cache.start();
    const container = buildContainer({ config: opts.config, logger: opts.logger, dataSource, cache });
    const grpc = await startGrpcServer({
      host: opts.config.grpcHost,
      port: opts.config.grpcPort,
      pixKeys: pixKeyUseCases(container),
      banks: bankUseCases(container),
      logger: opts.logger,
    });
    opts.logger.info('hub listening', { grpc: `${opts.config.grpcHost}:${grpc.port}` });
    return {
      grpcPort: grpc.port,
      grpc,
      stop: async () => {
        await grpc.stop();
        await cache.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
