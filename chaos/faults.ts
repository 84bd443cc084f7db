import { DEMO_BANKS } from '../cmd/demo-data';
import { sleep } from '../src/infrastructure/local/processes';
import type { ChaosStack } from './stack';

type BankKill = `kill-bank-${string}`;
export type FaultKind =
  | 'kill-one-hub'
  | 'kill-both-hubs'
  | 'kill-kafka'
  | 'kill-postgres'
  | 'freeze-bank'
  | BankKill;

const OTHER_FAULTS: readonly FaultKind[] = [
  'kill-one-hub',
  'kill-kafka',
  'kill-postgres',
  'kill-both-hubs',
  'freeze-bank',
];
const BANK_KILLS = DEMO_BANKS.map((bank): BankKill => `kill-bank-${bank.ispb}`);

/**
 * The faults a run picks from, round-robin in this order: one hub instance, both hub instances, each
 * bank, the Kafka broker and the Postgres server killed with SIGKILL and restarted on the same port and
 * data; and a bank frozen (SIGSTOP) past the transfer deadline. The banks' kills alternate with the
 * other kinds, so consecutive faults hit different parts.
 */
export const FAULT_KINDS: readonly FaultKind[] = Array.from(
  { length: Math.max(OTHER_FAULTS.length, BANK_KILLS.length) },
  (_, i) => [OTHER_FAULTS[i], BANK_KILLS[i]],
)
  .flat()
  .filter((kind): kind is FaultKind => kind !== undefined);

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
        const hub = stack.hubs[occurrence % stack.hubs.length].service;
        record.target = hub.label;
        await hub.restart(downtime(200, 1_500));
        break;
      }
      case 'kill-both-hubs': {
        const hubs = stack.hubs.map((h) => h.service);
        record.target = hubs.map((h) => h.label).join('+');
        await Promise.all(hubs.map((h) => h.kill()));
        await sleep(downtime(200, 1_500));
        await Promise.all(hubs.map((h) => h.restart()));
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
        const bank = stack.banks[occurrence % stack.banks.length];
        record.target = bank.service.label;
        bank.service.freeze();
        // Past the deadline, so the hub rejects what the frozen bank was asked to confirm.
        await sleep(opts.deadlineMs + 1_500);
        bank.service.thaw();
        break;
      }
      default: {
        const bank = stack.bank(kind.slice('kill-bank-'.length));
        record.target = bank.service.label;
        await bank.service.restart(downtime(200, 1_500));
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
