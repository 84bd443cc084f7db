import { Counter, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { addMessagingGauges } from '../../lib/messaging/messaging-gauges';
import { PipelineMetrics, SECONDS_BUCKETS } from '../../lib/observability/pipeline-metrics';
import { ScrapeReads } from '../../lib/observability/scrape-reads';
import type { BankTransfer, TransferDirection, TransferStatus } from '../domain';

const DIRECTIONS: readonly TransferDirection[] = ['outgoing', 'incoming'];
const STATUSES: readonly TransferStatus[] = ['pending', 'confirmed', 'completed', 'rejected'];

/** Served by the partial index ix_transfers_pending. */
const PENDING_SQL = `SELECT direction, count(*)::float8 AS n FROM transfers WHERE status = 'pending' GROUP BY direction`;

/** One bank's Prometheus metrics: its pipeline (consumer, outbox, pool), its transfers and its HTTP door. */
export class BankMetrics {
  readonly registry = new Registry();
  readonly pipeline = new PipelineMetrics(this.registry);
  private readonly reads = new ScrapeReads(this.registry);
  /** From a request's arrival to its answer being written: a send's includes its commit. */
  readonly http = new Histogram({
    name: 'codepix_bank_http_request_seconds',
    help: "The bank's HTTP answers, by method, route and status",
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });
  /** Each status a transfer record took here, counted once its unit of work committed. */
  private readonly transfers = new Counter({
    name: 'codepix_bank_transfers_total',
    help: 'Transfer records the bank wrote, by direction and status: pending when sent or received, then the final one',
    labelNames: ['direction', 'status'] as const,
    registers: [this.registry],
  });

  constructor(ispb: string) {
    this.registry.setDefaultLabels({ ispb });
    for (const direction of DIRECTIONS) {
      for (const status of STATUSES) this.transfers.inc({ direction, status }, 0);
    }
  }

  /** The gauges read from the bank's database at scrape time: its outbox, dead letters, pending transfers. */
  observeDatabase(dataSource: DataSource): void {
    addMessagingGauges(this.reads, dataSource);
    const read = () =>
      dataSource.query(PENDING_SQL) as Promise<{ direction: TransferDirection; n: number }[]>;
    this.reads.add('bank_transfers', read, [
      {
        name: 'codepix_bank_transfers_pending',
        help: 'Transfer records waiting for the final word, by direction',
        labelNames: ['direction'],
        samples: (rows) =>
          DIRECTIONS.map((direction) => ({
            labels: { direction },
            value: rows.find((r) => r.direction === direction)?.n ?? 0,
          })),
      },
    ]);
  }

  /** Transfer records a committed unit of work wrote: new ones and status changes alike. */
  written(records: readonly BankTransfer[]): void {
    for (const t of records) this.transfers.inc({ direction: t.direction, status: t.status });
  }
}
