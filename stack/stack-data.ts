import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import type { Logger } from '../lib/observability/logger';
import { loadConfig } from '../src/infrastructure/config/config';
import { type LocalInfra, startLocalInfra } from '../src/infrastructure/local/local-stack';
import { provisionLocalPki } from '../src/infrastructure/security/provision';
import type { StackIdentities } from './stack-identities';

/**
 * The databases and topics a stack makes for itself. On a Postgres or a broker it started, they go
 * with its home; on given ones (DATABASE_URL, KAFKA_BROKERS, a test run's) they are removed by name.
 */

async function asAdmin<T>(serverUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, empty database `name` on the server of `serverUrl`; its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await asAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases of `urls` (if there), ending any connection still open on them. */
export async function dropDatabases(serverUrl: string, urls: string[]): Promise<void> {
  await asAdmin(serverUrl, async (admin) => {
    for (const url of urls) {
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
}

/** Deletes the topics named `<prefix>.…`; `kafka` must be allowed to (the hub is, with security on). */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (ours.length) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.disconnect();
  }
}

/** Where a stack runs: Postgres and Kafka (given or started), and the hub's database made on it. */
export interface StackServers {
  infra: LocalInfra;
  hubDatabaseUrl: string;
}

/**
 * Makes the stack's PKI when it has none of its own yet (with security on), starts the Postgres and
 * Kafka it was not given in its home (their log in `logFile`) and makes the hub's database, named `name`.
 */
export async function startStackServers(opts: {
  home: string;
  identities: StackIdentities;
  /** The PKI folder is the caller's, made already: a test run's. */
  givenPki: boolean;
  databaseUrl?: string;
  kafkaBrokers?: string[];
  name: string;
  logger: Logger;
}): Promise<StackServers> {
  const { security, pkiDir } = opts.identities;
  if (security && !opts.givenPki) await provisionLocalPki(pkiDir);
  const config = loadConfig({
    ...process.env,
    CODEPIX_HOME: opts.home,
    CODEPIX_PKI: pkiDir,
    CODEPIX_SECURITY: security ? 'on' : 'off',
    DATABASE_URL: opts.databaseUrl,
    KAFKA_BROKERS: opts.kafkaBrokers?.join(','),
  });
  const infra = await startLocalInfra(config, opts.logger);
  try {
    return { infra, hubDatabaseUrl: await createDatabase(infra.databaseUrl, opts.name) };
  } catch (error) {
    await infra.stop();
    throw error;
  }
}

/**
 * Stops what startStackServers started; on a Postgres or broker the stack was given, first removes the
 * databases (`databases`) and topics (`<topicPrefix>.…`, through `kafka`) it made there.
 */
export async function stopStackServers(
  servers: StackServers,
  given: { postgres: boolean; kafka: boolean },
  own: { databases: string[]; topicPrefix: string; kafka: () => Kafka },
  logger: Logger,
): Promise<void> {
  try {
    if (given.postgres) await dropDatabases(servers.infra.databaseUrl, own.databases);
    if (given.kafka) await deleteTopics(own.kafka(), own.topicPrefix);
  } catch (error) {
    logger.warn('the stack could not remove its databases or topics', { error: String(error) });
  }
  await servers.infra.stop();
}
