import { Counter, Histogram, Registry } from 'prom-client';
import { PipelineMetrics, SECONDS_BUCKETS, zeroed } from '../../../lib/observability/pipeline-metrics';
import { ScrapeReads } from '../../../lib/observability/scrape-reads';
import { RECONCILIATION_REASONS, REJECTION_REASONS, type Transfer } from '../../domain';
import type { PrefetchMiss } from '../persistence/prefetch-policy';

const PREFETCH_MISSES: readonly PrefetchMiss[] = ['transfer', 'settlement_account'];

/** A transfer's move to a later state, as a unit of work made it (counted once it commits). */
export interface TransferMove {
  transfer: Transfer;
  to: string;
}

/**
 * The hub's Prometheus metrics, in a registry of its own: one per hub, made when it starts (never at
 * import), so two hubs in one process (tests) count apart. Served on /metrics by the metrics door.
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly pipeline = new PipelineMetrics(this.registry);
  /** The gauges read from the database at scrape time (hub-state-gauges.ts, messaging-gauges.ts). */
  readonly reads = new ScrapeReads(this.registry);

  /** Transfers raised for reconciliation, by reason: each needs a person; any increase is an alert. */
  readonly reconciliationAlerts = new Counter({
    name: 'codepix_reconciliation_alerts_total',
    help: 'Transfers raised for reconciliation, by reason (UNKNOWN_TRANSFER, ACK_OVERDUE)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** Transfers that reached a final state at the hub, by state and (rejected) reason. */
  readonly outcomes = new Counter({
    name: 'codepix_transfers_total',
    help: 'Transfers that reached a final state, by outcome (completed, rejected) and rejection reason',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  /** From the hub accepting a transfer as pending to each later state, by that state. */
  readonly sinceRequest = new Histogram({
    name: 'codepix_transfer_seconds',
    help: 'From a transfer recorded pending at the hub to its move to a later state, by that state',
    labelNames: ['to'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  /**
   * Rows a unit of work read that its batch's prefetch had not locked, by kind: each was locked out of
   * key order, so two hub instances could deadlock on it. Always 0 unless a use case reads more than its
   * message names; the tests fail on any (CODEPIX_STRICT_PREFETCH).
   */
  readonly prefetchMisses = new Counter({
    name: 'codepix_prefetch_misses_total',
    help: 'Rows a unit of work read without having prefetched them (locked out of key order), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    zeroed(this.prefetchMisses, 'kind', PREFETCH_MISSES);
    zeroed(this.reconciliationAlerts, 'reason', RECONCILIATION_REASONS);
    for (const reason of REJECTION_REASONS) this.outcomes.inc({ outcome: 'rejected', reason }, 0);
    this.outcomes.inc({ outcome: 'completed', reason: '' }, 0);
  }

  /** Called after the unit of work that made these moves commits. */
  moved(moves: readonly TransferMove[]): void {
    for (const { transfer, to } of moves) {
      const t = transfer.snapshot;
      this.sinceRequest.observe({ to }, (t.updatedAt.getTime() - t.createdAt.getTime()) / 1000);
      if (to === 'completed') this.outcomes.inc({ outcome: 'completed', reason: '' });
      if (to === 'rejected') this.outcomes.inc({ outcome: 'rejected', reason: t.rejectionReason ?? '' });
    }
  }
}
