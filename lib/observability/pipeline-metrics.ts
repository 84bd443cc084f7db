import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * Seconds, from a commit on an idle machine (a fraction of a millisecond) to a transfer's deadline:
 * fine where the targets are (5 ms, 100 ms), coarse beyond.
 */
export const SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
/** Messages in one batch: one at a trickle, up to a consumer's whole fetch under load. */
export const COUNT_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

/** The pg Pool under a TypeORM data source: TypeORM keeps it as its driver's `master`. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  connect(callback?: (...args: unknown[]) => void): unknown;
}

/**
 * What every process that relays messages (the hub and each bank) measures of its own pipeline: its
 * consumers, its outbox publisher and its database pool. Histograms, so a scrape gives the spread as
 * well as the mean. One per process and registry: never made at import.
 */
export class PipelineMetrics {
  readonly consumerBatch: Histogram<'group'>;
  /** From the message's Kafka timestamp (when it was produced) to the commit that applied it. */
  readonly consumerMessageAge: Histogram<'group'>;
  readonly consumerVerify: Histogram<'group'>;
  readonly consumerApply: Histogram<'group'>;
  readonly consumerOffsetCommit: Histogram<'group'>;
  /** From the outbox row's insert to the broker's acknowledgement of it. */
  readonly outboxLag: Histogram;
  readonly outboxBatch: Histogram;
  readonly outboxSend: Histogram;
  readonly poolWait: Histogram<'pool'>;
  private readonly pools = new Map<string, PgPool>();

  constructor(readonly registry: Registry) {
    const registers = [registry];
    const seconds = (name: string, help: string) =>
      new Histogram({ name, help, labelNames: ['group'], buckets: SECONDS_BUCKETS, registers });
    this.consumerBatch = new Histogram({
      name: 'codepix_consumer_batch_messages',
      help: 'Messages per batch a consumer applies in one database transaction',
      labelNames: ['group'],
      buckets: COUNT_BUCKETS,
      registers,
    });
    this.consumerMessageAge = seconds(
      'codepix_consumer_message_age_seconds',
      'From a message being produced (its Kafka timestamp) to the commit of the batch that applied it',
    );
    this.consumerVerify = seconds('codepix_consumer_verify_seconds', 'Checking the signatures of one batch');
    this.consumerApply = seconds(
      'codepix_consumer_apply_seconds',
      'Applying one batch: its database transaction, dead letters included, until it commits',
    );
    this.consumerOffsetCommit = seconds(
      'codepix_consumer_offset_commit_seconds',
      "Committing a batch's offsets to Kafka after its database commit",
    );
    this.outboxLag = new Histogram({
      name: 'codepix_outbox_lag_seconds',
      help: 'From a message written to the outbox to the broker acknowledging it',
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.outboxBatch = new Histogram({
      name: 'codepix_outbox_publish_messages',
      help: 'Messages the outbox publisher sends in one round trip to Kafka',
      buckets: COUNT_BUCKETS,
      registers,
    });
    this.outboxSend = new Histogram({
      name: 'codepix_outbox_send_seconds',
      help: 'One send of the outbox publisher, from the request to the acknowledgement of all replicas',
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.poolWait = new Histogram({
      name: 'codepix_db_pool_wait_seconds',
      help: 'Waiting for a connection from the database pool',
      labelNames: ['pool'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    const pools = this.pools;
    new Gauge({
      name: 'codepix_db_pool_connections',
      help: 'Connections of the database pool, by state (idle, busy) and callers waiting for one',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        for (const [pool, p] of pools) {
          this.set({ pool, state: 'idle' }, p.idleCount);
          this.set({ pool, state: 'busy' }, p.totalCount - p.idleCount);
          this.set({ pool, state: 'waiting' }, p.waitingCount);
        }
      },
    });
  }

  /** Times every wait for a connection of this data source's pool, and shows the pool's state. */
  observePool(name: string, dataSource: DataSource): void {
    const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    this.pools.set(name, pool);
    const connect = pool.connect.bind(pool);
    // TypeORM asks with a callback; anything else (a promise) is passed through untimed.
    pool.connect = (callback?: (...args: unknown[]) => void) => {
      if (!callback) return connect();
      const waited = this.poolWait.startTimer({ pool: name });
      return connect((...args: unknown[]) => {
        waited();
        callback(...args);
      });
    };
  }

  /** Messages applied in a commit that has just happened, each by when it was produced. */
  applied(group: string, timestamps: readonly (string | undefined)[]): void {
    const now = Date.now();
    for (const at of timestamps) {
      if (at) this.consumerMessageAge.observe({ group }, (now - Number(at)) / 1000);
    }
  }

  published(writtenAt: readonly Date[]): void {
    const now = Date.now();
    this.outboxBatch.observe(writtenAt.length);
    for (const at of writtenAt) this.outboxLag.observe((now - at.getTime()) / 1000);
  }
}

/** Counts by a label, shown from the start at 0 so an alert rule sees the first increase. */
export function zeroed<T extends string>(counter: Counter<T>, label: T, values: readonly string[]): void {
  for (const value of values) counter.inc({ [label]: value } as Record<T, string>, 0);
}
