import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../lib/observability/logger';
import { identityPaths, loadIdentity, pkiLayout } from '../../../lib/security/identity-files';
import type { Config } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startLocalKafka } from './local-kafka';
import { sleep } from './processes';

/** A server started here, which a fault test may kill and bring back on the same port and data. */
export interface LocalServer {
  /** SIGKILL, as a crash would; resolves once it is gone. The data stays as a crash leaves it. */
  kill(): Promise<void>;
  /** Kills it, waits `downtimeMs`, starts it again on the same port and data; resolves once it serves. */
  restart(downtimeMs?: number): Promise<void>;
}

export interface LocalInfra {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** The servers started here; absent for one given by DATABASE_URL or KAFKA_BROKERS. */
  postgres?: LocalServer;
  kafka?: LocalServer;
  stop(): Promise<void>;
}

/** Outlives clones and CODEPIX_HOME, like ~/.m2 which the cached classpath points into. */
export function sharedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'codepix');
}

interface Running {
  port: number;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Boots a server and keeps the means to boot it again: a restart passes the first start's port as
 * fixed, so clients holding its address (DATABASE_URL, KAFKA_BROKERS) reach it again.
 */
async function restartable<S extends Running>(
  boot: (port?: number) => Promise<S>,
): Promise<LocalServer & { first: S; stop(): Promise<void> }> {
  const first = await boot();
  let current: Running | undefined = first;
  const kill = async () => {
    await current?.kill();
    current = undefined;
  };
  return {
    first,
    kill,
    restart: async (downtimeMs = 0) => {
      await kill();
      await sleep(downtimeMs);
      current = await boot(first.port);
    },
    stop: async () => {
      await current?.stop();
      current = undefined;
    },
  };
}

/**
 * Uses the configured Postgres and Kafka when given; otherwise starts embedded ones under
 * `config.home`, in parallel. If either fails to start, the other is stopped before rethrowing.
 * With security on, the local broker takes TLS and ACLs with the broker identity of the PKI folder,
 * which must exist already (provisionLocalPki).
 */
export async function startLocalInfra(config: Config, logger: Logger): Promise<LocalInfra> {
  const identity =
    config.security.enabled && !config.kafkaBrokers
      ? loadIdentity(identityPaths(pkiLayout(config.security.pkiDir).broker), 'broker')
      : undefined;
  const postgres = config.databaseUrl
    ? Promise.resolve({ url: config.databaseUrl, server: undefined })
    : restartable((port) =>
        startEmbeddedPostgres({ dataDir: path.join(config.home, 'postgres'), port, logger }),
      ).then((server) => ({ url: server.first.url, server }));
  const kafka = config.kafkaBrokers
    ? Promise.resolve({ brokers: config.kafkaBrokers, server: undefined })
    : restartable((port) =>
        startLocalKafka({
          dataDir: path.join(config.home, 'kafka'),
          cacheDir: sharedCacheDir(),
          port,
          logger,
          identity,
        }),
      ).then((server) => ({ brokers: server.first.brokers, server }));

  const [pg, broker] = await Promise.allSettled([postgres, kafka]);
  if (pg.status === 'rejected' || broker.status === 'rejected') {
    await Promise.all(
      [pg, broker].map((r) => (r.status === 'fulfilled' ? r.value.server?.stop() : undefined)),
    );
    throw pg.status === 'rejected' ? pg.reason : (broker as PromiseRejectedResult).reason;
  }
  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: pg.value.url,
    kafkaBrokers: broker.value.brokers,
    postgres: pg.value.server,
    kafka: broker.value.server,
    stop: () => {
      stopping ??= Promise.all([pg.value.server?.stop(), broker.value.server?.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
