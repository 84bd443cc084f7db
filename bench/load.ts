import os from 'node:os';

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
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
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
