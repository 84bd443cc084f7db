import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../../../lib/observability/logger';

/** One round of a sweep, done in one database transaction. */
export interface SweepRound {
  /** Rows handled; a full batch means there may be more, so another round follows at once. */
  handled: number;
  /** What to do once the round's transaction has committed (wake the relay, report). */
  committed(): void;
}

export interface SweeperOptions {
  /** For the logs, e.g. `deadline sweep`. */
  name: string;
  intervalMs: number;
  batch: number;
  dataSource: DataSource;
  logger: Logger;
  round(manager: EntityManager, batch: number): Promise<SweepRound>;
}

/**
 * Runs a periodic job over the hub's rows, a batch per transaction, one sweep at a time per instance.
 * Safe with several hubs when each round claims its rows with SKIP LOCKED. A failed sweep is logged and
 * the next interval tries again: nothing it did in the failed round was committed.
 */
export class Sweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly opts: SweeperOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => {
        this.running = undefined;
      });
    }, this.opts.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    const { batch, dataSource } = this.opts;
    try {
      let handled = batch;
      while (handled === batch && !this.stopped) {
        const round = await dataSource.transaction((manager) => this.opts.round(manager, batch));
        round.committed();
        handled = round.handled;
      }
    } catch (error) {
      this.opts.logger.error(`${this.opts.name} failed; next interval retries`, { error: String(error) });
    }
  }
}
