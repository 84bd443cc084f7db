import { randomUUID } from 'node:crypto';
import { type Consumer, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { HEADERS } from '../../lib/messaging/topics';
import type { SignedFields } from '../../lib/security/message-signature';
import { testKafka } from './test-pki';

export interface Seen {
  topic: string;
  key?: string;
  value: Buffer;
  headers: Record<string, string>;
}

export const brokers = () => (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

/** A unique topic prefix, so each test file has topics (and consumer groups) of its own. */
export const testTopicPrefix = (name: string) => `t${randomUUID().slice(0, 8)}.${name}`;

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Plays the part of banks on raw Kafka, as the hub's principal (it may read and write every topic): records every message on the given topics and sends raw ones,
 * with or without the CodePix headers.
 */
export class KafkaProbe {
  readonly seen: Seen[] = [];
  private consumer?: Consumer;
  private producer?: Producer;
  readonly kafka: Kafka = testKafka('test-probe');

  /** `sign` gives the signature headers of what `send` sends (see test-signatures.ts signAsOrigin). */
  constructor(private readonly sign?: (fields: SignedFields) => Promise<Record<string, string>>) {}

  async start(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `probe-${randomUUID()}`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        this.seen.push({
          topic,
          key: message.key?.toString(),
          value: message.value ?? Buffer.alloc(0),
          headers,
        });
      },
    });
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async send(
    topic: string,
    key: string,
    value: Uint8Array | string,
    type?: string,
    origin = 'test',
  ): Promise<void> {
    const messageId = randomUUID();
    const headers: Record<string, string> = { [HEADERS.messageId]: messageId, [HEADERS.origin]: origin };
    if (type) headers[HEADERS.type] = type;
    const payload = Buffer.from(value);
    Object.assign(headers, await this.sign?.({ topic, key, type: type ?? '', messageId, origin, payload }));
    await this.producer?.send({ topic, messages: [{ key, value: payload, headers }] });
  }

  /** Sends one message exactly as given: any key, headers and bytes, as a misbehaving client might. */
  async sendRaw(topic: string, message: Message): Promise<void> {
    await this.producer?.send({ topic, messages: [message] });
  }

  /** Waits for the first message on `topic` with this key that `decode` accepts and `match` likes. */
  waitFor<T>(
    topic: string,
    key: string,
    decode: (v: Buffer) => T,
    match: (m: T) => boolean = () => true,
  ): Promise<T> {
    return eventually(() => {
      for (const m of this.seen) {
        if (m.topic !== topic || m.key !== key) continue;
        const decoded = decode(m.value);
        if (match(decoded)) return decoded;
      }
      return undefined;
    });
  }

  /** Every message now on `topic`, from the first offset to the end, in a consumer group of its own. */
  async readTopic(topic: string): Promise<(Seen & { partition: number; offset: bigint })[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const end = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
    const read: (Seen & { partition: number; offset: bigint })[] = [];
    const reader = this.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 50 });
    await reader.connect();
    await reader.subscribe({ topics: [topic], fromBeginning: true });
    const done = () => [...end].every(([p, high]) => read.filter((m) => m.partition === p).length >= high);
    await reader.run({
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) >= (end.get(partition) ?? 0n)) return;
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        const value = message.value ?? Buffer.alloc(0);
        read.push({
          topic,
          partition,
          offset: BigInt(message.offset),
          key: message.key?.toString(),
          value,
          headers,
        });
      },
    });
    await eventually(() => done() || undefined, 30_000).finally(() => reader.disconnect());
    return read;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
