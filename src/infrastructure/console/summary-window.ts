import type { TransferChange } from './console-queries';

/** What the charts draw, once a second. */
export interface Summary {
  /** The start of the second the rates are of. */
  at: string;
  completedPerSecond: number;
  rejectedPerSecond: number;
  /** From creation to completion, over the completed transfers of the last minute; null with none. */
  latencyMs: { p50: number | null; p99: number | null };
  lastMinute: { completed: number; rejected: number };
}

const MINUTE_MS = 60_000;
/**
 * The rates are of the second before last: a state change is read up to a poll (and a late commit)
 * after its time, so the last second is not whole yet.
 */
const SETTLE_MS = 1_000;

interface Ended {
  at: number;
  completed: boolean;
  latencyMs: number;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

/** The last minute of ended transfers, and the last minute of summaries made from it. */
export class SummaryWindow {
  private ended: Ended[] = [];
  private made: Summary[] = [];

  constructor(private readonly now: () => number) {}

  get recent(): readonly Summary[] {
    return this.made;
  }

  clear(): void {
    this.ended = [];
    this.made = [];
  }

  record(change: TransferChange): void {
    if (change.to !== 'completed' && change.to !== 'rejected') return;
    const at = Date.parse(change.at);
    if (at < this.now() - MINUTE_MS) return;
    this.ended.push({
      at,
      completed: change.to === 'completed',
      latencyMs: at - Date.parse(change.transfer.createdAt),
    });
  }

  tick(): Summary {
    const now = this.now();
    this.ended = this.ended.filter((e) => e.at >= now - MINUTE_MS);
    const secondEnd = Math.floor((now - SETTLE_MS) / 1000) * 1000;
    const inSecond = this.ended.filter((e) => e.at >= secondEnd - 1000 && e.at < secondEnd);
    const completed = this.ended.filter((e) => e.completed);
    const latencies = completed.map((e) => e.latencyMs).sort((a, b) => a - b);
    const summary: Summary = {
      at: new Date(secondEnd - 1000).toISOString(),
      completedPerSecond: inSecond.filter((e) => e.completed).length,
      rejectedPerSecond: inSecond.filter((e) => !e.completed).length,
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
      lastMinute: { completed: completed.length, rejected: this.ended.length - completed.length },
    };
    this.made = [...this.made.slice(-59), summary];
    return summary;
  }
}
