import { Stack } from '../stack/stack';
import type { ReferenceTargets } from './references';

/**
 * The stack as the transfer benchmarks run it: Postgres and Kafka from DATABASE_URL / KAFKA_BROKERS when
 * set, else local ones; the processes' warnings on the screen; a CPU profile of each with
 * BENCH_CPU_PROF=<dir>. `runBanks: false` registers the banks without running them, for a load
 * generator that plays them itself.
 */
export function benchStack(opts: { hubWorkers: number; partitions: number; runBanks?: boolean }): Stack {
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  return new Stack({
    name: 'bench',
    databaseUrl: process.env.DATABASE_URL || undefined,
    kafkaBrokers: brokers?.length ? brokers : undefined,
    partitions: opts.partitions,
    hubWorkers: opts.hubWorkers,
    runBanks: opts.runBanks,
    logLevel: process.env.LOG_LEVEL,
    echoLogs: true,
    cpuProfileDir: process.env.BENCH_CPU_PROF,
  });
}

/** The processes of the stack by pid, this one included, for the CPU split of each phase. */
export function processGroups(stack: Stack): Map<number, string> {
  const groups = new Map<number, string>([[process.pid, 'bench (load generator)']]);
  for (const hub of stack.hubs) if (hub.service.pid) groups.set(hub.service.pid, hub.label);
  for (const bank of stack.banks) if (bank.service.pid) groups.set(bank.service.pid, `bank ${bank.ispb}`);
  return groups;
}

/** Where each hub and bank serves GET /metrics, for the hop table. */
export const metricsUrls = (stack: Stack): { hub: string[]; banks: string[] } => ({
  hub: stack.hubs.map((h) => h.metricsUrl),
  banks: stack.banks.map((b) => `${b.url}/metrics`),
});

/** The physical references are taken on the stack's own Postgres server and broker, as the hub. */
export const referenceTargets = (stack: Stack): ReferenceTargets => ({
  postgresUrl: stack.serverUrl,
  kafka: {
    kafka: stack.kafkaClient('codepix-bench-reference'),
    topicPrefix: stack.topicPrefix,
    partitions: stack.partitions,
  },
});
