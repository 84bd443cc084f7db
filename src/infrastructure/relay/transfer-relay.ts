import { type Kafka, Partitioners } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  type ConsumedMessage,
  type DeadMessage,
  type RunningConsumer,
  startBatchConsumer,
} from '../../../lib/messaging/batch-consumer';
import { recordDeadLetters } from '../../../lib/messaging/dead-letter';
import { ensureTopics } from '../../../lib/messaging/kafka-client-factory';
import { OutboxPublisher } from '../../../lib/messaging/outbox-publisher';
import { MESSAGE_TYPES, type TopicNames } from '../../../lib/messaging/topics';
import type { Logger } from '../../../lib/observability/logger';
import type { MessageSigner } from '../../../lib/security/message-signature';
import { type SignerLookup, verifyEnvelope } from '../../../lib/security/message-verifier';
import type { ChargeTariffs } from '../../application/use-cases/charge-tariffs';
import type { ExpireTransfers } from '../../application/use-cases/expire-transfers';
import type { ResendConfirmations } from '../../application/use-cases/resend-confirmations';
import { KAFKA_BATCH_BOUNDS } from '../../domain';
import type { HubMetrics } from '../metrics/hub-metrics';
import type { HubTransactionRunner } from '../persistence/hub-transaction-runner';
import { Sweeper } from '../sweeps/sweeper';
import {
  type ConsumerDeps,
  hubGroupCommit,
  type TransferUseCases,
  transferReplies,
  transferRequests,
} from './transfer-consumers';

/** What the relay runs: the consumers' use cases and the sweeps'. */
export type RelayUseCases = TransferUseCases & {
  expire: ExpireTransfers;
  resend: ResendConfirmations;
  chargeTariffs: ChargeTariffs;
};

export interface TransferRelayOptions {
  kafka: Kafka;
  dataSource: DataSource;
  topics: TopicNames;
  partitions: number;
  logger: Logger;
  useCases: RelayUseCases;
  /** How often the sweepers look for expired pending transfers and unacknowledged confirmed ones. */
  sweepIntervalMs: number;
  metrics: HubMetrics;
  /** Runs every unit of work over transfers and settlement accounts; it wakes this relay's publisher. */
  runner: HubTransactionRunner;
  /** With security on: the hub signs what it sends, and takes only what a registered bank signed. */
  security?: { signer: MessageSigner; signers: SignerLookup };
}

/** Rows per sweep round. */
const SWEEP_ROWS_MAX = 500;

export interface TransferRelay {
  /** Wakes the outbox publisher: called after a commit that wrote to the outbox. */
  wake(): void;
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

  const publisher = new OutboxPublisher({
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
  await publisher.start();

  const { runner } = opts;
  const deps: ConsumerDeps = { logger, useCases: opts.useCases };
  const deadLetter = async (dead: DeadMessage[]) => {
    if (await recordDeadLetters(dataSource, topics, 'hub', dead, logger)) publisher.wake();
  };
  const sweep = (name: string, round: (batch: number) => Promise<number>) =>
    new Sweeper({ name, intervalMs: opts.sweepIntervalMs, batch: SWEEP_ROWS_MAX, logger, round });
  const sweepers = [
    sweep('deadline sweep', async (batch) => {
      const expired = await runner.run((uow) => opts.useCases.expire.execute(uow, batch));
      if (expired > 0) logger.info('pending transfers past their deadline rejected', { count: expired });
      return expired;
    }),
    sweep('ack sweep', async (batch) => {
      const result = await runner.run((uow) => opts.useCases.resend.execute(uow, batch));
      if (result.resent > 0) {
        logger.warn('confirmed transfers not acknowledged: CONFIRMED sent to their debtor banks again', {
          count: result.resent,
        });
      }
      return result.resent + result.raised;
    }),
    sweep('tariff sweep', async (batch) => {
      const { charged, unpaid } = await runner.run((uow) => opts.useCases.chargeTariffs.execute(uow, batch));
      if (charged > 0) logger.info('the tariffs of days gone by charged', { count: charged });
      if (unpaid.length > 0)
        logger.warn('settlement accounts could not pay their tariffs; they stay due', { banks: unpaid });
      return charged;
    }),
  ];
  const signers = opts.security?.signers;
  const verify = signers && ((message: ConsumedMessage) => verifyEnvelope(message, signers, 'bank'));
  const commits = hubGroupCommit(runner, logger);
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
    wake: () => publisher.wake(),
    addBankTopic: (ispb) => ensureTopics(kafka, [spec(topics.bank(ispb))]),
    stop: async () => {
      await Promise.all(sweepers.map((s) => s.stop()));
      // Consumers first: a batch in flight commits (and wakes the publisher) before the publisher drains.
      await Promise.all(consumers.map((c) => c.stop()));
      await publisher.stop();
    },
  };
}
