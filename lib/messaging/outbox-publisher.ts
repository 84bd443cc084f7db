import { CompressionTypes, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from '../observability/logger';
import type { PipelineMetrics } from '../observability/pipeline-metrics';
import { isTransientDatabaseError } from '../persistence/pg-errors';
import { type MessageSigner, signMessageAsync } from '../security/message-signature';
import { HEADERS } from './topics';

export interface OutboxPublisherOptions {
  dataSource: DataSource;
  /**
   * Makes an idempotent producer (createKafka(...).producer({ idempotent: true })), connected by the
   * publisher; called again for a fresh one when sends keep failing (a restarted broker may no longer know
   * the old producer id).
   */
  producer: () => Producer;
  logger: Logger;
  /** Rows published per round trip to Kafka. */
  batchSize?: number;
  /** How often to look for rows written by others (crashed instances, other processes). */
  pollMs?: number;
  /** Creates topics a failed send may have been missing (a bank's topic made after its first message). */
  ensureTopics?: (topics: string[]) => Promise<void>;
  /** Signs every message as it leaves (security on); absent, messages leave unsigned. */
  signer?: MessageSigner;
  metrics?: PipelineMetrics;
}

/** The advisory lock the publisher holds for the length of its batch's transaction. */
const PUBLISHER_LOCK = 0x636f_6465_7069_78n.toString();

/** Consecutive failed rounds after which the producer is replaced by a fresh one. */
const RENEW_PRODUCER_AFTER = 5;

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  payload: Buffer;
  created_at: Date;
}

/**
 * Publishes the outbox to Kafka: takes the publisher lock (one publisher at a time, so messages leave in
 * the order they were written), claims the oldest rows, sends them with acks from all in-sync replicas,
 * and deletes them in the same transaction. A crash between the send
 * and the commit re-sends the rows later: delivery is at least once, and every consumer has an inbox.
 */
/** The longest wait between rounds while the broker or the database keeps failing. */
const BACKOFF_MS_MAX = 5_000;

export class OutboxPublisher {
  private running = false;
  private wakeUp?: () => void;
  private pending = false;
  private loop?: Promise<void>;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private lastTopics: string[] = [];
  private producer: Producer;

  constructor(private readonly opts: OutboxPublisherOptions) {
    this.batchSize = opts.batchSize ?? 1000;
    this.pollMs = opts.pollMs ?? 100;
    this.producer = opts.producer();
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a unit of work that wrote to the outbox commits: publish now, not at the next poll. */
  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  /** Publishes what is left (best effort), then disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.publishAll().catch((error) =>
      this.opts.logger.warn('outbox not flushed', { error: String(error) }),
    );
    await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pending = false;
      try {
        await this.publishAll();
        failures = 0;
      } catch (error) {
        failures++;
        const level = isTransientDatabaseError(error) ? 'warn' : 'error';
        this.opts.logger[level]('outbox publisher failed; retrying', { error: String(error), failures });
        await this.opts.ensureTopics?.(this.lastTopics).catch(() => undefined);
        if (failures % RENEW_PRODUCER_AFTER === 0) await this.renewProducer();
      }
      if (!this.running) break;
      if (this.pending && failures === 0) continue;
      const delay = failures === 0 ? this.pollMs : Math.min(BACKOFF_MS_MAX, 100 * 2 ** failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async renewProducer(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    this.producer = this.opts.producer();
    await this.producer
      .connect()
      .catch((error) => this.opts.logger.warn('producer not connected yet', { error: String(error) }));
  }

  private async publishAll(): Promise<void> {
    while ((await this.publishBatch()) === this.batchSize) {}
  }

  /**
   * A row as it goes to Kafka. Signed here, as it leaves, rather than when written: the transactions
   * that write the outbox hold transfer and settlement-account locks, which signing would lengthen. A
   * row sent again after a crash is signed again; the receiver's inbox applies it once either way.
   */
  private async sign(row: OutboxRow): Promise<Message> {
    const { signer } = this.opts;
    const message = { key: row.key, value: row.payload, headers: row.headers };
    if (!signer) return message;
    const signature = await signMessageAsync(signer.privateKey, {
      topic: row.topic,
      key: row.key,
      type: row.headers[HEADERS.type] ?? '',
      messageId: row.headers[HEADERS.messageId] ?? '',
      origin: row.headers[HEADERS.origin] ?? '',
      payload: row.payload,
    });
    return {
      ...message,
      headers: { ...row.headers, [HEADERS.signature]: signature, [HEADERS.signer]: signer.serial },
    };
  }

  /** One claimed batch: returns how many rows it published (0 too when another publisher is sending). */
  private async publishBatch(): Promise<number> {
    return this.opts.dataSource.transaction(async (manager) => {
      // One publisher sends at a time, per database: publishers claiming side by side would let a later
      // message of a transfer overtake an earlier one held by a slower publisher. The lock is taken in the
      // claiming statement itself, to spare a round trip: a one-time filter, so a publisher without it claims
      // nothing and reads no row.
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, key, headers, payload, created_at FROM outbox
         WHERE (SELECT pg_try_advisory_xact_lock($2)) ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize, PUBLISHER_LOCK],
      );
      if (rows.length === 0) return 0;
      const messages = await Promise.all(rows.map((row) => this.sign(row)));
      const topicMessages = byTopic(rows, messages);
      this.lastTopics = topicMessages.map((t) => t.topic);
      const sent = this.opts.metrics?.outboxSend.startTimer();
      await this.producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages });
      sent?.();
      this.opts.metrics?.published(rows.map((r) => r.created_at));
      await manager.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}

/** Messages grouped by the topic each goes to (`messages[i]` to `of[i].topic`), in order: one send for them all. */
export function byTopic(of: readonly { topic: string }[], messages: readonly Message[]): TopicMessages[] {
  const grouped = new Map<string, Message[]>();
  for (const [i, { topic }] of of.entries()) {
    const list = grouped.get(topic) ?? [];
    list.push(messages[i] as Message);
    grouped.set(topic, list);
  }
  return [...grouped].map(([topic, list]) => ({ topic, messages: list }));
}
