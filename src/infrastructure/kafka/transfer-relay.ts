import { type Kafka, Partitioners } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { BankNotice } from '../../application/ports/transfer-unit-of-work';
import type { ExpireTransfers } from '../../application/use-cases/expire-transfers';
import type { Ispb } from '../../domain';
import type { Logger } from '../logger';
import { type DeadMessage, type RunningConsumer, startBatchConsumer } from '../messaging/batch-consumer';
import { appendToOutbox, type OutboxMessage } from '../messaging/outbox';
import { OutboxRelay } from '../messaging/outbox-relay';
import { TypeOrmTransferUnitOfWork } from '../persistence/typeorm-transfer-unit-of-work';
import { encodeBankNotice } from '../proto/transfer-mapping';
import { recordDeadLetters } from './dead-letter';
import { ensureTopics } from './kafka-client-factory';
import { MESSAGE_TYPES, type TopicNames } from './topics';
import {
  type ConsumerDeps,
  handleTransferReplies,
  handleTransferRequests,
  type TransferUseCases,
} from './transfer-consumers';

export interface TransferRelayOptions {
  kafka: Kafka;
  dataSource: DataSource;
  topics: TopicNames;
  partitions: number;
  logger: Logger;
  useCases: TransferUseCases & { expire: ExpireTransfers };
  sweepIntervalMs: number;
}

export interface TransferRelay {
  /** Creates a bank's topic; called when a bank registers. */
  addBankTopic(ispb: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The hub's Kafka door: creates the topics, consumes requests and replies, publishes the outbox and
 * sweeps expired pending transfers. Stateless: any number of hubs may run it side by side.
 */
export async function startTransferRelay(opts: TransferRelayOptions): Promise<TransferRelay> {
  const { kafka, dataSource, topics, logger } = opts;
  const spec = (topic: string) => ({ topic, numPartitions: opts.partitions });
  const banks: { ispb: string }[] = await dataSource.query('SELECT ispb FROM banks');
  await ensureTopics(kafka, [
    spec(topics.transactions),
    spec(topics.confirmations),
    spec(topics.dlq),
    ...banks.map((b) => spec(topics.bank(b.ispb))),
  ]);

  const relay = new OutboxRelay({
    dataSource,
    logger,
    producer: () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    ensureTopics: (list) => ensureTopics(kafka, list.map(spec)),
  });
  await relay.start();

  const toOutbox = (to: Ispb, notice: BankNotice): OutboxMessage => ({
    topic: topics.bank(to.value),
    key: notice.type === 'transfer' ? notice.transaction.id.value : notice.endToEndId,
    type: MESSAGE_TYPES.bankMessage,
    payload: encodeBankNotice(notice),
  });
  const unitOfWork = (manager: EntityManager) => new TypeOrmTransferUnitOfWork(manager, toOutbox);
  const deps: ConsumerDeps = {
    dataSource,
    topics,
    logger,
    useCases: opts.useCases,
    unitOfWork,
    published: () => relay.wake(),
  };
  const deadLetter = async (dead: DeadMessage[]) => {
    if (await recordDeadLetters(dataSource, topics, 'hub', dead)) relay.wake();
  };
  const sweeper = new DeadlineSweeper(opts, unitOfWork, () => relay.wake());
  const consumers: RunningConsumer[] = [
    startBatchConsumer({
      kafka,
      groupId: `${topics.prefix}-hub-transactions`,
      topics: [topics.transactions],
      messageType: MESSAGE_TYPES.transferRequest,
      logger,
      handle: handleTransferRequests(deps),
      deadLetter,
    }),
    startBatchConsumer({
      kafka,
      groupId: `${topics.prefix}-hub-confirmations`,
      topics: [topics.confirmations],
      messageType: MESSAGE_TYPES.transferReply,
      logger,
      handle: handleTransferReplies(deps),
      deadLetter,
    }),
  ];
  sweeper.start();

  return {
    addBankTopic: (ispb) => ensureTopics(kafka, [spec(topics.bank(ispb))]),
    stop: async () => {
      await sweeper.stop();
      // Consumers first: a batch in flight commits (and wakes the relay) before the relay drains.
      await Promise.all(consumers.map((c) => c.stop()));
      await relay.stop();
    },
  };
}

/**
 * Rejects pending transfers past their deadline, a batch at a time. Safe with several hubs: each
 * claims rows with SKIP LOCKED, and a reply being applied to the same transfer holds its row lock.
 */
class DeadlineSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private static readonly BATCH = 500;

  constructor(
    private readonly opts: TransferRelayOptions,
    private readonly unitOfWork: (manager: EntityManager) => TypeOrmTransferUnitOfWork,
    private readonly published: () => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => {
        this.running = undefined;
      });
    }, this.opts.sweepIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      let expired = DeadlineSweeper.BATCH;
      while (expired === DeadlineSweeper.BATCH && !this.stopped) {
        expired = await this.opts.dataSource.transaction(async (manager) => {
          const uow = this.unitOfWork(manager);
          const count = await this.opts.useCases.expire.execute(uow, DeadlineSweeper.BATCH);
          await uow.flush();
          await appendToOutbox(manager, 'hub', uow.outbox);
          return count;
        });
        if (expired > 0) {
          this.opts.logger.info('pending transfers past their deadline rejected', { count: expired });
          this.published();
        }
      }
    } catch (error) {
      this.opts.logger.error('deadline sweep failed; next interval retries', { error: String(error) });
    }
  }
}
