import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  type ConsumedMessage,
  type RunningConsumer,
  startBatchConsumer,
} from '../../lib/messaging/batch-consumer';
import { recordDeadLetters } from '../../lib/messaging/dead-letter';
import { MESSAGE_TYPES, type TopicNames } from '../../lib/messaging/topics';
import type { Logger } from '../../lib/observability/logger';
import type { PipelineMetrics } from '../../lib/observability/pipeline-metrics';
import type { Verdict } from '../../lib/security/message-verifier';
import { KAFKA_BATCH_BOUNDS } from '../../src/domain';
import type { ApplyBankMessages } from '../application/apply-bank-messages';
import { decodeInbound } from './proto-mapping';

/**
 * Consumes codepix.bank.<ISPB>: one partition's batch is decoded and applied in one transaction with
 * the inbox; the offsets are committed only after it commits (startBatchConsumer).
 * The group is `<prefix>-bank-<ISPB>` (topics.bankGroup), the one group the bank's ACLs let it join.
 */
export function startBankConsumer(opts: {
  kafka: Kafka;
  ispb: string;
  topics: TopicNames;
  applyMessages: ApplyBankMessages;
  /** For dead letters written on their own, outside a batch. */
  dataSource: DataSource;
  /** Called after dead letters were written to the outbox. */
  published(): void;
  logger: Logger;
  /** Checks the hub's signature on every message (security on). */
  verify?: (message: ConsumedMessage) => Promise<Verdict>;
  metrics?: PipelineMetrics;
}): RunningConsumer {
  const { logger } = opts;
  return startBatchConsumer({
    kafka: opts.kafka,
    groupId: opts.topics.bankGroup(opts.ispb),
    topics: [opts.topics.bank(opts.ispb)],
    messageType: MESSAGE_TYPES.bankMessage,
    logger,
    handle: async (messages) => {
      const report = await opts.applyMessages.execute(messages.map(decodeInbound));
      for (const { level, message, ...fields } of report.notices) logger[level](message, fields);
      logger.debug('bank messages applied', { received: messages.length, applied: report.applied });
    },
    deadLetter: async (dead) => {
      if (await recordDeadLetters(opts.dataSource, opts.topics, opts.ispb, dead)) opts.published();
    },
    verify: opts.verify,
    metrics: opts.metrics,
    bounds: KAFKA_BATCH_BOUNDS,
  });
}
