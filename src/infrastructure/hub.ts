import fs from 'node:fs';
import { grantBank, revokeCertificate } from '../../lib/messaging/kafka-acls';
import { createKafka } from '../../lib/messaging/kafka-client-factory';
import { addMessagingGauges } from '../../lib/messaging/messaging-gauges';
import { topicNames } from '../../lib/messaging/topics';
import type { Logger } from '../../lib/observability/logger';
import { whenDatabaseUp } from '../../lib/persistence/database-up';
import { migrate } from '../../lib/persistence/migrate';
import {
  authorityPaths,
  identityPaths,
  type LoadedIdentity,
  loadAuthority,
  loadIdentity,
  pkiLayout,
} from '../../lib/security/identity-files';
import type { Authority } from '../../lib/security/pki';
import type { Config } from './config/config';
import { type ConsoleDoor, startConsole } from './console/console-server';
import { authenticateByCertificate, trustEveryone } from './grpc/authenticate';
import { type GrpcServer, startGrpcServer } from './grpc/server';
import { HubMetrics } from './metrics/hub-metrics';
import { addHubStateGauges } from './metrics/hub-state-gauges';
import { type MetricsDoor, startMetricsServer } from './metrics/metrics-server';
import { createDataSource } from './persistence/data-source';
import { watchDatabase } from './persistence/database-watch';
import { DirectoryCache } from './persistence/directory-cache';
import { claimTransactionRunner, hubTransactionRunner } from './persistence/hub-transaction-runner';
import type { LeasedLookupAllowance } from './persistence/leased-lookup-allowance';
import type { DirectoryEntry } from './persistence/repositories/cached-repositories';
import { startTransferRelay, type TransferRelay } from './relay/transfer-relay';
import { CertificateStore } from './security/certificate-store';
import { hubMessageSecurity } from './security/hub-security';
import { type KafkaAccess, ParticipantIdentities } from './security/participant-identities';
import { Sweeper } from './sweeps/sweeper';
import { wireHub } from './wiring';

/** Claims per round of the claim sweep. */
const CLAIM_SWEEP_ROWS_MAX = 100;

/** The hub's identity and, when this hub issues certificates, the authority's key. */
interface HubSecurity {
  identity: LoadedIdentity;
  authority?: Authority;
}

/** Security on: the hub's identity must be there (`codepix pki init` makes it); the authority may be. */
function loadHubSecurity(config: Config): HubSecurity | undefined {
  if (!config.security.enabled) return undefined;
  const layout = pkiLayout(config.security.pkiDir);
  const identity = loadIdentity(identityPaths(layout.hub), 'hub');
  const hasAuthority = fs.existsSync(authorityPaths(layout.authority).key);
  return { identity, authority: hasAuthority ? loadAuthority(layout.authority) : undefined };
}

export interface Hub {
  grpcPort: number;
  grpc: GrpcServer;
  /** This hub's metrics registry, for the /metrics door (and tests) to read. */
  metrics: HubMetrics;
  /** Where the metrics door serves them; absent when the process's supervisor serves them. */
  metricsUrl?: string;
  /**
   * The console's first page; absent without an operator token, or when the process's supervisor
   * serves the console.
   */
  consoleUrl?: string;
  /** The certificates the hub knows, by serial: what it checks signatures and client certificates with. */
  certificates: CertificateStore;
  stop(): Promise<void>;
}

/**
 * Connects to Postgres (migrating first when asked), wires the use cases, opens the gRPC door and, when
 * Kafka brokers are configured, the transfer relay.
 */
