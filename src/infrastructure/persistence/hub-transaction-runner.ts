import type { DataSource } from 'typeorm';
import { logDeadLetters } from '../../../lib/messaging/dead-letter';
import { MESSAGE_TYPES, type TopicNames } from '../../../lib/messaging/topics';
import { TransactionRunner } from '../../../lib/messaging/transaction-runner';
import type { Logger } from '../../../lib/observability/logger';
import type { HubMetrics } from '../metrics/hub-metrics';
import { encodeBankNotice } from '../proto/transfer-mapping';
import { ReconciliationAlarm } from '../reconciliation-alarm';
import { cacheKey, type DirectoryCache } from './directory-cache';
import type { PrefetchPolicy } from './prefetch-policy';
import type { DirectoryEntry } from './repositories/cached-repositories';
import { TypeOrmClaimUnitOfWork } from './typeorm-claim-unit-of-work';
import { TypeOrmTransferUnitOfWork } from './typeorm-transfer-unit-of-work';

/** The hub's one way to write transfers and settlement accounts: the relay, the sweeps and gRPC alike. */
export type HubTransactionRunner = TransactionRunner<TypeOrmTransferUnitOfWork>;

/**
 * Units of work over transfers and settlement accounts, one transaction each: the relay's group commit
 * already gathers concurrent batches into one work, locked in key order. Once a unit of work commits,
 * the outbox publisher is woken (`wake`, late-bound: the relay starts after the gRPC door may have
 * written) and what it raised, moved and dead-lettered is reported.
 */
export function hubTransactionRunner(opts: {
  dataSource: DataSource;
  topics: TopicNames;
  logger: Logger;
  metrics: HubMetrics;
  /** A unit of work fails on a row it did not prefetch (tests), instead of fetching and counting it. */
  strictPrefetch: boolean;
  wake(): void;
}): HubTransactionRunner {
  const { topics, logger, metrics } = opts;
  const alarm = new ReconciliationAlarm(logger, metrics);
  const prefetch: PrefetchPolicy = {
    strict: opts.strictPrefetch,
    missed: (kind) => metrics.prefetchMisses.inc({ kind }),
  };
  return new TransactionRunner({
    dataSource: opts.dataSource,
    origin: 'hub',
    unitOfWork: (manager) =>
      new TypeOrmTransferUnitOfWork(manager, {
        topics,
        notice: (to, notice) => ({
          topic: topics.bank(to.value),
          key: notice.type === 'transfer' ? notice.transfer.id.value : notice.endToEndId,
          type: MESSAGE_TYPES.bankMessage,
          payload: encodeBankNotice(notice),
        }),
        prefetch,
      }),
    wake: () => opts.wake(),
    committed: (uow) => {
      logDeadLetters(logger, uow.deadLetters);
      alarm.report(uow.raised);
      metrics.moved(uow.moves);
    },
  });
}

/** The hub's one way to write claims and the keys they move. */
export type ClaimTransactionRunner = TransactionRunner<TypeOrmClaimUnitOfWork>;

/**
 * Units of work over claims, one transaction each (a claim step is a gRPC call, never a batch). Once one
 * commits, the outbox publisher is woken for its notices and this instance's directory cache forgets
 * the keys it moved, ahead of the notice every instance gets.
 */
export function claimTransactionRunner(opts: {
  dataSource: DataSource;
  topics: TopicNames;
  cache: DirectoryCache<DirectoryEntry>;
  wake(): void;
}): ClaimTransactionRunner {
  return new TransactionRunner({
    dataSource: opts.dataSource,
    origin: 'hub',
    unitOfWork: (manager) => new TypeOrmClaimUnitOfWork(manager, opts.topics),
    wake: () => opts.wake(),
    committed: (uow) => {
      for (const key of uow.movedKeys) opts.cache.evict(cacheKey.pixKey(key));
    },
  });
}
