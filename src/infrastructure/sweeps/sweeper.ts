import type { Logger } from '../../../lib/observability/logger';

export interface SweeperOptions {
  /** For the logs, e.g. `deadline sweep`. */
  name: string;
  intervalMs: number;
  batch: number;
  logger: Logger;
  /**
   * One round, in one unit of work of the transaction runner, committed when it returns; returns the
   * rows handled: a full batch means there may be more, so another round follows at once.
   */
  round(batch: number): Promise<number>;
}

/**
 * Runs a periodic job over the hub's rows, a batch per round, one sweep at a time per instance.
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
    const { batch } = this.opts;
    try {
      let handled = batch;
      while (handled === batch && !this.stopped) handled = await this.opts.round(batch);
    } catch (error) {
      this.opts.logger.error(`${this.opts.name} failed; next interval retries`, { error: String(error) });
    }
  }
}
