import { Kafka, type LogEntry, logLevel, type RetryOptions } from 'kafkajs';
import type { Logger } from '../logger';

/** What a TLS client needs of an identity (a LoadedIdentity has it): PEM bytes of each part. */
export interface TlsIdentity {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface CreateKafkaOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /**
   * The client's certificate, for a broker that requires one (security on). The broker's own
   * certificate is checked against the same authority and against the host dialled (its SANs).
   */
  identity?: TlsIdentity;
  /** KAFKA_RETRY unless given: a test that expects a refusal wants it without 30 s of retries. */
  retry?: RetryOptions;
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
}

/** About 30 s of backoff in total before a call fails, enough to ride out a broker restart. */
export const KAFKA_RETRY = { initialRetryTime: 100, maxRetryTime: 5_000, retries: 10 };

/** The one place a kafkajs client is built, so retry policy and log routing are the same everywhere. */
export function createKafka(opts: CreateKafkaOptions): Kafka {
  const { logger } = opts;
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    ssl: opts.identity
      ? { ca: opts.identity.ca, cert: opts.identity.cert, key: opts.identity.key }
      : undefined,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: opts.retry ?? KAFKA_RETRY,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
      const at = entry.level === logLevel.ERROR ? 'error' : 'warn';
      logger[at](`kafkajs: ${message}`, { namespace: entry.namespace, ...fields });
    },
  });
}

/** Creates the topics that do not exist yet; safe to call concurrently and on every start. */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A concurrent creator can win the race for some topics; the next pass then sees them as existing.
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.topic,
            numPartitions: t.numPartitions ?? 1,
            replicationFactor: t.replicationFactor ?? -1,
          })),
        });
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every topic is visible to this client, for one that may not create topics (a bank).
 * A broker with ACLs lists only the topics the principal may describe, so a topic missing here is
 * either not made yet or not granted: the error says both.
 */
export async function waitForTopics(kafka: Kafka, topics: string[], timeoutMs = 30_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const listed = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !listed.has(t));
      if (missing.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Kafka topics ${missing.join(', ')} are not there after ${timeoutMs / 1000} s, or this client ` +
            'may not see them: the hub creates a bank topic when the bank registers, and grants the ' +
            "bank's certificate its ACLs",
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
