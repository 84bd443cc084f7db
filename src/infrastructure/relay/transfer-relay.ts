import { type Kafka, Partitioners } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type ConsumedMessage,
  type DeadMessage,
  type RunningConsumer,
  startBatchConsumer,
} from '../../../lib/messaging/batch-consumer';
import { recordDeadLetters } from '../../../lib/messaging/dead-letter';
import { ensureTopics } from '../../../lib/messaging/kafka-client-factory';
import { appendToOutbox, type OutboxMessage } from '../../../lib/messaging/outbox';
import { OutboxPublisher } from '../../../lib/messaging/outbox-publisher';
import { MESSAGE_TYPES, type TopicNames } from '../../../lib/messaging/topics';
import type { Logger } from '../../../lib/observability/logger';
import type { MessageSigner } from '../../../lib/security/message-signature';
import { type SignerLookup, verifyEnvelope } from '../../../lib/security/message-verifier';
import type { BankNotice } from '../../application/ports/transfer-unit-of-work';
import type { ExpireTransfers } from '../../application/use-cases/expire-transfers';
import type { ResendConfirmations } from '../../application/use-cases/resend-confirmations';
import { type Ispb, KAFKA_BATCH_BOUNDS } from '../../domain';
import type { HubMetrics } from '../metrics/hub-metrics';
import type { PrefetchMiss } from '../persistence/prefetch-policy';
import { TypeOrmTransferUnitOfWork } from '../persistence/typeorm-transfer-unit-of-work';
import { encodeBankNotice } from '../proto/transfer-mapping';
import { ReconciliationAlarm } from '../reconciliation-alarm';
import { Sweeper } from '../sweeps/sweeper';
import {
  type ConsumerDeps,
  hubGroupCommit,
  type TransferUseCases,
  transferReplies,
  transferRequests,
} from './transfer-consumers';

export interface TransferRelayOptions {
  kafka: Kafka;
  dataSource: DataSource;
  topics: TopicNames;
  partitions: number;
  logger: Logger;
  useCases: TransferUseCases & { expire: ExpireTransfers; resend: ResendConfirmations };
  /** How often the sweepers look for expired pending transfers and unacknowledged confirmed ones. */
  sweepIntervalMs: number;
  metrics: HubMetrics;
  /** With security on: the hub signs what it sends, and takes only what a registered bank signed. */
  security?: { signer: MessageSigner; signers: SignerLookup };
  /** A unit of work fails on a row it did not prefetch (tests), instead of fetching and counting it. */
  strictPrefetch: boolean;
}

/** Rows per sweep round. */
const SWEEP_ROWS_MAX = 500;

type SweepRoundFn = ConstructorParameters<typeof Sweeper>[0]['round'];

