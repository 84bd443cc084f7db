import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../lib/observability/logger';
import { identityPaths, loadIdentity, pkiLayout } from '../../../lib/security/identity-files';
import type { Config } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startLocalKafka } from './local-kafka';

export interface LocalInfra {
  databaseUrl: string;
  kafkaBrokers: string[];
  stop(): Promise<void>;
}

/** Outlives clones and CODEPIX_HOME, like ~/.m2 which the cached classpath points into. */
export function sharedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'codepix');
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
    ? Promise.resolve({ url: config.databaseUrl, stop: async () => {} })
    : startEmbeddedPostgres({ dataDir: path.join(config.home, 'postgres'), logger });
  const kafka = config.kafkaBrokers
    ? Promise.resolve({ brokers: config.kafkaBrokers, stop: async () => {} })
    : startLocalKafka({
        dataDir: path.join(config.home, 'kafka'),
        cacheDir: sharedCacheDir(),
        logger,
        identity,
      });

  const [pg, broker] = await Promise.allSettled([postgres, kafka]);
  if (pg.status === 'rejected' || broker.status === 'rejected') {
    await Promise.all([pg, broker].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw pg.status === 'rejected' ? pg.reason : (broker as PromiseRejectedResult).reason;
  }
  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: pg.value.url,
    kafkaBrokers: broker.value.brokers,
    stop: () => {
      stopping ??= Promise.all([pg.value.stop(), broker.value.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
