import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { HEADERS } from '../kafka/topics';
import type { Logger } from '../logger';

/** A consumed message with what every handler needs from its envelope. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  /** The sender's message id, or `topic:partition:offset` for a message without one. */
  messageId: string;
  type?: string;
  origin?: string;
  key?: string;
  value: Buffer | null;
}

export interface BatchConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /**
   * Applies a batch of one partition in one database transaction (and dead-letters what cannot be
   * applied). Throwing means nothing was applied: the batch is retried, never skipped.
   */
  handle(messages: ConsumedMessage[]): Promise<void>;
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

export function toConsumedMessage(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    messageId: header(message, HEADERS.messageId) ?? `${topic}:${partition}:${message.offset}`,
    type: header(message, HEADERS.type),
    origin: header(message, HEADERS.origin),
    key: message.key?.toString(),
    value: message.value,
  };
}

/**
 * Runs a consumer whose offsets are committed only after `handle` has committed its database
 * transaction: a crash in between redelivers the batch, which the inbox makes harmless.
 */
export async function startBatchConsumer(opts: BatchConsumerOptions): Promise<Consumer> {
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    maxWaitTimeInMs: 50,
    // A member that died without leaving (SIGKILL) holds its partitions until this passes.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: opts.topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: (payload) => consumeBatch(consumer, payload, opts),
  });
  return consumer;
}

async function consumeBatch(consumer: Consumer, payload: EachBatchPayload, opts: BatchConsumerOptions) {
  const { batch, isRunning, isStale, heartbeat, resolveOffset } = payload;
  if (batch.messages.length === 0) return;
  const messages = batch.messages.map((m) => toConsumedMessage(batch.topic, batch.partition, m));
  for (let attempt = 1; ; attempt++) {
    if (!isRunning() || isStale()) return;
    try {
      await opts.handle(messages);
      break;
    } catch (error) {
      opts.logger.error('batch not applied; retrying', {
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: batch.firstOffset(),
        attempt,
        error: String(error),
      });
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
      await heartbeat().catch(() => undefined);
    }
  }
  const last = batch.lastOffset();
  resolveOffset(last);
  await consumer.commitOffsets([
    { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
  ]);
  await heartbeat();
}