export interface TransferRelay {
  /** Creates a bank's topic; called when a bank registers. */
  addBankTopic(ispb: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The hub's Kafka door: creates the topics, consumes requests and replies, publishes the outbox, sweeps
 * expired pending transfers and reminds debtor banks of confirmed ones they have not acknowledged.
 * Stateless: any number of hubs may run it side by side.
 */
export async function startTransferRelay(opts: TransferRelayOptions): Promise<TransferRelay> {
  const { kafka, dataSource, topics, logger } = opts;
  const spec = (topic: string) => ({ topic, numPartitions: opts.partitions });
  const banks: { ispb: string }[] = await dataSource.query('SELECT ispb FROM banks');
  await ensureTopics(kafka, [
    spec(topics.transfers),
    spec(topics.confirmations),
    spec(topics.dlq),
    ...banks.map((b) => spec(topics.bank(b.ispb))),
  ]);

  const relay = new OutboxPublisher({
    dataSource,
    logger,
    producer: () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    ensureTopics: (list) => ensureTopics(kafka, list.map(spec)),
    signer: opts.security?.signer,
    metrics: opts.metrics.pipeline,
  });
  await relay.start();

  const toOutbox = (to: Ispb, notice: BankNotice): OutboxMessage => ({
    topic: topics.bank(to.value),
    key: notice.type === 'transfer' ? notice.transfer.id.value : notice.endToEndId,
    type: MESSAGE_TYPES.bankMessage,
    payload: encodeBankNotice(notice),
  });
  const prefetch = {
    strict: opts.strictPrefetch,
    missed: (kind: PrefetchMiss) => opts.metrics.prefetchMisses.inc({ kind }),
  };
  const unitOfWork = (manager: EntityManager) => new TypeOrmTransferUnitOfWork(manager, toOutbox, prefetch);
  const alarm = new ReconciliationAlarm(logger, opts.metrics);
  const deps: ConsumerDeps = {
    dataSource,
    topics,
    logger,
    useCases: opts.useCases,
    unitOfWork,
    published: () => relay.wake(),
    alarm,
    metrics: opts.metrics,
  };
  const deadLetter = async (dead: DeadMessage[]) => {
    if (await recordDeadLetters(dataSource, topics, 'hub', dead, logger)) relay.wake();
  };
  const sweep = (name: string, round: SweepRoundFn) =>
    new Sweeper({ name, intervalMs: opts.sweepIntervalMs, batch: SWEEP_ROWS_MAX, dataSource, logger, round });
  /** Runs a use case over a unit of work and writes what it buffered; the caller commits. */
  const inUnitOfWork = async <T>(
    manager: EntityManager,
    work: (uow: TypeOrmTransferUnitOfWork) => Promise<T>,
  ) => {
    const uow = unitOfWork(manager);
    const result = await work(uow);
    await uow.flush();
    await appendToOutbox(manager, 'hub', uow.outbox);
    return { uow, result };
  };
  const sweepers = [
    sweep('deadline sweep', async (manager, batch) => {
      const { uow, result: expired } = await inUnitOfWork(manager, (uow) =>
        opts.useCases.expire.execute(uow, batch),
      );
      return {
        handled: expired,
        committed: () => {
          if (expired === 0) return;
          opts.metrics.moved(uow.moves);
          logger.info('pending transfers past their deadline rejected', { count: expired });
          relay.wake();
        },
      };
    }),
    sweep('ack sweep', async (manager, batch) => {
      const { uow, result } = await inUnitOfWork(manager, (uow) => opts.useCases.resend.execute(uow, batch));
      return {
        handled: result.resent + result.raised,
        committed: () => {
          alarm.report(uow.raised);
          if (result.resent === 0) return;
          logger.warn('confirmed transfers not acknowledged: CONFIRMED sent to their debtor banks again', {
            count: result.resent,
          });
          relay.wake();
        },
      };
    }),
  ];
  const signers = opts.security?.signers;
  const verify = signers && ((message: ConsumedMessage) => verifyEnvelope(message, signers, 'bank'));
  const commits = hubGroupCommit(deps);
  const requestItem = transferRequests(deps);
  const replyItem = transferReplies(deps);
  const consumers: RunningConsumer[] = [
    startBatchConsumer({
      kafka,
      groupId: `${topics.prefix}-hub-transactions`,
      topics: [topics.transfers],
      messageType: MESSAGE_TYPES.transferRequest,
      logger,
      handle: (messages) => commits.submit(messages.map(requestItem)),
      deadLetter,
      verify,
      metrics: opts.metrics.pipeline,
      bounds: KAFKA_BATCH_BOUNDS,
    }),
    startBatchConsumer({
      kafka,
      groupId: `${topics.prefix}-hub-confirmations`,
      topics: [topics.confirmations],
      messageType: MESSAGE_TYPES.transferReply,
      logger,
      handle: (messages) => commits.submit(messages.map(replyItem)),
      deadLetter,
      verify,
      metrics: opts.metrics.pipeline,
      bounds: KAFKA_BATCH_BOUNDS,
    }),
  ];
  for (const sweeper of sweepers) sweeper.start();

  return {
    addBankTopic: (ispb) => ensureTopics(kafka, [spec(topics.bank(ispb))]),
    stop: async () => {
      await Promise.all(sweepers.map((s) => s.stop()));
      // Consumers first: a batch in flight commits (and wakes the relay) before the relay drains.
      await Promise.all(consumers.map((c) => c.stop()));
      await relay.stop();
    },
  };
}
