import { Histogram, Registry } from 'prom-client';
import { PipelineMetrics, SECONDS_BUCKETS } from '../../lib/observability/pipeline-metrics';

/** One bank's Prometheus metrics: its pipeline (consumer, outbox, pool) and its HTTP door. */
export class BankMetrics {
  readonly registry = new Registry();
  readonly pipeline = new PipelineMetrics(this.registry);
  /** From a request's arrival to its answer being written: a send's includes its commit. */
  readonly http = new Histogram({
    name: 'codepix_bank_http_request_seconds',
    help: "The bank's HTTP answers, by method, route and status",
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  constructor(ispb: string) {
    this.registry.setDefaultLabels({ ispb });
  }
}
