import { Stack } from '../stack/stack';

/** The stack a fault run attacks: the one harness, configured to be killed. */
export type ChaosStack = Stack;

export interface ChaosStackOptions {
  /** How long a creditor bank has to confirm; short, so freezing a bank past it is quick. */
  deadlineMs: number;
  sweepIntervalMs: number;
  partitions: number;
  /** The hubs' and banks' LOG_LEVEL; their logs go to files under the run's home. */
  logLevel: string;
}

/**
 * Postgres and a Kafka broker of its own (never given ones: it kills them), two hub instances sharing
 * one database, and the demo banks, every process supervised: one that dies unasked is recorded and
 * started again, as in production. The home is kept at stop: a failed run's logs are its evidence.
 */
export function chaosStack(opts: ChaosStackOptions): ChaosStack {
  return new Stack({
    name: 'chaos',
    hubs: 2,
    partitions: opts.partitions,
    env: {
      TRANSFER_DEADLINE_MS: String(opts.deadlineMs),
      TRANSFER_SWEEP_INTERVAL_MS: String(opts.sweepIntervalMs),
    },
    logLevel: opts.logLevel,
    supervise: true,
    keepHome: true,
  });
}