export async function startHub(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  migrate?: boolean;
  /**
   * False for a cluster worker: its supervisor serves every worker's metrics on one door, and the
   * console (which reads only Postgres) once for all of them.
   */
  metricsDoor?: boolean;
}): Promise<Hub> {
  const { config, logger } = opts;
  const security = loadHubSecurity(config);
  const dataSource = await whenDatabaseUp(() => createDataSource(opts.databaseUrl).initialize(), logger);
  const cache = new DirectoryCache<DirectoryEntry>(opts.databaseUrl, logger);
  let relay: TransferRelay | undefined;
  let leases: LeasedLookupAllowance | undefined;
  let claimSweep: Sweeper | undefined;
  const metrics = new HubMetrics();
  metrics.pipeline.observePool('hub', dataSource);
  addMessagingGauges(metrics.reads, dataSource);
  addHubStateGauges(metrics.reads, dataSource);
  let door: MetricsDoor | undefined;
  let consoleDoor: ConsoleDoor | undefined;
  try {
    if (opts.migrate) {
      const applied = await migrate(dataSource);
      if (applied.length) logger.info('migrations applied', { applied });
    }
    await cache.start();
    const topics = topicNames(config.topicPrefix);
    // Every write of transfers and settlement accounts goes through it; the relay, once up, publishes.
    const runner = hubTransactionRunner({
      dataSource,
      topics,
      logger,
      metrics,
      strictPrefetch: config.strictPrefetch,
      wake: () => relay?.wake(),
    });
    const claimRunner = claimTransactionRunner({ dataSource, topics, cache, wake: () => relay?.wake() });
    const parts = wireHub({ config, logger, dataSource, cache, runner, claimRunner });
    const certificates = new CertificateStore(dataSource, cache);
    // Recorded so banks can fetch it by serial and check what the hub signs.
    if (security) await certificates.record(security.identity.certificate);
    leases = parts.leases;
    leases.start();
    claimSweep = new Sweeper({
      name: 'claim sweep',
      intervalMs: config.transfers.sweepIntervalMs,
      batch: CLAIM_SWEEP_ROWS_MAX,
      logger,
      round: (batch) => claimRunner.run((uow) => parts.cancelUnansweredClaims.execute(uow, batch)),
    });
    claimSweep.start();
    let kafkaAccess: KafkaAccess | undefined;
    if (config.kafkaBrokers) {
      // With security on the hub's certificate makes it a super user of the broker.
      const kafka = createKafka({
        brokers: config.kafkaBrokers,
        clientId: 'codepix-hub',
        logger,
        identity: security?.identity,
      });
      if (security) {
        kafkaAccess = {
          grant: (identity) => grantBank(kafka, topics, identity),
          revoke: async (identity) => {
            await revokeCertificate(kafka, identity);
          },
        };
      }
      relay = await startTransferRelay({
        kafka,
        dataSource,
        topics,
        partitions: config.kafkaPartitions,
        logger,
        useCases: parts.transfers,
        runner,
        sweepIntervalMs: config.transfers.sweepIntervalMs,
        metrics,
        security: security && hubMessageSecurity(security.identity, certificates),
      });
    } else {
      logger.info('KAFKA_BROKERS is not set: the transfer relay is off, only gRPC is served');
    }
    const { banks } = parts;
    const identities = new ParticipantIdentities(
      security?.authority,
      certificates,
      parts.bankRepository,
      kafkaAccess,
    );
    const grpc = await startGrpcServer({
      host: config.grpcHost,
      port: config.grpcPort,
      tls: security?.identity,
      authenticate: security ? authenticateByCertificate(certificates) : trustEveryone,
      pixKeys: parts.pixKeys,
      banks: {
        ...banks,
        identities,
        // A new bank's topic exists before anything is sent to it.
        register: {
          execute: async (input) => {
            const bank = await banks.register.execute(input);
            await relay?.addBankTopic(bank.ispb.value);
            return bank;
          },
        },
      },
      transfers: parts.transferService,
      claims: parts.claims,
      logger,
    });
    if (opts.metricsDoor !== false) {
      // Before the metrics door: a hub whose metrics answer has its console up (when it has one).
      consoleDoor = await startConsole({ config, logger, databaseUrl: opts.databaseUrl, dataSource });
      door = await startMetricsServer({
        host: config.grpcHost,
        port: config.metricsPort,
        source: metrics.registry,
        logger,
      });
    }
    const watch = watchDatabase({ dataSource, logger, onChange: (up) => grpc.setServing(up) });
    logger.info('hub listening', {
      grpc: `${config.grpcHost}:${grpc.port}`,
      metrics: door?.url,
      console: consoleDoor?.url,
      relay: Boolean(relay),
      security: security
        ? { identity: security.identity.paths.cert, issues: Boolean(security.authority) }
        : 'off',
    });
    return {
      grpcPort: grpc.port,
      grpc,
      metrics,
      metricsUrl: door?.url,
      consoleUrl: consoleDoor?.url,
      certificates,
      stop: async () => {
        watch.stop();
        await grpc.stop();
        await consoleDoor?.close();
        await door?.close();
        await claimSweep?.stop();
        await relay?.stop();
        // Unspent lookup tokens go back to the shared buckets; if the database is gone they are forfeit.
        await leases
          ?.stop()
          .catch((error) => logger.warn('lookup tokens not given back at stop', { error: String(error) }));
        await cache.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await consoleDoor?.close();
    await door?.close();
    await claimSweep?.stop();
    await relay?.stop();
    await leases?.stop().catch(() => undefined);
    await cache.stop().catch(() => undefined);
    await dataSource.destroy();
    throw error;
  }
}
