import { randomUUID } from 'node:crypto';
import { CompressionTypes, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import {
  type ConsumedMessage,
  type RunningConsumer,
  startBatchConsumer,
} from '../lib/messaging/batch-consumer';
import { byTopic } from '../lib/messaging/outbox-publisher';
import { HEADERS } from '../lib/messaging/topics';
import type { Logger } from '../lib/observability/logger';
import { type MessageSigner, signMessageAsync } from '../lib/security/message-signature';
import { KAFKA_BATCH_BOUNDS } from '../src/domain/limits';

/** A message for the hub, and what to do once the broker has it. */
export interface Outgoing {
  topic: string;
  key: string;
  type: string;
  payload: Uint8Array;
  sent?: () => void;
}

/** Messages per send, as the outbox publisher sends them. */
const BATCH = 1000;
const RETRY_MS = 100;

/**
 * One bank on Kafka and nothing else: its own client (its certificate, with security on), a producer
 * that sends what is queued in batches, signed as the bank's relay signs, one batch in flight at a
 * time; and a consumer of the bank's topic in the bank's group. No database: what it hears is handed
 * to `hear`, whose replies are queued like any other message.
 */
export class BankPlayer {
  private readonly queue: Outgoing[] = [];
  private flushing = false;
  private producer?: Producer;
  private consumer?: RunningConsumer;
  private stopped = false;
  /** Messages sent, and sends the broker refused (each retried until it takes them). */
  readonly counts = { sent: 0, failedSends: 0, unreadable: 0 };

  constructor(
    readonly ispb: string,
    private readonly kafka: Kafka,
    private readonly signer: MessageSigner | undefined,
    private readonly logger: Logger,
  ) {}

  async start(opts: {
    topic: string;
    groupId: string;
    messageType: string;
    hear(m: ConsumedMessage[]): void;
  }) {
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    this.consumer = startBatchConsumer({
      kafka: this.kafka,
      groupId: opts.groupId,
      topics: [opts.topic],
      messageType: opts.messageType,
      logger: this.logger,
      handle: async (messages) => opts.hear(messages),
      // The hub sends nothing a bank cannot read; should it, it is counted, not kept.
      deadLetter: async (dead) => {
        this.counts.unreadable += dead.length;
      },
      bounds: KAFKA_BATCH_BOUNDS,
    });
  }

  /** Queues a message; it leaves with the next batch. */
  send(message: Outgoing): void {
    this.queue.push(message);
    if (!this.flushing) {
      this.flushing = true;
      // On the next turn, so that what the same turn queues leaves in the same batch.
      setImmediate(() => void this.flush());
    }
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.splice(0, BATCH);
      try {
        await this.sendBatch(batch);
        this.counts.sent += batch.length;
        for (const m of batch) m.sent?.();
      } catch (error) {
        this.counts.failedSends++;
        this.logger.warn('bench bank: send failed; retrying', { ispb: this.ispb, error: String(error) });
        this.queue.unshift(...batch);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    this.flushing = false;
  }

  private async sendBatch(batch: Outgoing[]): Promise<void> {
    const messages = await Promise.all(batch.map((m) => this.message(m)));
    await this.producer?.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: byTopic(batch, messages),
    });
  }

  /** With every CodePix header, and signed over them as message-signature.ts says (security on). */
  private async message(m: Outgoing): Promise<Message> {
    const messageId = randomUUID();
    const headers: Record<string, string> = {
      [HEADERS.messageId]: messageId,
      [HEADERS.type]: m.type,
      [HEADERS.origin]: this.ispb,
    };
    const value = Buffer.from(m.payload);
    if (this.signer) {
      const fields = {
        topic: m.topic,
        key: m.key,
        type: m.type,
        messageId,
        origin: this.ispb,
        payload: value,
      };
      headers[HEADERS.signature] = await signMessageAsync(this.signer.privateKey, fields);
      headers[HEADERS.signer] = this.signer.serial;
    }
    return { key: m.key, value, headers };
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    // What is still queued (acks to transfers the run no longer counts) is left unsent.
    this.stopped = true;
    await this.producer?.disconnect();
  }
}
