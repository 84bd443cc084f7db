import { parseArgs } from 'node:util';
import { projectRoot } from '../stack/cli-process';
import { FAULT_KINDS, type FaultKind } from './faults';
import { defaultResultFile, failures, formatReport, writeResult } from './report';
import { type ChaosOptions, DEFAULTS, runChaos } from './run';

const USAGE = `usage: npm run chaos -- --transfers N --faults M [options]

  --transfers N       transfers to send (default 1000); every fourth, once completed, is refunded too
  --faults M          faults to inject, round-robin over the kinds (default 8)
  --kinds a,b         only these fault kinds (${FAULT_KINDS.join(', ')})
  --seed S            replay a run's plan of transfers and faults
  --concurrency C     transfers in flight from the load generator (default ${DEFAULTS.concurrency})
  --rate R            at most R new transfers per second (default: spread over the faults)
  --customers K       customers per bank (default ${DEFAULTS.customersPerBank})
  --deadline-ms D     the hub's transfer deadline (default ${DEFAULTS.deadlineMs})
  --log-level L       the hubs' and banks' LOG_LEVEL, logged to files (default ${DEFAULTS.logLevel})
  --drain-timeout-ms  how long to wait for the system to drain after the load (default ${DEFAULTS.drainTimeoutMs})
  --keep              keep the run's home (data and logs) even when it passed
  --out FILE          write the JSON there instead of bench/results/

Prints the figures and writes them to bench/results/chaos-<timestamp>.json; exits 1 when anything was
lost, duplicated, money went missing or an invariant was violated.`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

function options(argv: string[]): ChaosOptions & { out?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      transfers: { type: 'string' },
      faults: { type: 'string' },
      kinds: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      customers: { type: 'string' },
      'deadline-ms': { type: 'string' },
      'log-level': { type: 'string' },
      'drain-timeout-ms': { type: 'string' },
      keep: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const kinds = values.kinds?.split(',').map((k) => k.trim());
  const unknown = kinds?.filter((k) => !FAULT_KINDS.includes(k as FaultKind));
  if (unknown?.length) throw new Error(`unknown fault kinds: ${unknown.join(', ')}`);
  return {
    ...DEFAULTS,
    transfers: positive('transfers', values.transfers, 1000),
    faults: positive('faults', values.faults, 8),
    kinds: kinds as FaultKind[] | undefined,
    seed: positive('seed', values.seed, DEFAULTS.seed),
    concurrency: Math.max(1, positive('concurrency', values.concurrency, DEFAULTS.concurrency)),
    ratePerSecond: values.rate === undefined ? undefined : Math.max(1, positive('rate', values.rate, 1)),
    customersPerBank: Math.max(2, positive('customers', values.customers, DEFAULTS.customersPerBank)),
    deadlineMs: Math.max(1, positive('deadline-ms', values['deadline-ms'], DEFAULTS.deadlineMs)),
    drainTimeoutMs: positive('drain-timeout-ms', values['drain-timeout-ms'], DEFAULTS.drainTimeoutMs),
    logLevel: values['log-level'] ?? DEFAULTS.logLevel,
    out: values.out,
    keepHome: Boolean(values.keep),
    log: (line) => console.error(line),
  };
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const result = await runChaos(opts);
  console.log(formatReport(result));
  console.log(`results: ${writeResult(result, opts.out ?? defaultResultFile(result, projectRoot()))}`);
  process.exitCode = failures(result) > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`chaos run failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
