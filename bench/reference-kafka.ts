import { randomBytes } from 'node:crypto';
import type { Consumer, Kafka, Message } from 'kafkajs';
import { ensureTopics } from '../lib/messaging/kafka-client-factory';
import { KAFKA_BATCH_BOUNDS } from '../src/domain/limits';
import { percentile } from './load';

/** What the broker does for a client that does nothing else: one message at a time, and in bulk. */
export interface KafkaReference {
  /** Of each message's value; every message has a 32-character key and no headers. */
  messageBytes: number;
  /** One message produced (acks from all in-sync replicas), then waited for at a consumer, then the next. */
  roundTrip: { count: number; seconds: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Batches of `batch` messages, one batch in flight, acks from all, over `partitions` partitions. */
  produce: { batch: number; partitions: number; messages: number; seconds: number; perSecond: number };
  /** A fresh consumer group reading back what `produce` wrote, from its first message on. */
  consume: { messages: number; seconds: number; perSecond: number };
}

const MESSAGE_BYTES = 300;
/** What the hub's outbox publisher sends per round trip. */
const BATCH = 1000;
/** A round trip that takes longer than this is a broken reference, not a slow one. */
const ROUND_TRIP_TIMEOUT_MS = 10_000;

/**
 * A consumer set up as the project's batch consumer sets its own (short fetch wait, short session, the
 * same fetch sizes), so the reference waits on the broker as the hub and the banks do.
 */
const consumerOf = (kafka: Kafka, groupId: string): Consumer =>
  kafka.consumer({
    groupId,
    maxWaitTimeInMs: 50,
    sessionTimeout: 6_000,
    heartbeatInterval: 1_000,
    maxBytesPerPartition: KAFKA_BATCH_BOUNDS.partitionBatchBytesMax,
    maxBytes: KAFKA_BATCH_BOUNDS.fetchBytesMax,
  });

/** An idempotent producer with one request in flight, as the outbox publisher makes it. */
const producerOf = (kafka: Kafka) => kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

/**
 * The three Kafka references, on scratch topics `<prefix>.reference-*` that `kafka` (a super user's
 * client with security on, as the hub is) creates; whoever removes the run's topics removes them too.
 */
export async function measureKafka(opts: {
  kafka: Kafka;
  topicPrefix: string;
  partitions: number;
  seconds: number;
}): Promise<KafkaReference> {
  const { kafka, topicPrefix, partitions, seconds } = opts;
  const run = Date.now();
  const single = `${topicPrefix}.reference-rtt-${run}`;
  const bulk = `${topicPrefix}.reference-bulk-${run}`;
  await ensureTopics(kafka, [
    { topic: single, numPartitions: 1 },
    { topic: bulk, numPartitions: partitions },
  ]);
  const roundTrip = await measureRoundTrip(kafka, single, `${topicPrefix}-reference-rtt-${run}`, seconds);
  const produce = await measureProduce(kafka, bulk, partitions, seconds);
  const consume = await measureConsume(
    kafka,
    bulk,
    `${topicPrefix}-reference-bulk-${run}`,
    produce.messages,
    seconds,
  );
  return { messageBytes: MESSAGE_BYTES, roundTrip, produce, consume };
}

const value = () => randomBytes(MESSAGE_BYTES);
const key = (i: number) => `reference-${String(i).padStart(22, '0')}`;

async function measureRoundTrip(kafka: Kafka, topic: string, groupId: string, seconds: number) {
  const producer = producerOf(kafka);
  const consumer = consumerOf(kafka, groupId);
  const waiting = new Map<string, () => void>();
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => waiting.get(String(message.key))?.(),
    });
    const once = async (i: number): Promise<number> => {
      const seen = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`round trip ${i} not back after 10 s`)),
          ROUND_TRIP_TIMEOUT_MS,
        );
        waiting.set(key(i), () => {
          clearTimeout(timer);
          waiting.delete(key(i));
          resolve();
        });
      });
      const t0 = process.hrtime.bigint();
      await producer.send({ topic, acks: -1, messages: [{ key: key(i), value: value() }] });
      await seen;
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    // The first trips wait for the group to form and the first fetch; they are not measured.
    for (let i = 0; i < 5; i++) await once(-1 - i);
    const latencies: number[] = [];
    const start = Date.now();
    while (Date.now() - start < seconds * 1000) latencies.push(await once(latencies.length));
    const elapsed = (Date.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      count: latencies.length,
      seconds: elapsed,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    };
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
  }
}

async function measureProduce(kafka: Kafka, topic: string, partitions: number, seconds: number) {
  const producer = producerOf(kafka);
  await producer.connect();
  try {
    // One set of messages sent over and over: the load generator's cost stays out of the figure.
    const messages: Message[] = Array.from({ length: BATCH }, (_, i) => ({ key: key(i), value: value() }));
    let sent = 0;
    const start = Date.now();
    while (Date.now() - start < seconds * 1000) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      sent += BATCH;
    }
    const elapsed = (Date.now() - start) / 1000;
    return { batch: BATCH, partitions, messages: sent, seconds: elapsed, perSecond: sent / elapsed };
  } finally {
    await producer.disconnect();
  }
}

async function measureConsume(kafka: Kafka, topic: string, groupId: string, total: number, seconds: number) {
  const consumer = consumerOf(kafka, groupId);
  await consumer.connect();
  try {
    let read = 0;
    /** The first batch's messages came before the clock started: they do not count in the rate. */
    let firstBatch = 0;
    let first = 0;
    let last = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        // Timed from the first message in: joining the group is not reading.
        if (read === 0) {
          first = Date.now();
          firstBatch = batch.messages.length;
        }
        read += batch.messages.length;
        last = Date.now();
        if (read >= total || last - first >= seconds * 1000) done();
      },
    });
    const deadline = setTimeout(done, 30_000 + seconds * 1000);
    await finished;
    clearTimeout(deadline);
    const elapsed = Math.max(0.001, (last - first) / 1000);
    return { messages: read, seconds: elapsed, perSecond: (read - firstBatch) / elapsed };
  } finally {
    await consumer.disconnect();
  }
}
