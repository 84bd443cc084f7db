import type { Logger } from '../../../lib/observability/logger';
import type { ConsoleQueries, TransferChange } from './console-queries';
import { type Summary, SummaryWindow } from './summary-window';

/** How often the loop asks for new state changes: the feed's delay, and one indexed query each time. */
const POLL_MS = 300;
/** State changes per query; a full batch is followed at once by the next. */
const BATCH_ROWS = 2_000;
/** How far back the loop starts when it starts: enough to fill the last minute's figures at light load. */
const PRIME_ROWS = 2_000;
/**
 * A transition id can commit after a higher one (two transactions drew from the sequence in one order
 * and committed in the other), so an id skipped over is asked for again for this long; one still
 * missing then belonged to a transaction that rolled back.
 */
const GAP_WAIT_MS = 10_000;
/** A bound on the ids asked for again, should a flood of rollbacks leave many holes. */
const GAPS_MAX = 5_000;
/** What a reconnecting client is sent at most of what it missed: the newest, since the feed shows those. */
export const CATCH_UP_ROWS_MAX = 500;

const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

export interface FeedListener {
  change(change: TransferChange): void;
  summary(summary: Summary): void;
}

/**
 * One loop for every console client: it reads the hub's new transfer state changes (by transition id,
 * the table's own sequence) every POLL_MS and hands each to every listener, and once a second the
 * throughput and latency summary. It runs only while someone listens, so an unwatched hub pays nothing.
 */
export class TransferFeed {
  private readonly listeners = new Set<FeedListener>();
  private readonly window: SummaryWindow;
  private seq = 0;
  /** Ids skipped over, by when they were first missed. */
  private readonly gaps = new Map<number, number>();
  private active = false;
  /** Which start the loop belongs to: a loop of an earlier start ends at its next step. */
  private generation = 0;
  private running?: Promise<void>;
  /** Settles once the loop knows where it starts (or has stopped). */
  private primed: Promise<void> = Promise.resolve();
  private release = () => {};
  private ticker?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly queries: ConsoleQueries,
    private readonly logger: Logger,
    /** The hub's clock (its drill offset included): state changes are stamped by it. */
    now: () => number = Date.now,
  ) {
    this.window = new SummaryWindow(now);
  }

  /** The summaries of the last minute, oldest first, for a new client's charts. */
  get summaries(): readonly Summary[] {
    return this.window.recent;
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    if (!this.active) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  /** What a client that last saw `after` missed, up to what the loop has handed out, oldest first. */
  async since(after: number): Promise<TransferChange[]> {
    await this.primed;
    const missed = await this.queries.changesAfter(after, CATCH_UP_ROWS_MAX, [], { newest: true });
    return missed.filter((c) => c.seq <= this.seq);
  }

  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    this.generation++;
    clearInterval(this.ticker);
    this.release();
    await this.running;
  }

  private start(): void {
    this.active = true;
    const run = ++this.generation;
    this.window.clear();
    this.gaps.clear();
    this.ticker = setInterval(() => this.emit(this.window.tick()), 1_000);
    this.primed = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    this.running = (async () => {
      while (this.generation === run && !(await this.read(() => this.prime()))) await pause();
      this.release();
      while (this.generation === run) if (!(await this.read(() => this.poll()))) await pause();
    })();
  }

  /** The last minute's figures from what came just before: counted, not handed to anyone as new. */
  private async prime(): Promise<boolean> {
    const run = this.generation;
    const last = await this.queries.lastSeq();
    const before = await this.queries.changesAfter(Math.max(0, last - PRIME_ROWS), PRIME_ROWS);
    if (run !== this.generation) return false;
    for (const change of before) this.window.record(change);
    this.seq = Math.max(last, before.at(-1)?.seq ?? 0);
    return true;
  }

  /** One step of the loop; false when it failed or has nothing more to read at once. */
  private async read(step: () => Promise<boolean>): Promise<boolean> {
    try {
      const more = await step();
      if (this.failing) this.logger.info('console feed reads the database again');
      this.failing = false;
      return more;
    } catch (error) {
      if (!this.failing) this.logger.warn('console feed cannot read the database', { error: String(error) });
      this.failing = true;
      return false;
    }
  }

  /** One read of new state changes; true when it was a full batch (more are waiting). */
  private async poll(): Promise<boolean> {
    const run = this.generation;
    const changes = await this.queries.changesAfter(this.seq, BATCH_ROWS, [...this.gaps.keys()]);
    // Stopped (and maybe started again) while it read: what it read belongs to nobody now.
    if (run !== this.generation) return false;
    const at = Date.now();
    for (const change of changes) {
      if (this.gaps.delete(change.seq)) {
        this.hand(change);
        continue;
      }
      if (change.seq <= this.seq) continue;
      for (let missing = this.seq + 1; missing < change.seq && this.gaps.size < GAPS_MAX; missing++) {
        this.gaps.set(missing, at);
      }
      this.seq = change.seq;
      this.hand(change);
    }
    for (const [missing, since] of this.gaps) if (at - since > GAP_WAIT_MS) this.gaps.delete(missing);
    return changes.length === BATCH_ROWS;
  }

  private hand(change: TransferChange): void {
    this.window.record(change);
    for (const listener of this.listeners) listener.change(change);
  }

  private emit(summary: Summary): void {
    for (const listener of this.listeners) listener.summary(summary);
  }
}
