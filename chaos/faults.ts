import { sleep } from '../src/infrastructure/local/processes';
import { BANKS, type ChaosStack } from './stack';

/**
 * The faults a run picks from, round-robin in this order (so consecutive faults hit different parts):
 * one hub instance, both hub instances, each bank, the Kafka broker and the Postgres server killed with
 * SIGKILL and restarted on the same port and data; and a bank frozen (SIGSTOP) past the transfer deadline.
 */
export const FAULT_KINDS = [
  'kill-one-hub',
  'kill-bank-11111111',
  'kill-kafka',
  'kill-bank-22222222',
  'kill-postgres',
  'kill-both-hubs',
  'kill-bank-33333333',
  'freeze-bank',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRecord {
  kind: FaultKind;
  /** What was hit: `hub-1`, `bank-22222222`, `kafka`, ... */
  target: string;
  /** Milliseconds since the load started. */
  injectedAtMs: number;
  /** When the part was back (restarted and serving, or thawed). */
  restoredAtMs: number;
  /** When every hub and bank served again. */
  recoveredAtMs: number;
  error?: string;
}

export interface FaultOptions {
  deadlineMs: number;
  random: () => number;
  /** The clock the records are relative to. */
  since: number;
}

const RECOVERY_TIMEOUT_MS = 120_000;

/** Injects one fault, waits until the system serves again, and says what happened when. */
export async function injectFault(
  stack: ChaosStack,
  kind: FaultKind,
  occurrence: number,
  opts: FaultOptions,
): Promise<FaultRecord> {
  const at = () => Date.now() - opts.since;
  /** A crashed process is not restarted at once: a supervisor takes a moment too. */
  const downtime = (min: number, max: number) => Math.round(min + opts.random() * (max - min));
  const record: FaultRecord = { kind, target: '', injectedAtMs: at(), restoredAtMs: 0, recoveredAtMs: 0 };
  try {
    switch (kind) {
      case 'kill-one-hub': {
        const hub = stack.hubs[occurrence % stack.hubs.length];
        record.target = hub.label;
        await hub.restart(downtime(200, 1_500));
        break;
      }
      case 'kill-both-hubs':
        record.target = stack.hubs.map((h) => h.label).join('+');
        await Promise.all(stack.hubs.map((h) => h.kill()));
        await sleep(downtime(200, 1_500));
        await Promise.all(stack.hubs.map((h) => h.restart()));
        break;
      case 'kill-bank-11111111':
      case 'kill-bank-22222222':
      case 'kill-bank-33333333': {
        const bank = stack.bank(kind.slice('kill-bank-'.length));
        record.target = bank.service.label;
        await bank.service.restart(downtime(200, 1_500));
        break;
      }
      case 'kill-kafka':
        record.target = 'kafka';
        await stack.kafka?.restart(downtime(200, 1_500));
        break;
      case 'kill-postgres':
        record.target = 'postgres';
        // Sometimes down past the deadline: expired transfers then wait for the database to be swept.
        await stack.postgres?.restart(downtime(200, opts.deadlineMs + 2_000));
        break;
      case 'freeze-bank': {
        const bank = stack.bank(BANKS[occurrence % BANKS.length].ispb);
        record.target = bank.service.label;
        bank.service.freeze();
        // Past the deadline, so the hub rejects what the frozen bank was asked to confirm.
        await sleep(opts.deadlineMs + 1_500);
        bank.service.thaw();
        break;
      }
    }
    record.restoredAtMs = at();
    await stack.waitHealthy(RECOVERY_TIMEOUT_MS);
  } catch (error) {
    record.error = (error as Error).message;
  }
  record.restoredAtMs ||= at();
  record.recoveredAtMs = at();
  return record;
}
