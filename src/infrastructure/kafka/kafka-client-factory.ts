import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from '../logger';

export interface CreateKafkaOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
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
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: KAFKA_RETRY,
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
