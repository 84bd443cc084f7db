import { Counter, Gauge, type Registry } from 'prom-client';

/** Longer than an idle read takes by far, well short of a Prometheus scrape timeout (10 s by default). */
const READ_TIMEOUT_MS = 2_000;
const TIMED_OUT = Symbol('timed out');

/** A gauge whose values come from a shared read at scrape time: each sample names its labels. */
export interface ReadGauge<T> {
  name: string;
  help: string;
  labelNames?: readonly string[];
  /** The samples of one read. */
  samples(read: T): Iterable<{ labels?: Record<string, string>; value: number }>;
}

/**
 * Gauges read from the database when Prometheus scrapes, never on the transfer path. prom-client
 * collects every metric of a registry at once, so the gauges of one read share it while it is in
 * flight: one query a scrape, however many gauges it feeds. A read that fails or takes too long leaves
 * those gauges empty (NaN without labels) for that scrape and is counted; the scrape itself still answers, with every other
 * metric, so a slow database does not blank the process's metrics.
 */
export class ScrapeReads {
  private readonly failures: Counter<'read'>;

  constructor(private readonly registry: Registry) {
    this.failures = new Counter({
      name: 'codepix_scrape_read_failures_total',
      help: 'Reads for the scrape-time gauges that failed or took longer than 2 s, by read',
      labelNames: ['read'],
      registers: [registry],
    });
  }

  /** Registers gauges fed by `read`, run at most once at a time whatever the number of gauges. */
  add<T>(name: string, read: () => Promise<T>, gauges: readonly ReadGauge<T>[]): void {
    this.failures.inc({ read: name }, 0);
    // The read itself runs once at a time: one stuck on a dead database is not started again and again.
    let reading: Promise<T> | undefined;
    const once = () =>
      (reading ??= read().finally(() => {
        reading = undefined;
      }));
    // The gauges of one scrape share one wait for it, so a failure counts once.
    let waiting: Promise<T | undefined> | undefined;
    const shared = () =>
      (waiting ??= this.within(name, once()).finally(() => {
        waiting = undefined;
      }));
    for (const spec of gauges) {
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: spec.labelNames ?? [],
        registers: [this.registry],
        // Every hub worker reads the same database: a cluster's scrape shows the value once, not summed.
        aggregator: 'first',
        async collect() {
          const result = await shared();
          this.reset();
          if (result === undefined) {
            // A gauge without labels cannot be absent in prom-client: NaN says unknown, where 0 would lie.
            if (!spec.labelNames?.length) this.set(Number.NaN);
            return;
          }
          for (const { labels = {}, value } of spec.samples(result)) this.set(labels, value);
        },
      });
    }
  }

  private async within<T>(name: string, read: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), READ_TIMEOUT_MS);
    });
    try {
      const result = await Promise.race([read, late]);
      if (result !== TIMED_OUT) return result;
    } catch {
      // Counted below, like a timeout: the gauges stay empty for this scrape.
    } finally {
      clearTimeout(timer);
    }
    this.failures.inc({ read: name });
    return undefined;
  }
}
