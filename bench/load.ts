import os from 'node:os';
import { type Figures, type Progress, showProgress, type Tracked } from '../cmd/progress';

/** Off a terminal, a load phase's progress line this often (a bar on a terminal keeps itself current). */
const PLAIN_EVERY_MS = 5_000;

/** How far a load phase is: a bar on a terminal (stderr), else a line through `log` every 5 s. */
export const phaseProgress = (log: (line: string) => void, ...tracked: Tracked[]): Progress =>
  showProgress(tracked, { write: log, plainEveryMs: PLAIN_EVERY_MS });

/** A phase `seconds` long from `start`, as progress: seconds gone of its seconds, and `figures`. */
export const phaseWindow = (start: number, seconds: number, figures: () => Figures): Tracked => ({
  label: 'load',
  total: seconds,
  unit: 's',
  read: () => ({ value: Math.min(seconds, (Date.now() - start) / 1000), figures: figures() }),
});

/** `count` per second since `start`, whole: a figure for progress, not a result. */
export const perSecondSince = (count: number, start: number) =>
  Math.round(count / Math.max(0.001, (Date.now() - start) / 1000));

export interface LoadResult {
  completed: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Keeps `concurrency` requests in flight (closed loop) for `durationMs`, or until `total` requests have
 * been issued, and records each latency.
 */
export async function closedLoop(opts: {
  concurrency: number;
  durationMs: number;
  total?: number;
  request: (i: number) => Promise<unknown>;
  /** Shows the loop's progress (phaseProgress) through this; none without it. */
  log?: (line: string) => void;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(opts.durationMs) * 1_000_000n;
  const worker = async () => {
    while (process.hrtime.bigint() < end && issued < (opts.total ?? Number.POSITIVE_INFINITY)) {
      const t0 = process.hrtime.bigint();
      try {
        await opts.request(issued++);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch {
        errors++;
      }
    }
  };
  const began = Date.now();
  const figures = () => ({ 'answered/s': perSecondSince(latencies.length, began), errors });
  const progress =
    opts.log &&
    phaseProgress(
      opts.log,
      opts.total === undefined
        ? phaseWindow(began, opts.durationMs / 1000, figures)
        : {
            label: 'load',
            total: opts.total,
            unit: 'sent',
            read: () => ({ value: issued, figures: figures() }),
          },
    );
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    progress?.stop();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
