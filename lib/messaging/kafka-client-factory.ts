import { Kafka, type LogEntry, logLevel, type RetryOptions } from 'kafkajs';
import type { Logger } from '../observability/logger';

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

/**
 * Broker answers that are part of a healthy start, a new topic or a leader change (kafkajs's messages
 * for GROUP_LOAD_IN_PROGRESS, GROUP_COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR_FOR_GROUP,
 * LEADER_NOT_AVAILABLE, and UNKNOWN_TOPIC_OR_PARTITION, which a topic created a moment ago still
 * gets): kafkajs retries them, and a call that still fails reaches its caller, which logs it (the
 * outbox publisher, a consumer). On their own they are noise that looks like a failure.
 */
const TRANSIENT_BROKER_STATES = [
  'This server does not host this topic-partition',
  "The coordinator is loading and hence can't process requests for this group",
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  // A topic another client created first (the hub and a bank both make a new bank's topic):
  // ensureTopics looks again, and throws if a topic is still missing.
  'Topic creation errors',
];
/**
 * Said of every idempotent producer with bounded retries, i.e. all of ours. Nothing is at risk: a
 * message stays in the outbox until it is sent, and every receiver's inbox drops a repeat.
 */
const EOS_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * A consumer's crash is told by the batch consumer, with its group, unless our own stop caused it;
 * a reply to a request kafkajs already gave up on (timed out, or its connection closed) needs nothing;
 * and a request written to a socket we ended is our own disconnect racing a heartbeat or a fetch.
 */
const TOLD_ELSEWHERE = (namespace: string, message: string) =>
  (namespace === 'Consumer' && message.startsWith('Crash: ')) ||
  (namespace === 'RequestQueue' && message === 'Response without match') ||
  (namespace === 'Connection' && message === 'Connection error: write after end');

/** The level a kafkajs log entry deserves here: debug for what is expected and retried, else its own. */
export function kafkaLogLevel(entry: LogEntry): 'debug' | 'warn' | 'error' {
  const { message, error } = entry.log as LogEntry['log'] & { error?: unknown };
  if (message === EOS_RETRIES_WARNING || TOLD_ELSEWHERE(entry.namespace, message)) return 'debug';
  if (typeof error === 'string' && TRANSIENT_BROKER_STATES.includes(error)) return 'debug';
  return entry.level === logLevel.ERROR ? 'error' : 'warn';
}

/** kafkajs's log lines, through our logger at the level kafkaLogLevel gives them. */
export const kafkaLogCreator = (logger?: Logger) => () => (entry: LogEntry) => {
  if (!logger) return;
  const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
  logger[kafkaLogLevel(entry)](`kafkajs: ${message}`, { namespace: entry.namespace, ...fields });
};

/** The one place a kafkajs client is built, so retry policy and log routing are the same everywhere. */
export function createKafka(opts: CreateKafkaOptions): Kafka {
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
    logCreator: kafkaLogCreator(opts.logger),
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
